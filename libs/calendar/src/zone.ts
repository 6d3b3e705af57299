/**
 * Time-zone conversions with Intl only (no tz library). Instants are `Date`; local dates and times are
 * strings in the given IANA zone. The zone is always a parameter: Asia/Shanghai is only the default.
 */
import { addDays, assertCivilDate, civilDate, type CivilDate, pad2 } from './civil-date';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

// Building a DateTimeFormat is slow; a sweep converts thousands of instants, so keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    // Throws RangeError for an unknown zone, which is what we want at start-up.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

function wallClock(instant: Date, tz: string): WallClock {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  const parts: Record<string, number> = {};
  for (const p of formatterFor(tz).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
    millisecond: ((ms % 1000) + 1000) % 1000,
  };
}

/** Offset of the zone from UTC at that instant, in ms (Shanghai: +8 h). */
export function zoneOffsetMs(instant: Date, tz: string = DEFAULT_TIME_ZONE): number {
  const w = wallClock(instant, tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
  return asUtc - instant.getTime();
}

/** The local calendar date of an instant: localDate(2026-12-31T16:00Z, Shanghai) = '2027-01-01'. */
export function localDate(instant: Date, tz: string = DEFAULT_TIME_ZONE): CivilDate {
  const w = wallClock(instant, tz);
  return civilDate(w.year, w.month, w.day);
}

/** 'YYYY-MM-DDTHH:mm:ss.sss' wall-clock time (no offset suffix: it is local by definition). */
export function localDateTime(instant: Date, tz: string = DEFAULT_TIME_ZONE): string {
  const w = wallClock(instant, tz);
  return (
    `${civilDate(w.year, w.month, w.day)}T${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}.` +
    String(w.millisecond).padStart(3, '0')
  );
}

/**
 * The instant at which the wall clock in `tz` shows `date` `time`.
 * Tries the zone's offset a day before and a day after (covers any DST change): an ambiguous wall time
 * (fall-back) resolves to the earlier instant, a missing one (spring-forward gap) to the instant after the
 * gap, like Temporal's 'compatible' disambiguation.
 */
export function instantAt(date: CivilDate, time: string, tz: string = DEFAULT_TIME_ZONE): Date {
  assertCivilDate(date);
  const m = TIME_RE.exec(time);
  if (!m) throw new RangeError(`time must be 'HH:mm' (00:00–23:59), got ${JSON.stringify(time)}`);
  const wall = Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)),
    Number(m[1]),
    Number(m[2]),
  );
  const DAY = 86_400_000;
  const offsetBefore = zoneOffsetMs(new Date(wall - DAY), tz);
  const offsetAfter = zoneOffsetMs(new Date(wall + DAY), tz);
  const valid = [wall - offsetBefore, wall - offsetAfter].filter((t) => t + zoneOffsetMs(new Date(t), tz) === wall);
  if (valid.length > 0) return new Date(Math.min(...valid));
  return new Date(wall - offsetBefore); // in a gap: the earlier offset pushes the time past the gap
}

/**
 * The first instant of the day after `date`: the exclusive end of `date`. Deadlines "by the end of
 * 31 Dec" are this instant, so `t < startOfNextDay('2026-12-31')` means on time.
 */
export function startOfNextDay(date: CivilDate, tz: string = DEFAULT_TIME_ZONE): Date {
  return instantAt(addDays(date, 1), '00:00', tz);
}

/** The first instant of `date` in `tz`. */
export function startOfDay(date: CivilDate, tz: string = DEFAULT_TIME_ZONE): Date {
  return instantAt(date, '00:00', tz);
}

/** Throws a RangeError naming the zone when Intl does not know it. */
export function assertTimeZone(tz: string): void {
  try {
    formatterFor(tz);
  } catch {
    throw new RangeError(`unknown time zone ${JSON.stringify(tz)}`);
  }
}
