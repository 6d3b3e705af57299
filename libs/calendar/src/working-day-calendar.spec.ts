import { join } from 'node:path';
import fc from 'fast-check';
import { addDays, civilDate } from './civil-date';
import { loadCalendarYears } from './calendar-files';
import { WorkingDayCalendar } from './working-day-calendar';

const shipped = () => new WorkingDayCalendar(loadCalendarYears(join(__dirname, '../../../config/calendars')));

describe('WorkingDayCalendar with the shipped data', () => {
  it('knows the 2026 Spring Festival block and its make-up Saturdays', () => {
    const cal = shipped();
    for (let d = '2026-02-15'; d <= '2026-02-23'; d = addDays(d, 1)) expect([d, cal.isWorkingDay(d)]).toEqual([d, false]);
    expect(cal.isWorkingDay('2026-02-14')).toBe(true); // Saturday, 调休上班
    expect(cal.isWorkingDay('2026-02-28')).toBe(true); // Saturday, 调休上班
    expect(cal.isWorkingDay('2026-02-13')).toBe(true); // ordinary Friday
    expect(cal.isWorkingDay('2026-02-24')).toBe(true);
    expect(cal.nextWorkingDay('2026-02-14')).toBe('2026-02-24');
    expect(cal.previousWorkingDay('2026-02-24')).toBe('2026-02-14');
  });

  it('knows 2025 holidays and 调休 days', () => {
    const cal = shipped();
    expect(cal.isWorkingDay('2025-01-01')).toBe(false);
    expect(cal.isWorkingDay('2025-01-26')).toBe(true); // Sunday before Spring Festival
    expect(cal.isWorkingDay('2025-02-04')).toBe(false);
    expect(cal.isWorkingDay('2025-10-08')).toBe(false); // National Day + Mid-Autumn, 8 days
    expect(cal.isWorkingDay('2025-10-11')).toBe(true); // Saturday
    expect(cal.isWorkingDay('2025-10-12')).toBe(false); // ordinary Sunday
  });

  it('names on-or-before/after and strict previous/next apart', () => {
    const cal = shipped();
    expect(cal.workingDayOnOrBefore('2026-12-15')).toBe('2026-12-15');
    expect(cal.previousWorkingDay('2026-12-15')).toBe('2026-12-14');
    expect(cal.workingDayOnOrAfter('2026-10-01')).toBe('2026-10-08');
    expect(cal.nextWorkingDay('2026-09-30')).toBe('2026-10-08');
    expect(cal.workingDayOnOrBefore('2026-10-04')).toBe('2026-09-30');
  });

  it('adds working days (publicity periods)', () => {
    const cal = shipped();
    expect(cal.addWorkingDays('2026-12-15', 0)).toBe('2026-12-15');
    expect(cal.addWorkingDays('2026-12-19', 0)).toBe('2026-12-21'); // Saturday → Monday
    expect(cal.addWorkingDays('2026-12-14', 5)).toBe('2026-12-21');
    expect(cal.addWorkingDays('2026-09-28', 5)).toBe('2026-10-10'); // across National Day, ends on a make-up Saturday
    expect(cal.countWorkingDays('2026-02-01', '2026-02-28')).toBe(16); // 20 weekdays - 6 holiday weekdays + 2 make-up Saturdays
    expect(() => cal.addWorkingDays('2026-12-14', -1)).toThrow(RangeError);
  });

  it('tells official, provisional and missing years apart', () => {
    const cal = shipped();
    expect(cal.hasYear(2026)).toBe(true);
    expect(cal.hasYear(2027)).toBe(false);
    expect(cal.yearStatus(2027)).toBe('provisional');
    expect(cal.yearStatus(2028)).toBe('missing');
    expect(cal.missingYears(2024, 2028)).toEqual([2024, 2027, 2028]);
  });
});

describe('fallback for years without data', () => {
  it('uses weekends only for a missing year and warns about it', () => {
    const cal = new WorkingDayCalendar([]);
    expect(cal.warnings()).toEqual([]);
    expect(cal.isWorkingDay('2028-01-03')).toBe(true); // Monday
    expect(cal.isWorkingDay('2028-01-01')).toBe(false); // Saturday
    expect(cal.previousWorkingDay('2028-01-03')).toBe('2027-12-31'); // touches 2027 too
    expect(cal.warnings()).toEqual([
      { year: 2027, status: 'missing', message: expect.stringContaining('Monday–Friday') },
      { year: 2028, status: 'missing', message: expect.stringContaining('Monday–Friday') },
    ]);
    cal.clearWarnings();
    expect(cal.warnings()).toEqual([]);
  });

  it('uses the provisional 2027 holidays and warns that 2027 is provisional', () => {
    const cal = shipped();
    expect(cal.isWorkingDay('2026-12-31')).toBe(true);
    expect(cal.warnings()).toEqual([]); // 2026 is official
    expect(cal.isWorkingDay('2027-01-01')).toBe(false); // chinese-days 1.5.7 says true; New Year's Day is certain
    expect(cal.isWorkingDay('2027-02-08')).toBe(true); // Spring Festival 2027 is not known yet
    expect(cal.warnings()).toEqual([{ year: 2027, status: 'provisional', message: expect.stringContaining('provisional') }]);
  });
});

describe('properties', () => {
  const date = fc
    .record({ y: fc.integer({ min: 2024, max: 2028 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
    .map(({ y, m, d }) => civilDate(y, m, d));
  const cal = shipped();

  it('previousWorkingDay(d) is a working day before d; workingDayOnOrBefore(d) ≤ d', () => {
    fc.assert(
      fc.property(date, (d) => {
        const p = cal.previousWorkingDay(d);
        const q = cal.workingDayOnOrBefore(d);
        return cal.isWorkingDay(p) && p < d && cal.isWorkingDay(q) && q <= d && (q === d) === cal.isWorkingDay(d);
      }),
    );
  });

  it('nextWorkingDay(d) is a working day after d', () => {
    fc.assert(fc.property(date, (d) => cal.isWorkingDay(cal.nextWorkingDay(d)) && cal.nextWorkingDay(d) > d));
  });

  it('addWorkingDays(d, n) lands on a working day with exactly n working days in (d, result]', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 30 }), (d, n) => {
        const r = cal.addWorkingDays(d, n);
        if (!cal.isWorkingDay(r) || r < d) return false;
        return n === 0 ? r === cal.workingDayOnOrAfter(d) : cal.countWorkingDays(addDays(d, 1), r) === n;
      }),
    );
  });
});
