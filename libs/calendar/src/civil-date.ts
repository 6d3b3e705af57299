/**
 * Plain calendar dates ('YYYY-MM-DD'), zone-free. A civil date is a day in someone's calendar, not an
 * instant, so the arithmetic below runs on UTC midnights where no zone or DST can shift it.
 */
export type CivilDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a real date in strict 'YYYY-MM-DD' form ('2026-02-30' is false). */
export function isCivilDate(value: unknown): value is CivilDate {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function assertCivilDate(value: string, what = 'date'): void {
  if (!isCivilDate(value)) throw new RangeError(`${what} must be a real date 'YYYY-MM-DD', got ${JSON.stringify(value)}`);
}

export function civilDate(year: number, month: number, day: number): CivilDate {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

export function yearOf(date: CivilDate): number {
  return Number(date.slice(0, 4));
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addDays(date: CivilDate, days: number): CivilDate {
  return fromUtcMidnight(toUtcMidnight(date) + days * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CivilDate): number {
  return new Date(toUtcMidnight(date)).getUTCDay();
}

export function isWeekend(date: CivilDate): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function toUtcMidnight(date: CivilDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function fromUtcMidnight(ms: number): CivilDate {
  const d = new Date(ms);
  return civilDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}
