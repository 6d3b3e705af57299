/**
 * Creating notices and their deliveries from typed drafts and typed audiences. Every notice has a unique key in
 * Postgres (kind, occasion, year, recipient, station): notices that exist are dropped before the insert and
 * `ON CONFLICT DO NOTHING` drops one a concurrent writer inserted meanwhile, so a repeated creation (a sweep that runs
 * twice, a job delivered twice, a sweep after a Redis loss) is a no-op.
 * Deliveries are created only for notices this statement inserted, one per channel the recipient has configured.
 *
 * A recipient's `channels` decide the channels (unknown names ignored; none left → inbox). A channel without its
 * address (webhook without URL, e-mail without address, robot without URL) still gets a delivery, which fails
 * permanently and shows up to the coordinators: misconfiguration must be visible, not silently skipped.
 *
 * Cost (a December sweep inserts one notice per station): a batch first finds the station-years not told yet (a set
 * difference against the occasion's range of the identity key, before any payload is built: a repeated sweep builds
 * nothing and reads the occasion's notices, not the year's); the sweep inserts its batches without ON CONFLICT (it
 * holds its lock; the unique key still refuses a duplicate); a batch returns counts, not a row per delivery.
 */
import type { Queryable } from '@app/persistence';
import { CHANNEL_KINDS } from './notice-drafts';
import type { CoordinatorListBatch, CreatedBatch, NewDelivery, NoticeDraft, StationAudience, StationNoticeBatch, UserRecipient } from './notice-drafts';

/**
 * A notice's identity, the unique key notices_identity_key (NULLS NOT DISTINCT: a coordinator's list has no station).
 * Led by (kind, occasion, year): one occasion's notices are one index range, so "told already?" is a probe or a read
 * of that range, never of every notice of the year.
 */
const IDENTITY = '(kind, occasion, year, recipient_type, recipient_id, station_id)';
/** The unique index of IDENTITY: the constraint an exclusive insert that met a concurrent writer's notice names. */
export const NOTICE_IDENTITY_KEY = 'notices_identity_key';

/**
 * Whether the notice of this identity exists (each part an SQL expression; `station` 'null' for notices about no
 * station, or an expression that may be NULL with `maybeNull`). OFFSET 0 keeps it a probe of the identity key per
 * row: as a join, statistics missing or stale after a sweep's insert (all rows fresh) once made the planner scan a
 * whole occasion's notices per station-year (seconds at 20,000 stations).
 */
function noticeExists(n: { kind: string; occasion: string; year: string; recipientType: string; recipientId: string; station: string }, maybeNull = false): string {
  const station = n.station === 'null' ? 'x.station_id IS NULL' : maybeNull ? `x.station_id IS NOT DISTINCT FROM ${n.station}` : `x.station_id = ${n.station}`;
  return `EXISTS (SELECT 1 FROM notices x WHERE x.kind = ${n.kind} AND x.occasion = ${n.occasion} AND x.year = ${n.year}
           AND x.recipient_type = ${n.recipientType} AND x.recipient_id = ${n.recipientId} AND ${station} OFFSET 0)`;
}

const CHANNEL_VALUES = CHANNEL_KINDS.map((c) => `('${c}')`).join(', ');
const CHANNEL_ARRAY = `ARRAY[${CHANNEL_KINDS.map((c) => `'${c}'`).join(', ')}]`;

/** How a statement's notices are inserted: `told` (src dropped those that exist already), `exclusive` (no concurrent writer). */
interface InsertMode {
  /** src has dropped the notices that exist already (a batch does so before it builds any payload). */
  told?: boolean;
  /**
   * The caller holds the sweep's lock, so no other sweep inserts these notices: no ON CONFLICT (its per-row probe and
   * speculative insertion are an eighth of a December sweep). The unique key still holds: a concurrent hand-off
   * creating the same notice makes the statement fail (23505 on NOTICE_IDENTITY_KEY, nothing of it inserted); the
   * sweep then runs that batch again at once without `exclusive`.
   */
  exclusive?: boolean;
}

