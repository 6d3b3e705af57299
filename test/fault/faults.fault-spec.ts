/**
 * The fault suite: nothing acknowledged is lost, nothing unacknowledged appears, every due notice is delivered once
 * in effect, and the read models equal a replay of the events — while the services fail under load.
 *
 * On a PostgreSQL cluster and a Redis server of its own (private ports of 127.0.0.1), two API processes and two
 * worker processes from the built dist take commands from a load generator (monthly records, self-assessment
 * submissions with the annual report, item scores; each with an Idempotency-Key and retried with the same key) while
 * the sweep derives notices (delivered over webhooks to a local receiver and to in-app inboxes). Meanwhile:
 * PostgreSQL is restarted, an API process and a worker process are SIGKILLed (and started again), and Redis is
 * stopped for 10 s. Then the run checks the event store, the deliveries and the projections, and prints its figures.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AccessTokenService } from '@app/auth';
import { loadConfig } from '@app/config';
import { PROJECTION_TABLES, rebuildProjections } from '@app/assessment';
import { ManualClock, Runtime, startRuntime } from '@app/platform';
import { PrivatePostgres, PrivateRedis, SAMPLE_PDF, seedSubdistrict, SeededSubdistrict } from '@app/testing';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { NoticesWorkerModule } from '../../apps/worker/src/notices/notices-worker.module';
import { SweepService } from '../../apps/worker/src/notices/sweep.service';
import { startWebhookReceiver, WebhookReceiver } from '../support/receivers';
import { ensureBuilt } from '../support/processes';
import { apiProcess, NodeProcess, workerProcess } from './cluster';
import { Command, LoadGenerator } from './load';

jest.setTimeout(600_000);

const STATIONS = 6;
const MONTHS = 4;
const DAILY = ['serveCentre', 'performDuties', 'workStyle', 'teamBuilding'];
const SPECIAL = ['platformParticipation', 'workOrders', 'satisfaction'];
const MONTH_DATA = { meetingsHeld: 4, meetingsAttended: 4, workOrders: { received: 20, onTime: 19, overdue: 1, returnedForShirking: 0, falsified: 0 }, complaints: 0, satisfaction: { surveyed: 30, satisfied: 29 } };
// the year of today in the assessment's zone: its self-assessment deadline (31 December) is still ahead
const YEAR = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stdout.write(`[fault] ${line}\n`);

let pg: PrivatePostgres;
let redis: PrivateRedis;
let runtime: Runtime;
let app: INestApplication;
let hook: WebhookReceiver;
const clock = new ManualClock(`${YEAR}-12-01T09:00:00+08:00`);
const apis: NodeProcess[] = [];
const workers: NodeProcess[] = [];

afterAll(async () => {
  await Promise.allSettled([...apis, ...workers].map((p) => p.stop()));
  await app?.close().catch(() => undefined);
  await runtime?.stop().catch(() => undefined);
  await hook?.close();
  await Promise.allSettled([pg?.destroy(), redis?.destroy()]);
});

/** Runs `work` until it succeeds (a sweep while PostgreSQL or Redis is down fails), at most `ms`. */
async function persist<T>(what: string, work: () => Promise<T>, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await work();
    } catch (e) {
      if (Date.now() > until) throw new Error(`${what}: ${(e as Error).message}`);
      await sleep(300);
    }
  }
}

function commandsOf(s: SeededSubdistrict, station: SeededSubdistrict['stations'][number], stationYearId: string, tokens: Record<string, string>): Command[] {
  const base = `/subdistricts/${s.id}/years/${YEAR}/stations/${station.id}`;
  const key = () => randomUUID();
  const scores = Object.fromEntries([...DAILY, ...SPECIAL].map((k, i) => [k, String(5 + (i % 3))]));
  return [
    ...Array.from({ length: MONTHS }, (_, i): Command => ({
      key: key(), method: 'PUT', path: `${base}/months/${i + 1}/special`, token: tokens.command_room, json: MONTH_DATA,
      event: { type: 'MonthRecorded', payload: { stationYearId, month: i + 1, section: 'special' } },
    })),
    {
      key: key(), method: 'POST', path: `${base}/self-assessment/submit`, token: tokens[station.id],
      form: {
        fields: { scores: JSON.stringify(scores), justifications: JSON.stringify(Object.fromEntries(Object.keys(scores).map((k) => [k, `${k} 年度工作情况`]))) },
        file: { field: 'report', name: '年度工作总结.pdf', type: 'application/pdf', content: SAMPLE_PDF },
      },
      event: { type: 'SelfAssessmentSubmitted', payload: { stationYearId } },
    },
    ...SPECIAL.map((item): Command => ({
      key: key(), method: 'PUT', path: `${base}/scores/special/${item}`, token: tokens.command_room, json: { score: '8', comment: '依据四个平台数据', reason: '测试分值，不依据平时记录' },
      event: { type: 'ItemScored', payload: { stationYearId, itemKey: item } },
    })),
    ...DAILY.map((item): Command => ({
      key: key(), method: 'PUT', path: `${base}/scores/daily/${item}`, token: tokens.coordinator, json: { score: '8', reason: '测试分值，不依据平时记录' },
      event: { type: 'ItemScored', payload: { stationYearId, itemKey: item } },
    })),
  ];
}

