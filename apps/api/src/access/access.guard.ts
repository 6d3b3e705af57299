import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AuthError } from '@app/auth';
import { Sql } from '@app/persistence';
import { Actor, UUID_PATTERN } from '@app/platform';
import { ApiError } from '../http/api-error';
import { PERMISSION_KEY, PUBLIC_KEY } from './allow.decorator';
import { DEPLOYMENT_WIDE, Permission, roleMay } from './permissions';
import { ActorResolver } from './actor-resolver';

/** What a user who must first replace an administrator's password may still do: see who they are, change it, leave. */
function mayWhilePasswordChangeDue(permission: Permission, actor: Actor, params: Record<string, string>): boolean {
  return permission === 'session.own' || (permission === 'password.set' && params.userId === actor.userId);
}

/**
 * Authorization in one place: who is calling (401: `Authorization: Bearer <access token | API token>`), may their
 * role do this (403), and is the data theirs — the route's :subdistrictId must be the actor's subdistrict,
 * :stationId a station of it (the actor's own for station users) and :userId the actor or a user they may
 * manage. Controllers never check roles by hand. A session whose password an administrator set may only change it.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly db: Sql;

  constructor(
    private readonly reflector: Reflector,
    private readonly actors: ActorResolver,
    db: DataSource,
  ) {
    this.db = new Sql(db);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission>(PERMISSION_KEY, targets);
    const req = ctx.switchToHttp().getRequest();
    const params: Record<string, string> = req.params ?? {};
    const actor: Actor | null = req.actor ?? (await this.authenticate(req, ctx.switchToHttp().getResponse(), params.stationId));
    if (!actor) throw ApiError.unauthorized();
    req.actor = actor;
    if (!permission) throw ApiError.forbidden('this endpoint has no access rule'); // fail closed
    if (req.credential?.passwordChangeDue && !mayWhilePasswordChangeDue(permission, actor, params)) {
      throw new ApiError(403, 'PASSWORD_CHANGE_REQUIRED', 'the password an administrator set must be changed first');
    }
    if (!roleMay(actor.role, permission)) {
      throw ApiError.forbidden(`role ${actor.role} may not ${permission}`);
    }
    if (DEPLOYMENT_WIDE.includes(permission) && actor.subdistrictId !== null) throw ApiError.forbidden('every subdistrict’s figures: a deployment-wide admin’s');
    await this.checkScope(actor, params);
    return true;
  }

  /** The bearer token's actor; no header → null (401); a bad, expired or revoked token → 401 saying which. */
  private async authenticate(
    req: { headers: Record<string, string | undefined>; credential?: unknown },
    res: { setHeader(name: string, value: string): void },
    stationId: string | undefined,
  ): Promise<Actor | null> {
    try {
      // the station's subdistrict comes with the actor (one query) when the route names a station not yet cached
      const ask = stationId !== undefined && UUID_PATTERN.test(stationId) && !this.stationSubdistricts.has(stationId) ? stationId : undefined;
      const found = await this.actors.fromAuthorization(req.headers.authorization, ask);
      if (!found) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        return null;
      }
      req.credential = found.credential;
      if (ask !== undefined && found.stationSubdistrictId) this.remember(ask, found.stationSubdistrictId);
      return found.actor;
    } catch (e) {
      if (!(e instanceof AuthError)) throw e;
      res.setHeader('WWW-Authenticate', `Bearer error="invalid_token"`);
      throw ApiError.unauthorized(e.message);
    }
  }

  private async checkScope(actor: Actor, params: Record<string, string>): Promise<void> {
    const { subdistrictId, stationId, userId } = params;
    if (userId !== undefined && userId !== actor.userId) {
      if (!UUID_PATTERN.test(userId)) throw ApiError.badRequest('userId', 'must be a UUID');
      if (!roleMay(actor.role, 'users.manage')) throw ApiError.forbidden('another user’s account');
      const [user] = await this.db.query(`SELECT subdistrict_id FROM users WHERE id = $1`, [userId]);
      if (!user) throw ApiError.notFound('user');
      if (actor.subdistrictId !== null && user.subdistrict_id !== actor.subdistrictId) {
        throw ApiError.forbidden('another subdistrict’s user');
      }
    }
    if (subdistrictId !== undefined) {
      if (!UUID_PATTERN.test(subdistrictId)) throw ApiError.badRequest('subdistrictId', 'must be a UUID');
      if (actor.subdistrictId !== null && actor.subdistrictId !== subdistrictId) {
        throw ApiError.forbidden('another subdistrict’s data');
      }
    }
    if (stationId !== undefined) {
      if (!UUID_PATTERN.test(stationId)) throw ApiError.badRequest('stationId', 'must be a UUID');
      const stationSubdistrict = await this.subdistrictOfStation(stationId);
      if (!stationSubdistrict || (subdistrictId !== undefined && stationSubdistrict !== subdistrictId)) {
        throw ApiError.notFound('station');
      }
      if (actor.subdistrictId !== null && stationSubdistrict !== actor.subdistrictId) {
        throw ApiError.forbidden('another subdistrict’s station');
      }
      if (actor.role === 'station' && actor.stationId !== stationId) throw ApiError.forbidden('another station’s data');
    } else if (actor.role === 'station' && subdistrictId !== undefined) {
      // station users see subdistrict-wide data only through their own station's routes
      throw ApiError.forbidden('station users may only read their own station');
    }
  }

  /** A station never moves to another subdistrict, so the answer is cached (one query fewer per station request). */
  private readonly stationSubdistricts = new Map<string, string>();

  private async subdistrictOfStation(stationId: string): Promise<string | null> {
    const cached = this.stationSubdistricts.get(stationId);
    if (cached) return cached;
    const [station] = await this.db.query(`SELECT subdistrict_id FROM stations WHERE id = $1`, [stationId]);
    if (!station) return null;
    this.remember(stationId, station.subdistrict_id);
    return station.subdistrict_id;
  }

  private remember(stationId: string, subdistrictId: string): void {
    if (this.stationSubdistricts.size > 100_000) this.stationSubdistricts.clear();
    this.stationSubdistricts.set(stationId, subdistrictId);
  }
}
