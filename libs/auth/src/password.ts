/**
 * Passwords: argon2id hashes (PHC strings in users.password_hash), one strength rule shared by the API and the
 * CLI. Verifying against a missing user or a user without a password still spends the same work, so response
 * time does not tell which usernames exist.
 */
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** argon2id with the library's (OWASP-level) defaults: 64 MiB, 3 passes, 4 lanes. */
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 65_536, timeCost: 3, parallelism: 4 } as const;

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: unknown): string | null {
  if (typeof password !== 'string') return 'must be a string';
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim() === '') return 'must not be only spaces';
  if (new Set(password).size < 4) return 'must use at least 4 different characters';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/** True when `password` matches `hash`; a null hash (no user, no password set) costs the same and is false. */
export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  if (typeof password !== 'string' || password.length > 4 * MAX_PASSWORD_LENGTH) return false;
  if (!hash) {
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await argon2.verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false; // not a hash argon2 understands
  }
}

/** True when a stored hash was made with weaker parameters than today's (rehash on the next login). */
export function needsRehash(hash: string): boolean {
  try {
    return argon2.needsRehash(hash, HASH_OPTIONS);
  } catch {
    return true;
  }
}
