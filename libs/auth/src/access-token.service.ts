import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, KeyObject, randomUUID } from 'node:crypto';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import type { Clock, Role } from '@app/platform';
import { AUTH_CLOCK } from './clock';
import { AuthError } from './errors';
import { UUID } from './tokens';

export const JWT_SECRET = Symbol('JWT_SECRET');
export const TOKEN_ISSUER = 'station-assessment';

/** What an access token says. The API re-reads the user on every request: the claims are for clients. */
export interface AccessTokenClaims {
  sub: string;
  role: Role | null;
  subdistrict: string | null;
  station: string | null;
  /** The login session (refresh-token family); revoking it ends the token at once. */
  sid: string;
  jti: string;
  iat: number;
  exp: number;
  iss: string;
}

export interface TokenSubject {
  id: string;
  role?: Role | null;
  subdistrictId?: string | null;
  stationId?: string | null;
}

export interface SignedAccessToken {
  token: string;
  /** Seconds from now. */
  expiresIn: number;
  expiresAt: Date;
}

/** Short-lived HS256 access tokens, measured on the auth clock (wall time). */
@Injectable()
export class AccessTokenService {
  /**
   * The secret as a key object, made once: given a string, jsonwebtoken first tries (and fails) to parse it as a
   * public key on every verify, which costs more than the rest of the request's authentication.
   */
  private readonly key: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    @Inject(JWT_SECRET) secret: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AUTH_CLOCK) private readonly clock: Clock,
  ) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  get ttlSeconds(): number {
    return this.config.accessTokenTtlSeconds;
  }

  sign(user: TokenSubject, sessionId: string, ttlSeconds = this.ttlSeconds): SignedAccessToken {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const claims: AccessTokenClaims = {
      sub: user.id,
      role: user.role ?? null,
      subdistrict: user.subdistrictId ?? null,
      station: user.stationId ?? null,
      sid: sessionId,
      jti: randomUUID(),
      iat,
      exp: iat + ttlSeconds,
      iss: TOKEN_ISSUER,
    };
    const token = this.jwt.sign(claims, { secret: this.key as any, algorithm: 'HS256' });
    return { token, expiresIn: ttlSeconds, expiresAt: new Date(claims.exp * 1000) };
  }

  /** The claims of a valid token; AuthError('token_expired' | 'invalid_token') otherwise. */
  verify(token: string): AccessTokenClaims {
    let claims: AccessTokenClaims;
    try {
      claims = this.jwt.verify<AccessTokenClaims>(token, {
        secret: this.key as any,
        algorithms: ['HS256'],
        issuer: TOKEN_ISSUER,
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
    } catch (e) {
      if ((e as Error)?.name === 'TokenExpiredError') throw new AuthError('token_expired', 'access token expired');
      throw new AuthError('invalid_token', 'invalid access token');
    }
    if (typeof claims.sub !== 'string' || !UUID.test(claims.sub) || typeof claims.sid !== 'string' || !UUID.test(claims.sid)
      || typeof claims.exp !== 'number') {
      throw new AuthError('invalid_token', 'invalid access token');
    }
    return claims;
  }
}
