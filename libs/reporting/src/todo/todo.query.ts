/**
 * What awaits a person now (待办), derived from durable state on every request: the station years, the machines'
 * snapshots (what each state allows), the late board's rows, recognitions, deliveries and the holiday calendars.
 * Nothing is stored for it, so it cannot drift from the truth. Who gets what follows DOMAIN.md "Hand-offs" and the
 * permission table; each item names the console route where the work is done (the web console's routes).
 */
import { Injectable } from '@nestjs/common';
import { localDate, monthDueInstant } from '@app/calendar';
import type { Policy } from '@app/policy';
import {
  allowedEvents, assessmentYearMachine, canApply, canRelease, STATION_YEAR_STATES, stationYearMachine, UnitOfWork, WorkingDays,
} from '@app/assessment';
import type { AssessmentYearState, StationYearState } from '@app/assessment';
import { consoleLink } from '@app/platform'; // the console's routes (shared with the hand-off notices): libs/platform/src/console-links.ts
import type { Actor } from '@app/platform';
import { BoardQueries, BoardRow } from '../board/board.query';

export const TODO_KINDS = [
  'records.missing', 'selfAssessment.submit', 'selfAssessment.overdue', 'recognition.refused', 'result.read',
  'scoring.pending', 'scoring.special', 'scores.finalise', 'station.rescore', 'recognitions.verify', 'stations.late', 'stations.overdue',
  'results.compute', 'results.submit', 'results.approve', 'results.release', 'objections.answer', 'deliveries.failed', 'calendar.missing',
] as const;
export type TodoKind = (typeof TODO_KINDS)[number];

export interface TodoItem {
  kind: TodoKind;
  /** what to do, in Chinese */
  title: string;
  /** why or how much, in Chinese (null when the title says it all) */
  detail: string | null;
  /** the instant from which it is late (ISO; the end of the last day), null when nothing sets one */
  deadline: string | null;
  /** the deadline's local date in Chinese (2026年12月31日) */
  deadlineText: string | null;
  /** the deadline has passed */
  overdue: boolean;
  year: number | null;
  stationId: string | null;
  stationName: string | null;
  /** how many (stations, recognitions, deliveries) an aggregated item stands for */
  count: number | null;
  /** the console route where it is done */
  link: string;
}

/** Years still in progress (not archived) are the ones with work; at most the two newest (January may finish December's). */
const FINISHED_YEAR_STATES: AssessmentYearState[] = ['closed'];
/** A station has been scored once its state is at or after this one. */
const SCORED_FROM: StationYearState = 'scored';
const RESULT_READABLE: StationYearState[] = ['released', 'notified'];

interface StationYearFacts {
  id: string;
  stationId: string;
  name: string;
  state: StationYearState;
  snapshot: unknown;
  returns: number;
  lastReturnReason: string | null;
  specialScored: number;
}

@Injectable()
export class TodoQueries {
  constructor(private readonly uow: UnitOfWork, private readonly board: BoardQueries, private readonly workingDays: WorkingDays) {}

