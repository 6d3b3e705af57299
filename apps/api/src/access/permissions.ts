/**
 * The one policy table: every endpoint names a permission, and this table says which roles hold it.
 * Scope (own subdistrict, own station) is enforced by the AccessGuard from the route's parameters.
 * Source: DOMAIN.md "Who may do what".
 */
import { Role } from '@app/platform';

const STAFF: Role[] = ['command_room', 'coordinator', 'leader', 'admin'];

export const PERMISSIONS = {
  // master data
  'subdistricts.manage': ['admin'],
  'masterdata.read': STAFF,
  'masterdata.manage': ['admin'],
  'users.manage': ['admin'],
  'apitokens.manage': ['admin'],
  // the year
  'year.open': ['coordinator', 'admin'],
  'year.read': [...STAFF, 'station'],
  'window.open': ['coordinator'],
  // ongoing records
  'records.special': ['command_room', 'coordinator'],
  'records.daily': ['coordinator'],
  'records.waive': ['coordinator'],
  // a station claims its own recognitions with their evidence; they count once a coordinator verifies them
  'recognitions.add': ['station', 'command_room', 'coordinator'],
  'recognitions.verify': ['coordinator'],
  // self-assessment
  'selfassessment.read': [...STAFF, 'station'],
  'selfassessment.file': ['station'],
  'extension.grant': ['coordinator'],
  // scoring and results
  'scores.special': ['command_room', 'coordinator'],
  'scores.daily': ['coordinator'],
  'scores.finalise': ['coordinator'],
  'scores.read': STAFF,
  'results.compute': ['coordinator'],
  'results.read': STAFF,
  'results.readOwn': ['station', ...STAFF],
  'results.approve': ['leader'],
  'results.release': ['leader'],
  'grades.adjust': ['coordinator'],
  'objections.file': ['station', 'coordinator'],
  'objections.answer': ['leader'],
  // coordination
  'board.read': ['command_room', 'coordinator', 'leader'],
  'deliveries.read': ['coordinator', 'leader', 'admin'],
  'deliveries.retry': ['coordinator'],
  'exports.create': STAFF,
  'audit.read': ['coordinator', 'leader', 'admin'],
  // administration
  'calendar.manage': ['admin'],
  'policies.read': [...STAFF, 'station'],
  'projections.rebuild': ['admin'],
  // one's own things
  'inbox.own': [...STAFF, 'station'],
  'todo.own': [...STAFF, 'station'],
  'session.own': [...STAFF, 'station'],
  // a route's :userId must be the caller, or a user the caller may manage (users.manage, own subdistrict)
  'password.set': [...STAFF, 'station'],
} satisfies Record<string, Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleMay(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as Role[]).includes(role);
}

/** Every permission a role holds (the console offers only these; the server still checks each request). */
export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleMay(role, p));
}
