import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which hand-off events have been told (their notices issued, or nobody to tell): the recovery job re-tells the
 * hand-offs whose outbox message was relayed but never handled (a job lost with Redis), so no lost job loses one.
 */
export class HandOffsTold1764300002200 implements MigrationInterface {
  name = 'HandOffsTold1764300002200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE handoffs_told (event_id bigint PRIMARY KEY, told_at timestamptz NOT NULL)`);
    // the recovery looks at recent hand-off messages only
    await q.query(`CREATE INDEX outbox_handoffs_idx ON outbox (created_at) WHERE name = 'HandOff'`);
    // hand-offs relayed before this migration were handled by then: nothing to re-tell
    await q.query(`INSERT INTO handoffs_told (event_id, told_at)
      SELECT (payload->>'eventId')::bigint, now() FROM outbox WHERE name = 'HandOff' AND relayed_at IS NOT NULL ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbox_handoffs_idx`);
    await q.query(`DROP TABLE handoffs_told`);
  }
}
