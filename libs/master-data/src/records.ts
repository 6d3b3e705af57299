/**
 * The one place that writes master-data rows: insert and versioned update through plain SQL, each change
 * appended to the event store in the caller's transaction (old → new values for updates).
 */
import { appendEvents, OptimisticLockError, Tx, updateWithVersion } from '@app/persistence';
import type { Actor } from '@app/platform';
import { MasterDataError } from './errors';
import type { Queryable } from '@app/persistence';
export type { Queryable };

/** Who changes what, and when (the time comes from the Clock). */
export interface Change {
  actor: Actor;
  at: Date;
  reason?: string | null;
}

type Row = Record<string, any>;

/** How one kind of record maps to its table. */
export interface RecordKind<V> {
  table: string;
  /** Event stream type, e.g. 'station'; events are `<streamType>.created` / `.updated`. */
  streamType: string;
  /** API field → column, for every field a client may set or filter by. */
  columns: Record<string, string>;
  /** The column that ties a row to its subdistrict ('id' for subdistricts themselves). */
  scope: 'subdistrict_id' | 'id';
  /** API fields whose values never reach the event store. */
  secrets?: string[];
  /** ORDER BY of lists. */
  orderBy: string;
  view(row: Row): V;
}

/** Values as given by a client (API field names); undefined means "not given". */
export type Values = Record<string, unknown>;

export async function findRow(db: Queryable, kind: RecordKind<unknown>, id: string, scopeId: string | null): Promise<Row | null> {
  const params: unknown[] = [id];
  const scoped = scopeId === null ? '' : ` AND ${kind.scope} = $${params.push(scopeId)}`;
  const [row] = await db.query(`SELECT * FROM ${kind.table} WHERE id = $1${scoped}`, params);
  return row ?? null;
}

/** The row, or 404 naming `what`. */
export async function requireRow(db: Queryable, kind: RecordKind<unknown>, id: string, scopeId: string | null, what: string): Promise<Row> {
  const row = await findRow(db, kind, id, scopeId);
  if (!row) throw MasterDataError.notFound(what);
  return row;
}

export async function getRecord<V>(db: Queryable, kind: RecordKind<V>, id: string, scopeId: string | null, what: string): Promise<V> {
  return kind.view(await requireRow(db, kind, id, scopeId, what));
}

/** Rows of a subdistrict (or all, for scopeId null) matching every given filter, in `orderBy` order. */
export async function listRecords<V>(db: Queryable, kind: RecordKind<V>, scopeId: string | null, filters: object = {}): Promise<V[]> {
  if (scopeId !== null && kind.scope === 'subdistrict_id') await requireSubdistrict(db, scopeId);
  const where: string[] = [];
  const params: unknown[] = [];
  if (scopeId !== null) where.push(`${kind.scope} = $${params.push(scopeId)}`);
  for (const [field, value] of defined(filters)) where.push(`${column(kind, field)} = $${params.push(value)}`);
  const rows: Row[] = await db.query(
    `SELECT * FROM ${kind.table}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${kind.orderBy}`,
    params,
  );
  return rows.map((r) => kind.view(r));
}

export async function requireSubdistrict(db: Queryable, subdistrictId: string): Promise<void> {
  const [row] = await db.query(`SELECT 1 FROM subdistricts WHERE id = $1`, [subdistrictId]);
  if (!row) throw MasterDataError.notFound('subdistrict');
}

/** INSERT … RETURNING *, plus a `<streamType>.created` event with the given values. */
export async function insertRecord<V>(tx: Tx, kind: RecordKind<V>, values: object, change: Change): Promise<{ row: Row; view: V }> {
  const fields = defined(values);
  const params = fields.map(([, v]) => v);
  const [row]: Row[] = await tx
    .query(
      `INSERT INTO ${kind.table} (${fields.map(([f]) => column(kind, f)).join(', ')})
       VALUES (${params.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
      params,
    )
    .catch(translateDatabaseError);
  await recordEvent(tx, kind, row, 'created', redact(kind, Object.fromEntries(fields)), change);
  return { row, view: kind.view(row) };
}

/**
 * Applies the given values to a row read before, if the client's `version` still matches (else 409 via
 * OptimisticLockError), and records `<streamType>.updated` with `{field: {from, to}}` for what changed.
 * Nothing changed: no write and no event, but a stale version is still refused.
 */
export async function updateRecord<V>(tx: Tx, kind: RecordKind<V>, current: Row, version: number, values: object, change: Change): Promise<V> {
  const changed = defined(values).filter(([f, v]) => !sameValue(current[column(kind, f)], v));
  if (!changed.length) {
    if (current.version !== version) throw new OptimisticLockError(kind.table, current.id, version);
    return kind.view(current);
  }
  const set: Record<string, unknown> = { updated_at: change.at };
  for (const [f, v] of changed) set[column(kind, f)] = Array.isArray(v) ? pgTextArray(v) : v;
  await updateWithVersion(tx, kind.table, current.id, version, set).catch(translateDatabaseError);
  const diff = Object.fromEntries(changed.map(([f, v]) => [f, { from: current[column(kind, f)] ?? null, to: v }]));
  await recordEvent(tx, kind, current, 'updated', redact(kind, diff), change);
  const updated = await findRow(tx, kind, current.id, null);
  return kind.view(updated!);
}

async function recordEvent(tx: Tx, kind: RecordKind<unknown>, row: Row, what: string, payload: Values, change: Change) {
  await appendEvents(tx, [{
    streamType: kind.streamType,
    streamId: row.id,
    subdistrictId: kind.scope === 'id' ? row.id : row.subdistrict_id,
    type: `${kind.streamType}.${what}`,
    payload,
    actorId: change.actor.userId,
    actorRole: change.actor.role,
    reason: change.reason ?? null,
    occurredAt: change.at,
  }]);
}

/** Unique names → 409; anything else the schema refuses → 400 (the services check first, this is the backstop). */
export function translateDatabaseError(e: any): never {
  if (e?.code === '23505') {
    const what = /\(([^)]*)\)=\(([^)]*)\)/.exec(e.detail ?? '');
    throw MasterDataError.conflict(what ? `${what[1].split(', ').pop()} "${what[2].split(', ').pop()}" is already taken` : 'already exists');
  }
  if (e?.code === '23503' || e?.code === '23514' || e?.code === '23502') {
    throw MasterDataError.invalid(e.column ?? e.constraint ?? 'record', 'refused by the database schema');
  }
  throw e;
}

function column(kind: RecordKind<unknown>, field: string): string {
  const c = kind.columns[field];
  if (!c) throw new Error(`${kind.table} has no field ${field}`);
  return c;
}

function defined(values: object): [string, unknown][] {
  return Object.entries(values).filter(([, v]) => v !== undefined);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function redact(kind: RecordKind<unknown>, payload: Values): Values {
  const out = { ...payload };
  for (const s of kind.secrets ?? []) if (s in out) out[s] = '[redacted]';
  return out;
}

/** A text[] literal ('{"inbox","email"}'): updateWithVersion sends arrays as JSON otherwise. */
export function pgTextArray(values: unknown[]): string {
  return `{${values.map((v) => `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
