import type { Queryable } from './sql';
import { OptimisticLockError } from './errors';
import { CheckedStep, returnedRows, runStep } from './write-step';

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * `UPDATE table SET …, version = version + 1 WHERE id = :id AND version = :v`; no row → OptimisticLockError.
 * TypeORM's @VersionColumn + save() does not check the version, hence this helper.
 */
export async function updateWithVersion(
  tx: Queryable,
  table: string,
  id: string,
  expectedVersion: number,
  set: Record<string, unknown>,
): Promise<number> {
  const step = versionedUpdate(table, id, expectedVersion, set);
  const returned = returnedRows<{ version: number }>(await runStep(tx, step));
  if (!returned.length) throw step.orElse();
  return returned[0].version;
}

/** The same update as a step (RETURNING version; no row → OptimisticLockError), to run alone or in one statement. */
export function versionedUpdate(table: string, id: string, expectedVersion: number, set: Record<string, unknown>): CheckedStep {
  const columns = Object.keys(set);
  for (const c of [table, ...columns]) if (!IDENT.test(c)) throw new Error(`not a plain identifier: ${c}`);
  const assignments = columns.map((c, i) => `${c} = $${i + 3}`);
  return {
    sql: `UPDATE ${table} SET ${[...assignments, 'version = version + 1'].join(', ')} WHERE id = $1 AND version = $2 RETURNING version`,
    params: [id, expectedVersion, ...columns.map((c) => toParam(set[c]))],
    orElse: () => new OptimisticLockError(table, id, expectedVersion),
  };
}

function toParam(v: unknown): unknown {
  return v !== null && typeof v === 'object' && !(v instanceof Date) && !Buffer.isBuffer(v) ? JSON.stringify(v) : v;
}
