/**
 * Outages of the services under one API process, on a PostgreSQL cluster and a Redis server this test starts on
 * private ports: Redis stopped (requests that enqueue commit to the outbox and answer at once, producers fail fast,
 * never hang), PostgreSQL restarted under load (503 retryable with Retry-After, never a 500, and the pool recovers
 * without a process restart), a statement over the configured timeout cancelled.
 */
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig } from '@app/config';
import { AccessTokenService } from '@app/auth';
import { QueueUnavailableError, withDeadline } from '@app/messaging';
import { Runtime, startRuntime } from '@app/platform';
import { PrivatePostgres, PrivateRedis, seedSubdistrict, SeededSubdistrict } from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { mapError } from '../apps/api/src/http/error.filter';

const YEAR = 2026;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = Date.now();
  const result = await work();
  return { result, ms: Date.now() - start };
}

describe('outages of PostgreSQL and Redis under a running API (e2e)', () => {
  let pg: PrivatePostgres;
  let redis: PrivateRedis;
  let runtime: Runtime;
  let app: INestApplication;
  let s: SeededSubdistrict;
  let coordinator: Record<string, string>;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    redis = await PrivateRedis.create();
    pg = await PrivatePostgres.create();
    runtime = await startRuntime({
      config: loadConfig({
        DATABASE_URL: pg.url(), REDIS_URL: redis.url, QUEUE_PREFIX: 'outage', LOG_LEVEL: 'silent', DATA_DIR: `${pg.dir}/app`,
        DATABASE_CONNECT_TIMEOUT_MS: '1000', DATABASE_STATEMENT_TIMEOUT_MS: '1000',
      }),
    });
    app = await createApiApp(runtime, { logs: false });
    await app.init();
    s = await seedSubdistrict(runtime.dataSource, {
      stations: [{ name: '城东派出所', kind: 'regional', department: '区公安分局', staff: ['张三', '李四'] }],
    });
    const sign = (u: { id: string }) => `Bearer ${app.get(AccessTokenService).sign({ id: u.id } as any, crypto.randomUUID()).token}`;
    coordinator = { Authorization: sign(s.users.coordinator) };
    await http().post(`/subdistricts/${s.id}/years`).set(coordinator).send({ year: YEAR }).expect(201);
  });
  afterAll(async () => {
    await app?.close();
    await runtime?.stop();
    await Promise.all([pg?.destroy(), redis?.destroy()]);
  });

  it('Redis stopped: an export commits to the outbox and answers at once, health says degraded, a producer fails fast', async () => {
    expect((await http().get('/health')).status).toBe(200);
    await runtime.queues.queue('exports').getJobCounts('waiting'); // a producer that has talked to Redis before
    await redis.stop();
    try {
      const exp = await timed(() => http().post(`/subdistricts/${s.id}/years/${YEAR}/exports`).set(coordinator).send({ kind: 'result_table' }));
      expect(exp.result.status).toBe(202);
      expect(exp.ms).toBeLessThan(3_000);
      const outbox = await runtime.dataSource.query(`SELECT relayed_at FROM outbox WHERE queue = 'exports' AND payload->>'exportId' = $1`, [exp.result.body.exportId]);
      expect(outbox).toEqual([{ relayed_at: null }]); // the relay sends it once Redis is back

      const health = await timed(() => http().get('/health'));
      expect(health.result.status).toBe(503);
      expect(health.result.body.queue.ok).toBe(false);
      expect(health.ms).toBeLessThan(4_000);

      const add = await timed(() => runtime.queues.queue('exports').add('probe', {}).then(() => 'added', (e: Error) => e));
      expect(add.result).toBeInstanceOf(Error);
      expect(add.ms).toBeLessThan(4_000);
      expect(mapError(add.result).status).toBe(503);
      // a producer's first call waits for a connection (BullMQ): callers bound it with a deadline
      const first = await timed(() => withDeadline(runtime.queues.queue('never-used').add('probe', {}), 1_000, 'probe').then(() => 'added', (e: Error) => e));
      expect(first.result).toBeInstanceOf(QueueUnavailableError);
      expect(first.ms).toBeLessThan(2_000);
      expect(mapError(first.result)).toMatchObject({ status: 503, retryAfter: 2 });
    } finally {
      await redis.start();
    }
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = (await http().get('/health')).status;
      if (status !== 200) await sleep(100);
    }
    expect(status).toBe(200);
    await runtime.queues.queue('exports').add('probe', {}, { jobId: 'probe-after' });
  });

  it('PostgreSQL restarted under load: 503 retryable with Retry-After meanwhile, never a 500, recovered without a restart', async () => {
    const answers: { status: number; body: any; retryAfter?: string }[] = [];
    let running = true;
    const lane = async () => {
      for (let i = 0; running && i < 2_000; i++) {
        const res = await http().get(`/subdistricts/${s.id}/years/${YEAR}`).set(coordinator);
        answers.push({ status: res.status, body: res.body, retryAfter: res.headers['retry-after'] });
        if (res.status !== 200) await sleep(50);
      }
    };
    const lanes = [lane(), lane(), lane()];
    await sleep(300);
    await pg.stop('fast'); // terminates every session (57P01), then refuses connections
    await sleep(1_500);
    await pg.start();
    let ok = 0;
    for (let i = 0; i < 200 && ok < 5; i++) {
      const res = await http().get(`/subdistricts/${s.id}/years/${YEAR}`).set(coordinator);
      ok = res.status === 200 ? ok + 1 : 0;
      if (res.status !== 200) await sleep(100);
    }
    running = false;
    await Promise.all(lanes);

    expect(ok).toBe(5); // the same process answers again: its pool opened new connections
    const unavailable = answers.filter((a) => a.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
    for (const a of unavailable) {
      expect(a.body).toEqual({ code: 'TEMPORARILY_UNAVAILABLE', message: expect.any(String), details: [], retryable: true });
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
    }
  });

  it('cancels a statement over DATABASE_STATEMENT_TIMEOUT_MS, and the API would answer it as retryable', async () => {
    const slow = await timed(() => runtime.dataSource.query('SELECT pg_sleep(5)').then(() => 'done', (e: Error) => e));
    expect(slow.result).toBeInstanceOf(Error);
    expect((slow.result as any).driverError?.code).toBe('57014');
    expect(slow.ms).toBeLessThan(4_000);
    expect(mapError(slow.result).status).toBe(503);
  });
});
