/**
 * Redis connections by purpose. Producers (Queue.add from a request, the outbox relay), rate limits and health
 * checks must answer quickly or fail: no offline queue (a command while Redis is down fails at once instead of
 * waiting for a reconnect), one retry, a command timeout. Workers keep BullMQ's patient connection
 * (maxRetriesPerRequest null) and their own blocking connection, so a long BRPOP never delays a producer.
 */
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';

/** How long one producer command may take before it fails (Redis hung, network gone). */
export const PRODUCER_COMMAND_TIMEOUT_MS = 3_000;

export function failFastRedis(url: string, name: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: PRODUCER_COMMAND_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    connectionName: name,
  });
  redis.on('error', logEvery(`redis:${name}`, 30_000));
  return redis;
}

export function patientRedis(url: string, name: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, connectionName: name });
  redis.on('error', logEvery(`redis:${name}`, 30_000));
  return redis;
}

/**
 * An error listener that logs (never swallows) without flooding: while a connection keeps failing the same way
 * it logs the first error and then at most one line per `everyMs`, with how many it left out.
 */
export function logEvery(context: string, everyMs: number): (e: Error) => void {
  const logger = new Logger(context);
  let last = 0;
  let skipped = 0;
  return (e: Error) => {
    const now = Date.now();
    if (now - last < everyMs) {
      skipped++;
      return;
    }
    logger.warn(`${e?.message ?? e}${skipped ? ` (and ${skipped} more since the last report)` : ''}`);
    last = now;
    skipped = 0;
  };
}

/** Rejects when `work` takes longer than `ms` (the work itself goes on; its late result is ignored). */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueueUnavailableError(`${what}: no answer from the queue within ${ms} ms`)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** The queue backend cannot take a job now (Redis down or hung): the caller may retry later. */
export class QueueUnavailableError extends Error {
  readonly code = 'TEMPORARILY_UNAVAILABLE';
  readonly retryable = true;
  constructor(message: string) {
    super(message);
    this.name = 'QueueUnavailableError';
  }
}

/** True when a queue call failed because Redis is unreachable or hung (not because the call was wrong). */
export function isQueueUnavailableError(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  if (!e) return false;
  if (error instanceof QueueUnavailableError || e.name === 'MaxRetriesPerRequestError') return true;
  return typeof e.message === 'string'
    && /enableOfflineQueue options is false|Connection is closed|Command timed out|connect ECONNREFUSED|Reached the max retries per request/i.test(e.message);
}
