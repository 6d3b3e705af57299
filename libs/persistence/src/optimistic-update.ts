import type { Queryable } from './sql';
import { OptimisticLockError } from './errors';

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
  const columns = Object.keys(set);
  for (const c of [table, ...columns]) if (!IDENT.test(c)) throw new Error(`not a plain identifier: ${c}`);
  const assignments = columns.map((c, i) => `${c} = $${i + 3}`);
  const sql = `UPDATE ${table} SET ${[...assignments, 'version = version + 1'].join(', ')}
               WHERE id = $1 AND version = $2 RETURNING version`;
  const rows: { version: number }[] = await tx.query(sql, [id, expectedVersion, ...columns.map((c) => toParam(set[c]))]);
  // TypeORM returns [rows, count] for UPDATE … RETURNING on postgres
  const returned = Array.isArray(rows[0]) ? (rows[0] as unknown as { version: number }[]) : rows;
  if (!returned.length) throw new OptimisticLockError(table, id, expectedVersion);
  return returned[0].version;
}

function toParam(v: unknown): unknown {
  return v !== null && typeof v === 'object' && !(v instanceof Date) && !Buffer.isBuffer(v) ? JSON.stringify(v) : v;
}
