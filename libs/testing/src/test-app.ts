/**
 * The end-to-end harness: a fresh database, the real runtime (real Postgres; real Redis unless the run found
 * none), the API and the worker in one Nest app, and a supertest client.
 */
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig } from '@app/config';
import { Clock, ManualClock, Runtime, startRuntime } from '@app/platform';
import { createApiApp } from '../../../apps/api/src/bootstrap';
import { createTestDatabase, TestDatabase, testRedisUrl } from './test-database';
import { randomBytes } from 'node:crypto';

export interface TestApp {
  app: INestApplication;
  runtime: Runtime;
  db: TestDatabase;
  clock: ManualClock;
  http: ReturnType<typeof request>;
  /** Headers that make a request act as this user (how the API authenticates is decided in one place). */
  as(user: { id: string }): Record<string, string>;
  close(): Promise<void>;
}

export async function createTestApp(
  { clock = new ManualClock('2026-01-15T09:00:00+08:00'), withWorker = true, redis = true, env = {} as Record<string, string> } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const redisUrl = redis ? testRedisUrl() : undefined;
  const config = loadConfig({
    DATABASE_URL: db.url,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    QUEUE_PREFIX: 't' + randomBytes(4).toString('hex'),
    LOG_LEVEL: 'error',
    DATA_DIR: `/tmp/sa-test-${db.name}`,
    ...env,
  });
  const runtime = await startRuntime({ config, clock: clock as Clock });
  const app = await createApiApp(runtime, { logs: false, withWorker });
  await app.init();
  return {
    app,
    runtime,
    db,
    clock,
    http: request(app.getHttpServer()),
    as: (user) => ({ 'X-User-Id': user.id }),
    async close() {
      await app.close();
      await runtime.stop();
      await db.drop();
    },
  };
}
