/** What the 抄告 of a released year are made of, read in the issuing transaction, and the year's notice counter. */
import type { Queryable } from '@app/persistence';
import { NOTICE_KINDS } from '../delivery/notice-kinds';
import type { ReleaseFacts } from '../rules/release-rules';

/**
 * Locks the subdistrict-year's notice counter (FOR UPDATE: releases of one year are numbered one after another) and
 * reads the result table, the organisation/HR departments and the numbers issued before. Undefined: no such year.
 */
export async function readReleaseFacts(tx: Queryable, assessmentYearId: string): Promise<(ReleaseFacts & { policyVersion: string }) | undefined> {
  const [year] = await tx.query(
    `SELECT ay.subdistrict_id, ay.year, ay.policy_version, sd.name, sd.abbr, yr.station_count
       FROM assessment_years ay JOIN subdistricts sd ON sd.id = ay.subdistrict_id
       LEFT JOIN year_results yr ON yr.assessment_year_id = ay.id
      WHERE ay.id = $1`,
    [assessmentYearId],
  );
  if (!year) return undefined;
  const stations = await tx.query(
    `SELECT sy.station_id, st.name, st.kind, d.id AS department_id, d.name AS department_name,
            r.daily, r.special, r.innovation, r.total, r.rank, r.grade, r.quota_demoted, r.bonus_yuan, r.persons
       FROM station_results r JOIN station_years sy ON sy.id = r.station_year_id
       JOIN stations st ON st.id = sy.station_id JOIN departments d ON d.id = st.department_id
      WHERE r.assessment_year_id = $1 ORDER BY r.position`,
    [assessmentYearId],
  );
  const hr = await tx.query(`SELECT id, name FROM departments WHERE subdistrict_id = $1 AND kind = 'hr' ORDER BY name`, [year.subdistrict_id]);
  await tx.query(`INSERT INTO notice_numbers (subdistrict_id, year) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [year.subdistrict_id, year.year]);
  const [{ last_number }] = await tx.query(
    `SELECT last_number FROM notice_numbers WHERE subdistrict_id = $1 AND year = $2 FOR UPDATE`, [year.subdistrict_id, year.year]);
  const existing = await tx.query(
    `SELECT DISTINCT station_id, number FROM notices WHERE subdistrict_id = $1 AND year = $2 AND kind = $3`,
    [year.subdistrict_id, year.year, NOTICE_KINDS.resultNotice]);
  return {
    subdistrictId: year.subdistrict_id, subdistrict: { name: year.name, abbr: year.abbr }, year: year.year, policyVersion: year.policy_version,
    stationCount: year.station_count ?? null,
    stations: stations.map((s: any) => ({
      stationId: s.station_id, name: s.name, kind: s.kind, department: { id: s.department_id, name: s.department_name },
      tenths: { daily: s.daily, special: s.special, innovation: s.innovation, total: s.total }, rank: s.rank, grade: s.grade,
      quotaDemoted: s.quota_demoted, bonusYuan: s.bonus_yuan, persons: s.persons ?? [],
    })),
    hrDepartments: hr,
    existingNumbers: new Map(existing.map((r: any) => [r.station_id, r.number])),
    lastNumber: last_number,
  };
}

export async function saveLastNoticeNumber(tx: Queryable, subdistrictId: string, year: number, last: number): Promise<void> {
  await tx.query(`UPDATE notice_numbers SET last_number = $3 WHERE subdistrict_id = $1 AND year = $2`, [subdistrictId, year, last]);
}
