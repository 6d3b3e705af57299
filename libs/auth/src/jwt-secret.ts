import { randomBytes } from 'node:crypto';
import type { Queryable } from '@app/persistence';


export const JWT_SECRET_SETTING = 'auth.jwt_secret';

/**
 * The key that signs access tokens: JWT_SECRET when configured; otherwise one random secret generated the first
 * time and kept in the `settings` table, so the API and worker processes agree and a restart keeps sessions.
 * Concurrent first starts race harmlessly: the first insert wins and everyone reads it back.
 */
export async function resolveJwtSecret(db: Queryable, configured?: string): Promise<string> {
  if (configured) return configured;
  await db.query(`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [
    JWT_SECRET_SETTING,
    randomBytes(48).toString('base64url'),
  ]);
  const [row] = await db.query(`SELECT value FROM settings WHERE key = $1`, [JWT_SECRET_SETTING]);
  if (!row?.value) throw new Error('could not store or read the generated JWT secret');
  return row.value;
}
