// 催报看板: who is late with monthly records or the self-assessment, the reminders sent, the latest notice, scoring and notice progress.
import { DEFAULT_TIME_ZONE, formatDateTime, stationKindLabel, yearTitle } from './labels';
import { ProgressReporter, type ExportOptions } from './progress';
import {
  INTEGER_NUM_FMT,
  WARNING_FONT,
  addTableRow,
  createTableSheet,
  createWorkbook,
  fitColumnWidths,
  workbookToBuffer,
  type SummaryFigure,
} from './sheet-style';

export const LATE_BOARD_SHEET_NAME = '催报看板';

export interface LateBoardRow {
  stationName: string;
  kind: string;
  department: string;
  /** 已报月数 */
  monthsRecorded: number;
  /** Missing months, e.g. ['2026-03', '2026-11'] */
  monthsMissing: readonly string[];
  /** Longest delay of a monthly record, in days (0 = never late). */
  maxDaysLate: number;
  /** 已提交 / 未提交 / 逾期未交 / 延期至2027-01-10 … (already in Chinese) */
  selfAssessment: string;
  remindersSent: number;
  lastReminderAt?: Date | string | null;
  /** The latest notice about the station (any kind): its occasion (12月15日自评提醒) and issue time; null when none. */
  lastNotice?: { occasion: string; issuedAt: Date | string } | null;
  /** e.g. '5/7' items scored */
  scoringProgress: string;
  /** 抄告 delivered, a count or e.g. '2/2' */
  noticesDelivered: number | string;
}

export interface LateBoardInput {
  subdistrict: string;
  year: number;
  generatedAt: Date | string;
  /** Figures shown above the table, e.g. [{label:'应报站所', value: 12}, {label:'逾期未交', value: 2}] */
  totals: readonly SummaryFigure[];
  rows: readonly LateBoardRow[];
}

export async function buildLateBoard(input: LateBoardInput, options: ExportOptions = {}): Promise<Buffer> {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const progress = new ProgressReporter(options.onProgress, input.rows.length);
  const wb = createWorkbook();
  const sheet = createTableSheet(wb, {
    name: LATE_BOARD_SHEET_NAME,
    title: `${input.subdistrict}派驻机构考核催报看板${yearTitle(input.year)}`,
    infoLines: [`统计时间：${formatDateTime(input.generatedAt, timeZone)}`],
    summary: input.totals,
    landscape: true,
    columns: [
      { header: '派驻机构', width: 22, align: 'left' },
      { header: '类型', width: 15, align: 'center' },
      { header: '派出部门', width: 20, align: 'left' },
      { header: '已报月数', width: 8, align: 'center', numFmt: INTEGER_NUM_FMT },
      { header: '缺报月份', width: 18, align: 'left' },
      { header: '最长逾期（天）', width: 9, align: 'center', numFmt: INTEGER_NUM_FMT },
      { header: '自评表', width: 16, align: 'center' },
      { header: '已催报（次）', width: 8, align: 'center', numFmt: INTEGER_NUM_FMT },
      { header: '最近催报时间', width: 17, align: 'center' },
      { header: '最近通知', width: 17, align: 'left' },
      { header: '测评进度', width: 9, align: 'center' },
      { header: '抄告送达', width: 9, align: 'center' },
    ],
  });

  for (const r of input.rows) {
    const row = addTableRow(sheet, [
      r.stationName,
      stationKindLabel(r.kind),
      r.department,
      r.monthsRecorded,
      r.monthsMissing.join('、'),
      r.maxDaysLate,
      r.selfAssessment,
      r.remindersSent,
      r.lastReminderAt ? formatDateTime(r.lastReminderAt, timeZone) : '',
      // as the board page shows it: the occasion over its time, a dash when the station has had no notice
      r.lastNotice ? `${r.lastNotice.occasion}\n${formatDateTime(r.lastNotice.issuedAt, timeZone)}` : '—',
      r.scoringProgress,
      r.noticesDelivered,
    ]);
    if (r.monthsMissing.length > 0) row.getCell(5).font = WARNING_FONT;
    if (r.maxDaysLate > 0) row.getCell(6).font = WARNING_FONT;
    if (r.selfAssessment.includes('逾期') || r.selfAssessment.includes('未')) row.getCell(7).font = WARNING_FONT;
    await progress.rowsWritten();
  }
  fitColumnWidths(sheet, { min: 8, max: 30 });

  const buffer = await workbookToBuffer(wb);
  await progress.finished();
  return buffer;
}
