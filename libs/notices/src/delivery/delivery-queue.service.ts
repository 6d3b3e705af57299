import { Inject, Injectable } from '@nestjs/common';
import { jobIds, QueueBackend, QUEUES } from '@app/messaging';
import { DELIVERY_OPTIONS } from './delivery-options';
import type { DeliveryOptions } from './delivery-options';

/** Jobs per addBulk call, and how many calls are in flight at once (Node packs one chunk while Redis runs another). */
const CHUNK = 1000;
const IN_FLIGHT = 2;

/** A delivery to enqueue: its id, and its channel when known (lets an inbox job go straight to the batch path). */
export type DeliveryRef = string | { id: string; channel?: string };

/** The data of a `deliver` job. `channel` is a hint: jobs without it (older ones, retries by id) work the same. */
export interface DeliveryJobData {
  deliveryId: string;
  channel?: string;
}

/**
 * Enqueues delivery jobs with deterministic ids (`delivery-<deliveryId>`): adding the same delivery twice is a
 * no-op while the job exists, and Postgres (deliveries.status) is the guard once it is gone.
 */
@Injectable()
export class DeliveryQueue {
  constructor(private readonly queues: QueueBackend, @Inject(DELIVERY_OPTIONS) private readonly options: DeliveryOptions) {}

  async enqueue(deliveries: DeliveryRef[]): Promise<number> {
    if (!deliveries.length) return 0;
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
          return { name: 'deliver', data, opts: { jobId: jobIds.delivery(data.deliveryId), attempts: retry.maxAttempts, backoff } };
        }));
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, Math.ceil(deliveries.length / CHUNK)) }, lane));
    return deliveries.length;
  }

  /**
   * Re-enqueues deliveries Postgres says are pending and due. A job that is gone (Redis flushed) is added again; one
   * still waiting, delayed or running is left alone (same id); a finished one (completed/failed while the row stayed
   * pending, e.g. a worker died between the send and its commit) is removed first so the id can be used again.
   */
  async enqueueAgain(deliveries: DeliveryRef[]): Promise<number> {
    const q = this.queues.queue(QUEUES.notices);
    const idOf = (d: DeliveryRef) => (typeof d === 'string' ? d : d.id);
    for (let i = 0; i < deliveries.length; i += 100) {
      await Promise.all(deliveries.slice(i, i + 100).map(async (d) => {
        const job = await q.getJob(jobIds.delivery(idOf(d)));
        if (!job) return;
        const state = await job.getState();
        if (state === 'completed' || state === 'failed') await job.remove().catch(() => undefined);
      }));
    }
    return this.enqueue(deliveries);
  }

  /** For a coordinator's retry: the finished (failed) job of the same id must go before the id can be reused. */
  async requeue(deliveryId: string): Promise<void> {
    const q = this.queues.queue(QUEUES.notices);
    const job = await q.getJob(jobIds.delivery(deliveryId));
    if (job) {
      const state = await job.getState();
      if (state === 'active') return; // running now: it will see the pending row
      await job.remove().catch(() => undefined);
    }
    await this.enqueue([deliveryId]);
  }
}
