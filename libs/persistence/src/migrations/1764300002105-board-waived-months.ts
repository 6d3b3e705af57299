import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The board summary learns the months waived (豁免) by the coordination group: a waived month is owed no record,
 * so the board no longer shows it as missing. Before the occasions migration (2110), whose refill writes it.
 */
export class BoardWaivedMonths1764300002105 implements MigrationInterface {
  name = 'BoardWaivedMonths1764300002105';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE board_summaries ADD COLUMN months_waived int NOT NULL DEFAULT 0`);
    await q.query(`
      UPDATE board_summaries b SET months_waived = w.mask
      FROM (SELECT sy.station_id, sy.year, bit_or(1 << mr.month)::int AS mask
              FROM month_records mr JOIN station_years sy ON sy.id = mr.station_year_id
             WHERE mr.waiver IS NOT NULL GROUP BY 1, 2) w
      WHERE b.station_id = w.station_id AND b.year = w.year`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE board_summaries DROP COLUMN months_waived`);
  }
}
