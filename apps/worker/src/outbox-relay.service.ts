import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QueueBackend, jobIds } from '@app/messaging';
import { relayOutbox, OutboxRow } from '@app/persistence';

const IDLE_MS = 200;

/** Moves committed outbox rows to their queues, continuously (at-least-once; job id = outbox id). */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('outbox');
  private running = false;
  private loop?: Promise<void>;

  constructor(private readonly db: DataSource, private readonly queues: QueueBackend) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** One pass; returns how many rows were relayed (tests and the demo call it directly). */
  relayOnce(): Promise<number> {
    return relayOutbox(this.db, (rows) => this.publish(rows));
  }

  private async publish(rows: OutboxRow[]): Promise<void> {
    const byQueue = new Map<string, OutboxRow[]>();
    for (const r of rows) byQueue.set(r.queue, [...(byQueue.get(r.queue) ?? []), r]);
    for (const [queue, list] of byQueue) {
      await this.queues.queue(queue).addBulk(
        list.map((r) => ({ name: r.name, data: r.payload, opts: { jobId: jobIds.outbox(r.id) } })),
      );
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let moved = 0;
      try {
        moved = await this.relayOnce();
      } catch (e) {
        if (this.running) this.logger.warn(`relay failed, will retry: ${(e as Error).message}`);
      }
      if (!moved) await new Promise((r) => setTimeout(r, IDLE_MS));
    }
  }
}
