// The rubric laid out as a form table, shared by 自评表 and 测评表:
//   考核项目 | 考核内容 | 分值 | <score columns…> | <remark column>
// one row per item grouped by part (考核项目 merged down the part), a 小计 row per part, the innovation row
// (分值 = cap), and a 合计 row. Every subtotal and total is a formula with its cached result.
import type { CellValue, RichText } from 'exceljs';
import {
  BODY_FONT,
  HEADER_FONT,
  INTEGER_NUM_FMT,
  SCORE_NUM_FMT,
  addTableRow,
  formula,
  mergeRowCells,
  tenthsToPoints,
  type ColumnSpec,
  type TableSheet,
} from './sheet-style';
import { INNOVATION_SCORE_KEY, type RubricForExport, type ScoresByItem, type TextByItem } from './rubric-for-export';

export interface ScoreColumn {
  header: string;
  /** Integer tenths by item key; a missing key leaves the cell blank (to be filled in by hand). */
  scores?: ScoresByItem;
}

export interface RubricTableSpec {
  scoreColumns: ScoreColumn[];
  remark: { header: string; texts?: TextByItem };
}

export interface RubricTableLayout {
  /** Row number of each part's 小计 row, by part key. */
  subtotalRows: Record<string, number>;
  innovationRow: number;
  totalRow: number;
  /** Column number of 分值 and of each score column, in order. */
  maxColumn: number;
  scoreColumns: number[];
}

const PART_COLUMN = 1;
const CONTENT_COLUMN = 2;
const MAX_COLUMN = 3;
const FIRST_SCORE_COLUMN = 4;

export function rubricTableColumns(spec: RubricTableSpec): ColumnSpec[] {
  return [
    { header: '考核项目', width: 12, align: 'center', wrap: true },
    { header: '考核内容', width: 46, align: 'left' },
    { header: '分值', width: 7, align: 'center', numFmt: INTEGER_NUM_FMT },
    ...spec.scoreColumns.map((c): ColumnSpec => ({ header: c.header, width: 10, align: 'center', numFmt: SCORE_NUM_FMT })),
    { header: spec.remark.header, width: 32, align: 'left' },
  ];
}

/** Throws when the rubric does not add up or a score is outside [0, max] or not integer tenths. */
export function assertScoresFitRubric(rubric: RubricForExport, scores: ScoresByItem | undefined, what: string): void {
  for (const part of rubric.parts) {
    const sum = part.items.reduce((s, item) => s + item.max, 0);
    if (sum !== part.max) {
      throw new RangeError(`rubric ${rubric.version}: items of part ${part.key} add up to ${sum}, part max is ${part.max}`);
    }
  }
  if (!scores) return;
  const maxByKey = new Map<string, number>();
  for (const part of rubric.parts) for (const item of part.items) maxByKey.set(item.key, item.max);
  maxByKey.set(INNOVATION_SCORE_KEY, rubric.innovation.cap);
  for (const [key, tenths] of Object.entries(scores)) {
    if (tenths === undefined) continue;
    const max = maxByKey.get(key);
    if (max === undefined) throw new RangeError(`${what}: unknown rubric item '${key}'`);
    tenthsToPoints(tenths, `${what}.${key}`);
    if (tenths < 0 || tenths > max * 10) {
      throw new RangeError(`${what}.${key} = ${tenths} tenths is outside [0, ${max * 10}]`);
    }
  }
}

