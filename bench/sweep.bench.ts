/**
 * Sweep benchmark: N stations (default 20,000) in subdistricts of 50, every station awaiting its self-assessment;
 * the clock at 15 December 09:00 so the December reminder is due for all of them. Measures
 *  - sweepMs: one sweep (derive what is due with INSERT … SELECT, create notices and inbox deliveries, enqueue jobs);
 *  - repeatSweepMs: the same sweep again (everything exists: each batch's set difference finds nothing to insert;
 *    re-enqueue of what is pending; the notices just created are not vacuumed yet, those of 1 December are);
 *  - inboxDeliveriesPerSec: the delivery processor draining those deliveries into the inbox (concurrency 16; the sweep
 *    queues one `inbox` job per batch, each claims a batch of due rows from Postgres), checked: every delivery
 *    delivered once;
 *  - bullmqAddPerSec / bullmqProcessPerSec: BullMQ's own rate for N no-op jobs on the same backend, for scale.
 * Standalone: `npm run build && node dist/bench/sweep.bench.js [stations] [redis|postgres]` (NOTICE_INBOX_BATCH: another batch size).
 * Needs PostgreSQL (BENCH_DATABASE_URL / TEST_DATABASE_URL, default local) and, for 'redis', Redis (REDIS_URL).
 */
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { loadConfig } from '../libs/config/src';
import { deferBoardOverview, refreshBoardSummaries } from '../libs/persistence/src';
import { Clock, ManualClock, PlatformModule, startRuntime } from '../libs/platform/src';
import { createTestDatabase } from '../libs/testing/src/test-database';
import { NoticesWorkerModule } from '../apps/worker/src/notices/notices-worker.module';
import { SweepService } from '../apps/worker/src/notices/sweep.service';
import { DeliveryService } from '../apps/worker/src/notices/delivery.service';

export async function run(opts: { stations: number; backend: 'redis' | 'postgres' }): Promise<Record<string, number>> {
  process.env.TEST_DATABASE_URL ||= process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = opts.backend === 'redis' ? process.env.REDIS_URL || process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379' : undefined;
  const db = await createTestDatabase();
  const prefix = 'bench' + randomBytes(3).toString('hex');
  const config = loadConfig({ DATABASE_URL: db.url, ...(redisUrl ? { REDIS_URL: redisUrl } : {}), QUEUE_PREFIX: prefix, LOG_LEVEL: 'error', SWEEP_SCHEDULER: 'off', ...(process.env.NOTICE_INBOX_BATCH ? { NOTICE_INBOX_BATCH: process.env.NOTICE_INBOX_BATCH } : {}) });
  const clock = new ManualClock('2026-12-15T09:00:00+08:00');
  const runtime = await startRuntime({ config, clock: clock as Clock });
  const app = await NestFactory.createApplicationContext(
    { module: class BenchApp {}, imports: [PlatformModule.forRuntime(runtime), CqrsModule.forRoot(), NoticesWorkerModule] },
    { logger: false },
  );
  await app.init();
  const out: Record<string, number> = { stations: opts.stations };
  try {
    await db.dataSource.transaction((tx) => seed(tx, opts.stations));
    const sweep = app.get(SweepService);
    // warm-up: the 1 December window-open notices were sent already (not timed)
    clock.set('2026-12-01T09:00:00+08:00');
    await sweep.run();
    await db.dataSource.query(`UPDATE deliveries SET status = 'delivered'`);
    // that sweep ran two weeks before the timed one: autovacuum has long since visited its rows (and the statistics)
    await db.dataSource.query(`VACUUM ANALYZE`);
    await runtime.queues.queue('notices').obliterate({ force: true });
    clock.set('2026-12-15T09:00:00+08:00');
    let t0 = performance.now();
    const report = await sweep.run();
    out.sweepMs = Math.round(performance.now() - t0);
    out.remindersCreated = report.notices.self_assessment_reminder ?? 0;
    for (const [k, v] of Object.entries(report.ms ?? {})) out[`sweep_${k}Ms`] = v;
    out.deliveriesEnqueued = report.deliveriesEnqueued;
    t0 = performance.now();
    await sweep.run();
    out.repeatSweepMs = Math.round(performance.now() - t0);

    // drain the deliveries into the inbox: one `inbox` job per batch of due rows, each claiming a batch from Postgres
    const deliveries = app.get(DeliveryService);
    const total = out.deliveriesEnqueued;
    let done = 0;
    t0 = performance.now();
    const finished = new Promise<void>((resolve, reject) => {
      runtime.queues.worker('notices', async (job) => {
        const r = await deliveries.run(job.name, job.data);
        if (typeof r === 'object' && 'delivered' in r) done += r.delivered + r.cancelled;
        else if (r === 'delivered' || r === 'cancelled') done += 1;
        if (done >= total) resolve();
      }, { concurrency: 16 }).on('failed', (_job, e) => reject(e));
    });
    await finished;
    out.inboxDeliveriesPerSec = Math.round(total / ((performance.now() - t0) / 1000));
    // every job finished: every delivery must be delivered, each drained one with its one inbox item
    const [check] = await db.dataSource.query(
      `SELECT count(*) FILTER (WHERE status <> 'delivered')::int AS open, (SELECT count(*)::int FROM inbox_items) AS items FROM deliveries`);
    if (check.open !== 0 || check.items !== total) throw new Error(`delivery incomplete: ${JSON.stringify({ ...check, total })}`);

    // BullMQ's own rate for no-op jobs
    const q = runtime.queues.queue('noop');
    t0 = performance.now();
    for (let i = 0; i < opts.stations; i += 1000) {
      await q.addBulk(Array.from({ length: Math.min(1000, opts.stations - i) }, (_, j) => ({ name: 'noop', data: { i: i + j }, opts: { jobId: `noop-${i + j}` } })));
    }
    out.bullmqAddPerSec = Math.round(opts.stations / ((performance.now() - t0) / 1000));
    let processed = 0;
    t0 = performance.now();
    await new Promise<void>((resolve) => {
      runtime.queues.worker('noop', async () => {
        if (++processed === opts.stations) resolve();
      }, { concurrency: 16 });
    });
    out.bullmqProcessPerSec = Math.round(opts.stations / ((performance.now() - t0) / 1000));
    return out;
  } finally {
    await app.close();
    await runtime.stop();
    await db.drop();
  }
}

