/**
 * Claiming deliveries and recording their outcome. Nothing here holds a transaction across a send:
 * - inbox rows are claimed, judged still due or lapsed, and recorded in batches by one statement
 *   (`FOR UPDATE SKIP LOCKED`), as writing the inbox item is their whole "send";
 * - every other channel is claimed for a lease (`claimed_until`, database time) by one statement, sent with no
 *   transaction open, and its outcome recorded by another; a claim whose worker died may be taken again once its
 *   lease ran out (at-least-once; receivers deduplicate by the delivery id).
 * Each claim brings the facts the "no longer due" rule needs (the station's state, whether the month is recorded).
 */
import type { Queryable } from '@app/persistence';
import type { Notice } from '../render/notice.types';
import { NOTICE_KINDS } from '../delivery/notice-kinds';
import { noLongerDueSql, stillDueRows, type NoticeFacts } from '../rules/no-longer-due';
import type { DeliveryChannel, RecipientType } from './notice-drafts';

/** The own id of a batch that no job asked for: matches no row. */
const NO_DELIVERY = '00000000-0000-0000-0000-000000000000';

export interface ClaimedDelivery {
  id: string;
  channel: DeliveryChannel;
  attempts: number;
  address: { url?: string; to?: string };
  noticeId: string;
  kind: string;
  stationId: string | null;
  year: number;
  subdistrictId: string;
  occasion: string;
  title: string;
  number: string | null;
  payload: Notice;
  recipient: { type: RecipientType; id: string };
  facts: NoticeFacts;
}

/** Whether the month a monthly reminder is about has its record (or a waiver) now. */
const MONTH_RECORDED = `CASE WHEN n.kind = $MONTHLY AND sy.id IS NOT NULL THEN EXISTS (SELECT 1 FROM month_records mr WHERE mr.station_year_id = sy.id
       AND mr.month = substr(n.occasion, 6, 2)::int AND (mr.special IS NOT NULL OR mr.waiver IS NOT NULL)) ELSE false END`;
const CLAIMED_COLUMNS = `d.id, d.channel, d.attempts, d.address, n.id AS notice_id, n.kind, n.station_id, n.year, n.subdistrict_id, n.occasion,
  n.title, n.number, n.recipient_type, n.recipient_id, sy.state, ${MONTH_RECORDED} AS month_recorded`;
const FACTS_JOIN = `JOIN notices n ON n.id = d.notice_id LEFT JOIN station_years sy ON sy.station_id = n.station_id AND sy.year = n.year`;

function toClaimed(r: any): ClaimedDelivery {
  return {
    id: r.id, channel: r.channel, attempts: r.attempts, address: r.address ?? {}, noticeId: r.notice_id, kind: r.kind, stationId: r.station_id,
    year: r.year, subdistrictId: r.subdistrict_id, occasion: r.occasion, title: r.title, number: r.number, payload: r.payload,
    recipient: { type: r.recipient_type, id: r.recipient_id }, facts: { state: r.state ?? null, monthRecorded: !!r.month_recorded },
  };
}

/** What one inbox batch did: rows claimed, delivered, cancelled, and the 抄告 station-years among the delivered. */
export interface InboxBatch {
  claimed: number;
  delivered: number;
  cancelled: number;
  resultNotices: { stationId: string; year: number; subdistrictId: string }[];
}


/**
 * One inbox batch in ONE statement, within the caller's transaction: locks the own inbox row (null: none) and up to
 * `limit` other pending inbox rows, oldest first, skipping rows another transaction holds; applies the "no longer
 * due" rule (STILL_DUE, evaluated in SQL: noLongerDueSql) to each; cancels what lapsed, marks the rest delivered and
 * writes their inbox items. An inbox row is due as soon as it exists (writing it cannot fail on its own), whatever
 * the clock of the worker that claims it says. Nothing comes back per row but the 抄告 station-years delivered.
 */
