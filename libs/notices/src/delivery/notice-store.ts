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
  const t = `$${params.length + 1}::timestamptz`;
  const rows: { id: string }[] = await db.query(
    `WITH src AS (${selectSql}),
     ins AS (
       INSERT INTO notices AS n (subdistrict_id, year, station_id, kind, recipient_type, recipient_id, occasion, dedupe_key, number, title, payload, created_at)
       SELECT s.subdistrict_id, s.year, s.station_id, s.kind, s.recipient_type, s.recipient_id, s.occasion, ${DEDUPE_KEY_SQL('s')},
              s.number, s.title, s.payload, ${t}
         FROM src s
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING n.id, n.recipient_type, n.recipient_id
     ),
     rcpt AS (
       SELECT ins.id AS notice_id, r.channels, r.email, r.webhook_url
         FROM ins
         JOIN LATERAL (
           SELECT st.channels, st.email, st.webhook_url FROM stations st WHERE ins.recipient_type = 'station' AND st.id = ins.recipient_id
           UNION ALL
           SELECT d.channels, d.email, d.webhook_url FROM departments d WHERE ins.recipient_type = 'department' AND d.id = ins.recipient_id
           UNION ALL
           SELECT u.channels, u.email, u.webhook_url FROM users u WHERE ins.recipient_type = 'user' AND u.id = ins.recipient_id
         ) r ON true
     ),
     chans AS (
       SELECT notice_id, email, webhook_url,
              ARRAY(SELECT DISTINCT c FROM unnest(channels) c WHERE c IN ('inbox', 'webhook', 'email')) AS list
         FROM rcpt
     )
     INSERT INTO deliveries (notice_id, channel, address, next_attempt_at, created_at, updated_at)
     SELECT notice_id, c,
            CASE c WHEN 'email' THEN jsonb_build_object('to', email) WHEN 'webhook' THEN jsonb_build_object('url', webhook_url) ELSE '{}'::jsonb END,
            ${t}, ${t}, ${t}
       FROM chans CROSS JOIN LATERAL unnest(CASE WHEN cardinality(list) = 0 THEN ARRAY['inbox'] ELSE list END) AS c
     RETURNING id`,
    [...params, now],
  );
  return rows.map((r) => r.id);
}

/** Pending deliveries whose next attempt has come: what a sweep (re-)enqueues, e.g. after Redis was lost. */
export async function dueDeliveryIds(db: Queryable, now: Date, limit = 100_000): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2`,
    [now, limit],
  );
  return rows.map((r) => r.id);
}
