import { buildLateBoard, type LateBoardRow } from './late-board';
import { readWorkbook, rowTexts, sheetOf } from './test-fixtures';

const rows: LateBoardRow[] = [
  {
    stationName: '城东派出所', kind: 'independent', department: '定海区公安分局', monthsRecorded: 12, monthsMissing: [],
    maxDaysLate: 0, selfAssessment: '已提交', remindersSent: 0, lastReminderAt: null, lastNotice: null, scoringProgress: '7/7', noticesDelivered: '2/2',
  },
  {
    stationName: '城东市场监督管理所', kind: 'regional', department: '定海区市场监督管理局', monthsRecorded: 10, monthsMissing: ['2026-03', '2026-11'],
    maxDaysLate: 12, selfAssessment: '逾期未交', remindersSent: 5, lastReminderAt: new Date('2026-12-31T01:00:00Z'),
    lastNotice: { occasion: '12月31日自评提醒', issuedAt: new Date('2026-12-31T01:00:00Z') }, scoringProgress: '0/7', noticesDelivered: 0,
  },
  {
    stationName: '城东司法所', kind: 'independent', department: '定海区司法局', monthsRecorded: 12, monthsMissing: [],
    maxDaysLate: 3, selfAssessment: '延期至2027-01-10', remindersSent: 4, lastReminderAt: '2026-12-29 09:00', scoringProgress: '5/7', noticesDelivered: 0,
  },
];
const totals = [
  { label: '应报站所', value: 3 },
  { label: '已提交自评', value: 1 },
  { label: '逾期未交', value: 1 },
  { label: '延期', value: 1 },
  { label: '缺报月报', value: 2 },
  { label: '已发催报', value: 9 },
];

async function board() {
  const buffer = await buildLateBoard({ subdistrict: '城东街道', year: 2026, generatedAt: new Date('2027-01-01T01:00:00Z'), totals, rows });
  return sheetOf(await readWorkbook(buffer), '催报看板');
}

describe('buildLateBoard (催报看板)', () => {
  it('has the title, the generation time in Asia/Shanghai and the totals as label/value pairs', async () => {
    const ws = await board();
    expect(ws.getCell('A1').value).toBe('城东街道派驻机构考核催报看板（2026年度）');
    expect(ws.getCell('A2').value).toBe('统计时间：2027-01-01 09:00');
    // 12 columns → 6 pairs per row
    expect(rowTexts(ws, 3, 12)).toEqual(['应报站所', '3', '已提交自评', '1', '逾期未交', '1', '延期', '1', '缺报月报', '2', '已发催报', '9']);
    expect(rowTexts(ws, 4, 2)).toEqual(['', '']);
    expect(ws.getCell('B3').value).toBe(3);
  });

  it('has the Chinese headers after the totals, frozen there', async () => {
    const ws = await board();
    expect(rowTexts(ws, 5, 12)).toEqual([
      '派驻机构', '类型', '派出部门', '已报月数', '缺报月份', '最长逾期（天）', '自评表', '已催报（次）', '最近催报时间', '最近通知', '测评进度', '抄告送达',
    ]);
    expect(ws.getCell('A5').font.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });
    expect(ws.pageSetup.printTitlesRow).toBe('5:5');
  });

  it('writes one row per station', async () => {
    const ws = await board();
    expect(rowTexts(ws, 6, 12)).toEqual(['城东派出所', '独立派驻', '定海区公安分局', '12', '', '0', '已提交', '0', '', '—', '7/7', '2/2']);
    expect(rowTexts(ws, 7, 12)).toEqual([
      '城东市场监督管理所', '按区域设置派驻', '定海区市场监督管理局', '10', '2026-03、2026-11', '12', '逾期未交', '5', '2026-12-31 09:00',
      '12月31日自评提醒\n2026-12-31 09:00', '0/7', '0',
    ]);
    expect(rowTexts(ws, 8, 12)).toEqual([
      '城东司法所', '独立派驻', '定海区司法局', '12', '', '3', '延期至2027-01-10', '4', '2026-12-29 09:00', '—', '5/7', '0',
    ]);
    expect(ws.getCell('D7').value).toBe(10);
    expect(ws.getCell('F7').value).toBe(12);
  });

  it('shows the latest notice as the board page does: its occasion over its time (wrapped, two lines high), a dash when none', async () => {
    const ws = await board();
    expect(ws.getCell('J7').alignment).toMatchObject({ horizontal: 'left', wrapText: true });
    expect(ws.getRow(7).height).toBeGreaterThan(ws.getRow(6).height!);
    expect(ws.getCell('J6').value).toBe('—');
  });

  it('marks what is late in red', async () => {
    const ws = await board();
    expect(ws.getCell('E7').font.color?.argb).toBe('FFC00000');
    expect(ws.getCell('G7').font.color?.argb).toBe('FFC00000');
    expect(ws.getCell('F8').font.color?.argb).toBe('FFC00000');
    expect(ws.getCell('G6').font.color).toBeUndefined();
    expect(ws.getCell('G8').font.color).toBeUndefined();
  });

  it('sizes columns to their content', async () => {
    const ws = await board();
    const width = (c: number) => ws.getColumn(c).width ?? 0;
    expect(width(1)).toBeGreaterThanOrEqual(20); // 城东市场监督管理所: 9 CJK characters
    expect(width(3)).toBeGreaterThanOrEqual(22);
  });
});
