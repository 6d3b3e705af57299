import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Actor } from '@app/platform';
import { ApiError } from '../http/api-error';
import { PERMISSION_KEY, PUBLIC_KEY } from './allow.decorator';
import { Permission, roleMay } from './permissions';
import { ActorResolver } from './actor-resolver';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Authorization in one place: who is calling (401), may their role do this (403), and is the data theirs —
 * the route's :subdistrictId must be the actor's subdistrict and :stationId a station of it (the actor's own
 * for station users). Controllers never check roles by hand.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly actors: ActorResolver,
    private readonly db: DataSource,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission>(PERMISSION_KEY, targets);
    const req = ctx.switchToHttp().getRequest();
    const actor: Actor | null = req.actor ?? (await this.authenticate(req));
    if (!actor) throw ApiError.unauthorized();
    req.actor = actor;
    if (!permission) throw ApiError.forbidden('this endpoint has no access rule'); // fail closed
    if (!roleMay(actor.role, permission)) {
      throw ApiError.forbidden(`role ${actor.role} may not ${permission}`);
    }
    await this.checkScope(actor, req.params ?? {});
    return true;
  }

  /** Until password login lands, the acting user is an explicit header naming an active user. */
  private async authenticate(req: { headers: Record<string, string | undefined> }): Promise<Actor | null> {
    const userId = req.headers['x-user-id'];
    return userId ? this.actors.byUserId(userId) : null;
  }

  private async checkScope(actor: Actor, params: Record<string, string>): Promise<void> {
    const { subdistrictId, stationId } = params;
    if (subdistrictId !== undefined) {
      if (!UUID.test(subdistrictId)) throw ApiError.badRequest('subdistrictId', 'must be a UUID');
      if (actor.subdistrictId !== null && actor.subdistrictId !== subdistrictId) {
        throw ApiError.forbidden('another subdistrict’s data');
      }
    }
    if (stationId !== undefined) {
      if (!UUID.test(stationId)) throw ApiError.badRequest('stationId', 'must be a UUID');
      const [station] = await this.db.query(`SELECT subdistrict_id FROM stations WHERE id = $1`, [stationId]);
      if (!station || (subdistrictId !== undefined && station.subdistrict_id !== subdistrictId)) {
        throw ApiError.notFound('station');
      }
      if (actor.subdistrictId !== null && station.subdistrict_id !== actor.subdistrictId) {
        throw ApiError.forbidden('another subdistrict’s station');
      }
      if (actor.role === 'station' && actor.stationId !== stationId) throw ApiError.forbidden('another station’s data');
    } else if (actor.role === 'station' && subdistrictId !== undefined) {
      // station users see subdistrict-wide data only through their own station's routes
      throw ApiError.forbidden('station users may only read their own station');
    }
  }
}
