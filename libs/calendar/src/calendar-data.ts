/**
 * One year's official holiday schedule (国务院办公厅关于<year>年部分节假日安排的通知) as data, and its
 * validation. An admin uploads this JSON when the State Council publishes it (November/December of the
 * year before), so every error names the field and says what is wrong.
 */
import { dayOfWeek, isCivilDate, isWeekend, type CivilDate, yearOf } from './civil-date';

export interface CalendarYear {
  year: number;
  /** Where the data comes from: the notice's title (and number/URL), or what a provisional file is based on. */
  source: string;
  /** Days off: statutory holidays and every rest day of each holiday block (may include weekend days). */
  holidays: CivilDate[];
  /** Make-up working days (调休上班): weekend days that are working days. */
  workdays: CivilDate[];
  /**
   * True when the official notice is not out yet and the file holds only what is certain. The calendar
   * treats such a year as missing for warnings (coordinators must be told) but still uses its holidays.
   */
  provisional?: boolean;
  /** Free text: what is missing from a provisional file, corrections, etc. */
  note?: string;
}

export interface CalendarDataIssue {
  /** JSON path of the offending field, e.g. 'workdays[2]'. */
  field: string;
  message: string;
}

export class CalendarDataError extends Error {
  constructor(
    /** File name or 'upload': where the data came from. */
    readonly origin: string,
    readonly issues: CalendarDataIssue[],
  ) {
    super(`invalid calendar data in ${origin}:\n` + issues.map((i) => `  - ${i.field}: ${i.message}`).join('\n'));
    this.name = 'CalendarDataError';
  }
}

const KNOWN_FIELDS = new Set(['year', 'source', 'holidays', 'workdays', 'provisional', 'note']);
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * Validates one year's schedule and returns it normalised (dates sorted). Collects every issue before
 * throwing so an uploader can fix the file in one go.
 * @param origin names the source in error messages (file name, or 'upload').
 */
export function parseCalendarYear(json: unknown, origin = 'upload'): CalendarYear {
  const issues: CalendarDataIssue[] = [];
  const fail = (field: string, message: string) => issues.push({ field, message });

  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CalendarDataError(origin, [{ field: '(root)', message: 'must be a JSON object' }]);
  }
  const o = json as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    // Unknown keys are usually typos ("holiday", "workDays"); silently ignoring them would drop data.
    if (!KNOWN_FIELDS.has(key)) fail(key, `unknown field; allowed: ${[...KNOWN_FIELDS].join(', ')}`);
  }

  const year = o.year;
  const yearOk = typeof year === 'number' && Number.isInteger(year) && year >= 1949 && year <= 2200;
  if (!yearOk) fail('year', `must be an integer year (1949–2200), got ${JSON.stringify(year)}`);

  if (typeof o.source !== 'string' || o.source.trim() === '') {
    fail('source', 'must be a non-empty string naming the notice (e.g. 国务院办公厅关于2026年部分节假日安排的通知)');
  }
  if (o.provisional !== undefined && typeof o.provisional !== 'boolean') fail('provisional', 'must be true or false');
  if (o.note !== undefined && typeof o.note !== 'string') fail('note', 'must be a string');

  const holidays = dateList(o.holidays, 'holidays', yearOk ? (year as number) : undefined, fail);
  const workdays = dateList(o.workdays, 'workdays', yearOk ? (year as number) : undefined, fail);

  if (holidays && workdays) {
    const holidaySet = new Set(holidays.map((h) => h.date));
    for (const w of workdays) {
      if (holidaySet.has(w.date)) fail(`workdays[${w.index}]`, `${w.date} is listed both as a holiday and as a workday`);
    }
    for (const w of workdays) {
      // A make-up working day only means something on a weekend; a weekday is a working day anyway,
      // so a weekday here is almost certainly a typo in the date.
      if (!isWeekend(w.date)) {
        fail(`workdays[${w.index}]`, `${w.date} is a ${WEEKDAY_NAMES[dayOfWeek(w.date)]}; make-up workdays (调休上班) fall on Saturday or Sunday`);
      }
    }
    if ((o.holidays as unknown[]).length === 0 && o.provisional !== true) {
      fail('holidays', 'is empty; an official schedule always has holidays (set "provisional": true for partial data)');
    }
  }

  if (issues.length > 0) throw new CalendarDataError(origin, issues);
  const result: CalendarYear = {
    year: year as number,
    source: (o.source as string).trim(),
    holidays: holidays!.map((h) => h.date).sort(),
    workdays: workdays!.map((w) => w.date).sort(),
  };
  if (o.provisional === true) result.provisional = true;
  if (typeof o.note === 'string') result.note = o.note;
  return result;
}

function dateList(
  value: unknown,
  field: string,
  year: number | undefined,
  fail: (field: string, message: string) => void,
): { date: CivilDate; index: number }[] | undefined {
  if (!Array.isArray(value)) {
    fail(field, `must be an array of 'YYYY-MM-DD' dates, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
    return undefined;
  }
  const seen = new Map<string, number>();
  const out: { date: CivilDate; index: number }[] = [];
  value.forEach((d, index) => {
    const at = `${field}[${index}]`;
    if (!isCivilDate(d)) {
      fail(at, `${JSON.stringify(d)} is not a real date in 'YYYY-MM-DD' form`);
      return;
    }
    if (year !== undefined && yearOf(d) !== year) {
      fail(at, `${d} is outside the year ${year}`);
      return;
    }
    const first = seen.get(d);
    if (first !== undefined) {
      fail(at, `${d} is listed twice (also ${field}[${first}])`);
      return;
    }
    seen.set(d, index);
    out.push({ date: d, index });
  });
  return out;
}
