import { Job } from 'bullmq';

/** A processor of one queue. It sees plain BullMQ jobs and does not know which backend runs them. */
export interface QueueProcessor {
  readonly queue: string;
  readonly concurrency?: number;
  /** `token`: the worker's lock token of the job (to move it to the delayed set). */
  process(job: Job, token?: string): Promise<unknown>;
}
