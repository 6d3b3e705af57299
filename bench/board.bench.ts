/**
 * Late-board benchmark: N stations (default 20,000) in subdistricts of 15, generated in a fresh database with
 * INSERT … SELECT generate_series (months, self-assessments, scores, reminders, result notices with deliveries).
 * Times the board (the API's SQL through boardRows, the same text for both scopes, + the per-row derivation) for one
 * subdistrict and for the whole set (every subdistrict of the year in one board), beside the
 * raw anti-join (stations without a submitted self-assessment), p50/p99 in milliseconds; for the whole set also the
 * query alone (SQL and the driver's parsing, without the per-row derivation) — labelled the full listing: every
 * station's row. Beside them the whole-set overview (全域进度总览, overview.query.ts): the grand totals summed exactly,
 * a page of 50 subdistricts (first, deep in the year by cursor, most behind first) and both together, from the
 * per-subdistrict counters, so their cost follows the page and the number of subdistrict rows summed, not the
 * stations; and the overview as the API serves it at the default configuration (overviewServed*): from 1,000
 * subdistricts on (15,000 stations here) the totals come from the sums kept per process (overview-totals-cache.ts)
 * and only the page is read — with them younger than OVERVIEW_TOTALS_MAX_AGE, and (…Resumming…) with every request
 * finding them older, so that a background re-sum is always running beside it (the worst case of one process).
 * Needs TEST_DATABASE_URL (a server where a database may be created); standalone:
 * `npm run build && TEST_DATABASE_URL=postgres://… node -e "require('./dist/bench/board.bench.js').run({stations: 20000}).then(console.log)"`.
 */
import { performance } from 'node:perf_hooks';
import { createTestDatabase } from '../libs/testing/src/test-database';
import { loadPolicyRegistry } from '../libs/policy/src';
import { boardContext, BoardQueries, boardRows, notSubmittedAntiJoinSql } from '../libs/reporting/src';
import * as path from 'node:path';
import { loadConfig } from '../libs/config/src';
import { deferBoardOverview, refreshBoardOverview, refreshBoardSummaries, Sql } from '../libs/persistence/src';
import { OverviewQueries } from '../libs/reporting/src/board/overview.query';

const YEAR = 2026;
const SIZE = 15;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Number(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(3));
}

