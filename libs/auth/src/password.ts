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

/** Too many password hashes are being computed at once: the request may be retried in a moment (503). */
export class PasswordHashingBusyError extends Error {
  readonly code = 'TEMPORARILY_UNAVAILABLE';
  readonly retryable = true;
  readonly retryAfterSeconds = 1;
  constructor() {
    super('服务器正忙于校验其他密码，请稍后重试');
    this.name = 'PasswordHashingBusyError';
  }
}

/**
 * Bounds the argon2 work of one process: at most `concurrency` hashes at once (each takes 64 MiB and tens of
 * milliseconds of a core); a further one waits in line at most `waitMs`, then is refused. So a burst of logins costs
 * a bounded amount of CPU and memory and the rest of the API keeps answering.
 */
class HashingGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(public concurrency: number, public waitMs: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) await this.slot();
    else this.active++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // the slot passes straight to the next in line
      else this.active--;
    }
  }

  private slot(): Promise<void> {
    return new Promise((resolve, reject) => {
      const take = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(take);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new PasswordHashingBusyError());
      }, this.waitMs);
      this.waiting.push(take);
    });
  }
}

const gate = new HashingGate(2, 2_000);

/** Sets the bound on concurrent password hashing of this process (PASSWORD_HASH_CONCURRENCY, PASSWORD_HASH_WAIT_MS). */
export function limitPasswordHashing({ concurrency, waitMs }: { concurrency: number; waitMs: number }): void {
  gate.concurrency = concurrency;
  gate.waitMs = waitMs;
}

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
  return gate.run(() => argon2.hash(password, HASH_OPTIONS));
}

let dummyHash: Promise<string> | undefined;

/** True when `password` matches `hash`; a null hash (no user, no password set) costs the same and is false. */
export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  if (typeof password !== 'string' || password.length > 4 * MAX_PASSWORD_LENGTH) return false;
  if (!hash) {
    if (!dummyHash) {
      dummyHash = hashPassword(randomBytes(16).toString('hex'));
      dummyHash.catch(() => (dummyHash = undefined)); // a refused (busy) first hash is made again next time
    }
    const dummy = await dummyHash;
    await gate.run(() => argon2.verify(dummy, password).catch(() => false));
    return false;
  }
  return gate.run(async () => {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false; // not a hash argon2 understands
    }
  });
}

/** True when a stored hash was made with weaker parameters than today's (rehash on the next login). */
export function needsRehash(hash: string): boolean {
  try {
    return argon2.needsRehash(hash, HASH_OPTIONS);
  } catch {
    return true;
  }
}
