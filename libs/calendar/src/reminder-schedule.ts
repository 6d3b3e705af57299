/**
 * When the product sends each reminder of an assessment year, from the policy's schedule config and the
 * working-day calendar.
 *
 * Rules (all driven by `ReminderSchedule`):
 * - Every reminder goes out at `time` (local, `tz`) on its nominal day. If that day is not a working day it
 *   moves by `nonWorkingDay`: 'previous' (default) / 'next' working day, or 'keep'.
 * - A move never takes a notice out of the span in which it makes sense:
 *     · reminders that something is due (monthly record reminder, window-open notice, self-assessment
 *       reminders) must go out before the due instant, otherwise they would arrive after it is late;
 *     · notices that something is late (monthly escalation, overdue notice, late list) must go out at or
 *       after the due instant: a station is never told it is late before it is;
 *     · the window-open notice is never sent before the window opens, and a monthly reminder never before
 *       its month has ended (it asks for that month's record).
 *   If the configured direction leaves that span, the other direction is tried; if neither fits, the
 *   nominal day is kept (the notice goes out on the non-working day rather than not at all). So with
 *   'previous', after-deadline notices in effect move to the next working day; with 'keep' they stay.
 * - The deadline itself is never moved: it is the end of the `deadline` day (start of the next local day).
 * - Two reminders of the same kind landing on the same local day collapse into one, keeping the one with
 *   the earliest configured date (and its occasion key): a station gets one "please submit" a day.
 * - Occasion keys are the configured (nominal) date or the record month, never the moved date, so they
 *   stay stable when an admin later loads the official holiday schedule and days shift: together with
 *   (station, year, kind) they are the unique key that keeps a reminder from being sent twice.
 */
import { civilDate, type CivilDate, daysInMonth, pad2 } from './civil-date';
import { type WorkingDayCalendar } from './working-day-calendar';
import { DEFAULT_TIME_ZONE, instantAt, localDate, startOfDay, startOfNextDay } from './zone';

export type NonWorkingDayRule = 'previous' | 'next' | 'keep';

/** The policy's reminder config; the policy library validates the same JSON shape. */
export interface ReminderSchedule {
  /** Local send time 'HH:mm'. */
  time: string;
  nonWorkingDay: NonWorkingDayRule;
  monthlyRecord: {
    /** A month's record is due by the end of this day of the following month. */
    dueDay: number;
    /** Reminder to stations whose record is missing (≤ dueDay). */
    reminderDay: number;
    /** Escalation to coordinators (> dueDay). */
    escalationDay: number;
  };
  selfAssessment: {
    /** 'MM-DD' in the assessment year. */
    windowOpens: string;
    /** 'MM-DD' days in the assessment year, from windowOpens to deadline. */
    reminders: string[];
    /** 'MM-DD': submissions are due by the end of this day. */
    deadline: string;
    /** 'MM-DD': first such day after the deadline day (1 Jan of the next year by default). */
    overdueNoticeOn: string;
  };
}

export type ReminderKind =
  | 'monthly_record_reminder'
  | 'monthly_record_escalation'
  | 'window_open'
  | 'self_assessment_reminder'
  | 'deadline'
  | 'overdue_notice'
  | 'late_list';

export interface ReminderOccasion {
  kind: ReminderKind;
  /** Stable key within (year, kind): record month 'YYYY-MM' for monthly kinds, else the configured date. */
  occasion: string;
  /** The configured day before any move ('YYYY-MM-DD'). */
  nominalDate: CivilDate;
  /** Local date of `at` (for the deadline: the day after the deadline day, as `at` is its 00:00). */
  localDate: CivilDate;
  at: Date;
}

export class ReminderScheduleError extends Error {
  constructor(readonly issues: { field: string; message: string }[]) {
    super('invalid reminder schedule:\n' + issues.map((i) => `  - ${i.field}: ${i.message}`).join('\n'));
    this.name = 'ReminderScheduleError';
  }
}

const KIND_ORDER: ReminderKind[] = [
  'deadline',
  'monthly_record_reminder',
  'monthly_record_escalation',
  'window_open',
  'self_assessment_reminder',
  'overdue_notice',
  'late_list',
];

