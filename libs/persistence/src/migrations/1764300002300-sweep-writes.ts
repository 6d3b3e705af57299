import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fewer writes per notice the December sweep inserts (one per station, 20,000 and more in one statement):
 * - no per-row foreign-key checks on notices and deliveries: every notice is selected from existing station, year
 *   and subdistrict rows (or drafted from them), every delivery from the notice its statement just inserted, and
 *   stations and subdistricts are never deleted (they are deactivated) — each check locked the referenced station
 *   and subdistrict rows (FOR KEY SHARE, a write to each) for nothing;
 * - notices_station_idx goes: notices_station_kind_created_idx leads with the same columns and serves its queries.
 */
export class SweepWrites1764300002300 implements MigrationInterface {
  name = 'SweepWrites1764300002300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notices DROP CONSTRAINT IF EXISTS notices_subdistrict_id_fkey;
      ALTER TABLE notices DROP CONSTRAINT IF EXISTS notices_station_id_fkey;
      ALTER TABLE deliveries DROP CONSTRAINT IF EXISTS deliveries_notice_id_fkey;
      DROP INDEX IF EXISTS notices_station_idx;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX IF NOT EXISTS notices_station_idx ON notices (station_id, year, kind);
      ALTER TABLE deliveries ADD CONSTRAINT deliveries_notice_id_fkey FOREIGN KEY (notice_id) REFERENCES notices(id);
      ALTER TABLE notices ADD CONSTRAINT notices_station_id_fkey FOREIGN KEY (station_id) REFERENCES stations(id);
      ALTER TABLE notices ADD CONSTRAINT notices_subdistrict_id_fkey FOREIGN KEY (subdistrict_id) REFERENCES subdistricts(id);
    `);
  }
}
