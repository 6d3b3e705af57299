import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import type { QueueBackend } from '@app/messaging';

/** A processor of one queue. It sees plain BullMQ jobs and does not know which backend runs them. */
export interface QueueProcessor {
  readonly queue: string;
  readonly concurrency?: number;
  /** `token`: the worker's lock token of the job (to move it to the delayed set). */
  process(job: Job, token?: string): Promise<unknown>;
}

/**
 * Schedules a queue's periodic job (a BullMQ Job Scheduler: one tick every `everyMs`, however many workers upsert it).
 * A failure is logged, not thrown: the worker still starts and processes what is queued.
 */
export async function scheduleEvery(queues: QueueBackend, queue: string, jobId: string, everyMs: number, logger: Logger): Promise<void> {
  try {
    await queues.queue(queue).upsertJobScheduler(jobId, { every: everyMs }, {
      name: queue, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100, attempts: 1 },
    });
  } catch (e) {
    logger.error(`cannot schedule the ${queue} job: ${(e as Error).message}`);
  }
}
