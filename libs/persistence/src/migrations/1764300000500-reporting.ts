import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reporting: export jobs (status, progress, the finished file in `files`) and the indexes the late board,
 * the decisions list and the dashboard read through. The board is one set-based query per subdistrict year:
 * station_years by assessment year, then index lookups into month_records / item_scores (primary keys),
 * notices (by station, year, kind) and deliveries (by notice).
 */
export class Reporting1764300000500 implements MigrationInterface {
  name = 'Reporting1764300000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE exports (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subdistrict_id uuid NOT NULL REFERENCES subdistricts(id),
        year           integer NOT NULL,
        kind           text NOT NULL CHECK (kind IN ('self_assessment_form', 'evaluation_form', 'result_table', 'bonus_budget',
                                                     'awards', 'late_board', 'not_submitted')),
        station_id     uuid REFERENCES stations(id),
        status         text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'ready', 'failed')),
        progress       real NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
        file_id        uuid REFERENCES files(id),
        error          text,
        requested_by   text NOT NULL,
        created_at     timestamptz NOT NULL,
        updated_at     timestamptz NOT NULL,
        finished_at    timestamptz
      );
      CREATE INDEX exports_year_idx ON exports (subdistrict_id, year, created_at DESC);

      -- the board: a subdistrict year's station rows in one index range, with what the board shows beside them
      CREATE INDEX station_years_board_idx ON station_years (assessment_year_id) INCLUDE (station_id, state, late, submitted_at, extended_until);
      -- reminders sent per station: count and last, without touching the heap
      CREATE INDEX notices_station_kind_created_idx ON notices (station_id, year, kind, created_at);
      CREATE INDEX deliveries_notice_status_idx ON deliveries (notice_id, status);
      CREATE INDEX stations_department_idx ON stations (department_id);
      -- decisions and dashboard: a year's events by type and time
      CREATE INDEX events_stream_type_idx ON events (stream_id, type, occurred_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX events_stream_type_idx, stations_department_idx, deliveries_notice_status_idx, notices_station_kind_created_idx,
        station_years_board_idx;
      DROP TABLE exports;
    `);
  }
}
