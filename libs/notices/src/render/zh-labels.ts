import type { CalendarDate, CalendarMonth } from './notice.types';

export { GRADE_LABELS, STATION_KIND_LABELS } from '@app/policy';

export const POSITION_LABELS = { head: '负责人', staff: '工作人员' } as const;

export const CHANNEL_LABELS = { inbox: '站内信', webhook: '系统回调', email: '电子邮件', dingtalk: '钉钉机器人', wecom: '企业微信机器人' } as const;

function parseDate(date: CalendarDate): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`expected a YYYY-MM-DD date, got "${date}"`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** 2026-01-05 → 2026年1月5日 (official documents do not zero-pad). */
export function zhDate(date: CalendarDate): string {
  const [y, m, d] = parseDate(date);
  return `${y}年${m}月${d}日`;
}

/** 2026-10 → 2026年10月 */
export function zhMonth(month: CalendarMonth): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) throw new RangeError(`expected a YYYY-MM month, got "${month}"`);
  return `${Number(m[1])}年${Number(m[2])}月`;
}

/** An instant printed as wall time in `timeZone`: 2027年1月1日 09:00. */
export function zhDateTime(instant: Date, timeZone = 'Asia/Shanghai'): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}年${Number(get('month'))}月${Number(get('day'))}日 ${get('hour')}:${get('minute')}`;
}

/** Whole yuan, no grouping separators, as in payroll tables: 43200元. */
export function yuan(amount: number): string {
  if (!Number.isInteger(amount)) throw new RangeError(`money is whole yuan, got ${amount}`);
  return `${amount}元`;
}
