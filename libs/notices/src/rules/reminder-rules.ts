/**
 * Who is reminded of what, and when: from the policy's schedule and the working-day calendar, the batches of
 * notices due at `now` for a group of assessment years sharing a policy version and a year. Pure: the sweep hands
 * the batches to the notice store, which creates each notice once (unique key per occasion).
 *
 * - window-open notice (1 Dec) and December reminders (15/24/29/31) to stations still in selfAssessmentOpen,
 *   until the deadline;
 * - monthly record reminder (3rd) to stations whose previous month's record is missing, until it is due (5th);
 * - escalation (6th) to coordinators: the list of stations whose record is still missing;
 * - overdue notice (1 Jan, moved to a working day) to overdue stations; the late list to coordinators.
 * Catch-up rule: of each kind only the most recent due occasion is sent (a sweep down over 15 and 24 December
 * sends the 24 December reminder once, not both).
 */
import {
  addDays, localDate, monthDueInstant, ReminderKind, ReminderOccasion, reminderOccasions, ReminderSchedule, selfAssessmentDeadline,
  WorkingDayCalendar,
} from '@app/calendar';
import { STATION_STATES } from '@app/assessment/domain';
import { consoleLink } from '@app/platform';
import { NOTICE_KINDS } from '../delivery/notice-kinds';
import { lateListTitle, overdueTitle, reminderTitle } from '../render/compose-notice';
import type { ReminderTopic } from '../render/notice.types';
import type { CoordinatorListBatch, StationAudience, StationNoticeBatch } from '../store/notice-drafts';
import { STILL_DUE } from './no-longer-due';
import { noticeLink } from './notice-link';
import { occasionLabel } from './occasion-label';

export interface YearGroup {
  year: number;
  assessmentYearIds: string[];
  schedule: ReminderSchedule;
  calendar: WorkingDayCalendar;
  timeZone: string;
  /** CONSOLE_BASE_URL: notices that ask for work link to its page. */
  consoleBaseUrl?: string;
}

export type NoticeBatch = { to: 'stations'; batch: StationNoticeBatch } | { to: 'coordinators'; batch: CoordinatorListBatch };

/** 'YYYY-MM' record month → its due date: dueDay of the following month. */
export function dueDateOfMonth(month: string, dueDay: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
  return `${ny}-${String(nm).padStart(2, '0')}-${String(dueDay).padStart(2, '0')}`;
}

/** The last local day a self-assessment is on time (the deadline is the start of the day after). */
const lastDayToSubmit = (g: YearGroup) => addDays(localDate(selfAssessmentDeadline(g.year, g.schedule, g.timeZone), g.timeZone), -1);

