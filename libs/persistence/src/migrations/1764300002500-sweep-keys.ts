import { MigrationInterface, QueryRunner } from 'typeorm';
import { BOARD_SUMMARY_REMINDER_KINDS } from './1764300001500-board-summaries';
import { BOARD_OCCASIONS_FUNCTION } from './1764300002110-board-occasions';

/**
 * Cheaper writes for the notices a sweep creates (one per station, 20,000 and more at once), measured by
 * bench/sweep.bench.ts:
 * - time-ordered ids (`time_ordered_uuid()`: the first 48 bits are the Unix time in milliseconds, as UUID version 7)
 *   for notices, deliveries and inbox items: a batch's primary-key entries, and the deliveries' (notice_id, channel)
 *   entries, append at the right edge of their indexes instead of landing on random pages;
 * - a notice's identity (kind, occasion, year, recipient, station) is the unique key itself, NULLS NOT DISTINCT
 *   (a coordinator's list has no station), instead of a ~110-byte text column built from the same values and
 *   indexed. Led by (kind, occasion, year), one occasion's notices are one index range: a batch's entries land
 *   together, and "already told?" is a range read or a probe, not a read of every notice of the year;
 * - indexes no query needs at the sweep's cost go: (subdistrict_id, occasion_label) served no query (the occasion
 *   filter compares coalesce(occasion_label, occasion)); (station_id, year, kind, created_at) served only the
 *   result-notice look-ups by station, now a partial index on result notices alone (the sweep's reminders do not
 *   touch it); deliveries (notice_id, status) duplicated the unique (notice_id, channel) for look-ups by notice;
 * - the board summary's notices trigger updates the rows that exist with one UPDATE … FROM (an ON CONFLICT DO UPDATE
 *   per row locked each row first, a second write per row) and inserts only the missing ones; board_summaries keeps
 *   half of each page free (fillfactor 50) so these updates, and the projections', stay on the page (HOT: no
 *   primary-key entry per update).
 */
