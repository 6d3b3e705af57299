/**
 * Where a benchmark runs: a fresh database on the local PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL,
 * else postgres://postgres@127.0.0.1:5432/postgres; an embedded one when none answers) and Redis when one answers.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import Redis from 'ioredis';
import { EmbeddedDatabase, openDataSource } from '@app/persistence';

export interface BenchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

let embedded: EmbeddedDatabase | undefined;

async function answers(url: string): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export async function serverUrl(): Promise<string> {
  const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await answers(url)) return url;
  embedded ??= new EmbeddedDatabase({ dataDir: path.resolve('.data/bench-pg'), port: 54349 });
  return (await embedded.start()).replace(/\/assessment$/, '/postgres');
}

export async function stopEmbedded(): Promise<void> {
  await embedded?.stop();
}

/** A fresh, migrated database; dropped afterwards. */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const server = await serverUrl();
  const name = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(server);
  u.pathname = '/' + name;
  const url = u.toString();
  const ds = await openDataSource(url);
  await ds.destroy();
  return {
    url,
    name,
    async drop() {
      const c = new Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function redisUrl(): Promise<string | undefined> {
  const url = process.env.BENCH_REDIS_URL || process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
  const r = new Redis(url, { lazyConnect: true, connectTimeout: 1500, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG' ? url : undefined;
  } catch {
    return undefined;
  } finally {
    r.disconnect();
  }
}

export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Runs `work` over items with at most `concurrency` in flight; returns elapsed milliseconds. */
export async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
  return performance.now() - started;
}

export { randomBytes };
