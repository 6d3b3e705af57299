import type { Queryable } from './sql';
import { runStep, WriteStep } from './write-step';

export interface NewEvent {
  streamType: string;
  streamId: string;
  subdistrictId?: string | null;
  type: string;
  payload: Record<string, unknown>;
  actorId: string;
  actorRole: string;
  reason?: string | null;
  occurredAt: Date;
}

export interface StoredEvent extends NewEvent {
  id: string;
  recordedAt: Date;
}

/** Appends events in the caller's transaction; the table refuses UPDATE, DELETE and TRUNCATE. */
export async function appendEvents(tx: Queryable, events: NewEvent[]): Promise<string[]> {
  if (!events.length) return [];
  const inserted: { id: string }[] = await runStep(tx, appendEventsStep(events));
  return inserted.map((r) => String(r.id));
}

/** The INSERT of `appendEvents` as a step (RETURNING id, type, subdistrict_id), to run alone or in one statement; events must not be empty. */
export function appendEventsStep(events: NewEvent[]): WriteStep {
  const cols = 9;
  const params: unknown[] = [];
  const rows = events.map((e, i) => {
    params.push(e.streamType, e.streamId, e.subdistrictId ?? null, e.type, JSON.stringify(e.payload),
      e.actorId, e.actorRole, e.reason ?? null, e.occurredAt);
    return `(${Array.from({ length: cols }, (_, j) => `$${i * cols + j + 1}`).join(', ')})`;
  });
  return {
    sql: `INSERT INTO events (stream_type, stream_id, subdistrict_id, type, payload, actor_id, actor_role, reason, occurred_at)
     VALUES ${rows.join(', ')} RETURNING id, type, subdistrict_id`,
    params,
  };
}

/** Reads events in order, after a given id, in pages (for projection rebuilds and the audit trail). */
export async function readEvents(
  db: Queryable,
  { afterId = '0', limit = 5000, streamType, streamId, subdistrictId, types }:
    { afterId?: string; limit?: number; streamType?: string; streamId?: string; subdistrictId?: string; types?: string[] } = {},
): Promise<StoredEvent[]> {
  const where = ['id > $1'];
  const params: unknown[] = [afterId];
  if (streamType) where.push(`stream_type = $${params.push(streamType)}`);
  if (streamId) where.push(`stream_id = $${params.push(streamId)}`);
  if (subdistrictId) where.push(`subdistrict_id = $${params.push(subdistrictId)}`);
  if (types) where.push(`type = ANY ($${params.push(types)}::text[])`);
  const rows = await db.query(
    `SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY id LIMIT $${params.push(limit)}`,
    params,
  );
  return rows.map((r: any) => ({
    id: String(r.id),
    streamType: r.stream_type,
    streamId: r.stream_id,
    subdistrictId: r.subdistrict_id,
    type: r.type,
    payload: r.payload,
    actorId: r.actor_id,
    actorRole: r.actor_role,
    reason: r.reason,
    occurredAt: r.occurred_at,
    recordedAt: r.recorded_at,
  }));
}
