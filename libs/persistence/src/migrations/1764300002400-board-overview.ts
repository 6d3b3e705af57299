import { MigrationInterface, QueryRunner } from 'typeorm';
import { STATION_STATES } from '@app/assessment/domain';
import { OVERVIEW_ITEM_BUCKETS, refreshBoardOverview } from '../board-overview';

/** A state set of the station machine as a SQL array literal (the names come from the domain, rule 10). */
const states = (set: readonly string[]) => `ARRAY[${set.map((s) => `'${s}'`).join(', ')}]::text[]`;

/** `t` for month m: bits 1 … m set (months 1 … m all recorded or waived). */
const through = (m: number) => (1 << (m + 1)) - 2;
const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/**
 * The whole-set overview's read model (libs/persistence/src/board-overview.ts): per subdistrict and calendar year,
 * time-independent counters over its stations, from which the overview derives at any `now` what the late board's
 * totals show (libs/reporting/src/board/overview-figures.ts).
 *
 * Kept exact in the writers' transactions by row-level triggers on `station_years` and `board_summaries`, each
 * with a WHEN on the columns the counters read, so a writer touching only others (the December sweep's reminders
 * and occasions, a command's version bump) pays no function call. They copy what changed into the station's row
 * of `board_overview_stations` (every input of its contribution in one row); a trigger there computes the
 * contribution before and after and applies the difference with one UPDATE of the subdistrict's row. The grand
 * totals are the sum of the year's subdistrict rows at read time: a per-year totals row kept here too was updated by
 * every counted write, and a bulk transaction of N stations walked its ever longer chain of row versions N times
 * (quadratic: a 60,000-station load did not finish in 3 minutes), besides a second wide UPDATE per command. The
 * refresh (`refreshBoardOverview`, after `refreshBoardSummaries`) rebuilds them set-based; while it runs it sets
 * `board_overview.deferred` so the triggers skip the rows it rewrites anyway (bulk loads do the same).
 *
 * Row by row suits the writers, whose transactions touch one subdistrict (commands, the sweep's per-subdistrict
 * deadline) or a delivery batch: a subdistrict's row is updated at most a few times per station in a transaction.
 *
 * The self-assessment class of a station (board_overview_sa_class) is the late board's selfAssessmentStatus with
 * the time-dependent tests left out: 'pending_*' stations become overdue at the deadline, 'extended' ones when
 * their extension lapses. The state sets are the domain's when this migration ran; the overview e2e test holds
 * the figures equal to the board's, so a change of the sets shows there and needs a migration replacing it.
 */
export class BoardOverview1764300002400 implements MigrationInterface {
  name = 'BoardOverview1764300002400';

