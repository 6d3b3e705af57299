import type { AppConfig } from '@app/config';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from '../channels/retry-policy';

/** Delivery tuning, from the validated configuration. */
export interface DeliveryOptions {
  retry: RetryPolicy;
  webhookTimeoutMs: number;
  concurrency: number;
  scheduler: boolean;
  /** Inbox deliveries one claim takes. */
  inboxBatch: number;
  /** How long a claimed delivery is its worker's (then another may take it): the slowest send plus a margin. */
  leaseMs: number;
  robots: { dingtalkBaseUrl: string; wecomBaseUrl: string; perWindow: number; windowMs: number };
  consoleBaseUrl: string;
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
    inboxBatch: config.noticeInboxBatch,
    leaseMs: Math.max(config.webhookTimeoutMs, 15_000) + 30_000,
    robots: {
      dingtalkBaseUrl: config.dingtalkBaseUrl, wecomBaseUrl: config.wecomBaseUrl,
      perWindow: config.robotMessagesPerMinute, windowMs: config.robotWindowMs,
    },
    consoleBaseUrl: config.consoleBaseUrl,
  };
}
