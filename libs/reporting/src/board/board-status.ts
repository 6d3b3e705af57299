/**
 * Pure derivations of the late board (no I/O): the self-assessment status of a station-year row, the months
 * missing and how late, and the labels people read (Chinese) beside the keys code reads (English).
 */
import { inStates, STATION_STATES } from '@app/assessment/domain';

export const SELF_ASSESSMENT_STATUSES = ['not_started', 'draft', 'submitted', 'submitted_late', 'overdue', 'extended'] as const;
export type SelfAssessmentStatus = (typeof SELF_ASSESSMENT_STATUSES)[number];

export const SELF_ASSESSMENT_STATUS_LABELS: Record<SelfAssessmentStatus, string> = {
  not_started: '未填报',
  draft: '草稿未提交',
  submitted: '已提交',
  submitted_late: '逾期提交',
  overdue: '逾期未交',
  extended: '延期',
};

export const MILESTONES = ['months', 'self_assessment', 'scoring', 'notices'] as const;
export type Milestone = (typeof MILESTONES)[number];

export const MILESTONE_LABELS: Record<Milestone, string> = {
  months: '月度记录',
  self_assessment: '自评表',
  scoring: '测评',
  notices: '抄告送达',
};

export interface StationYearFacts {
  state: string;
  late: boolean;
  submittedAt: Date | null;
  extendedUntil: Date | null;
  /** self_assessments.status, or null when the station has not saved anything */
  draftStatus: 'draft' | 'submitted' | null;
}

/**
 * Where a station's self-assessment stands at `now`. A station that missed the deadline shows as overdue from
 * the deadline instant on, even before the sweep has marked it; a lapsed extension shows as overdue again.
 */
export function selfAssessmentStatus(f: StationYearFacts, now: Date, deadline: Date): { status: SelfAssessmentStatus; extendedUntil: Date | null } {
  const submitted = f.submittedAt !== null || f.draftStatus === 'submitted' || inStates(STATION_STATES.submitted, f.state);
  if (submitted) return { status: f.late || inStates(STATION_STATES.submittedLate, f.state) ? 'submitted_late' : 'submitted', extendedUntil: null };
  if (inStates(STATION_STATES.extended, f.state) && f.extendedUntil && now <= f.extendedUntil) return { status: 'extended', extendedUntil: f.extendedUntil };
  // overdue: marked so, a lapsed extension, past the deadline, or taken into scoring without a submission
  if (inStates(STATION_STATES.late, f.state) || f.late || now >= deadline || inStates(STATION_STATES.scoringOrLater, f.state)) {
    return { status: 'overdue', extendedUntil: null };
  }
  return { status: f.draftStatus === 'draft' ? 'draft' : 'not_started', extendedUntil: null };
}

/** 延期至2027-01-10 for an extension, else the status label. */
export function selfAssessmentLabel(status: SelfAssessmentStatus, extendedUntilDate: string | null): string {
  return status === 'extended' && extendedUntilDate ? `延期至${extendedUntilDate}` : SELF_ASSESSMENT_STATUS_LABELS[status];
}

export interface MonthLateness {
  month: number;
  daysLate: number;
}

/**
 * Months recorded and missing, with days late (whole days begun since the due instant: 1 hour late is 1 day).
 * `dueAt[m - 1]` is month m's due instant; a month is missing once `now` has reached its due instant.
 */
export function monthsStatus(recorded: readonly { month: number; at: Date | null }[], dueAt: readonly Date[], now: Date) {
  const byMonth = new Map(recorded.map((r) => [r.month, r.at]));
  const missing: MonthLateness[] = [];
  const recordedLate: MonthLateness[] = [];
  for (let m = 1; m <= 12; m++) {
    const due = dueAt[m - 1];
    if (byMonth.has(m)) {
      const at = byMonth.get(m);
      if (at && at >= due) recordedLate.push({ month: m, daysLate: daysBegun(at.getTime() - due.getTime()) });
    } else if (now >= due) {
      missing.push({ month: m, daysLate: daysBegun(now.getTime() - due.getTime()) });
    }
  }
  const due = dueAt.filter((d) => now >= d).length;
  const maxDaysLate = Math.max(0, ...missing.map((x) => x.daysLate), ...recordedLate.map((x) => x.daysLate));
  return { recorded: byMonth.size, due, missing, recordedLate, maxDaysLate };
}

/**
 * The same figures as monthsStatus from the board query's aggregates: `recorded` months, `mask` with bit m set when
 * month m is recorded, `lateMonths` as daysLate * 16 + month for months recorded at or after their due instant
 * (computed in SQL), `missingDaysLate[m - 1]` the days late of month m if missing now (null while not due), `due`
 * the months due now.
 */
export function monthsFromMask(recorded: number, mask: number, lateMonths: readonly number[] | null, missingDaysLate: readonly (number | null)[], due: number) {
  const missing: MonthLateness[] = [];
  let maxDaysLate = 0;
  for (let m = 1; m <= 12; m++) {
    const daysLate = missingDaysLate[m - 1];
    if (daysLate !== null && !(mask & (1 << m))) {
      missing.push({ month: m, daysLate });
      if (daysLate > maxDaysLate) maxDaysLate = daysLate;
    }
  }
  const recordedLate: MonthLateness[] = [];
  if (lateMonths) {
    for (const v of lateMonths) {
      const daysLate = v >> 4;
      recordedLate.push({ month: v & 15, daysLate });
      if (daysLate > maxDaysLate) maxDaysLate = daysLate;
    }
    if (recordedLate.length > 1) recordedLate.sort((a, b) => a.month - b.month);
  }
  return { recorded, due, missing, recordedLate, maxDaysLate };
}

function daysBegun(ms: number): number {
  return Math.max(1, Math.ceil(ms / 86_400_000));
}
