// Shared look and layout of every exported sheet: a merged title row, optional info lines, one bold bordered
// header row (frozen, repeated when printed), bordered body rows, A4 print setup. Pure exceljs, no Nest.
import { Workbook } from 'exceljs';
import type { Alignment, Borders, Cell, CellValue, Fill, Font, Row, Worksheet } from 'exceljs';

/** Scores are integer tenths in code; in a cell they are points shown with one decimal. */
export const SCORE_NUM_FMT = '0.0';
/** Money is whole yuan. */
export const MONEY_NUM_FMT = '#,##0';
export const INTEGER_NUM_FMT = '0';

const FONT_NAME = '宋体';
export const TITLE_FONT: Partial<Font> = { name: FONT_NAME, size: 16, bold: true };
export const INFO_FONT: Partial<Font> = { name: FONT_NAME, size: 11 };
export const HEADER_FONT: Partial<Font> = { name: FONT_NAME, size: 11, bold: true };
export const BODY_FONT: Partial<Font> = { name: FONT_NAME, size: 11 };
export const TOTAL_FONT: Partial<Font> = { name: FONT_NAME, size: 11, bold: true };
export const WARNING_FONT: Partial<Font> = { name: FONT_NAME, size: 11, color: { argb: 'FFC00000' } };

const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
export const THIN_BORDERS: Partial<Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
export const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
export const SUBTOTAL_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

/** Excel's row height in points for one line of 11 pt text, and the padding added to wrapped rows. */
const LINE_HEIGHT = 15;
const ROW_PADDING = 4;

export type HorizontalAlign = 'left' | 'center' | 'right';

export interface ColumnSpec {
  header: string;
  /** Width in Excel character units (one CJK character is about 2 units). */
  width: number;
  numFmt?: string;
  align?: HorizontalAlign;
  /** Wrap long text in body cells (default: true for left-aligned columns). */
  wrap?: boolean;
}

export type RowVariant = 'body' | 'subtotal' | 'total';

export interface TableSheetSpec {
  /** Worksheet (tab) name: at most 31 characters, none of []:*?/\ */
  name: string;
  /** e.g. 城东街道派驻机构考核自评表（2026年度） */
  title: string;
  /** Lines under the title, each merged across the table width (派驻机构：…　派出部门：…). */
  infoLines?: string[];
  columns: ColumnSpec[];
  landscape?: boolean;
  /** Figures shown above the header as label/value cell pairs, several per row (a board's totals). */
  summary?: readonly SummaryFigure[];
}

export interface SummaryFigure {
  label: string;
  value: string | number;
}

export interface TableSheet {
  ws: Worksheet;
  columns: ColumnSpec[];
  headerRowNumber: number;
}

/** A workbook with Chinese metadata; Excel recomputes every formula on opening (cached results are for readers that do not). */
export function createWorkbook(createdAt?: Date): Workbook {
  const wb = new Workbook();
  wb.creator = '派驻机构考核系统';
  wb.lastModifiedBy = '派驻机构考核系统';
  if (createdAt) {
    wb.created = createdAt;
    wb.modified = createdAt;
  }
  wb.calcProperties.fullCalcOnLoad = true;
  return wb;
}

export async function workbookToBuffer(wb: Workbook): Promise<Buffer> {
  const data = await wb.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}

