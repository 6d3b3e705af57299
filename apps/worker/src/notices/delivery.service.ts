/**
 * Delivers one `deliveries` row. The row is locked (`FOR UPDATE SKIP LOCKED`) for the whole attempt, so two
 * workers never both send it; a second worker that finds it locked leaves it alone. What was due is re-checked
 * first (a reminder to a station that has submitted meanwhile is cancelled, not sent). The inbox channel writes
 * the inbox item and marks the delivery delivered in the same transaction (a worker killed in between leaves
 * neither). Webhook and e-mail carry the delivery id as Idempotency-Key / Message-ID: a worker killed after the
 * far end accepted but before the commit resends the same key (at-least-once; the receiver deduplicates).
 *
 * Inbox deliveries go in batches: the job of one claims its own row plus up to INBOX_BATCH other due pending inbox
 * rows (`FOR UPDATE SKIP LOCKED`), cancels the stale reminders among them, marks the rest delivered and writes their
 * inbox items, all in one statement and one transaction. The jobs of the rows a batch took find them done and
 * return 'skipped' (from memory when the batch ran in this process, else from Postgres). Exactly-once in effect is
 * unchanged: a row is delivered by the one transaction that holds its lock and finds it pending.
 *
 * Failures: attempts and last_error are recorded; a transient failure sets next_attempt_at (so a sweep can
 * re-enqueue it after a Redis loss) and is thrown for BullMQ to retry with exponential backoff; a permanent one,
 * or the last attempt, marks the delivery failed and tells the subdistrict's coordinators (delivery_failed).
 */
import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource, EntityManager } from 'typeorm';
import { localDate } from '@app/calendar';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { CLOCK, SYSTEM_ACTOR, systemClock } from '@app/platform';
import type { Clock } from '@app/platform';
import { MarkNotifiedCommand } from '@app/assessment';
import {
  ChannelAddress, delayAfterFailureMs, DeliveryError, EmailChannel, insertNoticeDeliveries, NewDelivery, Notice, NOTICE_KINDS, reviveNotice,
  shouldRetry, WebhookChannel,
} from '@app/notices';
import { DELIVERY_OPTIONS } from '@app/notices';
import type { DeliveryOptions } from '@app/notices';
import { DeliveryQueue } from '@app/notices';

export type DeliveryOutcome = 'delivered' | 'cancelled' | 'failed' | 'retry' | 'skipped';

/** Other due inbox deliveries one inbox job takes along (one statement, one transaction). */
export const INBOX_BATCH = 500;
/** The own id of a batch that no job asked for (read-ahead): matches no row. */
const NO_DELIVERY = '00000000-0000-0000-0000-000000000000';
/** Rows finished by a batch of this process whose own jobs have not run yet: bounded, and trusted this long. */
const DONE_LIMIT = 100_000;
const DONE_TTL_MS = 10 * 60_000;

/**
 * One statement: claim the job's own inbox row (whatever its next_attempt_at) and up to $3 other due pending inbox
 * rows, skipping rows another transaction holds; cancel the ones no longer due (the checks of staleReason, set-based);
 * mark the rest delivered and insert their inbox items. Returns one row per claimed delivery.
 */
