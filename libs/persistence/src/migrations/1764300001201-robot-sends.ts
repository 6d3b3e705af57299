import { MigrationInterface, QueryRunner } from 'typeorm';

/** Recent sends per work-chat robot (hashed token), so every worker keeps each robot within its per-minute limit. */
export class RobotSends1764300001201 implements MigrationInterface {
  name = 'RobotSends1764300001201';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE robot_sends (robot text NOT NULL, sent_at timestamptz NOT NULL);
      CREATE INDEX robot_sends_idx ON robot_sends (robot, sent_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE robot_sends`);
  }
}
