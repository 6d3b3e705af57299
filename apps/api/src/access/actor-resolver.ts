import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessTokenService, API_TOKEN_PREFIX, ApiTokenService, AuthError, CredentialCache } from '@app/auth';
import { Sql } from '@app/persistence';
import { Actor } from '@app/platform';

/**
 * How the caller authenticated (logout needs the session; API tokens have none). `passwordChangeDue`: the user
 * signed in with a password an administrator set and must choose their own before anything else.
 */
export type Credential = { kind: 'session'; sessionId: string; passwordChangeDue: boolean } | { kind: 'api-token'; tokenId: string };

/**
 * Turns `Authorization: Bearer <access token | API token>` into an Actor, or throws AuthError.
 * An access token is checked for signature and expiry, then one indexed lookup loads the user — who must be
 * active — and the token's session, which must not be revoked. Role and scope come from that row, not from the
 * token's claims, so a changed role or a disabled account takes effect at the next request.
 *
 * Given the id of a station the request names, the same query also answers which subdistrict that station
 * belongs to (`stationSubdistrictId`; undefined when not asked or not answered, null when there is no such
 * station), so the AccessGuard's scope check needs no round trip of its own.
 *
 * What that query found is kept (CredentialCache): the next request of the same session needs no query, and a
 * change to the user or a revocation of the session, in any process, drops it at once (LISTEN/NOTIFY).
 */
@Injectable()
export class ActorResolver {
  private readonly sql: Sql;

  constructor(
    db: DataSource,
    private readonly accessTokens: AccessTokenService,
    private readonly apiTokens: ApiTokenService,
    private readonly credentials: CredentialCache,
  ) {
    this.sql = new Sql(db, { prepare: true });
  }

  async fromAuthorization(
    header: string | undefined,
    stationId?: string,
  ): Promise<{ actor: Actor; credential: Credential; stationSubdistrictId?: string | null } | null> {
    if (header === undefined || header === '') return null;
    const match = /^Bearer +(\S+) *$/i.exec(header);
    if (!match) throw new AuthError('invalid_token', 'expected "Authorization: Bearer <token>"');
    const token = match[1];
    if (token.startsWith(API_TOKEN_PREFIX)) {
      const { actor, tokenId } = await this.apiTokens.authenticate(token);
      return { actor, credential: { kind: 'api-token', tokenId } };
    }
    const claims = this.accessTokens.verify(token);
    // a station to look up as well needs the query anyway
    const cached = stationId === undefined ? this.credentials.get(claims.sub, claims.sid) : undefined;
    if (cached) return { actor: { ...cached.actor }, credential: { kind: 'session', sessionId: claims.sid, passwordChangeDue: cached.passwordChangeDue } };
    const ticket = this.credentials.ticket();
    const [u] = await this.sql.query(
      `SELECT u.id, u.username, u.role, u.subdistrict_id, u.station_id, u.active, u.must_change_password, s.revoked_at AS session_revoked_at,
              st.id AS station_found, st.subdistrict_id AS station_subdistrict_id
         FROM users u LEFT JOIN auth_sessions s ON s.id = $2 AND s.user_id = u.id
         LEFT JOIN stations st ON st.id = $3
        WHERE u.id = $1`,
      [claims.sub, claims.sid, stationId ?? null],
    );
    if (!u) throw new AuthError('invalid_token', 'invalid access token');
    if (!u.active) throw new AuthError('account_disabled');
    if (u.session_revoked_at) throw new AuthError('token_revoked', 'access token revoked');
    const actor: Actor = { userId: u.id, username: u.username, role: u.role, subdistrictId: u.subdistrict_id, stationId: u.station_id };
    const passwordChangeDue = Boolean(u.must_change_password);
    this.credentials.set(ticket, claims.sub, claims.sid, { actor, passwordChangeDue });
    return {
      actor,
      credential: { kind: 'session', sessionId: claims.sid, passwordChangeDue },
      ...(stationId === undefined ? {} : { stationSubdistrictId: u.station_found ? u.station_subdistrict_id : null }),
    };
  }
}
