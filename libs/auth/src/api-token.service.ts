import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendEvents, TransactionRunner } from '@app/persistence';
import type { Actor, Clock, Role } from '@app/platform';
import { AUTH_CLOCK } from './clock';
import { AuthError, AuthRequestError } from './errors';
import { API_TOKEN_PREFIX, newOpaqueToken, tokenHash, UUID } from './tokens';

/** Roles an API token may carry. Never admin: an integration does not manage users, tokens or master data. */
export const API_TOKEN_ROLES = ['station', 'command_room', 'coordinator', 'leader'] as const satisfies readonly Role[];
export type ApiTokenRole = (typeof API_TOKEN_ROLES)[number];

export interface NewApiToken {
  name: string;
  role: ApiTokenRole;
  subdistrictId: string;
  stationId?: string | null;
  expiresAt?: Date | null;
}

export interface ApiTokenInfo {
  id: string;
  name: string;
  role: ApiTokenRole;
  subdistrictId: string;
  stationId: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const toInfo = (r: any): ApiTokenInfo => ({
  id: r.id, name: r.name, role: r.role, subdistrictId: r.subdistrict_id, stationId: r.station_id, createdBy: r.created_by,
  createdAt: iso(r.created_at)!, expiresAt: iso(r.expires_at), revokedAt: iso(r.revoked_at), lastUsedAt: iso(r.last_used_at),
});

/** The actor id an API token acts under (events and idempotency keys record it; it is not a users row). */
export const apiTokenActorId = (tokenId: string) => `api-token:${tokenId}`;

/**
 * API tokens for integrations: one role in one subdistrict (one station for the station role), optionally
 * expiring, revocable. The secret is shown once at creation and stored only as its SHA-256.
 */
@Injectable()
export class ApiTokenService {
  constructor(
    private readonly db: DataSource,
    private readonly tx: TransactionRunner,
    @Inject(AUTH_CLOCK) private readonly clock: Clock,
  ) {}

  async create(actor: Actor, input: NewApiToken): Promise<ApiTokenInfo & { token: string }> {
    const name = String(input.name ?? '').trim();
    if (!name || name.length > 100) throw AuthRequestError.invalid('name', 'must be 1-100 characters');
    if (!(API_TOKEN_ROLES as readonly string[]).includes(input.role)) {
      throw AuthRequestError.invalid('role', `must be one of ${API_TOKEN_ROLES.join(', ')}`);
    }
    if (!UUID.test(input.subdistrictId ?? '')) throw AuthRequestError.invalid('subdistrictId', 'must be a UUID');
    if (actor.subdistrictId !== null && actor.subdistrictId !== input.subdistrictId) {
      throw AuthRequestError.forbidden('another subdistrict’s token');
    }
    const [sub] = await this.db.query(`SELECT id FROM subdistricts WHERE id = $1`, [input.subdistrictId]);
    if (!sub) throw AuthRequestError.notFound('subdistrict');
    const stationId = input.stationId ?? null;
    if (input.role === 'station') {
      if (!stationId || !UUID.test(stationId)) throw AuthRequestError.invalid('stationId', 'a station token names its station (UUID)');
      const [st] = await this.db.query(`SELECT id FROM stations WHERE id = $1 AND subdistrict_id = $2`, [stationId, input.subdistrictId]);
      if (!st) throw AuthRequestError.notFound('station');
    } else if (stationId !== null) {
      throw AuthRequestError.invalid('stationId', 'only a station token names a station');
    }
    const now = this.clock.now();
    const expiresAt = input.expiresAt ?? null;
    if (expiresAt && !(expiresAt.getTime() > now.getTime())) throw AuthRequestError.invalid('expiresAt', 'must be in the future');
    const token = newOpaqueToken(API_TOKEN_PREFIX);
    const row = await this.tx.run(async (tx) => {
      const [r] = await tx.query(
        `INSERT INTO api_tokens (name, token_hash, role, subdistrict_id, station_id, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [name, tokenHash(token), input.role, input.subdistrictId, stationId, actor.userId, now, expiresAt],
      );
      await appendEvents(tx, [{
        streamType: 'api-token', streamId: r.id, subdistrictId: input.subdistrictId, type: 'ApiTokenCreated',
        payload: { tokenId: r.id, name, role: input.role, stationId, expiresAt: iso(expiresAt) },
        actorId: actor.userId, actorRole: actor.role, reason: null, occurredAt: now,
      }]);
      return r;
    });
    return { ...toInfo(row), token };
  }

  async list(actor: Actor): Promise<ApiTokenInfo[]> {
    const rows = await this.db.query(
      `SELECT * FROM api_tokens WHERE ($1::uuid IS NULL OR subdistrict_id = $1::uuid) ORDER BY created_at DESC, id`,
      [actor.subdistrictId],
    );
    return rows.map(toInfo);
  }

  /** Revokes a token (again: no-op). Tokens of another subdistrict are "not found". */
  async revoke(actor: Actor, id: string): Promise<void> {
    if (!UUID.test(id)) throw AuthRequestError.invalid('id', 'must be a UUID');
    const now = this.clock.now();
    await this.tx.run(async (tx) => {
      const [r] = await tx.query(`SELECT id, subdistrict_id, revoked_at FROM api_tokens WHERE id = $1 FOR UPDATE`, [id]);
      if (!r || (actor.subdistrictId !== null && r.subdistrict_id !== actor.subdistrictId)) throw AuthRequestError.notFound('API token');
      if (r.revoked_at) return;
      await tx.query(`UPDATE api_tokens SET revoked_at = $2, revoked_by = $3 WHERE id = $1`, [id, now, actor.userId]);
      await appendEvents(tx, [{
        streamType: 'api-token', streamId: id, subdistrictId: r.subdistrict_id, type: 'ApiTokenRevoked',
        payload: { tokenId: id }, actorId: actor.userId, actorRole: actor.role, reason: null, occurredAt: now,
      }]);
    });
  }

  /** The actor a presented API token stands for; AuthError when it is unknown, revoked or expired. */
  async authenticate(token: string): Promise<{ actor: Actor; tokenId: string }> {
    if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) throw new AuthError('invalid_token', 'invalid API token');
    const [r] = await this.db.query(
      `SELECT id, name, role, subdistrict_id, station_id, expires_at, revoked_at, last_used_at FROM api_tokens WHERE token_hash = $1`,
      [tokenHash(token)],
    );
    if (!r) throw new AuthError('invalid_token', 'invalid API token');
    if (r.revoked_at) throw new AuthError('token_revoked', 'API token revoked');
    const now = this.clock.now();
    if (r.expires_at && new Date(r.expires_at) <= now) throw new AuthError('token_expired', 'API token expired');
    if (!r.last_used_at || now.getTime() - new Date(r.last_used_at).getTime() > 60_000) {
      // bookkeeping for administrators, at most once a minute per token; never fails the request
      void this.db.query(`UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, [r.id, now]).catch(() => undefined);
    }
    return {
      tokenId: r.id,
      actor: {
        userId: apiTokenActorId(r.id), username: `api-token:${r.name}`, role: r.role,
        subdistrictId: r.subdistrict_id, stationId: r.station_id,
      },
    };
  }
}
