import { join } from 'node:path';
import { type CalendarYear } from './calendar-data';
import { loadCalendarYears } from './calendar-files';
import {
  isMonthRecordLate,
  isSelfAssessmentLate,
  monthDueInstant,
  monthsDueBy,
  parseReminderSchedule,
  type ReminderOccasion,
  type ReminderSchedule,
  ReminderScheduleError,
  reminderOccasions,
  selfAssessmentDeadline,
} from './reminder-schedule';
import { WorkingDayCalendar } from './working-day-calendar';

const SH = 'Asia/Shanghai';
const shipped = () => new WorkingDayCalendar(loadCalendarYears(join(__dirname, '../../../config/calendars')));
const row = (o: ReminderOccasion) => [o.kind, o.occasion, o.localDate, o.at.toISOString()];
const withRule = (nonWorkingDay: ReminderSchedule['nonWorkingDay']): ReminderSchedule => ({ ...POLICY_SCHEDULE, nonWorkingDay });
/** 2026 with only the given extra holidays: every other weekday works. */
const synthetic = (...holidays: string[]): CalendarYear[] => [
  { year: 2026, source: 'test', holidays, workdays: [] },
  { year: 2027, source: 'test', holidays: ['2027-01-01'], workdays: [] },
];
const selfAssessment = (list: ReminderOccasion[]) => list.filter((o) => o.kind === 'self_assessment_reminder').map((o) => [o.occasion, o.localDate, o.at.toISOString()]);

// the schedule of the shipped policy (config/policies/2021-trial.json): the defaults live in data, not in code
const POLICY_SCHEDULE = parseReminderSchedule(
  JSON.parse(require('node:fs').readFileSync(require('node:path').resolve(__dirname, '../../../config/policies/2021-trial.json'), 'utf8')).schedule,
);

describe('reminderOccasions, default config, 2026', () => {
  it('lists the December 2026 / January 2027 schedule exactly', () => {
    // December 2026: 1 Tue, 15 Tue, 24 Thu, 29 Tue, 31 Thu: no reminder day is a weekend.
    // 1 Jan 2027 (Fri) is New Year's Day; 2–3 Jan are a weekend, so after-deadline notices go out on Mon 4 Jan.
    const list = reminderOccasions(2026, POLICY_SCHEDULE, shipped(), SH);
    expect(list.filter((o) => o.localDate >= '2026-12-01').map(row)).toEqual([
      ['window_open', '2026-12-01', '2026-12-01', '2026-12-01T01:00:00.000Z'],
      ['monthly_record_reminder', '2026-11', '2026-12-03', '2026-12-03T01:00:00.000Z'],
      // Nominal Sun 6 Dec; Fri 4 Dec would be before the November record is late (end of 5 Dec): next working day.
      ['monthly_record_escalation', '2026-11', '2026-12-07', '2026-12-07T01:00:00.000Z'],
      ['self_assessment_reminder', '2026-12-15', '2026-12-15', '2026-12-15T01:00:00.000Z'],
      ['self_assessment_reminder', '2026-12-24', '2026-12-24', '2026-12-24T01:00:00.000Z'],
      ['self_assessment_reminder', '2026-12-29', '2026-12-29', '2026-12-29T01:00:00.000Z'],
      ['self_assessment_reminder', '2026-12-31', '2026-12-31', '2026-12-31T01:00:00.000Z'],
      ['deadline', '2026-12-31', '2027-01-01', '2026-12-31T16:00:00.000Z'],
      // Nominal Sun 3 Jan; 1 Jan is a holiday and 31 Dec is before December has ended: next working day.
      ['monthly_record_reminder', '2026-12', '2027-01-04', '2027-01-04T01:00:00.000Z'],
      ['overdue_notice', '2027-01-01', '2027-01-04', '2027-01-04T01:00:00.000Z'],
      ['late_list', '2027-01-01', '2027-01-04', '2027-01-04T01:00:00.000Z'],
      ['monthly_record_escalation', '2026-12', '2027-01-06', '2027-01-06T01:00:00.000Z'],
    ]);
    expect(list).toHaveLength(12 * 2 + 1 + 4 + 1 + 2);
    expect(list.map((o) => o.at.getTime())).toEqual([...list.map((o) => o.at.getTime())].sort((a, b) => a - b));
  });

  it('warns that the schedule used the provisional 2027 calendar', () => {
    const cal = shipped();
    reminderOccasions(2026, POLICY_SCHEDULE, cal, SH);
    expect(cal.warnings().map((w) => [w.year, w.status])).toEqual([[2027, 'provisional']]);
  });

  it('keeps monthly reminders inside their span around holiday blocks', () => {
    const list = reminderOccasions(2026, POLICY_SCHEDULE, shipped(), SH);
    const month = (key: string) => list.filter((o) => o.occasion === key).map((o) => [o.kind, o.localDate]);
    expect(month('2026-01')).toEqual([
      ['monthly_record_reminder', '2026-02-03'],
      ['monthly_record_escalation', '2026-02-06'],
    ]);
    // National Day block 1–7 Oct: 30 Sep is before September ends and 8 Oct after the record is due (end of
    // 5 Oct), so the reminder stays on its day; the escalation goes to the first working day after.
    expect(month('2026-09')).toEqual([
      ['monthly_record_reminder', '2026-10-03'],
      ['monthly_record_escalation', '2026-10-08'],
    ]);
  });
});

