/**
 * Commands per second over HTTP (submit a self-assessment, score an item) against the api process, beside the
 * same database writes done with plain `pg` at the same concurrency: the ratio is what the framework, validation,
 * the machine and HTTP cost. Also the peak memory of the api and worker processes, and the projection rebuild.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { Pool, PoolClient } from 'pg';
import { AccessTokenService } from '@app/auth';
import { loadConfig } from '@app/config';
import { openDataSource, SUMMARY_AFTER } from '@app/persistence';
import { applyEvent, rebuildProjections, stationYearMachine } from '@app/assessment';
import { BENCH_YEAR, generateDataset } from './support/dataset';
import { createBenchDatabase, pool, redisUrl } from './support/bench-env';
import { startApp, waitHealthy } from './support/processes';
import { Answer, httpClient, multipart } from './support/http-client';
import { cpuMeter } from './support/cpu-meter';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const ITEMS = ['serveCentre', 'performDuties', 'workStyle', 'teamBuilding', 'platformParticipation', 'workOrders', 'satisfaction'];
const SCORES = Object.fromEntries(ITEMS.map((k) => [k, '8']));
const JUSTIFICATIONS = Object.fromEntries(ITEMS.map((k) => [k, '年度工作情况']));

interface Target { stationId: string; subdistrictId: string; userId: string; commandRoomId: string }

export async function run({ stations }: { stations: number }): Promise<Record<string, number>> {
  const db = await createBenchDatabase();
  const redis = await redisUrl();
  const port = 30000 + Math.floor(Math.random() * 20000);
  const secret = randomBytes(32).toString('hex');
  const env: Record<string, string> = {
    DATABASE_URL: db.url, PORT: String(port), JWT_SECRET: secret, REQUESTS_PER_MINUTE: '100000000',
    QUEUE_PREFIX: 'bench' + randomBytes(3).toString('hex'), SWEEP_EVERY_MS: '3600000', ...(redis ? { REDIS_URL: redis } : {}),
  };
  const api = startApp('api', env);
  const worker = startApp('worker', env);
  const pg = new Pool({ connectionString: db.url, max: 20, idleTimeoutMillis: 0 });
  try {
    await generateDataset(db.url, stations);
    await waitHealthy(port);
    const targets: Target[] = (await pg.query(`
      SELECT s.id AS "stationId", s.subdistrict_id AS "subdistrictId", u.id AS "userId", c.id AS "commandRoomId"
      FROM stations s JOIN users u ON u.station_id = s.id
      JOIN users c ON c.subdistrict_id = s.subdistrict_id AND c.role = 'command_room' ORDER BY s.id`)).rows;
    const half = Math.floor(targets.length / 2);
    const viaHttp = targets.slice(0, half);
    const viaPg = targets.slice(half, half * 2);

    const tokens = new AccessTokenService(new JwtService(), secret, loadConfig({ ACCESS_TOKEN_TTL_SECONDS: '86400' }), { now: () => new Date() });
    // one session per user, as a client keeps its token between requests
    const sessions = new Map<string, string>();
    const bearer = (id: string) => {
      let token = sessions.get(id);
      if (!token) sessions.set(id, (token = tokens.sign({ id }, randomUUID()).token));
      return { Authorization: `Bearer ${token}` };
    };
    const client = httpClient(`http://127.0.0.1:${port}`, CONCURRENCY);
    const expectOk = (res: Answer) => {
      if (res.status >= 300) throw new Error(`HTTP ${res.status}: ${res.body}`);
    };
    // the same form for every station (a client builds its body once per request; here once)
    const form = multipart({ scores: JSON.stringify(SCORES), justifications: JSON.stringify(JUSTIFICATIONS) },
      { field: 'report', name: 'report.pdf', type: 'application/pdf', content: PDF });
    const scoreBody = JSON.stringify({ score: '18.5', comment: '工单逾期1件', reason: '工单逾期1件（压测数据无月度记录）' });

    const cpu = cpuMeter({ api: [api.child.pid!], worker: [worker.child.pid!] }, db.name);
    const submitHttpMs = await pool(viaHttp, CONCURRENCY, async (t) => {
      expectOk(await client.request('POST', `/subdistricts/${t.subdistrictId}/years/${BENCH_YEAR}/stations/${t.stationId}/self-assessment/submit`,
        { ...bearer(t.userId), 'content-type': form.contentType }, form.body));
    });
    const submitHttpCpu = cpu.lap('submit http', viaHttp.length);
    const scoreHttpMs = await pool(viaHttp, CONCURRENCY, async (t) => {
      expectOk(await client.request('PUT', `/subdistricts/${t.subdistrictId}/years/${BENCH_YEAR}/stations/${t.stationId}/scores/special/workOrders`,
        { ...bearer(t.commandRoomId), 'content-type': 'application/json' }, scoreBody));
    });
    const scoreHttpCpu = cpu.lap('score http', viaHttp.length);
    client.close();
    const apiRss = api.peakRssMiB();
    const workerRss = worker.peakRssMiB();

    const submitPgMs = await pool(viaPg, CONCURRENCY, (t) => rawSubmit(pg, t));
    const submitPgCpu = cpu.lap('submit pg', viaPg.length);
    const scorePgMs = await pool(viaPg, CONCURRENCY, (t) => rawScore(pg, t));
    const scorePgCpu = cpu.lap('score pg', viaPg.length);

    const ds = await openDataSource(db.url, { migrate: false });
    const started = performance.now();
    const events = await ds.transaction((tx) => rebuildProjections(tx));
    const rebuildMs = performance.now() - started;
    await ds.destroy();

    const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);
    return {
      stations,
      httpCommands: viaHttp.length * 2,
      submitHttpPerSecond: perSecond(viaHttp.length, submitHttpMs),
      submitPgPerSecond: perSecond(viaPg.length, submitPgMs),
      scoreHttpPerSecond: perSecond(viaHttp.length, scoreHttpMs),
      scorePgPerSecond: perSecond(viaPg.length, scorePgMs),
      // CPU ms per command of every process involved (client, api, worker, PostgreSQL): the cost behind the rates
      submitHttpCpuMs: submitHttpCpu.total,
      submitHttpApiCpuMs: submitHttpCpu.api,
      submitPgCpuMs: submitPgCpu.total,
      scoreHttpCpuMs: scoreHttpCpu.total,
      scoreHttpApiCpuMs: scoreHttpCpu.api,
      scorePgCpuMs: scorePgCpu.total,
      apiPeakRssMiB: apiRss,
      workerPeakRssMiB: workerRss,
      rebuildEvents: events,
      rebuildEventsPerSecond: perSecond(events, rebuildMs),
    };
  } finally {
    await pg.end();
    await Promise.all([api.stop(), worker.stop()]);
    await db.drop();
  }
}

// The same writes the submit handler makes, in one transaction: load, versioned update, file, event, projection.
async function inTransaction(pg: Pool, work: (c: PoolClient) => Promise<void>): Promise<void> {
  const c = await pg.connect();
  try {
    await c.query('BEGIN');
    await work(c);
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  } finally {
    c.release();
  }
}

function rawSubmit(pg: Pool, t: Target): Promise<void> {
  return inTransaction(pg, async (c) => {
    const { rows: [row] } = await c.query(`SELECT id, version, snapshot FROM station_years WHERE subdistrict_id = $1 AND station_id = $2 AND year = $3`, [t.subdistrictId, t.stationId, BENCH_YEAR]);
    await c.query(`SELECT policy_version FROM assessment_years WHERE subdistrict_id = $1 AND year = $2`, [t.subdistrictId, BENCH_YEAR]);
    const next = applyEvent(stationYearMachine, row.snapshot, { type: 'SUBMIT', at: '2026-12-20T02:00:00.000Z' });
    const updated = await c.query(`UPDATE station_years SET state = $3, snapshot = $4, updated_at = now(), submitted_at = now(), late = false, version = version + 1
                                   WHERE id = $1 AND version = $2`, [row.id, row.version, next.state, JSON.stringify(next.snapshot)]);
    if (updated.rowCount !== 1) throw new Error('version clash');
    const fileId = randomUUID();
    await c.query(`INSERT INTO files (id, sha256, name, mime, size, content) VALUES ($1, $2, 'report.pdf', 'application/pdf', $3, $4)`,
      [fileId, createHash('sha256').update(PDF).digest('hex'), PDF.length, PDF]);
    const payload = { stationYearId: row.id, stationId: t.stationId, scores: SCORES, justifications: JUSTIFICATIONS, late: false, report: { fileId } };
    await c.query(`INSERT INTO events (stream_type, stream_id, subdistrict_id, type, payload, actor_id, actor_role, occurred_at)
                   VALUES ('station_year', $1, $2, 'SelfAssessmentSubmitted', $3, $4, 'station', now())`, [row.id, t.subdistrictId, JSON.stringify(payload), t.userId]);
    await c.query(`WITH up AS (INSERT INTO self_assessments (station_year_id, status, scores, justifications, report, saved_at, submitted_at)
                   VALUES ($1, 'submitted', $2, $3, $4, now(), now()) ON CONFLICT (station_year_id) DO UPDATE SET status = EXCLUDED.status
                   RETURNING station_year_id, status) ${SUMMARY_AFTER.selfAssessment}`,
      [row.id, JSON.stringify(SCORES), JSON.stringify(JUSTIFICATIONS), JSON.stringify({ fileId })]);
  });
}

// The same writes the score handler makes.
function rawScore(pg: Pool, t: Target): Promise<void> {
  return inTransaction(pg, async (c) => {
    const { rows: [row] } = await c.query(`SELECT id, version, snapshot FROM station_years WHERE subdistrict_id = $1 AND station_id = $2 AND year = $3`, [t.subdistrictId, t.stationId, BENCH_YEAR]);
    await c.query(`SELECT policy_version FROM assessment_years WHERE subdistrict_id = $1 AND year = $2`, [t.subdistrictId, BENCH_YEAR]);
    await c.query(`SELECT tenths FROM item_scores WHERE station_year_id = $1 AND item_key = 'workOrders'`, [row.id]);
    let snap = applyEvent(stationYearMachine, row.snapshot, { type: 'SCORING_STARTED' });
    snap = applyEvent(stationYearMachine, snap.snapshot, { type: 'ITEM_SCORED', itemKey: 'workOrders' });
    const updated = await c.query(`UPDATE station_years SET state = $3, snapshot = $4, updated_at = now(), version = version + 1 WHERE id = $1 AND version = $2`,
      [row.id, row.version, snap.state, JSON.stringify(snap.snapshot)]);
    if (updated.rowCount !== 1) throw new Error('version clash');
    await c.query(`INSERT INTO events (stream_type, stream_id, subdistrict_id, type, payload, actor_id, actor_role, occurred_at)
                   VALUES ('station_year', $1, $2, 'ItemScored', $3, $4, 'command_room', now())`,
      [row.id, t.subdistrictId, JSON.stringify({ stationYearId: row.id, itemKey: 'workOrders', tenths: 185, previousTenths: null }), t.commandRoomId]);
    await c.query(`WITH up AS (INSERT INTO item_scores (station_year_id, item_key, tenths, comment, scored_by, scored_role, scored_at)
                   VALUES ($1, 'workOrders', 185, '工单逾期1件', $2, 'command_room', now())
                   ON CONFLICT (station_year_id, item_key) DO UPDATE SET tenths = EXCLUDED.tenths
                   RETURNING station_year_id, item_key, scored_role, scored_at) ${SUMMARY_AFTER.score}`, [row.id, t.commandRoomId]);
  });
}
