import { buildAwardsAndPromotion } from './awards-and-promotion';
import { readWorkbook, rowTexts, sheetOf } from './test-fixtures';

const input = {
  subdistrict: '城东街道',
  year: 2026,
  nominations: [
    { type: '先进集体', name: '城东派出所', station: '城东派出所', reason: '年度考核总分96.5分，排名第一' },
    { type: '先进集体', name: '城东市场监督管理所', station: '城东市场监督管理所', reason: '年度考核总分91.5分，排名第二' },
    { type: '先进个人', name: '王建国', station: '城东派出所', reason: '所长，牵头完成“五水共治”专项整治，工单按期办结率100%' },
  ],
  recommendations: [
    { department: '定海区公安分局', person: '王建国', station: '城东派出所', kind: '重点培养', reason: '连续两年考核优秀，群众满意度高' },
    { department: '定海区综合行政执法局', station: '城东综合行政执法中队', kind: '人事任免建议', reason: '年度考核不合格，建议调整负责人' },
  ],
};

describe('buildAwardsAndPromotion (评优推荐名单、晋升建议名单)', () => {
  it('writes the nominations sheet', async () => {
    const wb = await readWorkbook(await buildAwardsAndPromotion(input));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['评优推荐名单', '晋升建议名单']);
    const ws = sheetOf(wb, '评优推荐名单');
    expect(ws.getCell('A1').value).toBe('城东街道派驻机构考核评优推荐名单（2026年度）');
    expect(rowTexts(ws, 3, 5)).toEqual(['序号', '推荐类别', '推荐对象', '所在派驻机构', '推荐理由']);
    expect(rowTexts(ws, 4, 5)).toEqual(['1', '先进集体', '城东派出所', '城东派出所', '年度考核总分96.5分，排名第一']);
    expect(rowTexts(ws, 6, 3)).toEqual(['3', '先进个人', '王建国']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
  });

  it('writes the promotion sheet, leaving the person blank for a proposal about a station', async () => {
    const ws = sheetOf(await readWorkbook(await buildAwardsAndPromotion(input)), '晋升建议名单');
    expect(ws.getCell('A1').value).toBe('城东街道派驻机构考核晋升建议名单（2026年度）');
    expect(ws.getCell('A2').value).toBe('由城东街道党工委向派驻机构上级主管部门提出。');
    expect(rowTexts(ws, 3, 6)).toEqual(['序号', '建议类别', '派驻机构', '人员', '上级主管部门', '建议理由']);
    expect(rowTexts(ws, 4, 6)).toEqual(['1', '重点培养', '城东派出所', '王建国', '定海区公安分局', '连续两年考核优秀，群众满意度高']);
    expect(rowTexts(ws, 5, 6)).toEqual(['2', '人事任免建议', '城东综合行政执法中队', '', '定海区综合行政执法局', '年度考核不合格，建议调整负责人']);
    expect(ws.getCell('D5').border.left?.style).toBe('thin');
  });
});