export async function deliverInboxBatch(tx: Queryable, ownId: string | null, limit: number, now: Date): Promise<InboxBatch> {
  // Without statistics on fresh rows the planner reads every due row (bitmap scan) and sorts them all per batch;
  // walking deliveries_due_idx in order stops after the batch.
  await tx.query('SET LOCAL enable_bitmapscan = off');
  const [r] = await tx.query(
    `WITH own AS (SELECT id FROM deliveries WHERE id = $1 AND status = 'pending' AND channel = 'inbox' FOR UPDATE SKIP LOCKED),
     others AS (SELECT id FROM deliveries WHERE status = 'pending' AND channel = 'inbox' AND id <> $1
                 ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED),
     rules AS (SELECT * FROM jsonb_to_recordset($4::jsonb) AS x(kind text, in_states text[], not_in_states text[], month_missing boolean)),
     facts AS (
       SELECT p.id, n.id AS notice_id, n.kind, n.recipient_type, n.recipient_id, n.station_id, n.year, n.subdistrict_id,
              ${noLongerDueSql('r', 'sy.state', MONTH_RECORDED.replace('$MONTHLY', '$3'))} AS reason
         FROM (SELECT id FROM own UNION ALL SELECT id FROM others) p
         JOIN deliveries d ON d.id = p.id ${FACTS_JOIN}
         LEFT JOIN rules r ON r.kind = n.kind),
     recorded AS (
       UPDATE deliveries d SET status = CASE WHEN f.reason IS NULL THEN 'delivered' ELSE 'cancelled' END,
              attempts = d.attempts + CASE WHEN f.reason IS NULL THEN 1 ELSE 0 END,
              delivered_at = CASE WHEN f.reason IS NULL THEN $5::timestamptz END, last_error = f.reason, updated_at = $5
         FROM facts f WHERE d.id = f.id RETURNING d.id),
     items AS (
       INSERT INTO inbox_items (delivery_id, notice_id, recipient_type, recipient_id, created_at)
       SELECT f.id, f.notice_id, f.recipient_type, f.recipient_id, $5 FROM facts f WHERE f.reason IS NULL
       ON CONFLICT (delivery_id) DO NOTHING RETURNING 1)
     SELECT (SELECT count(*) FROM recorded)::int AS claimed, count(*) FILTER (WHERE f.reason IS NULL)::int AS delivered,
            count(*) FILTER (WHERE f.reason IS NOT NULL)::int AS cancelled,
            coalesce(jsonb_agg(DISTINCT jsonb_build_object('stationId', f.station_id, 'year', f.year, 'subdistrictId', f.subdistrict_id))
              FILTER (WHERE f.reason IS NULL AND f.kind = $6 AND f.station_id IS NOT NULL), '[]') AS result_notices
       FROM facts f`,
    [ownId ?? NO_DELIVERY, limit, NOTICE_KINDS.monthlyRecordReminder, JSON.stringify(stillDueRows()), now, NOTICE_KINDS.resultNotice],
  );
  return { claimed: r.claimed, delivered: r.delivered, cancelled: r.cancelled, resultNotices: r.result_notices };
}

export type ClaimResult = { claimed: ClaimedDelivery } | { leasedUntil: Date } | { done: true };

/** Claims one pending delivery for `leaseMs` (one statement, no transaction left open). */
export async function claimDelivery(db: Queryable, id: string, leaseMs: number): Promise<ClaimResult> {
  const [row] = await db.query(
    `WITH c AS (
       UPDATE deliveries SET claimed_until = clock_timestamp() + $2 * interval '1 millisecond'
        WHERE id = $1 AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < clock_timestamp())
        RETURNING id)
     SELECT ${CLAIMED_COLUMNS.replace('$MONTHLY', '$3')}, n.payload
       FROM c JOIN deliveries d ON d.id = c.id ${FACTS_JOIN}`,
    [id, leaseMs, NOTICE_KINDS.monthlyRecordReminder],
  );
  if (row) return { claimed: toClaimed(row) };
  const [other] = await db.query(`SELECT status, claimed_until FROM deliveries WHERE id = $1`, [id]);
  return other?.status === 'pending' && other.claimed_until ? { leasedUntil: other.claimed_until } : { done: true };
}

