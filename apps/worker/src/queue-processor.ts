import { Job } from 'bullmq';

/** A processor of one queue. It sees plain BullMQ jobs and does not know which backend runs them. */
export interface QueueProcessor {
  readonly queue: string;
  readonly concurrency?: number;
  process(job: Job): Promise<unknown>;
}