/** The batches due at `now` (in the order they should be created). */
export function dueReminderBatches(g: YearGroup, now: Date): NoticeBatch[] {
  const { schedule, timeZone: tz } = g;
  const deadline = selfAssessmentDeadline(g.year, schedule, tz);
  const deadlineDay = lastDayToSubmit(g);
  const occasions = reminderOccasions(g.year, schedule, g.calendar, tz);
  const latest = (kind: ReminderKind): ReminderOccasion | undefined => occasions.filter((o) => o.kind === kind && o.at <= now).pop();
  const audience = (a: Omit<StationAudience, 'assessmentYearIds'>): StationAudience => ({ assessmentYearIds: g.assessmentYearIds, ...a });
  const out: NoticeBatch[] = [];

  const reminder = (kind: typeof NOTICE_KINDS.selfAssessmentReminder, occ: ReminderOccasion, topic: ReminderTopic) =>
    out.push({ to: 'stations', batch: {
      kind, occasion: occ.occasion, occasionLabel: occasionLabel(kind, occ.localDate), title: reminderTitle(g.year, topic), issueDate: occ.localDate,
      audience: audience({ inStates: STILL_DUE[kind].inStates }), fields: { kind: 'reminder', topic },
    } });

  const windowOpen = latest('window_open');
  if (windowOpen && now < deadline) out.push({ to: 'stations', batch: windowOpenBatch(g, windowOpen, windowOpen.nominalDate, windowOpen.localDate) });
  const december = latest('self_assessment_reminder');
  if (december && now < deadline) {
    const daysLeft = Math.max(0, Math.round((Date.parse(deadlineDay) - Date.parse(december.localDate)) / 86_400_000));
    reminder(NOTICE_KINDS.selfAssessmentReminder, december, { type: 'self_assessment_due', deadline: deadlineDay, daysLeft });
  }

  const monthly = latest('monthly_record_reminder');
  if (monthly && now < monthDueInstant(Number(monthly.occasion.slice(0, 4)), Number(monthly.occasion.slice(5, 7)), schedule, tz)) {
    const topic: ReminderTopic = { type: 'monthly_record_missing', month: monthly.occasion, dueDate: dueDateOfMonth(monthly.occasion, schedule.monthlyRecord.dueDay) };
    const kind = NOTICE_KINDS.monthlyRecordReminder;
    out.push({ to: 'stations', batch: {
      kind, occasion: monthly.occasion, occasionLabel: occasionLabel(kind, monthly.localDate, { recordMonth: monthly.occasion }),
      title: reminderTitle(g.year, topic), issueDate: monthly.localDate,
      audience: audience({ notInStates: STILL_DUE[kind].notInStates, missingMonth: Number(monthly.occasion.slice(5, 7)) }),
      fields: { kind: 'reminder', topic },
    } });
  }

  const escalation = latest('monthly_record_escalation');
  if (escalation) {
    const kind = NOTICE_KINDS.monthlyRecordEscalation;
    const subject = { type: 'monthly_record' as const, month: escalation.occasion };
    out.push({ to: 'coordinators', batch: {
      kind, occasion: escalation.occasion, occasionLabel: occasionLabel(kind, escalation.localDate, { recordMonth: escalation.occasion }),
      title: lateListTitle(g.year, subject), issueDate: escalation.localDate, subject, always: false, timeZone: tz,
      dueDate: dueDateOfMonth(escalation.occasion, schedule.monthlyRecord.dueDay), extendedStates: STATION_STATES.extended,
      audience: audience({ notInStates: STATION_STATES.closed, missingMonth: Number(escalation.occasion.slice(5, 7)) }),
    } });
  }

  const overdue = latest('overdue_notice');
  if (overdue) {
    const kind = NOTICE_KINDS.overdueNotice;
    out.push({ to: 'stations', batch: {
      kind, occasion: overdue.occasion, occasionLabel: occasionLabel(kind, overdue.localDate), title: overdueTitle(g.year), issueDate: overdue.localDate,
      audience: audience({ inStates: STILL_DUE[kind].inStates }), fields: { kind: 'overdue_notice', deadline: deadlineDay },
    } });
  }
  const lateList = latest('late_list');
  if (lateList) {
    const kind = NOTICE_KINDS.lateList;
    const subject = { type: 'self_assessment' as const };
    out.push({ to: 'coordinators', batch: {
      kind, occasion: lateList.occasion, occasionLabel: occasionLabel(kind, lateList.localDate), title: lateListTitle(g.year, subject),
      issueDate: lateList.localDate, subject, always: true, timeZone: tz, dueDate: deadlineDay, extendedStates: STATION_STATES.extended,
      audience: audience({ inStates: STATION_STATES.late }),
    } });
  }
  return out;
}

/**
 * The window-open notice to the stations of `g` that have yet to submit, with a link to their 自评表. Its key is the
 * scheduled occasion whenever it is sent: on its day (the sweep), or at once when a coordinator opens the window
 * earlier (a hand-off), so each station gets it once.
 */
export function windowOpenBatch(g: YearGroup, occ: ReminderOccasion, opensOn: string, issueDate: string): StationNoticeBatch {
  const kind = NOTICE_KINDS.windowOpen;
  const topic: ReminderTopic = { type: 'window_open', opensOn, deadline: lastDayToSubmit(g) };
  return {
    kind, occasion: occ.occasion, occasionLabel: occasionLabel(kind, issueDate), title: reminderTitle(g.year, topic), issueDate,
    audience: { assessmentYearIds: g.assessmentYearIds, inStates: STILL_DUE[kind].inStates },
    fields: { kind: 'reminder', topic, ...(g.consoleBaseUrl ? noticeLink(g.consoleBaseUrl, consoleLink.ownStation(g.year, 'self-assessment')) : {}) },
  };
}

/** The scheduled window-open occasion of a year (its key), whether or not it has come. */
export function windowOpenOccasion(g: YearGroup): ReminderOccasion | undefined {
  return reminderOccasions(g.year, g.schedule, g.calendar, g.timeZone).find((o) => o.kind === 'window_open');
}
