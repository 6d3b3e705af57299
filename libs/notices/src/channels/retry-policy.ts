import { DeliveryError } from './delivery-error';

export interface BackoffOptions {
  /** Delay after the first failed attempt. */
  baseMs: number;
  /** Cap on any single delay. */
  maxMs: number;
  /** Growth per attempt, ≥ 1. */
  factor: number;
}

export interface RetryPolicy extends BackoffOptions {
  /** Attempts in total, the first one included. */
  maxAttempts: number;
}

/** 1 min, 2, 4, 8 … capped at 1 h: 10 attempts span about 4 hours, enough to ride out a mail-server outage. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 60_000, maxMs: 3_600_000, factor: 2, maxAttempts: 10 };

/**
 * Delay before the next attempt after attempt number `attempt` (1-based) failed:
 * `min(maxMs, baseMs · factor^(attempt-1))`. Deterministic on purpose: the delivery layer stores the
 * next attempt time and tests can state the figures; add jitter where the jobs are scheduled if needed.
 */
export function nextAttemptDelayMs(attempt: number, { baseMs, maxMs, factor }: BackoffOptions): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt is 1-based, got ${attempt}`);
  if (baseMs < 0 || maxMs < 0 || factor < 1) throw new RangeError('backoff needs baseMs ≥ 0, maxMs ≥ 0, factor ≥ 1');
  // Computed in floating point: factor^large overflows to Infinity, which the cap absorbs.
  return Math.min(maxMs, Math.round(baseMs * Math.pow(factor, attempt - 1)));
}

/**
 * The backoff delay, or longer when the server asked for it (Retry-After), never beyond maxMs.
 */
export function delayAfterFailureMs(error: unknown, attempt: number, options: BackoffOptions): number {
  const backoff = nextAttemptDelayMs(attempt, options);
  const asked = error instanceof DeliveryError ? (error.retryAfterMs ?? 0) : 0;
  return Math.min(options.maxMs, Math.max(backoff, asked));
}

/**
 * Whether attempt number `attempt` (1-based, just failed) should be followed by another.
 * Unknown errors count as transient: a bug-shaped failure is retried a bounded number of times
 * rather than silently dropping an official notice.
 */
export function shouldRetry(error: unknown, attempt: number, maxAttempts: number): boolean {
  if (error instanceof DeliveryError && error.permanent) return false;
  return attempt < maxAttempts;
}