export function writeRubricTable(sheet: TableSheet, rubric: RubricForExport, spec: RubricTableSpec): RubricTableLayout {
  const { ws } = sheet;
  const scoreColumns = spec.scoreColumns.map((_, i) => FIRST_SCORE_COLUMN + i);
  const remarkColumn = FIRST_SCORE_COLUMN + spec.scoreColumns.length;
  const letter = (column: number) => ws.getColumn(column).letter;
  const subtotalRows: Record<string, number> = {};
  /** Per score column: the item/innovation rows (for COUNT) and the subtotal/innovation rows (for SUM). */
  const scoredRanges: string[] = [];
  const totalRefs: number[] = [];
  let totalMax = 0;
  const scoreTotals = spec.scoreColumns.map(() => ({ tenths: 0, any: false }));

  for (const part of rubric.parts) {
    const firstRow = ws.rowCount + 1;
    const partTotals = spec.scoreColumns.map(() => ({ tenths: 0, any: false }));
    part.items.forEach((item, index) => {
      const values: CellValue[] = [];
      values[PART_COLUMN - 1] = index === 0 ? `${part.label.zh}\n（${part.max}分）` : undefined;
      values[CONTENT_COLUMN - 1] = itemContent(item.label.zh, item.description?.zh);
      values[MAX_COLUMN - 1] = item.max;
      spec.scoreColumns.forEach((column, i) => {
        const tenths = column.scores?.[item.key];
        if (tenths === undefined) return;
        values[scoreColumns[i] - 1] = tenthsToPoints(tenths);
        partTotals[i].tenths += tenths;
        partTotals[i].any = true;
      });
      values[remarkColumn - 1] = spec.remark.texts?.[item.key];
      addTableRow(sheet, values);
    });
    const lastRow = ws.rowCount;
    if (lastRow > firstRow) ws.mergeCells(firstRow, PART_COLUMN, lastRow, PART_COLUMN);

    const range = (column: number) => `${letter(column)}${firstRow}:${letter(column)}${lastRow}`;
    const subtotal: CellValue[] = [];
    subtotal[PART_COLUMN - 1] = `${part.label.zh}小计`;
    subtotal[MAX_COLUMN - 1] = formula(`SUM(${range(MAX_COLUMN)})`, part.max);
    spec.scoreColumns.forEach((_, i) => {
      subtotal[scoreColumns[i] - 1] = blankUnlessScored(range(scoreColumns[i]), `SUM(${range(scoreColumns[i])})`, partTotals[i]);
      scoreTotals[i].tenths += partTotals[i].tenths;
      scoreTotals[i].any ||= partTotals[i].any;
    });
    const subtotalRow = addTableRow(sheet, subtotal, 'subtotal');
    mergeRowCells(ws, subtotalRow.number, PART_COLUMN, CONTENT_COLUMN);
    subtotalRows[part.key] = subtotalRow.number;
    scoredRanges.push(`${firstRow}:${lastRow}`);
    totalRefs.push(subtotalRow.number);
    totalMax += part.max;
  }

  const { innovation } = rubric;
  const innovationValues: CellValue[] = [];
  innovationValues[PART_COLUMN - 1] = `${innovation.label.zh}\n（${innovation.cap}分）`;
  innovationValues[CONTENT_COLUMN - 1] = innovationDescription(rubric);
  innovationValues[MAX_COLUMN - 1] = innovation.cap;
  spec.scoreColumns.forEach((column, i) => {
    const tenths = column.scores?.[INNOVATION_SCORE_KEY];
    if (tenths === undefined) return;
    innovationValues[scoreColumns[i] - 1] = tenthsToPoints(tenths);
    scoreTotals[i].tenths += tenths;
    scoreTotals[i].any = true;
  });
  innovationValues[remarkColumn - 1] = spec.remark.texts?.[INNOVATION_SCORE_KEY];
  const innovationRow = addTableRow(sheet, innovationValues).number;
  scoredRanges.push(`${innovationRow}:${innovationRow}`);
  totalRefs.push(innovationRow);
  totalMax += innovation.cap;

  const total: CellValue[] = [];
  total[PART_COLUMN - 1] = '合计';
  const sumOf = (column: number) => `SUM(${totalRefs.map((r) => `${letter(column)}${r}`).join(',')})`;
  total[MAX_COLUMN - 1] = formula(sumOf(MAX_COLUMN), totalMax);
  spec.scoreColumns.forEach((_, i) => {
    const column = scoreColumns[i];
    const counted = scoredRanges
      .map((rows) => {
        const [from, to] = rows.split(':');
        return from === to ? `${letter(column)}${from}` : `${letter(column)}${from}:${letter(column)}${to}`;
      })
      .join(',');
    total[column - 1] = blankUnlessScored(counted, sumOf(column), scoreTotals[i]);
  });
  const totalRow = addTableRow(sheet, total, 'total');
  mergeRowCells(ws, totalRow.number, PART_COLUMN, CONTENT_COLUMN);

  return { subtotalRows, innovationRow, totalRow: totalRow.number, maxColumn: MAX_COLUMN, scoreColumns };
}

/**
 * A sum that stays blank on a form nobody has scored yet (printed for filling in by hand) and adds up as soon as
 * any score is entered: IF(COUNT(range)=0,"",SUM(…)). The cached result is the sum, or absent when blank.
 */
function blankUnlessScored(countedRange: string, sum: string, totals: { tenths: number; any: boolean }): CellValue {
  return formula(`IF(COUNT(${countedRange})=0,"",${sum})`, totals.any ? tenthsToPoints(totals.tenths) : undefined);
}

function itemContent(label: string, description: string | undefined): CellValue {
  if (!description) return label;
  const richText: RichText[] = [
    { text: label, font: HEADER_FONT },
    { text: `\n${description.trim()}`, font: BODY_FONT },
  ];
  return { richText };
}

/** 按区级、市级、省级、国家级分别附加1分、2分、3分、5分，以10分为限 */
export function innovationDescription(rubric: RubricForExport): string {
  const { levels, cap } = rubric.innovation;
  const names = levels.map((l) => l.label.zh).join('、');
  const points = levels.map((l) => `${l.points}分`).join('、');
  return `创造性地开展工作，获得上级肯定、宣传、推广的，按${names}分别附加${points}，以${cap}分为限。`;
}