  async todo(actor: Actor): Promise<{ generatedAt: string; items: TodoItem[] }> {
    const now = this.uow.now();
    const items: TodoItem[] = [];
    if (actor.subdistrictId) {
      const years: { year: number }[] = await this.uow.db.query(
        `SELECT year FROM assessment_years WHERE subdistrict_id = $1 AND state <> ALL($2::text[]) ORDER BY year DESC LIMIT 2`,
        [actor.subdistrictId, FINISHED_YEAR_STATES],
      );
      for (const { year } of years) items.push(...(await this.yearItems(actor, actor.subdistrictId, year, now)));
    }
    if (['coordinator', 'leader', 'admin'].includes(actor.role)) items.push(...(await this.failedDeliveries(actor)));
    if (['coordinator', 'admin'].includes(actor.role)) items.push(...(await this.missingCalendar(now)));
    // overdue first, then by deadline, then the rest in the order found
    const at = (i: TodoItem) => (i.deadline ? Date.parse(i.deadline) : Number.POSITIVE_INFINITY);
    items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || at(a) - at(b));
    return { generatedAt: now.toISOString(), items };
  }

  private item(kind: TodoKind, title: string, more: Partial<TodoItem> & { link: string }, deadline?: Date | null): TodoItem {
    const tz = this.uow.config.timeZone;
    return {
      kind, title, detail: null, year: null, stationId: null, stationName: null, count: null,
      // deadlines are exclusive ends (the start of the day after): people read the last day
      deadline: deadline ? deadline.toISOString() : null,
      deadlineText: deadline ? chineseDate(localDate(new Date(deadline.getTime() - 1), tz)) : null,
      overdue: deadline ? this.uow.now().getTime() >= deadline.getTime() : false,
      ...more,
    };
  }

  private async yearItems(actor: Actor, subdistrictId: string, year: number, now: Date): Promise<TodoItem[]> {
    const db = this.uow.db;
    const [y] = await db.query(`SELECT id, state, snapshot, policy_version FROM assessment_years WHERE subdistrict_id = $1 AND year = $2`, [subdistrictId, year]);
    const policy = this.uow.policies.get(y.policy_version);
    const specialKeys = policy.parts.find((p) => p.key === 'special')?.items.map((i) => i.key) ?? [];
    const stations: StationYearFacts[] = (await db.query(
      `SELECT sy.id, sy.station_id, s.name, sy.state, sy.snapshot,
              (SELECT count(*)::int FROM item_scores i WHERE i.station_year_id = sy.id AND i.item_key = ANY($3::text[])) AS special_scored
         FROM station_years sy JOIN stations s ON s.id = sy.station_id
        WHERE sy.assessment_year_id = $1 AND ($2::uuid IS NULL OR sy.station_id = $2::uuid)
        ORDER BY s.name`,
      [y.id, actor.role === 'station' ? actor.stationId : null, specialKeys],
    )).map((r: any) => ({
      id: r.id, stationId: r.station_id, name: r.name, state: r.state, snapshot: r.snapshot,
      returns: r.snapshot?.context?.returns ?? 0, lastReturnReason: r.snapshot?.context?.lastReturnReason ?? null, specialScored: r.special_scored,
    }));
    const board = await this.board.board({ subdistrictId, year });
    const rows = new Map<string, BoardRow>(board.rows.map((r) => [r.stationId, r]));
    const ctx = { year, y, policy, stations, rows, deadline: board.deadline as Date, specialCount: specialKeys.length, now };
    switch (actor.role) {
      case 'station': return this.stationItems(ctx, actor.stationId!);
      case 'command_room': return [...this.missingRecords(ctx), ...this.specialScoring(ctx)];
      case 'coordinator': return this.coordinatorItems(ctx);
      case 'leader': return this.leaderItems(ctx);
      default: return [];
    }
  }

  private async stationItems(ctx: YearContext, stationId: string): Promise<TodoItem[]> {
    const { year, stations, rows } = ctx;
    const st = stations.find((s) => s.stationId === stationId);
    const row = rows.get(stationId);
    if (!st) return [];
    const out: TodoItem[] = [];
    const at = { year, stationId, stationName: st.name };
    const allowed = allowedEvents(stationYearMachine, st.snapshot);
    if (allowed.includes('SUBMIT') && st.state !== 'overdue') {
      const until = row?.selfAssessment.extendedUntil ? extensionEnd(st.snapshot) : ctx.deadline;
      const draft = row?.selfAssessment.status === 'draft';
      out.push(this.item('selfAssessment.submit', draft ? `继续填写并提交${year}年度自评表` : `填写并提交${year}年度自评表`, {
        ...at, detail: draft ? '草稿已保存，提交时需附年度工作报告' : '每项填写自评分和说明，并上传年度工作报告（PDF、DOCX 或 DOC）',
        link: consoleLink.station(year, stationId, 'self-assessment'),
      }, until));
    }
    if (st.state === 'overdue') {
      out.push(this.item('selfAssessment.overdue', `${year}年度自评已逾期未交`, {
        ...at, detail: '请联系协调组申请延期，准予后即可提交', link: consoleLink.station(year, stationId, 'self-assessment'),
      }, ctx.deadline));
    }
    if (allowed.includes('RECOGNITION_ADDED')) {
      const refused = await this.uow.db.query(
        `SELECT id, title, decision_reason FROM recognitions WHERE station_year_id = $1 AND status = 'refused' ORDER BY created_at`, [st.id],
      );
      for (const r of refused) {
        out.push(this.item('recognition.refused', `创新工作“${r.title}”不予认定`, {
          ...at, detail: `${r.decision_reason ? `理由：${r.decision_reason}。` : ''}可补充佐证材料后重新登记`,
          link: consoleLink.station(year, stationId, 'recognitions'),
        }));
      }
    }
    if (RESULT_READABLE.includes(st.state)) {
      out.push(this.item('result.read', `${year}年度考核结果已发布`, { ...at, detail: '查看得分、等次及说明', link: consoleLink.station(year, stationId, 'result') }));
    }
    return out;
  }

  /** Stations with months not recorded (for those who record them): one item per station, most overdue first. */
  private missingRecords(ctx: YearContext): TodoItem[] {
    return ctx.stations.flatMap((st) => {
      const row = ctx.rows.get(st.stationId);
      if (!row || !row.months.missing.length) return [];
      const months = row.months.missing.map((m) => m.month);
      return [this.item('records.missing', `${st.name}：${months.map((m) => `${m}月`).join('、')}的月度记录未录入`, {
        year: ctx.year, stationId: st.stationId, stationName: st.name, count: months.length,
        detail: `逾期最长${row.months.maxDaysLate}天`, link: consoleLink.station(ctx.year, st.stationId, 'records'),
      }, monthDueInstant(ctx.year, months[0], ctx.policy.schedule, this.uow.config.timeZone))];
    });
  }

  private specialScoring(ctx: YearContext): TodoItem[] {
    const waiting = ctx.stations.filter((s) => s.state === 'underScoring' && s.specialScored < ctx.specialCount);
    if (!waiting.length) return [];
    return [this.item('scoring.special', `评定专项管理得分：${waiting.length}个站所待评`, {
      year: ctx.year, count: waiting.length, detail: waiting.slice(0, 5).map((s) => s.name).join('、') + (waiting.length > 5 ? '等' : ''),
      link: consoleLink.scoring(ctx.year), // the command room has no late board (DOMAIN: "see who is late" is the coordinator's)
    })];
  }

  private async coordinatorItems(ctx: YearContext): Promise<TodoItem[]> {
    const { year, stations, rows, y } = ctx;
    const out: TodoItem[] = [...this.missingRecords(ctx)];
    const yearAllowed = allowedEvents(assessmentYearMachine, y.snapshot);
    // stations returned by the leaders (or with an upheld objection) come first: they hold the whole table up
    const rescore = new Set<string>(y.snapshot?.context?.rescoreStationIds ?? []);
    const tableReturned = Boolean(y.snapshot?.context?.tableReturned);
    for (const st of stations) {
      const returned = rescore.has(st.stationId) || (st.returns > 0 && st.state === 'underScoring');
      if (returned && st.state === 'underScoring') {
        out.push(this.item('station.rescore', `${st.name}被退回重新评分`, {
          year, stationId: st.stationId, stationName: st.name, detail: st.lastReturnReason ? `退回理由：${st.lastReturnReason}` : null,
          link: consoleLink.station(year, st.stationId, 'scores'),
        }));
      }
    }
    const submitted = stations.filter((s) => ['submitted', 'submittedLate'].includes(s.state) || (s.state === 'underScoring' && !rows.get(s.stationId)?.scoring.complete));
    if (submitted.length) {
      out.push(this.item('scoring.pending', `测评：${submitted.length}个站所待评分`, {
        year, count: submitted.length, detail: submitted.slice(0, 5).map((s) => s.name).join('、') + (submitted.length > 5 ? '等' : ''),
        link: consoleLink.board(year, '?milestone=scoring'),
      }));
    }
    for (const st of stations) {
      if (st.state === 'underScoring' && rows.get(st.stationId)?.scoring.complete) {
        out.push(this.item('scores.finalise', `确定${st.name}的测评得分`, {
          year, stationId: st.stationId, stationName: st.name, detail: '各项均已评分', link: consoleLink.station(year, st.stationId, 'scores'),
        }));
      }
    }
    const pending = await this.uow.db.query(
      `SELECT r.id, r.title, r.level, sy.station_id FROM recognitions r JOIN station_years sy ON sy.id = r.station_year_id
        WHERE sy.assessment_year_id = $1 AND r.status = 'pending' ORDER BY r.created_at`, [y.id],
    );
    for (const r of pending) {
      const st = stations.find((s) => s.stationId === r.station_id);
      out.push(this.item('recognitions.verify', `核实创新工作：${r.title}`, {
        year, stationId: r.station_id, stationName: st?.name ?? null, detail: st ? `${st.name}登记，待核实后计入创新加分` : null,
        link: consoleLink.station(year, r.station_id, 'recognitions'),
      }));
    }
    const overdue = stations.filter((s) => s.state === 'overdue');
    if (overdue.length) {
      out.push(this.item('stations.overdue', `${overdue.length}个站所自评逾期未交`, {
        year, count: overdue.length, detail: `${overdue.slice(0, 5).map((s) => s.name).join('、')}${overdue.length > 5 ? '等' : ''}：可准予延期或催报`,
        link: consoleLink.board(year, '?milestone=self_assessment&lateOnly=true'),
      }, ctx.deadline));
    }
    const lateMonths = stations.filter((s) => (rows.get(s.stationId)?.months.missing.length ?? 0) > 0);
    if (lateMonths.length) {
      out.push(this.item('stations.late', `${lateMonths.length}个站所月度记录缺报`, {
        year, count: lateMonths.length, link: consoleLink.board(year, '?milestone=months&lateOnly=true'),
      }));
    }
    const unscored = stations.filter((s) => STATION_YEAR_STATES.indexOf(s.state) < STATION_YEAR_STATES.indexOf(SCORED_FROM)).length;
    // results are computed only when every month due is recorded or waived (the late board's missing months)
    if (yearAllowed.includes('RESULTS_COMPUTED') && unscored === 0 && lateMonths.length === 0 && canApply(assessmentYearMachine, y.snapshot, { type: 'RESULTS_COMPUTED', unscoredStations: 0 })
      && (y.state !== 'resultsComputed' || rescore.size > 0 || tableReturned)) {
      out.push(this.item('results.compute', `计算${year}年度考核结果`, {
        year, detail: tableReturned ? '结果表被退回，重新评分后请重新计算' : '全部站所已确定得分', link: consoleLink.results(year),
      }));
    }
    if (yearAllowed.includes('SUBMITTED_FOR_APPROVAL')) {
      out.push(this.item('results.submit', `将${year}年度考核结果提交领导小组审定`, { year, detail: '结果已计算，请核对后提交', link: consoleLink.results(year) }));
    }
    return out;
  }

  private async leaderItems(ctx: YearContext): Promise<TodoItem[]> {
    const { year, y } = ctx;
    const out: TodoItem[] = [];
    const allowed = allowedEvents(assessmentYearMachine, y.snapshot);
    if (allowed.includes('APPROVED')) {
      out.push(this.item('results.approve', `审定${year}年度考核结果`, { year, detail: '协调组已提交结果表：审定通过，或退回重新评分', link: consoleLink.results(year) }));
    }
    const objections = y.snapshot?.context?.openObjections ?? [];
    if (objections.length && allowed.includes('OBJECTION_ANSWERED')) {
      out.push(this.item('objections.answer', `答复${objections.length}项公示期异议`, { year, count: objections.length, link: consoleLink.results(year) }));
    }
    if (canRelease(y.snapshot)) {
      out.push(this.item('results.release', `发布${year}年度考核结果`, { year, detail: '结果已审定：发布后向各站所及派出部门抄告', link: consoleLink.results(year) }));
    }
    return out;
  }

  private async failedDeliveries(actor: Actor): Promise<TodoItem[]> {
    const [{ n }] = await this.uow.db.query(
      `SELECT count(*)::int AS n FROM deliveries d JOIN notices n ON n.id = d.notice_id
        WHERE d.status = 'failed' AND ($1::uuid IS NULL OR n.subdistrict_id = $1::uuid)`,
      [actor.subdistrictId],
    );
    if (!n) return [];
    return [this.item('deliveries.failed', `${n}条通知投递失败`, {
      count: n, detail: actor.role === 'coordinator' ? '检查接收方的地址后重新投递' : '请协调组检查接收方的地址后重新投递', link: consoleLink.deliveries(),
    })];
  }

  /** The coming year's official holiday schedule, once it can be published (from November) and while it is missing. */
  private async missingCalendar(now: Date): Promise<TodoItem[]> {
    const today = localDate(now, this.uow.config.timeZone);
    const coming = Number(today.slice(0, 4)) + 1;
    if (Number(today.slice(5, 7)) < 11) return [];
    const calendar = await this.workingDays.calendar();
    if (calendar.hasYear(coming)) return [];
    return [this.item('calendar.missing', `载入${coming}年节假日安排`, {
      year: coming, detail: `尚无${coming}年国务院办公厅发布的节假日安排：缺失期间提醒日期只按周末顺延`, link: consoleLink.calendar(),
    })];
  }
}

interface YearContext {
  year: number;
  y: { id: string; state: AssessmentYearState; snapshot: any };
  policy: Policy;
  stations: StationYearFacts[];
  rows: Map<string, BoardRow>;
  deadline: Date;
  specialCount: number;
  now: Date;
}

/** '2026-12-31' → '2026年12月31日' */
export function chineseDate(civil: string): string {
  const [y, m, d] = civil.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function extensionEnd(snapshot: any): Date | null {
  const until = snapshot?.context?.extendedUntil;
  return until ? new Date(until) : null;
}

