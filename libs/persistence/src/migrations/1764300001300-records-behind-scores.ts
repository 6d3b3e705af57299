import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records behind the scores: an item score keeps the suggested score (建议分) it was given against and the reason
 * for a departure from it; a month may be waived (豁免) by a coordinator with a reason instead of recorded.
 * Both are projections of events (ItemScored, MonthWaived), so a rebuild fills them again.
 */
export class RecordsBehindScores1764300001300 implements MigrationInterface {
  name = 'RecordsBehindScores1764300001300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE item_scores ADD COLUMN suggested_tenths integer, ADD COLUMN departure_reason text;
      ALTER TABLE month_records ADD COLUMN waiver jsonb;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE month_records DROP COLUMN waiver;
      ALTER TABLE item_scores DROP COLUMN departure_reason, DROP COLUMN suggested_tenths;
    `);
  }
}
