import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The late board's set-based query (libs/reporting/src/board/board.sql.ts) aggregates every month record of the
 * station-years it shows. A partial covering index on the recorded months lets it read them in station-year order
 * from the index alone (index-only scan, merge join with the station-years in scope), without visiting the heap
 * rows that carry the records' JSON; one subdistrict's months are one range of it.
 */
export class BoardIndexes1764300000600 implements MigrationInterface {
  name = 'BoardIndexes1764300000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX month_records_board_idx ON month_records (station_year_id) INCLUDE (month, special_recorded_at) WHERE special IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX month_records_board_idx`);
  }
}
