import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { appendEvents, TransactionRunner } from '@app/persistence';
import type { Actor, Clock, Role } from '@app/platform';
import { AccessTokenService } from './access-token.service';
import { AUTH_CLOCK } from './clock';
import { CredentialCache } from './credential-cache';
import { AuthError, AuthRequestError } from './errors';
import { hashPassword, limitPasswordHashing, needsRehash, passwordProblem, verifyPassword } from './password';
import { newOpaqueToken, REFRESH_TOKEN_PREFIX, tokenHash, UUID } from './tokens';

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  subdistrictId: string | null;
  stationId: string | null;
  /** The password was set by an administrator: the user must choose their own before working. */
  mustChangePassword: boolean;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Access-token lifetime in seconds. */
  expiresIn: number;
  refreshExpiresAt: string;
  user: AuthUser;
}

const toUser = (u: any): AuthUser => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  subdistrictId: u.subdistrict_id,
  stationId: u.station_id,
  mustChangePassword: Boolean(u.must_change_password),
});

/**
 * Login sessions. A login opens a session (the refresh-token family) and hands out a short-lived access token and
 * a single-use refresh token. Refreshing rotates the refresh token; presenting an already rotated one means it
 * was copied, so the whole session is revoked. Logout, a password change or a disabled account revoke sessions;
 * access tokens carry their session id and stop working at the next request.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly db: DataSource,
    private readonly tx: TransactionRunner,
    private readonly accessTokens: AccessTokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AUTH_CLOCK) private readonly clock: Clock,
    private readonly credentials: CredentialCache,
  ) {
    limitPasswordHashing({ concurrency: config.passwordHashConcurrency, waitMs: config.passwordHashWaitMs });
  }

  async login(username: string, password: string): Promise<TokenPair> {
    const [u] = typeof username === 'string' && username.length <= 200
      ? await this.db.query(
        `SELECT id, username, display_name, role, subdistrict_id, station_id, active, password_hash, must_change_password FROM users WHERE username = $1`,
        [username],
      )
      : [];
    const ok = await verifyPassword(u?.password_hash, password);
    if (!ok) throw new AuthError('invalid_credentials');
    if (!u.active) throw new AuthError('account_disabled');
    if (needsRehash(u.password_hash)) {
      await this.db.query(`UPDATE users SET password_hash = $2 WHERE id = $1 AND password_hash = $3`, [
        u.id, await hashPassword(password), u.password_hash,
      ]);
    }
    const now = this.clock.now();
    const sessionId = randomUUID();
    const refreshToken = newOpaqueToken(REFRESH_TOKEN_PREFIX);
    const refreshExpiresAt = this.refreshExpiry(now);
    await this.tx.run(async (tx) => {
      await tx.query(`INSERT INTO auth_sessions (id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`, [
        sessionId, u.id, now, refreshExpiresAt,
      ]);
      await tx.query(`INSERT INTO refresh_tokens (session_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)`, [
        sessionId, tokenHash(refreshToken), now, refreshExpiresAt,
      ]);
    });
    const user = toUser(u);
    const access = this.accessTokens.sign(user, sessionId);
    return { accessToken: access.token, refreshToken, tokenType: 'Bearer', expiresIn: access.expiresIn, refreshExpiresAt: refreshExpiresAt.toISOString(), user };
  }

  /** Rotates a refresh token: the presented one is spent, a new pair is returned. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    if (typeof refreshToken !== 'string' || !refreshToken.startsWith(REFRESH_TOKEN_PREFIX) || refreshToken.length > 200) {
      throw new AuthError('invalid_token', 'invalid refresh token');
    }
    const now = this.clock.now();
    const outcome = await this.tx.run(async (tx) => {
      const [row] = await tx.query(
        `SELECT rt.id, rt.session_id, rt.expires_at, rt.rotated_at, s.revoked_at AS session_revoked_at,
                u.id AS user_id, u.username, u.display_name, u.role, u.subdistrict_id, u.station_id, u.active, u.must_change_password
           FROM refresh_tokens rt
           JOIN auth_sessions s ON s.id = rt.session_id
           JOIN users u ON u.id = s.user_id
          WHERE rt.token_hash = $1
          FOR UPDATE OF rt, s`,
        [tokenHash(refreshToken)],
      );
      if (!row) return { error: new AuthError('invalid_token', 'invalid refresh token') };
      if (row.session_revoked_at) return { error: new AuthError('token_revoked', 'refresh token revoked') };
      if (row.rotated_at) {
        // a spent token came back: someone holds a copy. End the whole family (committed, then refused).
        await this.revokeSessionIn(tx, row.session_id, 'refresh token reuse detected', now);
        return { error: new AuthError('token_reused') };
      }
      if (new Date(row.expires_at) <= now) return { error: new AuthError('token_expired', 'refresh token expired') };
      if (!row.active) {
        await this.revokeSessionIn(tx, row.session_id, 'account disabled', now);
        return { error: new AuthError('account_disabled') };
      }
      const next = newOpaqueToken(REFRESH_TOKEN_PREFIX);
      const expiresAt = this.refreshExpiry(now);
      await tx.query(`UPDATE refresh_tokens SET rotated_at = $2 WHERE id = $1`, [row.id, now]);
      await tx.query(`INSERT INTO refresh_tokens (session_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)`, [
        row.session_id, tokenHash(next), now, expiresAt,
      ]);
      await tx.query(`UPDATE auth_sessions SET expires_at = $2 WHERE id = $1`, [row.session_id, expiresAt]);
      return { refreshToken: next, expiresAt, sessionId: row.session_id as string, user: toUser({ ...row, id: row.user_id }) };
    });
    if ('error' in outcome) {
      const { error } = outcome as { error: AuthError };
      // a revocation above (reuse, disabled account) is heard by every API process before the refusal goes out
      if (error.reason === 'token_reused' || error.reason === 'account_disabled') await this.credentials.settled();
      throw error;
    }
    const access = this.accessTokens.sign(outcome.user, outcome.sessionId);
    return {
      accessToken: access.token, refreshToken: outcome.refreshToken, tokenType: 'Bearer', expiresIn: access.expiresIn,
      refreshExpiresAt: outcome.expiresAt.toISOString(), user: outcome.user,
    };
  }

  /** Ends one session: its refresh tokens and every access token issued in it stop working. */
  async logout(userId: string, sessionId: string): Promise<void> {
    await this.revokeSessionIn(this.db.manager, sessionId, 'logout', this.clock.now(), userId);
    await this.credentials.settled(); // every API process has heard of it before the answer goes out
  }

  /** Ends every session of a user (call it when an account is disabled or its role changes). */
  async revokeAllSessions(userId: string, reason: string, { exceptSessionId }: { exceptSessionId?: string } = {}): Promise<number> {
    const rows = await this.db.query(
      `UPDATE auth_sessions SET revoked_at = $2, revoked_reason = $3
        WHERE user_id = $1 AND revoked_at IS NULL AND ($4::uuid IS NULL OR id <> $4::uuid) RETURNING id`,
      [userId, this.clock.now(), reason, exceptSessionId ?? null],
    );
    await this.credentials.settled();
    return rows[0]?.length ?? rows.length;
  }

  /**
   * Sets a user's password. Changing one's own needs the current password; otherwise the caller has been
   * authorised by the AccessGuard to manage this user. Every other session of the user ends.
   */
  async setPassword(
    actor: Actor,
    userId: string,
    { newPassword, oldPassword }: { newPassword: string; oldPassword?: string },
    currentSessionId?: string,
  ): Promise<void> {
    if (!UUID.test(userId)) throw AuthRequestError.invalid('userId', 'must be a UUID');
    const [u] = await this.db.query(`SELECT id, subdistrict_id, password_hash FROM users WHERE id = $1`, [userId]);
    if (!u) throw AuthRequestError.notFound('user');
    const own = actor.userId === userId;
    if (own) {
      if (typeof oldPassword !== 'string' || oldPassword === '') throw AuthRequestError.invalid('oldPassword', 'is required to change your own password');
      if (!(await verifyPassword(u.password_hash, oldPassword))) throw AuthRequestError.invalid('oldPassword', 'does not match the current password');
    }
    const problem = passwordProblem(newPassword);
    if (problem) throw AuthRequestError.invalid('newPassword', problem);
    if (own && newPassword === oldPassword) throw AuthRequestError.invalid('newPassword', 'must differ from the current password');
    const hash = await hashPassword(newPassword);
    const now = this.clock.now();
    await this.tx.run(async (tx) => {
      // a password someone else set is temporary: its owner must choose their own at the next login
      await tx.query(
        `UPDATE users SET password_hash = $2, updated_at = $3, version = version + 1, must_change_password = $4 WHERE id = $1`,
        [userId, hash, now, !own],
      );
      await tx.query(
        `UPDATE auth_sessions SET revoked_at = $2, revoked_reason = 'password changed'
          WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)`,
        [userId, now, own ? (currentSessionId ?? null) : null],
      );
      await appendEvents(tx, [{
        streamType: 'user', streamId: userId, subdistrictId: u.subdistrict_id, type: 'UserPasswordChanged',
        payload: { userId, by: own ? 'self' : 'administrator' }, actorId: actor.userId, actorRole: actor.role,
        reason: own ? 'changed own password' : 'password set by an administrator', occurredAt: now,
      }]);
    });
    await this.credentials.settled();
  }

  /** What the console shows of the signed-in user (name, whether a new password is due). */
  async profile(userId: string): Promise<{ displayName: string; mustChangePassword: boolean } | null> {
    const [u] = await this.db.query(`SELECT display_name, must_change_password FROM users WHERE id::text = $1`, [userId]);
    return u ? { displayName: u.display_name, mustChangePassword: Boolean(u.must_change_password) } : null;
  }

  private refreshExpiry(now: Date): Date {
    return new Date(now.getTime() + this.config.refreshTokenTtlSeconds * 1000);
  }

  /**
   * Marks a session revoked. With `userId`, a session the database has never seen (a token minted outside login,
   * e.g. by the test harness) is recorded as revoked too, so logout works for every valid token.
   */
  private async revokeSessionIn(
    q: { query(sql: string, params?: unknown[]): Promise<any> }, sessionId: string, reason: string, now: Date, userId?: string,
  ): Promise<void> {
    if (userId) {
      await q.query(
        `INSERT INTO auth_sessions (id, user_id, created_at, expires_at, revoked_at, revoked_reason) VALUES ($1, $2, $3, $3, $3, $4)
         ON CONFLICT (id) DO UPDATE SET revoked_at = COALESCE(auth_sessions.revoked_at, EXCLUDED.revoked_at),
           revoked_reason = COALESCE(auth_sessions.revoked_reason, EXCLUDED.revoked_reason)
         WHERE auth_sessions.user_id = EXCLUDED.user_id`,
        [sessionId, userId, now, reason],
      );
    } else {
      await q.query(`UPDATE auth_sessions SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL`, [
        sessionId, now, reason,
      ]);
    }
  }
}
