/**
 * The reads and writes command handlers need beyond the station-year and year rows (rows.ts): SQL stays here, in
 * infrastructure, so handlers hold none (checked by test/architecture/layers.spec.ts).
 */
import type { Queryable, WriteStep } from '@app/persistence';

/** The stations a new year assesses: the active ones, and only those part of the four platforms when the policy says so. */
export async function activeStationIds(db: Queryable, subdistrictId: string, { fourPlatformsOnly = false } = {}): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `SELECT id FROM stations WHERE subdistrict_id = $1 AND active ${fourPlatformsOnly ? 'AND four_platforms' : ''} ORDER BY name`, [subdistrictId],
  );
  return rows.map((r) => r.id);
}

export interface NewMachineRow {
  id?: string;
  state: string;
  snapshot: unknown;
  machineVersion: number;
}

export async function insertAssessmentYear(tx: Queryable, y: NewMachineRow & { id: string; subdistrictId: string; year: number; policyVersion: string }): Promise<void> {
  await tx.query(
    `INSERT INTO assessment_years (id, subdistrict_id, year, policy_version, state, snapshot, machine_version) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [y.id, y.subdistrictId, y.year, y.policyVersion, y.state, JSON.stringify(y.snapshot), y.machineVersion],
  );
}

export async function insertStationYear(tx: Queryable, s: NewMachineRow & { assessmentYearId: string; subdistrictId: string; stationId: string; year: number }): Promise<void> {
  await tx.query(
    `INSERT INTO station_years (assessment_year_id, subdistrict_id, station_id, year, state, snapshot, machine_version) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [s.assessmentYearId, s.subdistrictId, s.stationId, s.year, s.state, JSON.stringify(s.snapshot), s.machineVersion],
  );
}

/** A month's record section (special or daily) as stored, if any. */
export async function monthSection(db: Queryable, stationYearId: string, month: number, section: 'special' | 'daily'): Promise<unknown> {
  const [r] = await db.query(`SELECT ${section === 'special' ? 'special' : 'daily'} AS data FROM month_records WHERE station_year_id = $1 AND month = $2`, [stationYearId, month]);
  return r?.data ?? null;
}

/** Whether an individual grade changed after the year's results were computed (they must be computed again). */
export async function gradeChangedSinceResults(db: Queryable, subdistrictId: string, year: number): Promise<boolean> {
  const [stale] = await db.query(
    `SELECT 1 FROM grade_adjustments g JOIN station_years sy ON sy.id = g.station_year_id
       JOIN assessment_years y ON y.id = sy.assessment_year_id JOIN year_results r ON r.assessment_year_id = y.id
      WHERE y.subdistrict_id = $1 AND y.year = $2 AND g.set_at > r.computed_at LIMIT 1`, [subdistrictId, year]);
  return !!stale;
}

export async function staffMemberOf(db: Queryable, staffId: string, stationId: string): Promise<{ id: string; kind: string } | undefined> {
  const [person] = await db.query(
    `SELECT st.id, s.kind FROM staff st JOIN stations s ON s.id = st.station_id WHERE st.id = $1 AND st.station_id = $2`, [staffId, stationId]);
  return person;
}

export async function recognitionStatus(db: Queryable, recognitionId: string, stationYearId: string): Promise<string | undefined> {
  const [rec] = await db.query(`SELECT status FROM recognitions WHERE id = $1 AND station_year_id = $2`, [recognitionId, stationYearId]);
  return rec?.status;
}

export async function objectionStation(db: Queryable, objectionId: string, assessmentYearId: string): Promise<string | undefined> {
  const [o] = await db.query(`SELECT station_id FROM objections WHERE id = $1 AND assessment_year_id = $2`, [objectionId, assessmentYearId]);
  return o?.station_id;
}

/** An uploaded file's INSERT, written with the command's commit (`Commit.writes`). */
export function fileInsert(f: { id: string; sha256: string; name: string; mime: string; size: number; content: Buffer }): WriteStep {
  return { sql: `INSERT INTO files (id, sha256, name, mime, size, content) VALUES ($1, $2, $3, $4, $5, $6)`, params: [f.id, f.sha256, f.name, f.mime, f.size, f.content] };
}

/** Months of a station year (among `months`) whose four-platform data is recorded. */
export async function recordedMonthsOf(db: Queryable, stationYearId: string, months: number[]): Promise<number[]> {
  const rows: { month: number }[] = await db.query(
    `SELECT month FROM month_records WHERE station_year_id = $1 AND month = ANY($2::int[]) AND special IS NOT NULL ORDER BY month`,
    [stationYearId, months],
  );
  return rows.map((r) => r.month);
}

/** Station name → id, for every station of the subdistrict (imports name stations). */
export async function stationIdsByName(db: Queryable, subdistrictId: string): Promise<Map<string, string>> {
  const rows: { id: string; name: string }[] = await db.query(`SELECT id, name FROM stations WHERE subdistrict_id = $1`, [subdistrictId]);
  return new Map(rows.map((r) => [r.name, r.id]));
}

/** The recorded four-platform data of these station years, keyed `<stationYearId>/<month>`. */
export async function recordedSpecials(db: Queryable, stationYearIds: string[]): Promise<Map<string, unknown>> {
  const rows: { station_year_id: string; month: number; special: unknown }[] = await db.query(
    `SELECT station_year_id, month, special FROM month_records WHERE station_year_id = ANY($1::uuid[]) AND special IS NOT NULL`,
    [stationYearIds],
  );
  return new Map(rows.map((r) => [`${r.station_year_id}/${r.month}`, r.special]));
}