export async function generate(q: (sql: string, params?: unknown[]) => Promise<any>, stations: number): Promise<void> {
  // a bulk load in one transaction: the overview's triggers stand aside, the refresh below builds it set-based, and
  // (as for a migration) no statement timeout: at 600,000 stations one statement writes millions of rows
  await deferBoardOverview({ query: q });
  await q(`SET LOCAL statement_timeout = 0`);
  const subs = Math.ceil(stations / SIZE);
  await q(`INSERT INTO subdistricts (name, abbr) SELECT '街道' || g, 'J' || g FROM generate_series(1, $1) g`, [subs]);
  await q(`CREATE TEMP TABLE sd AS SELECT id, row_number() OVER (ORDER BY name) - 1 AS k FROM subdistricts`);
  await q(`INSERT INTO departments (subdistrict_id, name, kind) SELECT id, '派出部门' || d, 'dispatching' FROM sd, generate_series(1, 3) d`);
  await q(`
    INSERT INTO stations (subdistrict_id, department_id, name, kind, headcount, head_name)
    SELECT sd.id, (SELECT id FROM departments d WHERE d.subdistrict_id = sd.id ORDER BY name OFFSET (i % 3) LIMIT 1),
           '站所' || i, CASE WHEN i % 2 = 0 THEN 'independent' ELSE 'regional' END, 3, '负责人' || i
    FROM generate_series(0, $1 - 1) i JOIN sd ON sd.k = i / ${SIZE}`, [stations]);
  await q(`
    INSERT INTO assessment_years (subdistrict_id, year, policy_version, state, snapshot, machine_version, publicity_until)
    SELECT id, ${YEAR}, '2021-trial', 'scoring', '{}', 1, NULL FROM sd`);
  await q(`
    INSERT INTO station_years (assessment_year_id, subdistrict_id, station_id, year, state, snapshot, machine_version, late, submitted_at)
    SELECT ay.id, s.subdistrict_id, s.id, ${YEAR},
           (ARRAY['submitted', 'overdue', 'underScoring', 'selfAssessmentOpen', 'submittedLate'])[1 + abs(hashtext(s.id::text)) % 5],
           '{}', 1, false, NULL
    FROM stations s JOIN assessment_years ay ON ay.subdistrict_id = s.subdistrict_id`);
  await q(`UPDATE station_years SET late = state IN ('overdue', 'submittedLate'),
            submitted_at = CASE WHEN state IN ('submitted', 'submittedLate', 'underScoring') THEN timestamptz '2026-12-20 10:00+08' END`);
  await q(`
    INSERT INTO month_records (station_year_id, month, special, special_recorded_at, updated_at)
    SELECT sy.id, m, '{}', make_timestamptz(${YEAR}, m + 1, 1 + abs(hashtext(sy.id::text || m)) % 20, 10, 0, 0, 'Asia/Shanghai'), now()
    FROM station_years sy, generate_series(1, 11) m WHERE abs(hashtext(sy.id::text || 'm' || m)) % 20 <> 0`);
  await q(`
    INSERT INTO self_assessments (station_year_id, status, scores, saved_at, submitted_at)
    SELECT id, CASE WHEN submitted_at IS NULL THEN 'draft' ELSE 'submitted' END, '{}', now(), submitted_at
    FROM station_years WHERE submitted_at IS NOT NULL OR abs(hashtext(id::text)) % 3 = 0`);
  await q(`
    INSERT INTO item_scores (station_year_id, item_key, tenths, scored_by, scored_role, scored_at)
    SELECT sy.id, k, 80, 'bench', CASE WHEN k IN ('platformParticipation', 'workOrders', 'satisfaction') THEN 'command_room' ELSE 'coordinator' END, now()
    FROM station_years sy, unnest(ARRAY['serveCentre', 'performDuties', 'workStyle', 'teamBuilding', 'platformParticipation', 'workOrders', 'satisfaction']) k
    WHERE sy.state = 'underScoring'`);
  await q(`
    INSERT INTO notices (subdistrict_id, year, station_id, kind, recipient_type, recipient_id, occasion, title, payload, created_at)
    SELECT s.subdistrict_id, ${YEAR}, s.id, 'reminder', 'station', s.id, o, '催报提醒', '{}', timestamptz '2026-12-01 09:00+08' + (o || ' days')::interval
    FROM stations s, generate_series(1, 3) o WHERE abs(hashtext(s.id::text || 'r' || o)) % 2 = 0`);
  await q(`
    INSERT INTO notices (subdistrict_id, year, station_id, kind, recipient_type, recipient_id, occasion, title, payload)
    SELECT s.subdistrict_id, ${YEAR}, s.id, 'result_notice', 'department', s.department_id, 'release', '抄告', '{}'
    FROM stations s WHERE abs(hashtext(s.id::text)) % 4 = 0`);
  await q(`INSERT INTO deliveries (notice_id, channel, status) SELECT id, 'inbox', CASE WHEN abs(hashtext(id::text)) % 5 = 0 THEN 'failed' ELSE 'delivered' END FROM notices WHERE kind = 'result_notice'`);
  await refreshBoardSummaries({ query: q }); // the read models the projections and triggers keep live (and the overview)
}

