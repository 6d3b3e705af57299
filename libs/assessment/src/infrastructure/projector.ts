/**
 * Projections (read models) from events. The live path applies each event here in the command's transaction;
 * a rebuild truncates the projection tables and replays every event through the same functions, so a rebuild
 * equals the live state by construction.
 */
import type { NewEvent, StoredEvent } from '@app/persistence';
import { epochMsSql, readEvents, refreshBoardSummaries, runStep, SUMMARY_AFTER } from '@app/persistence';
import type { Queryable, WriteStep } from '@app/persistence';

/** The writes an event makes to the projections, in order (every kind but ResultsComputed: one statement). */
type Projection = (e: NewEvent) => WriteStep[];

export const PROJECTION_TABLES = [
  'month_records', 'recognitions', 'self_assessments', 'item_scores', 'grade_adjustments', 'station_results', 'year_results',
  'objections',
];

const projections: Record<string, Projection> = {
  MonthRecorded(e) {
    const p = e.payload as any;
    const section = p.section === 'daily' ? 'daily' : 'special';
    return [{
      with: [['up', `
         INSERT INTO month_records (station_year_id, month, ${section}, ${section}_recorded_at, corrections, updated_at)
         VALUES ($1, $2, $3, $4, $5, $4)
         ON CONFLICT (station_year_id, month) DO UPDATE SET ${section} = EXCLUDED.${section},
           ${section}_recorded_at = EXCLUDED.${section}_recorded_at,
           corrections = month_records.corrections + EXCLUDED.corrections, updated_at = EXCLUDED.updated_at
         RETURNING station_year_id, special IS NOT NULL AS has_special, ${epochMsSql('special_recorded_at')} AS at`]],
      sql: SUMMARY_AFTER.month(Number(p.month)),
      params: [p.stationYearId, p.month, JSON.stringify(p.data), e.occurredAt, p.correction ? 1 : 0],
    }];
  },

  MonthsWaived(e) {
    const p = e.payload as any;
    return [{
      with: [['up', `
         INSERT INTO month_records (station_year_id, month, waiver, updated_at) SELECT $1, m, $3, $4 FROM unnest($2::int[]) AS m
         ON CONFLICT (station_year_id, month) DO UPDATE SET waiver = EXCLUDED.waiver, updated_at = EXCLUDED.updated_at
         RETURNING station_year_id, month`]],
      sql: SUMMARY_AFTER.waived,
      params: [p.stationYearId, p.months, JSON.stringify({ reason: e.reason, by: e.actorId, at: e.occurredAt }), e.occurredAt],
    }];
  },

  RecognitionAdded(e) {
    const p = e.payload as any;
    return [{
      sql: `INSERT INTO recognitions (id, station_year_id, level, title, issuer, recognised_on, evidence, status, created_at, evidence_file)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9)`,
      params: [p.recognitionId, p.stationYearId, p.level, p.title, p.issuer, p.recognisedOn, p.evidence, e.occurredAt, p.evidenceFile ?? null],
    }];
  },

  RecognitionVerified: (e) => decideRecognition(e, 'verified'),
  RecognitionRefused: (e) => decideRecognition(e, 'refused'),
  SelfAssessmentDraftSaved: (e) => saveSelfAssessment(e, 'draft'),
  SelfAssessmentSubmitted: (e) => saveSelfAssessment(e, 'submitted'),

  ItemScored(e) {
    const p = e.payload as any;
    return [{
      with: [['up', `
         INSERT INTO item_scores (station_year_id, item_key, tenths, comment, scored_by, scored_role, scored_at, suggested_tenths, departure_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (station_year_id, item_key) DO UPDATE SET tenths = EXCLUDED.tenths, comment = EXCLUDED.comment,
           scored_by = EXCLUDED.scored_by, scored_role = EXCLUDED.scored_role, scored_at = EXCLUDED.scored_at,
           suggested_tenths = EXCLUDED.suggested_tenths, departure_reason = EXCLUDED.departure_reason
         RETURNING station_year_id, item_key, scored_role, scored_at`]],
      sql: SUMMARY_AFTER.score,
      params: [p.stationYearId, p.itemKey, p.tenths, p.comment ?? null, e.actorId, e.actorRole, e.occurredAt, p.suggestedTenths ?? null, p.departureReason ?? null],
    }];
  },

  GradeAdjusted(e) {
    const p = e.payload as any;
    return [{
      sql: `INSERT INTO grade_adjustments (station_year_id, staff_id, grade, reason, set_by, set_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (station_year_id, staff_id) DO UPDATE SET grade = EXCLUDED.grade, reason = EXCLUDED.reason,
         set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at`,
      params: [p.stationYearId, p.staffId, p.grade, e.reason, e.actorId, e.occurredAt],
    }];
  },

  ObjectionFiled(e) {
    const p = e.payload as any;
    return [{
      sql: `INSERT INTO objections (id, assessment_year_id, station_id, text, status, filed_by, filed_at) VALUES ($1, $2, $3, $4, 'open', $5, $6)`,
      params: [p.objectionId, p.assessmentYearId, p.stationId, p.text, e.actorId, e.occurredAt],
    }];
  },

  ObjectionAnswered(e) {
    const p = e.payload as any;
    return [{
      sql: `UPDATE objections SET status = $2, answer = $3, answered_by = $4, answered_at = $5 WHERE id = $1`,
      params: [p.objectionId, p.upheld ? 'upheld' : 'dismissed', e.reason, e.actorId, e.occurredAt],
    }];
  },

  ResultsComputed(e) {
    const p = e.payload as any;
    const steps: WriteStep[] = [{ sql: `DELETE FROM station_results WHERE assessment_year_id = $1`, params: [p.assessmentYearId] }];
    const cols = 14;
    const values: unknown[] = [];
    const rows = (p.stations as any[]).map((s, i) => {
      values.push(s.stationYearId, p.assessmentYearId, s.daily, s.special, s.innovation, s.total, s.rank, s.position,
        s.grade, s.quotaDemoted, s.bonusYuan, JSON.stringify(s.persons), JSON.stringify(s.explanation), e.occurredAt);
      return `(${Array.from({ length: cols }, (_, j) => `$${i * cols + j + 1}`).join(', ')})`;
    });
    if (rows.length) {
      steps.push({
        sql: `INSERT INTO station_results (station_year_id, assessment_year_id, daily, special, innovation, total, rank,
           position, grade, quota_demoted, bonus_yuan, persons, explanation, computed_at) VALUES ${rows.join(', ')}`,
        params: values,
      });
    }
    steps.push({
      sql: `INSERT INTO year_results (assessment_year_id, excellent_quota, station_count, budget_yuan, awards, recommendations, computed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (assessment_year_id) DO UPDATE SET excellent_quota = EXCLUDED.excellent_quota,
         station_count = EXCLUDED.station_count, budget_yuan = EXCLUDED.budget_yuan, awards = EXCLUDED.awards,
         recommendations = EXCLUDED.recommendations, computed_at = EXCLUDED.computed_at`,
      params: [p.assessmentYearId, p.excellentQuota, p.stationCount, p.budgetYuan, JSON.stringify(p.awards),
        JSON.stringify(p.recommendations), e.occurredAt],
    });
    return steps;
  },
};

