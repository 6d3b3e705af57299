/**
 * The board summary (read model `board_summaries`): one row per station and calendar year with what the late board
 * shows beside the station-year row itself — the self-assessment's status, the months recorded (a bit mask and each
 * month's recording instant), the items scored (how many, by which roles, when last), the reminders sent (how many,
 * when last), the result notices (how many, delivered, failed) and the notices' occasions (the latest with its issue
 * time, and every occasion sent, for the board's occasion filter). The board reads it with one join instead of
 * aggregating month records, scores, notices and deliveries per request, so a whole-set board costs one row per
 * station. Month m's instant is a column of its own (m1_at … m12_at), not an array element: the board compares
 * each against the month's due instant for every row, and plain columns cost a fraction of array subscripts.
 *
 * Kept in the writer's transaction: the assessment projections update their columns in the same statement as
 * their own table (libs/assessment infrastructure/projector.ts); statement-level triggers on `notices` and
 * `deliveries` (migration 1764300001500) keep the notice columns, whoever writes those tables. Rebuilt set-based
 * from the tables by `refreshBoardSummaries` (after a projection rebuild; also the migration's initial fill), and a
 * test holds the live rows equal to a rebuild.
 */
import type { Queryable } from './sql';
import { deferBoardOverview, refreshBoardOverview } from './board-overview';

/** Notice kinds that count as reminders sent to a station (the sweep's kinds; older names kept). */
export const REMINDER_KINDS: readonly string[] = ['reminder', 'monthly_record_reminder', 'self_assessment_reminder', 'overdue_notice'];
export const RESULT_NOTICE_KIND = 'result_notice';

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/**
 * The column holding month m's recording instant (its special section) as epoch milliseconds (float8, exact: whole
 * milliseconds); NULL while not recorded. Numbers, not timestamps: the board's lateness arithmetic on them is a
 * fraction of the cost of interval arithmetic, for every month of every row.
 */
export const monthColumn = (m: number) => `m${m}_ms`;
/** A timestamptz as the summary's epoch milliseconds (truncated to the millisecond, as JavaScript sees it). */
export const epochMsSql = (x: string) => `(extract(epoch FROM date_trunc('milliseconds', ${x})) * 1000)::float8`;
const MONTH_COLUMNS = MONTHS.map(monthColumn).join(', ');

/** The distinct scorer roles in code-point order, as the board lists them. */
const ROLES_AGG = (col: string) => `array_agg(DISTINCT ${col} COLLATE "C" ORDER BY ${col} COLLATE "C")`;

/**
 * The assessment part of the summary (self-assessment, months, scores) for the station-years matching `where`
 * (on alias sy), computed from the projection tables; upserted, leaving the notice columns as they are.
 */
function assessmentPartSql(where: string): string {
  const monthAt = MONTHS.map((m) => `max(${epochMsSql('mr.special_recorded_at')}) FILTER (WHERE mr.special IS NOT NULL AND mr.month = ${m}) AS ${monthColumn(m)}`);
  return `
    INSERT INTO board_summaries AS b (station_id, year, sa_status, months_mask, months_waived, ${MONTH_COLUMNS}, items_scored, scored_roles, last_scored_at)
    SELECT sy.station_id, sy.year, sa.status, coalesce(m.mask, 0), coalesce(m.waived, 0), ${MONTHS.map((k) => `m.${monthColumn(k)}`).join(', ')},
           coalesce(sc.items, 0), sc.roles, sc.last_at
    FROM station_years sy
    LEFT JOIN self_assessments sa ON sa.station_year_id = sy.id
    LEFT JOIN (
      SELECT mr.station_year_id, coalesce(bit_or(1 << mr.month) FILTER (WHERE mr.special IS NOT NULL), 0)::int AS mask,
             coalesce(bit_or(1 << mr.month) FILTER (WHERE mr.waiver IS NOT NULL), 0)::int AS waived,
             ${monthAt.join(', ')}
      FROM month_records mr GROUP BY mr.station_year_id
    ) m ON m.station_year_id = sy.id
    LEFT JOIN (
      SELECT i.station_year_id, count(*)::int AS items, ${ROLES_AGG('i.scored_role')} AS roles, max(i.scored_at) AS last_at
      FROM item_scores i GROUP BY i.station_year_id
    ) sc ON sc.station_year_id = sy.id
    WHERE (${where}) AND (sa.station_year_id IS NOT NULL OR m.station_year_id IS NOT NULL OR sc.station_year_id IS NOT NULL)
    ON CONFLICT (station_id, year) DO UPDATE SET sa_status = EXCLUDED.sa_status, months_mask = EXCLUDED.months_mask, months_waived = EXCLUDED.months_waived,
      ${MONTHS.map((k) => `${monthColumn(k)} = EXCLUDED.${monthColumn(k)}`).join(', ')}, items_scored = EXCLUDED.items_scored, scored_roles = EXCLUDED.scored_roles,
      last_scored_at = EXCLUDED.last_scored_at`;
}

/**
 * The notice part for every station and year, from the tables: reminders, result notices and their deliveries, and
 * the occasions of every notice about the station — the latest (by issue time, then label in code-point order) with
 * its instant, and the set sent (code-point order).
 */
