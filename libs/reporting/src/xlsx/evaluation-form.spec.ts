import { buildEvaluationForm } from './evaluation-form';
import { RUBRIC_2021, formulaOf, readWorkbook, rowTexts, sheetOf } from './test-fixtures';

const station = { name: '城东市场监督管理所', kind: 'regional', department: '定海区市场监督管理局', head: '李海燕' };
const selfScores = {
  serveCentre: 100,
  performDuties: 95,
  workStyle: 145,
  teamBuilding: 150,
  platformParticipation: 195,
  workOrders: 190,
  satisfaction: 100,
  innovation: 20,
};
const groupScores = {
  serveCentre: 90,
  performDuties: 95,
  workStyle: 135,
  teamBuilding: 140,
  platformParticipation: 180,
  workOrders: 170,
  satisfaction: 85,
  innovation: 10,
};

async function evaluationSheet(input: Partial<Parameters<typeof buildEvaluationForm>[1]> = {}) {
  const buffer = await buildEvaluationForm(RUBRIC_2021, { subdistrict: '城东街道', year: 2026, station, ...input });
  return sheetOf(await readWorkbook(buffer), '测评表');
}

describe('buildEvaluationForm (测评表)', () => {
  it('has the title, the station line and the Chinese headers at row 3', async () => {
    const ws = await evaluationSheet({ selfScores, groupScores });
    expect(ws.getCell('A1').value).toBe('城东街道派驻机构考核测评表（2026年度）');
    expect(ws.getCell('F1').master.address).toBe('A1');
    expect(ws.getCell('A2').text).toContain('类型：按区域设置派驻');
    expect(rowTexts(ws, 3, 6)).toEqual(['考核项目', '考核内容', '分值', '自评分', '测评得分', '扣分说明']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
  });

  it('shows each item maximum, the self-score beside the group score, and the deduction notes', async () => {
    const ws = await evaluationSheet({
      selfScores,
      groupScores,
      comments: { workOrders: '3件工单逾期办结，扣3分', satisfaction: '群众投诉1件，经核实属实，扣1.5分' },
    });
    expect([4, 5, 6, 7, 9, 10, 11].map((r) => ws.getCell(`C${r}`).value)).toEqual([10, 10, 15, 15, 20, 20, 10]);
    expect(ws.getCell('D10').value).toBe(19);
    expect(ws.getCell('E10').value).toBe(17);
    expect(ws.getCell('E10').numFmt).toBe('0.0');
    expect(ws.getCell('F10').value).toBe('3件工单逾期办结，扣3分');
    expect(ws.getCell('F11').value).toBe('群众投诉1件，经核实属实，扣1.5分');
  });

  it('subtotals each part and totals both score columns with formulas and cached results', async () => {
    const ws = await evaluationSheet({ selfScores, groupScores });
    expect(ws.getCell('A8').text).toBe('日常管理小计');
    expect(formulaOf(ws, 'C8')).toEqual({ formula: 'SUM(C4:C7)', result: 50 });
    expect(formulaOf(ws, 'D8').result).toBe(49);
    expect(formulaOf(ws, 'E8')).toEqual({ formula: 'IF(COUNT(E4:E7)=0,"",SUM(E4:E7))', result: 46 });
    expect(ws.getCell('A12').text).toBe('专项管理小计');
    expect(formulaOf(ws, 'C12')).toEqual({ formula: 'SUM(C9:C11)', result: 50 });
    expect(formulaOf(ws, 'E12').result).toBe(43.5);
    expect(ws.getCell('C13').value).toBe(10);
    expect(ws.getCell('E13').value).toBe(1);
    expect(ws.getCell('A14').text).toBe('合计');
    expect(formulaOf(ws, 'C14')).toEqual({ formula: 'SUM(C8,C12,C13)', result: 110 });
    expect(formulaOf(ws, 'D14').result).toBe(99.5);
    expect(formulaOf(ws, 'E14')).toEqual({ formula: 'IF(COUNT(E4:E7,E9:E11,E13)=0,"",SUM(E8,E12,E13))', result: 90.5 });
  });

  it('prints with the self-scores only, leaving the group column to be filled in by hand', async () => {
    const ws = await evaluationSheet({ selfScores });
    expect(ws.getCell('E4').value).toBeNull();
    expect(formulaOf(ws, 'E14').result).toBeUndefined();
    expect(formulaOf(ws, 'D14').result).toBe(99.5);
  });

  it('names the scorer and the date under the table', async () => {
    const ws = await evaluationSheet({ groupScores, scorer: '陈志强', scoredAt: '2027-01-08' });
    expect(ws.getCell('A16').text).toMatch(/^测评人（签字）：陈志强\s+测评日期：2027-01-08$/);
    expect(ws.getCell('A17').text).toContain('考核细则版本：2021-trial');
  });

  it('rejects a group score above the item maximum', async () => {
    await expect(evaluationSheet({ groupScores: { satisfaction: 105 } })).rejects.toThrow(/groupScores\.satisfaction/);
  });

  it('with suggested scores (建议分): a column before 测评得分, subtotalled like the others', async () => {
    const suggestedScores = { serveCentre: 100, performDuties: 100, workStyle: 135, teamBuilding: 150, platformParticipation: 190, workOrders: 170, satisfaction: 90 };
    const ws = await evaluationSheet({ selfScores, suggestedScores, groupScores, comments: { workOrders: '平时记录：工单逾期6次（3、5月），每次扣0.5分，共扣3.0分' } });
    expect(rowTexts(ws, 3, 7)).toEqual(['考核项目', '考核内容', '分值', '自评分', '建议分', '测评得分', '扣分说明']);
    expect(ws.getCell('E10').value).toBe(17);
    expect(ws.getCell('F10').value).toBe(17);
    expect(ws.getCell('G10').value).toContain('工单逾期6次');
    expect(formulaOf(ws, 'E8').result).toBe(48.5);
  });
});