/** Title row, info lines, header row; widths, frozen header, A4 print setup with the header repeated on every page. */
export function createTableSheet(wb: Workbook, spec: TableSheetSpec): TableSheet {
  const { columns } = spec;
  const ws = wb.addWorksheet(spec.name, {
    properties: { defaultRowHeight: LINE_HEIGHT + ROW_PADDING },
  });
  columns.forEach((c, i) => setColumnWidth(ws, i + 1, c.width));
  const tableWidth = columns.reduce((sum, c) => sum + c.width, 0);

  const titleRow = ws.getRow(1);
  mergeAcross(ws, 1, columns.length);
  const titleCell = titleRow.getCell(1);
  titleCell.value = spec.title;
  titleCell.font = TITLE_FONT;
  titleCell.alignment = { horizontal: 'center', vertical: 'middle' };
  titleRow.height = 32;

  let rowNumber = 2;
  for (const line of spec.infoLines ?? []) {
    const row = ws.getRow(rowNumber);
    mergeAcross(ws, rowNumber, columns.length);
    const cell = row.getCell(1);
    cell.value = line;
    cell.font = INFO_FONT;
    cell.alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
    row.height = estimateTextHeight(line, tableWidth);
    rowNumber++;
  }

  rowNumber = writeSummary(ws, rowNumber, columns, spec.summary ?? []);

  const headerRowNumber = rowNumber;
  const headerRow = ws.getRow(headerRowNumber);
  columns.forEach((c, i) => {
    const cell = headerRow.getCell(i + 1);
    cell.value = c.header;
    cell.font = HEADER_FONT;
    cell.fill = HEADER_FILL;
    cell.border = THIN_BORDERS;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  headerRow.height = Math.max(24, ...columns.map((c) => estimateTextHeight(c.header, c.width)));

  ws.views = [
    { state: 'frozen', xSplit: 0, ySplit: headerRowNumber, topLeftCell: `A${headerRowNumber + 1}`, activeCell: `A${headerRowNumber + 1}` },
  ];
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: spec.landscape ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    printTitlesRow: `${headerRowNumber}:${headerRowNumber}`,
  };
  ws.headerFooter = { oddFooter: '第 &P 页，共 &N 页' };
  return { ws, columns, headerRowNumber };
}

/**
 * Appends a bordered row. `values[i]` goes to column i+1; `undefined` leaves the cell empty (still bordered).
 * Numbers get the column's numFmt; formulas too.
 */
export function addTableRow(sheet: TableSheet, values: CellValue[], variant: RowVariant = 'body'): Row {
  const { ws, columns } = sheet;
  const row = ws.getRow(ws.rowCount + 1);
  columns.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    const value = values[i];
    if (value !== undefined && value !== null) cell.value = value;
    styleTableCell(cell, c, variant);
  });
  fitRowHeight(row, columns);
  return row;
}

export function styleTableCell(cell: Cell, column: ColumnSpec, variant: RowVariant = 'body'): void {
  const align = column.align ?? 'left';
  cell.font = variant === 'body' ? BODY_FONT : TOTAL_FONT;
  cell.border = THIN_BORDERS;
  if (variant !== 'body') cell.fill = SUBTOTAL_FILL;
  if (column.numFmt) cell.numFmt = column.numFmt;
  const alignment: Partial<Alignment> = { horizontal: align, vertical: 'middle' };
  if (column.wrap ?? align === 'left') alignment.wrapText = true;
  cell.alignment = alignment;
}

/** Merges columns [from, to] of a row that already holds styled cells; the first cell keeps the value. */
export function mergeRowCells(ws: Worksheet, rowNumber: number, from: number, to: number, align: HorizontalAlign = 'center'): void {
  if (to <= from) return;
  ws.mergeCells(rowNumber, from, rowNumber, to);
  const cell = ws.getRow(rowNumber).getCell(from);
  cell.alignment = { ...cell.alignment, horizontal: align, vertical: 'middle' };
}

/** Plain (unbordered) lines after a table: signatures, dates, notes. */
export function addNoteLine(sheet: TableSheet, text: string, options: { blankBefore?: boolean } = {}): Row {
  const { ws, columns } = sheet;
  if (options.blankBefore) ws.getRow(ws.rowCount + 1).height = LINE_HEIGHT;
  const rowNumber = ws.rowCount + 1;
  mergeAcross(ws, rowNumber, columns.length);
  const row = ws.getRow(rowNumber);
  const cell = row.getCell(1);
  cell.value = text;
  cell.font = INFO_FONT;
  cell.alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
  row.height = estimateTextHeight(text, columns.reduce((sum, c) => sum + c.width, 0));
  return row;
}

