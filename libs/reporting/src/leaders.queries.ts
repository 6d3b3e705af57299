/**
 * What leaders read beside the result table: every decision with actor, time and reason (from the append-only
 * event store), and the dashboard figures (progress over time, score distribution, grade counts).
 */
import { Injectable } from '@nestjs/common';
import { monthDueInstant } from '@app/calendar';
import { canReadNotices, loadYear, UnitOfWork, ValidationError } from '@app/assessment';
import type { YearRef } from '@app/assessment';
import { formatTenths, GRADE_KEYS, gradeLabel } from '@app/policy';
import type { Policy } from '@app/policy';
import { formatNoticeNumber } from '@app/notices';

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

  /**
   * The 抄告 a release would send now, without sending anything: per station (in the result table's order) the
   * notice number it would carry (a station numbered before keeps its number, new ones continue the year's count)
   * and each recipient — its dispatching department, every organisation/HR department, the station itself — with
   * the channels it is reached by and how many users read a station's inbox. `unreachable` names recipients no channel reaches.
   */
  async releasePreview(ref: YearRef) {
    const db = this.uow.db;
    const y = await loadYear(db, ref.subdistrictId, ref.year);
    const policy = this.uow.policies.get(y.policyVersion);
    const [[sd], stations, hr, [counter], existing] = await Promise.all([
      db.query(`SELECT name, abbr FROM subdistricts WHERE id = $1`, [ref.subdistrictId]),
      db.query(
        `SELECT s.id, s.name, s.channels, s.email, s.webhook_url, r.grade, r.total,
                d.id AS d_id, d.name AS d_name, d.channels AS d_channels, d.email AS d_email, d.webhook_url AS d_webhook_url,
                (SELECT count(*)::int FROM users u WHERE u.station_id = s.id AND u.active) AS users
         FROM station_results r JOIN station_years sy ON sy.id = r.station_year_id JOIN stations s ON s.id = sy.station_id
         JOIN departments d ON d.id = s.department_id WHERE r.assessment_year_id = $1 ORDER BY r.position`, [y.id]),
      db.query(
        `SELECT d.id, d.name, d.channels, d.email, d.webhook_url FROM departments d WHERE d.subdistrict_id = $1 AND d.kind = 'hr' ORDER BY d.name`, [ref.subdistrictId]),
      db.query(`SELECT last_number FROM notice_numbers WHERE subdistrict_id = $1 AND year = $2`, [ref.subdistrictId, ref.year]),
      db.query(`SELECT DISTINCT station_id, number FROM notices WHERE subdistrict_id = $1 AND year = $2 AND kind = 'result_notice'`, [ref.subdistrictId, ref.year]),
    ]);
    const numbers = new Map<string, string>(existing.map((r: any) => [r.station_id, r.number]));
    let last: number = counter?.last_number ?? 0;
    const recipient = (role: string, roleLabel: string, r: any, prefix = '') => {
      const channels: string[] = r[`${prefix}channels`] ?? [];
      const users: number | null = r[`${prefix}users`] ?? null;
      const contact = { channels, email: r[`${prefix}email`], webhookUrl: r[`${prefix}webhook_url`] };
      // a department: the release guard's own rule (what the release would refuse); a station: also its users' inbox
      const reachable = canReadNotices(contact) || (role === 'station' && channels.includes('inbox') && users !== 0);
      return { role, roleLabel, name: r[`${prefix}name`], channels, inboxUsers: users, email: r[`${prefix}email`] ?? null, reachable };
    };
    const notices = stations.map((s: any) => {
      const number = numbers.get(s.id) ?? formatNoticeNumber(policy.notices.numberFormat, { abbr: sd.abbr, year: ref.year, n: ++last });
      return {
        stationId: s.id, station: s.name, number, renumbered: numbers.has(s.id), grade: s.grade, gradeLabel: gradeLabel(policy, s.grade),
        total: formatTenths(s.total, policy.scoreDecimals),
        recipients: [
          recipient('dispatching_department', '派出部门', s, 'd_'),
          ...hr.map((h: any) => recipient('organisation_department', '组织人事部门', h)),
          recipient('station', '本站所', s),
        ],
      };
    });
    const unreachable: string[] = [...new Set<string>(notices.flatMap((n: any) => n.recipients.filter((r: any) => !r.reachable).map((r: any) => r.name)))];
    return {
      year: ref.year, state: y.state, subdistrict: sd.name, stations: notices.length,
      notices: notices.reduce((a: number, n: any) => a + n.recipients.length, 0), unreachable, items: notices,
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
    const gradeBy = new Map<string, number>(grades.map((g: any) => [g.grade, g.n]));
    const extra = await this.dashboardDetails(y, policy, ref);
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
      ...extra,
    };
  }

  /**
   * The rest of the dashboard: the self-assessment deadline beside the submissions, which station recorded which
   * month, every item's scores across stations, notices and their deliveries by channel and status, and the
   * grade counts of every year of the subdistrict (year over year).
   */
  private async dashboardDetails(y: { id: string }, policy: Policy, ref: YearRef) {
    const db = this.uow.db;
    const [monthRows, itemRows, noticeRows, deliveryRows, yearRows] = await Promise.all([
      db.query(
        `SELECT s.id AS station_id, s.name, coalesce(array_agg(mr.month ORDER BY mr.month) FILTER (WHERE mr.special IS NOT NULL), '{}') AS months,
                coalesce(array_agg(mr.month ORDER BY mr.month) FILTER (WHERE mr.special IS NULL AND mr.waiver IS NOT NULL), '{}') AS waived
         FROM station_years sy JOIN stations s ON s.id = sy.station_id LEFT JOIN month_records mr ON mr.station_year_id = sy.id
         WHERE sy.assessment_year_id = $1 GROUP BY 1, 2 ORDER BY 2`, [y.id]),
      db.query(
        `SELECT s.name, i.item_key, i.tenths FROM item_scores i JOIN station_years sy ON sy.id = i.station_year_id
         JOIN stations s ON s.id = sy.station_id WHERE sy.assessment_year_id = $1 ORDER BY s.name`, [y.id]),
      db.query(
        `SELECT kind, count(*)::int AS n FROM notices WHERE subdistrict_id = $1 AND year = $2 GROUP BY 1 ORDER BY 1`, [ref.subdistrictId, ref.year]),
      db.query(
        `SELECT d.channel, d.status, count(*)::int AS n FROM deliveries d JOIN notices n ON n.id = d.notice_id
         WHERE n.subdistrict_id = $1 AND n.year = $2 GROUP BY 1, 2 ORDER BY 1, 2`, [ref.subdistrictId, ref.year]),
      db.query(
        `SELECT ay.year, r.grade, count(r.*)::int AS n, round(avg(r.total))::int AS avg_total
         FROM assessment_years ay LEFT JOIN station_results r ON r.assessment_year_id = ay.id
         WHERE ay.subdistrict_id = $1 GROUP BY 1, 2 ORDER BY 1`, [ref.subdistrictId]),
    ]);
    const sa = policy.schedule.selfAssessment;
    const items = policy.parts.flatMap((p) => p.items);
    const years = [...new Set<number>(yearRows.map((r: any) => r.year))];
    return {
      selfAssessment: { windowOpens: `${ref.year}-${sa.windowOpens}`, deadline: `${ref.year}-${sa.deadline}` },
      monthsByStation: monthRows.map((r: any) => ({
        stationId: r.station_id, name: r.name,
        months: Array.from({ length: 12 }, (_, i) => r.months.includes(i + 1)), waived: Array.from({ length: 12 }, (_, i) => r.waived.includes(i + 1)),
      })),
      itemScores: items.map((item) => ({
        itemKey: item.key, label: item.label.zh, max: item.max,
        stations: itemRows.filter((r: any) => r.item_key === item.key).map((r: any) => ({ name: r.name, score: Number(formatTenths(r.tenths, policy.scoreDecimals)) })),
      })),
      notices: noticeRows.map((r: any) => ({ kind: r.kind, count: r.n })),
      deliveries: deliveryRows.map((r: any) => ({ channel: r.channel, status: r.status, count: r.n })),
      yearOverYear: years.map((year) => {
        const rows = yearRows.filter((r: any) => r.year === year && r.grade);
        const n = rows.reduce((a: number, r: any) => a + r.n, 0);
        return {
          year,
          grades: Object.fromEntries(GRADE_KEYS.map((g) => [g, rows.find((r: any) => r.grade === g)?.n ?? 0])) as Record<string, number>,
          averageTotal: n ? Number(formatTenths(Math.round(rows.reduce((a: number, r: any) => a + r.avg_total * r.n, 0) / n), 1)) : null,
        };
      }),
    };
  }
}
