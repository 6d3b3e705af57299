import type { Queryable } from '@app/persistence';
/**
 * Seeds a subdistrict straight into the database for tests: departments, stations with staff, and one user per
 * role (plus one station user per station).
 */

export interface SeedStation {
  name: string;
  kind: 'independent' | 'regional';
  department: string;
  staff: string[]; // the first one is the head
}

export interface SeededSubdistrict {
  id: string;
  name: string;
  hrDepartmentId: string;
  departments: Record<string, string>;
  stations: { id: string; name: string; kind: string; staffIds: string[]; user: { id: string } }[];
  users: Record<'admin' | 'coordinator' | 'command_room' | 'leader', { id: string }>;
}

export async function seedSubdistrict(
  db: Queryable,
  {
    name = '城东街道', abbr = '城东', stations, reachableDepartments = false,
  }: {
    name?: string; abbr?: string; stations: SeedStation[];
    /** Give every department an e-mail address on the e-mail channel, so a release finds a reader for each 抄告. */
    reachableDepartments?: boolean;
  },
): Promise<SeededSubdistrict> {
  const [{ id }] = await db.query(`INSERT INTO subdistricts (name, abbr) VALUES ($1, $2) RETURNING id`, [name, abbr]);
  let mailbox = 0;
  const department = (deptName: string, kind: 'hr' | 'dispatching') => db.query(
    `INSERT INTO departments (subdistrict_id, name, kind, channels, email) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [id, deptName, kind, reachableDepartments ? '{inbox,email}' : '{inbox}', reachableDepartments ? `dept${++mailbox}.${id.slice(0, 8)}@example.gov.cn` : null],
  );
  const [hr] = await department('区委组织部', 'hr');
  const departments: Record<string, string> = {};
  for (const d of [...new Set(stations.map((s) => s.department))]) {
    const [row] = await department(d, 'dispatching');
    departments[d] = row.id;
  }
  const tag = name.slice(0, 2);
  const seeded: SeededSubdistrict['stations'] = [];
  for (const [i, s] of stations.entries()) {
    const [st] = await db.query(
      `INSERT INTO stations (subdistrict_id, department_id, name, kind, headcount, head_name) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [id, departments[s.department], s.name, s.kind, s.staff.length, s.staff[0]],
    );
    const staffIds: string[] = [];
    for (const [j, person] of s.staff.entries()) {
      const [p] = await db.query(
        `INSERT INTO staff (subdistrict_id, station_id, name, position, is_head) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [id, st.id, person, j === 0 ? '负责人' : '工作人员', j === 0],
      );
      staffIds.push(p.id);
    }
    const user = await addUser(db, `${tag}-station-${i + 1}-${st.id.slice(0, 6)}`, 'station', id, st.id);
    seeded.push({ id: st.id, name: s.name, kind: s.kind, staffIds, user });
  }
  const users = {
    admin: await addUser(db, `${tag}-admin-${id.slice(0, 6)}`, 'admin', null, null),
    coordinator: await addUser(db, `${tag}-coordinator-${id.slice(0, 6)}`, 'coordinator', id, null),
    command_room: await addUser(db, `${tag}-command-${id.slice(0, 6)}`, 'command_room', id, null),
    leader: await addUser(db, `${tag}-leader-${id.slice(0, 6)}`, 'leader', id, null),
  };
  return { id, name, hrDepartmentId: hr.id, departments, stations: seeded, users };
}

async function addUser(db: Queryable, username: string, role: string, subdistrictId: string | null, stationId: string | null) {
  const [u] = await db.query(
    `INSERT INTO users (username, display_name, role, subdistrict_id, station_id) VALUES ($1, $1, $2, $3, $4) RETURNING id`,
    [username, role, subdistrictId, stationId],
  );
  return { id: u.id as string };
}

/** The smallest byte sequence the API accepts as a PDF annual report. */
export const SAMPLE_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