/** Label/value pairs across the table width, starting at `rowNumber`; returns the next free row. */
function writeSummary(ws: Worksheet, rowNumber: number, columns: ColumnSpec[], figures: readonly SummaryFigure[]): number {
  if (figures.length === 0) return rowNumber;
  const perRow = Math.max(1, Math.floor(columns.length / 2));
  figures.forEach((figure, i) => {
    const row = ws.getRow(rowNumber + Math.floor(i / perRow));
    const column = (i % perRow) * 2 + 1;
    const label = row.getCell(column);
    label.value = figure.label;
    label.font = HEADER_FONT;
    label.fill = SUBTOTAL_FILL;
    label.border = THIN_BORDERS;
    label.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    const value = row.getCell(column + 1);
    value.value = figure.value;
    value.font = TOTAL_FONT;
    value.border = THIN_BORDERS;
    value.alignment = { horizontal: 'center', vertical: 'middle' };
    if (typeof figure.value === 'number') value.numFmt = Number.isInteger(figure.value) ? INTEGER_NUM_FMT : SCORE_NUM_FMT;
    row.height = Math.max(row.height ?? 0, estimateTextHeight(figure.label, columns[column - 1].width));
  });
  // One blank row between the figures and the table.
  return rowNumber + Math.ceil(figures.length / perRow) + 1;
}

function mergeAcross(ws: Worksheet, rowNumber: number, columnCount: number): void {
  if (columnCount > 1) ws.mergeCells(rowNumber, 1, rowNumber, columnCount);
}

/**
 * exceljs treats a width of exactly 9 as "default" and does not write it (Excel's default is 8.43), so 9 is
 * nudged to 9.1.
 */
export function setColumnWidth(ws: Worksheet, column: number, width: number): void {
  ws.getColumn(column).width = width === 9 ? 9.1 : width;
}

/** Display width in Excel character units: CJK and full-width characters count 2. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return width;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Row height (points) that shows `text` wrapped in a column of `width` units. Excel does not auto-fit on opening. */
export function estimateTextHeight(text: string, width: number): number {
  const usable = Math.max(1, width - 1);
  const lines = text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / usable)), 0);
  return lines * LINE_HEIGHT + ROW_PADDING;
}

function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  return '';
}

/** Sets the row height to fit the wrapped text of its unmerged cells. */
export function fitRowHeight(row: Row, columns: ColumnSpec[]): void {
  let height = LINE_HEIGHT + ROW_PADDING;
  columns.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    if (cell.isMerged) return;
    const text = cellText(cell.value);
    if (text) height = Math.max(height, estimateTextHeight(text, c.width));
  });
  row.height = height;
}

/** Column widths that fit the header and body text, within [min, max] units. */
export function fitColumnWidths(sheet: TableSheet, options: { min?: number; max?: number } = {}): void {
  const { ws, columns, headerRowNumber } = sheet;
  const min = options.min ?? 6;
  const max = options.max ?? 40;
  columns.forEach((c, i) => {
    // Headers may wrap onto two lines.
    let widest = Math.ceil(displayWidth(c.header) / 2);
    for (let r = headerRowNumber + 1; r <= ws.rowCount; r++) {
      const cell = ws.getRow(r).getCell(i + 1);
      if (cell.isMerged) continue;
      const v = cell.value;
      const text = typeof v === 'number' ? String(v) : cellText(v);
      for (const line of text.split('\n')) widest = Math.max(widest, displayWidth(line));
    }
    c.width = Math.min(max, Math.max(min, widest + 2));
    setColumnWidth(ws, i + 1, c.width);
  });
  const headerRow = ws.getRow(headerRowNumber);
  headerRow.height = Math.max(24, ...columns.map((c) => estimateTextHeight(c.header, c.width)));
  for (let r = headerRowNumber + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (row.getCell(1).border) fitRowHeight(row, columns);
  }
}

/** Integer tenths → points for a cell (925 → 92.5). Rejects anything that is not integer tenths. */
export function tenthsToPoints(tenths: number, what = 'score'): number {
  if (!Number.isInteger(tenths)) throw new RangeError(`${what} must be integer tenths, got ${tenths}`);
  return tenths / 10;
}

export function assertWholeYuan(amount: number, what = 'amount'): void {
  if (!Number.isInteger(amount)) throw new RangeError(`${what} must be whole yuan, got ${amount}`);
}

/** A formula cell with its cached result (readers that do not calculate show the result). */
export function formula(expression: string, result?: number | string): CellValue {
  return result === undefined ? { formula: expression } : { formula: expression, result };
}

/** Quotes a sheet name for use in a formula: '奖金明细（按人员）'!F4 */
export function sheetRef(sheetName: string, range: string): string {
  return `'${sheetName.replace(/'/g, "''")}'!${range}`;
}
