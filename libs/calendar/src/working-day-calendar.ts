/**
 * Working days in mainland China: Monday–Friday, minus public holidays, plus make-up working days (调休上班).
 * Built from per-year data; a year without official data falls back (weekends only, or weekends plus the
 * provisional file's certain holidays) and is reported by `warnings()` so coordinators can be told.
 */
import { addDays, assertCivilDate, isWeekend, type CivilDate, yearOf } from './civil-date';
import { type CalendarYear } from './calendar-data';

export type YearStatus = 'official' | 'provisional' | 'missing';

export interface CalendarWarning {
  year: number;
  /** 'missing': weekends only; 'provisional': weekends plus the certain holidays of a provisional file. */
  status: Exclude<YearStatus, 'official'>;
  /** English, for logs; notices render their own Chinese text from `year` and `status`. */
  message: string;
}

// Even the longest holiday block (Spring Festival, 9 days) is far shorter; this only guards bad data.
const MAX_SEARCH_DAYS = 366;

export class WorkingDayCalendar {
  private readonly years = new Map<number, CalendarYear>();
  private readonly holidays = new Set<CivilDate>();
  private readonly workdays = new Set<CivilDate>();
  /** Years without official data that some question actually touched. */
  private readonly fellBack = new Set<number>();

  constructor(years: readonly CalendarYear[]) {
    for (const y of years) {
      if (this.years.has(y.year)) throw new Error(`calendar year ${y.year} given twice`);
      this.years.set(y.year, y);
      y.holidays.forEach((d) => this.holidays.add(d));
      y.workdays.forEach((d) => this.workdays.add(d));
    }
  }

  /** True when the official schedule of `year` is loaded (a provisional file does not count). */
  hasYear(year: number): boolean {
    return this.yearStatus(year) === 'official';
  }

  yearStatus(year: number): YearStatus {
    const y = this.years.get(year);
    if (!y) return 'missing';
    return y.provisional ? 'provisional' : 'official';
  }

  /** Years in [from, to] without an official schedule (missing or provisional): what an admin must load. */
  missingYears(from: number, to: number): number[] {
    const out: number[] = [];
    for (let y = from; y <= to; y++) if (!this.hasYear(y)) out.push(y);
    return out;
  }

  /**
   * Years without official data that were consulted since this calendar was built (or since
   * `clearWarnings`), oldest first. Answers for those years used the fallback and may be wrong.
   */
  warnings(): CalendarWarning[] {
    return [...this.fellBack].sort((a, b) => a - b).map((year) => {
      const status = this.yearStatus(year) as CalendarWarning['status'];
      const message =
        status === 'missing'
          ? `no holiday schedule loaded for ${year}: working days fall back to Monday–Friday`
          : `only a provisional holiday schedule is loaded for ${year}: working days are Monday–Friday minus the certain holidays; load the official notice`;
      return { year, status, message };
    });
  }

  clearWarnings(): void {
    this.fellBack.clear();
  }

  isWorkingDay(date: CivilDate): boolean {
    assertCivilDate(date);
    this.touch(date);
    if (this.holidays.has(date)) return false;
    if (this.workdays.has(date)) return true;
    return !isWeekend(date);
  }

  /** The last working day strictly before `date`. */
  previousWorkingDay(date: CivilDate): CivilDate {
    assertCivilDate(date);
    return this.search(addDays(date, -1), -1);
  }

  /** `date` itself if it is a working day, else the last working day before it. */
  workingDayOnOrBefore(date: CivilDate): CivilDate {
    return this.search(date, -1);
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: CivilDate): CivilDate {
    assertCivilDate(date);
    return this.search(addDays(date, 1), +1);
  }

  /** `date` itself if it is a working day, else the first working day after it. */
  workingDayOnOrAfter(date: CivilDate): CivilDate {
    return this.search(date, +1);
  }

  /**
   * The n-th working day after `date`, counting from the day after (a 5-working-day publicity period
   * published on `date` ends on addWorkingDays(date, 5)). n = 0 gives `workingDayOnOrAfter(date)`, so the
   * result is always a working day.
   */
  addWorkingDays(date: CivilDate, n: number): CivilDate {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
    if (n === 0) return this.workingDayOnOrAfter(date);
    let d = date;
    for (let i = 0; i < n; i++) d = this.nextWorkingDay(d);
    return d;
  }

  /** Working days in [from, to], both inclusive (0 when to < from). */
  countWorkingDays(from: CivilDate, to: CivilDate): number {
    let count = 0;
    for (let d = from; d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) count++;
    return count;
  }

  private search(start: CivilDate, step: 1 | -1): CivilDate {
    assertCivilDate(start);
    let d = start;
    for (let i = 0; i < MAX_SEARCH_DAYS; i++, d = addDays(d, step)) {
      if (this.isWorkingDay(d)) return d;
    }
    throw new Error(`no working day within ${MAX_SEARCH_DAYS} days ${step > 0 ? 'after' : 'before'} ${start}: check the calendar data`);
  }

  private touch(date: CivilDate): void {
    const year = yearOf(date);
    if (!this.hasYear(year)) this.fellBack.add(year);
  }
}
