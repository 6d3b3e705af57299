import { Inject, Injectable } from '@nestjs/common';
import { jobIds, QueueBackend, QUEUES } from '@app/messaging';
import { DELIVERY_OPTIONS } from './delivery-options';
import type { DeliveryOptions } from './delivery-options';
import type { CreatedBatch } from '../store/notice-drafts';

/** Jobs per addBulk call, and how many calls are in flight at once (Node packs one chunk while Redis runs another). */
const CHUNK = 1000;
const IN_FLIGHT = 2;

/** A delivery to wake: its id and channel (an id alone: a channel other than the inbox). */
export type DeliveryRef = string | { id: string; channel?: string };

/** The jobs of the `notices` queue: `deliver` one delivery (job id `delivery-<id>`), or `inbox`: claim a batch of inbox rows. */
export const DELIVERY_JOBS = { deliver: 'deliver', inbox: 'inbox' } as const;
export interface DeliveryJobData {
  deliveryId?: string;
  channel?: string;
}

const isInbox = (d: DeliveryRef) => typeof d !== 'string' && d.channel === 'inbox';
const idOf = (d: DeliveryRef) => (typeof d === 'string' ? d : d.id);

/**
 * Wakes deliveries. Postgres holds the work; jobs are only triggers: inbox rows are claimed in batches, so one
 * `inbox` job is queued per batch of them (BullMQ's per-job cost stops bounding inbox delivery); every other
 * delivery has its own job with a deterministic id, so adding it twice is a no-op while the job exists.
 */
@Injectable()
export class DeliveryQueue {
  constructor(private readonly queues: QueueBackend, @Inject(DELIVERY_OPTIONS) private readonly options: DeliveryOptions) {}

  /** Returns how many deliveries were woken (inbox rows count one each, though they share jobs). */
  async enqueue(deliveries: DeliveryRef[]): Promise<number> {
    const inbox = deliveries.filter(isInbox).length;
    const others = deliveries.filter((d) => !isInbox(d));
    await Promise.all([this.wakeInbox(inbox), this.enqueueOne(others)]);
    return deliveries.length;
  }

  /** Wakes what a batch created: its inbox rows by number, every other delivery by id. Returns how many. */
  async wakeBatch(created: CreatedBatch): Promise<number> {
    await Promise.all([this.wakeInbox(created.inbox), this.enqueueOne(created.others)]);
    return created.deliveries;
  }

  /** One `inbox` job per batch of `rows` due inbox deliveries (each job claims whatever is due when it runs). */
  async wakeInbox(rows: number): Promise<number> {
    if (rows <= 0) return 0;
    const jobs = Math.ceil(rows / this.options.inboxBatch);
    const { retry } = this.options;
    await this.queues.queue<DeliveryJobData>(QUEUES.notices).addBulk(Array.from({ length: jobs }, () => ({
      name: DELIVERY_JOBS.inbox, data: {}, opts: { attempts: retry.maxAttempts, backoff: { type: 'exponential', delay: retry.baseMs } },
    })));
    return jobs;
  }

  private async enqueueOne(deliveries: DeliveryRef[]): Promise<void> {
    if (!deliveries.length) return;
    const q = this.queues.queue<DeliveryJobData>(QUEUES.notices);
    const { retry } = this.options;
    // one options object for all jobs but the id (BullMQ copies what it keeps)
    const backoff = { type: 'exponential', delay: retry.baseMs } as const;
    let next = 0;
    const lane = async () => {
      while (next < deliveries.length) {
        const chunk = deliveries.slice(next, (next += CHUNK));
        await q.addBulk(chunk.map((d) => {
          const data: DeliveryJobData = typeof d === 'string' ? { deliveryId: d } : d.channel ? { deliveryId: d.id, channel: d.channel } : { deliveryId: d.id };
          return { name: DELIVERY_JOBS.deliver, data, opts: { jobId: jobIds.delivery(idOf(d)), attempts: retry.maxAttempts, backoff } };
        }));
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, Math.ceil(deliveries.length / CHUNK)) }, lane));
  }

  /**
   * Re-wakes deliveries Postgres says are pending and due. A job that is gone (Redis flushed) is added again; one
   * still waiting, delayed or running is left alone (same id); a finished one (completed/failed while the row stayed
   * pending, e.g. a worker died between the send and its record) is removed first so the id can be used again.
   */
  async enqueueAgain(deliveries: DeliveryRef[]): Promise<number> {
    const q = this.queues.queue(QUEUES.notices);
    const single = deliveries.filter((d) => !isInbox(d));
    for (let i = 0; i < single.length; i += 100) {
      await Promise.all(single.slice(i, i + 100).map(async (d) => {
        const job = await q.getJob(jobIds.delivery(idOf(d)));
        if (!job) return;
        const state = await job.getState();
        if (state === 'completed' || state === 'failed') await job.remove().catch(() => undefined);
      }));
    }
    return this.enqueue(deliveries);
  }

  /** For a coordinator's retry: the finished (failed) job of the same id must go before the id can be reused. */
  async requeue(deliveryId: string, channel?: string): Promise<void> {
    const q = this.queues.queue(QUEUES.notices);
    const job = await q.getJob(jobIds.delivery(deliveryId));
    if (job) {
      const state = await job.getState();
      if (state === 'active') return; // running now: it will see the pending row
      await job.remove().catch(() => undefined);
    }
    await this.enqueueOne([{ id: deliveryId, channel }]);
  }
}
