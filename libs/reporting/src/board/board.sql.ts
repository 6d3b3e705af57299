/**
 * The late board's one query: every station-year of a subdistrict year (or of every subdistrict for a calendar
 * year, as the benchmark does) with its months, self-assessment, reminders, scoring and result-notice delivery
 * aggregated beside it. Each LATERAL is an index range scan on a primary key or a migration-500 index, so the cost
 * grows with the stations shown, not with the database.
 */

/** Notice kinds that count as reminders sent to a station (the sweep's kinds; older names kept). */
export const REMINDER_KINDS = ['reminder', 'monthly_record_reminder', 'self_assessment_reminder', 'overdue_notice'];
export const RESULT_NOTICE_KIND = 'result_notice';

/**
 * $1 assessment_year_id (scope 'year') or calendar year (scope 'all'); $2 reminder kinds; $3 station kind or null;
 * $4 department id or null.
 */
export function boardSql(scope: 'year' | 'all'): string {
  return `
    SELECT sy.id AS station_year_id, sy.station_id, s.name, s.kind, s.department_id, d.name AS department, s.head_name,
           sy.subdistrict_id, sy.state, sy.late, sy.submitted_at, sy.extended_until,
           sa.status AS sa_status, sa.saved_at AS sa_saved_at,
           m.months, m.recorded_at,
           coalesce(sc.items, 0) AS items_scored, sc.roles, sc.last_scored_at,
           coalesce(rm.n, 0) AS reminders, rm.last_at AS last_reminder_at,
           coalesce(nt.total, 0) AS notices_total, coalesce(nt.delivered, 0) AS notices_delivered,
           coalesce(nt.failed, 0) AS notices_failed
    FROM station_years sy
    JOIN stations s ON s.id = sy.station_id
    JOIN departments d ON d.id = s.department_id
    LEFT JOIN self_assessments sa ON sa.station_year_id = sy.id
    LEFT JOIN LATERAL (
      SELECT array_agg(mr.month ORDER BY mr.month) AS months, array_agg(mr.special_recorded_at ORDER BY mr.month) AS recorded_at
      FROM month_records mr WHERE mr.station_year_id = sy.id AND mr.special IS NOT NULL
    ) m ON true
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS items, array_agg(DISTINCT i.scored_role ORDER BY i.scored_role) AS roles, max(i.scored_at) AS last_scored_at
      FROM item_scores i WHERE i.station_year_id = sy.id
    ) sc ON true
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS n, max(n.created_at) AS last_at
      FROM notices n WHERE n.station_id = sy.station_id AND n.year = sy.year AND n.kind = ANY($2::text[])
    ) rm ON true
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM deliveries dl WHERE dl.notice_id = n.id AND dl.status = 'delivered'))::int AS delivered,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM deliveries dl WHERE dl.notice_id = n.id AND dl.status = 'failed'))::int AS failed
      FROM notices n WHERE n.station_id = sy.station_id AND n.year = sy.year AND n.kind = '${RESULT_NOTICE_KIND}'
    ) nt ON true
    WHERE ${scope === 'year' ? 'sy.assessment_year_id = $1' : 'sy.year = $1'}
      AND ($3::text IS NULL OR s.kind = $3::text)
      AND ($4::uuid IS NULL OR s.department_id = $4::uuid)
  `;
}

/** The raw anti-join the benchmark times beside the board: stations of a year without a submitted self-assessment. */
export function notSubmittedAntiJoinSql(scope: 'year' | 'all'): string {
  return `
    SELECT sy.station_id FROM station_years sy
    WHERE ${scope === 'year' ? 'sy.assessment_year_id = $1' : 'sy.year = $1'}
      AND NOT EXISTS (SELECT 1 FROM self_assessments sa WHERE sa.station_year_id = sy.id AND sa.status = 'submitted')
  `;
}
