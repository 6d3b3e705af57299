/**
 * The late board's one query, the same for one subdistrict year and for every subdistrict of a calendar year (the
 * benchmark's whole set): the scope is only the filter on station_years (one assessment year, or the calendar year).
 *
 * Set-based: month_records, item_scores, reminders and result notices (with their deliveries) are each aggregated
 * once, GROUP BY station-year (or station), restricted to the station-years in scope by a join with station_years
 * on the scope filter, and joined back to the station rows. The planner takes hash / merge joins and aggregates
 * over the whole set, and index nested loops (primary keys, migration-500/600 indexes) for one subdistrict, so the
 * cost grows with the stations shown, not with the database (other years are never read). The station kind and
 * department filters apply to the rows shown; the aggregates of a filtered subdistrict cover its 15-odd stations. Per-row work that is cheaper in SQL happens here:
 * months come back as a bit mask plus the late-recorded months with their days late (no timestamp arrays to parse),
 * scorer roles as a bit mask over the known roles.
 */
import { ROLES } from '@app/platform';

/** Notice kinds that count as reminders sent to a station (the sweep's kinds; older names kept). */
export const REMINDER_KINDS = ['reminder', 'monthly_record_reminder', 'self_assessment_reminder', 'overdue_notice'];
export const RESULT_NOTICE_KIND = 'result_notice';
/** The known scorer roles in code-point order: bit i of `roles_mask` is BOARD_ROLES[i]; other roles come back by name. */
export const BOARD_ROLES: readonly string[] = [...ROLES].sort();

/**
 * $1 calendar year; $2 assessment_year_id (scope 'year'), null (scope 'all'); $3 station kind or null;
 * $4 department id or null; $5 reminder kinds; $6 the twelve month due instants (timestamptz[], month m at [m]);
 * $7 BOARD_ROLES.
 *
 * Columns: the station and station-year facts, sa_status; `recorded` months and `months_mask` (bit m set when month m
 * has its special record); `late_months` int[] of daysLate * 16 + month for months recorded at or after their due
 * instant (days begun, at least 1, on the millisecond instant as JavaScript sees it); items_scored, roles_mask,
 * other_roles, last_scored_at; reminders, last_reminder_at; notices_total / _delivered / _failed.
 */
