/**
 * The end-to-end harness: a fresh database, the real runtime (real Postgres; real Redis unless the run found
 * none), the API and the worker in one Nest app, and a supertest client. The app itself comes from the factory the
 * test set-up registers (test/support/app-factory.ts: apps/main's composition): a library never imports an app.
 */
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig } from '@app/config';
import { AccessTokenService } from '@app/auth';
import { Clock, ManualClock, Runtime, startRuntime } from '@app/platform';
import { createTestDatabase, TestDatabase, testRedisUrl } from './test-database';
import { randomBytes, randomUUID } from 'node:crypto';

export interface TestApp {
  app: INestApplication;
  runtime: Runtime;
  db: TestDatabase;
  clock: ManualClock;
  http: ReturnType<typeof request>;
  /**
   * Headers that make a request act as this user: `Authorization: Bearer <access token>`, a real token signed by
   * the app's own AccessTokenService (its secret, its TTL, a fresh session id). The API reads the user's role and
   * scope from the database, and refuses the token once the user is disabled.
   */
  as(user: { id: string }): Record<string, string>;
  close(): Promise<void>;
}

/** Builds the application under test on a runtime (registered by the test set-up). */
export type TestAppFactory = (runtime: Runtime, options: { logs: boolean; withWorker: boolean; modules: any[] }) => Promise<INestApplication>;
let factory: TestAppFactory | undefined;

export function useTestAppFactory(f: TestAppFactory): void {
  factory = f;
}

export async function createTestApp(
  { clock = new ManualClock('2026-01-15T09:00:00+08:00'), withWorker = true, redis = true, env = {} as Record<string, string>, modules = [] as any[] } = {},
): Promise<TestApp> {
  if (!factory) throw new Error('no test app factory registered: the Jest set-up (test/support/app-factory.ts) calls useTestAppFactory');
  const db = await createTestDatabase();
  const redisUrl = redis ? testRedisUrl() : undefined;
  const config = loadConfig({
    DATABASE_URL: db.runtimeUrl, // the application runs as the runtime role, as in production
    DATABASE_OWNER_URL: db.url,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    QUEUE_PREFIX: 't' + randomBytes(4).toString('hex'),
    LOG_LEVEL: 'error',
    DATA_DIR: `/tmp/sa-test-${db.name}`,
    ...env,
  });
  const runtime = await startRuntime({ config, clock: clock as Clock });
  const app = await factory(runtime, { logs: false, withWorker, modules });
  await app.init();
  const accessTokens = app.get(AccessTokenService);
  return {
    app,
    runtime,
    db,
    clock,
    http: request(app.getHttpServer()),
    as: (user) => {
      // role/subdistrict/station claims are informational (the API reads them from the users row)
      const { id, role, subdistrictId, stationId } = user as { id: string; role?: any; subdistrictId?: string | null; stationId?: string | null };
      return { Authorization: `Bearer ${accessTokens.sign({ id, role, subdistrictId, stationId }, randomUUID()).token}` };
    },
    async close() {
      await app.close();
      await runtime.stop();
      await db.drop();
    },
  };
}