/** Validates the schedule JSON (same rules as the policy library) and returns it typed. */
export function parseReminderSchedule(json: unknown): ReminderSchedule {
  const issues: { field: string; message: string }[] = [];
  const fail = (field: string, message: string) => issues.push({ field, message });
  const o = (isObject(json) ? json : {}) as Record<string, unknown>;
  if (!isObject(json)) fail('(root)', 'must be an object');

  if (typeof o.time !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(o.time)) fail('time', `must be 'HH:mm', got ${JSON.stringify(o.time)}`);
  if (!['previous', 'next', 'keep'].includes(o.nonWorkingDay as string)) {
    fail('nonWorkingDay', `must be "previous", "next" or "keep", got ${JSON.stringify(o.nonWorkingDay)}`);
  }

  const m = isObject(o.monthlyRecord) ? (o.monthlyRecord as Record<string, unknown>) : undefined;
  if (!m) fail('monthlyRecord', 'must be an object {dueDay, reminderDay, escalationDay}');
  else {
    // Days up to 28 exist in every month, so no month silently loses its reminder.
    const day = (k: string) => {
      const v = m[k];
      const ok = typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 28;
      if (!ok) fail(`monthlyRecord.${k}`, `must be an integer day 1–28, got ${JSON.stringify(v)}`);
      return ok ? (v as number) : undefined;
    };
    const [due, rem, esc] = [day('dueDay'), day('reminderDay'), day('escalationDay')];
    if (due !== undefined && rem !== undefined && rem > due) fail('monthlyRecord.reminderDay', `(${rem}) must not be after dueDay (${due})`);
    if (due !== undefined && esc !== undefined && esc <= due) fail('monthlyRecord.escalationDay', `(${esc}) must be after dueDay (${due})`);
  }

  const s = isObject(o.selfAssessment) ? (o.selfAssessment as Record<string, unknown>) : undefined;
  if (!s) fail('selfAssessment', 'must be an object {windowOpens, reminders, deadline, overdueNoticeOn}');
  else {
    const md = (v: unknown, field: string) => {
      if (!isMonthDay(v)) {
        fail(field, `must be a day 'MM-DD' (not 02-29), got ${JSON.stringify(v)}`);
        return undefined;
      }
      return v;
    };
    const opens = md(s.windowOpens, 'selfAssessment.windowOpens');
    const deadline = md(s.deadline, 'selfAssessment.deadline');
    md(s.overdueNoticeOn, 'selfAssessment.overdueNoticeOn');
    if (opens && deadline && opens > deadline) fail('selfAssessment.windowOpens', `(${opens}) must not be after the deadline (${deadline})`);
    if (!Array.isArray(s.reminders)) fail('selfAssessment.reminders', "must be an array of 'MM-DD' days");
    else {
      s.reminders.forEach((r, i) => {
        const v = md(r, `selfAssessment.reminders[${i}]`);
        if (v && opens && v < opens) fail(`selfAssessment.reminders[${i}]`, `(${v}) is before the window opens (${opens})`);
        if (v && deadline && v > deadline) fail(`selfAssessment.reminders[${i}]`, `(${v}) is after the deadline (${deadline})`);
      });
    }
  }
  if (issues.length > 0) throw new ReminderScheduleError(issues);
  return json as ReminderSchedule;
}

/** The instant a month's record becomes late: the end of `dueDay` of the following month (local). */
export function monthDueInstant(year: number, month: number, schedule: ReminderSchedule, tz: string = DEFAULT_TIME_ZONE): Date {
  return startOfNextDay(dayOfFollowingMonth(year, month, schedule.monthlyRecord.dueDay), tz);
}

/** The instant a self-assessment becomes late: the end of the `deadline` day (local) of `year`. */
export function selfAssessmentDeadline(year: number, schedule: ReminderSchedule, tz: string = DEFAULT_TIME_ZONE): Date {
  return startOfNextDay(`${year}-${schedule.selfAssessment.deadline}`, tz);
}

/**
 * Late = submitted at or after `dueAt`, or not submitted and `now` has reached `dueAt`. `dueAt` is the
 * first late instant (23:59:59.999 on the last day is on time). An extension does not change this: a
 * late submission stays marked late even when it was allowed.
 */
export function isLate(dueAt: Date, submittedAt: Date | null | undefined, now: Date): boolean {
  if (submittedAt) return submittedAt.getTime() >= dueAt.getTime();
  return now.getTime() >= dueAt.getTime();
}

export function isMonthRecordLate(
  year: number,
  month: number,
  submittedAt: Date | null | undefined,
  now: Date,
  schedule: ReminderSchedule,
  tz: string = DEFAULT_TIME_ZONE,
): boolean {
  return isLate(monthDueInstant(year, month, schedule, tz), submittedAt, now);
}

export function isSelfAssessmentLate(
  year: number,
  submittedAt: Date | null | undefined,
  now: Date,
  schedule: ReminderSchedule,
  tz: string = DEFAULT_TIME_ZONE,
): boolean {
  return isLate(selfAssessmentDeadline(year, schedule, tz), submittedAt, now);
}

/** Months (1–12) of `year` whose record is due at `now`: the late board checks these for missing records. */
export function monthsDueBy(year: number, now: Date, schedule: ReminderSchedule, tz: string = DEFAULT_TIME_ZONE): number[] {
  const out: number[] = [];
  for (let month = 1; month <= 12; month++) {
    if (now.getTime() >= monthDueInstant(year, month, schedule, tz).getTime()) out.push(month);
  }
  return out;
}