function decideRecognition(e: NewEvent, status: 'verified' | 'refused'): WriteStep[] {
  const p = e.payload as any;
  return [{
    sql: `UPDATE recognitions SET status = $2, decided_by = $3, decision_reason = $4 WHERE id = $1`,
    params: [p.recognitionId, status, e.actorId, e.reason ?? null],
  }];
}

function saveSelfAssessment(e: NewEvent, status: 'draft' | 'submitted'): WriteStep[] {
  const p = e.payload as any;
  return [{
    with: [['up', `
       INSERT INTO self_assessments (station_year_id, status, scores, justifications, report, saved_at, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (station_year_id) DO UPDATE SET status = EXCLUDED.status, scores = EXCLUDED.scores,
         justifications = EXCLUDED.justifications, report = COALESCE(EXCLUDED.report, self_assessments.report),
         saved_at = EXCLUDED.saved_at, submitted_at = EXCLUDED.submitted_at
       RETURNING station_year_id, status`]],
    sql: SUMMARY_AFTER.selfAssessment,
    params: [p.stationYearId, status, JSON.stringify(p.scores ?? {}), JSON.stringify(p.justifications ?? {}),
      p.report ? JSON.stringify(p.report) : null, e.occurredAt, status === 'submitted' ? e.occurredAt : null],
  }];
}

/** The projection writes of events, in order (events without a projection write nothing). */
export function projectionSteps(events: NewEvent[]): WriteStep[] {
  return events.flatMap((e) => projections[e.type]?.(e) ?? []);
}

/** Applies events to the projections (in the caller's transaction). */
export async function project(db: Queryable, events: NewEvent[]): Promise<void> {
  for (const step of projectionSteps(events)) await runStep(db, step);
}

/**
 * Rebuilds every projection from the event store in the caller's transaction; returns how many events were
 * replayed. Set-based where it counts: the frequent kinds (months, self-assessments, item scores, grade adjustments,
 * nearly every event of a year) are folded inside PostgreSQL, one INSERT … SELECT per table over the event store in
 * event order (the last write of a row wins, corrections add up, a report is kept until replaced — what the live
 * statements do one event at a time), so no event travels to this process; the rare kinds (recognitions,
 * objections, results) replay one by one in event order through the live functions. Tables do not read each other,
 * so only the order within a table matters. The board summary is then computed set-based. A test holds the rebuilt
 * tables equal to the live ones (test/workflow.e2e-spec.ts, test/board.e2e-spec.ts).
 */
