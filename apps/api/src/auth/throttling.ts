import { Inject, Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
import { DataSource } from 'typeorm';
import { PasswordHashingBusyError } from '@app/auth';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { ApiError } from '../http/api-error';
import { RATE_LIMIT_STORE, rateLimitStore } from './rate-limit-store';
import type { RateLimitStore } from './rate-limit-store';
import { RequestAllowance } from './request-allowance';

const MINUTE = 60_000;
/** How long past PASSWORD_HASH_WAIT_MS an attempt waits for others of its account or client still being checked. */
const IN_FLIGHT_GRACE_MS = 3_000;

/** A refusal that tells the client when to come back (the error filter sends it as the `Retry-After` header). */
export class RetryLaterError extends ApiError {
  constructor(status: number, code: string, message: string, readonly retryAfterSeconds: number) {
    super(status, code, message);
  }
}

/**
 * @nestjs/throttler's counters in the shared store, so N API processes allow the limit once, not N times; taken in
 * batches (RequestAllowance), so most requests make no round trip for it.
 */
export class SharedThrottlerStorage implements ThrottlerStorage {
  private readonly allowance: RequestAllowance;
  constructor(store: RateLimitStore) {
    this.allowance = new RequestAllowance(store);
  }

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, name: string): Promise<ThrottlerStorageRecord> {
    const w = await this.allowance.hit(`req:${name}:${key}`, ttl, limit);
    const seconds = Math.max(1, Math.ceil(w.resetMs / 1000));
    const isBlocked = w.hits > limit;
    return { totalHits: w.hits, timeToExpire: seconds, isBlocked, timeToBlockExpire: isBlocked ? seconds : 0 };
  }
}

/**
 * The general limit, checked by the global ThrottlerGuard before the AccessGuard: `REQUESTS_PER_MINUTE` per client
 * IP and route, counted in the shared store. A refusal is 429 with the standard error body (TOO_MANY_REQUESTS) and
 * the standard `Retry-After` header (seconds).
 */
export function throttlerOptions(config: Pick<AppConfig, 'requestsPerMinute'>, store: RateLimitStore): ThrottlerModuleOptions {
  return {
    errorMessage: '请求过于频繁，请稍后再试',
    storage: new SharedThrottlerStorage(store),
    throttlers: [{ name: 'default', ttl: MINUTE, limit: config.requestsPerMinute }],
    // the route and the client as they are (the default hashes them with SHA-256 on every request)
    generateKey: (ctx, tracker, name) => `${ctx.getClass().name}.${ctx.getHandler().name}:${name}:${tracker}`,
  };
}

/**
 * Password attempts (login, changing one's own password): only FAILED ones count, per account (whichever client
 * tries it: LOGIN_ATTEMPTS_PER_MINUTE) and per client IP across all accounts (LOGIN_ATTEMPTS_PER_IP_PER_MINUTE, so
 * spraying one password over many accounts is limited too). An attempt takes its place in both counts before the
 * password is checked (concurrent attempts cannot slip past the limit together) and gives it back when it
 * succeeds or fails for another reason. Over a limit: 429 with `Retry-After`, even for the right password — but
 * only when FAILED attempts fill it (a second pair of counters holds those alone); when attempts still being
 * checked fill it, this one waits for them to end (at most PASSWORD_HASH_WAIT_MS plus a moment, then 503
 * retryable), so concurrent successful logins of one account are never refused.
 */
@Injectable()
export class PasswordAttemptLimiter {
  constructor(
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async attempt<T>(ip: string | undefined, account: string, work: () => Promise<T>, failed: (e: unknown) => boolean): Promise<T> {
    const limits = [
      { key: `ip:${ip ?? 'unknown'}`, limit: this.config.loginAttemptsPerIpPerMinute },
      { key: `account:${account.trim().toLowerCase().slice(0, 200)}`, limit: this.config.loginAttemptsPerMinute },
    ];
    const add = (prefix: 'pw' | 'pwf', by: number) => Promise.all(limits.map((l) => this.store.add(`${prefix}:${l.key}`, MINUTE, by)));
    const giveBack = () => add('pw', -1).catch(() => undefined);
    const deadline = Date.now() + this.config.passwordHashWaitMs + IN_FLIGHT_GRACE_MS;
    for (let pause = 20; ; pause = Math.min(pause * 2, 200)) {
      const windows = await add('pw', 1);
      if (windows.every((w, i) => w.hits <= limits[i].limit)) break;
      await giveBack();
      const failures = await add('pwf', 0);
      const over = failures.filter((w, i) => w.hits >= limits[i].limit);
      if (over.length) {
        const seconds = Math.max(1, Math.ceil(Math.max(...over.map((w) => w.resetMs)) / 1000));
        throw new RetryLaterError(429, 'TOO_MANY_REQUESTS', `密码错误次数过多，请在 ${seconds} 秒后重试`, seconds);
      }
      // the limit is full of attempts still being checked, not of failures: wait for them
      if (Date.now() + pause > deadline) throw new PasswordHashingBusyError();
      await new Promise((r) => setTimeout(r, pause));
    }
    try {
      const result = await work();
      await giveBack();
      return result;
    } catch (e) {
      if (failed(e)) await add('pwf', 1).catch(() => undefined);
      else await giveBack();
      throw e;
    }
  }
}

/** The shared counters (closed with the app) and the password-attempt limiter. */
@Module({
  providers: [
    {
      provide: RATE_LIMIT_STORE,
      inject: [APP_CONFIG, DataSource],
      useFactory: (config: AppConfig, db: DataSource) => rateLimitStore(config, db),
    },
    PasswordAttemptLimiter,
  ],
  exports: [RATE_LIMIT_STORE, PasswordAttemptLimiter],
})
export class RateLimitModule implements OnModuleDestroy {
  constructor(@Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore) {}
  async onModuleDestroy(): Promise<void> {
    await this.store.close();
  }
}
