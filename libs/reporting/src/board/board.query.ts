/**
 * The late board (催报看板) of a subdistrict year: one set-based query (board.sql.ts, the same text the whole-set
 * benchmark runs, with the subdistrict year as a filter), then light derivations per row (board-status.ts) against
 * the clock and the year's policy schedule. Filters on station kind and department run in SQL; milestone /
 * late-only filters and sorting run on the derived rows.
 */
import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { localDate, monthDueInstant, selfAssessmentDeadline } from '@app/calendar';
import { loadYear, UnitOfWork, ValidationError } from '@app/assessment';
import type { YearRef } from '@app/assessment';
import { ROLE_LABELS } from '@app/platform';
import { STATION_KIND_LABELS } from '@app/policy';
import {
  Milestone, MILESTONES, MILESTONE_LABELS, monthsFromMask, selfAssessmentLabel, selfAssessmentStatus, SelfAssessmentStatus,
} from './board-status';
import { BOARD_SQL, boardParams, type BoardScope } from './board.sql';

export const BOARD_SORTS = ['name', 'department', 'kind', 'monthsMissing', 'daysLate', 'selfAssessment', 'reminders', 'lastReminder', 'lastNotice', 'scoring', 'notices'] as const;
export type BoardSort = (typeof BOARD_SORTS)[number];

export interface BoardFilters {
  milestone?: Milestone;
  kind?: 'independent' | 'regional';
  departmentId?: string;
  /** only stations sent a notice of this occasion (12月15日自评提醒) */
  occasion?: string;
  lateOnly?: boolean;
  sort?: BoardSort;
  order?: 'asc' | 'desc';
}

const SA_SEVERITY: Record<SelfAssessmentStatus, number> = { overdue: 5, extended: 4, not_started: 3, draft: 2, submitted_late: 1, submitted: 0 };
const collator = new Intl.Collator('zh-CN');

export type BoardRow = ReturnType<BoardQueries['deriveRow']>;
export type Board = Awaited<ReturnType<BoardQueries['board']>>;

@Injectable()
export class BoardQueries {
  constructor(private readonly uow: UnitOfWork) {}

  async board(ref: YearRef, filters: BoardFilters = {}) {
    validate(filters);
    const db = this.uow.db;
    const y = await loadYear(db, ref.subdistrictId, ref.year);
    const policy = this.uow.policies.get(y.policyVersion);
    const tz = this.uow.config.timeZone;
    const now = this.uow.now();
    const ctx = boardContext(ref.year, policy, tz, now);
    const [raw, [sub], occasions] = await Promise.all([
      boardRows(db, { year: ref.year, assessmentYearId: y.id, kind: filters.kind, departmentId: filters.departmentId, occasion: filters.occasion }, ctx),
      db.query(`SELECT name FROM subdistricts WHERE id = $1`, [ref.subdistrictId]),
      boardOccasions(db, y.id),
    ]);
    const all: BoardRow[] = raw.map((r: any) => this.deriveRow(r, ctx));
    const totals = boardTotals(all, ctx.itemCount);
    let rows: BoardRow[] = all;
    if (filters.milestone) rows = rows.filter((r: BoardRow) => r.outstanding[filters.milestone!]);
    if (filters.lateOnly) rows = rows.filter((r: BoardRow) => (filters.milestone ? r.lateIn[filters.milestone] : r.late));
    rows = sortRows(rows, filters.sort ?? 'name', filters.order ?? 'asc');
    return {
      subdistrictId: ref.subdistrictId, subdistrict: sub?.name as string, year: ref.year, yearState: y.state, policyVersion: y.policyVersion,
      generatedAt: now, deadline: ctx.deadline, itemCount: ctx.itemCount, filters, totals, occasions, rows,
    };
  }

