import { buildResultTable, type ResultRow } from './result-table';
import { formulaOf, readWorkbook, rowTexts, sheetOf } from './test-fixtures';

const noFlags = { late: false, quotaDemoted: false, individualGradesChanged: false };
const rows: ResultRow[] = [
  { rank: 1, stationName: '城东派出所', kind: 'independent', department: '定海区公安分局', daily: 470, special: 465, innovation: 30, total: 965, grade: '优秀', bonusMoney: 3600 * 12, flags: { ...noFlags, individualGradesChanged: true } },
  { rank: 2, stationName: '城东市场监督管理所', kind: 'regional', department: '定海区市场监督管理局', daily: 455, special: 440, innovation: 20, total: 915, grade: '良好', bonusMoney: 2520 * 6, flags: { ...noFlags, quotaDemoted: true } },
  { rank: 3, stationName: '城东司法所', kind: 'independent', department: '定海区司法局', daily: 440, special: 425, innovation: 0, total: 865, grade: 'good', bonusMoney: 2520 * 3 + 3600, flags: noFlags },
  { rank: 4, stationName: '城东自然资源所', kind: 'regional', department: '舟山市自然资源和规划局定海分局', daily: 380, special: 345, innovation: 10, total: 735, grade: '合格', bonusMoney: 0, flags: { ...noFlags, late: true } },
  { rank: 5, stationName: '城东综合行政执法中队', kind: 'regional', department: '定海区综合行政执法局', daily: 300, special: 275, innovation: 0, total: 575, grade: '不合格', bonusMoney: 0, flags: { late: true, quotaDemoted: false, individualGradesChanged: false } },
];

async function resultSheet(input = rows) {
  const buffer = await buildResultTable({ subdistrict: '城东街道', year: 2026, rows: input });
  return sheetOf(await readWorkbook(buffer), '考核结果汇总表');
}

describe('buildResultTable (考核结果汇总表)', () => {
  it('has the title and the Chinese headers at row 3, frozen, landscape A4', async () => {
    const ws = await resultSheet();
    expect(ws.getCell('A1').value).toBe('城东街道派驻机构考核结果汇总表（2026年度）');
    expect(rowTexts(ws, 3, 11)).toEqual([
      '名次', '派驻机构', '类型', '派出部门', '日常管理', '专项管理', '创新工作附加', '总分', '考核等次', '奖金（元）', '备注',
    ]);
    expect(ws.getCell('K3').font.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape' });
  });

  it('writes one row per station: scores as points with one decimal, labels in Chinese, remarks from flags', async () => {
    const ws = await resultSheet();
    const r4 = ws.getRow(4);
    expect(r4.getCell(1).value).toBe(1);
    expect(r4.getCell(2).value).toBe('城东派出所');
    expect(r4.getCell(3).value).toBe('独立派驻');
    expect(r4.getCell(4).value).toBe('定海区公安分局');
    expect([5, 6, 7, 8].map((c) => r4.getCell(c).value)).toEqual([47, 46.5, 3, 96.5]);
    expect([5, 6, 7, 8].map((c) => r4.getCell(c).numFmt)).toEqual(['0.0', '0.0', '0.0', '0.0']);
    expect(r4.getCell(9).value).toBe('优秀');
    expect(r4.getCell(10).value).toBe(43200);
    expect(r4.getCell(10).numFmt).toBe('#,##0');
    expect(r4.getCell(11).value).toBe('个人等次有调整');

    expect(ws.getCell('C5').value).toBe('按区域设置派驻');
    expect(ws.getCell('K5').value).toBe('受优秀比例限制调整为良好');
    expect(ws.getCell('I6').value).toBe('良好'); // grade key 'good'
    expect(ws.getCell('K7').value).toBe('逾期报送');
    expect(ws.getCell('H8').value).toBe(57.5);
    expect(ws.getCell('I8').value).toBe('不合格');
  });

  it('ends with a 合计 row whose bonus is a SUM formula with the cached sum of the rows', async () => {
    const ws = await resultSheet();
    expect(ws.getCell('A9').value).toBe('合计');
    expect(ws.getCell('I9').master.address).toBe('A9');
    const expected = rows.reduce((s, r) => s + r.bonusMoney, 0);
    expect(formulaOf(ws, 'J9')).toEqual({ formula: 'SUM(J4:J8)', result: expected });
    const readBack = [4, 5, 6, 7, 8].reduce((s, r) => s + (ws.getCell(`J${r}`).value as number), 0);
    expect(readBack).toBe(expected);
    expect(ws.getCell('J9').numFmt).toBe('#,##0');
  });

  it('writes an empty table with a zero total', async () => {
    const ws = await resultSheet([]);
    expect(ws.getCell('A4').value).toBe('合计');
    expect(ws.getCell('J4').value).toBe(0);
  });

  it('rejects a total that is not the sum of its parts, and money that is not whole yuan', async () => {
    await expect(resultSheet([{ ...rows[0], total: 966 }])).rejects.toThrow(/total 966/);
    await expect(resultSheet([{ ...rows[0], bonusMoney: 3600.5 }])).rejects.toThrow(/whole yuan/);
  });

  it('reports progress from above 0 to 1, never going back, at most about once per percent', async () => {
    const many: ResultRow[] = Array.from({ length: 1000 }, (_, i) => ({ ...rows[i % rows.length], rank: i + 1, stationName: `城东第${i + 1}站所` }));
    const seen: number[] = [];
    await buildResultTable({ subdistrict: '城东街道', year: 2026, rows: many }, { onProgress: (f) => void seen.push(f) });
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.length).toBeLessThanOrEqual(101);
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
  });

  it('remarks departures from the suggested scores and a staff/headcount mismatch; lists stations not assessed below, unpaid', async () => {
    const flagged: ResultRow[] = [
      { ...rows[0], flags: { ...noFlags, departures: ['工单办理：建议分19.0分，评定20.0分（理由：派单错误）'], staffMismatch: { headcount: 13, onRecord: 12 } } },
    ];
    const buffer = await buildResultTable({ subdistrict: '城东街道', year: 2026, rows: flagged, notAssessed: [{ stationName: '城东气象站', kind: 'regional', department: '区气象局' }] });
    const ws = sheetOf(await readWorkbook(buffer), '考核结果汇总表');
    expect(ws.getCell('K4').value).toBe('在册12人与编制13人不符；偏离建议分：工单办理：建议分19.0分，评定20.0分（理由：派单错误）');
    expect(ws.getCell('A2').text).toContain('另有1个未纳入“四个平台”，不参加考核');
    expect(ws.getCell('B5').value).toBe('城东气象站');
    expect(ws.getCell('I5').value).toBe('不参加考核');
    expect(ws.getCell('A6').value).toBe('合计');
    expect(formulaOf(ws, 'J6').result).toBe(3600 * 12);
  });
});

