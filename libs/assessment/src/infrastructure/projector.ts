/**
 * Projections (read models) from events. The live path applies each event here in the command's transaction;
 * a rebuild truncates the projection tables and replays every event through the same functions, so a rebuild
 * equals the live state by construction.
 */
import type { NewEvent, StoredEvent } from '@app/persistence';
import { epochMsSql, readEvents, refreshBoardSummaries, SUMMARY_AFTER } from '@app/persistence';
import type { Queryable } from '@app/persistence';

type Projection = (db: Queryable, e: NewEvent) => Promise<void>;

export const PROJECTION_TABLES = [
  'month_records', 'recognitions', 'self_assessments', 'item_scores', 'grade_adjustments', 'station_results', 'year_results',
  'objections',
];

const projections: Record<string, Projection> = {
  async MonthRecorded(db, e) {
    const p = e.payload as any;
    const section = p.section === 'daily' ? 'daily' : 'special';
    await db.query(
      `WITH up AS (
         INSERT INTO month_records (station_year_id, month, ${section}, ${section}_recorded_at, corrections, updated_at)
         VALUES ($1, $2, $3, $4, $5, $4)
         ON CONFLICT (station_year_id, month) DO UPDATE SET ${section} = EXCLUDED.${section},
           ${section}_recorded_at = EXCLUDED.${section}_recorded_at,
           corrections = month_records.corrections + EXCLUDED.corrections, updated_at = EXCLUDED.updated_at
         RETURNING station_year_id, special IS NOT NULL AS has_special, ${epochMsSql('special_recorded_at')} AS at
       ) ${SUMMARY_AFTER.month(Number(p.month))}`,
      [p.stationYearId, p.month, JSON.stringify(p.data), e.occurredAt, p.correction ? 1 : 0],
    );
  },

  async RecognitionAdded(db, e) {
    const p = e.payload as any;
    await db.query(
      `INSERT INTO recognitions (id, station_year_id, level, title, issuer, recognised_on, evidence, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8)`,
      [p.recognitionId, p.stationYearId, p.level, p.title, p.issuer, p.recognisedOn, p.evidence, e.occurredAt],
    );
  },

  async RecognitionVerified(db, e) {
    await decideRecognition(db, e, 'verified');
  },
  async RecognitionRefused(db, e) {
    await decideRecognition(db, e, 'refused');
  },

  async SelfAssessmentDraftSaved(db, e) {
    await saveSelfAssessment(db, e, 'draft');
  },
  async SelfAssessmentSubmitted(db, e) {
    await saveSelfAssessment(db, e, 'submitted');
  },

  async ItemScored(db, e) {
    const p = e.payload as any;
    await db.query(
      `WITH up AS (
         INSERT INTO item_scores (station_year_id, item_key, tenths, comment, scored_by, scored_role, scored_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (station_year_id, item_key) DO UPDATE SET tenths = EXCLUDED.tenths, comment = EXCLUDED.comment,
           scored_by = EXCLUDED.scored_by, scored_role = EXCLUDED.scored_role, scored_at = EXCLUDED.scored_at
         RETURNING station_year_id, item_key, scored_role, scored_at
       ) ${SUMMARY_AFTER.score}`,
      [p.stationYearId, p.itemKey, p.tenths, p.comment ?? null, e.actorId, e.actorRole, e.occurredAt],
    );
  },

  async GradeAdjusted(db, e) {
    const p = e.payload as any;
    await db.query(
      `INSERT INTO grade_adjustments (station_year_id, staff_id, grade, reason, set_by, set_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (station_year_id, staff_id) DO UPDATE SET grade = EXCLUDED.grade, reason = EXCLUDED.reason,
         set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at`,
      [p.stationYearId, p.staffId, p.grade, e.reason, e.actorId, e.occurredAt],
    );
  },

  async ObjectionFiled(db, e) {
    const p = e.payload as any;
    await db.query(
      `INSERT INTO objections (id, assessment_year_id, station_id, text, status, filed_by, filed_at) VALUES ($1, $2, $3, $4, 'open', $5, $6)`,
      [p.objectionId, p.assessmentYearId, p.stationId, p.text, e.actorId, e.occurredAt],
    );
  },

  async ObjectionAnswered(db, e) {
    const p = e.payload as any;
    await db.query(`UPDATE objections SET status = $2, answer = $3, answered_by = $4, answered_at = $5 WHERE id = $1`, [
      p.objectionId, p.upheld ? 'upheld' : 'dismissed', e.reason, e.actorId, e.occurredAt,
    ]);
  },

  async ResultsComputed(db, e) {
    const p = e.payload as any;
    await db.query(`DELETE FROM station_results WHERE assessment_year_id = $1`, [p.assessmentYearId]);
    const cols = 14;
    const values: unknown[] = [];
    const rows = (p.stations as any[]).map((s, i) => {
      values.push(s.stationYearId, p.assessmentYearId, s.daily, s.special, s.innovation, s.total, s.rank, s.position,
        s.grade, s.quotaDemoted, s.bonusYuan, JSON.stringify(s.persons), JSON.stringify(s.explanation), e.occurredAt);
      return `(${Array.from({ length: cols }, (_, j) => `$${i * cols + j + 1}`).join(', ')})`;
    });
    if (rows.length) {
      await db.query(
        `INSERT INTO station_results (station_year_id, assessment_year_id, daily, special, innovation, total, rank,
           position, grade, quota_demoted, bonus_yuan, persons, explanation, computed_at) VALUES ${rows.join(', ')}`,
        values,
      );
    }
    await db.query(
      `INSERT INTO year_results (assessment_year_id, excellent_quota, station_count, budget_yuan, awards, recommendations, computed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (assessment_year_id) DO UPDATE SET excellent_quota = EXCLUDED.excellent_quota,
         station_count = EXCLUDED.station_count, budget_yuan = EXCLUDED.budget_yuan, awards = EXCLUDED.awards,
         recommendations = EXCLUDED.recommendations, computed_at = EXCLUDED.computed_at`,
      [p.assessmentYearId, p.excellentQuota, p.stationCount, p.budgetYuan, JSON.stringify(p.awards),
        JSON.stringify(p.recommendations), e.occurredAt],
    );
  },
};

