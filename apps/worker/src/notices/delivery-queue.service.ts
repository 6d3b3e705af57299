import { Inject, Injectable } from '@nestjs/common';
import { jobIds, QueueBackend, QUEUES } from '@app/messaging';
import { DELIVERY_OPTIONS } from './delivery-options';
import type { DeliveryOptions } from './delivery-options';

const CHUNK = 1000;

/**
 * Enqueues delivery jobs with deterministic ids (`delivery-<deliveryId>`): adding the same delivery twice is a
 * no-op while the job exists, and Postgres (deliveries.status) is the guard once it is gone.
 */
@Injectable()
export class DeliveryQueue {
  constructor(private readonly queues: QueueBackend, @Inject(DELIVERY_OPTIONS) private readonly options: DeliveryOptions) {}

  async enqueue(deliveryIds: string[]): Promise<number> {
    const q = this.queues.queue(QUEUES.notices);
    const { retry } = this.options;
    for (let i = 0; i < deliveryIds.length; i += CHUNK) {
      await q.addBulk(deliveryIds.slice(i, i + CHUNK).map((deliveryId) => ({
        name: 'deliver',
        data: { deliveryId },
        opts: {
          jobId: jobIds.delivery(deliveryId),
          attempts: retry.maxAttempts,
          backoff: { type: 'exponential', delay: retry.baseMs },
        },
      })));
    }
    return deliveryIds.length;
  }

  /**
   * Re-enqueues deliveries Postgres says are pending and due. A job that is gone (Redis flushed) is added again; one
   * still waiting, delayed or running is left alone (same id); a finished one (completed/failed while the row stayed
   * pending, e.g. a worker died between the send and its commit) is removed first so the id can be used again.
   */
  async enqueueAgain(deliveryIds: string[]): Promise<number> {
    const q = this.queues.queue(QUEUES.notices);
    for (let i = 0; i < deliveryIds.length; i += 100) {
      await Promise.all(deliveryIds.slice(i, i + 100).map(async (id) => {
        const job = await q.getJob(jobIds.delivery(id));
        if (!job) return;
        const state = await job.getState();
        if (state === 'completed' || state === 'failed') await job.remove().catch(() => undefined);
      }));
    }
    return this.enqueue(deliveryIds);
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
