import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys that cannot wedge and do not pile up: a claim id (a request that took over an expired
 * in-progress key owns it; the original, should it still commit, finds the claim gone and rolls back), when the
 * claim was taken, and when the command's transaction committed (written in that transaction). created_at gets an
 * index for the expiry clean-up.
 */
export class IdempotencyClaims1764300001000 implements MigrationInterface {
  name = 'IdempotencyClaims1764300001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE idempotency_keys
        ADD COLUMN claim_id     uuid,
        ADD COLUMN claimed_at   timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN committed_at timestamptz;
      CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX idempotency_keys_created_idx;
      ALTER TABLE idempotency_keys DROP COLUMN claim_id, DROP COLUMN claimed_at, DROP COLUMN committed_at;
    `);
  }
}