function boardQuery(scopeFilter: (alias: string) => string): string {
  return `
  WITH m AS (
    SELECT mr.station_year_id AS id, count(*)::int AS recorded, bit_or(1 << mr.month)::int AS mask,
           array_agg(
             greatest(1, ceil(date_part('epoch', date_trunc('milliseconds', mr.special_recorded_at) - ($6::timestamptz[])[mr.month]) / 86400))::int * 16
             + mr.month
           ) FILTER (WHERE date_trunc('milliseconds', mr.special_recorded_at) >= ($6::timestamptz[])[mr.month]) AS late_months
    FROM station_years y JOIN month_records mr ON mr.station_year_id = y.id
    WHERE ${scopeFilter('y')} AND mr.special IS NOT NULL
    GROUP BY mr.station_year_id
  ),
  sc AS (
    SELECT i.station_year_id AS id, count(*)::int AS items, max(i.scored_at) AS last_scored_at,
           bit_or(1 << (array_position($7::text[], i.scored_role) - 1)) AS roles_mask,
           array_agg(i.scored_role) FILTER (WHERE array_position($7::text[], i.scored_role) IS NULL) AS other_roles
    FROM station_years y JOIN item_scores i ON i.station_year_id = y.id
    WHERE ${scopeFilter('y')}
    GROUP BY i.station_year_id
  ),
  rm AS (
    SELECT n.station_id, count(*)::int AS n, max(n.created_at) AS last_at
    FROM station_years y JOIN notices n ON n.station_id = y.station_id AND n.year = y.year
    WHERE ${scopeFilter('y')} AND n.kind = ANY($5::text[])
    GROUP BY n.station_id
  ),
  nt AS (
    SELECT station_id, count(*)::int AS total, count(*) FILTER (WHERE delivered)::int AS delivered, count(*) FILTER (WHERE failed)::int AS failed
    FROM (
      SELECT n.station_id, coalesce(bool_or(dl.status = 'delivered'), false) AS delivered, coalesce(bool_or(dl.status = 'failed'), false) AS failed
      FROM station_years y JOIN notices n ON n.station_id = y.station_id AND n.year = y.year AND n.kind = '${RESULT_NOTICE_KIND}'
      LEFT JOIN deliveries dl ON dl.notice_id = n.id
      WHERE ${scopeFilter('y')}
      GROUP BY n.id, n.station_id
    ) per_notice
    GROUP BY station_id
  )
  SELECT sy.station_id, s.name, s.kind, s.department_id, d.name AS department, s.head_name,
         sy.state, sy.late, sy.submitted_at, sy.extended_until, sa.status AS sa_status,
         coalesce(m.recorded, 0) AS recorded, coalesce(m.mask, 0) AS months_mask, m.late_months,
         coalesce(sc.items, 0) AS items_scored, coalesce(sc.roles_mask, 0) AS roles_mask, sc.other_roles, sc.last_scored_at,
         coalesce(rm.n, 0) AS reminders, rm.last_at AS last_reminder_at,
         coalesce(nt.total, 0) AS notices_total, coalesce(nt.delivered, 0) AS notices_delivered, coalesce(nt.failed, 0) AS notices_failed
  FROM station_years sy
  JOIN stations s ON s.id = sy.station_id
  JOIN departments d ON d.id = s.department_id
  LEFT JOIN self_assessments sa ON sa.station_year_id = sy.id
  LEFT JOIN m ON m.id = sy.id
  LEFT JOIN sc ON sc.id = sy.id
  LEFT JOIN rm ON rm.station_id = sy.station_id
  LEFT JOIN nt ON nt.station_id = sy.station_id
  WHERE ${scopeFilter('sy')}
    AND ($3::text IS NULL OR s.kind = $3::text)
    AND ($4::uuid IS NULL OR s.department_id = $4::uuid)
`;
}

/**
 * The board's SQL for a scope: the same query, filtered on one subdistrict year ($2) or on the calendar year ($1).
 * Each scope has its own text so that a prepared statement's generic plan fits it (index loops for a subdistrict,
 * hash joins for the whole set) and is planned once per connection rather than per request.
 */
export const BOARD_SQL = {
  year: boardQuery((a) => `${a}.year = $1::int AND ${a}.assessment_year_id = $2::uuid`),
  all: boardQuery((a) => `${a}.year = $1::int AND $2::uuid IS NULL`),
} as const;

export function boardSql(scope: 'year' | 'all'): string {
  return BOARD_SQL[scope];
}

export interface BoardScope {
  year: number;
  /** One subdistrict year; omitted or null for every subdistrict of the calendar year. */
  assessmentYearId?: string | null;
  kind?: string | null;
  departmentId?: string | null;
}

/** The parameters of BOARD_SQL for a scope and the year's month due instants. */
export function boardParams(scope: BoardScope, dueAt: readonly Date[]): unknown[] {
  return [
    scope.year, scope.assessmentYearId ?? null, scope.kind ?? null, scope.departmentId ?? null,
    REMINDER_KINDS, dueAt.map((d) => d.toISOString()), BOARD_ROLES,
  ];
}

/** The raw anti-join the benchmark times beside the board: stations of a year without a submitted self-assessment. */
export function notSubmittedAntiJoinSql(scope: 'year' | 'all'): string {
  return `
    SELECT sy.station_id FROM station_years sy
    WHERE ${scope === 'year' ? 'sy.assessment_year_id = $1' : 'sy.year = $1'}
      AND NOT EXISTS (SELECT 1 FROM self_assessments sa WHERE sa.station_year_id = sy.id AND sa.status = 'submitted')
  `;
}