/** The rows to insert (`src`), CTEs before them (`lead`), and where the deliveries' recipients may come from. */
interface InsertSource {
  src: string;
  lead?: string;
  recipients?: string;
}

/**
 * The one INSERT pipeline: `src` yields rows with the notices columns, `id` first (a new `time_ordered_uuid()`); the
 * clock's time is the last parameter. `lead` are CTEs before it (src and `recipients` may read them). Its last CTE
 * `dl` holds the deliveries created (id, notice_id, channel); `ins` the notices. A delivery's recipient comes from
 * the inserted notices joined back to stations, departments or users, or, when the caller knows every src row is
 * inserted (`told` and `exclusive`), from `recipients` (notice_id and the recipient's channels and addresses), which a
 * batch to stations has read already: no second read of the stations. Internal: callers hand in drafts or audiences,
 * never SQL.
 */
function insertSql(q: InsertSource, t: string, mode: InsertMode): string {
  const exists = noticeExists({ kind: 's.kind', occasion: 's.occasion', year: 's.year', recipientType: 's.recipient_type', recipientId: 's.recipient_id', station: 's.station_id' }, true);
  const recipients = q.recipients && mode.told && mode.exclusive ? q.recipients : `
       SELECT ins.id AS notice_id, coalesce(st.channels, dp.channels, u.channels) AS channels,
              coalesce(st.email, dp.email, u.email) AS email, coalesce(st.webhook_url, dp.webhook_url, u.webhook_url) AS webhook_url,
              coalesce(st.dingtalk_token, dp.dingtalk_token, u.dingtalk_token) AS dingtalk_token, coalesce(st.wecom_key, dp.wecom_key, u.wecom_key) AS wecom_key
         FROM ins
         LEFT JOIN stations st ON ins.recipient_type = 'station' AND st.id = ins.recipient_id
         LEFT JOIN departments dp ON ins.recipient_type = 'department' AND dp.id = ins.recipient_id
         LEFT JOIN users u ON ins.recipient_type = 'user' AND u.id = ins.recipient_id
        WHERE st.id IS NOT NULL OR dp.id IS NOT NULL OR u.id IS NOT NULL`;
  return `WITH ${q.lead ? `${q.lead},` : ''} src AS (${q.src}),
     ins AS (
       INSERT INTO notices AS n (id, subdistrict_id, year, station_id, kind, recipient_type, recipient_id, occasion, occasion_label,
                                 number, title, payload, created_at)
       SELECT s.id, s.subdistrict_id, s.year, s.station_id, s.kind, s.recipient_type, s.recipient_id, s.occasion, s.occasion_label,
              s.number, s.title, s.payload, ${t}
         FROM src s
        ${mode.told ? '' : `WHERE NOT ${exists}`}
       ${mode.exclusive ? '' : `ON CONFLICT ${IDENTITY} DO NOTHING`}
       RETURNING n.id, n.recipient_type, n.recipient_id
     ),
     rcpt AS (${recipients}),
     dl AS (
       INSERT INTO deliveries AS d (notice_id, channel, address, next_attempt_at, created_at, updated_at)
       SELECT r.notice_id, c.name,
              CASE c.name WHEN 'email' THEN jsonb_build_object('to', r.email) WHEN 'webhook' THEN jsonb_build_object('url', r.webhook_url)
                          WHEN 'dingtalk' THEN jsonb_build_object('robot', r.dingtalk_token IS NOT NULL) WHEN 'wecom' THEN jsonb_build_object('robot', r.wecom_key IS NOT NULL)
                          ELSE '{}'::jsonb END,
              ${t}, ${t}, ${t}
         FROM rcpt r
         JOIN (VALUES ${CHANNEL_VALUES}) AS c(name)
           ON c.name = ANY (r.channels) OR (c.name = 'inbox' AND NOT (r.channels && ${CHANNEL_ARRAY}))
       RETURNING d.id, d.notice_id, d.channel
     )`;
}

