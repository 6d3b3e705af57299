import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Worker } from 'bullmq';
import { QueueBackend } from '@app/messaging';
import { QueueProcessor } from './queue-processor';

export const PROCESSORS = Symbol('PROCESSORS');

/** Starts one BullMQ worker per registered processor and closes them on shutdown (in-flight jobs finish). */
@Injectable()
export class QueueWorkersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('worker');
  private workers: Worker[] = [];

  constructor(
    private readonly queues: QueueBackend,
    @Inject(PROCESSORS) private readonly processors: QueueProcessor[],
  ) {}

  onApplicationBootstrap(): void {
    for (const p of this.processors) {
      const w = this.queues.worker(p.queue, (job, token) => p.process(job, token), { concurrency: p.concurrency ?? 4 });
      w.on('failed', (job, err) => this.logger.warn(`${p.queue} job ${job?.id} failed: ${err.message}`));
      this.workers.push(w);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.close()));
    this.workers = [];
  }
}