  deriveRow(r: any, ctx: BoardContext) {
    const months = monthsFromMask(bitCount(r.months_mask), r.months_mask, numbers(r.late_months), ctx.missingDaysLate, ctx.due);
    const submittedAt = toDate(r.submitted_at);
    const sa = selfAssessmentStatus(
      { state: r.state, late: r.late, submittedAt, extendedUntil: toDate(r.extended_until), draftStatus: r.sa_status ?? null },
      ctx.now, ctx.deadline,
    );
    const extendedUntilDate = sa.extendedUntil ? localDate(sa.extendedUntil, ctx.tz) : null;
    const roles: string[] = r.scored_roles ?? [];
    const scoring = {
      itemsScored: r.items_scored as number, itemCount: ctx.itemCount, roles, roleLabels: roles.map((x) => (ROLE_LABELS as Record<string, string>)[x] ?? x),
      lastScoredAt: toDate(r.last_scored_at), complete: r.items_scored >= ctx.itemCount,
    };
    const notices = { delivered: r.notices_delivered as number, total: r.notices_total as number, failed: r.notices_failed as number };
    const lateIn: Record<Milestone, boolean> = {
      months: months.missing.length > 0,
      self_assessment: ['overdue', 'extended', 'submitted_late'].includes(sa.status),
      scoring: false,
      notices: notices.failed > 0,
    };
    const outstanding: Record<Milestone, boolean> = {
      months: months.missing.length > 0,
      self_assessment: !['submitted', 'submitted_late'].includes(sa.status),
      scoring: !scoring.complete,
      notices: notices.total === 0 || notices.delivered < notices.total,
    };
    return {
      stationId: r.station_id as string, name: r.name as string, kind: r.kind as string, kindLabel: (STATION_KIND_LABELS as Record<string, string>)[r.kind] ?? r.kind,
      departmentId: r.department_id as string, department: r.department as string, head: r.head_name as string | null,
      state: r.state as string,
      months: { due: months.due, recorded: months.recorded, missing: months.missing, recordedLate: months.recordedLate, maxDaysLate: months.maxDaysLate },
      selfAssessment: {
        status: sa.status, label: selfAssessmentLabel(sa.status, extendedUntilDate), extendedUntil: extendedUntilDate,
        submittedAt,
      },
      reminders: { count: r.reminders as number, lastAt: toDate(r.last_reminder_at) },
      lastNotice: r.last_occasion === null ? null : { occasion: r.last_occasion as string, issuedAt: toDate(r.last_notice_at) as Date },
      scoring,
      notices,
      late: lateIn.months || lateIn.self_assessment,
      lateIn,
      outstanding,
    };
  }
}

export interface BoardContext {
  now: Date;
  tz: string;
  /** month m's due instant at [m - 1] */
  dueAt: Date[];
  deadline: Date;
  itemCount: number;
  /** months due at `now` */
  due: number;
  /** days late of month m at [m - 1] if it is missing at `now`; null while not yet due */
  missingDaysLate: (number | null)[];
}

export function boardContext(year: number, policy: any, tz: string, now: Date): BoardContext {
  const dueAt = Array.from({ length: 12 }, (_, i) => monthDueInstant(year, i + 1, policy.schedule, tz));
  return {
    now, tz, dueAt,
    deadline: selfAssessmentDeadline(year, policy.schedule, tz),
    itemCount: policy.parts.reduce((n: number, p: any) => n + p.items.length, 0),
    due: dueAt.filter((d) => now >= d).length,
    missingDaysLate: dueAt.map((d) => (now >= d ? Math.max(1, Math.ceil((now.getTime() - d.getTime()) / 86_400_000)) : null)),
  };
}

/**
 * The board's raw rows for a scope (one subdistrict year, or every subdistrict of the year): BOARD_SQL as a named
 * prepared statement on the pooled connection, so it is planned once per connection (planning the many-join query
 * cost more than running it for one subdistrict). A whole-set query runs with JIT off in its own transaction: its
 * plan's cost passes jit_above_cost, and compiling it took longer (≈0.8 s) than running it.
 */
export async function boardRows(db: DataSource, scope: BoardScope, ctx: BoardContext): Promise<any[]> {
  const which = scope.assessmentYearId ? 'year' : 'all';
  const statement = { name: `late_board_${which}`, text: BOARD_SQL[which], values: boardParams(scope, ctx.dueAt) };
  const runner = db.createQueryRunner('slave');
  try {
    const client: { query(q: unknown): Promise<{ rows: any[] }> } = await runner.connect();
    if (which === 'year') return (await client.query(statement)).rows;
    await client.query('BEGIN; SET LOCAL jit = off');
    try {
      const { rows } = await client.query(statement);
      await client.query('COMMIT');
      return rows;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  } finally {
    await runner.release();
  }
}

/** The occasions of the notices sent about the year's stations (the board's occasion filter), from the summaries. */
async function boardOccasions(db: DataSource, assessmentYearId: string): Promise<string[]> {
  const rows: { o: string }[] = await db.query(
    `SELECT DISTINCT o FROM station_years sy JOIN board_summaries b ON b.station_id = sy.station_id AND b.year = sy.year
       CROSS JOIN LATERAL unnest(b.occasions) o
     WHERE sy.assessment_year_id = $1 ORDER BY o`, [assessmentYearId],
  );
  return rows.map((r) => r.o);
}

/** An epoch-milliseconds column (board.sql.ts) as the Date the driver would have made of the timestamp. */
function toDate(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}

/** '162,243' → [162, 243]; '' → null. */
function numbers(text: string): number[] | null {
  if (!text) return null;
  const out: number[] = [];
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44) {
      out.push(n);
      n = 0;
    } else n = n * 10 + c - 48;
  }
  out.push(n);
  return out;
}

function bitCount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
}

