/**
 * Several processes against one PostgreSQL and one Redis: the same run with 1 API + 1 worker process and with 2 + 2,
 * each on a fresh database of N stations. Per set-up:
 *  - deliveriesPerSecond: the December sweep (run here on a clock at 15 December 09:00, as the scheduler would) queues
 *    every due notice; the worker processes deliver them; from the sweep's start until none is pending. Checked:
 *    every delivery delivered, each inbox delivery with exactly one inbox item (none twice);
 *  - commandsPerSecond: every station's self-assessment submitted over HTTP, requests spread over the API processes
 *    in turn (concurrency 16), with the CPU ms per command of all processes. Checked: every answer 2xx, one event per
 *    station.
 * On 2 cores no gain is expected from a second process of each kind; the point is that nothing breaks or repeats.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { JwtService } from '@nestjs/jwt';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { AccessTokenService } from '@app/auth';
import { loadConfig } from '@app/config';
import { Clock, ManualClock, PlatformModule, startRuntime } from '@app/platform';
import { NoticesWorkerModule } from '../apps/worker/src/notices/notices-worker.module';
import { SweepService } from '../apps/worker/src/notices/sweep.service';
import { BENCH_YEAR, generateDataset } from './support/dataset';
import { createBenchDatabase, pool, redisUrl } from './support/bench-env';
import { Started, startApp, waitHealthy } from './support/processes';
import { httpClient, multipart } from './support/http-client';
import { cpuMeter } from './support/cpu-meter';

const CONCURRENCY = 16;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const ITEMS = ['serveCentre', 'performDuties', 'workStyle', 'teamBuilding', 'platformParticipation', 'workOrders', 'satisfaction'];

export async function run({ stations }: { stations: number }): Promise<Record<string, number>> {
  const redis = await redisUrl();
  if (!redis) throw new Error('needs Redis (the processes share their queues through it)');
  const out: Record<string, number> = { stations, cores: os.cpus().length };
  for (const n of [1, 2]) {
    for (const [k, v] of Object.entries(await runWith(n, stations, redis))) out[`${k}_${n}x${n}`] = v;
  }
  return out;
}

async function runWith(n: number, stations: number, redis: string): Promise<Record<string, number>> {
  const db = await createBenchDatabase();
  const secret = randomBytes(32).toString('hex');
  const prefix = 'benchp' + randomBytes(3).toString('hex');
  const env = { DATABASE_URL: db.url, REDIS_URL: redis, QUEUE_PREFIX: prefix, JWT_SECRET: secret, REQUESTS_PER_MINUTE: '100000000', SWEEP_SCHEDULER: 'off' };
  const ports = Array.from({ length: n }, () => 30000 + Math.floor(Math.random() * 20000));
  const procs: Started[] = [];
  const pg = new Pool({ connectionString: db.url, max: 4 });
  pg.on('error', () => undefined); // an idle connection cut at the end is no result
  // the sweep runs here, on its own clock (as in the fault suite); the worker processes deliver
  const runtime = await startRuntime({
    config: loadConfig({ DATABASE_URL: db.url, REDIS_URL: redis, QUEUE_PREFIX: prefix, LOG_LEVEL: 'error', SWEEP_SCHEDULER: 'off' }),
    clock: new ManualClock('2026-12-15T09:00:00+08:00') as Clock,
  });
  const app = await NestFactory.createApplicationContext(
    { module: class ProcessesBench {}, imports: [PlatformModule.forRuntime(runtime), CqrsModule.forRoot(), NoticesWorkerModule] },
    { logger: false },
  );
  try {
    await app.init();
    await generateDataset(db.url, stations);
    const apis = ports.map((port) => startApp('api', { ...env, PORT: String(port) }));
    const workers = ports.map(() => startApp('worker', env));
    procs.push(...apis, ...workers);
    await Promise.all(ports.map((p) => waitHealthy(p)));
    const cpu = cpuMeter({ api: apis.map((a) => a.child.pid!), worker: workers.map((w) => w.child.pid!) }, db.name);

    // deliveries
    const t0 = performance.now();
    await app.get(SweepService).run();
    let pending = 1;
    while (pending > 0) {
      if (performance.now() - t0 > 600_000) throw new Error(`deliveries still pending after 10 minutes: ${pending}`);
      await new Promise((r) => setTimeout(r, 50));
      [{ pending }] = (await pg.query(`SELECT count(*)::int AS pending FROM deliveries WHERE status = 'pending'`)).rows;
    }
    const deliveryMs = performance.now() - t0;
    const [check] = (await pg.query(`
      SELECT count(*)::int AS deliveries, count(*) FILTER (WHERE status <> 'delivered')::int AS undelivered,
             count(*) FILTER (WHERE channel = 'inbox')::int AS inbox,
             (SELECT count(*)::int FROM inbox_items) AS items,
             (SELECT count(*)::int FROM (SELECT delivery_id FROM inbox_items GROUP BY 1 HAVING count(*) > 1) x) AS repeated
        FROM deliveries`)).rows;
    if (!check.deliveries || check.undelivered || check.items !== check.inbox || check.repeated) {
      throw new Error(`deliveries with ${n} + ${n} processes: ${JSON.stringify(check)}`);
    }
    const deliveryCpu = cpu.lap(`deliveries ${n}+${n}`, check.deliveries);

    // commands
    const targets: { stationId: string; subdistrictId: string; userId: string }[] = (await pg.query(`
      SELECT s.id AS "stationId", s.subdistrict_id AS "subdistrictId", u.id AS "userId" FROM stations s JOIN users u ON u.station_id = s.id`)).rows;
    const tokens = new AccessTokenService(new JwtService(), secret, loadConfig({ ACCESS_TOKEN_TTL_SECONDS: '86400' }), { now: () => new Date() });
    const clients = ports.map((p) => httpClient(`http://127.0.0.1:${p}`, CONCURRENCY));
    const form = multipart({ scores: JSON.stringify(Object.fromEntries(ITEMS.map((k) => [k, '8']))), justifications: JSON.stringify(Object.fromEntries(ITEMS.map((k) => [k, '年度工作情况']))) },
      { field: 'report', name: 'report.pdf', type: 'application/pdf', content: PDF });
    let turn = 0;
    const commandMs = await pool(targets, CONCURRENCY, async (t) => {
      const res = await clients[turn++ % n].request('POST', `/subdistricts/${t.subdistrictId}/years/${BENCH_YEAR}/stations/${t.stationId}/self-assessment/submit`,
        { Authorization: `Bearer ${tokens.sign({ id: t.userId } as any, randomUUID()).token}`, 'content-type': form.contentType }, form.body);
      if (res.status >= 300) throw new Error(`HTTP ${res.status}: ${res.body}`);
    });
    const commandCpu = cpu.lap(`submit ${n}+${n}`, targets.length);
    clients.forEach((c) => c.close());
    const [{ events }] = (await pg.query(`SELECT count(*)::int AS events FROM events WHERE type = 'SelfAssessmentSubmitted'`)).rows;
    if (events !== targets.length) throw new Error(`${targets.length} submitted, ${events} events with ${n} + ${n} processes`);

    return {
      deliveries: check.deliveries,
      deliveriesPerSecond: Math.round(check.deliveries / (deliveryMs / 1000)),
      deliveryCpuMs: deliveryCpu.total,
      commandsPerSecond: Math.round(targets.length / (commandMs / 1000)),
      commandCpuMs: commandCpu.total,
      apiPeakRssMiB: Math.max(...apis.map((a) => a.peakRssMiB())),
      workerPeakRssMiB: Math.max(...workers.map((w) => w.peakRssMiB())),
    };
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    await pg.end();
    await app.close();
    await runtime.stop();
    await db.drop();
  }
}
