import { NoticesWorkerModule } from '../apps/worker/src/notices/notices-worker.module';
/**
 * Postgres is the truth, jobs are triggers:
 * - Redis loses the queue (this test's prefix deleted) between two sweeps → the second sweep re-enqueues every
 *   pending delivery that is due, and each is delivered once;
 * - two real worker processes (the compiled worker, `node dist/apps/worker/src/main.js`) side by side → no
 *   duplicates;
 * - a worker SIGKILLed while its webhook request hangs → another worker delivers it after BullMQ's stalled-job
 *   check: the notice is delivered once in effect (the receiver may see the same Idempotency-Key twice — the
 *   at-least-once contract — but never two different keys for one delivery).
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import Redis from 'ioredis';
import { ManualClock } from '@app/platform';
import { createTestApp, PrivateRedis, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';
import { SweepService } from '../apps/worker/src/notices/sweep.service';
import { ensureBuilt } from './support/processes';
import { settled, startWebhookReceiver, waitFor, WebhookReceiver } from './support/receivers';

jest.setTimeout(180_000);
const ROOT = path.resolve(__dirname, '..');
// These cases are about losing Redis itself, so they always run on a Redis: the run's (TEST_REDIS_URL) or, when the
// machine has none configured, a redis-server this file starts on a private port (no redis-server: the file fails).
let redisUrl = process.env.TEST_REDIS_URL;
let ownRedis: PrivateRedis | undefined;

let t: TestApp;
let s: SeededSubdistrict;
let sweep: SweepService;
let hook: WebhookReceiver;
const workers: ChildProcess[] = [];

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/apps/worker/src/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env, DATABASE_URL: t.db.url, REDIS_URL: redisUrl, QUEUE_PREFIX: t.runtime.config.queuePrefix, LOG_LEVEL: 'error',
      SWEEP_SCHEDULER: 'off', NOTICE_RETRY_BASE_MS: '200', WEBHOOK_SECRET: 'recovery-secret-0123456789', WEBHOOK_TIMEOUT_MS: '5000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  workers.push(child);
  return child;
}

async function deleteQueueKeys(prefix: string): Promise<number> {
  const r = new Redis(redisUrl!);
  let n = 0;
  try {
    for await (const keys of r.scanStream({ match: `${prefix}:*`, count: 1000 })) {
      if ((keys as string[]).length) n += await r.del(...(keys as string[]));
    }
  } finally {
    r.disconnect();
  }
  return n;
}

const byPath = (p: string) => hook.hits.filter((h) => h.path === p);

beforeAll(async () => {
  if (!redisUrl) {
    ownRedis = await PrivateRedis.create();
    redisUrl = ownRedis.url;
  }
  ensureBuilt();
  hook = await startWebhookReceiver();
  t = await createTestApp({ clock: new ManualClock('2026-11-30T10:00:00+08:00'), withWorker: false, env: { SWEEP_SCHEDULER: 'off', REDIS_URL: redisUrl! },
    // the sweep runs here on the test's clock; only the worker processes deliver
    modules: [NoticesWorkerModule] });
  sweep = t.app.get(SweepService, { strict: false });
  s = await seedSubdistrict(t.db.dataSource, {
    stations: Array.from({ length: 6 }, (_, i) => ({ name: `测试站所${i + 1}`, kind: 'regional' as const, department: '区司法局', staff: [`人员${i + 1}`] })),
  });
  for (const [i, station] of s.stations.entries()) {
    await t.db.dataSource.query(`UPDATE stations SET channels = '{webhook}', webhook_url = $2 WHERE id = $1`, [station.id, hook.url(`/s${i + 1}`)]);
  }
  await t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).send({ year: 2026 }).expect(201);
});
afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await t?.close();
  await hook?.close();
  await ownRedis?.destroy();
});

describe('recovery', () => {
  it('after Redis loses the queue, the next sweep re-enqueues what Postgres says is pending', async () => {
    t.clock.set('2026-12-01T09:00:00+08:00');
    const first = await sweep.run();
    expect(first.notices.window_open).toBe(6); // (+ the coordinator's in-app escalation and calendar warning)
    expect(await deleteQueueKeys(t.runtime.config.queuePrefix)).toBeGreaterThan(0);
    t.clock.set('2026-12-01T09:01:00+08:00'); // the next sweep, a minute later
    const second = await sweep.run();
    expect(second).toMatchObject({ deliveriesCreated: 0, deliveriesEnqueued: first.deliveriesCreated });
    // one job per webhook delivery, one `inbox` job for the coordinator's inbox rows (claimed as a batch)
    const [pending] = await t.db.dataSource.query(
      `SELECT count(*) FILTER (WHERE channel = 'webhook')::int AS webhook, count(*) FILTER (WHERE channel = 'inbox')::int AS inbox
         FROM deliveries WHERE status = 'pending'`);
    expect(pending.webhook).toBe(6);
    expect(pending.webhook + pending.inbox).toBe(first.deliveriesCreated);
    const counts = await t.runtime.queues.queue('notices').getJobCounts('waiting', 'delayed', 'active');
    expect(counts.waiting + counts.delayed + counts.active).toBe(6 + Math.ceil(pending.inbox / t.runtime.config.noticeInboxBatch));
  });

  it('two worker processes side by side deliver each notice once', async () => {
    startWorker();
    startWorker();
    await settled(t.db.dataSource, 90_000);
    expect(hook.hits).toHaveLength(6);
    expect(new Set(hook.hits.map((h) => h.key)).size).toBe(6);
    // sweeping again (and re-enqueueing) sends nothing more
    t.clock.set('2026-12-01T09:10:00+08:00');
    await sweep.run();
    await new Promise((r) => setTimeout(r, 1000));
    expect(hook.hits).toHaveLength(6);
  });

  it('a worker killed mid-delivery: another one delivers it, once in effect', async () => {
    hook.behaviour.set('/s1', (n) => (n === 1 ? 'hang' : 200)); // the second request to /s1 (this reminder's first) hangs
    t.clock.set('2026-12-15T09:00:00+08:00');
    const r = await sweep.run();
    expect(r.notices.self_assessment_reminder).toBe(6);
    await waitFor(async () => byPath('/s1').length === 2, { what: 'the hanging request', timeoutMs: 30_000 });
    for (const w of workers) w.kill('SIGKILL');
    await Promise.all(workers.map((w) => (w.exitCode !== null || w.signalCode !== null ? undefined : new Promise((res) => w.once('exit', res)))));
    startWorker();
    // BullMQ's stalled-job check (30 s) hands the job to the new worker, which sends once the killed one's claim
    // has run out (45 s with this file's 5 s webhook timeout)
    await settled(t.db.dataSource, 150_000);
    const [d] = await t.db.dataSource.query(
      `SELECT d.id, d.status FROM deliveries d JOIN notices n ON n.id = d.notice_id
        WHERE n.kind = 'self_assessment_reminder' AND n.recipient_id = $1`, [s.stations[0].id]);
    expect(d.status).toBe('delivered');
    const s1 = byPath('/s1').slice(1);
    expect(s1.length).toBeGreaterThanOrEqual(2);
    expect(new Set(s1.map((h) => h.key))).toEqual(new Set([d.id]));
    // every other station got both its notices; a request the killed worker had in flight may arrive again, but
    // always under the same Idempotency-Key (at-least-once delivery, once in effect), never as a new message
    for (let i = 2; i <= 6; i++) expect(new Set(byPath(`/s${i}`).map((h) => h.key)).size).toBe(2);
    expect(new Set(hook.hits.map((h) => h.key)).size).toBe(12);
    const [{ delivered }] = await t.db.dataSource.query(
      `SELECT count(*)::int AS delivered FROM deliveries WHERE status = 'delivered' AND channel = 'webhook'`);
    expect(delivered).toBe(12);
  });
});
