/**
 * One API over two BullMQ backends: Redis (production) or BullMQ's own PostgreSQL backend (zero-setup).
 * Processors receive plain BullMQ jobs and never learn which backend runs them.
 */
import { Job, Queue, Worker, withBackend, createPostgresBackend, JobsOptions } from 'bullmq';
import type Redis from 'ioredis';
import { failFastRedis, logEvery, patientRedis } from './redis';

export type BackendKind = 'redis' | 'postgres';

export interface QueueBackendOptions {
  /** Redis URL; without it the PostgreSQL backend is used. */
  redisUrl?: string;
  /** PostgreSQL URL (used when there is no Redis). */
  databaseUrl: string;
  /** Redis key prefix / PostgreSQL schema name. */
  prefix: string;
}

export type Processor<T = any, R = any> = (job: Job<T, R>, token?: string) => Promise<R>;

export interface WorkerOptions {
  concurrency?: number;
  /** Keep finished jobs so a duplicate id within this window is still ignored. */
  autorun?: boolean;
}

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  // Completed jobs are kept a day so a re-enqueue with the same id stays a no-op; the durable guard is in
  // Postgres anyway (unique keys), so a lost Redis only costs a re-check.
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export class QueueBackend {
  readonly kind: BackendKind;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly classes: { Queue: any; Worker: any };
  /** Producers (Queue objects: add, getJob, counts) and health checks: fail fast while Redis is down. */
  private readonly connection: unknown;
  private redis?: Redis;
  /** Workers: patient (they wait for Redis to come back); BullMQ adds a blocking connection per worker. */
  private workerRedis?: Redis;

  constructor(private readonly options: QueueBackendOptions) {
    this.kind = options.redisUrl ? 'redis' : 'postgres';
    if (options.redisUrl) {
      this.redis = failFastRedis(options.redisUrl, `${options.prefix}-producer`);
      this.classes = { Queue, Worker };
      this.connection = this.redis;
    } else {
      this.classes = withBackend(createPostgresBackend) as any;
      this.connection = {
        connectionString: options.databaseUrl,
        schema: `${options.prefix.replace(/-/g, '_')}_queues`,
        migrate: true,
        max: 10,
      };
    }
  }

  private common(connection = this.connection) {
    return this.kind === 'redis'
      ? { connection, prefix: this.options.prefix }
      : { connection };
  }

  /** Made on the first worker: an API process that runs none opens none. */
  private workerConnection(): unknown {
    if (this.kind !== 'redis') return this.connection;
    this.workerRedis ??= patientRedis(this.options.redisUrl!, `${this.options.prefix}-worker`);
    return this.workerRedis;
  }

  private closing = false;

  queue<T = any>(name: string): Queue<T> {
    let q = this.queues.get(name);
    if (!q) {
      q = new this.classes.Queue(name, { ...this.common(), defaultJobOptions: DEFAULT_JOB_OPTIONS }) as Queue;
      // connection trouble also surfaces through the failed calls; logged here (rate-limited), never a crash
      q.on('error', this.unlessClosing(logEvery(`queue:${name}`, 30_000)));
      this.queues.set(name, q);
    }
    return q as Queue<T>;
  }

  worker<T = any, R = any>(name: string, processor: Processor<T, R>, opts: WorkerOptions = {}): Worker<T, R> {
    const w = new this.classes.Worker(name, processor, {
      ...this.common(this.workerConnection()),
      concurrency: opts.concurrency ?? 4,
      autorun: opts.autorun ?? true,
    }) as Worker<T, R>;
    w.on('error', this.unlessClosing(logEvery(`worker:${name}`, 30_000)));
    this.workers.push(w as Worker);
    return w;
  }

  /** Answers whether the backend is reachable (for /health). */
  async ping(): Promise<boolean> {
    try {
      if (this.redis) return (await this.redis.ping()) === 'PONG';
      await this.queue('health').getJobCounts('waiting');
      return true;
    } catch {
      return false;
    }
  }

  /** While and after closing, connection errors are the shutdown itself (the database stops last): not news. */
  private unlessClosing(log: (e: Error) => void): (e: Error) => void {
    return (e) => {
      if (!this.closing) log(e);
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled(this.workers.map((w) => w.close()));
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    this.workers.length = 0;
    this.queues.clear();
    if (this.redis) await this.redis.quit().catch(() => this.redis!.disconnect());
    if (this.workerRedis) await this.workerRedis.quit().catch(() => this.workerRedis!.disconnect());
  }
}