async function decideRecognition(db: Queryable, e: NewEvent, status: 'verified' | 'refused') {
  const p = e.payload as any;
  await db.query(`UPDATE recognitions SET status = $2, decided_by = $3, decision_reason = $4 WHERE id = $1`, [
    p.recognitionId, status, e.actorId, e.reason ?? null,
  ]);
}

async function saveSelfAssessment(db: Queryable, e: NewEvent, status: 'draft' | 'submitted') {
  const p = e.payload as any;
  await db.query(
    `WITH up AS (
       INSERT INTO self_assessments (station_year_id, status, scores, justifications, report, saved_at, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (station_year_id) DO UPDATE SET status = EXCLUDED.status, scores = EXCLUDED.scores,
         justifications = EXCLUDED.justifications, report = COALESCE(EXCLUDED.report, self_assessments.report),
         saved_at = EXCLUDED.saved_at, submitted_at = EXCLUDED.submitted_at
       RETURNING station_year_id, status
     ) ${SUMMARY_AFTER.selfAssessment}`,
    [p.stationYearId, status, JSON.stringify(p.scores ?? {}), JSON.stringify(p.justifications ?? {}),
      p.report ? JSON.stringify(p.report) : null, e.occurredAt, status === 'submitted' ? e.occurredAt : null],
  );
}

/** Applies events to the projections (in the caller's transaction). Events without a projection are skipped. */
export async function project(db: Queryable, events: NewEvent[]): Promise<void> {
  for (const e of events) await projections[e.type]?.(db, e);
}

