import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QueueBackend, jobIds, logEvery, withDeadline } from '@app/messaging';
import { relayOutbox, OutboxRow } from '@app/persistence';

const IDLE_MS = 200;
/** Longest wait for the queue to take one batch; after it the batch stays in the outbox for the next pass. */
const RELAY_DEADLINE_MS = 10_000;

/** Moves committed outbox rows to their queues, continuously (at-least-once; job id = outbox id). */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly report = logEvery('outbox', 10_000);
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
      // bounded: the rows stay locked meanwhile, and a Redis that is down must not hold them (or this loop) for ever
      await withDeadline(this.queues.queue(queue).addBulk(
        list.map((r) => ({ name: r.name, data: r.payload, opts: { jobId: jobIds.outbox(r.id) } })),
      ), RELAY_DEADLINE_MS, `relay to ${queue}`);
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let moved = 0;
      try {
        moved = await this.relayOnce();
      } catch (e) {
        if (this.running) this.report(new Error(`relay failed, will retry: ${(e as Error).message}`));
      }
      if (!moved) await new Promise((r) => setTimeout(r, IDLE_MS));
    }
  }
}
