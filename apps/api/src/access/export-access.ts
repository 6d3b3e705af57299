import type { Actor } from '@app/platform';
import type { ExportKind } from '@app/reporting';
import { ApiError } from '../http/api-error';
import { EXPORT_PERMISSIONS, roleMay } from './permissions';

/** 403 unless the actor may read what an export of this kind shows (the route's permission only lets them export). */
export function assertMayExport(actor: Actor, kind: ExportKind): void {
  const permission = EXPORT_PERMISSIONS[kind];
  if (permission && !roleMay(actor.role, permission)) throw ApiError.forbidden(`role ${actor.role} may not ${permission}`);
}