export type DeliveryRecord =
  | { outcome: 'delivered'; attempts: number }
  | { outcome: 'cancelled'; reason: string }
  | { outcome: 'retry'; attempts: number; reason: string; nextAttemptAt: Date }
  | { outcome: 'deferred'; nextAttemptAt: Date }
  | { outcome: 'failed'; attempts: number; reason: string };

/** Records the outcome of a claimed delivery and ends its claim. */
export async function recordDelivery(db: Queryable, id: string, r: DeliveryRecord, now: Date): Promise<void> {
  const set =
    r.outcome === 'delivered' ? `status = 'delivered', attempts = $3, delivered_at = $2`
    : r.outcome === 'cancelled' ? `status = 'cancelled', last_error = $3`
    : r.outcome === 'retry' ? `attempts = $3, last_error = $4, next_attempt_at = $5`
    : r.outcome === 'deferred' ? `next_attempt_at = $3`
    : `status = 'failed', attempts = $3, last_error = $4`;
  const params: unknown[] =
    r.outcome === 'delivered' ? [r.attempts]
    : r.outcome === 'cancelled' ? [r.reason]
    : r.outcome === 'retry' ? [r.attempts, r.reason, r.nextAttemptAt]
    : r.outcome === 'deferred' ? [r.nextAttemptAt]
    : [r.attempts, r.reason];
  await db.query(`UPDATE deliveries SET ${set}, claimed_until = NULL, updated_at = $2 WHERE id = $1 AND status = 'pending'`, [id, now, ...params]);
}

/** Pending deliveries a lost queue may have dropped: due since before `olderThan` and not claimed by a live worker. */
export async function lostDeliveries(db: Queryable, olderThan: Date, limit = 100_000): Promise<{ external: { id: string; channel: DeliveryChannel }[]; inbox: number }> {
  const external = await db.query(
    `SELECT id, channel FROM deliveries WHERE status = 'pending' AND channel <> 'inbox' AND next_attempt_at <= $1
        AND (claimed_until IS NULL OR claimed_until < clock_timestamp()) ORDER BY next_attempt_at LIMIT $2`,
    [olderThan, limit],
  );
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'pending' AND channel = 'inbox' AND created_at <= $1`, [olderThan]);
  return { external, inbox: n };
}

/** The 抄告 deliveries of one station's year: how many, how many not yet delivered. */
export async function resultNoticeProgress(db: Queryable, stationId: string, year: number): Promise<{ total: number; open: number }> {
  const [c] = await db.query(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE d.status <> 'delivered')::int AS open
       FROM notices n JOIN deliveries d ON d.notice_id = n.id WHERE n.station_id = $1 AND n.year = $2 AND n.kind = $3`,
    [stationId, year, NOTICE_KINDS.resultNotice],
  );
  return c;
}

export interface RecipientContact {
  name: string;
  email: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
  dingtalkToken: string | null;
  dingtalkSecret: string | null;
  wecomKey: string | null;
}

const RECIPIENT_TABLES: Record<RecipientType, { table: string; name: string }> = {
  station: { table: 'stations', name: 'name' },
  department: { table: 'departments', name: 'name' },
  user: { table: 'users', name: 'display_name' },
};

/** Where a recipient is reached, and its name. */
export async function recipientContact(db: Queryable, type: RecipientType, id: string): Promise<RecipientContact | undefined> {
  const t = RECIPIENT_TABLES[type];
  const [r] = await db.query(
    `SELECT ${t.name} AS name, email, webhook_url, webhook_secret, dingtalk_token, dingtalk_secret, wecom_key FROM ${t.table} WHERE id = $1`, [id]);
  return r && {
    name: r.name, email: r.email, webhookUrl: r.webhook_url, webhookSecret: r.webhook_secret,
    dingtalkToken: r.dingtalk_token, dingtalkSecret: r.dingtalk_secret, wecomKey: r.wecom_key,
  };
}
