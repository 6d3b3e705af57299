/**
 * Delivers notices: claims work from PostgreSQL, sends outside any transaction, records the outcome.
 * - Inbox: an `inbox` job delivers batches of due inbox rows, one statement each (claims with `FOR UPDATE SKIP
 *   LOCKED`, cancels those no longer due, writes the rest's inbox items), and goes on while batches come back full.
 * - Other channels: the job of one delivery claims it for a lease, checks it is still due, sends, records. A
 *   transient failure records the next attempt and throws RetryLater (BullMQ retries with backoff); a permanent one,
 *   or the last attempt, marks it failed and tells the subdistrict's coordinators (delivery_failed).
 * When the last 抄告 delivery of a station is delivered, the station's year moves on (ALL_NOTICES_DELIVERED).
 */
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { localDate } from '@app/calendar';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { CLOCK, SYSTEM_ACTOR } from '@app/platform';
import type { Clock } from '@app/platform';
import { MarkNotifiedCommand } from '@app/assessment';
import {
  ChannelSenders, ClaimedDelivery, claimDelivery, deliverInboxBatch, DELIVERY_JOBS, DELIVERY_OPTIONS, DeliveryError, DeliveryQueue,
  deliveryFailedDrafts, delayAfterFailureMs, insertNoticeDrafts, noLongerDue, NOTICE_KINDS, recipientContact, recordDelivery,
  reserveRobotSlot, resultNoticeProgress, robotAddressOf, robotKey, robotSent, shouldRetry, usersWithRole,
} from '@app/notices';
import type { DeliveryJobData, DeliveryOptions, RecipientContact } from '@app/notices';

export type DeliveryOutcome = 'delivered' | 'cancelled' | 'failed' | 'retry' | 'skipped' | { later: Date };

/** A transient failure, thrown after its attempt was recorded, so BullMQ schedules the next one. */
export class RetryLater extends Error {
  constructor(readonly reason: string, readonly delayMs: number) {
    super(reason);
    this.name = 'RetryLater';
  }
}

/** Inbox batches one job runs at most before it leaves the rest to the next job. */
const MAX_BATCHES_PER_JOB = 50;

@Injectable()
export class DeliveryService implements OnModuleDestroy {
  private readonly logger = new Logger('delivery');
  private readonly senders: ChannelSenders;
  private closing = false;