async function dumpProjections(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of PROJECTION_TABLES) out[table] = await runtime.dataSource.query(`SELECT * FROM ${table} ORDER BY 1, 2`);
  return JSON.parse(JSON.stringify(out));
}

it('loses nothing acknowledged, adds nothing unacknowledged, delivers every notice once in effect, through restarts and kills', async () => {
  const started = Date.now();
  ensureBuilt();
  redis = await PrivateRedis.create();
  pg = await PrivatePostgres.create();
  hook = await startWebhookReceiver();
  const env = {
    DATABASE_URL: pg.url(), REDIS_URL: redis.url, QUEUE_PREFIX: 'fault', LOG_LEVEL: 'error', DATA_DIR: `${pg.dir}/app`,
    JWT_SECRET: randomBytes(32).toString('hex'), SWEEP_SCHEDULER: 'off', REQUESTS_PER_MINUTE: '1000000',
    NOTICE_RETRY_BASE_MS: '200', NOTICE_RETRY_MAX_MS: '2000', WEBHOOK_SECRET: 'fault-secret-0123456789abcdef',
    DATABASE_CONNECT_TIMEOUT_MS: '2000', TIME_ZONE: 'Asia/Shanghai', IDEMPOTENCY_IN_PROGRESS_TIMEOUT_MS: '5000',
  };
  // this process: migrations, seed, tokens, and the sweep on its own clock (the processes under test deliver)
  runtime = await startRuntime({ config: loadConfig(env), clock });
  app = await createApiApp(runtime, { logs: false, modules: [NoticesWorkerModule] });
  await app.init();
  const sweep = app.get(SweepService, { strict: false });
  const s = await seedSubdistrict(runtime.dataSource, {
    stations: Array.from({ length: STATIONS }, (_, i) => ({ name: `故障站所${i + 1}`, kind: 'regional' as const, department: '区司法局', staff: [`人员${i + 1}`] })),
  });
  for (const [i, station] of s.stations.entries()) {
    await runtime.dataSource.query(`UPDATE stations SET channels = '{webhook}', webhook_url = $2 WHERE id = $1`, [station.id, hook.url(`/s${i + 1}`)]);
  }
  const sign = (id: string) => app.get(AccessTokenService).sign({ id } as any, randomUUID()).token;
  const tokens: Record<string, string> = { command_room: sign(s.users.command_room.id), coordinator: sign(s.users.coordinator.id) };
  for (const st of s.stations) tokens[st.id] = sign(st.user.id);
  const http = request(app.getHttpServer());
  await http.post(`/subdistricts/${s.id}/years`).set({ Authorization: `Bearer ${tokens.coordinator}` }).send({ year: YEAR }).expect(201);
  await http.post(`/subdistricts/${s.id}/years/${YEAR}/self-assessment-window`).set({ Authorization: `Bearer ${tokens.coordinator}` }).expect(200);
  const stationYears: { id: string; station_id: string }[] = await runtime.dataSource.query(`SELECT id, station_id FROM station_years WHERE year = $1`, [YEAR]);
  const syOf = (stationId: string) => stationYears.find((r) => r.station_id === stationId)!.id;

  for (let i = 0; i < 2; i++) apis.push(await apiProcess(`api-${i + 1}`, env));
  for (let i = 0; i < 2; i++) workers.push(workerProcess(`worker-${i + 1}`, env));
  for (const p of [...apis, ...workers]) p.start();
  await Promise.all(apis.map((a) => a.ready()));
  log(`set up in ${Date.now() - started} ms: ${STATIONS} stations, year ${YEAR}, 2 API + 2 worker processes`);

  // the load: every station's commands in order (each needs the one before), all stations at once
  const load = new LoadGenerator(() => apis.map((a) => a.port!));
  const commands = s.stations.map((st) => commandsOf(s, st, syOf(st.id), tokens));
  let loadDone = false;
  const loadRun = Promise.all(commands.map(async (list) => {
    for (const c of list) await load.send(c);
  })).finally(() => (loadDone = true));

  // the sweeps, on their own clock: window-open notices now, reminders to stations still not submitted later
  const sweeps = (async () => {
    await persist('sweep', () => sweep.run());
    for (const at of ['12-15', '12-24']) {
      await sleep(2_500);
      clock.set(`${YEAR}-${at}T09:00:00+08:00`);
      await persist('sweep', () => sweep.run());
    }
  })();

  // the faults
  const faults: string[] = [];
  const fault = async (what: string, work: () => Promise<void>) => {
    const t0 = Date.now();
    await work();
    faults.push(`${what} (${Date.now() - t0} ms)`);
    log(`${what} at +${Date.now() - started} ms`);
  };
  await sleep(1_500);
  await fault('PostgreSQL restarted (fast shutdown: sessions terminated)', async () => {
    await pg.stop('fast');
    await sleep(1_000);
    await pg.start();
  });
  await sleep(1_000);
  await fault('api-1 SIGKILLed and started again', async () => {
    await apis[0].kill9();
    await sleep(500);
    apis[0].start();
    await apis[0].ready();
  });
  await fault('Redis stopped for 10 s', async () => {
    await redis.stop();
    await sleep(10_000);
    await redis.start();
  });
  await fault('worker-1 SIGKILLed and started again', async () => {
    await workers[0].kill9();
    await sleep(500);
    workers[0].start();
  });
  await fault('api-2 SIGKILLed and started again', async () => {
    await apis[1].kill9();
    await sleep(500);
    apis[1].start();
    await apis[1].ready();
  });

  await Promise.all([loadRun, sweeps]);
  expect(loadDone).toBe(true);
  log(`load finished at +${Date.now() - started} ms`);

  // deliveries: a later sweep re-enqueues any job a fault lost (after its grace), until nothing is pending
  let pending = -1;
  for (let round = 0; round < 12 && pending !== 0; round++) {
    [{ pending }] = await runtime.dataSource.query(`SELECT count(*)::int AS pending FROM deliveries WHERE status = 'pending'`);
    if (pending === 0) break;
    clock.set(new Date(clock.now().getTime() + 5 * 60_000).toISOString());
    await persist('sweep', () => sweep.run());
    await sleep(3_000);
  }

  // 1. the event store: each acknowledged command exactly once, nothing of an unacknowledged one
  const count = async (c: Command) => {
    const [{ n }] = await runtime.dataSource.query(`SELECT count(*)::int AS n FROM events WHERE type = $1 AND payload @> $2::jsonb`,
      [c.event.type, JSON.stringify(c.event.payload)]);
    return n as number;
  };
  const acknowledged = load.outcomes.filter((o) => o.acknowledged);
  const unacknowledged = load.outcomes.filter((o) => !o.acknowledged);
  const lost: string[] = [];
  const duplicated: string[] = [];
  const appeared: string[] = [];
  for (const o of acknowledged) {
    const n = await count(o.command);
    if (n === 0) lost.push(o.command.path);
    if (n > 1) duplicated.push(`${o.command.path} ×${n}`);
  }
  for (const o of unacknowledged) if ((await count(o.command)) > 0) appeared.push(`${o.command.path} (${o.last})`);

  // 2. notices: every delivery done (delivered, or cancelled as no longer due), each webhook delivery received under
  // its own id (repeats of one id are the at-least-once contract; an id of no delivery would be a duplicate message)
  const deliveries: { id: string; channel: string; status: string }[] = await runtime.dataSource.query(`SELECT id, channel, status FROM deliveries`);
  const notDone = deliveries.filter((d) => d.status !== 'delivered' && d.status !== 'cancelled');
  const webhookDelivered = deliveries.filter((d) => d.channel === 'webhook' && d.status === 'delivered').map((d) => d.id);
  const keys = new Set(hook.hits.map((h) => h.key));
  const [{ inboxItems }] = await runtime.dataSource.query(`SELECT count(*)::int AS "inboxItems" FROM inbox_items`);
  const inboxDelivered = deliveries.filter((d) => d.channel === 'inbox' && d.status === 'delivered').length;

  // 3. the read models equal a replay of the events
  const live = await dumpProjections();
  await runtime.dataSource.transaction((tx) => rebuildProjections(tx));
  const replayed = await dumpProjections();

  const figures = {
    seconds: Math.round((Date.now() - started) / 1000),
    faults,
    commands: load.outcomes.length,
    acknowledged: acknowledged.length,
    retried: load.outcomes.reduce((n, o) => n + o.attempts - 1, 0),
    replayedAnswers: acknowledged.filter((o) => o.replayed).length,
    answersLostButDone: acknowledged.filter((o) => o.answerLost).length,
    refusedOrGaveUp: unacknowledged.map((o) => `${o.command.method} ${o.command.path}: ${o.last}`),
    lost: lost.length,
    duplicated: duplicated.length,
    unacknowledgedButPresent: appeared.length,
    notices: (await runtime.dataSource.query(`SELECT count(*)::int AS n FROM notices`))[0].n,
    deliveries: deliveries.length,
    deliveriesNotDone: notDone.length,
    webhookRequests: hook.hits.length,
    webhookRepeats: hook.hits.length - keys.size,
    inboxItems,
  };
  log(`figures ${JSON.stringify(figures, null, 2)}`);

  expect(lost).toEqual([]);
  expect(duplicated).toEqual([]);
  expect(appeared).toEqual([]);
  expect(acknowledged.length).toBeGreaterThan(0.9 * load.outcomes.length);
  expect(notDone).toEqual([]);
  expect(deliveries.length).toBeGreaterThanOrEqual(STATIONS);
  expect([...keys].sort()).toEqual([...webhookDelivered].sort());
  expect(inboxItems).toBe(inboxDelivered);
  expect(replayed).toEqual(live);
});