describe('reminderOccasions, synthetic holiday on a reminder day (24 Dec 2026)', () => {
  const cal = () => new WorkingDayCalendar(synthetic('2026-12-24'));

  it('"previous" moves it to the previous working day at 09:00 Shanghai', () => {
    expect(selfAssessment(reminderOccasions(2026, withRule('previous'), cal(), SH))).toEqual([
      ['2026-12-15', '2026-12-15', '2026-12-15T01:00:00.000Z'],
      ['2026-12-24', '2026-12-23', '2026-12-23T01:00:00.000Z'],
      ['2026-12-29', '2026-12-29', '2026-12-29T01:00:00.000Z'],
      ['2026-12-31', '2026-12-31', '2026-12-31T01:00:00.000Z'],
    ]);
  });

  it('"next" moves it to the next working day', () => {
    expect(selfAssessment(reminderOccasions(2026, withRule('next'), cal(), SH))[1]).toEqual(['2026-12-24', '2026-12-25', '2026-12-25T01:00:00.000Z']);
  });

  it('"keep" leaves it on the holiday, and after-deadline notices on 1 Jan', () => {
    const list = reminderOccasions(2026, withRule('keep'), cal(), SH);
    expect(selfAssessment(list)[1]).toEqual(['2026-12-24', '2026-12-24', '2026-12-24T01:00:00.000Z']);
    expect(list.filter((o) => o.kind === 'overdue_notice' || o.kind === 'late_list').map(row)).toEqual([
      ['overdue_notice', '2027-01-01', '2027-01-01', '2027-01-01T01:00:00.000Z'],
      ['late_list', '2027-01-01', '2027-01-01', '2027-01-01T01:00:00.000Z'],
    ]);
  });

  it('"next" never moves a reminder past the deadline', () => {
    const list = reminderOccasions(2026, withRule('next'), new WorkingDayCalendar(synthetic('2026-12-31')), SH);
    expect(selfAssessment(list)[3]).toEqual(['2026-12-31', '2026-12-30', '2026-12-30T01:00:00.000Z']);
  });

  it('two reminders landing on one day collapse into the earliest configured one', () => {
    const list = reminderOccasions(2026, POLICY_SCHEDULE, new WorkingDayCalendar(synthetic('2026-12-30', '2026-12-31')), SH);
    expect(selfAssessment(list)).toEqual([
      ['2026-12-15', '2026-12-15', '2026-12-15T01:00:00.000Z'],
      ['2026-12-24', '2026-12-24', '2026-12-24T01:00:00.000Z'],
      ['2026-12-29', '2026-12-29', '2026-12-29T01:00:00.000Z'],
    ]);
  });

  it('never sends the window-open notice before the window opens', () => {
    const list = reminderOccasions(2026, POLICY_SCHEDULE, new WorkingDayCalendar(synthetic('2026-12-01')), SH);
    expect(list.find((o) => o.kind === 'window_open')?.localDate).toBe('2026-12-02');
  });

  it('uses the configured time and zone', () => {
    const list = reminderOccasions(2026, { ...POLICY_SCHEDULE, time: '14:30' }, cal(), 'UTC');
    expect(list.find((o) => o.kind === 'window_open')?.at.toISOString()).toBe('2026-12-01T14:30:00.000Z');
    expect(list.find((o) => o.kind === 'deadline')?.at.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('due instants and lateness', () => {
  it('puts a month record due at the end of dueDay of the following month', () => {
    expect(monthDueInstant(2026, 3, POLICY_SCHEDULE, SH).toISOString()).toBe('2026-04-05T16:00:00.000Z');
    expect(monthDueInstant(2026, 12, POLICY_SCHEDULE, SH).toISOString()).toBe('2027-01-05T16:00:00.000Z');
    expect(isMonthRecordLate(2026, 3, new Date('2026-04-05T15:59:59.999Z'), new Date('2026-05-01'), POLICY_SCHEDULE, SH)).toBe(false);
    expect(isMonthRecordLate(2026, 3, null, new Date('2026-04-05T16:00:00.000Z'), POLICY_SCHEDULE, SH)).toBe(true);
    expect(monthsDueBy(2026, new Date('2026-04-06T00:00:00+08:00'), POLICY_SCHEDULE, SH)).toEqual([1, 2, 3]);
  });

  it('puts the self-assessment deadline at the end of 31 Dec local', () => {
    expect(selfAssessmentDeadline(2026, POLICY_SCHEDULE, SH).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(isSelfAssessmentLate(2026, new Date('2026-12-31T23:59:59.999+08:00'), new Date('2027-02-01'), POLICY_SCHEDULE, SH)).toBe(false);
    expect(isSelfAssessmentLate(2026, new Date('2027-01-01T00:00:00.000+08:00'), new Date('2027-02-01'), POLICY_SCHEDULE, SH)).toBe(true);
  });
});

describe('parseReminderSchedule', () => {
  it('accepts the default and names every bad field', () => {
    expect(parseReminderSchedule(JSON.parse(JSON.stringify(POLICY_SCHEDULE)))).toEqual(POLICY_SCHEDULE);
    let err: ReminderScheduleError | undefined;
    try {
      parseReminderSchedule({
        time: '9:00',
        nonWorkingDay: 'before',
        monthlyRecord: { dueDay: 5, reminderDay: 7, escalationDay: 31 },
        selfAssessment: { windowOpens: '12-01', reminders: ['11-30', '02-29'], deadline: '12-31', overdueNoticeOn: '13-01' },
      });
    } catch (e) {
      err = e as ReminderScheduleError;
    }
    expect(err?.issues.map((i) => i.field)).toEqual([
      'time',
      'nonWorkingDay',
      'monthlyRecord.escalationDay',
      'monthlyRecord.reminderDay',
      'selfAssessment.overdueNoticeOn',
      'selfAssessment.reminders[0]',
      'selfAssessment.reminders[1]',
    ]);
    expect(() => reminderOccasions(2026, { ...POLICY_SCHEDULE, time: '25:00' }, new WorkingDayCalendar([]))).toThrow(/time/);
  });
});
