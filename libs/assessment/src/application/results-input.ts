/** Reads what the policy engine needs from the projections, in a few set-based queries (no per-station loops). */
import { findDepartures, suggestScores, type Policy, type Recognition, type StationInput } from '@app/policy';
import type { Queryable } from '@app/persistence';
import { loadMonthRecords } from './records-input';


export async function loadStationScoring(db: Queryable, stationYearId: string) {
  const scores = await db.query(`SELECT item_key, tenths FROM item_scores WHERE station_year_id = $1`, [stationYearId]);
  const recs = await db.query(`SELECT id, level, status, issuer, recognised_on FROM recognitions WHERE station_year_id = $1`, [stationYearId]);
  return {
    itemScores: Object.fromEntries(scores.map((r: any) => [r.item_key, r.tenths])) as Record<string, number>,
    recognitions: recs.filter((r: any) => r.status !== 'pending').map(toRecognition),
    pendingRecognitions: recs.filter((r: any) => r.status === 'pending').length,
  };
}

const toRecognition = (r: any): Recognition => ({ id: r.id, level: r.level, verified: r.status === 'verified', issuer: r.issuer });

/** Every station of one assessment year as policy-engine input, keyed by station id → station-year id. */
export async function loadYearInput(
  db: Queryable, assessmentYearId: string, policy: Policy,
): Promise<{ stations: StationInput[]; stationYearIds: Map<string, string> }> {
  const [stations, scores, recs, staff, months] = await Promise.all([
    db.query(
      `SELECT sy.id AS station_year_id, s.id, s.name, s.kind, s.headcount, d.id AS department_id, d.name AS department_name
       FROM station_years sy JOIN stations s ON s.id = sy.station_id JOIN departments d ON d.id = s.department_id
       WHERE sy.assessment_year_id = $1 ORDER BY s.id`, [assessmentYearId]),
    db.query(`SELECT i.station_year_id, i.item_key, i.tenths, i.comment, i.suggested_tenths, i.departure_reason FROM item_scores i
              JOIN station_years sy ON sy.id = i.station_year_id WHERE sy.assessment_year_id = $1`, [assessmentYearId]),
    db.query(`SELECT r.* FROM recognitions r JOIN station_years sy ON sy.id = r.station_year_id
              WHERE sy.assessment_year_id = $1 AND r.status <> 'pending'`, [assessmentYearId]),
    db.query(`SELECT sy.id AS station_year_id, st.id, st.name, st.is_head, g.grade, g.reason
              FROM station_years sy JOIN staff st ON st.station_id = sy.station_id AND st.active
              LEFT JOIN grade_adjustments g ON g.station_year_id = sy.id AND g.staff_id = st.id
              WHERE sy.assessment_year_id = $1 ORDER BY st.is_head DESC, st.name`, [assessmentYearId]),
    db.query(`SELECT id FROM station_years WHERE assessment_year_id = $1`, [assessmentYearId])
      .then((rows: { id: string }[]) => loadMonthRecords(db, rows.map((r) => r.id))),
  ]);
  const group = <T>(rows: any[], f: (r: any) => T) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.station_year_id, [...(m.get(r.station_year_id) ?? []), f(r)]);
    return m;
  };
  const scoresBy = group(scores, (r) => r);
  const recsBy = group(recs, toRecognition);
  const staffBy = group(staff, (r) => r);
  const stationYearIds = new Map<string, string>();
  const input = stations.map((s: any): StationInput => {
    stationYearIds.set(s.id, s.station_year_id);
    const itemNotes: Record<string, string[]> = {};
    for (const sc of scoresBy.get(s.station_year_id) ?? []) if (sc.comment) (itemNotes[sc.item_key] ??= []).push(`测评意见：${sc.comment}`);
    // the records behind each item are in its suggestion (建议分); a score that differs from it is a departure
    const itemScores = scoresBy.get(s.station_year_id) ?? [];
    const suggestions = suggestScores(policy, months.get(s.station_year_id) ?? []);
    const departures = findDepartures(
      suggestions,
      Object.fromEntries(itemScores.map((r) => [r.item_key, r.tenths])),
      Object.fromEntries(itemScores.map((r) => [r.item_key, { reason: r.departure_reason, suggestedTenths: r.suggested_tenths }])),
    );
    return {
      stationId: s.id,
      name: s.name,
      kind: s.kind,
      departmentId: s.department_id,
      departmentName: s.department_name,
      itemScores: Object.fromEntries((scoresBy.get(s.station_year_id) ?? []).map((r) => [r.item_key, r.tenths])),
      recognitions: recsBy.get(s.station_year_id) ?? [],
      staff: (staffBy.get(s.station_year_id) ?? []).map((p) => ({
        staffId: p.id, name: p.name, role: p.is_head ? 'head' : 'staff',
        ...(p.grade && s.kind === 'independent' ? { gradeOverride: { grade: p.grade, reason: p.reason } } : {}),
      })),
      itemNotes,
      suggestions,
      departures,
      headcount: s.headcount,
    };
  });
  return { stations: input, stationYearIds };
}
