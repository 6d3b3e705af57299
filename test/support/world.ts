/**
 * The world the access-matrix and fuzz tests call into: two subdistricts (A with two stations, B with one), a
 * user of every role in each (B's admin scoped to B; A's admin deployment-wide), an open 2026 year in A, and
 * the route-parameter values that name real rows of A.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@app/platform';
import { seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';

export interface Caller {
  label: string;
  id: string;
  role: Role;
  subdistrictId: string | null;
  stationId: string | null;
}

export interface World {
  a: SeededSubdistrict;
  b: SeededSubdistrict;
  home: Caller[];
  foreign: Caller[];
  otherStation: Caller;
  params: Record<string, string>;
  /** the subdistrict of each user id (null: deployment-wide) */
  userSubdistrict: Record<string, string | null>;
}

export const YEAR = 2026;

export async function buildWorld(t: TestApp): Promise<World> {
  const db = t.db.dataSource;
  const a = await seedSubdistrict(db, {
    stations: [
      { name: '城东派出所', kind: 'independent', department: '区公安分局', staff: ['张建国', '李明'] },
      { name: '城东司法所', kind: 'regional', department: '区司法局', staff: ['赵敏'] },
    ],
  });
  const b = await seedSubdistrict(db, { name: '城西街道', abbr: '城西', stations: [{ name: '城西派出所', kind: 'regional', department: '区公安分局', staff: ['钱七'] }] });
  const [scopedAdmin] = await db.query(
    `INSERT INTO users (username, display_name, role, subdistrict_id) VALUES ('cx-admin-scoped', '城西管理员', 'admin', $1) RETURNING id`, [b.id],
  );
  await t.http.post(`/subdistricts/${a.id}/years`).set(t.as(a.users.coordinator)).send({ year: YEAR }).expect(201);
  const callersOf = (s: SeededSubdistrict, tag: string, admin: { id: string; subdistrictId: string | null }): Caller[] => [
    { label: `${tag} station`, id: s.stations[0].user.id, role: 'station', subdistrictId: s.id, stationId: s.stations[0].id },
    { label: `${tag} command_room`, id: s.users.command_room.id, role: 'command_room', subdistrictId: s.id, stationId: null },
    { label: `${tag} coordinator`, id: s.users.coordinator.id, role: 'coordinator', subdistrictId: s.id, stationId: null },
    { label: `${tag} leader`, id: s.users.leader.id, role: 'leader', subdistrictId: s.id, stationId: null },
    { label: `${tag} admin`, id: admin.id, role: 'admin', subdistrictId: admin.subdistrictId, stationId: null },
  ];
  const home = callersOf(a, 'A', { id: a.users.admin.id, subdistrictId: null });
  const foreign = callersOf(b, 'B', { id: scopedAdmin.id, subdistrictId: b.id });
  const otherStation: Caller = { label: 'A other-station', id: a.stations[1].user.id, role: 'station', subdistrictId: a.id, stationId: a.stations[1].id };
  const userSubdistrict: Record<string, string | null> = {};
  for (const c of [...home, ...foreign, otherStation]) userSubdistrict[c.id] = c.subdistrictId;
  userSubdistrict[a.stations[0].user.id] = a.id;
  const params: Record<string, string> = {
    subdistrictId: a.id,
    stationId: a.stations[0].id,
    year: String(YEAR),
    month: '3',
    itemKey: 'serveCentre',
    staffId: a.stations[0].staffIds[0],
    departmentId: Object.values(a.departments)[0],
    userId: a.stations[0].user.id,
  };
  return { a, b, home, foreign, otherStation, params, userSubdistrict };
}

/** A value for a route parameter the world has no row for (it must reach the guard, then 404 or 400). */
export const unknownParam = (_name: string) => randomUUID();

let ip = 0;
/** A fresh client address per request (trust proxy: loopback), so per-client rate limits do not mask the answer. */
export function clientIp(): string {
  ip += 1;
  return `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`;
}