/** Every reminder occasion of assessment `year` (monthly ones run into January of the next year), sorted by time. */
export function reminderOccasions(
  year: number,
  schedule: ReminderSchedule,
  calendar: WorkingDayCalendar,
  tz: string = DEFAULT_TIME_ZONE,
): ReminderOccasion[] {
  // the schedule comes from a policy file, validated once when it was loaded (parseReminderSchedule for others)
  const { monthlyRecord: mr, selfAssessment: sa } = schedule;
  const out: ReminderOccasion[] = [];

  const add = (kind: ReminderKind, occasion: string, nominal: CivilDate, span: Span) => {
    const day = place(nominal, schedule, calendar, tz, span);
    out.push({ kind, occasion, nominalDate: nominal, localDate: day, at: instantAt(day, schedule.time, tz) });
  };

  for (let month = 1; month <= 12; month++) {
    const key = `${year}-${pad2(month)}`;
    const due = monthDueInstant(year, month, schedule, tz);
    const monthEnded = startOfDay(dayOfFollowingMonth(year, month, 1), tz);
    add('monthly_record_reminder', key, dayOfFollowingMonth(year, month, mr.reminderDay), { notBefore: monthEnded, before: due });
    add('monthly_record_escalation', key, dayOfFollowingMonth(year, month, mr.escalationDay), { notBefore: due });
  }

  const opensDay = `${year}-${sa.windowOpens}`;
  const deadlineDay = `${year}-${sa.deadline}`;
  const deadline = selfAssessmentDeadline(year, schedule, tz);
  const opens = startOfDay(opensDay, tz);
  add('window_open', opensDay, opensDay, { notBefore: opens, before: deadline });

  const reminders: ReminderOccasion[] = [];
  for (const md of [...sa.reminders].sort()) {
    const nominal = `${year}-${md}`;
    const day = place(nominal, schedule, calendar, tz, { notBefore: opens, before: deadline });
    // Same kind, same day: keep the first (earliest configured) one only.
    if (reminders.some((r) => r.localDate === day)) continue;
    reminders.push({ kind: 'self_assessment_reminder', occasion: nominal, nominalDate: nominal, localDate: day, at: instantAt(day, schedule.time, tz) });
  }
  out.push(...reminders);

  out.push({ kind: 'deadline', occasion: deadlineDay, nominalDate: deadlineDay, localDate: localDate(deadline, tz), at: deadline });

  // The first overdueNoticeOn strictly after the deadline day: '01-01' with deadline '12-31' is next year.
  const overdueDay = `${sa.overdueNoticeOn > sa.deadline ? year : year + 1}-${sa.overdueNoticeOn}`;
  add('overdue_notice', overdueDay, overdueDay, { notBefore: deadline });
  add('late_list', overdueDay, overdueDay, { notBefore: deadline });

  return out.sort(
    (a, b) =>
      a.at.getTime() - b.at.getTime() ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      (a.occasion < b.occasion ? -1 : a.occasion > b.occasion ? 1 : 0),
  );
}

interface Span {
  /** The send instant must be ≥ this. */
  notBefore?: Date;
  /** The send instant must be < this. */
  before?: Date;
}

function place(nominal: CivilDate, schedule: ReminderSchedule, calendar: WorkingDayCalendar, tz: string, span: Span): CivilDate {
  if (schedule.nonWorkingDay === 'keep' || calendar.isWorkingDay(nominal)) return nominal;
  const fits = (day: CivilDate) => {
    const t = instantAt(day, schedule.time, tz).getTime();
    return (!span.notBefore || t >= span.notBefore.getTime()) && (!span.before || t < span.before.getTime());
  };
  const earlier = calendar.workingDayOnOrBefore(nominal);
  const later = calendar.workingDayOnOrAfter(nominal);
  const order = schedule.nonWorkingDay === 'previous' ? [earlier, later] : [later, earlier];
  return order.find(fits) ?? nominal;
}

/** `day` of the month after (year, month): the record of December is due in January of year + 1. */
function dayOfFollowingMonth(year: number, month: number, day: number): CivilDate {
  const [y, m] = month === 12 ? [year + 1, 1] : [year, month + 1];
  return civilDate(y, m, Math.min(day, daysInMonth(y, m)));
}

function isMonthDay(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{2}-\d{2}$/.test(v)) return false;
  const [m, d] = [Number(v.slice(0, 2)), Number(v.slice(3, 5))];
  // 2001 is not a leap year: 02-29 is rejected because it does not exist every year.
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(2001, m);
}

function isObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