export const INBOX_BATCH_SQL = `
  WITH own AS (
    SELECT id, notice_id FROM deliveries WHERE id = $1 AND status = 'pending' AND channel = 'inbox' FOR UPDATE SKIP LOCKED
  ),
  others AS (
    SELECT id, notice_id FROM deliveries
     WHERE status = 'pending' AND channel = 'inbox' AND next_attempt_at <= $2 AND id <> $1
     ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED
  ),
  claimed AS (SELECT * FROM own UNION ALL SELECT * FROM others),
  info AS (
    SELECT c.id, n.id AS notice_id, n.kind, n.station_id, n.year, n.subdistrict_id, n.recipient_type, n.recipient_id,
           CASE WHEN n.station_id IS NULL THEN NULL
                WHEN n.kind IN ('${NOTICE_KINDS.selfAssessmentReminder}', '${NOTICE_KINDS.windowOpen}') THEN
                  CASE WHEN sy.state IS DISTINCT FROM 'selfAssessmentOpen' THEN 'no longer due: the station is ' || coalesce(sy.state, 'undefined') END
                WHEN n.kind = '${NOTICE_KINDS.overdueNotice}' THEN
                  CASE WHEN sy.state IS DISTINCT FROM 'overdue' THEN 'no longer due: the station is ' || coalesce(sy.state, 'undefined') END
                WHEN n.kind = '${NOTICE_KINDS.monthlyRecordReminder}' THEN
                  CASE WHEN EXISTS (SELECT 1 FROM month_records mr WHERE mr.station_year_id = sy.id
                                       AND mr.month = substr(n.occasion, 6, 2)::int AND mr.special IS NOT NULL)
                       THEN 'no longer due: the month is recorded' END
           END AS stale
      FROM claimed c JOIN notices n ON n.id = c.notice_id
      LEFT JOIN station_years sy ON sy.station_id = n.station_id AND sy.year = n.year
  ),
  cancelled AS (
    UPDATE deliveries d SET status = 'cancelled', last_error = i.stale, updated_at = $2
      FROM info i WHERE d.id = i.id AND i.stale IS NOT NULL
    RETURNING d.id, 'cancelled'::text AS outcome, i.kind, i.station_id, i.year, i.subdistrict_id
  ),
  delivered AS (
    UPDATE deliveries d SET status = 'delivered', attempts = d.attempts + 1, delivered_at = $2, updated_at = $2
      FROM info i WHERE d.id = i.id AND i.stale IS NULL
    RETURNING d.id, 'delivered'::text AS outcome, i.kind, i.station_id, i.year, i.subdistrict_id, i.notice_id, i.recipient_type, i.recipient_id
  ),
  items AS (
    INSERT INTO inbox_items (delivery_id, notice_id, recipient_type, recipient_id, created_at)
    SELECT id, notice_id, recipient_type, recipient_id, $2 FROM delivered
    ON CONFLICT (delivery_id) DO NOTHING
  )
  SELECT id, outcome, kind, station_id, year, subdistrict_id FROM cancelled
  UNION ALL
  SELECT id, outcome, kind, station_id, year, subdistrict_id FROM delivered`;

interface BatchRow {
  id: string;
  outcome: 'delivered' | 'cancelled';
  kind: string;
  station_id: string | null;
  year: number;
  subdistrict_id: string;
}

interface Row {
  id: string;
  channel: 'inbox' | 'webhook' | 'email';
  status: string;
  attempts: number;
  notice_id: string;
  kind: string;
  station_id: string | null;
  year: number;
  occasion: string;
  subdistrict_id: string;
  title: string;
  number: string | null;
  payload: Notice;
  recipient_type: 'user' | 'department' | 'station';
  recipient_id: string;
}

/** A transient failure, thrown after its attempt was recorded, so BullMQ schedules the next one. */
export class RetryLater extends Error {
  constructor(readonly reason: string, readonly delayMs: number) {
    super(reason);
    this.name = 'RetryLater';
  }
}

@Injectable()
export class DeliveryService implements OnModuleDestroy {
  private readonly logger = new Logger('delivery');
  private readonly webhook: WebhookChannel;
  private email?: EmailChannel;

