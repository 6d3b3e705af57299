import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The board summary read model (libs/persistence/src/board-summary.ts): one row per station and year, so the late
 * board — one subdistrict or every station of the year — reads one row per station instead of aggregating month
 * records, scores, notices and deliveries per request.
 *
 * The notice columns are kept by statement-level triggers with transition tables (one set-based statement per
 * writing statement, not per row), whoever writes `notices` and `deliveries`:
 * - a new reminder or result notice counts up its station's row (inserts only: notices are never deleted);
 * - a delivery inserted or updated recounts the delivered / failed result notices of the stations concerned, after
 *   locking their summary rows (two workers finishing deliveries of one station in parallel: the second recounts
 *   once the first has committed, so neither count is lost).
 * The kinds below are the board's REMINDER_KINDS and RESULT_NOTICE_KIND when this migration was written (a test
 * compares them); a change of kinds needs a migration that replaces these functions.
 */
export class BoardSummaries1764300001500 implements MigrationInterface {
  name = 'BoardSummaries1764300001500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE board_summaries (
        station_id        uuid NOT NULL,
        year              integer NOT NULL,
        sa_status         text,
        months_mask       integer NOT NULL DEFAULT 0,
        -- month m's recording instant (its special section) in epoch milliseconds; NULL while not recorded
        ${Array.from({ length: 12 }, (_, i) => `m${i + 1}_ms double precision,`).join(' ')}
        items_scored      integer NOT NULL DEFAULT 0,
        scored_roles      text[],
        last_scored_at    timestamptz,
        reminders         integer NOT NULL DEFAULT 0,
        last_reminder_at  timestamptz,
        notices_total     integer NOT NULL DEFAULT 0,
        notices_delivered integer NOT NULL DEFAULT 0,
        notices_failed    integer NOT NULL DEFAULT 0,
        PRIMARY KEY (station_id, year)
      );

      ${noticesInsertedFunction('CREATE')}
      CREATE TRIGGER board_summaries_notices AFTER INSERT ON notices
        REFERENCING NEW TABLE AS new_notices FOR EACH STATEMENT EXECUTE FUNCTION board_summaries_notices_inserted();

      CREATE FUNCTION board_summaries_deliveries_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM board_summaries b
          WHERE (b.station_id, b.year) IN (
            SELECT n.station_id, n.year FROM new_deliveries d JOIN notices n ON n.id = d.notice_id WHERE n.kind = 'result_notice')
          ORDER BY b.station_id, b.year FOR UPDATE OF b;
        IF NOT FOUND THEN RETURN NULL; END IF;
        UPDATE board_summaries b SET notices_delivered = x.delivered, notices_failed = x.failed
        FROM (
          SELECT t.station_id, t.year,
                 count(*) FILTER (WHERE dl.delivered)::int AS delivered, count(*) FILTER (WHERE dl.failed)::int AS failed
          FROM (SELECT DISTINCT n.station_id, n.year FROM new_deliveries d JOIN notices n ON n.id = d.notice_id
                WHERE n.kind = 'result_notice' AND n.station_id IS NOT NULL) t
          JOIN notices n ON n.station_id = t.station_id AND n.year = t.year AND n.kind = 'result_notice'
          LEFT JOIN LATERAL (
            SELECT bool_or(d.status = 'delivered') AS delivered, bool_or(d.status = 'failed') AS failed
            FROM deliveries d WHERE d.notice_id = n.id
          ) dl ON true
          GROUP BY t.station_id, t.year
        ) x
        WHERE b.station_id = x.station_id AND b.year = x.year;
        RETURN NULL;
      END $$;
      CREATE TRIGGER board_summaries_deliveries_inserted AFTER INSERT ON deliveries
        REFERENCING NEW TABLE AS new_deliveries FOR EACH STATEMENT EXECUTE FUNCTION board_summaries_deliveries_changed();
      CREATE TRIGGER board_summaries_deliveries_updated AFTER UPDATE ON deliveries
        REFERENCING NEW TABLE AS new_deliveries FOR EACH STATEMENT EXECUTE FUNCTION board_summaries_deliveries_changed();
    `);
    // filled by the latest migration that changes the summary's columns (1764300002110): this code names them all
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER board_summaries_deliveries_updated ON deliveries;
      DROP TRIGGER board_summaries_deliveries_inserted ON deliveries;
      DROP TRIGGER board_summaries_notices ON notices;
      DROP FUNCTION board_summaries_deliveries_changed();
      DROP FUNCTION board_summaries_notices_inserted();
      DROP TABLE board_summaries;
    `);
  }
}

/** The reminder kinds as the triggers were written with them (see BOARD_SUMMARY_REMINDER_KINDS' test). */
export const BOARD_SUMMARY_REMINDER_KINDS = ['reminder', 'monthly_record_reminder', 'self_assessment_reminder', 'overdue_notice'];
const KINDS = `ARRAY[${BOARD_SUMMARY_REMINDER_KINDS.map((k) => `'${k}'`).join(', ')}]`;

/** The notices trigger's function as this migration wrote it (1764300002110 replaces it; its down() restores this). */
export const noticesInsertedFunction = (create: 'CREATE' | 'CREATE OR REPLACE') => `
  ${create} FUNCTION board_summaries_notices_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO board_summaries AS b (station_id, year, reminders, last_reminder_at, notices_total)
    SELECT n.station_id, n.year,
           count(*) FILTER (WHERE n.kind = ANY (${KINDS})), max(n.created_at) FILTER (WHERE n.kind = ANY (${KINDS})),
           count(*) FILTER (WHERE n.kind = 'result_notice')
    FROM new_notices n
    WHERE n.station_id IS NOT NULL AND (n.kind = ANY (${KINDS}) OR n.kind = 'result_notice')
    GROUP BY n.station_id, n.year
    ORDER BY n.station_id, n.year
    ON CONFLICT (station_id, year) DO UPDATE SET reminders = b.reminders + EXCLUDED.reminders,
      last_reminder_at = greatest(b.last_reminder_at, EXCLUDED.last_reminder_at),
      notices_total = b.notices_total + EXCLUDED.notices_total;
    RETURN NULL;
  END $$;`;
