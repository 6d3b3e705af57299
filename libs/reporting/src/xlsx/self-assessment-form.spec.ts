import { buildSelfAssessmentForm } from './self-assessment-form';
import { RUBRIC_2021, formulaOf, readWorkbook, rowTexts, sheetOf } from './test-fixtures';
import type { RubricForExport } from './rubric-for-export';

const station = { name: '城东派出所', kind: 'independent', department: '定海区公安分局', head: '王建国' };
const scores = {
  serveCentre: 95,
  performDuties: 90,
  workStyle: 140,
  teamBuilding: 145,
  platformParticipation: 185,
  workOrders: 180,
  satisfaction: 95,
  innovation: 30,
};

async function selfSheet(input: Partial<Parameters<typeof buildSelfAssessmentForm>[1]> = {}, rubric: RubricForExport = RUBRIC_2021) {
  const buffer = await buildSelfAssessmentForm(rubric, { subdistrict: '城东街道', year: 2026, station, ...input });
  return sheetOf(await readWorkbook(buffer), '自评表');
}

describe('buildSelfAssessmentForm (自评表)', () => {
  it('has the title merged over the table, the station line and the Chinese headers at row 3', async () => {
    const ws = await selfSheet({ scores });
    expect(ws.getCell('A1').value).toBe('城东街道派驻机构考核自评表（2026年度）');
    expect(ws.getCell('E1').master.address).toBe('A1');
    expect(ws.getCell('A2').text).toBe('派驻机构：城东派出所　　类型：独立派驻　　派出部门：定海区公安分局　　负责人：王建国');
    expect(rowTexts(ws, 3, 5)).toEqual(['考核项目', '考核内容', '分值', '自评分', '自评说明']);
    for (const address of ['A3', 'B3', 'C3', 'D3', 'E3']) {
      expect(ws.getCell(address).font.bold).toBe(true);
      expect(ws.getCell(address).border.top?.style).toBe('thin');
    }
  });

  it('lists every item with its maximum, grouped by part with subtotal rows', async () => {
    const ws = await selfSheet({ scores });
    const items = [
      [4, '服务中心', 10],
      [5, '履行职能', 10],
      [6, '作风效能', 15],
      [7, '队伍建设', 15],
      [9, '参与“四个平台”', 20],
      [10, '工单办理', 20],
      [11, '满意度测评', 10],
    ] as const;
    for (const [row, label, max] of items) {
      expect(ws.getCell(`B${row}`).text.split('\n')[0]).toBe(label);
      expect(ws.getCell(`C${row}`).value).toBe(max);
    }
    expect(ws.getCell('B4').text).toContain('三改一拆');
    expect(ws.getCell('A4').text).toBe('日常管理\n（50分）');
    expect(ws.getCell('A7').master.address).toBe('A4');
    expect(ws.getCell('A9').text).toBe('专项管理\n（50分）');
    expect(ws.getCell('A11').master.address).toBe('A9');

    expect(ws.getCell('A8').text).toBe('日常管理小计');
    expect(formulaOf(ws, 'C8')).toEqual({ formula: 'SUM(C4:C7)', result: 50 });
    expect(ws.getCell('A12').text).toBe('专项管理小计');
    expect(formulaOf(ws, 'C12')).toEqual({ formula: 'SUM(C9:C11)', result: 50 });
  });

  it('writes self-scores as points with one decimal and the justifications', async () => {
    const ws = await selfSheet({ scores, justifications: { serveCentre: '全年完成街道交办重点任务12项', innovation: '“最多跑一次”做法获市级推广' } });
    expect(ws.getCell('D4').value).toBe(9.5);
    expect(ws.getCell('D4').numFmt).toBe('0.0');
    expect(ws.getCell('D6').value).toBe(14);
    expect(ws.getCell('E4').value).toBe('全年完成街道交办重点任务12项');
    expect(formulaOf(ws, 'D8')).toEqual({ formula: 'IF(COUNT(D4:D7)=0,"",SUM(D4:D7))', result: 47 });
    expect(formulaOf(ws, 'D12')).toEqual({ formula: 'IF(COUNT(D9:D11)=0,"",SUM(D9:D11))', result: 46 });
    expect(ws.getCell('E13').value).toBe('“最多跑一次”做法获市级推广');
  });

  it('has the innovation row with its cap and a 合计 row (max 110) that is a formula with its cached result', async () => {
    const ws = await selfSheet({ scores });
    expect(ws.getCell('A13').text).toBe('创新工作附加\n（10分）');
    expect(ws.getCell('B13').text).toContain('按区级、市级、省级、国家级分别附加1分、2分、3分、5分，以10分为限');
    expect(ws.getCell('C13').value).toBe(10);
    expect(ws.getCell('D13').value).toBe(3);

    expect(ws.getCell('A14').text).toBe('合计');
    expect(formulaOf(ws, 'C14')).toEqual({ formula: 'SUM(C8,C12,C13)', result: 110 });
    expect(formulaOf(ws, 'D14')).toEqual({ formula: 'IF(COUNT(D4:D7,D9:D11,D13)=0,"",SUM(D8,D12,D13))', result: 96 });
    expect(ws.getCell('D14').numFmt).toBe('0.0');

    const itemCells = ['D4', 'D5', 'D6', 'D7', 'D9', 'D10', 'D11', 'D13'];
    const sumOfCells = itemCells.reduce((s, a) => s + Math.round((ws.getCell(a).value as number) * 10), 0) / 10;
    expect(formulaOf(ws, 'D14').result).toBe(sumOfCells);
  });

  it('keeps sums exact in tenths (no floating-point drift)', async () => {
    const ws = await selfSheet({ scores: { serveCentre: 1, performDuties: 2, workStyle: 1, teamBuilding: 1, innovation: 1 } });
    expect(formulaOf(ws, 'D8').result).toBe(0.5);
    expect(formulaOf(ws, 'D14').result).toBe(0.6);
  });

  it('leaves a blank form blank: no self-scores, totals without a cached result', async () => {
    const ws = await selfSheet();
    expect(ws.getCell('D4').value).toBeNull();
    expect(formulaOf(ws, 'D8')).toEqual({ formula: 'IF(COUNT(D4:D7)=0,"",SUM(D4:D7))', result: undefined });
    expect(formulaOf(ws, 'D14').result).toBeUndefined();
    expect(formulaOf(ws, 'C14').result).toBe(110);
  });

  it('freezes the header row, prints on A4 and sets column widths', async () => {
    const ws = await selfSheet({ scores });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.orientation).toBe('portrait');
    expect(ws.pageSetup.printTitlesRow).toBe('3:3');
    expect([1, 2, 3, 4, 5].map((c) => ws.getColumn(c).width)).toEqual([12, 46, 7, 10, 32]);
  });

  it('dates the submission in Asia/Shanghai', async () => {
    const ws = await selfSheet({ scores, submittedAt: new Date('2026-12-31T16:30:00Z') });
    const footer = ws.getCell('A16').text;
    expect(footer).toContain('填报单位（盖章）');
    expect(footer).toContain('填报日期：2027-01-01');
  });

  it('rejects scores outside [0, max], not in tenths, or for unknown items', async () => {
    const build = (s: Record<string, number>) => buildSelfAssessmentForm(RUBRIC_2021, { subdistrict: '城东街道', year: 2026, station, scores: s });
    await expect(build({ serveCentre: 101 })).rejects.toThrow(/serveCentre/);
    await expect(build({ innovation: 110 })).rejects.toThrow(/innovation/);
    await expect(build({ workStyle: -1 })).rejects.toThrow(/workStyle/);
    await expect(build({ workStyle: 9.5 })).rejects.toThrow(/integer tenths/);
    await expect(build({ meetings: 10 })).rejects.toThrow(/unknown rubric item 'meetings'/);
  });

  it('rejects a rubric whose items do not add up to the part maximum', async () => {
    const broken: RubricForExport = {
      ...RUBRIC_2021,
      parts: [{ ...RUBRIC_2021.parts[0], max: 60 }, RUBRIC_2021.parts[1]],
    };
    await expect(selfSheet({}, broken)).rejects.toThrow(/part daily/);
  });
});