  constructor(
    private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DELIVERY_OPTIONS) private readonly options: DeliveryOptions,
    private readonly queue: DeliveryQueue,
    private readonly commands: CommandBus,
  ) {
    // signatures and Retry-After are about the receiver's real time, never the (possibly simulated) business clock
    this.webhook = new WebhookChannel({ timeoutMs: options.webhookTimeoutMs, clock: systemClock });
  }

  /** Rows a batch of this process finished (id → when, monotonic ms), whose own jobs have not come yet. */
  private readonly done = new Map<string, number>();
  /** Own rows a job found taken (locked by a batch still running) and returned 'skipped' for. */
  private readonly skipped = new Set<string>();
  /** The last inbox batch of this process (batches run one after another), and whether a read-ahead is queued. */
  private batchTail: Promise<unknown> = Promise.resolve();
  private readAhead = false;

  private takeDone(id: string): boolean {
    const at = this.done.get(id);
    if (at === undefined) return false;
    this.done.delete(id);
    return performance.now() - at < DONE_TTL_MS;
  }

  /** After a batch's commit: its other rows' jobs may skip the database, unless they already ran (and skipped). */
  private rememberDone(ids: string[]): void {
    const at = performance.now();
    for (const id of ids) {
      if (this.skipped.delete(id)) continue;
      this.done.set(id, at);
    }
    for (const id of this.done.keys()) {
      if (this.done.size <= DONE_LIMIT) break;
      this.done.delete(id);
    }
  }

  private rememberSkipped(id: string): void {
    if (this.takeDone(id)) return; // the batch that took it has committed meanwhile
    this.skipped.add(id);
    for (const s of this.skipped) {
      if (this.skipped.size <= 10_000) break;
      this.skipped.delete(s);
    }
  }

  private closing = false;

  async onModuleDestroy(): Promise<void> {
    this.closing = true; // no more read-ahead; the batch in flight finishes before the connections close
    await this.batchTail;
    this.email?.close();
  }

  private emailChannel(): EmailChannel {
    if (!this.config.smtpUrl) throw DeliveryError.permanent('e-mail is not configured (SMTP_URL)');
    this.email ??= new EmailChannel({ smtpUrl: this.config.smtpUrl, from: this.config.mailFrom, timeoutMs: 15_000 });
    return this.email;
  }

  /**
   * Delivers one row (and, for the inbox, a batch of others with it); throws RetryLater when the attempt failed and
   * another one should follow. `channel` is the job's hint: 'inbox' goes straight to the batch, another channel
   * straight to the one-row path, none tries the batch first.
   */
  async deliver(deliveryId: string, channel?: string): Promise<DeliveryOutcome> {
    if (channel === undefined || channel === 'inbox') {
      if (this.takeDone(deliveryId)) return 'skipped';
      try {
        const rows = await this.inboxBatch(deliveryId);
        if (rows === 'done') return 'skipped';
        const own = rows.find((r) => r.id === deliveryId);
        await this.afterBatch(rows);
        if (own) return own.outcome;
        if (channel === 'inbox') {
          this.rememberSkipped(deliveryId); // done already, or in a batch (another process's) that holds it now
          return 'skipped';
        }
      } catch (e) {
        this.logger.warn(`inbox batch with ${deliveryId} failed, delivering it alone: ${(e as Error).message}`);
      }
    }
    const outcome = await this.deliverOne(deliveryId);
    if (outcome === 'skipped') this.rememberSkipped(deliveryId);
    return outcome;
  }

  /**
   * One inbox batch with `own`'s row (NO_DELIVERY: none). The batches of this process run one after another (one
   * connection's worth of inbox writes; more would only contend for the same rows): a job queued behind a batch
   * that took its row finds it done and returns without touching the database.
   */
  private inboxBatch(own: string): Promise<BatchRow[] | 'done'> {
    const run = this.batchTail.then(async () => {
      if (own !== NO_DELIVERY && this.takeDone(own)) return 'done' as const;
      const rows: BatchRow[] = await this.db.transaction(async (tx) => {
        // Without statistics on the fresh rows the planner reads every due row (bitmap scan) and sorts them all for
        // each batch; walking deliveries_due_idx in order stops after the batch (measured 0.5 ms vs 13 ms at 20,000
        // pending, and the gap grows with the backlog).
        await tx.query('SET LOCAL enable_bitmapscan = off');
        return tx.query(INBOX_BATCH_SQL, [own, this.clock.now(), INBOX_BATCH]);
      });
      this.rememberDone(rows.filter((r) => r.id !== own).map((r) => r.id));
      return rows;
    });
    this.batchTail = run.catch(() => undefined);
    return run;
  }

  /**
   * After a batch: a full one means more inbox rows are due, so the next batch is queued at once (one read-ahead at
   * a time): Postgres writes the next rows while BullMQ hands out the jobs of this batch's, which then find their
   * rows done. Then 抄告 completion per station.
   */
  private async afterBatch(rows: BatchRow[]): Promise<void> {
    if (rows.length >= INBOX_BATCH && !this.readAhead && !this.closing) {
      this.readAhead = true;
      void this.inboxBatch(NO_DELIVERY)
        .then((next) => {
          this.readAhead = false;
          return next === 'done' ? undefined : this.afterBatch(next);
        })
        .catch((e) => {
          this.readAhead = false;
          this.logger.warn(`inbox read-ahead batch failed: ${(e as Error).message}`);
        });
    }
    const notified = new Map<string, BatchRow>();
    for (const r of rows) {
      if (r.outcome === 'delivered' && r.kind === NOTICE_KINDS.resultNotice && r.station_id) notified.set(`${r.station_id}|${r.year}`, r);
    }
    for (const r of notified.values()) await this.markNotifiedIfComplete(r);
  }

  /** Delivers one row on its own (webhook, e-mail, or an inbox row whose batch failed). */
  private async deliverOne(deliveryId: string): Promise<DeliveryOutcome> {
    const followUp: NewDelivery[] = [];
    let notified: Row | undefined;
    let retry: RetryLater | undefined;
    const outcome = await this.db.transaction(async (tx) => {
      const [row]: Row[] = await tx.query(
        `SELECT d.id, d.channel, d.status, d.attempts, d.notice_id, n.kind, n.station_id, n.year, n.occasion, n.subdistrict_id,
                n.title, n.number, n.payload, n.recipient_type, n.recipient_id
           FROM deliveries d JOIN notices n ON n.id = d.notice_id
          WHERE d.id = $1 FOR UPDATE OF d SKIP LOCKED`,
        [deliveryId],
      );
      if (!row || row.status !== 'pending') return 'skipped' as const; // locked by another worker, or done
      const now = this.clock.now();

      const stale = await this.staleReason(tx, row);
      if (stale) {
        await tx.query(`UPDATE deliveries SET status = 'cancelled', last_error = $2, updated_at = $3 WHERE id = $1`, [row.id, stale, now]);
        return 'cancelled' as const;
      }

      const attempt = row.attempts + 1;
      try {
        await this.send(tx, row);
        await tx.query(
          `UPDATE deliveries SET status = 'delivered', attempts = $2, delivered_at = $3, updated_at = $3 WHERE id = $1`,
          [row.id, attempt, now],
        );
        if (row.kind === NOTICE_KINDS.resultNotice) notified = row;
        return 'delivered' as const;
      } catch (e) {
        const reason = e instanceof DeliveryError ? e.reason : `${(e as Error).name}: ${(e as Error).message}`;
        if (shouldRetry(e, attempt, this.options.retry.maxAttempts)) {
          const delay = delayAfterFailureMs(e, attempt, this.options.retry);
          await tx.query(
            `UPDATE deliveries SET attempts = $2, last_error = $3, next_attempt_at = $4, updated_at = $5 WHERE id = $1`,
            [row.id, attempt, reason, new Date(now.getTime() + delay), now],
          );
          retry = new RetryLater(reason, delay);
          return 'retry' as const;
        }
        await tx.query(`UPDATE deliveries SET status = 'failed', attempts = $2, last_error = $3, updated_at = $4 WHERE id = $1`,
          [row.id, attempt, reason, now]);
        if (row.kind !== NOTICE_KINDS.deliveryFailed) followUp.push(...(await this.tellCoordinators(tx, row, attempt, reason, now)));
        return 'failed' as const;
      }
    });
    if (followUp.length) await this.queue.enqueue(followUp);
    if (notified) await this.markNotifiedIfComplete(notified);
    if (retry) throw retry;
    return outcome;
  }

  /** Why a reminder is no longer due (null: still due). */
  private async staleReason(tx: EntityManager, row: Row): Promise<string | null> {
    if (!row.station_id) return null;
    const stateOf = async () => {
      const [sy] = await tx.query(`SELECT state FROM station_years WHERE station_id = $1 AND year = $2`, [row.station_id, row.year]);
      return sy?.state as string | undefined;
    };
    switch (row.kind) {
      case NOTICE_KINDS.selfAssessmentReminder:
      case NOTICE_KINDS.windowOpen: {
        const state = await stateOf();
        return state === 'selfAssessmentOpen' ? null : `no longer due: the station is ${state}`;
      }
      case NOTICE_KINDS.overdueNotice: {
        const state = await stateOf();
        return state === 'overdue' ? null : `no longer due: the station is ${state}`;
      }
      case NOTICE_KINDS.monthlyRecordReminder: {
        const [r] = await tx.query(
          `SELECT 1 FROM month_records mr JOIN station_years sy ON sy.id = mr.station_year_id
            WHERE sy.station_id = $1 AND sy.year = $2 AND mr.month = $3 AND mr.special IS NOT NULL`,
          [row.station_id, row.year, Number(row.occasion.slice(5, 7))],
        );
        return r ? 'no longer due: the month is recorded' : null;
      }
      default:
        return null;
    }
  }

  private async send(tx: EntityManager, row: Row): Promise<void> {
    if (row.channel === 'inbox') {
      await tx.query(
        `INSERT INTO inbox_items (delivery_id, notice_id, recipient_type, recipient_id, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (delivery_id) DO NOTHING`,
        [row.id, row.notice_id, row.recipient_type, row.recipient_id, this.clock.now()],
      );
      return;
    }
    const r = await this.recipient(tx, row);
    let address: ChannelAddress;
    if (row.channel === 'webhook') {
      if (!r?.webhook_url) throw DeliveryError.permanent('no webhook URL configured for the recipient');
      const secret = r.webhook_secret ?? this.config.webhookSecret;
      if (!secret) throw DeliveryError.permanent('no webhook secret configured (recipient or WEBHOOK_SECRET)');
      address = { kind: 'webhook', url: r.webhook_url, secret };
      await this.webhook.send({ deliveryId: row.id, notice: reviveNotice(row.payload), address });
    } else {
      if (!r?.email) throw DeliveryError.permanent('no e-mail address configured for the recipient');
      address = { kind: 'email', to: r.email, name: r.name };
      await this.emailChannel().send({ deliveryId: row.id, notice: reviveNotice(row.payload), address });
    }
  }

  private async recipient(tx: EntityManager, row: { recipient_type: string; recipient_id: string }) {
    const table = row.recipient_type === 'station' ? 'stations' : row.recipient_type === 'department' ? 'departments' : 'users';
    const name = row.recipient_type === 'user' ? 'display_name' : 'name';
    const [r] = await tx.query(`SELECT ${name} AS name, email, webhook_url, webhook_secret FROM ${table} WHERE id = $1`, [row.recipient_id]);
    return r as { name: string; email: string | null; webhook_url: string | null; webhook_secret: string | null } | undefined;
  }

  /** A delivery_failed in-app notice to each coordinator of the subdistrict. */
  private async tellCoordinators(tx: EntityManager, row: Row, attempts: number, lastError: string, now: Date): Promise<NewDelivery[]> {
    const r = await this.recipient(tx, row);
    const [d] = await tx.query(`SELECT address FROM deliveries WHERE id = $1`, [row.id]);
    const address = d?.address?.url ?? d?.address?.to;
    const failed = {
      title: row.title, noticeNumber: row.number ?? undefined, recipientName: r?.name ?? row.recipient_id, channel: row.channel,
      address, attempts, lastError: lastError.slice(0, 500), failedAt: now.toISOString(),
    };
    return insertNoticeDeliveries(tx,
      `SELECT u.subdistrict_id, $2::int AS year, NULL::uuid AS station_id, 'delivery_failed'::text AS kind, 'user'::text AS recipient_type,
              u.id AS recipient_id, $3::text AS occasion, NULL::text AS number, '通知发送失败'::text AS title,
              jsonb_build_object('kind', 'delivery_failed', 'issueDate', $4::text, 'timeZone', $6::text, 'failed', $5::jsonb,
                                 'subdistrict', jsonb_build_object('name', sd.name, 'abbr', sd.abbr),
                                 'recipient', jsonb_build_object('name', u.display_name)) AS payload
         FROM users u JOIN subdistricts sd ON sd.id = u.subdistrict_id
        WHERE u.subdistrict_id = $1 AND u.role = 'coordinator' AND u.active`,
      [row.subdistrict_id, row.year, `${row.id}#${attempts}`, localDate(now, this.config.timeZone), JSON.stringify(failed), this.config.timeZone],
      now,
    );
  }

  /** When every delivery of the station's 抄告 notices is delivered: ALL_NOTICES_DELIVERED. */
  async markNotifiedIfComplete(row: { station_id: string | null; year: number; subdistrict_id: string }): Promise<boolean> {
    if (!row.station_id) return false;
    const [c] = await this.db.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE d.status <> 'delivered')::int AS open
         FROM notices n JOIN deliveries d ON d.notice_id = n.id
        WHERE n.station_id = $1 AND n.year = $2 AND n.kind = 'result_notice'`,
      [row.station_id, row.year],
    );
    if (c.total === 0 || c.open > 0) return false;
    try {
      const r = await this.commands.execute(new MarkNotifiedCommand(SYSTEM_ACTOR, { subdistrictId: row.subdistrict_id, stationId: row.station_id, year: row.year }));
      return r.changed;
    } catch (e) {
      this.logger.warn(`ALL_NOTICES_DELIVERED for ${row.station_id}/${row.year}: ${(e as Error).message}`);
      return false;
    }
  }
}