/** Inserts from `src` and returns every delivery created (for drafts: a handful of rows). */
async function insertFrom(db: Queryable, src: string, params: unknown[], now: Date): Promise<NewDelivery[]> {
  const rows: { id: string; notice_id: string; channel: NewDelivery['channel'] }[] = await db.query(
    `${insertSql({ src }, `$${params.length + 1}::timestamptz`, {})} SELECT id, notice_id, channel FROM dl`, [...params, now]);
  return rows.map((r) => ({ id: r.id, noticeId: r.notice_id, channel: r.channel }));
}

/**
 * Inserts a batch (one notice per station or per coordinator) and returns it counted: the inbox deliveries by number
 * (their jobs claim them in batches), the others by id. Twenty thousand rows back to Node cost more than the counts.
 */
async function insertBatch(db: Queryable, q: InsertSource, params: unknown[], now: Date, mode: InsertMode): Promise<CreatedBatch> {
  const [r] = await db.query(
    `${insertSql(q, `$${params.length + 1}::timestamptz`, mode)}
     SELECT (SELECT count(*) FROM ins)::int AS notices, count(*)::int AS deliveries, count(*) FILTER (WHERE channel = 'inbox')::int AS inbox,
            coalesce(jsonb_agg(jsonb_build_object('id', id, 'noticeId', notice_id, 'channel', channel)) FILTER (WHERE channel <> 'inbox'), '[]') AS others
       FROM dl`,
    [...params, now]);
  return r;
}

/** Inserts fully composed drafts (release 抄告, hand-offs, failure alarms, calendar warnings). */
export function insertNoticeDrafts(db: Queryable, drafts: NoticeDraft[], now: Date): Promise<NewDelivery[]> {
  if (!drafts.length) return Promise.resolve([]);
  const rows = drafts.map((d) => ({
    subdistrict_id: d.subdistrictId, year: d.year, station_id: d.stationId, kind: d.kind, recipient_type: d.recipient.type,
    recipient_id: d.recipient.id, occasion: d.occasion, occasion_label: d.occasionLabel, number: d.number ?? null, title: d.title, payload: d.payload,
  }));
  return insertFrom(db,
    `SELECT time_ordered_uuid() AS id, * FROM jsonb_to_recordset($1::jsonb) AS x(subdistrict_id uuid, year int, station_id uuid, kind text, recipient_type text,
            recipient_id uuid, occasion text, occasion_label text, number text, title text, payload jsonb)`,
    [JSON.stringify(rows)], now);
}

/** The WHERE of an audience over `station_years sy`, its parameters numbered from `from`. */
function audienceWhere(a: StationAudience, params: unknown[]): string {
  const parts = [`sy.assessment_year_id = ANY($${params.push(a.assessmentYearIds)}::uuid[])`];
  if (a.inStates) parts.push(`sy.state = ANY($${params.push([...a.inStates])}::text[])`);
  if (a.notInStates) parts.push(`NOT (sy.state = ANY($${params.push([...a.notInStates])}::text[]))`);
  if (a.missingMonth !== undefined) {
    // a month waived (豁免) by the coordination group is owed no more than a recorded one (the predicate is
    // month_records_covered_idx's, migration 1764300002800)
    parts.push(`NOT EXISTS (SELECT 1 FROM month_records mr WHERE mr.station_year_id = sy.id AND mr.month = $${params.push(a.missingMonth)}::int
      AND (mr.special IS NOT NULL OR mr.waiver IS NOT NULL))`);
  }
  return parts.join(' AND ');
}

/**
 * A part of a station batch: the stations whose ids lie in [from, to) (either end open), of one assessment year. Parts
 * split one batch into statements that may run side by side: disjoint stations, so disjoint notices and disjoint
 * board-summary rows.
 */
export interface StationPart {
  year: number;
  from?: string;
  to?: string;
}

