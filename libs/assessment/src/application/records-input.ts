/** The year's monthly records as the suggestion rules read them (one query for any number of station years). */
import type { MonthRecords } from '@app/policy';

type Queryable = { query(sql: string, params?: unknown[]): Promise<any> };

export async function loadMonthRecords(db: Queryable, stationYearIds: string[]): Promise<Map<string, MonthRecords[]>> {
  const out = new Map<string, MonthRecords[]>(stationYearIds.map((id) => [id, []]));
  if (!stationYearIds.length) return out;
  const rows = await db.query(
    `SELECT station_year_id, month, special, daily FROM month_records WHERE station_year_id = ANY($1::uuid[]) ORDER BY month`,
    [stationYearIds],
  );
  for (const r of rows) out.get(r.station_year_id)?.push({ month: r.month, special: r.special, daily: r.daily });
  return out;
}
