import { Injectable } from '@nestjs/common';
import { Job } from 'bullmq';
import { QUEUES } from '@app/messaging';
import { ExportJobs } from '@app/reporting';
import { QueueProcessor } from '../queue-processor';

/** Builds one export: progress goes to the job (percent) and to the `exports` row (fraction). */
@Injectable()
export class ExportsProcessor implements QueueProcessor {
  readonly queue = QUEUES.exports;
  readonly concurrency = 2;

  constructor(private readonly jobs: ExportJobs) {}

  async process(job: Job<{ exportId: string }>) {
    const status = await this.jobs.run(job.data.exportId, (fraction) => job.updateProgress(Math.round(fraction * 100)));
    return { exportId: job.data.exportId, status };
  }
}