/** `n` parts of even width over the id space (station ids are random UUIDs, so the parts hold about as many stations). */
export function stationParts(year: number, n: number): StationPart[] {
  const bound = (i: number) => `${Math.floor((i * 2 ** 32) / n).toString(16).padStart(8, '0')}-0000-0000-0000-000000000000`;
  return Array.from({ length: n }, (_, i) => ({ year, ...(i > 0 ? { from: bound(i) } : {}), ...(i < n - 1 ? { to: bound(i + 1) } : {}) }));
}

/**
 * One notice per active station of the batch's audience, addressed to the station itself (one statement). First the
 * station-years not told yet: the audience EXCEPT the station-years this occasion's notices name (one range of the
 * identity key) — a hashed or sorted set difference, linear whatever the statistics say (all rows of a sweep are
 * fresh: as an anti-join the planner once picked a nested loop over every notice per station-year, seconds at 20,000);
 * then the payloads of those alone.
 */
export function insertStationNotices(db: Queryable, b: StationNoticeBatch, now: Date, opts: { exclusive?: boolean; part?: StationPart } = {}): Promise<CreatedBatch> {
  const params: unknown[] = [b.kind, b.occasion, b.occasionLabel, b.title, b.fields.kind, b.issueDate];
  const { kind: _renderKind, ...rest } = b.fields;
  // the payload's other fields as more pairs of the one jsonb_build_object (cheaper than merging a second object per row)
  const more = Object.entries(rest).map(([key, value]) => `, $${params.push(key)}::text, $${params.push(JSON.stringify(value))}::jsonb`).join('');
  return insertBatch(db, {
    // the station-years not told yet, then those of active stations with what their notices and deliveries need
    lead: `due AS MATERIALIZED (${stationsToTellSql(b, params, opts.part)}),
     owed AS MATERIALIZED (
       SELECT time_ordered_uuid() AS id, sy.subdistrict_id, sy.year, sy.station_id, st.name,
              st.channels, st.email, st.webhook_url, st.dingtalk_token, st.wecom_key
         FROM due JOIN station_years sy ON sy.station_id = due.station_id AND sy.year = due.year
         JOIN stations st ON st.id = sy.station_id
        WHERE st.active)`,
    src: `SELECT o.id, o.subdistrict_id, o.year, o.station_id, $1::text AS kind, 'station'::text AS recipient_type, o.station_id AS recipient_id,
            $2::text AS occasion, $3::text AS occasion_label, NULL::text AS number, $4::text AS title,
            jsonb_build_object('kind', $5::text, 'year', o.year, 'issueDate', $6::text,
                               'subdistrict', jsonb_build_object('name', sd.name, 'abbr', sd.abbr),
                               'recipient', jsonb_build_object('name', o.name), 'station', jsonb_build_object('name', o.name)${more}) AS payload
       FROM owed o JOIN subdistricts sd ON sd.id = o.subdistrict_id`,
    recipients: `SELECT o.id AS notice_id, o.channels, o.email, o.webhook_url, o.dingtalk_token, o.wecom_key FROM owed o`,
  },
    params, now, { told: true, exclusive: opts.exclusive });
}

/**
 * The station-years (station_id, year) of the batch's audience not told yet: the audience EXCEPT the station-years
 * this occasion's notices name ($1 kind, $2 occasion). A part restricts both sides to its stations (on the notices'
 * side within one year: one range of the identity key).
 */
function stationsToTellSql(b: StationNoticeBatch, params: unknown[], part?: StationPart): string {
  const where = audienceWhere(b.audience, params);
  const range = (col: string) => (part?.from ? ` AND ${col} >= $${params.push(part.from)}::uuid` : '') + (part?.to ? ` AND ${col} < $${params.push(part.to)}::uuid` : '');
  const audience = part ? range('sy.station_id') : '';
  const told = part ? ` AND x.year = $${params.push(part.year)}::int${range('x.recipient_id')}` : '';
  return `SELECT sy.station_id, sy.year FROM station_years sy WHERE ${where}${audience}
       EXCEPT
       SELECT x.station_id, x.year FROM notices x
        WHERE x.kind = $1::text AND x.occasion = $2::text AND x.recipient_type = 'station'${told} AND x.recipient_id = x.station_id`;
}

