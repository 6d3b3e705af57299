/**
 * Makes sure what the tests need is there, once per run:
 * - PostgreSQL at TEST_DATABASE_URL (default: the local server); when none answers, an embedded one is started
 *   under .data/test-pg so `npm test` passes on a machine with no services;
 * - Redis at TEST_REDIS_URL (default: the local server); when none answers, Redis-backend tests run on the
 *   PostgreSQL queue backend and say so loudly (TEST_REDIS_MISSING=1).
 */
import * as path from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
import { EmbeddedDatabase } from '../libs/persistence/src/embedded-postgres';

const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_REDIS = 'redis://127.0.0.1:6379';

async function pgAnswers(url: string): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function redisAnswers(url: string): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, connectTimeout: 1500, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

export default async function globalSetup(): Promise<void> {
  const pgUrl = process.env.TEST_DATABASE_URL || DEFAULT_PG;
  if (await pgAnswers(pgUrl)) {
    process.env.TEST_DATABASE_URL = pgUrl;
  } else {
    const db = new EmbeddedDatabase({ dataDir: path.resolve(__dirname, '../.data/test-pg'), port: 54339 });
    process.env.TEST_DATABASE_URL = (await db.start()).replace(/\/assessment$/, '/postgres');
    (globalThis as any).__embeddedPg = db;
    console.warn(`\n[test] no PostgreSQL at ${pgUrl}: using embedded PostgreSQL at ${process.env.TEST_DATABASE_URL}`);
  }
  const redisUrl = process.env.TEST_REDIS_URL || DEFAULT_REDIS;
  if (await redisAnswers(redisUrl)) {
    process.env.TEST_REDIS_URL = redisUrl;
    delete process.env.TEST_REDIS_MISSING;
  } else {
    process.env.TEST_REDIS_URL = '';
    process.env.TEST_REDIS_MISSING = '1';
    console.warn(`\n[test] NO REDIS at ${redisUrl}: Redis-backend tests run on the PostgreSQL queue backend instead.`);
  }
}
