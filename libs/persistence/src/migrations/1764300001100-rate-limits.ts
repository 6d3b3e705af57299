import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rate-limit windows shared by every API process when there is no Redis: one row per key with its hit count and
 * the end of its window. UNLOGGED: counters need no crash safety (a crash only forgets who was counted), and they
 * skip the WAL on every request.
 */
export class RateLimits1764300001100 implements MigrationInterface {
  name = 'RateLimits1764300001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE IF NOT EXISTS rate_limits (
        key text PRIMARY KEY,
        hits integer NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS rate_limits_expires_idx ON rate_limits (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS rate_limits`);
  }
}
