import { MigrationInterface, QueryRunner } from 'typeorm';
import { BOARD_SUMMARY_REMINDER_KINDS } from './1764300001500-board-summaries';
import { noticesInsertedFunction as previousFunction } from './1764300002500-sweep-keys';

/**
 * The board summary's notices trigger without a sort per station, measured on a December sweep part (10,000 stations,
 * one reminder each; auto_explain): its aggregate took 26 ms, a sort per group for the latest occasion and the sorted
 * set of occasions, and its UPDATE ran a sub-select per row to merge each station's occasions (~20 ms). Almost always
 * a statement's notices carry one occasion per station (a reminder, a release's 抄告 to several recipients): then the
 * latest occasion and the set are that one label, found by min = max; the sorted aggregates run only for stations
 * given several occasions at once. Merging one new label into a row's sorted set appends or prepends it when it sorts
 * after the last or before the first; only a label that falls in between takes the sub-select. Same results.
 */
export class BoardNoticesMerge1764300002700 implements MigrationInterface {
  name = 'BoardNoticesMerge1764300002700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(noticesInsertedFunction());
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(previousFunction());
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
    WHEN cardinality(${x}.occasions) = 1 AND ${b}.occasions[cardinality(${b}.occasions)] < ${x}.occasions[1] COLLATE "C" THEN ${b}.occasions || ${x}.occasions
    WHEN cardinality(${x}.occasions) = 1 AND ${x}.occasions[1] < ${b}.occasions[1] COLLATE "C" THEN ${x}.occasions || ${b}.occasions
    ELSE (SELECT array_agg(DISTINCT o COLLATE "C" ORDER BY o COLLATE "C") FROM unnest(${b}.occasions || ${x}.occasions) o) END`;

/**
 * The statement's new notices per station and year (`x`): counts and times by plain aggregates, the occasions by
 * min = max when a station got one label, else (`several`) by the sorted aggregates; then existing summary rows
 * updated in one UPDATE … FROM, the missing ones inserted (a concurrent insert of the same row merges ON CONFLICT).
 */
const noticesInsertedFunction = () => `
  CREATE OR REPLACE FUNCTION board_summaries_notices_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    WITH per_station AS MATERIALIZED (
      SELECT n.station_id, n.year,
             count(*) FILTER (WHERE n.kind = ANY (${KINDS}))::int AS reminders,
             max(n.created_at) FILTER (WHERE n.kind = ANY (${KINDS})) AS last_reminder_at,
             count(*) FILTER (WHERE n.kind = 'result_notice')::int AS notices_total,
             max(n.created_at) FILTER (WHERE n.occasion_label IS NOT NULL) AS last_notice_at,
             min(n.occasion_label COLLATE "C") AS first_label, max(n.occasion_label COLLATE "C") AS last_label
      FROM new_notices n
      WHERE n.station_id IS NOT NULL
      GROUP BY n.station_id, n.year),
    several AS (
      SELECT n.station_id, n.year,
             (array_agg(n.occasion_label ORDER BY n.created_at DESC, n.occasion_label COLLATE "C" DESC))[1] AS last_occasion,
             array_agg(DISTINCT n.occasion_label COLLATE "C" ORDER BY n.occasion_label COLLATE "C") AS occasions
      FROM new_notices n JOIN per_station p ON p.station_id = n.station_id AND p.year = n.year AND p.first_label <> p.last_label
      WHERE n.occasion_label IS NOT NULL AND EXISTS (SELECT 1 FROM per_station e WHERE e.first_label <> e.last_label)
      GROUP BY n.station_id, n.year),
    x AS (
      SELECT p.station_id, p.year, p.reminders, p.last_reminder_at, p.notices_total, p.last_notice_at,
             CASE WHEN p.first_label = p.last_label THEN p.first_label ELSE s.last_occasion END AS last_occasion,
             CASE WHEN p.first_label = p.last_label THEN ARRAY[p.first_label] ELSE s.occasions END AS occasions
      FROM per_station p LEFT JOIN several s ON s.station_id = p.station_id AND s.year = p.year),
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
