/** Who is reminded of what, and when — the sweep's rules, without a database. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCalendarYears, parseReminderSchedule, WorkingDayCalendar } from '@app/calendar';
import { STATION_STATES } from '@app/assessment/domain';
import { dueReminderBatches, NoticeBatch, YearGroup } from './reminder-rules';

const SCHEDULE = parseReminderSchedule(JSON.parse(readFileSync(join(__dirname, '../../../../config/policies/2021-trial.json'), 'utf8')).schedule);
const group = (holidays2026: string[] = []): YearGroup => ({
  year: 2026, assessmentYearIds: ['y1', 'y2'], schedule: SCHEDULE, timeZone: 'Asia/Shanghai',
  calendar: new WorkingDayCalendar([
    ...loadCalendarYears(join(__dirname, '../../../../config/calendars')).filter((y) => y.year !== 2026),
    { year: 2026, source: 'test', holidays: ['2026-10-01', ...holidays2026], workdays: [] },
  ]),
});
/** [kind, to, occasion, occasion label, audience] of each batch due at `at`. */
const due = (at: string, g = group()) => dueReminderBatches(g, new Date(at)).map((b: NoticeBatch) => [
  b.batch.kind, b.to, b.batch.occasion, b.batch.occasionLabel,
  { in: b.batch.audience.inStates ?? null, notIn: b.batch.audience.notInStates ?? null, month: b.batch.audience.missingMonth ?? null },
]);
const open = { in: STATION_STATES.selfAssessmentOpen, notIn: null, month: null };

describe('December reminders', () => {
  it('before 09:00 on 1 December nothing of December is due', () => {
    expect(due('2026-12-01T08:59:00+08:00').map((b) => b[0])).not.toContain('window_open');
  });
  it('1 December 09:00: the window-open notice to stations whose window is open, labelled 12月1日自评开始通知', () => {
    expect(due('2026-12-01T09:00:00+08:00')).toContainEqual(['window_open', 'stations', '2026-12-01', '12月1日自评开始通知', open]);
  });
  it('15 December: the reminder to stations that have not submitted, with the days left', () => {
    const batches = dueReminderBatches(group(), new Date('2026-12-15T09:00:00+08:00'));
    const r = batches.find((b) => b.batch.kind === 'self_assessment_reminder')!;
    expect([r.to, r.batch.occasion, r.batch.occasionLabel, r.batch.audience.inStates]).toEqual(['stations', '2026-12-15', '12月15日自评提醒', STATION_STATES.selfAssessmentOpen]);
    expect(r.to === 'stations' && r.batch.fields).toEqual({ kind: 'reminder', topic: { type: 'self_assessment_due', deadline: '2026-12-31', daysLeft: 16 } });
    expect(r.batch.title).toBe('关于提交2026年度自评表的提醒');
    expect(r.batch.audience.assessmentYearIds).toEqual(['y1', 'y2']);
  });
  it('a reminder day that is a holiday moves to the previous working day (occasion stays nominal, label says when)', () => {
    expect(due('2026-12-23T09:00:00+08:00', group(['2026-12-24']))).toContainEqual(
      ['self_assessment_reminder', 'stations', '2026-12-24', '12月23日自评提醒', open]);
  });
  it('catch-up: a sweep that was down over 15 and 24 December sends only the latest reminder', () => {
    const reminders = due('2026-12-28T10:00:00+08:00').filter((b) => b[0] === 'self_assessment_reminder');
    expect(reminders.map((b) => b[2])).toEqual(['2026-12-24']);
  });
  it('after the deadline no reminder or window notice; on Mon 4 Jan (1 Jan holiday, weekend) the overdue notice and the late list', () => {
    expect(due('2027-01-01T09:00:00+08:00').map((b) => b[0])).toEqual(expect.not.arrayContaining(['self_assessment_reminder', 'window_open', 'overdue_notice']));
    expect(due('2027-01-04T09:00:00+08:00')).toEqual(expect.arrayContaining([
      ['overdue_notice', 'stations', '2027-01-01', '1月4日逾期通知', { in: STATION_STATES.overdue, notIn: null, month: null }],
      ['late_list', 'coordinators', '2027-01-01', '1月4日逾期名单', { in: STATION_STATES.late, notIn: null, month: null }],
    ]));
  });
  it('the late list goes to coordinators even when nobody is late; the monthly escalation only when someone is', () => {
    const batches = dueReminderBatches(group(), new Date('2027-01-04T09:00:00+08:00'));
    const late = batches.find((b) => b.batch.kind === 'late_list')!;
    const escalation = batches.find((b) => b.batch.kind === 'monthly_record_escalation')!;
    expect(late.to === 'coordinators' && late.batch.always).toBe(true);
    expect(escalation.to === 'coordinators' && escalation.batch.always).toBe(false);
  });
});

describe('monthly records', () => {
  it('3 December: the reminder for November to stations missing it (not closed ones), until it is due on the 5th', () => {
    expect(due('2026-12-03T09:00:00+08:00')).toContainEqual(
      ['monthly_record_reminder', 'stations', '2026-11', '12月3日月度记录提醒（11月）', { in: null, notIn: STATION_STATES.closed, month: 11 }]);
    expect(due('2026-12-06T00:00:00+08:00').map((b) => b[0])).not.toContain('monthly_record_reminder');
  });
  it('the escalation to coordinators: 6 December is a Sunday, so Mon 7 December', () => {
    // on Sunday 6 December the latest escalation due is still October's
    expect(due('2026-12-06T09:00:00+08:00').filter((b) => b[0] === 'monthly_record_escalation').map((b) => b[2])).toEqual(['2026-10']);
    expect(due('2026-12-07T09:00:00+08:00')).toContainEqual(
      ['monthly_record_escalation', 'coordinators', '2026-11', '12月7日月度记录催办（11月）', { in: null, notIn: STATION_STATES.closed, month: 11 }]);
  });
  it('the reminder names the record month and its due date', () => {
    const r = dueReminderBatches(group(), new Date('2026-06-03T09:00:00+08:00')).find((b) => b.batch.kind === 'monthly_record_reminder')!;
    expect(r.to === 'stations' && r.batch.fields).toEqual({ kind: 'reminder', topic: { type: 'monthly_record_missing', month: '2026-05', dueDate: '2026-06-05' } });
  });
});
