import { buildNotSubmittedList } from './not-submitted-list';
import { readWorkbook, rowTexts, sheetOf } from './test-fixtures';

describe('buildNotSubmittedList (未提交自评名单)', () => {
  it('lists the stations that have not submitted, numbered, with the deadline and the time of the list', async () => {
    const buffer = await buildNotSubmittedList({
      subdistrict: '城东街道',
      year: 2026,
      generatedAt: new Date('2027-01-01T01:00:00Z'),
      rows: [
        { stationName: '城东市场监督管理所', kind: 'regional', department: '定海区市场监督管理局', head: '李海燕', phone: '0580-2021234', status: '逾期未交', remindersSent: 5, lastReminderAt: new Date('2026-12-31T01:00:00Z') },
        { stationName: '城东综合行政执法中队', kind: 'regional', department: '定海区综合行政执法局', status: '延期至2027-01-10', remindersSent: 4 },
      ],
    });
    const ws = sheetOf(await readWorkbook(buffer), '未提交自评名单');
    expect(ws.getCell('A1').value).toBe('城东街道派驻机构未提交自评名单（2026年度）');
    expect(ws.getCell('A2').text).toBe('自评截止日期：2026-12-31　　统计时间：2027-01-01 09:00　　未提交：2个派驻机构');
    expect(rowTexts(ws, 3, 9)).toEqual(['序号', '派驻机构', '类型', '派出部门', '负责人', '联系电话', '状态', '已催报（次）', '最近催报时间']);
    expect(rowTexts(ws, 4, 9)).toEqual(['1', '城东市场监督管理所', '按区域设置派驻', '定海区市场监督管理局', '李海燕', '0580-2021234', '逾期未交', '5', '2026-12-31 09:00']);
    expect(rowTexts(ws, 5, 9)).toEqual(['2', '城东综合行政执法中队', '按区域设置派驻', '定海区综合行政执法局', '', '', '延期至2027-01-10', '4', '']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape' });
  });

  it('writes an empty list when everyone has submitted', async () => {
    const buffer = await buildNotSubmittedList({ subdistrict: '城东街道', year: 2026, generatedAt: '2027-01-01 09:00', deadline: '2027-01-10', rows: [] });
    const ws = sheetOf(await readWorkbook(buffer), '未提交自评名单');
    expect(ws.getCell('A2').text).toBe('自评截止日期：2027-01-10　　统计时间：2027-01-01 09:00　　未提交：0个派驻机构');
    expect(ws.getCell('A4').value).toBeNull();
  });
});
