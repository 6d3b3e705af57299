/**
 * Pure derivations of the whole-set overview (全域进度总览): from a subdistrict's time-independent counters (the
 * read model `board_overview`, libs/persistence/src/board-overview.ts) and the year's board context at `now`, the
 * figures the late board's totals show for that subdistrict (boardTotals in board.query.ts) — without its rows.
 *
 * What depends on time is derived here, exactly as the board derives it per station (board-status.ts):
 * - months: month m is due once `now` reaches its due instant; the due months are always a prefix 1 … k (each
 *   month is due in the following one), so the stations missing one are those without every month up to k
 *   (`monthsThrough[k - 1]`), and the months missing add up per month (`stations - monthsCovered[m - 1]`);
 * - self-assessment: a station pending at the deadline is overdue from the deadline instant on; an extended one
 *   while `now` is at or before its extension's end, overdue after;
 * - scoring: complete with every item of the policy scored, in progress with some.
 */
import type { BoardContext } from './board.query';

export interface OverviewCounters {
  stations: number;
  saSubmitted: number;
  saSubmittedLate: number;
  /** overdue whatever the time: marked overdue or late, or in scoring without a submission */
  saOverdue: number;
  /** not submitted, not late yet, with a draft saved / with nothing saved: overdue from the deadline on */
  saPendingDraft: number;
  saPending: number;
  /** the extension ends of the stations extended (not submitted), one per station */
  extendedUntil: readonly Date[];
  /** [m - 1]: stations with month m recorded or waived */
  monthsCovered: readonly number[];
  /** [m - 1]: stations with every month 1 … m recorded or waived */
  monthsThrough: readonly number[];
  /** [k]: stations with k items scored (only k below the item count is read: the rest are complete) */
  itemsHist: readonly (number | null)[];
  noticesTotal: number;
  noticesDelivered: number;
  noticesFailed: number;
}

export type OverviewContext = Pick<BoardContext, 'now' | 'deadline' | 'dueAt' | 'due' | 'itemCount'>;

export interface OverviewFigures {
  stations: number;
  selfAssessment: { submitted: number; submittedLate: number; notSubmitted: number; overdue: number; extended: number; draft: number; notStarted: number };
  months: { due: number; upToDate: number; withMissing: number; missingMonths: number };
  scoring: { complete: number; inProgress: number; notStarted: number };
  notices: { total: number; delivered: number; failed: number };
}

export function overviewFigures(c: OverviewCounters, ctx: OverviewContext): OverviewFigures {
  const k = dueMonths(ctx);
  const n = c.stations;
  let missingMonths = 0;
  for (let m = 1; m <= k; m++) missingMonths += n - (c.monthsCovered[m - 1] ?? 0);
  const withMissing = k === 0 ? 0 : n - (c.monthsThrough[k - 1] ?? 0);

  const pastDeadline = ctx.now.getTime() >= ctx.deadline.getTime();
  const extended = c.extendedUntil.filter((u) => ctx.now.getTime() <= u.getTime()).length;
  const lapsed = c.extendedUntil.length - extended;
  const pending = c.saPendingDraft + c.saPending;

  let inProgress = 0;
  let notStarted = 0;
  for (let i = 0; i < ctx.itemCount; i++) {
    const x = c.itemsHist[i] ?? 0;
    if (i === 0) notStarted = x;
    else inProgress += x;
  }
  return {
    stations: n,
    selfAssessment: {
      submitted: c.saSubmitted + c.saSubmittedLate,
      submittedLate: c.saSubmittedLate,
      notSubmitted: n - c.saSubmitted - c.saSubmittedLate,
      overdue: c.saOverdue + lapsed + (pastDeadline ? pending : 0),
      extended,
      draft: pastDeadline ? 0 : c.saPendingDraft,
      notStarted: pastDeadline ? 0 : c.saPending,
    },
    months: { due: k, upToDate: n - withMissing, withMissing, missingMonths },
    scoring: { complete: n - notStarted - inProgress, inProgress, notStarted },
    notices: { total: c.noticesTotal, delivered: c.noticesDelivered, failed: c.noticesFailed },
  };
}

/** The months due at `now` (k): months 1 … k, refused if the schedule ever made them anything but a prefix. */
function dueMonths(ctx: OverviewContext): number {
  const k = ctx.due;
  ctx.dueAt.forEach((d, i) => {
    if ((ctx.now.getTime() >= d.getTime()) !== i < k) throw new Error(`the months due at ${ctx.now.toISOString()} are not months 1 … ${k}`);
  });
  return k;
}

/** Figures added up (subdistricts into the grand totals); `due` is the larger (years of one policy agree). */
export function addOverviewFigures(a: OverviewFigures, b: OverviewFigures): OverviewFigures {
  const add = <T extends Record<string, number>>(x: T, y: T): T => Object.fromEntries(Object.keys(x).map((key) => [key, x[key] + y[key]])) as T;
  return {
    stations: a.stations + b.stations,
    selfAssessment: add(a.selfAssessment, b.selfAssessment),
    months: { ...add(a.months, b.months), due: Math.max(a.months.due, b.months.due) },
    scoring: add(a.scoring, b.scoring),
    notices: add(a.notices, b.notices),
  };
}

export const EMPTY_OVERVIEW_FIGURES: OverviewFigures = {
  stations: 0,
  selfAssessment: { submitted: 0, submittedLate: 0, notSubmitted: 0, overdue: 0, extended: 0, draft: 0, notStarted: 0 },
  months: { due: 0, upToDate: 0, withMissing: 0, missingMonths: 0 },
  scoring: { complete: 0, inProgress: 0, notStarted: 0 },
  notices: { total: 0, delivered: 0, failed: 0 },
};
