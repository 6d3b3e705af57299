import fc from 'fast-check';
import { DeliveryError } from './delivery-error';
import { DEFAULT_RETRY_POLICY, delayAfterFailureMs, nextAttemptDelayMs, shouldRetry } from './retry-policy';

describe('nextAttemptDelayMs', () => {
  it('doubles from the base and stops at the cap', () => {
    const policy = { baseMs: 1000, maxMs: 30_000, factor: 2 };
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => nextAttemptDelayMs(a, policy))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('follows other factors', () => {
    expect([1, 2, 3, 4].map((a) => nextAttemptDelayMs(a, { baseMs: 500, maxMs: 1e9, factor: 3 }))).toEqual([500, 1500, 4500, 13500]);
    expect([1, 5, 50].map((a) => nextAttemptDelayMs(a, { baseMs: 700, maxMs: 1e9, factor: 1 }))).toEqual([700, 700, 700]);
  });

  it('gives the default policy figures: 1 min doubling to 1 h, about 5 h over 10 attempts', () => {
    const delays = Array.from({ length: DEFAULT_RETRY_POLICY.maxAttempts - 1 }, (_, i) => nextAttemptDelayMs(i + 1, DEFAULT_RETRY_POLICY));
    expect(delays.map((d) => d / 60_000)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    expect(delays.reduce((a, b) => a + b, 0) / 3_600_000).toBeCloseTo(4.05, 2);
  });

  it('survives huge attempt numbers (no overflow past the cap)', () => {
    expect(nextAttemptDelayMs(10_000, { baseMs: 1000, maxMs: 5000, factor: 2 })).toBe(5000);
  });

  it('is non-decreasing and within [0, maxMs] (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        (baseMs, maxMs, factor, attempt) => {
          const p = { baseMs, maxMs, factor };
          const d = nextAttemptDelayMs(attempt, p);
          return d >= 0 && d <= maxMs && nextAttemptDelayMs(attempt + 1, p) >= d;
        },
      ),
    );
  });

  it('rejects attempt 0 and a shrinking factor', () => {
    expect(() => nextAttemptDelayMs(0, { baseMs: 1, maxMs: 1, factor: 2 })).toThrow(RangeError);
    expect(() => nextAttemptDelayMs(1, { baseMs: 1, maxMs: 1, factor: 0.5 })).toThrow(RangeError);
  });

  it('waits at least as long as Retry-After asked, within the cap', () => {
    const p = { baseMs: 1000, maxMs: 60_000, factor: 2 };
    expect(delayAfterFailureMs(DeliveryError.transient('429', { retryAfterMs: 20_000 }), 1, p)).toBe(20_000);
    expect(delayAfterFailureMs(DeliveryError.transient('429', { retryAfterMs: 3_600_000 }), 1, p)).toBe(60_000);
    expect(delayAfterFailureMs(new Error('x'), 3, p)).toBe(4000);
  });
});

describe('shouldRetry', () => {
  it('retries transient failures until the attempts are used up', () => {
    const e = DeliveryError.transient('HTTP 503');
    expect(shouldRetry(e, 1, 3)).toBe(true);
    expect(shouldRetry(e, 2, 3)).toBe(true);
    expect(shouldRetry(e, 3, 3)).toBe(false);
  });

  it('never retries a permanent failure', () => {
    expect(shouldRetry(DeliveryError.permanent('HTTP 400'), 1, 10)).toBe(false);
  });

  it('treats unknown errors as transient', () => {
    expect(shouldRetry(new TypeError('boom'), 1, 2)).toBe(true);
    expect(shouldRetry(new TypeError('boom'), 2, 2)).toBe(false);
  });
});
