/**
 * A write as data: one SQL statement with its parameters, optionally reading data-modifying CTEs of its own
 * (`with`, e.g. the projection row a board-summary upsert follows). The same step runs as a statement of its own in
 * a transaction (`runStep`) or as a part of ONE statement that carries a whole commit (`writeInOneStatement`).
 */
import { QueryFailedError } from 'typeorm';
import type { Queryable } from './sql';

export interface WriteStep {
  /** A data-modifying statement (INSERT / UPDATE / DELETE, with RETURNING when something reads it). */
  sql: string;
  /** $1… of `sql` and of every `with` part (one numbering). */
  params: unknown[];
  /** Named data-modifying CTEs the statement reads, in order. */
  with?: [name: string, sql: string][];
}

/** A step that must write (return) at least one row, or the whole commit is refused with `orElse()`. */
export interface CheckedStep extends WriteStep {
  orElse: () => Error;
}

/** The SQLSTATE `commit_check(false, n)` raises (migration CommitCheck1764300002100). */
export const COMMIT_CHECK_SQLSTATE = 'AS409';

/** The statement text of a step on its own. */
export function stepSql(step: WriteStep): string {
  return step.with?.length ? `WITH ${step.with.map(([n, s]) => `${n} AS (${s})`).join(', ')} ${step.sql}` : step.sql;
}

/** Runs a step as a statement of its own (in the caller's transaction). */
export function runStep(tx: Queryable, step: WriteStep): Promise<any> {
  return tx.query(stepSql(step), step.params);
}

/** The rows a step returned: `query` answers [rows, rowCount] for UPDATE and DELETE, rows otherwise. */
export function returnedRows<T = any>(result: any): T[] {
  return Array.isArray(result?.[0]) ? result[0] : result ?? [];
}

/** Shifts $n placeholders by `offset` (our statements hold no `$` in literals; see write-step.spec.ts). */
function renumber(sql: string, offset: number): string {
  return offset === 0 ? sql : sql.replace(/\$(\d+)/g, (_, n) => `$${Number(n) + offset}`);
}

/** Whether the steps can share one statement: no CTE name twice (each `with` name is its step's own). */
export function canShareStatement(steps: WriteStep[]): boolean {
  const names = steps.flatMap((s) => (s.with ?? []).map(([n]) => n));
  return new Set(names).size === names.length && !names.some((n) => /^[cw]\d+$/.test(n));
}

/**
 * Every step in ONE statement (data-modifying CTEs): a single round trip that commits on its own, atomically — no
 * BEGIN, no COMMIT. Each checked step must return a row: the statement's SELECT calls `commit_check` on each, which
 * raises when one returned none, so nothing at all is written and `orElse()` of the first that failed is thrown.
 * All parts see one snapshot and none sees another's rows: the caller puts together only steps that do not read each
 * other's writes (at most one projection, distinct tables apart from its board-summary follow-up).
 */
export async function writeInOneStatement(db: Queryable, checked: CheckedStep[], writes: WriteStep[]): Promise<void> {
  const params: unknown[] = [];
  const ctes: string[] = [];
  const add = (name: string, step: WriteStep) => {
    const offset = params.length;
    params.push(...step.params);
    for (const [n, s] of step.with ?? []) ctes.push(`${n} AS (${renumber(s, offset)})`);
    ctes.push(`${name} AS (${renumber(step.sql, offset)})`);
  };
  checked.forEach((s, i) => add(`c${i}`, s));
  writes.forEach((s, i) => add(`w${i}`, s));
  const checks = checked.map((_, i) => `commit_check(EXISTS (SELECT FROM c${i}), ${i})`);
  try {
    await db.query(`WITH ${ctes.join(', ')} SELECT ${checks.length ? checks.join(', ') : 'true'}`, params);
  } catch (e) {
    const driver = e instanceof QueryFailedError ? (e as any).driverError : e;
    if (driver?.code === COMMIT_CHECK_SQLSTATE) throw checked[Number(driver.message)]?.orElse() ?? e;
    throw e;
  }
}
