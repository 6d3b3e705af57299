/**
 * The kinds of message the product creates (the `notices.kind` column, part of the unique key). The rendered
 * form (`payload.kind`) is one of the render kinds: reminder, overdue_notice, late_list, result_notice, …
 */
export const NOTICE_KINDS = {
  windowOpen: 'window_open',
  monthlyRecordReminder: 'monthly_record_reminder',
  monthlyRecordEscalation: 'monthly_record_escalation',
  selfAssessmentReminder: 'self_assessment_reminder',
  overdueNotice: 'overdue_notice',
  lateList: 'late_list',
  resultNotice: 'result_notice',
  deliveryFailed: 'delivery_failed',
  calendarWarning: 'calendar_warning',
  /** Work handed to the next person (extension granted, results submitted, …): see rules/handoff-rules. */
  handoff: 'handoff',
} as const;
export type StoredNoticeKind = (typeof NOTICE_KINDS)[keyof typeof NOTICE_KINDS];