  async up(q: QueryRunner): Promise<void> {
    const S = STATION_STATES;
    await q.query(`
      CREATE TABLE board_overview (
        subdistrict_id    uuid NOT NULL REFERENCES subdistricts(id),
        year              integer NOT NULL,
        name              text NOT NULL,
        policy_version    text NOT NULL,
        ${COUNTER_COLUMNS}
        -- the extension ends of the stations extended and not submitted (sorted, with repeats)
        extended_until    timestamptz[] NOT NULL DEFAULT '{}',
        -- the "most behind first" key: minus the stations not yet submitted
        behind            integer GENERATED ALWAYS AS (sa_submitted + sa_submitted_late - stations) STORED,
        PRIMARY KEY (subdistrict_id, year)
      ) WITH (fillfactor = 70); -- counters updated in place: room on the page for the new version (HOT)
      CREATE INDEX board_overview_by_name ON board_overview (year, name, subdistrict_id);
      CREATE INDEX board_overview_by_behind ON board_overview (year, behind, name, subdistrict_id);

      CREATE FUNCTION board_overview_sa_class(state text, late boolean, submitted_at timestamptz, extended_until timestamptz, sa_status text)
      RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE
          WHEN submitted_at IS NOT NULL OR sa_status = 'submitted' OR state = ANY (${states(S.submitted)}) THEN
            CASE WHEN late OR state = ANY (${states(S.submittedLate)}) THEN 'submitted_late' ELSE 'submitted' END
          WHEN state = ANY (${states(S.extended)}) AND extended_until IS NOT NULL THEN 'extended'
          WHEN state = ANY (${states(S.late)}) OR late OR state = ANY (${states(S.scoringOrLater)}) THEN 'overdue'
          WHEN sa_status = 'draft' THEN 'pending_draft'
          ELSE 'pending' END
      $$;

      -- the multiset a without one occurrence of del, with ins (either may be null), sorted
      CREATE FUNCTION board_overview_ext(a timestamptz[], del timestamptz, ins timestamptz) RETURNS timestamptz[] LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(array_agg(x ORDER BY x), '{}') FROM (
          SELECT x FROM unnest(a) WITH ORDINALITY u(x, i) WHERE i IS DISTINCT FROM (CASE WHEN del IS NOT NULL THEN array_position(a, del) END)
          UNION ALL SELECT ins WHERE ins IS NOT NULL) t
      $$;

      -- one station's contribution before (o_*) and after (n_*) a change, applied as a difference (o_on / n_on: the
      -- station counts, i.e. it has a station-year)
      CREATE FUNCTION board_overview_apply(sd uuid, yr integer, pv text,
          o_on boolean, o_cls text, o_ext timestamptz, o_mask integer, o_items integer, o_nt integer, o_nd integer, o_nf integer,
          n_on boolean, n_cls text, n_ext timestamptz, n_mask integer, n_items integer, n_nt integer, n_nd integer, n_nf integer)
      RETURNS void LANGUAGE plpgsql AS $$
      ${APPLY_DECLARE}
      BEGIN
        ${APPLY_BODY}
      END $$;

      -- one row per station-year with every input of its contribution, from both tables: a command changes a
      -- station-year and its summary in one statement, and a trigger on either alone would pair one table's new
      -- row with the other's new row on both sides of the difference; here every row version is whole, so the
      -- differences of its successive versions add up to the last one's contribution
      CREATE TABLE board_overview_stations (
        station_id         uuid NOT NULL,
        year               integer NOT NULL,
        subdistrict_id     uuid NOT NULL,
        policy_version     text NOT NULL, -- the year's (never changes once opened)
        state              text NOT NULL,
        late               boolean NOT NULL,
        submitted_at       timestamptz,
        extended_until     timestamptz,
        sa_status          text,
        months_mask        integer NOT NULL DEFAULT 0,
        items_scored       integer NOT NULL DEFAULT 0,
        notices_total      integer NOT NULL DEFAULT 0,
        notices_delivered  integer NOT NULL DEFAULT 0,
        notices_failed     integer NOT NULL DEFAULT 0,
        PRIMARY KEY (station_id, year)
      ) WITH (fillfactor = 80);

      CREATE FUNCTION board_overview_station_years() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          DELETE FROM board_overview_stations WHERE station_id = OLD.station_id AND year = OLD.year;
        ELSIF TG_OP = 'UPDATE' AND OLD.station_id = NEW.station_id AND OLD.year = NEW.year THEN
          UPDATE board_overview_stations SET subdistrict_id = NEW.subdistrict_id, state = NEW.state,
            policy_version = CASE WHEN OLD.assessment_year_id = NEW.assessment_year_id THEN policy_version
              ELSE (SELECT y.policy_version FROM assessment_years y WHERE y.id = NEW.assessment_year_id) END,
            late = NEW.late, submitted_at = NEW.submitted_at, extended_until = NEW.extended_until
          WHERE station_id = NEW.station_id AND year = NEW.year;
        ELSE
          IF TG_OP = 'UPDATE' THEN DELETE FROM board_overview_stations WHERE station_id = OLD.station_id AND year = OLD.year; END IF;
          INSERT INTO board_overview_stations AS o (station_id, year, subdistrict_id, policy_version, state, late, submitted_at, extended_until,
                                                    sa_status, months_mask, items_scored, notices_total, notices_delivered, notices_failed)
          SELECT NEW.station_id, NEW.year, NEW.subdistrict_id, (SELECT y.policy_version FROM assessment_years y WHERE y.id = NEW.assessment_year_id),
                 NEW.state, NEW.late, NEW.submitted_at, NEW.extended_until,
                 b.sa_status, coalesce(b.months_mask, 0) | coalesce(b.months_waived, 0), coalesce(b.items_scored, 0),
                 coalesce(b.notices_total, 0), coalesce(b.notices_delivered, 0), coalesce(b.notices_failed, 0)
          FROM (SELECT 1) one LEFT JOIN board_summaries b ON b.station_id = NEW.station_id AND b.year = NEW.year
          ON CONFLICT (station_id, year) DO UPDATE SET subdistrict_id = EXCLUDED.subdistrict_id, policy_version = EXCLUDED.policy_version,
            state = EXCLUDED.state, late = EXCLUDED.late, submitted_at = EXCLUDED.submitted_at, extended_until = EXCLUDED.extended_until;
        END IF;
        RETURN NULL;
      END $$;

      -- the summary's columns, as they are now (a station without a station-year has no row here: nothing to do)
      CREATE FUNCTION board_overview_summaries() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          UPDATE board_overview_stations SET sa_status = NULL, months_mask = 0, items_scored = 0, notices_total = 0, notices_delivered = 0, notices_failed = 0
          WHERE station_id = OLD.station_id AND year = OLD.year;
        ELSE
          UPDATE board_overview_stations SET sa_status = NEW.sa_status, months_mask = NEW.months_mask | NEW.months_waived, items_scored = NEW.items_scored,
            notices_total = NEW.notices_total, notices_delivered = NEW.notices_delivered, notices_failed = NEW.notices_failed
          WHERE station_id = NEW.station_id AND year = NEW.year;
        END IF;
        RETURN NULL;
      END $$;

      -- the common case inline (board_overview_apply's body without the call: a statement and a call fewer per write)
      CREATE FUNCTION board_overview_contribution() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        sd uuid; yr integer; pv text;
        o_on boolean := TG_OP <> 'INSERT'; o_cls text; o_ext timestamptz; o_mask integer; o_items integer; o_nt integer; o_nd integer; o_nf integer;
        n_on boolean := TG_OP <> 'DELETE'; n_cls text; n_ext timestamptz; n_mask integer; n_items integer; n_nt integer; n_nd integer; n_nf integer;
        ${APPLY_DECLARE.replace('DECLARE', '')}
      BEGIN
        IF TG_OP = 'UPDATE' AND (OLD.subdistrict_id, OLD.year, OLD.policy_version) IS DISTINCT FROM (NEW.subdistrict_id, NEW.year, NEW.policy_version) THEN
          -- moved (never, in practice): out of the old row, into the new
          PERFORM board_overview_apply(OLD.subdistrict_id, OLD.year, OLD.policy_version, true, ${side('OLD')}, false, ${side('NEW')});
          PERFORM board_overview_apply(NEW.subdistrict_id, NEW.year, NEW.policy_version, false, ${side('OLD')}, true, ${side('NEW')});
          RETURN NULL;
        END IF;
        IF o_on THEN
          sd := OLD.subdistrict_id; yr := OLD.year; pv := OLD.policy_version;
          o_cls := board_overview_sa_class(OLD.state, OLD.late, OLD.submitted_at, OLD.extended_until, OLD.sa_status); o_ext := OLD.extended_until;
          o_mask := OLD.months_mask; o_items := OLD.items_scored; o_nt := OLD.notices_total; o_nd := OLD.notices_delivered; o_nf := OLD.notices_failed;
        END IF;
        IF n_on THEN
          sd := NEW.subdistrict_id; yr := NEW.year; pv := NEW.policy_version;
          n_cls := board_overview_sa_class(NEW.state, NEW.late, NEW.submitted_at, NEW.extended_until, NEW.sa_status); n_ext := NEW.extended_until;
          n_mask := NEW.months_mask; n_items := NEW.items_scored; n_nt := NEW.notices_total; n_nd := NEW.notices_delivered; n_nf := NEW.notices_failed;
        END IF;
        ${APPLY_BODY}
        RETURN NULL;
      END $$;

      CREATE TRIGGER board_overview_sy_insert AFTER INSERT ON station_years FOR EACH ROW
        WHEN (${LIVE}) EXECUTE FUNCTION board_overview_station_years();
      CREATE TRIGGER board_overview_sy_update AFTER UPDATE ON station_years FOR EACH ROW
        WHEN (${LIVE} AND (OLD.state IS DISTINCT FROM NEW.state OR OLD.late IS DISTINCT FROM NEW.late
              OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at OR OLD.extended_until IS DISTINCT FROM NEW.extended_until
              OR OLD.subdistrict_id IS DISTINCT FROM NEW.subdistrict_id OR OLD.assessment_year_id IS DISTINCT FROM NEW.assessment_year_id
              OR OLD.year IS DISTINCT FROM NEW.year OR OLD.station_id IS DISTINCT FROM NEW.station_id))
        EXECUTE FUNCTION board_overview_station_years();
      CREATE TRIGGER board_overview_sy_delete AFTER DELETE ON station_years FOR EACH ROW
        WHEN (${LIVE}) EXECUTE FUNCTION board_overview_station_years();

      CREATE TRIGGER board_overview_bs_insert AFTER INSERT ON board_summaries FOR EACH ROW
        WHEN (${LIVE} AND (NEW.sa_status IS NOT NULL OR NEW.months_mask <> 0 OR NEW.months_waived <> 0 OR NEW.items_scored <> 0
              OR NEW.notices_total <> 0 OR NEW.notices_delivered <> 0 OR NEW.notices_failed <> 0))
        EXECUTE FUNCTION board_overview_summaries();
      CREATE TRIGGER board_overview_bs_update AFTER UPDATE ON board_summaries FOR EACH ROW
        WHEN (${LIVE} AND (OLD.sa_status IS DISTINCT FROM NEW.sa_status OR OLD.months_mask <> NEW.months_mask OR OLD.months_waived <> NEW.months_waived
              OR OLD.items_scored <> NEW.items_scored OR OLD.notices_total <> NEW.notices_total OR OLD.notices_delivered <> NEW.notices_delivered
              OR OLD.notices_failed <> NEW.notices_failed))
        EXECUTE FUNCTION board_overview_summaries();
      CREATE TRIGGER board_overview_bs_delete AFTER DELETE ON board_summaries FOR EACH ROW
        WHEN (${LIVE} AND (OLD.sa_status IS NOT NULL OR OLD.months_mask <> 0 OR OLD.months_waived <> 0 OR OLD.items_scored <> 0
              OR OLD.notices_total <> 0 OR OLD.notices_delivered <> 0 OR OLD.notices_failed <> 0))
        EXECUTE FUNCTION board_overview_summaries();

      CREATE TRIGGER board_overview_contribution_insert AFTER INSERT ON board_overview_stations FOR EACH ROW
        WHEN (${LIVE}) EXECUTE FUNCTION board_overview_contribution();
      CREATE TRIGGER board_overview_contribution_update AFTER UPDATE ON board_overview_stations FOR EACH ROW
        WHEN (${LIVE} AND OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION board_overview_contribution();
      CREATE TRIGGER board_overview_contribution_delete AFTER DELETE ON board_overview_stations FOR EACH ROW
        WHEN (${LIVE}) EXECUTE FUNCTION board_overview_contribution();

      -- the overview lists subdistricts by name: a rename follows
      CREATE FUNCTION board_overview_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE board_overview SET name = NEW.name WHERE subdistrict_id = NEW.id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER board_overview_subdistrict_renamed AFTER UPDATE OF name ON subdistricts FOR EACH ROW
        WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION board_overview_renamed();
    `);
    await refreshBoardOverview(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER board_overview_subdistrict_renamed ON subdistricts;
      DROP TRIGGER board_overview_sy_insert ON station_years;
      DROP TRIGGER board_overview_sy_update ON station_years;
      DROP TRIGGER board_overview_sy_delete ON station_years;
      DROP TRIGGER board_overview_bs_insert ON board_summaries;
      DROP TRIGGER board_overview_bs_update ON board_summaries;
      DROP TRIGGER board_overview_bs_delete ON board_summaries;
      DROP TABLE board_overview_stations;
      DROP FUNCTION board_overview_renamed(), board_overview_summaries(), board_overview_station_years(), board_overview_contribution(),
        board_overview_apply(uuid, integer, text, boolean, text, timestamptz, integer, integer, integer, integer, integer, boolean, text, timestamptz, integer, integer, integer, integer, integer),
        board_overview_ext(timestamptz[], timestamptz, timestamptz),
        board_overview_sa_class(text, boolean, timestamptz, timestamptz, text);
      DROP TABLE board_overview;
    `);
  }
}

/** Items-scored buckets kept (it_0 … it_15): the overview reads those below a policy's item count. */
const ITEM_BUCKETS = OVERVIEW_ITEM_BUCKETS;
const ITEMS = Array.from({ length: ITEM_BUCKETS }, (_, k) => k);

/** The counters of a subdistrict's row. */
const COUNTER_COLUMNS = `
        stations          integer NOT NULL DEFAULT 0,
        sa_submitted      integer NOT NULL DEFAULT 0,
        sa_submitted_late integer NOT NULL DEFAULT 0,
        sa_overdue        integer NOT NULL DEFAULT 0,
        sa_pending_draft  integer NOT NULL DEFAULT 0,
        sa_pending        integer NOT NULL DEFAULT 0,
        -- mc_m: stations with month m recorded or waived; mt_m: with months 1 … m all recorded or waived
        ${MONTHS.map((m) => `mc_${m} integer NOT NULL DEFAULT 0, mt_${m} integer NOT NULL DEFAULT 0,`).join(' ')}
        -- it_k: stations with k items scored (k below ${ITEM_BUCKETS}; a rubric of more items needs more columns)
        ${ITEMS.map((k) => `it_${k} integer NOT NULL DEFAULT 0,`).join(' ')}
        notices_total     integer NOT NULL DEFAULT 0,
        notices_delivered integer NOT NULL DEFAULT 0,
        notices_failed    integer NOT NULL DEFAULT 0,`;

/**
 * board_overview_apply's difference on those counters (its variables o, n, o_*, n_*): one UPDATE of the subdistrict's row, the
 * month and item columns only when they change (evaluating all forty on every change cost more than the rest of
 * the trigger), so a command recording a month, scoring an item or changing a station's class pays for its own.
 */
function deltaUpdate(): string {
  const core = [
    'stations = stations + n - o',
    ...['submitted', 'submitted_late', 'overdue', 'pending_draft', 'pending'].map((c) => `sa_${c} = sa_${c} + (n_on AND n_cls = '${c}')::int - (o_on AND o_cls = '${c}')::int`),
    ...['total', 'delivered', 'failed'].map((c) => `notices_${c} = notices_${c} + n * n_n${c[0]} - o * o_n${c[0]}`),
  ];
  // o and n are 1 here: the station counts on both sides
  const months = MONTHS.flatMap((m) => [
    `mc_${m} = mc_${m} + ((n_mask >> ${m}) & 1) - ((o_mask >> ${m}) & 1)`,
    `mt_${m} = mt_${m} + ((n_mask & ${through(m)}) = ${through(m)})::int - ((o_mask & ${through(m)}) = ${through(m)})::int`,
  ]);
  const items = ITEMS.map((k) => `it_${k} = it_${k} + (n_items = ${k})::int - (o_items = ${k})::int`);
  const all = [
    ...core,
    ...MONTHS.flatMap((m) => [
      `mc_${m} = mc_${m} + n * ((n_mask >> ${m}) & 1) - o * ((o_mask >> ${m}) & 1)`,
      `mt_${m} = mt_${m} + n * ((n_mask & ${through(m)}) = ${through(m)})::int - o * ((o_mask & ${through(m)}) = ${through(m)})::int`,
    ]),
    ...ITEMS.map((k) => `it_${k} = it_${k} + n * (n_items = ${k})::int - o * (o_items = ${k})::int`),
  ];
  const update = (sets: string[]) => `UPDATE board_overview SET ${sets.join(',\n            ')},${EXTENDED_UNTIL}\n          WHERE subdistrict_id = sd AND year = yr;`;
  return `IF o <> n OR (o_mask <> n_mask AND o_items <> n_items) THEN
          ${update(all)}
        ELSIF o_mask <> n_mask THEN
          ${update([...core, ...months])}
        ELSIF o_items <> n_items THEN
          ${update([...core, ...items])}
        ELSE
          ${update(core)}
        END IF;`;
}

const EXTENDED_UNTIL = `
            extended_until = CASE WHEN del IS NOT DISTINCT FROM ins THEN extended_until ELSE board_overview_ext(extended_until, del, ins) END`;

/** board_overview_apply's variables (its parameters: sd, yr, pv and the o_* / n_* sides). */
const APPLY_DECLARE = `DECLARE
        o integer;
        n integer;
        del timestamptz;
        ins timestamptz;`;

/** board_overview_apply's body: one station's contribution before (o_*) and after (n_*), applied as a difference. */
const APPLY_BODY = `o := o_on::int;
        n := n_on::int;
        del := CASE WHEN o_on AND o_cls = 'extended' THEN o_ext END;
        ins := CASE WHEN n_on AND n_cls = 'extended' THEN n_ext END;
        -- a side that does not count (an insert's old, a delete's new) is all nulls: make it zeros
        IF NOT o_on THEN o_mask := 0; o_items := 0; o_nt := 0; o_nd := 0; o_nf := 0; END IF;
        IF NOT n_on THEN n_mask := 0; n_items := 0; n_nt := 0; n_nd := 0; n_nf := 0; END IF;
        IF del IS NOT DISTINCT FROM ins THEN del := NULL; ins := NULL; END IF; -- the same extension on both sides
        ${deltaUpdate()}
        IF NOT FOUND THEN
          INSERT INTO board_overview (subdistrict_id, year, name, policy_version)
          VALUES (sd, yr, (SELECT s.name FROM subdistricts s WHERE s.id = sd), pv)
          ON CONFLICT DO NOTHING;
          ${deltaUpdate()}
        END IF;`;

/** One side of board_overview_apply's arguments from a board_overview_stations record (OLD or NEW). */
function side(r: string): string {
  return `board_overview_sa_class(${r}.state, ${r}.late, ${r}.submitted_at, ${r}.extended_until, ${r}.sa_status), ${r}.extended_until,
    ${r}.months_mask, ${r}.items_scored, ${r}.notices_total, ${r}.notices_delivered, ${r}.notices_failed`;
}

/** The triggers' common condition: not while the refresh rewrites the summaries and rebuilds the overview itself. */
const LIVE = `current_setting('board_overview.deferred', true) IS DISTINCT FROM 'on'`;
