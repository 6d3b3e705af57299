// 未提交自评名单: stations that have not submitted the self-assessment form (sent to coordinators on 1 January
// and printable at any time during the December window).
import { DEFAULT_TIME_ZONE, formatDateTime, stationKindLabel, yearTitle } from './labels';
import { ProgressReporter, type ExportOptions } from './progress';
import { INTEGER_NUM_FMT, addTableRow, createTableSheet, createWorkbook, fitColumnWidths, workbookToBuffer } from './sheet-style';

export const NOT_SUBMITTED_SHEET_NAME = '未提交自评名单';

export interface NotSubmittedRow {
  stationName: string;
  kind: string;
  department: string;
  /** 负责人 */
  head?: string;
  /** 联系电话 */
  phone?: string;
  /** 未提交 / 逾期未交 / 延期至2027-01-10 … (already in Chinese) */
  status: string;
  remindersSent: number;
  lastReminderAt?: Date | string | null;
}

export interface NotSubmittedListInput {
  subdistrict: string;
  year: number;
  generatedAt: Date | string;
  /** The self-assessment deadline as a calendar date (default `${year}-12-31`). */
  deadline?: string;
  rows: readonly NotSubmittedRow[];
}

export async function buildNotSubmittedList(input: NotSubmittedListInput, options: ExportOptions = {}): Promise<Buffer> {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const progress = new ProgressReporter(options.onProgress, input.rows.length);
  const deadline = input.deadline ?? `${input.year}-12-31`;
  const wb = createWorkbook();
  const sheet = createTableSheet(wb, {
    name: NOT_SUBMITTED_SHEET_NAME,
    title: `${input.subdistrict}派驻机构未提交自评名单${yearTitle(input.year)}`,
    infoLines: [
      `自评截止日期：${deadline}　　统计时间：${formatDateTime(input.generatedAt, timeZone)}　　未提交：${input.rows.length}个派驻机构`,
    ],
    landscape: true,
    columns: [
      { header: '序号', width: 6, align: 'center', numFmt: INTEGER_NUM_FMT },
      { header: '派驻机构', width: 22, align: 'left' },
      { header: '类型', width: 15, align: 'center' },
      { header: '派出部门', width: 20, align: 'left' },
      { header: '负责人', width: 10, align: 'center' },
      { header: '联系电话', width: 14, align: 'center' },
      { header: '状态', width: 16, align: 'center' },
      { header: '已催报（次）', width: 8, align: 'center', numFmt: INTEGER_NUM_FMT },
      { header: '最近催报时间', width: 17, align: 'center' },
    ],
  });
  for (const [i, r] of input.rows.entries()) {
    addTableRow(sheet, [
      i + 1,
      r.stationName,
      stationKindLabel(r.kind),
      r.department,
      r.head,
      r.phone,
      r.status,
      r.remindersSent,
      r.lastReminderAt ? formatDateTime(r.lastReminderAt, timeZone) : '',
    ]);
    await progress.rowsWritten();
  }
  fitColumnWidths(sheet, { min: 6, max: 30 });

  const buffer = await workbookToBuffer(wb);
  await progress.finished();
  return buffer;
}