/** Totals per milestone over the rows before the milestone/late-only filters ("7 of 18 submitted, 3 overdue"). */
export function boardTotals(rows: BoardRow[], itemCount: number) {
  const n = rows.length;
  const count = (f: (r: BoardRow) => boolean) => rows.filter(f).length;
  const sa = (s: SelfAssessmentStatus) => count((r) => r.selfAssessment.status === s);
  const submitted = sa('submitted') + sa('submitted_late');
  const upToDate = count((r) => r.months.missing.length === 0);
  const complete = count((r) => r.scoring.complete);
  const started = count((r) => r.scoring.itemsScored > 0 && !r.scoring.complete);
  const delivered = rows.reduce((t, r) => t + r.notices.delivered, 0);
  const total = rows.reduce((t, r) => t + r.notices.total, 0);
  const failed = rows.reduce((t, r) => t + r.notices.failed, 0);
  return {
    stations: n,
    months: {
      label: `${upToDate} of ${n} up to date, ${n - upToDate} with missing months`,
      labelZh: `${MILESTONE_LABELS.months}：${n}个站所中${upToDate}个已报齐，${n - upToDate}个缺报`,
      upToDate, withMissing: n - upToDate, missingMonths: rows.reduce((t, r) => t + r.months.missing.length, 0),
    },
    selfAssessment: {
      label: `${submitted} of ${n} submitted, ${sa('overdue')} overdue`,
      labelZh: `${MILESTONE_LABELS.self_assessment}：应交${n}个，已交${submitted}个（逾期提交${sa('submitted_late')}个），逾期未交${sa('overdue')}个，延期${sa('extended')}个`,
      submitted, submittedLate: sa('submitted_late'), overdue: sa('overdue'), extended: sa('extended'), draft: sa('draft'), notStarted: sa('not_started'),
    },
    scoring: {
      label: `${complete} of ${n} scored, ${started} in progress`,
      labelZh: `${MILESTONE_LABELS.scoring}：${n}个站所中${complete}个已评完${itemCount}项，${started}个评分中`,
      complete, inProgress: started, notStarted: n - complete - started,
    },
    notices: {
      label: `${delivered} of ${total} result notices delivered, ${failed} failed`,
      labelZh: `${MILESTONE_LABELS.notices}：抄告${total}份，已送达${delivered}份，失败${failed}份`,
      delivered, total, failed,
    },
  };
}

function sortRows(rows: BoardRow[], sort: BoardSort, order: 'asc' | 'desc'): BoardRow[] {
  const key: Record<BoardSort, (a: BoardRow, b: BoardRow) => number> = {
    name: (a, b) => collator.compare(a.name, b.name),
    department: (a, b) => collator.compare(a.department, b.department),
    kind: (a, b) => a.kind.localeCompare(b.kind),
    monthsMissing: (a, b) => a.months.missing.length - b.months.missing.length,
    daysLate: (a, b) => a.months.maxDaysLate - b.months.maxDaysLate,
    selfAssessment: (a, b) => SA_SEVERITY[a.selfAssessment.status] - SA_SEVERITY[b.selfAssessment.status],
    reminders: (a, b) => a.reminders.count - b.reminders.count,
    lastReminder: (a, b) => (a.reminders.lastAt?.getTime() ?? 0) - (b.reminders.lastAt?.getTime() ?? 0),
    lastNotice: (a, b) => (a.lastNotice?.issuedAt.getTime() ?? 0) - (b.lastNotice?.issuedAt.getTime() ?? 0),
    scoring: (a, b) => a.scoring.itemsScored - b.scoring.itemsScored,
    notices: (a, b) => a.notices.delivered - b.notices.delivered,
  };
  const sign = order === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => sign * key[sort](a, b) || collator.compare(a.name, b.name));
}

function validate(f: BoardFilters): void {
  if (f.milestone && !MILESTONES.includes(f.milestone)) throw new ValidationError('milestone', `must be one of ${MILESTONES.join(', ')}`);
  if (f.kind && !['independent', 'regional'].includes(f.kind)) throw new ValidationError('kind', 'must be independent or regional');
  if (f.sort && !BOARD_SORTS.includes(f.sort)) throw new ValidationError('sort', `must be one of ${BOARD_SORTS.join(', ')}`);
  if (f.order && !['asc', 'desc'].includes(f.order)) throw new ValidationError('order', 'must be asc or desc');
  if (f.occasion !== undefined && (typeof f.occasion !== 'string' || f.occasion.length < 1 || f.occasion.length > 100)) {
    throw new ValidationError('occasion', 'must be an occasion of 1 to 100 characters, e.g. 12月15日自评提醒');
  }
  if (f.departmentId && !/^[0-9a-f-]{36}$/i.test(f.departmentId)) throw new ValidationError('departmentId', 'must be a uuid');
}