/**
 * Rebuilds every projection from the event store in the caller's transaction; returns how many events were
 * replayed. Batched: a page of events is split by the table it writes (tables do not read each other, so only the
 * order within a table matters); the frequent kinds (months, self-assessments, item scores, grade adjustments) are
 * folded per row key in event order — the last write wins, corrections add up, a report is kept until replaced,
 * exactly as the live statements do one by one — and written with one multi-row statement per page; the rare kinds
 * (recognitions, objections, results) replay one by one through the live functions. The board summary is then
 * computed set-based from the rebuilt tables and the notices.
 */
export async function rebuildProjections(db: Queryable & { transaction?: any }, pageSize = 20_000): Promise<number> {
  await db.query(`TRUNCATE ${PROJECTION_TABLES.join(', ')}`);
  let afterId = '0';
  let count = 0;
  for (;;) {
    const page: StoredEvent[] = await readEvents(db, { afterId, limit: pageSize });
    if (!page.length) break;
    await replayPage(db, page);
    count += page.length;
    afterId = page[page.length - 1].id;
  }
  await refreshBoardSummaries(db);
  return count;
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : d);

/** Last value per key, in first-seen key order. */
function fold<T>(events: NewEvent[], key: (p: any) => string, step: (acc: T | undefined, e: NewEvent, p: any) => T): T[] {
  const byKey = new Map<string, T>();
  for (const e of events) {
    const p = e.payload as any;
    const k = key(p);
    byKey.set(k, step(byKey.get(k), e, p));
  }
  return [...byKey.values()];
}

