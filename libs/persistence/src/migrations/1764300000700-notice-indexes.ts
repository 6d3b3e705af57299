import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * notices_station_idx (station_id, year, kind) is a prefix of notices_station_kind_created_idx (station_id, year,
 * kind, created_at), which serves every query the shorter one did. Each notice the sweep inserts paid for both:
 * one random B-tree insertion less per notice (a December sweep inserts one per station).
 */
export class NoticeIndexes1764300000700 implements MigrationInterface {
  name = 'NoticeIndexes1764300000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS notices_station_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS notices_station_idx ON notices (station_id, year, kind)`);
  }
}
