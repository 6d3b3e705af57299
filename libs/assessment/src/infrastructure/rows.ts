/** The write model's rows (one per subdistrict year, one per station year) and how to load them. */
import type { MonthRecords } from '@app/policy';
import { NotFoundError } from '../domain';
import type { PersistedSnapshot } from '../domain';
import type { Queryable } from '@app/persistence';


export interface YearRow {
  id: string;
  subdistrictId: string;
  year: number;
  policyVersion: string;
  state: string;
  snapshot: PersistedSnapshot<any>;
  version: number;
  publicityUntil: Date | null;
}

export interface StationYearRow {
  id: string;
  assessmentYearId: string;
  subdistrictId: string;
  stationId: string;
  year: number;
  state: string;
  snapshot: PersistedSnapshot<any>;
  version: number;
  submittedAt: Date | null;
  late: boolean;
  extendedUntil: Date | null;
}

const YEAR_COLUMNS = `id, subdistrict_id, year, policy_version, state, snapshot, version, publicity_until`;
const STATION_YEAR_COLUMNS = `id, assessment_year_id, subdistrict_id, station_id, year, state, snapshot, version,
  submitted_at, late, extended_until`;

const toYear = (r: any): YearRow => ({
  id: r.id, subdistrictId: r.subdistrict_id, year: r.year, policyVersion: r.policy_version, state: r.state,
  snapshot: r.snapshot, version: r.version, publicityUntil: r.publicity_until,
});
const toStationYear = (r: any): StationYearRow => ({
  id: r.id, assessmentYearId: r.assessment_year_id, subdistrictId: r.subdistrict_id, stationId: r.station_id,
  year: r.year, state: r.state, snapshot: r.snapshot, version: r.version, submittedAt: r.submitted_at,
  late: r.late, extendedUntil: r.extended_until,
});

export async function findYear(db: Queryable, subdistrictId: string, year: number): Promise<YearRow | null> {
  const [r] = await db.query(`SELECT ${YEAR_COLUMNS} FROM assessment_years WHERE subdistrict_id = $1 AND year = $2`, [subdistrictId, year]);
  return r ? toYear(r) : null;
}

export async function loadYear(db: Queryable, subdistrictId: string, year: number): Promise<YearRow> {
  const row = await findYear(db, subdistrictId, year);
  if (!row) throw new NotFoundError('assessment year', `${year}`);
  return row;
}

export async function loadStationYear(db: Queryable, subdistrictId: string, stationId: string, year: number): Promise<StationYearRow> {
  const [r] = await db.query(
    `SELECT ${STATION_YEAR_COLUMNS} FROM station_years WHERE subdistrict_id = $1 AND station_id = $2 AND year = $3`,
    [subdistrictId, stationId, year],
  );
  if (!r) throw new NotFoundError('station year', `${stationId}/${year}`);
  return toStationYear(r);
}

/** The station-year row and, in the same round trip, the score its item `itemKey` has so far (null: none yet). */
export async function loadStationYearWithScore(
  db: Queryable, subdistrictId: string, stationId: string, year: number, itemKey: string,
): Promise<{ row: StationYearRow; previousTenths: number | null; months: MonthRecords[] }> {
  // the year's monthly records come along (the suggested score reads them): still one round trip
  const [r] = await db.query(
    `SELECT ${STATION_YEAR_COLUMNS},
            (SELECT i.tenths FROM item_scores i WHERE i.station_year_id = station_years.id AND i.item_key = $4) AS previous_tenths,
            (SELECT coalesce(json_agg(json_build_object('month', m.month, 'special', m.special, 'daily', m.daily) ORDER BY m.month), '[]')
               FROM month_records m WHERE m.station_year_id = station_years.id) AS months
       FROM station_years WHERE subdistrict_id = $1 AND station_id = $2 AND year = $3`,
    [subdistrictId, stationId, year, itemKey],
  );
  if (!r) throw new NotFoundError('station year', `${stationId}/${year}`);
  return { row: toStationYear(r), previousTenths: r.previous_tenths ?? null, months: r.months };
}

export async function loadStationYears(db: Queryable, assessmentYearId: string): Promise<StationYearRow[]> {
  const rows = await db.query(`SELECT ${STATION_YEAR_COLUMNS} FROM station_years WHERE assessment_year_id = $1`, [assessmentYearId]);
  return rows.map(toStationYear);
}

export async function loadStationYearById(db: Queryable, id: string): Promise<StationYearRow> {
  const [r] = await db.query(`SELECT ${STATION_YEAR_COLUMNS} FROM station_years WHERE id = $1`, [id]);
  if (!r) throw new NotFoundError('station year', id);
  return toStationYear(r);
}
