/**
 * A province-scale data set generated inside PostgreSQL (INSERT … SELECT generate_series): subdistricts of about
 * 15 stations each, their departments, two staff per station, a station user per station, one coordinator,
 * command room and leader per subdistrict, and the 2026 assessment year with every station's self-assessment
 * window open (snapshots made by the real machines).
 */
import { Client } from 'pg';
import {
  applyEvent, assessmentYearMachine, startSnapshot, stationYearMachine,
} from '@app/assessment';
import { deferBoardOverview, refreshBoardOverview } from '../../libs/persistence/src';

export const BENCH_YEAR = 2026;

export async function generateDataset(url: string, stations: number, perSubdistrict = 15): Promise<{ subdistricts: number; stations: number }> {
  const subdistricts = Math.max(1, Math.ceil(stations / perSubdistrict));
  const stationSnap = applyEvent(stationYearMachine, startSnapshot(stationYearMachine, { stationId: 'X', year: BENCH_YEAR }),
    { type: 'WINDOW_OPENED', deadline: '2026-12-31T15:59:59.999Z' }).snapshot;
  const yearSnap = applyEvent(assessmentYearMachine, startSnapshot(assessmentYearMachine, {
    subdistrictId: 'X', year: BENCH_YEAR, policyVersion: '2021-trial', publicityEnabled: false,
  }), { type: 'WINDOW_OPENED' }).snapshot;
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('BEGIN');
    // a bulk load: the overview's row triggers stand aside and its counters are built set-based before the commit
    // (row by row, 60,000 station-years in one transaction passed the 60 s statement timeout)
    await deferBoardOverview(c);
    await c.query(`INSERT INTO subdistricts (name, abbr) SELECT '第' || g || '街道', '街' || g FROM generate_series(1, $1) g`, [subdistricts]);
    await c.query(`INSERT INTO departments (subdistrict_id, name, kind) SELECT id, '组织部', 'hr' FROM subdistricts`);
    await c.query(`INSERT INTO departments (subdistrict_id, name, kind)
                   SELECT s.id, d.name, 'dispatching' FROM subdistricts s
                   CROSS JOIN (VALUES ('公安分局'), ('市场监督管理局'), ('司法局'), ('自然资源和规划分局'), ('综合行政执法局')) d(name)`);
    await c.query(`
      WITH numbered AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM subdistricts),
           slots AS (SELECT g - 1 AS n FROM generate_series(1, $1) g)
      INSERT INTO stations (subdistrict_id, department_id, name, kind, headcount, head_name)
      SELECT sd.id,
             (SELECT d.id FROM departments d WHERE d.subdistrict_id = sd.id AND d.kind = 'dispatching' ORDER BY d.name OFFSET (slots.n % 5) LIMIT 1),
             '站所' || slots.n, CASE WHEN slots.n % 2 = 0 THEN 'independent' ELSE 'regional' END, 2, '负责人' || slots.n
      FROM slots JOIN numbered sd ON sd.i = slots.n % $2`, [stations, subdistricts]);
    await c.query(`INSERT INTO staff (subdistrict_id, station_id, name, position, is_head)
                   SELECT s.subdistrict_id, s.id, p.name || s.name, p.pos, p.head FROM stations s
                   CROSS JOIN (VALUES ('负责人', '负责人', true), ('干事', '工作人员', false)) p(name, pos, head)`);
    await c.query(`INSERT INTO users (username, display_name, role, subdistrict_id, station_id)
                   SELECT 'st-' || s.id, s.name, 'station', s.subdistrict_id, s.id FROM stations s`);
    await c.query(`INSERT INTO users (username, display_name, role, subdistrict_id)
                   SELECT r.role || '-' || s.id, r.role, r.role, s.id FROM subdistricts s
                   CROSS JOIN (VALUES ('coordinator'), ('command_room'), ('leader')) r(role)`);
    await c.query(`INSERT INTO assessment_years (subdistrict_id, year, policy_version, state, snapshot, machine_version)
                   SELECT id, $1, '2021-trial', 'selfAssessmentWindow', jsonb_set($2::jsonb, '{context,subdistrictId}', to_jsonb(id::text)), 1
                   FROM subdistricts`, [BENCH_YEAR, JSON.stringify(yearSnap)]);
    await c.query(`INSERT INTO station_years (assessment_year_id, subdistrict_id, station_id, year, state, snapshot, machine_version)
                   SELECT y.id, s.subdistrict_id, s.id, $1, 'selfAssessmentOpen', jsonb_set($2::jsonb, '{context,stationId}', to_jsonb(s.id::text)), 1
                   FROM stations s JOIN assessment_years y ON y.subdistrict_id = s.subdistrict_id`, [BENCH_YEAR, JSON.stringify(stationSnap)]);
    await refreshBoardOverview(c);
    await c.query('COMMIT');
    await c.query('ANALYZE');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await c.end();
  }
  return { subdistricts, stations };
}