function noticePartSql(): string {
  return `
    INSERT INTO board_summaries AS b (station_id, year, reminders, last_reminder_at, notices_total, notices_delivered, notices_failed,
                                      last_occasion, last_notice_at, occasions)
    SELECT n.station_id, n.year,
           count(*) FILTER (WHERE n.kind = ANY ($1::text[]))::int, max(n.created_at) FILTER (WHERE n.kind = ANY ($1::text[])),
           count(*) FILTER (WHERE n.kind = $2)::int,
           count(*) FILTER (WHERE n.kind = $2 AND dl.delivered)::int, count(*) FILTER (WHERE n.kind = $2 AND dl.failed)::int,
           (array_agg(n.occasion_label ORDER BY n.created_at DESC, n.occasion_label COLLATE "C" DESC) FILTER (WHERE n.occasion_label IS NOT NULL))[1],
           max(n.created_at) FILTER (WHERE n.occasion_label IS NOT NULL),
           array_agg(DISTINCT n.occasion_label COLLATE "C" ORDER BY n.occasion_label COLLATE "C") FILTER (WHERE n.occasion_label IS NOT NULL)
    FROM notices n
    LEFT JOIN (
      SELECT d.notice_id, bool_or(d.status = 'delivered') AS delivered, bool_or(d.status = 'failed') AS failed
      FROM deliveries d JOIN notices rn ON rn.id = d.notice_id AND rn.kind = $2 GROUP BY d.notice_id
    ) dl ON dl.notice_id = n.id
    WHERE n.station_id IS NOT NULL
    GROUP BY n.station_id, n.year
    ON CONFLICT (station_id, year) DO UPDATE SET reminders = EXCLUDED.reminders, last_reminder_at = EXCLUDED.last_reminder_at,
      notices_total = EXCLUDED.notices_total, notices_delivered = EXCLUDED.notices_delivered, notices_failed = EXCLUDED.notices_failed,
      last_occasion = EXCLUDED.last_occasion, last_notice_at = EXCLUDED.last_notice_at, occasions = EXCLUDED.occasions`;
}

/**
 * Rebuilds the whole summary set-based from the projection tables and the notices (in the caller's transaction):
 * after a projection rebuild, and the migration's initial fill; then the overview built on it (board-overview.ts).
 */
export async function refreshBoardSummaries(db: Queryable): Promise<void> {
  // the overview (board-overview.ts) is rebuilt from the result: its triggers stand aside meanwhile (earlier
  // migrations call this before the overview's table exists)
  await deferBoardOverview(db);
  const [{ overview }] = await db.query(`SELECT to_regclass('board_overview') IS NOT NULL AS overview`);
  await db.query(`DELETE FROM board_summaries`);
  await db.query(assessmentPartSql('true'));
  await db.query(noticePartSql(), [REMINDER_KINDS, RESULT_NOTICE_KIND]);
  if (overview) await refreshBoardOverview(db);
  else await deferBoardOverview(db, false);
}

/**
 * The live updates, one statement each with the projection write they follow (a CTE `up` returning the written
 * row's station_year_id and what the summary needs), so a command pays no extra round trip for the summary.
 */
export const SUMMARY_AFTER = {
  /**
   * Month m's record (`up` returns station_year_id, has_special, at: the special section's instant, milliseconds):
   * its bit and its column follow the month's row as written, whichever section the event recorded.
   */
  month: (m: number) => {
    if (!Number.isInteger(m) || m < 1 || m > 12) throw new Error(`not a month: ${m}`);
    return `
    INSERT INTO board_summaries AS b (station_id, year, months_mask, ${monthColumn(m)})
    SELECT sy.station_id, sy.year, CASE WHEN up.has_special THEN ${1 << m} ELSE 0 END, CASE WHEN up.has_special THEN up.at END
    FROM up JOIN station_years sy ON sy.id = up.station_year_id
    ON CONFLICT (station_id, year) DO UPDATE SET months_mask = (b.months_mask & ${~(1 << m)}) | EXCLUDED.months_mask,
      ${monthColumn(m)} = EXCLUDED.${monthColumn(m)}`;
  },
  /** Months waived (`up` returns station_year_id, month for each): their bits join the waived mask. */
  waived: `
    INSERT INTO board_summaries AS b (station_id, year, months_waived)
    SELECT sy.station_id, sy.year, bit_or(1 << up.month)::int FROM up JOIN station_years sy ON sy.id = up.station_year_id GROUP BY 1, 2
    ON CONFLICT (station_id, year) DO UPDATE SET months_waived = b.months_waived | EXCLUDED.months_waived`,
  /** `up` returns station_year_id, status. */
  selfAssessment: `
    INSERT INTO board_summaries AS b (station_id, year, sa_status)
    SELECT sy.station_id, sy.year, up.status FROM up JOIN station_years sy ON sy.id = up.station_year_id
    ON CONFLICT (station_id, year) DO UPDATE SET sa_status = EXCLUDED.sa_status`,
  /**
   * `up` returns station_year_id, item_key, scored_role, scored_at; the other items come from the statement's
   * snapshot (the row being written excluded), so the figures are recomputed, not counted up: a re-scored item
   * by another role drops the old role. Commands on one station-year are serialised by its versioned row.
   */
  score: `
    INSERT INTO board_summaries AS b (station_id, year, items_scored, scored_roles, last_scored_at)
    SELECT sy.station_id, sy.year, 1 + (SELECT count(*) FROM item_scores o WHERE o.station_year_id = up.station_year_id AND o.item_key <> up.item_key)::int,
           (SELECT ${ROLES_AGG('r')} FROM (
              SELECT o.scored_role AS r FROM item_scores o WHERE o.station_year_id = up.station_year_id AND o.item_key <> up.item_key
              UNION ALL SELECT up.scored_role) x),
           greatest(up.scored_at, (SELECT max(o.scored_at) FROM item_scores o WHERE o.station_year_id = up.station_year_id AND o.item_key <> up.item_key))
    FROM up JOIN station_years sy ON sy.id = up.station_year_id
    ON CONFLICT (station_id, year) DO UPDATE SET items_scored = EXCLUDED.items_scored, scored_roles = EXCLUDED.scored_roles,
      last_scored_at = EXCLUDED.last_scored_at`,
} as const;
