/**
 * Bulk import of stations and staff: every row checked against the subdistrict's data first (departments and
 * stations by name, no duplicate names), then all rows created in the caller's transaction, or none.
 */
import { Tx } from '@app/persistence';
import type { Actor } from '@app/platform';
import { MasterDataError, Problem } from '../errors';
import { requireSubdistrict } from '../records';
import { createStaffMember } from '../staff';
import { createStation } from '../stations';
import { rowField } from './columns';
import { StaffRow, StationRow } from './rows';

const IMPORT_REASON = 'bulk import';

/** Creates every station row, or throws IMPORT_FAILED listing each bad row. Returns the number created. */
export async function importStations(
  tx: Tx, subdistrictId: string, rows: StationRow[], actor: Actor, at: Date, unparsed: Problem[] = [],
): Promise<number> {
  await requireSubdistrict(tx, subdistrictId);
  const departments = await byName(tx, `SELECT id, name, kind FROM departments WHERE subdistrict_id = $1`, subdistrictId);
  const existing = await byName(tx, `SELECT id, name FROM stations WHERE subdistrict_id = $1`, subdistrictId);
  const problems: Problem[] = [...unparsed];
  const seen = new Map<string, number>();
  const resolved = rows.map((r) => {
    const department = departments.get(r.department);
    if (!department) problems.push({ field: rowField(r.row, '派出部门'), reason: `no department named "${r.department}" in this subdistrict` });
    else if (department.kind !== 'dispatching') problems.push({ field: rowField(r.row, '派出部门'), reason: `"${r.department}" is not a dispatching department (派出部门)` });
    checkUnique(problems, seen, r.name, existing.has(r.name), r.row, '站所名称', 'a station with this name already exists');
    return { r, departmentId: department?.id as string };
  });
  if (problems.length) throw MasterDataError.importFailed(byRow(problems));
  for (const { r, departmentId } of resolved) {
    await asRow(r.row, () => createStation(tx, subdistrictId, {
      name: r.name, kind: r.kind, departmentId, headName: r.headName, headcount: r.headcount, fourPlatforms: r.fourPlatforms,
    }, { actor, at, reason: IMPORT_REASON }));
  }
  return rows.length;
}

/** Creates every staff row, or throws IMPORT_FAILED listing each bad row. Returns the number created. */
export async function importStaff(
  tx: Tx, subdistrictId: string, rows: StaffRow[], actor: Actor, at: Date, unparsed: Problem[] = [],
): Promise<number> {
  await requireSubdistrict(tx, subdistrictId);
  const stations = await byName(tx, `SELECT id, name FROM stations WHERE subdistrict_id = $1`, subdistrictId);
  const existing = new Set<string>(
    (await tx.query(`SELECT station_id, name FROM staff WHERE subdistrict_id = $1 AND active`, [subdistrictId]))
      .map((s: any) => `${s.station_id}/${s.name}`),
  );
  const problems: Problem[] = [...unparsed];
  const seen = new Map<string, number>();
  const resolved = rows.map((r) => {
    const station = stations.get(r.station);
    if (!station) problems.push({ field: rowField(r.row, '所属站所'), reason: `no station named "${r.station}" in this subdistrict` });
    else {
      const key = `${station.id}/${r.name}`;
      checkUnique(problems, seen, key, existing.has(key), r.row, '姓名', `${r.station} already has a staff member with this name`);
    }
    return { r, stationId: station?.id as string };
  });
  if (problems.length) throw MasterDataError.importFailed(byRow(problems));
  for (const { r, stationId } of resolved) {
    await asRow(r.row, () => createStaffMember(tx, subdistrictId, {
      stationId, name: r.name, position: r.position, isHead: r.isHead,
    }, { actor, at, reason: IMPORT_REASON }));
  }
  return rows.length;
}

/** Problems in file order (row by row), whichever check found them. */
function byRow(problems: Problem[]): Problem[] {
  const row = (p: Problem) => Number(/^row (\d+)/.exec(p.field)?.[1] ?? 0);
  return problems.map((p, i) => ({ p, i })).sort((a, b) => row(a.p) - row(b.p) || a.i - b.i).map(({ p }) => p);
}

async function byName(tx: Tx, sql: string, subdistrictId: string): Promise<Map<string, Record<string, any>>> {
  const rows: Record<string, any>[] = await tx.query(sql, [subdistrictId]);
  return new Map(rows.map((r) => [r.name, r]));
}

/** A key may appear once in the file and not already in the database. */
function checkUnique(
  problems: Problem[], seen: Map<string, number>, key: string, taken: boolean, row: number, label: string, takenReason: string,
) {
  const first = seen.get(key);
  if (first !== undefined) problems.push({ field: rowField(row, label), reason: `same as row ${first}` });
  else if (taken) problems.push({ field: rowField(row, label), reason: takenReason });
  seen.set(key, first ?? row);
}

/** A rule the row check above missed still names the row. */
async function asRow<T>(row: number, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof MasterDataError) {
      const details = e.details.length ? e.details : [{ field: 'row', reason: e.message }];
      throw MasterDataError.importFailed(details.map((d) => ({ field: rowField(row, d.field), reason: d.reason })));
    }
    throw e;
  }
}
