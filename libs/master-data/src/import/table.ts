/**
 * Reads the first sheet of an uploaded file as rows of cell texts, numbered as the user sees them (header = row 1).
 * The content decides the format: XLSX is a ZIP (starts with PK\x03\x04), anything else must be UTF-8 CSV
 * (a BOM is fine). Pure: no Nest, no database.
 */
import { Workbook } from 'exceljs';
import { parse } from 'csv-parse/sync';
import { MasterDataError } from '../errors';

export interface TableRow {
  /** 1-based, as shown by a spreadsheet program. */
  row: number;
  cells: string[];
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export function isXlsx(buffer: Buffer): boolean {
  return buffer.subarray(0, 4).equals(ZIP_MAGIC);
}

/** Rows with at least one non-blank cell; throws IMPORT_FAILED (field 'file') when the file cannot be read. */
export async function readTable(buffer: Buffer): Promise<TableRow[]> {
  const rows = isXlsx(buffer) ? await readXlsx(buffer) : readCsv(buffer);
  return rows.filter((r) => r.cells.some((c) => c !== ''));
}

async function readXlsx(buffer: Buffer): Promise<TableRow[]> {
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(buffer as any);
  } catch {
    throw fileProblem('not a readable .xlsx workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw fileProblem('the workbook has no sheet');
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = (cell.text ?? '').trim();
    });
    rows.push({ row: number, cells: Array.from(cells, (c) => c ?? '') });
  });
  return rows;
}

function readCsv(buffer: Buffer): TableRow[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer); // drops a BOM
  } catch {
    throw fileProblem('neither an .xlsx workbook nor UTF-8 text: save the table as "CSV UTF-8" or as .xlsx');
  }
  let records: string[][];
  try {
    // blank lines are kept as records so the numbers match the rows a spreadsheet program shows
    records = parse(text, { relax_column_count: true, skip_empty_lines: false, trim: true });
  } catch (e) {
    throw fileProblem(`not valid CSV: ${(e as Error).message}`);
  }
  return records.map((cells, i) => ({ row: i + 1, cells }));
}

function fileProblem(reason: string): MasterDataError {
  return MasterDataError.importFailed([{ field: 'file', reason }]);
}
