/**
 * Notices the system sends about itself, to coordinators: a delivery that failed for good, and a coming year
 * without an official holiday schedule. Pure: users in, drafts out.
 */
import { NOTICE_KINDS } from '../delivery/notice-kinds';
import { calendarWarningTitle } from '../render/compose-notice';
import type { CalendarWarningNotice, DeliveryFailedNotice } from '../render/notice.types';
import type { NoticeDraft, UserRecipient } from '../store/notice-drafts';
import { occasionLabel } from './occasion-label';

export interface FailedDelivery {
  id: string;
  subdistrictId: string;
  year: number;
  title: string;
  number: string | null;
  channel: DeliveryFailedNotice['failed']['channel'];
  recipientName: string;
  /** URL or e-mail address; never a secret. */
  address?: string;
  attempts: number;
  lastError: string;
}

/** One delivery_failed notice per coordinator of the subdistrict; one per failed attempt count (a retried one may fail again). */
export function deliveryFailedDrafts(f: FailedDelivery, coordinators: UserRecipient[], now: Date, issueDate: string, timeZone: string): NoticeDraft[] {
  const kind = NOTICE_KINDS.deliveryFailed;
  return coordinators.filter((u) => u.subdistrictId === f.subdistrictId).map((u) => {
    const payload: DeliveryFailedNotice = {
      kind, issueDate, timeZone, subdistrict: u.subdistrict, recipient: { name: u.displayName },
      failed: { title: f.title, noticeNumber: f.number ?? undefined, recipientName: f.recipientName, channel: f.channel, address: f.address,
        attempts: f.attempts, lastError: f.lastError.slice(0, 500), failedAt: now },
    };
    return { subdistrictId: f.subdistrictId, year: f.year, stationId: null, kind, recipient: { type: 'user', id: u.id },
      occasion: `${f.id}#${f.attempts}`, occasionLabel: occasionLabel(kind, issueDate), title: '通知发送失败', payload };
  });
}

/**
 * From `fromMonth` on, when the coming year has no official schedule: one warning per coordinator per year
 * (reminders of that year fall back to weekends only). Null status: nothing to warn about.
 */
export function calendarWarningDrafts(today: string, fromMonth: number, status: (year: number) => 'official' | 'provisional' | 'missing',
  coordinators: UserRecipient[]): NoticeDraft[] {
  if (Number(today.slice(5, 7)) < fromMonth) return [];
  const coming = Number(today.slice(0, 4)) + 1;
  const s = status(coming);
  if (s === 'official') return [];
  const kind = NOTICE_KINDS.calendarWarning;
  return coordinators.map((u) => {
    const payload: CalendarWarningNotice = { kind, calendarYear: coming, status: s, issueDate: today, subdistrict: u.subdistrict, recipient: { name: u.displayName } };
    return { subdistrictId: u.subdistrictId, year: coming, stationId: null, kind, recipient: { type: 'user', id: u.id },
      occasion: `calendar-${coming}`, occasionLabel: occasionLabel(kind, today), title: calendarWarningTitle(coming, s), payload };
  });
}

/** Whether the coordinators need the calendar warning now (so the sweep reads them only then). */
export function calendarWarningDue(today: string, fromMonth: number, status: (year: number) => string): boolean {
  return Number(today.slice(5, 7)) >= fromMonth && status(Number(today.slice(0, 4)) + 1) !== 'official';
}
