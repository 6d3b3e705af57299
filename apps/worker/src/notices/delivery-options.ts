import { DEFAULT_RETRY_POLICY, RetryPolicy } from '@app/notices';

/**
 * Delivery tuning, read from the environment once (libs/config stays untouched by this feature):
 * NOTICE_RETRY_BASE_MS, NOTICE_RETRY_MAX_MS, NOTICE_RETRY_MAX_ATTEMPTS, WEBHOOK_TIMEOUT_MS, NOTICE_CONCURRENCY,
 * SWEEP_SCHEDULER=off (no Job Scheduler: tests and the demo call the sweep themselves).
 */
export interface DeliveryOptions {
  retry: RetryPolicy;
  webhookTimeoutMs: number;
  concurrency: number;
  scheduler: boolean;
}

export const DELIVERY_OPTIONS = Symbol('DELIVERY_OPTIONS');

export function deliveryOptionsFromEnv(env: Record<string, string | undefined> = process.env): DeliveryOptions {
  const int = (name: string, def: number) => {
    const v = env[name];
    if (v === undefined || v.trim() === '') return def;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${v}"`);
    return n;
  };
  return {
    retry: {
      baseMs: int('NOTICE_RETRY_BASE_MS', DEFAULT_RETRY_POLICY.baseMs),
      maxMs: int('NOTICE_RETRY_MAX_MS', DEFAULT_RETRY_POLICY.maxMs),
      factor: DEFAULT_RETRY_POLICY.factor,
      maxAttempts: Math.max(1, int('NOTICE_RETRY_MAX_ATTEMPTS', DEFAULT_RETRY_POLICY.maxAttempts)),
    },
    webhookTimeoutMs: int('WEBHOOK_TIMEOUT_MS', 10_000),
    concurrency: Math.max(1, int('NOTICE_CONCURRENCY', 8)),
    scheduler: (env.SWEEP_SCHEDULER ?? 'on') !== 'off',
  };
}