  constructor(
    private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DELIVERY_OPTIONS) private readonly options: DeliveryOptions,
    private readonly queue: DeliveryQueue,
    private readonly commands: CommandBus,
  ) {
    this.senders = new ChannelSenders({
      webhookTimeoutMs: options.webhookTimeoutMs, webhookSecret: config.webhookSecret, smtpUrl: config.smtpUrl, mailFrom: config.mailFrom,
      robots: options.robots, consoleBaseUrl: options.consoleBaseUrl,
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true; // the batch in flight finishes before the connections close
    await this.inboxTail;
    this.senders.close();
  }

  /** One job of the `notices` queue. */
  run(name: string, data: DeliveryJobData): Promise<DeliveryOutcome | { delivered: number; cancelled: number }> {
    if (name === DELIVERY_JOBS.inbox) return this.deliverInbox(null);
    if (!data.deliveryId) throw new Error('deliver job without deliveryId');
    return data.channel === 'inbox' ? this.deliverInbox(data.deliveryId) : this.deliverOne(data.deliveryId);
  }

  /**
   * Inbox batches (with `own`'s row in the first) while they come back full. The batches of one process run one
   * after another: more at once would only contend for the same rows (SKIP LOCKED walks past the others' locks) and
   * the same cores; other processes claim beside it.
   */
  deliverInbox(own: string | null): Promise<{ delivered: number; cancelled: number }> {
    const run = this.inboxTail.then(() => this.inboxBatches(own));
    this.inboxTail = run.catch(() => undefined);
    return run;
  }

  private inboxTail: Promise<unknown> = Promise.resolve();

  private async inboxBatches(own: string | null): Promise<{ delivered: number; cancelled: number }> {
    const total = { delivered: 0, cancelled: 0 };
    for (let i = 0; i < MAX_BATCHES_PER_JOB && !this.closing; i++) {
      const now = this.clock.now();
      const batch = await this.db.transaction((tx) => deliverInboxBatch(tx, i === 0 ? own : null, this.options.inboxBatch, now));
      total.delivered += batch.delivered;
      total.cancelled += batch.cancelled;
      for (const r of batch.resultNotices) await this.markNotifiedIfComplete(r);
      if (batch.claimed < this.options.inboxBatch) break;
      if (i === MAX_BATCHES_PER_JOB - 1) await this.queue.wakeInbox(1);
    }
    return total;
  }

  /** One delivery of a channel other than the inbox. */
  async deliverOne(id: string): Promise<DeliveryOutcome> {
    const claim = await claimDelivery(this.db, id, this.options.leaseMs);
    if ('done' in claim) return 'skipped';
    if ('leasedUntil' in claim) return { later: new Date(claim.leasedUntil.getTime() + 1000) }; // another worker's, or a dead one's
    const d = claim.claimed;
    if (d.channel === 'inbox') {
      await recordDelivery(this.db, d.id, { outcome: 'deferred', nextAttemptAt: this.clock.now() }, this.clock.now());
      await this.deliverInbox(d.id);
      return 'delivered';
    }
    const now = this.clock.now();
    const stale = noLongerDue(d.kind, d.facts);
    if (stale) {
      await recordDelivery(this.db, d.id, { outcome: 'cancelled', reason: stale }, now);
      return 'cancelled';
    }
    const attempts = d.attempts + 1;
    const contact = await recipientContact(this.db, d.recipient.type, d.recipient.id);
    let slot: { robot: string; reserved: string } | undefined;
    try {
      const robot = this.robotOf(d, contact);
      if (robot) {
        const r = await reserveRobotSlot((work) => this.db.transaction((tx) => work(tx)), robot, this.options.robots.perWindow, this.options.robots.windowMs);
        if ('later' in r) {
          // the robot's per-minute limit: wait for its window, no attempt used
          await recordDelivery(this.db, d.id, { outcome: 'deferred', nextAttemptAt: r.later }, this.clock.now());
          return { later: r.later };
        }
        slot = { robot, reserved: r.reserved };
      }
      await this.senders.send(d, contact);
    } catch (e) {
      return this.afterFailure(d, attempts, e, contact?.name);
    } finally {
      if (slot) await robotSent(this.db, slot.robot, slot.reserved);
    }
    await recordDelivery(this.db, d.id, { outcome: 'delivered', attempts }, this.clock.now());
    await this.afterDelivered([d]);
    return 'delivered';
  }

  /** The rate-limit key of a robot channel's delivery (null: not a robot). */
  private robotOf(d: ClaimedDelivery, contact: RecipientContact | undefined): string | null {
    const robot = robotAddressOf(d.channel, contact);
    return robot && robotKey(robot.kind, robot.kind === 'dingtalk' ? robot.token : robot.key);
  }

  private async afterFailure(d: ClaimedDelivery, attempts: number, e: unknown, recipientName: string | undefined): Promise<DeliveryOutcome> {
    const now = this.clock.now();
    const reason = e instanceof DeliveryError ? e.reason : `${(e as Error).name}: ${(e as Error).message}`;
    if (shouldRetry(e, attempts, this.options.retry.maxAttempts)) {
      const delay = delayAfterFailureMs(e, attempts, this.options.retry);
      await recordDelivery(this.db, d.id, { outcome: 'retry', attempts, reason, nextAttemptAt: new Date(now.getTime() + delay) }, now);
      throw new RetryLater(reason, delay);
    }
    await recordDelivery(this.db, d.id, { outcome: 'failed', attempts, reason }, now);
    if (d.kind !== NOTICE_KINDS.deliveryFailed) {
      const coordinators = await usersWithRole(this.db, 'coordinator', d.subdistrictId);
      const drafts = deliveryFailedDrafts({
        id: d.id, subdistrictId: d.subdistrictId, year: d.year, title: d.title, number: d.number, channel: d.channel,
        recipientName: recipientName ?? d.recipient.id, address: ChannelSenders.addressOf(d), attempts, lastError: reason,
      }, coordinators, now, localDate(now, this.config.timeZone), this.config.timeZone);
      await this.queue.enqueue(await insertNoticeDrafts(this.db, drafts, now));
    }
    return 'failed';
  }

  /** 抄告 completion: a station whose result notices are all delivered is notified. */
  private async afterDelivered(rows: ClaimedDelivery[]): Promise<void> {
    const stations = new Map<string, ClaimedDelivery>();
    for (const r of rows) if (r.kind === NOTICE_KINDS.resultNotice && r.stationId) stations.set(`${r.stationId}|${r.year}`, r);
    for (const r of stations.values()) await this.markNotifiedIfComplete(r);
  }

  /** When every delivery of the station's 抄告 notices is delivered: ALL_NOTICES_DELIVERED. */
  async markNotifiedIfComplete(row: { stationId: string | null; year: number; subdistrictId: string }): Promise<boolean> {
    if (!row.stationId) return false;
    const c = await resultNoticeProgress(this.db, row.stationId, row.year);
    if (c.total === 0 || c.open > 0) return false;
    try {
      const r = await this.commands.execute(new MarkNotifiedCommand(SYSTEM_ACTOR, { subdistrictId: row.subdistrictId, stationId: row.stationId, year: row.year }));
      return r.changed;
    } catch (e) {
      this.logger.warn(`ALL_NOTICES_DELIVERED for ${row.stationId}/${row.year}: ${(e as Error).message}`);
      return false;
    }
  }
}
