import { createHash, randomBytes } from 'node:crypto';

/** API tokens for integrations: `Authorization: Bearer sat_<random>`. */
export const API_TOKEN_PREFIX = 'sat_';
/** Refresh tokens: opaque, single use, rotated on every refresh. */
export const REFRESH_TOKEN_PREFIX = 'srt_';

/** 256 bits of randomness, URL-safe, with a recognisable prefix (secret scanners, logs). */
export function newOpaqueToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Opaque tokens are stored only as their SHA-256 (they are random, so a slow hash adds nothing). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The one UUID pattern lives in @app/platform. */
export { UUID_PATTERN as UUID } from '@app/platform';