const BATCHED: Record<string, (db: Queryable, events: NewEvent[]) => Promise<void>> = {
  async months(db, events) {
    type Row = { sy: string; month: number; daily?: string; daily_at?: string; special?: string; special_at?: string; corrections: number; updated_at: string };
    const rows = fold<Row>(events, (p) => `${p.stationYearId}/${p.month}`, (acc, e, p) => {
      const r = acc ?? { sy: p.stationYearId, month: p.month, corrections: 0, updated_at: '' };
      const at = iso(e.occurredAt);
      // the JSON text as the live statement binds it (undefined → SQL NULL, null → JSON null)
      if (p.section === 'daily') Object.assign(r, { daily: JSON.stringify(p.data), daily_at: at });
      else Object.assign(r, { special: JSON.stringify(p.data), special_at: at });
      r.corrections += p.correction ? 1 : 0;
      r.updated_at = at;
      return r;
    });
    await db.query(
      `INSERT INTO month_records AS m (station_year_id, month, daily, daily_recorded_at, special, special_recorded_at, corrections, updated_at)
       SELECT x.sy, x.month, x.daily::jsonb, x.daily_at, x.special::jsonb, x.special_at, x.corrections, x.updated_at
       FROM jsonb_to_recordset($1::jsonb) AS x(sy uuid, month smallint, daily text, daily_at timestamptz, special text,
         special_at timestamptz, corrections integer, updated_at timestamptz)
       ON CONFLICT (station_year_id, month) DO UPDATE SET
         daily = CASE WHEN EXCLUDED.daily_recorded_at IS NULL THEN m.daily ELSE EXCLUDED.daily END,
         daily_recorded_at = coalesce(EXCLUDED.daily_recorded_at, m.daily_recorded_at),
         special = CASE WHEN EXCLUDED.special_recorded_at IS NULL THEN m.special ELSE EXCLUDED.special END,
         special_recorded_at = coalesce(EXCLUDED.special_recorded_at, m.special_recorded_at),
         corrections = m.corrections + EXCLUDED.corrections, updated_at = EXCLUDED.updated_at`,
      [JSON.stringify(rows)],
    );
  },

  async selfAssessments(db, events) {
    const rows = fold<any>(events, (p) => p.stationYearId, (acc, e, p) => {
      const status = e.type === 'SelfAssessmentSubmitted' ? 'submitted' : 'draft';
      const at = iso(e.occurredAt);
      return {
        sy: p.stationYearId, status, scores: p.scores ?? {}, justifications: p.justifications ?? {},
        report: p.report ? p.report : acc?.report ?? null, saved_at: at, submitted_at: status === 'submitted' ? at : null,
      };
    });
    await db.query(
      `INSERT INTO self_assessments AS s (station_year_id, status, scores, justifications, report, saved_at, submitted_at)
       SELECT x.sy, x.status, x.scores, x.justifications, x.report, x.saved_at, x.submitted_at
       FROM jsonb_to_recordset($1::jsonb) AS x(sy uuid, status text, scores jsonb, justifications jsonb, report jsonb,
         saved_at timestamptz, submitted_at timestamptz)
       ON CONFLICT (station_year_id) DO UPDATE SET status = EXCLUDED.status, scores = EXCLUDED.scores,
         justifications = EXCLUDED.justifications, report = COALESCE(EXCLUDED.report, s.report),
         saved_at = EXCLUDED.saved_at, submitted_at = EXCLUDED.submitted_at`,
      [JSON.stringify(rows)],
    );
  },

  async scores(db, events) {
    const rows = fold<any>(events, (p) => `${p.stationYearId}/${p.itemKey}`, (_acc, e, p) => ({
      sy: p.stationYearId, item: p.itemKey, tenths: p.tenths, comment: p.comment ?? null, by: e.actorId, role: e.actorRole, at: iso(e.occurredAt),
    }));
    await db.query(
      `INSERT INTO item_scores (station_year_id, item_key, tenths, comment, scored_by, scored_role, scored_at)
       SELECT x.sy, x.item, x.tenths, x.comment, x.by, x.role, x.at
       FROM jsonb_to_recordset($1::jsonb) AS x(sy uuid, item text, tenths integer, comment text, "by" text, role text, at timestamptz)
       ON CONFLICT (station_year_id, item_key) DO UPDATE SET tenths = EXCLUDED.tenths, comment = EXCLUDED.comment,
         scored_by = EXCLUDED.scored_by, scored_role = EXCLUDED.scored_role, scored_at = EXCLUDED.scored_at`,
      [JSON.stringify(rows)],
    );
  },

  async grades(db, events) {
    const rows = fold<any>(events, (p) => `${p.stationYearId}/${p.staffId}`, (_acc, e, p) => ({
      sy: p.stationYearId, staff: p.staffId, grade: p.grade, reason: e.reason, by: e.actorId, at: iso(e.occurredAt),
    }));
    await db.query(
      `INSERT INTO grade_adjustments (station_year_id, staff_id, grade, reason, set_by, set_at)
       SELECT x.sy, x.staff, x.grade, x.reason, x.by, x.at
       FROM jsonb_to_recordset($1::jsonb) AS x(sy uuid, staff uuid, grade text, reason text, "by" text, at timestamptz)
       ON CONFLICT (station_year_id, staff_id) DO UPDATE SET grade = EXCLUDED.grade, reason = EXCLUDED.reason,
         set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at`,
      [JSON.stringify(rows)],
    );
  },
};

/** Which batch an event type's projection writes through (types writing the same table share one). */
const BATCH_OF: Record<string, keyof typeof BATCHED> = {
  MonthRecorded: 'months', SelfAssessmentDraftSaved: 'selfAssessments', SelfAssessmentSubmitted: 'selfAssessments',
  ItemScored: 'scores', GradeAdjusted: 'grades',
};

async function replayPage(db: Queryable, page: NewEvent[]): Promise<void> {
  const batches = new Map<keyof typeof BATCHED, NewEvent[]>();
  const oneByOne: NewEvent[] = [];
  for (const e of page) {
    const b = BATCH_OF[e.type];
    if (!b) {
      if (projections[e.type]) oneByOne.push(e);
      continue;
    }
    let list = batches.get(b);
    if (!list) batches.set(b, (list = []));
    list.push(e);
  }
  for (const [b, events] of batches) await BATCHED[b](db, events);
  for (const e of oneByOne) await projections[e.type](db, e);
}