export async function run(opts: { stations: number } = { stations: 20_000 }): Promise<Record<string, number>> {
  const db = await createTestDatabase();
  const q = (sql: string, params?: unknown[]) => db.dataSource.query(sql, params);
  try {
    const t0 = performance.now();
    await db.dataSource.transaction((tx) => generate((sql, params) => tx.query(sql, params), opts.stations));
    await q(`VACUUM ANALYZE`); // steady state: the visibility map set, as autovacuum leaves it after the bulk load
    const generateMs = performance.now() - t0;
    const policy = loadPolicyRegistry(path.resolve(process.cwd(), 'config/policies')).get('2021-trial');
    const derive = new BoardQueries(null as any);
    const now = new Date('2027-01-05T10:00:00+08:00');
    const ctx = boardContext(YEAR, policy, 'Asia/Shanghai', now);
    const years: { id: string }[] = await q(`SELECT id FROM assessment_years ORDER BY id`);
    const ds = db.dataSource;
    const time = async (n: number, f: (i: number) => Promise<unknown>) => {
      for (let i = 0; i < 3; i++) await f(i); // warm-up
      const xs: number[] = [];
      for (let i = 0; i < n; i++) {
        const a = performance.now();
        await f(i);
        xs.push(performance.now() - a);
      }
      return xs;
    };
    const pick = (i: number) => years[(i * 7919) % years.length].id;
    let rows = 0;
    const one = await time(200, async (i) => {
      const raw = await boardRows(ds, { year: YEAR, assessmentYearId: pick(i) }, ctx);
      rows = raw.map((r: any) => derive.deriveRow(r, ctx)).length;
    });
    const oneAnti = await time(200, (i) => q(notSubmittedAntiJoinSql('year'), [pick(i)]));
    let allRows = 0;
    const allQuery: number[] = [];
    const all = await time(10, async () => {
      const a = performance.now();
      const raw = await boardRows(ds, { year: YEAR }, ctx);
      allQuery.push(performance.now() - a);
      allRows = raw.map((r: any) => derive.deriveRow(r, ctx)).length;
    });
    allQuery.splice(0, 3); // the warm-up runs
    const allAnti = await time(10, () => q(notSubmittedAntiJoinSql('all'), [YEAR]));
    // the whole-set overview (全域进度总览): the grand totals and a page of 50 subdistricts, first and deep (a cursor
    // from the middle of the year's subdistricts), by name and most behind first — what a district-wide user reads
    // the API's UnitOfWork as far as the overview uses it, with the default configuration (or the totals never kept)
    const defaults = loadConfig({});
    const sql = new Sql(ds, { prepare: true });
    const overviewsAt = (clock: () => Date, cacheFrom = defaults.overviewTotalsCacheFrom) => new OverviewQueries({
      policies: { registry: { versions: () => ['2021-trial'], get: () => policy }, get: () => policy },
      config: { ...defaults, timeZone: 'Asia/Shanghai', overviewTotalsCacheFrom: cacheFrom }, now: clock, sql,
    } as any);
    const overviews = overviewsAt(() => now, Number.MAX_SAFE_INTEGER); // exact: every request sums
    let cursor: string | undefined;
    for (let i = 0; i < Math.floor(years.length / 2 / 50); i++) cursor = (await overviews.page(YEAR, { cursor })).nextCursor ?? undefined;
    const deep = cursor;
    const ovTotals = await time(200, () => overviews.totals(YEAR));
    const ovPage = await time(200, () => overviews.page(YEAR, {}));
    const ovDeep = await time(200, () => overviews.page(YEAR, { cursor: deep }));
    const ovBehind = await time(200, () => overviews.page(YEAR, { sort: 'behind' }));
    let overviewRows = 0;
    const ovWhole = await time(200, async () => { overviewRows = (await overviews.overview(YEAR)).rows.length; });
    const totals = await overviews.totals(YEAR);
    // as served: the same instant throughout (the kept sums stay young), then a clock a minute on at every request
    const served = overviewsAt(() => now);
    const ovServed = await time(200, () => served.overview(YEAR));
    const overviewServedFromKeptTotals = years.length >= defaults.overviewTotalsCacheFrom ? 1 : 0; // else summed per request
    let minutes = 0;
    const resumming = overviewsAt(() => new Date(now.getTime() + minutes * 60_000));
    const ovResumming = await time(200, () => { minutes++; return resumming.overview(YEAR); });
    await resumming.totalsCache.settled();
    const [{ bytes }] = await q(`SELECT pg_database_size(current_database())::float8 AS bytes`);
    // what the overview adds to a projection rebuild: its set-based refresh from station_years and board_summaries
    const refresh: number[] = [];
    for (let i = 0; i < 3; i++) {
      const a = performance.now();
      await ds.transaction((tx) => refreshBoardOverview(tx));
      refresh.push(performance.now() - a);
    }

    return {
      stations: opts.stations, subdistricts: years.length, generateMs: Math.round(generateMs), rowsPerSubdistrictBoard: rows, rowsWholeBoard: allRows,
      subdistrictBoardP50Ms: pct(one, 50), subdistrictBoardP99Ms: pct(one, 99),
      subdistrictAntiJoinP50Ms: pct(oneAnti, 50), subdistrictAntiJoinP99Ms: pct(oneAnti, 99),
      wholeBoardP50Ms: pct(all, 50), wholeBoardP99Ms: pct(all, 99), wholeBoardQueryP50Ms: pct(allQuery, 50),
      wholeAntiJoinP50Ms: pct(allAnti, 50), wholeAntiJoinP99Ms: pct(allAnti, 99),
      overviewServedP50Ms: pct(ovServed, 50), overviewServedP99Ms: pct(ovServed, 99), overviewServedFromKeptTotals,
      overviewServedResummingP50Ms: pct(ovResumming, 50), overviewServedResummingP99Ms: pct(ovResumming, 99),
      overviewExactP50Ms: pct(ovWhole, 50), overviewExactP99Ms: pct(ovWhole, 99), overviewRows, overviewStations: totals.stations,
      overviewRefreshMs: Math.round(pct(refresh, 50)),
      overviewTotalsExactP50Ms: pct(ovTotals, 50), overviewTotalsExactP99Ms: pct(ovTotals, 99),
      overviewPageP50Ms: pct(ovPage, 50), overviewPageP99Ms: pct(ovPage, 99),
      overviewDeepPageP50Ms: pct(ovDeep, 50), overviewDeepPageP99Ms: pct(ovDeep, 99),
      overviewBehindPageP50Ms: pct(ovBehind, 50), overviewBehindPageP99Ms: pct(ovBehind, 99),
      databaseMiB: Math.round(bytes / 2 ** 20), databaseBytesPerStation: Math.round(bytes / opts.stations),
    };
  } finally {
    await db.drop();
  }
}
