/**
 * The late board's one query, the same for one subdistrict year and for every subdistrict of a calendar year (the
 * benchmark's whole set): the scope is only the filter on station_years (one assessment year, or the calendar year).
 *
 * One row per station-year in scope, joined with its station, department and board summary (the read model
 * `board_summaries`, libs/persistence/src/board-summary.ts, kept by the projections and the notice triggers in the
 * writers' transactions): nothing is aggregated per request, so the cost is one row per station shown — index
 * lookups for one subdistrict, hash joins for the whole set — and other years are never read. Per-row work that is
 * cheaper in SQL happens here: months come back as the recorded months' bit mask plus the late-recorded months with
 * their days late against this year's due instants (twelve comparisons, no timestamp arrays to parse).
 */
import { ROLES } from '@app/platform';
import { epochMsSql, monthColumn, REMINDER_KINDS, RESULT_NOTICE_KIND } from '@app/persistence';

export { REMINDER_KINDS, RESULT_NOTICE_KIND };
/** The known scorer roles in code-point order (the order the board lists a station's scorer roles in). */
export const BOARD_ROLES: readonly string[] = [...ROLES].sort();

/** daysLate * 16 + month for month m if it was recorded at or after its due instant ($4 + m), else NULL. */
function lateMonth(m: number): string {
  const at = `b.${monthColumn(m)}`;
  const due = `$${4 + m}::float8`;
  return `CASE WHEN ${at} >= ${due} THEN greatest(1, ceil((${at} - ${due}) / 86400000))::int * 16 + ${m} END`;
}

/**
 * $1 calendar year; $2 assessment_year_id (scope 'year'), null (scope 'all'); $3 station kind or null; $4 department
 * id or null; $5 … $16 the due instants of months 1 … 12 in epoch milliseconds; $17 a notice occasion the station
 * was sent (12月15日自评提醒) or null.
 *
 * Columns: the station and station-year facts, sa_status; `months_mask` (bit m set when month m has its special
 * record or was waived: either way nothing is owed); `late_months` text of daysLate * 16 + month, comma-separated, for months recorded at or after their due
 * instant (days begun, at least 1, on the millisecond instant as JavaScript sees it), '' when none; items_scored,
 * scored_roles (distinct, code-point order), last_scored_at; reminders, last_reminder_at; notices_total /
 * _delivered / _failed; last_occasion, last_notice_at (the latest notice about the station). Timestamps come back as epoch milliseconds (float8) and numbers as text rather than arrays:
 * the client parses a whole-set board's 20,000 rows at a fraction of the cost of Date and array parsing, to the
 * same values (see toDate in board.query.ts).
 */
function boardQuery(scopeFilter: (alias: string) => string): string {
  const late = Array.from({ length: 12 }, (_, i) => lateMonth(i + 1));
  const ms = epochMsSql;
  return `
  SELECT sy.station_id, s.name, s.kind, s.department_id, d.name AS department, s.head_name,
         sy.state, sy.late, ${ms('sy.submitted_at')} AS submitted_at, ${ms('sy.extended_until')} AS extended_until, b.sa_status,
         coalesce(b.months_mask, 0) | coalesce(b.months_waived, 0) AS months_mask,
         array_to_string(ARRAY[${late.join(', ')}], ',') AS late_months,
         coalesce(b.items_scored, 0) AS items_scored, b.scored_roles, ${ms('b.last_scored_at')} AS last_scored_at,
         coalesce(b.reminders, 0) AS reminders, ${ms('b.last_reminder_at')} AS last_reminder_at,
         coalesce(b.notices_total, 0) AS notices_total, coalesce(b.notices_delivered, 0) AS notices_delivered,
         coalesce(b.notices_failed, 0) AS notices_failed, b.last_occasion, ${ms('b.last_notice_at')} AS last_notice_at
  FROM station_years sy
  JOIN stations s ON s.id = sy.station_id
  JOIN departments d ON d.id = s.department_id
  LEFT JOIN board_summaries b ON b.station_id = sy.station_id AND b.year = sy.year
  WHERE ${scopeFilter('sy')}
    AND ($3::text IS NULL OR s.kind = $3::text)
    AND ($4::uuid IS NULL OR s.department_id = $4::uuid)
    AND ($17::text IS NULL OR $17::text = ANY (b.occasions))
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
  /** Only stations sent a notice of this occasion. */
  occasion?: string | null;
}

/** The parameters of BOARD_SQL for a scope and the year's month due instants. */
export function boardParams(scope: BoardScope, dueAt: readonly Date[]): unknown[] {
  return [scope.year, scope.assessmentYearId ?? null, scope.kind ?? null, scope.departmentId ?? null, ...dueAt.map((d) => d.getTime()), scope.occasion ?? null];
}

/** The raw anti-join the benchmark times beside the board: stations of a year without a submitted self-assessment. */
export function notSubmittedAntiJoinSql(scope: 'year' | 'all'): string {
  return `
    SELECT sy.station_id FROM station_years sy
    WHERE ${scope === 'year' ? 'sy.assessment_year_id = $1' : 'sy.year = $1'}
      AND NOT EXISTS (SELECT 1 FROM self_assessments sa WHERE sa.station_year_id = sy.id AND sa.status = 'submitted')
  `;
}