/** One list per active coordinator of each year's subdistrict, naming the audience's stations. */
export function insertCoordinatorLists(db: Queryable, b: CoordinatorListBatch, now: Date): Promise<CreatedBatch> {
  const params: unknown[] = [b.kind, b.occasion, b.occasionLabel, b.title, b.issueDate, b.dueDate, JSON.stringify(b.subject), b.timeZone, b.always,
    b.audience.assessmentYearIds];
  const where = audienceWhere(b.audience, params);
  const told = noticeExists({ kind: '$1::text', occasion: '$2::text', year: 'ay.year', recipientType: `'user'`, recipientId: 'u.id', station: 'null' });
  return insertBatch(db, {
    src: `WITH due AS MATERIALIZED (
       SELECT ay.id, ay.subdistrict_id, ay.year, u.id AS user_id, u.display_name
         FROM assessment_years ay JOIN users u ON u.subdistrict_id = ay.subdistrict_id AND u.role = 'coordinator' AND u.active
        WHERE ay.id = ANY($10::uuid[]) AND NOT ${told}),
     -- the audience's station-years first, their names after (most sweeps find none: no station or department read)
     listed AS MATERIALIZED (
       SELECT sy.assessment_year_id, sy.station_id, sy.state, sy.extended_until FROM station_years sy
        WHERE ${where} AND sy.assessment_year_id IN (SELECT id FROM due)),
     late AS (
       SELECT sy.assessment_year_id, count(*) AS n,
              coalesce(jsonb_agg(jsonb_build_object('name', st.name, 'dispatchingDepartment', d.name, 'dueDate', $6::text,
                'note', CASE WHEN sy.extended_until IS NOT NULL AND sy.state = ANY($${params.push([...b.extendedStates])}::text[])
                             THEN '已延期至' || to_char(sy.extended_until AT TIME ZONE $8, 'YYYY"年"FMMM"月"FMDD"日"') END)
                ORDER BY st.name), '[]'::jsonb) AS stations
         FROM listed sy JOIN stations st ON st.id = sy.station_id JOIN departments d ON d.id = st.department_id
        WHERE st.active
        GROUP BY sy.assessment_year_id)
     SELECT time_ordered_uuid() AS id, ay.subdistrict_id, ay.year, NULL::uuid AS station_id, $1::text AS kind, 'user'::text AS recipient_type, ay.user_id AS recipient_id,
            $2::text AS occasion, $3::text AS occasion_label, NULL::text AS number, $4::text AS title,
            jsonb_build_object('kind', 'late_list', 'year', ay.year, 'issueDate', $5::text, 'subject', $7::jsonb,
                               'subdistrict', jsonb_build_object('name', sd.name, 'abbr', sd.abbr),
                               'recipient', jsonb_build_object('name', ay.display_name), 'stations', coalesce(late.stations, '[]'::jsonb)) AS payload
       FROM due ay JOIN subdistricts sd ON sd.id = ay.subdistrict_id
       LEFT JOIN late ON late.assessment_year_id = ay.id
      WHERE late.n > 0 OR $9::boolean`,
  }, params, now, { told: true });
}

/** Active users of a role: of one subdistrict, or (null) of every subdistrict. */
export async function usersWithRole(db: Queryable, role: string, subdistrictId: string | null): Promise<UserRecipient[]> {
  const rows: any[] = await db.query(
    `SELECT u.id, u.subdistrict_id, u.display_name, sd.name, sd.abbr
       FROM users u JOIN subdistricts sd ON sd.id = u.subdistrict_id
      WHERE u.role = $1 AND u.active AND ($2::uuid IS NULL OR u.subdistrict_id = $2) ORDER BY u.subdistrict_id, u.display_name`,
    [role, subdistrictId],
  );
  return rows.map((r) => ({ id: r.id, subdistrictId: r.subdistrict_id, displayName: r.display_name, subdistrict: { name: r.name, abbr: r.abbr } }));
}