export async function rebuildProjections(db: Queryable & { transaction?: any }, pageSize = 5000): Promise<number> {
  await db.query(`TRUNCATE ${PROJECTION_TABLES.join(', ')}`);
  await db.query(`SET LOCAL work_mem = '256MB'`); // the folds' sorts in memory, not in temporary files
  for (const sql of Object.values(FOLDS)) await db.query(sql);
  const oneByOne = Object.keys(projections).filter((type) => !FOLDED.includes(type));
  for (let afterId = '0'; ;) {
    const page: StoredEvent[] = await readEvents(db, { afterId, limit: pageSize, types: oneByOne });
    if (!page.length) break;
    await project(db, page);
    afterId = page[page.length - 1].id;
  }
  await refreshBoardSummaries(db);
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM events`);
  return n;
}

/** The event kinds folded set-based by FOLDS. */
const FOLDED = ['MonthRecorded', 'SelfAssessmentDraftSaved', 'SelfAssessmentSubmitted', 'ItemScored', 'GradeAdjusted'];

const sy = `(e.payload->>'stationYearId')::uuid`;
const TRUTHY = (x: string) => `(${x} IS NOT NULL AND ${x} NOT IN ('null'::jsonb, 'false'::jsonb, '0'::jsonb, '""'::jsonb))`;

/**
 * Each fold sorts its events once (DISTINCT ON … ORDER BY key, id DESC picks a row's last event; a window over the
 * key gives the last value of each section): per-group ordered aggregates would sort every group on its own.
 */
const FOLDS = {
  months: `
    INSERT INTO month_records (station_year_id, month, daily, daily_recorded_at, special, special_recorded_at, corrections, updated_at)
    SELECT DISTINCT ON (sy, month) sy, month,
           (array_agg(data) FILTER (WHERE daily) OVER w)[1], (array_agg(at) FILTER (WHERE daily) OVER w)[1],
           (array_agg(data) FILTER (WHERE NOT daily) OVER w)[1], (array_agg(at) FILTER (WHERE NOT daily) OVER w)[1],
           count(*) FILTER (WHERE correction) OVER w, at
    FROM (
      SELECT e.id, ${sy} AS sy, (e.payload->>'month')::smallint AS month, coalesce(e.payload->>'section' = 'daily', false) AS daily,
             e.payload->'data' AS data, e.occurred_at AS at, ${TRUTHY(`e.payload->'correction'`)} AS correction
      FROM events e WHERE e.type = 'MonthRecorded'
    ) ev
    WINDOW w AS (PARTITION BY sy, month ORDER BY id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
    ORDER BY sy, month, id DESC`,
  selfAssessments: `
    WITH ev AS MATERIALIZED (
      SELECT e.id, ${sy} AS sy, e.type = 'SelfAssessmentSubmitted' AS submitted, e.occurred_at AS at,
             coalesce(nullif(e.payload->'scores', 'null'::jsonb), '{}'::jsonb) AS scores,
             coalesce(nullif(e.payload->'justifications', 'null'::jsonb), '{}'::jsonb) AS justifications,
             CASE WHEN ${TRUTHY(`e.payload->'report'`)} THEN e.payload->'report' END AS report
      FROM events e WHERE e.type IN ('SelfAssessmentDraftSaved', 'SelfAssessmentSubmitted')
    )
    INSERT INTO self_assessments (station_year_id, status, scores, justifications, report, saved_at, submitted_at)
    SELECT l.sy, CASE WHEN l.submitted THEN 'submitted' ELSE 'draft' END, l.scores, l.justifications, r.report, l.at,
           CASE WHEN l.submitted THEN l.at END
    FROM (SELECT DISTINCT ON (sy) * FROM ev ORDER BY sy, id DESC) l
    LEFT JOIN (SELECT DISTINCT ON (sy) sy, report FROM ev WHERE report IS NOT NULL ORDER BY sy, id DESC) r ON r.sy = l.sy`,
  scores: `
    INSERT INTO item_scores (station_year_id, item_key, tenths, comment, scored_by, scored_role, scored_at, suggested_tenths, departure_reason)
    SELECT DISTINCT ON (1, 2) ${sy}, e.payload->>'itemKey', (e.payload->>'tenths')::int, e.payload->>'comment', e.actor_id, e.actor_role, e.occurred_at,
           (e.payload->>'suggestedTenths')::int, e.payload->>'departureReason'
    FROM events e WHERE e.type = 'ItemScored'
    ORDER BY 1, 2, e.id DESC`,
  grades: `
    INSERT INTO grade_adjustments (station_year_id, staff_id, grade, reason, set_by, set_at)
    SELECT DISTINCT ON (1, 2) ${sy}, (e.payload->>'staffId')::uuid, e.payload->>'grade', e.reason, e.actor_id, e.occurred_at
    FROM events e WHERE e.type = 'GradeAdjusted'
    ORDER BY 1, 2, e.id DESC`,
};
