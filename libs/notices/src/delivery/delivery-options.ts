import type { AppConfig } from '@app/config';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from '../channels/retry-policy';

/** Delivery tuning, from the validated configuration (NOTICE_RETRY_*, WEBHOOK_TIMEOUT_MS, NOTICE_CONCURRENCY, SWEEP_SCHEDULER). */
export interface DeliveryOptions {
  retry: RetryPolicy;
  webhookTimeoutMs: number;
  concurrency: number;
  scheduler: boolean;
}

export const DELIVERY_OPTIONS = Symbol('DELIVERY_OPTIONS');

export function deliveryOptions(config: AppConfig): DeliveryOptions {
  return {
    retry: {
      baseMs: config.noticeRetryBaseMs,
      maxMs: config.noticeRetryMaxMs,
      factor: DEFAULT_RETRY_POLICY.factor,
      maxAttempts: config.noticeRetryMaxAttempts,
    },
    webhookTimeoutMs: config.webhookTimeoutMs,
    concurrency: config.noticeConcurrency,
    scheduler: config.sweepScheduler,
  };
}
