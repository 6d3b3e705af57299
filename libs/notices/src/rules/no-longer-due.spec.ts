import { NOTICE_KINDS } from '../delivery/notice-kinds';
import { noLongerDue, STILL_DUE } from './no-longer-due';

const facts = (state: string | null, monthRecorded = false) => ({ state, monthRecorded });

describe('noLongerDue: one rule for what is cancelled instead of sent', () => {
  it('December reminders and the window-open notice: only while the station has not submitted', () => {
    for (const kind of [NOTICE_KINDS.selfAssessmentReminder, NOTICE_KINDS.windowOpen]) {
      expect(noLongerDue(kind, facts('selfAssessmentOpen'))).toBeNull();
      expect(noLongerDue(kind, facts('submitted'))).toBe('no longer due: the station is submitted');
      expect(noLongerDue(kind, facts('overdue'))).toMatch(/no longer due/);
    }
  });
  it('the overdue notice: only while overdue (an extension or a late submission cancels it)', () => {
    expect(noLongerDue(NOTICE_KINDS.overdueNotice, facts('overdue'))).toBeNull();
    expect(noLongerDue(NOTICE_KINDS.overdueNotice, facts('extended'))).toMatch(/extended/);
  });
  it('the monthly reminder: until the month is recorded, never to a closed year', () => {
    expect(noLongerDue(NOTICE_KINDS.monthlyRecordReminder, facts('recording'))).toBeNull();
    expect(noLongerDue(NOTICE_KINDS.monthlyRecordReminder, facts('recording', true))).toBe('no longer due: the month is recorded');
    expect(noLongerDue(NOTICE_KINDS.monthlyRecordReminder, facts('closed'))).toMatch(/closed/);
  });
  it('lists, 抄告, alarms and hand-offs never lapse', () => {
    for (const kind of [NOTICE_KINDS.lateList, NOTICE_KINDS.resultNotice, NOTICE_KINDS.deliveryFailed, NOTICE_KINDS.handoff]) {
      expect(noLongerDue(kind, facts('closed', true))).toBeNull();
    }
  });
  it('the sweep picks audiences from the same table', () => {
    expect(Object.keys(STILL_DUE).sort()).toEqual(['monthly_record_reminder', 'overdue_notice', 'self_assessment_reminder', 'window_open']);
  });
});