/**
 * Subdistricts of 50 stations, one coordinator each, a year with its window open; all set-based, in the caller's
 * transaction: a bulk load, so the overview's row triggers stand aside and its counters are built at the end
 * (row by row, 60,000 station-years in one statement passed the 60 s statement timeout), without a statement timeout.
 */
export async function seed(db: { query(sql: string, p?: unknown[]): Promise<any> }, stations: number): Promise<void> {
  const subdistricts = Math.ceil(stations / 50);
  await deferBoardOverview(db);
  await db.query(`SET LOCAL statement_timeout = 0`); // as for a migration: millions of rows in one statement at 600,000
  await db.query(`INSERT INTO subdistricts (name, abbr) SELECT '街道' || g, '街' || g FROM generate_series(1, $1) g`, [subdistricts]);
  await db.query(`INSERT INTO departments (subdistrict_id, name, kind) SELECT id, '区司法局', 'dispatching' FROM subdistricts`);
  await db.query(`INSERT INTO departments (subdistrict_id, name, kind) SELECT id, '区委组织部', 'hr' FROM subdistricts`);
  await db.query(
    `INSERT INTO stations (subdistrict_id, department_id, name, kind, headcount)
     SELECT d.subdistrict_id, d.id, '站所' || g, 'regional', 3
       FROM (SELECT row_number() OVER (ORDER BY id) AS k, id, subdistrict_id FROM departments WHERE kind = 'dispatching') d
       JOIN generate_series(1, $1) g ON (g - 1) / 50 + 1 = d.k`,
    [stations],
  );
  await db.query(`INSERT INTO users (username, display_name, role, subdistrict_id) SELECT 'coord-' || id, '协调组', 'coordinator', id FROM subdistricts`);
  await db.query(
    `INSERT INTO assessment_years (subdistrict_id, year, policy_version, state, snapshot, machine_version)
     SELECT id, 2026, '2021-trial', 'selfAssessmentWindow', '{"context":{"publicityEnded":false}}', 1 FROM subdistricts`);
  await db.query(
    `INSERT INTO station_years (assessment_year_id, subdistrict_id, station_id, year, state, snapshot, machine_version)
     SELECT ay.id, s.subdistrict_id, s.id, 2026, 'selfAssessmentOpen', '{}', 1
       FROM stations s JOIN assessment_years ay ON ay.subdistrict_id = s.subdistrict_id`);
  // every month recorded, so only the December reminder is due
  await db.query(
    `INSERT INTO month_records (station_year_id, month, special, updated_at)
     SELECT sy.id, m, '{}'::jsonb, now() FROM station_years sy CROSS JOIN generate_series(1, 11) m`);
  await refreshBoardSummaries(db); // the read models the projections keep live (and the overview)
}

if (require.main === module) {
  const stations = Number(process.argv[2] ?? 20_000);
  const backends = (process.argv[3] ? [process.argv[3]] : ['redis', 'postgres']) as ('redis' | 'postgres')[];
  (async () => {
    for (const backend of backends) console.log(backend, JSON.stringify(await run({ stations, backend })));
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
