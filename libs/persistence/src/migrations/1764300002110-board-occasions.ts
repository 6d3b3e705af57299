import { MigrationInterface, QueryRunner } from 'typeorm';
import { refreshBoardSummaries } from '../board-summary';
import { BOARD_SUMMARY_REMINDER_KINDS, noticesInsertedFunction } from './1764300001500-board-summaries';

/**
 * The late board shows each station's latest notice occasion (12月15日自评提醒) with its issue time, and filters by
 * occasion: the board summary keeps, for the notices about each station (every kind), the latest occasion label and
 * its instant (latest by issue time, then label, so a statement issuing two at once and a rebuild agree) and the set
 * of occasions it was sent. The notices trigger is replaced to keep them; the summary is then rebuilt (this is the
 * migration that fills it: earlier ones cannot, their code would name columns not yet there).
 */
export class BoardOccasions1764300002110 implements MigrationInterface {
  name = 'BoardOccasions1764300002110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE board_summaries ADD COLUMN last_occasion text, ADD COLUMN last_notice_at timestamptz, ADD COLUMN occasions text[];

      ${BOARD_OCCASIONS_FUNCTION}
    `);
    await refreshBoardSummaries(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ${noticesInsertedFunction('CREATE OR REPLACE')}
      ALTER TABLE board_summaries DROP COLUMN last_occasion, DROP COLUMN last_notice_at, DROP COLUMN occasions;
    `);
  }
}

const KINDS = `ARRAY[${BOARD_SUMMARY_REMINDER_KINDS.map((k) => `'${k}'`).join(', ')}]`;

/** The notices trigger's function as this migration wrote it (1764300002500 replaces it; its down() restores this). */
export const BOARD_OCCASIONS_FUNCTION = `
CREATE OR REPLACE FUNCTION board_summaries_notices_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO board_summaries AS b (station_id, year, reminders, last_reminder_at, notices_total, last_occasion, last_notice_at, occasions)
  SELECT n.station_id, n.year,
         count(*) FILTER (WHERE n.kind = ANY (${KINDS})), max(n.created_at) FILTER (WHERE n.kind = ANY (${KINDS})),
         count(*) FILTER (WHERE n.kind = 'result_notice'),
         (array_agg(n.occasion_label ORDER BY n.created_at DESC, n.occasion_label COLLATE "C" DESC) FILTER (WHERE n.occasion_label IS NOT NULL))[1],
         max(n.created_at) FILTER (WHERE n.occasion_label IS NOT NULL),
         array_agg(DISTINCT n.occasion_label COLLATE "C" ORDER BY n.occasion_label COLLATE "C") FILTER (WHERE n.occasion_label IS NOT NULL)
  FROM new_notices n
  WHERE n.station_id IS NOT NULL
  GROUP BY n.station_id, n.year
  ORDER BY n.station_id, n.year
  ON CONFLICT (station_id, year) DO UPDATE SET reminders = b.reminders + EXCLUDED.reminders,
    last_reminder_at = greatest(b.last_reminder_at, EXCLUDED.last_reminder_at),
    notices_total = b.notices_total + EXCLUDED.notices_total,
    last_occasion = CASE
      WHEN EXCLUDED.last_notice_at IS NULL THEN b.last_occasion
      WHEN b.last_notice_at IS NULL THEN EXCLUDED.last_occasion
      WHEN (EXCLUDED.last_notice_at, EXCLUDED.last_occasion COLLATE "C") > (b.last_notice_at, b.last_occasion COLLATE "C") THEN EXCLUDED.last_occasion
      ELSE b.last_occasion END,
    last_notice_at = greatest(b.last_notice_at, EXCLUDED.last_notice_at),
    occasions = CASE WHEN EXCLUDED.occasions IS NULL THEN b.occasions ELSE (
      SELECT array_agg(DISTINCT o COLLATE "C" ORDER BY o COLLATE "C") FROM unnest(coalesce(b.occasions, '{}') || EXCLUDED.occasions) o) END;
  RETURN NULL;
END $$;
`;
