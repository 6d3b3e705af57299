/**
 * Creating notices and their deliveries, set-based. Every notice has a unique key in Postgres
 * (station | year | kind | recipient | occasion): `INSERT … ON CONFLICT (dedupe_key) DO NOTHING` makes a repeated
 * creation (a sweep that runs twice, a job delivered twice, a sweep after a Redis loss) a no-op. Deliveries are
 * created only for notices this statement inserted, one per channel the recipient has configured.
 */
export type Queryable = { query(sql: string, params?: unknown[]): Promise<any> };

export const CHANNEL_KINDS = ['inbox', 'webhook', 'email'] as const;

/** The SQL expression of a notice's unique key over a row with the notices columns. */
export const DEDUPE_KEY_SQL = (r: string) =>
  `coalesce(${r}.station_id::text, '-') || '|' || ${r}.year || '|' || ${r}.kind || '|' || ${r}.recipient_type || ':' || ${r}.recipient_id || '|' || ${r}.occasion`;

export function dedupeKey(n: { stationId: string | null; year: number; kind: string; recipientType: string; recipientId: string; occasion: string }): string {
  return `${n.stationId ?? '-'}|${n.year}|${n.kind}|${n.recipientType}:${n.recipientId}|${n.occasion}`;
}

/** A delivery created by `insertNoticeDeliveries`. */
export interface NewDelivery {
  id: string;
  noticeId: string;
  channel: (typeof CHANNEL_KINDS)[number];
}

/**
 * Inserts the notices produced by `selectSql` (columns: subdistrict_id, year, station_id, kind, recipient_type,
 * recipient_id, occasion, number, title, payload) and one pending delivery per channel of each new notice's
 * recipient. Returns the new delivery ids. `$1` of `selectSql`'s parameters is free for the caller; the clock's
 * time is appended as the last parameter.
 *
 * A recipient's `channels` decide the channels (unknown names ignored; none left → inbox). A channel without its
 * address (webhook without URL, e-mail without address) still gets a delivery, which fails permanently and
 * shows up to the coordinators: misconfiguration must be visible, not silently skipped.
 */
export async function insertNotices(db: Queryable, selectSql: string, params: unknown[], now: Date): Promise<string[]> {
  return (await insertNoticeDeliveries(db, selectSql, params, now)).map((d) => d.id);
}

/**
 * `insertNotices`, returning each new delivery with its notice and channel.
 *
 * Cost (a December sweep inserts one notice per station): rows whose key exists already are dropped by an index
 * anti-join before their payload is built (a repeated sweep builds nothing; ON CONFLICT stays as the guard against
 * a concurrent insert); the recipient is found with three hash/index joins, and the channels by joining the three
 * channel names (no per-row sub-selects).
 */
export async function insertNoticeDeliveries(db: Queryable, selectSql: string, params: unknown[], now: Date): Promise<NewDelivery[]> {
  const t = `$${params.length + 1}::timestamptz`;
  const rows: { id: string; notice_id: string; channel: NewDelivery['channel'] }[] = await db.query(
    `WITH src AS (${selectSql}),
     keyed AS (SELECT s.*, ${DEDUPE_KEY_SQL('s')} AS dedupe_key FROM src s),
     ins AS (
       INSERT INTO notices AS n (subdistrict_id, year, station_id, kind, recipient_type, recipient_id, occasion, dedupe_key, number, title, payload, created_at)
       SELECT k.subdistrict_id, k.year, k.station_id, k.kind, k.recipient_type, k.recipient_id, k.occasion, k.dedupe_key,
              k.number, k.title, k.payload, ${t}
         FROM keyed k
        WHERE NOT EXISTS (SELECT 1 FROM notices x WHERE x.dedupe_key = k.dedupe_key)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING n.id, n.recipient_type, n.recipient_id
     ),
     rcpt AS (
       SELECT ins.id AS notice_id, coalesce(st.channels, dp.channels, u.channels) AS channels,
              coalesce(st.email, dp.email, u.email) AS email, coalesce(st.webhook_url, dp.webhook_url, u.webhook_url) AS webhook_url
         FROM ins
         LEFT JOIN stations st ON ins.recipient_type = 'station' AND st.id = ins.recipient_id
         LEFT JOIN departments dp ON ins.recipient_type = 'department' AND dp.id = ins.recipient_id
         LEFT JOIN users u ON ins.recipient_type = 'user' AND u.id = ins.recipient_id
        WHERE st.id IS NOT NULL OR dp.id IS NOT NULL OR u.id IS NOT NULL
     )
     INSERT INTO deliveries AS d (notice_id, channel, address, next_attempt_at, created_at, updated_at)
     SELECT r.notice_id, c.name,
            CASE c.name WHEN 'email' THEN jsonb_build_object('to', r.email) WHEN 'webhook' THEN jsonb_build_object('url', r.webhook_url) ELSE '{}'::jsonb END,
            ${t}, ${t}, ${t}
       FROM rcpt r
       JOIN (VALUES ('inbox'), ('webhook'), ('email')) AS c(name)
         ON c.name = ANY (r.channels) OR (c.name = 'inbox' AND NOT (r.channels && ARRAY['inbox', 'webhook', 'email']))
     RETURNING d.id, d.notice_id, d.channel`,
    [...params, now],
  );
  return rows.map((r) => ({ id: r.id, noticeId: r.notice_id, channel: r.channel }));
}

/** Pending deliveries whose next attempt has come: what a sweep (re-)enqueues, e.g. after Redis was lost. */
export async function dueDeliveryIds(db: Queryable, now: Date, limit = 100_000): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2`,
    [now, limit],
  );
  return rows.map((r) => r.id);
}

/** `dueDeliveryIds` with each delivery's channel (the job's hint). */
export async function dueDeliveries(db: Queryable, now: Date, limit = 100_000): Promise<Pick<NewDelivery, 'id' | 'channel'>[]> {
  return db.query(
    `SELECT id, channel FROM deliveries WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2`,
    [now, limit],
  );
}
