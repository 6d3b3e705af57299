/**
 * Rate-limit counters shared by every API process: in Redis when REDIS_URL is set, else in PostgreSQL (an UNLOGGED
 * table of expiring windows). Fixed windows: the first hit of a key opens a window of `windowMs`; hits add up until
 * it ends. While Redis is unreachable the PostgreSQL table takes over, so limits hold through a Redis outage.
 */
import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { failFastRedis, logEvery } from '@app/messaging';

export interface RateWindow {
  /** Hits counted in the current window (after this call). */
  hits: number;
  /** Milliseconds until the window ends. */
  resetMs: number;
}

export interface RateLimitStore {
  /** Adds `by` hits (negative: gives them back) to the key's window, opening a new window when none is open. */
  add(key: string, windowMs: number, by?: number): Promise<RateWindow>;
  close(): Promise<void>;
}

export const RATE_LIMIT_STORE = Symbol('RATE_LIMIT_STORE');

const ADD_SCRIPT = `
local by = tonumber(ARGV[2])
if by < 0 and redis.call('EXISTS', KEYS[1]) == 0 then return {0, 0} end
local hits = redis.call('INCRBY', KEYS[1], by)
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {hits, ttl}`;

export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: Redis & { rateLimitAdd(key: string, windowMs: number, by: number): Promise<[number, number]> };
  constructor(url: string, private readonly prefix: string) {
    this.redis = failFastRedis(url, `${prefix}-rate-limits`) as RedisRateLimitStore['redis'];
    // EVALSHA of the cached script (ioredis sends the script again after a NOSCRIPT): every request checks a limit,
    // and EVAL would send and hash the script's text each time
    this.redis.defineCommand('rateLimitAdd', { numberOfKeys: 1, lua: ADD_SCRIPT });
  }

  async add(key: string, windowMs: number, by = 1): Promise<RateWindow> {
    const [hits, resetMs] = await this.redis.rateLimitAdd(`${this.prefix}:rl:${key}`, windowMs, by);
    return { hits: Number(hits), resetMs: Number(resetMs) };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Windows whose end passed this long ago are deleted (at most once a minute, by whichever process notices). */
const CLEANUP_EVERY_MS = 60_000;

export class PostgresRateLimitStore implements RateLimitStore {
  private lastCleanup = Date.now();
  constructor(private readonly db: DataSource) {}

  async add(key: string, windowMs: number, by = 1): Promise<RateWindow> {
    // the database's clock, so every API process sees the same windows
    const [row] = await this.db.query(
      `INSERT INTO rate_limits AS r (key, hits, expires_at)
       VALUES ($1, GREATEST($3::int, 0), clock_timestamp() + $2::int * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN r.expires_at <= clock_timestamp() THEN GREATEST($3::int, 0) ELSE GREATEST(r.hits + $3::int, 0) END,
         expires_at = CASE WHEN r.expires_at <= clock_timestamp() THEN EXCLUDED.expires_at ELSE r.expires_at END
       RETURNING hits, GREATEST(0, ceil(extract(epoch FROM r.expires_at - clock_timestamp()) * 1000))::int AS reset_ms`,
      [key, windowMs, by],
    );
    if (Date.now() - this.lastCleanup > CLEANUP_EVERY_MS) {
      this.lastCleanup = Date.now();
      this.db.query(`DELETE FROM rate_limits WHERE expires_at < clock_timestamp() - interval '1 minute'`)
        .catch((e: Error) => new Logger('rate-limits').warn(`cleanup failed: ${e.message}`));
    }
    return { hits: Number(row.hits), resetMs: Number(row.reset_ms) };
  }

  async close(): Promise<void> {}
}

/** Redis first; while it fails, the PostgreSQL table (logged, at most twice a minute). */
export class FallbackRateLimitStore implements RateLimitStore {
  private readonly report = logEvery('rate-limits', 30_000);
  constructor(private readonly primary: RateLimitStore, private readonly fallback: RateLimitStore) {}

  async add(key: string, windowMs: number, by = 1): Promise<RateWindow> {
    try {
      return await this.primary.add(key, windowMs, by);
    } catch (e) {
      this.report(new Error(`Redis unavailable, counting in PostgreSQL: ${(e as Error).message}`));
      return this.fallback.add(key, windowMs, by);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.primary.close(), this.fallback.close()]);
  }
}

export function rateLimitStore(config: { redisUrl?: string; queuePrefix: string }, db: DataSource): RateLimitStore {
  const postgres = new PostgresRateLimitStore(db);
  return config.redisUrl ? new FallbackRateLimitStore(new RedisRateLimitStore(config.redisUrl, config.queuePrefix), postgres) : postgres;
}
