/**
 * Bulk import of stations and staff: every row checked against the subdistrict's data first (departments and
 * stations by name, no name twice in the file), then a plan — a row whose key is new is created, one whose key
 * exists is updated (stations by 站所名称, staff by 所属站所 + 姓名) or left alone when nothing differs — applied
 * in the caller's transaction, all rows or none. A dry run answers the plan and changes nothing.
 */
import { Tx } from '@app/persistence';
import type { Actor } from '@app/platform';
import { MasterDataError, Problem } from '../errors';
import { Change, requireSubdistrict, RecordKind, updateRecord } from '../records';
import { createStaffMember, STAFF } from '../staff';
import { createStation, STATIONS } from '../stations';
import { rowField } from './columns';
import { StaffRow, StationRow } from './rows';

const IMPORT_REASON = 'bulk import';

export type ImportAction = 'created' | 'updated' | 'unchanged';

/** What an import did (or, in a dry run, would do) with each row. */
export interface ImportOutcome {
  dryRun: boolean;
  /** rows created + rows updated */
  imported: number;
  created: number;
  updated: number;
  unchanged: number;
  rows: { row: number; name: string; action: ImportAction; changes: string[] }[];
}

interface Planned<V> {
  row: number;
  name: string;
  values: V;
  /** the existing database row, when the key is known */
  current?: Record<string, any>;
  changes: string[];
}

/** Plans every station row (problems: `row N: 列名`), then applies it unless `dryRun`. */
export async function importStations(
  tx: Tx, subdistrictId: string, rows: StationRow[], actor: Actor, at: Date, opts: ImportOptions = {},
): Promise<ImportOutcome> {
  await requireSubdistrict(tx, subdistrictId);
  const departments = await byName(tx, `SELECT id, name, kind FROM departments WHERE subdistrict_id = $1`, subdistrictId);
  const existing = await byName(tx, `SELECT * FROM stations WHERE subdistrict_id = $1`, subdistrictId);
  const problems: Problem[] = [...(opts.problems ?? [])];
  const seen = new Map<string, number>();
  const plan: Planned<Record<string, unknown>>[] = [];
  for (const r of rows) {
    const department = departments.get(r.department);
    if (!department) problems.push({ field: rowField(r.row, '派出部门'), reason: `no department named "${r.department}" in this subdistrict` });
    else if (department.kind !== 'dispatching') problems.push({ field: rowField(r.row, '派出部门'), reason: `"${r.department}" is not a dispatching department (派出部门)` });
    if (!onceInFile(problems, seen, r.name, r.row, '站所名称') || !department) continue;
    const values = { name: r.name, kind: r.kind, departmentId: department.id, headName: r.headName, headcount: r.headcount, fourPlatforms: r.fourPlatforms };
    plan.push(planned(STATIONS, r.row, r.name, values, existing.get(r.name)));
  }
  return apply(tx, problems, plan, opts, async (p, change) => {
    if (p.current) await updateRecord(tx, STATIONS, p.current, p.current.version, p.values, change);
    else await createStation(tx, subdistrictId, p.values as any, change);
  }, { actor, at, reason: IMPORT_REASON });
}

/** Plans every staff row (a person is known by station and name), then applies it unless `dryRun`. */
export async function importStaff(
  tx: Tx, subdistrictId: string, rows: StaffRow[], actor: Actor, at: Date, opts: ImportOptions = {},
): Promise<ImportOutcome> {
  await requireSubdistrict(tx, subdistrictId);
  const stations = await byName(tx, `SELECT id, name FROM stations WHERE subdistrict_id = $1`, subdistrictId);
  const existing = new Map<string, Record<string, any>>(
    (await tx.query(`SELECT * FROM staff WHERE subdistrict_id = $1 AND active`, [subdistrictId])).map((s: any) => [`${s.station_id}/${s.name}`, s]),
  );
  const problems: Problem[] = [...(opts.problems ?? [])];
  const seen = new Map<string, number>();
  const plan: Planned<Record<string, unknown>>[] = [];
  for (const r of rows) {
    const station = stations.get(r.station);
    if (!station) {
      problems.push({ field: rowField(r.row, '所属站所'), reason: `no station named "${r.station}" in this subdistrict` });
      continue;
    }
    const key = `${station.id}/${r.name}`;
    if (!onceInFile(problems, seen, key, r.row, '姓名')) continue;
    const values = { stationId: station.id, name: r.name, position: r.position, isHead: r.isHead };
    plan.push(planned(STAFF, r.row, `${r.station} ${r.name}`, values, existing.get(key)));
  }
  return apply(tx, problems, plan, opts, async (p, change) => {
    if (p.current) await updateRecord(tx, STAFF, p.current, p.current.version, p.values, change);
    else await createStaffMember(tx, subdistrictId, p.values as any, change);
  }, { actor, at, reason: IMPORT_REASON });
}

export interface ImportOptions {
  dryRun?: boolean;
  /** problems found while reading the file: reported together with the ones found here */
  problems?: Problem[];
}

function planned<V extends Record<string, unknown>>(kind: RecordKind<unknown>, row: number, name: string, values: V, current?: Record<string, any>): Planned<V> {
  const changes = current
    ? Object.entries(values).filter(([f, v]) => JSON.stringify(current[kind.columns[f]] ?? null) !== JSON.stringify(v ?? null)).map(([f]) => f)
    : [];
  return { row, name, values, current, changes };
}

async function apply<V>(
  tx: Tx, problems: Problem[], plan: Planned<V>[], opts: ImportOptions, write: (p: Planned<V>, change: Change) => Promise<void>, change: Change,
): Promise<ImportOutcome> {
  if (problems.length) throw MasterDataError.importFailed(problems.sort((a, b) => rowOf(a) - rowOf(b)));
  const rows = plan.map((p) => ({
    row: p.row, name: p.name, changes: p.changes,
    action: (!p.current ? 'created' : p.changes.length ? 'updated' : 'unchanged') as ImportAction,
  }));
  if (!opts.dryRun) {
    for (const p of plan) if (!p.current || p.changes.length) await asRow(p.row, () => write(p, change));
  }
  const count = (a: ImportAction) => rows.filter((r) => r.action === a).length;
  return {
    dryRun: !!opts.dryRun, imported: count('created') + count('updated'),
    created: count('created'), updated: count('updated'), unchanged: count('unchanged'), rows,
  };
}

const rowOf = (p: Problem) => Number(/^row (\d+)/.exec(p.field)?.[1] ?? 0);

async function byName(tx: Tx, sql: string, subdistrictId: string): Promise<Map<string, Record<string, any>>> {
  const rows: Record<string, any>[] = await tx.query(sql, [subdistrictId]);
  return new Map(rows.map((r) => [r.name, r]));
}

/** A key may appear once in the file; false (and a problem) for the second time. */
function onceInFile(problems: Problem[], seen: Map<string, number>, key: string, row: number, label: string): boolean {
  const first = seen.get(key);
  if (first !== undefined) {
    problems.push({ field: rowField(row, label), reason: `same as row ${first}` });
    return false;
  }
  seen.set(key, row);
  return true;
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
