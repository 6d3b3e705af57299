/**
 * Turns table rows into typed rows by column headers: Chinese headers (the template's) or English ones,
 * every cell checked, every problem reported as `row N: 列名`. Pure.
 */
import { Problem } from '../errors';
import { TableRow } from './table';

/** A cell value the column refuses: the message says why. */
export class CellError extends Error {}

export interface Column<T> {
  key: keyof T & string;
  /** The Chinese header of the template; problems name the column by it. */
  label: string;
  /** Other accepted headers (English). */
  aliases: string[];
  required: boolean;
  /** Parses a non-empty cell; throws CellError with the reason. */
  parse(text: string): unknown;
  /** Value of an empty cell in an optional column. */
  empty?: unknown;
}

export interface ParsedRows<T> {
  rows: T[];
  problems: Problem[];
}

export const MAX_ROWS = 5000;

export const rowField = (row: number, label: string) => `row ${row}: ${label}`;

const normal = (header: string) => header.replace(/[\s_\-]/g, '').toLowerCase();

/** The header is the first row; each following row becomes a `T` with its row number, or problems. */
export function parseTable<T extends { row: number }>(table: TableRow[], columns: Column<T>[]): ParsedRows<T> {
  const [header, ...body] = table;
  if (!header) return { rows: [], problems: [{ field: 'file', reason: 'the file is empty' }] };
  const problems: Problem[] = [];
  const byHeader = new Map(columns.flatMap((c) => [c.label, ...c.aliases].map((h) => [normal(h), c] as const)));
  const positions = new Map<Column<T>, number>();
  header.cells.forEach((text, i) => {
    if (!text) return;
    const column = byHeader.get(normal(text));
    if (!column) {
      problems.push({ field: rowField(header.row, text), reason: `unknown column; expected ${columns.map((c) => c.label).join(', ')}` });
    } else if (positions.has(column)) {
      problems.push({ field: rowField(header.row, text), reason: `column ${column.label} appears twice` });
    } else positions.set(column, i);
  });
  for (const c of columns) {
    if (c.required && !positions.has(c)) problems.push({ field: rowField(header.row, c.label), reason: 'required column is missing' });
  }
  if (problems.length) return { rows: [], problems };
  if (!body.length) return { rows: [], problems: [{ field: 'file', reason: 'no data rows below the header' }] };
  if (body.length > MAX_ROWS) return { rows: [], problems: [{ field: 'file', reason: `at most ${MAX_ROWS} rows per file` }] };

  const rows: T[] = [];
  for (const line of body) {
    const row: Record<string, unknown> = { row: line.row };
    let ok = true;
    for (const c of columns) {
      const at = positions.get(c);
      const text = at === undefined ? '' : (line.cells[at] ?? '');
      if (text === '') {
        if (c.required) {
          problems.push({ field: rowField(line.row, c.label), reason: 'required' });
          ok = false;
        }
        row[c.key] = c.empty ?? null;
        continue;
      }
      try {
        row[c.key] = c.parse(text);
      } catch (e) {
        if (!(e instanceof CellError)) throw e;
        problems.push({ field: rowField(line.row, c.label), reason: e.message });
        ok = false;
      }
    }
    if (ok) rows.push(row as T);
  }
  return { rows, problems };
}

// Cell parsers shared by the row kinds.

export function text(max: number) {
  return (value: string) => {
    if (value.length > max) throw new CellError(`at most ${max} characters`);
    return value;
  };
}

export function oneOf<V>(labels: Record<string, V>) {
  const byNormal = new Map(Object.entries(labels).map(([k, v]) => [normal(k), v]));
  return (value: string): V => {
    const v = byNormal.get(normal(value));
    if (v === undefined) throw new CellError(`must be one of ${Object.keys(labels).join(', ')}`);
    return v;
  };
}

export const yesNo = oneOf({ 是: true, 否: false, yes: true, no: false, true: true, false: false });

export function wholeNumber(max: number) {
  return (value: string) => {
    if (!/^\d+$/.test(value)) throw new CellError('must be a whole number ≥ 0');
    const n = Number(value);
    if (n > max) throw new CellError(`at most ${max}`);
    return n;
  };
}
