/**
 * What leaders read beside the result table: every decision with actor, time and reason (from the append-only
 * event store), and the dashboard figures (progress over time, score distribution, grade counts).
 */
import { Injectable } from '@nestjs/common';
import { monthDueInstant } from '@app/calendar';
import { loadYear, UnitOfWork, ValidationError } from '@app/assessment';
import type { YearRef } from '@app/assessment';
import { GRADE_KEYS, gradeLabel } from '@app/policy';

export const DECISION_TYPES: Record<string, { key: string; label: string }> = {
  ResultsSubmittedForApproval: { key: 'submitted_for_approval', label: '提交审定' },
  ResultsApproved: { key: 'approved', label: '审定通过' },
  TableReturned: { key: 'table_returned', label: '整表退回重评' },
  StationReturned: { key: 'station_returned', label: '单站退回重评' },
  ResultsReleased: { key: 'released', label: '发布结果' },
  ObjectionFiled: { key: 'objection_filed', label: '公示期异议' },
  ObjectionAnswered: { key: 'objection_answered', label: '异议答复' },
  PublicityEnded: { key: 'publicity_ended', label: '公示期结束' },
};

@Injectable()
export class LeaderQueries {
  constructor(private readonly uow: UnitOfWork) {}

  async decisions(ref: YearRef) {
    const y = await loadYear(this.uow.db, ref.subdistrictId, ref.year);
    const rows = await this.uow.db.query(
      `SELECT e.id, e.type, e.actor_id, e.actor_role, e.reason, e.occurred_at, e.payload, u.display_name, s.name AS station_name
       FROM events e
       LEFT JOIN users u ON u.id::text = e.actor_id
       LEFT JOIN stations s ON s.id::text = coalesce(e.payload->>'stationId', e.payload->>'returnedStationId')
       WHERE e.stream_type = 'assessment_year' AND e.stream_id = $1 AND e.type = ANY($2::text[])
       ORDER BY e.id`,
      [y.id, Object.keys(DECISION_TYPES)],
    );
    return {
      year: ref.year, state: y.state,
      decisions: rows.map((r: any) => ({
        id: Number(r.id), type: r.type, kind: DECISION_TYPES[r.type].key, label: DECISION_TYPES[r.type].label,
        actor: { id: r.actor_id, role: r.actor_role, name: r.display_name ?? null },
        at: r.occurred_at, reason: r.reason,
        stationId: r.payload?.stationId ?? r.payload?.returnedStationId ?? null, stationName: r.station_name ?? null,
        ...(r.type === 'ObjectionAnswered' ? { upheld: r.payload.upheld, objectionId: r.payload.objectionId } : {}),
        ...(r.type === 'ObjectionFiled' ? { objectionId: r.payload.objectionId, text: r.payload.text } : {}),
        ...(r.type === 'ResultsApproved' ? { publicityUntil: r.payload.publicityUntil ?? null } : {}),
      })),
    };
  }

  async dashboard(ref: YearRef, { bucket = 10 }: { bucket?: number } = {}) {
    if (![5, 10].includes(bucket)) throw new ValidationError('bucket', 'must be 5 or 10');
    const db = this.uow.db;
    const y = await loadYear(db, ref.subdistrictId, ref.year);
    const policy = this.uow.policies.get(y.policyVersion);
    const tz = this.uow.config.timeZone;
    const dueAt = Array.from({ length: 12 }, (_, i) => monthDueInstant(ref.year, i + 1, policy.schedule, tz));
    const [[{ stations }], perDay, months, dist, grades] = await Promise.all([
      db.query(`SELECT count(*)::int AS stations FROM station_years WHERE assessment_year_id = $1`, [y.id]),
      db.query(
        `SELECT e.type, to_char(e.occurred_at AT TIME ZONE $2, 'YYYY-MM-DD') AS day, count(*)::int AS n
         FROM station_years sy JOIN events e ON e.stream_type = 'station_year' AND e.stream_id = sy.id::text
         WHERE sy.assessment_year_id = $1 AND e.type IN ('SelfAssessmentSubmitted', 'ItemScored', 'ScoresFinalised')
         GROUP BY 1, 2 ORDER BY 2`, [y.id, tz]),
      db.query(
        `SELECT mr.month, count(*)::int AS recorded, count(*) FILTER (WHERE mr.special_recorded_at < ($2::timestamptz[])[mr.month])::int AS on_time
         FROM station_years sy JOIN month_records mr ON mr.station_year_id = sy.id
         WHERE sy.assessment_year_id = $1 AND mr.special IS NOT NULL GROUP BY 1 ORDER BY 1`, [y.id, dueAt]),
      db.query(
        `SELECT least(floor(total / ($2::int * 10)) * $2, $3::int)::int AS lower, count(*)::int AS n FROM station_results
         WHERE assessment_year_id = $1 GROUP BY 1 ORDER BY 1`, [y.id, bucket, Math.ceil(policy.maxTotalTenths / 10 / bucket) * bucket - bucket]),
      db.query(`SELECT grade, count(*)::int AS n FROM station_results WHERE assessment_year_id = $1 GROUP BY 1`, [y.id]),
    ]);
    const series = (type: string) => {
      let cumulative = 0;
      return perDay.filter((r: any) => r.type === type).map((r: any) => ({ date: r.day, count: r.n, cumulative: (cumulative += r.n) }));
    };
    const byMonth = new Map(months.map((m: any) => [m.month, m]));
    const maxPoints = policy.maxTotalTenths / 10;
    const distByLower = new Map(dist.map((d: any) => [d.lower, d.n]));
    const buckets = [];
    for (let lower = 0; lower < maxPoints; lower += bucket) {
      buckets.push({ from: lower, to: Math.min(lower + bucket, maxPoints), label: `${lower}–${Math.min(lower + bucket, maxPoints)}`, count: distByLower.get(lower) ?? 0 });
    }
    const gradeBy = new Map(grades.map((g: any) => [g.grade, g.n]));
    return {
      year: ref.year, state: y.state, stations, generatedAt: this.uow.now(),
      progress: {
        months: Array.from({ length: 12 }, (_, i) => {
          const m: any = byMonth.get(i + 1);
          return { month: i + 1, dueAt: dueAt[i], recorded: m?.recorded ?? 0, onTime: m?.on_time ?? 0, stations };
        }),
        selfAssessmentsSubmitted: series('SelfAssessmentSubmitted'),
        itemsScored: series('ItemScored'),
        stationsScored: series('ScoresFinalised'),
      },
      scoreDistribution: { bucket, buckets },
      grades: GRADE_KEYS.map((g) => ({ grade: g, label: gradeLabel(policy, g), count: gradeBy.get(g) ?? 0 })),
    };
  }
}
