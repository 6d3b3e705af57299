/**
 * The whole-set overview's read model (`board_overview`, migration 1764300002400): one row per subdistrict and
 * calendar year with time-independent counters over its stations — how many; their self-assessment classes
 * (submitted, submitted late, overdue for good, pending with or without a draft, extended until some instant);
 * per month, how many have it recorded or waived, and how many have every month up to it; a histogram of items
 * scored; result notices total / delivered / failed. The overview derives from them, at any `now` and without
 * reading a station, the figures the late board's totals show (libs/reporting/src/board/overview-figures.ts), so a
 * page of subdistricts and the grand totals cost the same at 20,000 stations as at 200,000.
 *
 * Kept in the writers' transactions by row-level triggers on `station_years` and `board_summaries` (each with a
 * WHEN on the columns read here) through `board_overview_stations`, every station-year's inputs in one row. The
 * grand totals add up the year's subdistrict rows when read (one row per subdistrict, not per station). Rebuilt
 * set-based below, after `refreshBoardSummaries` (which calls it); a test holds
 * the live rows equal to a rebuild.
 */
import type { Queryable } from './sql';

/** The transaction-local setting under which the overview's triggers stand aside (the refresh rewrites it all). */
export const OVERVIEW_DEFERRED = 'board_overview.deferred';

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
const through = (m: number) => (1 << (m + 1)) - 2;

/** Every station-year's inputs (what the triggers copy into board_overview_stations, for all at once). */
const STATIONS_SQL = `
  INSERT INTO board_overview_stations (station_id, year, subdistrict_id, policy_version, state, late, submitted_at, extended_until,
                                       sa_status, months_mask, items_scored, notices_total, notices_delivered, notices_failed)
  SELECT sy.station_id, sy.year, sy.subdistrict_id, y.policy_version, sy.state, sy.late, sy.submitted_at, sy.extended_until,
         b.sa_status, coalesce(b.months_mask, 0) | coalesce(b.months_waived, 0), coalesce(b.items_scored, 0),
         coalesce(b.notices_total, 0), coalesce(b.notices_delivered, 0), coalesce(b.notices_failed, 0)
  FROM station_years sy JOIN assessment_years y ON y.id = sy.assessment_year_id
  LEFT JOIN board_summaries b ON b.station_id = sy.station_id AND b.year = sy.year`;

/** One row per station-year with its contribution's inputs (the triggers' `side`). */
const PER_STATION = `
  SELECT subdistrict_id AS sd, year AS yr, policy_version AS pv,
         board_overview_sa_class(state, late, submitted_at, extended_until, sa_status) AS cls, extended_until AS ext,
         months_mask AS mask, items_scored AS items, notices_total AS nt, notices_delivered AS nd, notices_failed AS nf
  FROM board_overview_stations`;

/** The counter columns of a subdistrict's row (besides the self-assessment classes). */
export const OVERVIEW_ITEM_BUCKETS = 16;
const ITEMS = Array.from({ length: OVERVIEW_ITEM_BUCKETS }, (_, k) => k);
const COUNTER_COLUMNS = [
  'stations', 'sa_submitted', 'sa_submitted_late', 'sa_overdue', 'sa_pending_draft', 'sa_pending',
  ...MONTHS.flatMap((m) => [`mc_${m}`, `mt_${m}`]), ...ITEMS.map((k) => `it_${k}`), 'notices_total', 'notices_delivered', 'notices_failed',
];

const REBUILD_SQL = `
  WITH per AS MATERIALIZED (${PER_STATION})
  INSERT INTO board_overview (subdistrict_id, year, name, policy_version, ${COUNTER_COLUMNS.join(', ')}, extended_until)
  SELECT p.sd, p.yr, min(s.name), min(p.pv), count(*)::int,
         count(*) FILTER (WHERE cls = 'submitted')::int, count(*) FILTER (WHERE cls = 'submitted_late')::int,
         count(*) FILTER (WHERE cls = 'overdue')::int, count(*) FILTER (WHERE cls = 'pending_draft')::int,
         count(*) FILTER (WHERE cls = 'pending')::int,
         ${MONTHS.map((m) => `count(*) FILTER (WHERE (mask >> ${m}) & 1 = 1)::int, count(*) FILTER (WHERE mask & ${through(m)} = ${through(m)})::int`).join(', ')},
         ${ITEMS.map((k) => `count(*) FILTER (WHERE items = ${k})::int`).join(', ')},
         sum(nt)::int, sum(nd)::int, sum(nf)::int,
         coalesce(array_agg(ext ORDER BY ext) FILTER (WHERE cls = 'extended'), '{}')
  FROM per p
  JOIN subdistricts s ON s.id = p.sd
  GROUP BY p.sd, p.yr`;

/**
 * Until the transaction ends (or this is called with false), the overview's triggers stand aside: a refresh or a bulk
 * load rewrites the overview set-based instead of row by row.
 */
export async function deferBoardOverview(db: Queryable, deferred = true): Promise<void> {
  await db.query(`SELECT set_config($1, $2, true)`, [OVERVIEW_DEFERRED, deferred ? 'on' : 'off']);
}

export async function refreshBoardOverview(db: Queryable): Promise<void> {
  await deferBoardOverview(db);
  await db.query(`DELETE FROM board_overview_stations`);
  await db.query(STATIONS_SQL);
  await db.query(`DELETE FROM board_overview`);
  await db.query(REBUILD_SQL);
  await deferBoardOverview(db, false);
}
