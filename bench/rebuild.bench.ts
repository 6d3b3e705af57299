/**
 * Projection rebuild: a year's worth of events for N stations generated inside PostgreSQL (per station: the special
 * records of months 1–11, seven item scores, one submitted self-assessment — 19 events, as the commands write them),
 * then `rebuildProjections` (batched replay + the board summary) timed in one transaction, beside the raw cost of
 * reading the same events (SELECT … ORDER BY id in pages, no replay). A second rebuild must leave every projection
 * table as the first did (checked by row counts and a checksum), or the figure is not reported.
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { openDataSource } from '@app/persistence';
import { PROJECTION_TABLES, rebuildProjections } from '@app/assessment';
import { BENCH_YEAR, generateDataset } from './support/dataset';
import { createBenchDatabase } from './support/bench-env';

const ITEMS = ['serveCentre', 'performDuties', 'workStyle', 'teamBuilding', 'platformParticipation', 'workOrders', 'satisfaction'];

export async function generateEvents(url: string, maxEvents = Infinity): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows: [{ n }] } = await c.query(`SELECT count(*)::int AS n FROM station_years`);
    const months = Math.max(1, Math.min(11, Math.floor(maxEvents / n) - 8)); // cap the total for the largest sizes
    await c.query(`
      INSERT INTO events (stream_type, stream_id, subdistrict_id, type, payload, actor_id, actor_role, occurred_at)
      SELECT 'station_year', sy.id::text, sy.subdistrict_id, e.type, e.payload, 'bench', e.role, e.at
      FROM station_years sy
      CROSS JOIN LATERAL (
        SELECT 'MonthRecorded' AS type, 'command_room' AS role, make_timestamptz(${BENCH_YEAR}, m + 1, 3, 10, 0, 0, 'Asia/Shanghai') AS at,
               jsonb_build_object('stationYearId', sy.id, 'month', m, 'section', 'special', 'correction', false,
                 'data', jsonb_build_object('meetingsHeld', 4, 'meetingsAttended', 4, 'complaints', 0)) AS payload, m AS ord
        FROM generate_series(1, $1::int) m
        UNION ALL
        SELECT 'SelfAssessmentSubmitted', 'station', timestamptz '${BENCH_YEAR}-12-20 10:00+08',
               jsonb_build_object('stationYearId', sy.id, 'stationId', sy.station_id, 'late', false,
                 'scores', jsonb_build_object('serveCentre', '9', 'workOrders', '18'), 'justifications', '{}'::jsonb,
                 'report', jsonb_build_object('fileId', gen_random_uuid())), 20
        UNION ALL
        SELECT 'ItemScored', 'coordinator', timestamptz '${BENCH_YEAR + 1}-01-05 10:00+08' + (k.i || ' minutes')::interval,
               jsonb_build_object('stationYearId', sy.id, 'stationId', sy.station_id, 'itemKey', k.key, 'tenths', 80 + k.i,
                 'previousTenths', NULL, 'comment', NULL), 30 + k.i
        FROM unnest($2::text[]) WITH ORDINALITY k(key, i)
      ) e
      ORDER BY sy.id, e.ord`, [months, ITEMS]);
    await c.query(`VACUUM ANALYZE events`);
    const { rows: [{ total }] } = await c.query(`SELECT count(*)::int AS total FROM events`);
    return total;
  } finally {
    await c.end();
  }
}

async function checksum(q: (sql: string) => Promise<any[]>): Promise<string> {
  const parts: string[] = [];
  for (const t of [...PROJECTION_TABLES, 'board_summaries']) {
    const [r] = await q(`SELECT count(*) AS n, coalesce(sum(hashtext(x::text)::bigint), 0) AS h FROM ${t} x`);
    parts.push(`${t}:${r.n}:${r.h}`);
  }
  return parts.join(' ');
}

export async function run({ stations, maxEvents = Infinity }: { stations: number; maxEvents?: number }): Promise<Record<string, number>> {
  const db = await createBenchDatabase();
  try {
    await generateDataset(db.url, stations);
    const events = await generateEvents(db.url, maxEvents);
    const ds = await openDataSource(db.url, { migrate: false });
    try {
      const q = (sql: string) => ds.query(sql);
      // the raw baseline: reading every event in the rebuild's pages, nothing replayed
      let started = performance.now();
      for (let after = '0'; ;) {
        const rows = await ds.query(`SELECT * FROM events WHERE id > $1 ORDER BY id LIMIT 20000`, [after]);
        if (!rows.length) break;
        after = String(rows[rows.length - 1].id);
      }
      const readMs = performance.now() - started;
      started = performance.now();
      const replayed = await ds.transaction((tx) => rebuildProjections(tx));
      const rebuildMs = performance.now() - started;
      const first = await checksum(q);
      await ds.transaction((tx) => rebuildProjections(tx));
      if ((await checksum(q)) !== first) throw new Error('a second rebuild gave different projections');
      if (replayed !== events) throw new Error(`replayed ${replayed} of ${events} events`);
      const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);
      return {
        stations, events,
        rebuildMs: Math.round(rebuildMs), rebuildEventsPerSecond: perSecond(events, rebuildMs),
        readEventsPerSecond: perSecond(events, readMs),
      };
    } finally {
      await ds.destroy();
    }
  } finally {
    await db.drop();
  }
}