export class SweepKeys1764300002500 implements MigrationInterface {
  name = 'SweepKeys1764300002500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION time_ordered_uuid() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
        SELECT (lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7' || substr(gen_random_uuid()::text, 16))::uuid
      $$;
      ALTER TABLE notices ALTER COLUMN id SET DEFAULT time_ordered_uuid();
      ALTER TABLE deliveries ALTER COLUMN id SET DEFAULT time_ordered_uuid();
      ALTER TABLE inbox_items ALTER COLUMN id SET DEFAULT time_ordered_uuid();

      CREATE UNIQUE INDEX notices_identity_key ON notices (kind, occasion, year, recipient_type, recipient_id, station_id) NULLS NOT DISTINCT;
      ALTER TABLE notices DROP COLUMN dedupe_key;
      DROP INDEX notices_occasion_label_idx;
      DROP INDEX notices_station_kind_created_idx;
      CREATE INDEX notices_result_station_idx ON notices (station_id, year) WHERE kind = 'result_notice';
      DROP INDEX deliveries_notice_status_idx;

      ALTER TABLE board_summaries SET (fillfactor = 50);
      ${noticesInsertedFunction()}
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ${BOARD_OCCASIONS_FUNCTION}
      ALTER TABLE board_summaries RESET (fillfactor);
      CREATE INDEX deliveries_notice_status_idx ON deliveries (notice_id, status);
      DROP INDEX notices_result_station_idx;
      CREATE INDEX notices_station_kind_created_idx ON notices (station_id, year, kind, created_at);
      CREATE INDEX notices_occasion_label_idx ON notices (subdistrict_id, occasion_label);
      ALTER TABLE notices ADD COLUMN dedupe_key text;
      UPDATE notices SET dedupe_key = coalesce(station_id::text, '-') || '|' || year || '|' || kind || '|' || recipient_type || ':' || recipient_id || '|' || occasion;
      ALTER TABLE notices ALTER COLUMN dedupe_key SET NOT NULL, ADD CONSTRAINT notices_dedupe_key_key UNIQUE (dedupe_key);
      DROP INDEX notices_identity_key;
      ALTER TABLE inbox_items ALTER COLUMN id SET DEFAULT gen_random_uuid();
      ALTER TABLE deliveries ALTER COLUMN id SET DEFAULT gen_random_uuid();
      ALTER TABLE notices ALTER COLUMN id SET DEFAULT gen_random_uuid();
      DROP FUNCTION time_ordered_uuid();
    `);
  }
}

const KINDS = `ARRAY[${BOARD_SUMMARY_REMINDER_KINDS.map((k) => `'${k}'`).join(', ')}]`;

/**
 * A summary row merged with the aggregate `x` of new notices (same columns): counts add up, the latest occasion is the
 * later by (issue time, label in code-point order), the occasions set gains the new labels (kept in code-point order).
 */
const merge = (b: string, x: string) => `reminders = ${b}.reminders + ${x}.reminders,
  last_reminder_at = greatest(${b}.last_reminder_at, ${x}.last_reminder_at),
  notices_total = ${b}.notices_total + ${x}.notices_total,
  last_occasion = CASE
    WHEN ${x}.last_notice_at IS NULL THEN ${b}.last_occasion
    WHEN ${b}.last_notice_at IS NULL THEN ${x}.last_occasion
    WHEN (${x}.last_notice_at, ${x}.last_occasion COLLATE "C") > (${b}.last_notice_at, ${b}.last_occasion COLLATE "C") THEN ${x}.last_occasion
    ELSE ${b}.last_occasion END,
  last_notice_at = greatest(${b}.last_notice_at, ${x}.last_notice_at),
  occasions = CASE WHEN ${x}.occasions IS NULL OR ${b}.occasions @> ${x}.occasions THEN ${b}.occasions WHEN ${b}.occasions IS NULL THEN ${x}.occasions
    ELSE (SELECT array_agg(DISTINCT o COLLATE "C" ORDER BY o COLLATE "C") FROM unnest(${b}.occasions || ${x}.occasions) o) END`;

/**
 * The notices trigger as this migration wrote it (1764300002700 replaces it; its down() restores this): the statement's new notices aggregated per station and year; existing summary rows updated
 * in one UPDATE … FROM, the missing ones inserted (a concurrent insert of the same row merges ON CONFLICT).
 */
export const noticesInsertedFunction = () => `
  CREATE OR REPLACE FUNCTION board_summaries_notices_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    WITH x AS (
      SELECT n.station_id, n.year,
             count(*) FILTER (WHERE n.kind = ANY (${KINDS}))::int AS reminders,
             max(n.created_at) FILTER (WHERE n.kind = ANY (${KINDS})) AS last_reminder_at,
             count(*) FILTER (WHERE n.kind = 'result_notice')::int AS notices_total,
             (array_agg(n.occasion_label ORDER BY n.created_at DESC, n.occasion_label COLLATE "C" DESC) FILTER (WHERE n.occasion_label IS NOT NULL))[1] AS last_occasion,
             max(n.created_at) FILTER (WHERE n.occasion_label IS NOT NULL) AS last_notice_at,
             array_agg(DISTINCT n.occasion_label COLLATE "C" ORDER BY n.occasion_label COLLATE "C") FILTER (WHERE n.occasion_label IS NOT NULL) AS occasions
      FROM new_notices n
      WHERE n.station_id IS NOT NULL
      GROUP BY n.station_id, n.year),
    updated AS (
      UPDATE board_summaries b SET ${merge('b', 'x')}
      FROM x WHERE b.station_id = x.station_id AND b.year = x.year
      RETURNING b.station_id, b.year)
    INSERT INTO board_summaries AS b (station_id, year, reminders, last_reminder_at, notices_total, last_occasion, last_notice_at, occasions)
    SELECT x.station_id, x.year, x.reminders, x.last_reminder_at, x.notices_total, x.last_occasion, x.last_notice_at, x.occasions
    -- the rows the UPDATE did not find (absent from the same snapshot); the count comparison, a one-time filter,
    -- skips the probes when every row existed: the usual case
    FROM x WHERE (SELECT count(*) FROM updated) < (SELECT count(*) FROM x)
      AND NOT EXISTS (SELECT 1 FROM board_summaries e WHERE e.station_id = x.station_id AND e.year = x.year)
    ORDER BY x.station_id, x.year
    ON CONFLICT (station_id, year) DO UPDATE SET ${merge('b', 'EXCLUDED')};
    RETURN NULL;
  END $$;`;
