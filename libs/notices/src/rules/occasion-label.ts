/**
 * The occasion of a notice for people: the local day it was issued for and what it was, e.g. 12月15日自评提醒,
 * 1月4日逾期通知, 12月3日月度记录提醒（11月）. Shown in the inbox, the deliveries list and the board, and filterable.
 */
import { NOTICE_KINDS, StoredNoticeKind } from '../delivery/notice-kinds';

export const OCCASION_KIND_LABELS: Record<StoredNoticeKind, string> = {
  [NOTICE_KINDS.windowOpen]: '自评开始通知',
  [NOTICE_KINDS.selfAssessmentReminder]: '自评提醒',
  [NOTICE_KINDS.monthlyRecordReminder]: '月度记录提醒',
  [NOTICE_KINDS.monthlyRecordEscalation]: '月度记录催办',
  [NOTICE_KINDS.overdueNotice]: '逾期通知',
  [NOTICE_KINDS.lateList]: '逾期名单',
  [NOTICE_KINDS.resultNotice]: '考核结果抄告',
  [NOTICE_KINDS.deliveryFailed]: '发送失败提醒',
  [NOTICE_KINDS.calendarWarning]: '节假日安排提醒',
  [NOTICE_KINDS.handoff]: '待办通知',
};

/** 'YYYY-MM-DD' → 12月15日 */
export function monthDay(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** 12月15日自评提醒; a record month adds （11月）; `what` replaces the kind's label (hand-offs name their event). */
export function occasionLabel(kind: StoredNoticeKind, localDate: string, opts: { recordMonth?: string; what?: string } = {}): string {
  const month = opts.recordMonth ? `（${Number(opts.recordMonth.slice(5, 7))}月）` : '';
  return `${monthDay(localDate)}${opts.what ?? OCCASION_KIND_LABELS[kind]}${month}`;
}
