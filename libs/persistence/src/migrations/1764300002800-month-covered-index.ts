import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The months recorded or waived (豁免), by month: the sweep asks every minute which stations of an audience still owe
 * month m (the monthly reminder's stations, the coordinators' escalation list, whose answer is usually "none", so
 * nothing marks it done and the next sweep asks again). Without this index that is a scan of every month record of
 * every station (11 per station in December); with it, one index range of month m. Measured at 20,000 stations: the
 * audience's anti-join 25 → 9.5 ms. The predicate is the audience's own (notice-store.ts `audienceWhere`), so the
 * planner can use it.
 */
export class MonthCoveredIndex1764300002800 implements MigrationInterface {
  name = 'MonthCoveredIndex1764300002800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX month_records_covered_idx ON month_records (month, station_year_id) WHERE special IS NOT NULL OR waiver IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX month_records_covered_idx`);
  }
}
