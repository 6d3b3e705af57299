/**
 * The one policy table: every endpoint names a permission, and this table says which roles hold it.
 * Scope (own subdistrict, own station) is enforced by the AccessGuard from the route's parameters.
 * Source: DOMAIN.md "Who may do what" — the admin manages master data, users, the rubric and the calendar and
 * reads no assessment data (years, records, self-assessments, scores, results, the board); the command room
 * records four-platform data and scores special management, seeing what that needs (the station's year, the
 * self-scores and scores), not the late board or the results. test/access-matrix.e2e-spec.ts holds the same
 * rules written by hand, route by route, and fails when this table strays from them.
 */
import { Role } from '@app/platform';
import type { ExportKind } from '@app/reporting';

const STAFF: Role[] = ['command_room', 'coordinator', 'leader', 'admin'];
/** Those who work on a subdistrict's assessment year (not the admin). */
const ASSESSORS: Role[] = ['command_room', 'coordinator', 'leader'];

export const PERMISSIONS = {
  // master data
  'subdistricts.manage': ['admin'],
  'masterdata.read': STAFF,
  'masterdata.manage': ['admin'],
  'users.manage': ['admin'],
  'apitokens.manage': ['admin'],
  // the year
  'year.open': ['coordinator', 'admin'],
  'year.read': [...ASSESSORS, 'station'],
  'window.open': ['coordinator'],
  // ongoing records
  'records.special': ['command_room', 'coordinator'],
  'records.daily': ['coordinator'],
  'records.waive': ['coordinator'],
  // a station claims its own recognitions with their evidence; they count once a coordinator verifies them (the
  // coordinator may record one on a station's behalf: recognitions are among the records it keeps)
  'recognitions.add': ['station', 'coordinator'],
  'recognitions.verify': ['coordinator'],
  // self-assessment
  'selfassessment.read': [...ASSESSORS, 'station'],
  'selfassessment.file': ['station'],
  'extension.grant': ['coordinator'],
  // scoring and results
  'scores.special': ['command_room', 'coordinator'],
  'scores.daily': ['coordinator'],
  'scores.finalise': ['coordinator'],
  'scores.read': ASSESSORS,
  'results.compute': ['coordinator'],
  'results.read': ['coordinator', 'leader'],
  'results.readOwn': ['station', 'coordinator', 'leader'],
  'results.approve': ['leader'],
  'results.release': ['leader'],
  'grades.adjust': ['coordinator'],
  'objections.file': ['station', 'coordinator'],
  'objections.answer': ['leader'],
  // coordination
  'board.read': ['coordinator', 'leader'], // "see who is late": the coordinator's (and the leader reads everything)
  // the whole-set progress overview: counts per subdistrict, no station's data; only a deployment-wide admin (the
  // one who manages every subdistrict) reads across subdistricts (DEPLOYMENT_WIDE)
  'overview.read': ['admin'],
  'deliveries.read': ['coordinator', 'leader', 'admin'],
  'deliveries.retry': ['coordinator'],
  'exports.create': ASSESSORS, // and the permission of what the kind shows (EXPORT_PERMISSIONS)
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

/** Permissions reading every subdistrict at once: held only by actors of no one subdistrict (the guard's 403). */
export const DEPLOYMENT_WIDE: readonly Permission[] = ['overview.read'];

/** An export shows what its kind holds: creating or reading one needs the permission to read that. */
export const EXPORT_PERMISSIONS: Record<ExportKind, Permission> = {
  self_assessment_form: 'selfassessment.read',
  evaluation_form: 'scores.read',
  result_table: 'results.read',
  bonus_budget: 'results.read',
  awards: 'results.read',
  late_board: 'board.read',
  not_submitted: 'board.read',
};

export function roleMay(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as Role[]).includes(role);
}

/** The export kinds a role may create and read. */
export function exportKindsOf(role: Role): ExportKind[] {
  if (!roleMay(role, 'exports.create')) return [];
  return (Object.keys(EXPORT_PERMISSIONS) as ExportKind[]).filter((k) => roleMay(role, EXPORT_PERMISSIONS[k]));
}

/** Every permission a role holds (the console offers only these; the server still checks each request). */
export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleMay(role, p));
}
