// 考核结果汇总表: every station of the subdistrict ranked, with part scores, grade, bonus and remarks,
// and a 合计 row whose bonus is a formula over the rows (with its cached result).
import { gradeLabel, stationKindLabel, yearTitle } from './labels';
import { ProgressReporter, type ExportOptions } from './progress';
import {
  INTEGER_NUM_FMT,
  MONEY_NUM_FMT,
  SCORE_NUM_FMT,
  addTableRow,
  assertWholeYuan,
  createTableSheet,
  createWorkbook,
  formula,
  mergeRowCells,
  tenthsToPoints,
  workbookToBuffer,
} from './sheet-style';

export const RESULT_TABLE_SHEET_NAME = '考核结果汇总表';

export interface ResultFlags {
  /** The self-assessment or monthly records were late. */
  late: boolean;
  /** Fell from 优秀 to 良好 because of the excellent quota. */
  quotaDemoted: boolean;
  /** Individual grades of an independent station's staff were adjusted. */
  individualGradesChanged: boolean;
  /** Scores that differ from their suggested score (建议分), as people read them (item, suggestion, score, reason). */
  departures?: readonly string[];
  /** Staff on record differ from the headcount (编制人数). */
  staffMismatch?: { headcount: number; onRecord: number } | null;
}

export interface ResultRow {
  rank: number;
  stationName: string;
  /** 'independent' | 'regional' or the Chinese label */
  kind: string;
  department: string;
  /** Part scores and total in integer tenths; total must equal daily + special + innovation. */
  daily: number;
  special: number;
  innovation: number;
  total: number;
  /** 优秀 / 良好 / 合格 / 不合格 or the grade key */
  grade: string;
  /** Whole yuan. */
  bonusMoney: number;
  flags: ResultFlags;
}

/** A station outside the assessment (not part of the four platforms): listed, never ranked, counted or paid. */
export interface NotAssessedRow {
  stationName: string;
  kind: string;
  department: string;
}

export interface ResultTableInput {
  subdistrict: string;
  year: number;
  rows: readonly ResultRow[];
  notAssessed?: readonly NotAssessedRow[];
}

export const NOT_ASSESSED_LABEL = '不参加考核';

/** 逾期报送；受优秀比例限制调整为良好；个人等次有调整 */
export function resultRemarks(flags: ResultFlags): string {
  const remarks: string[] = [];
  if (flags.late) remarks.push('逾期报送');
  if (flags.quotaDemoted) remarks.push('受优秀比例限制调整为良好');
  if (flags.individualGradesChanged) remarks.push('个人等次有调整');
  if (flags.staffMismatch) remarks.push(`在册${flags.staffMismatch.onRecord}人与编制${flags.staffMismatch.headcount}人不符`);
  for (const d of flags.departures ?? []) remarks.push(`偏离建议分：${d}`);
  return remarks.join('；');
}

export async function buildResultTable(input: ResultTableInput, options: ExportOptions = {}): Promise<Buffer> {
  const progress = new ProgressReporter(options.onProgress, input.rows.length);
  const wb = createWorkbook();
  const sheet = createTableSheet(wb, {
    name: RESULT_TABLE_SHEET_NAME,
    title: `${input.subdistrict}派驻机构考核结果汇总表${yearTitle(input.year)}`,
    infoLines: [
      `分值单位：分；奖金单位：元。共${input.rows.length}个派驻机构参加考核` +
        (input.notAssessed?.length ? `，另有${input.notAssessed.length}个未纳入“四个平台”，${NOT_ASSESSED_LABEL}。` : '。'),
    ],
    landscape: true,
    columns: [
      { header: '名次', width: 6, align: 'center', numFmt: INTEGER_NUM_FMT },
      { header: '派驻机构', width: 24, align: 'left' },
      { header: '类型', width: 15, align: 'center' },
      { header: '派出部门', width: 22, align: 'left' },
      { header: '日常管理', width: 10, align: 'center', numFmt: SCORE_NUM_FMT },
      { header: '专项管理', width: 10, align: 'center', numFmt: SCORE_NUM_FMT },
      { header: '创新工作附加', width: 8, align: 'center', numFmt: SCORE_NUM_FMT },
      { header: '总分', width: 9, align: 'center', numFmt: SCORE_NUM_FMT },
      { header: '考核等次', width: 9, align: 'center' },
      { header: '奖金（元）', width: 12, align: 'right', numFmt: MONEY_NUM_FMT },
      { header: '备注', width: 28, align: 'left' },
    ],
  });

  const firstRow = sheet.ws.rowCount + 1;
  let bonusTotal = 0;
  for (const [i, row] of input.rows.entries()) {
    const what = `rows[${i}] (${row.stationName})`;
    if (row.total !== row.daily + row.special + row.innovation) {
      throw new RangeError(`${what}: total ${row.total} is not daily + special + innovation (${row.daily + row.special + row.innovation})`);
    }
    assertWholeYuan(row.bonusMoney, `${what}.bonusMoney`);
    bonusTotal += row.bonusMoney;
    addTableRow(sheet, [
      row.rank,
      row.stationName,
      stationKindLabel(row.kind),
      row.department,
      tenthsToPoints(row.daily, `${what}.daily`),
      tenthsToPoints(row.special, `${what}.special`),
      tenthsToPoints(row.innovation, `${what}.innovation`),
      tenthsToPoints(row.total, `${what}.total`),
      gradeLabel(row.grade),
      row.bonusMoney,
      resultRemarks(row.flags),
    ]);
    await progress.rowsWritten();
  }
  for (const row of input.notAssessed ?? []) {
    addTableRow(sheet, ['', row.stationName, stationKindLabel(row.kind), row.department, '', '', '', '', NOT_ASSESSED_LABEL, '', '未纳入“四个平台”，不排名、不占优秀名额、不计奖金']);
  }
  const lastRow = sheet.ws.rowCount;

  const totals = [];
  totals[0] = '合计';
  totals[9] = input.rows.length > 0 ? formula(`SUM(J${firstRow}:J${lastRow})`, bonusTotal) : 0;
  const totalRow = addTableRow(sheet, totals, 'total');
  mergeRowCells(sheet.ws, totalRow.number, 1, 9);

  const buffer = await workbookToBuffer(wb);
  await progress.finished();
  return buffer;
}
