import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import chineseDays from 'chinese-days';
import { CalendarDataError, parseCalendarYear } from './calendar-data';
import { loadCalendarYears } from './calendar-files';

const SHIPPED = join(__dirname, '../../../config/calendars');

function issuesOf(fn: () => unknown): { field: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CalendarDataError);
    return (e as CalendarDataError).issues;
  }
  throw new Error('expected a CalendarDataError');
}

const valid = { year: 2026, source: '国务院办公厅关于2026年部分节假日安排的通知', holidays: ['2026-01-01'], workdays: ['2026-01-04'] };

describe('parseCalendarYear', () => {
  it('accepts a valid year and sorts its dates', () => {
    const y = parseCalendarYear({ ...valid, holidays: ['2026-10-01', '2026-01-01'] });
    expect(y.holidays).toEqual(['2026-01-01', '2026-10-01']);
    expect(y.provisional).toBeUndefined();
  });

  it('names the field of a bad date', () => {
    expect(issuesOf(() => parseCalendarYear({ ...valid, holidays: ['2026-01-01', '2026-02-30', '2026/03/01'] }))).toEqual([
      { field: 'holidays[1]', message: expect.stringContaining('not a real date') },
      { field: 'holidays[2]', message: expect.stringContaining('not a real date') },
    ]);
  });

  it('rejects a date outside the year', () => {
    expect(issuesOf(() => parseCalendarYear({ ...valid, holidays: ['2025-12-31'] }))).toEqual([
      { field: 'holidays[0]', message: '2025-12-31 is outside the year 2026' },
    ]);
  });

  it('rejects a date that is both holiday and workday', () => {
    const issues = issuesOf(() => parseCalendarYear({ ...valid, holidays: ['2026-01-03'], workdays: ['2026-01-03'] }));
    expect(issues).toContainEqual({ field: 'workdays[0]', message: expect.stringContaining('both as a holiday and as a workday') });
  });

  it('rejects a make-up workday that is not on a weekend', () => {
    expect(issuesOf(() => parseCalendarYear({ ...valid, workdays: ['2026-01-05'] }))).toEqual([
      { field: 'workdays[0]', message: expect.stringMatching(/2026-01-05 is a Monday.*Saturday or Sunday/) },
    ]);
  });

  it('reports every problem at once, with the origin', () => {
    let err: CalendarDataError | undefined;
    try {
      parseCalendarYear({ year: '2026', holiday: [], workdays: 'none' }, '2026.json');
    } catch (e) {
      err = e as CalendarDataError;
    }
    expect(err?.message).toContain('2026.json');
    expect(err?.issues.map((i) => i.field)).toEqual(['holiday', 'year', 'source', 'holidays', 'workdays']);
  });

  it('rejects duplicates, non-objects and an empty official schedule', () => {
    expect(issuesOf(() => parseCalendarYear({ ...valid, holidays: ['2026-01-01', '2026-01-01'] }))[0]).toEqual({
      field: 'holidays[1]',
      message: '2026-01-01 is listed twice (also holidays[0])',
    });
    expect(issuesOf(() => parseCalendarYear([]))[0].field).toBe('(root)');
    expect(issuesOf(() => parseCalendarYear({ ...valid, holidays: [] }))[0].field).toBe('holidays');
    expect(parseCalendarYear({ ...valid, holidays: [], provisional: true }).provisional).toBe(true);
  });
});

describe('loadCalendarYears', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'calendars-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the shipped 2025, 2026 and provisional 2027 files', () => {
    const years = loadCalendarYears(SHIPPED);
    expect(years.map((y) => [y.year, !!y.provisional])).toEqual([
      [2025, false],
      [2026, false],
      [2027, true],
    ]);
    expect(years[2].holidays).toContain('2027-01-01');
    expect(years[2].note).toMatch(/春节/);
  });

  it('matches chinese-days for 2025 and 2026 on every day', () => {
    const years = loadCalendarYears(SHIPPED).filter((y) => !y.provisional);
    for (const y of years) {
      const holidays = new Set(y.holidays);
      const workdays = new Set(y.workdays);
      for (let t = Date.UTC(y.year, 0, 1); t < Date.UTC(y.year + 1, 0, 1); t += 86_400_000) {
        const d = new Date(t).toISOString().slice(0, 10);
        const weekend = [0, 6].includes(new Date(t).getUTCDay());
        const ours = workdays.has(d) || (!holidays.has(d) && !weekend);
        expect([d, ours]).toEqual([d, chineseDays.isWorkday(d)]);
      }
    }
  });

  it('names the file for bad JSON, a bad field, or a name that disagrees with the year', () => {
    writeFileSync(join(dir, '2026.json'), '{ "year": 2026,');
    expect(() => loadCalendarYears(dir)).toThrow(/2026\.json[\s\S]*not valid JSON/);
    writeFileSync(join(dir, '2026.json'), JSON.stringify({ ...valid, workdays: ['2026-01-06'] }));
    expect(() => loadCalendarYears(dir)).toThrow(/2026\.json[\s\S]*workdays\[0\]: 2026-01-06 is a Tuesday/);
    writeFileSync(join(dir, '2026.json'), JSON.stringify({ ...valid }));
    writeFileSync(join(dir, '2025.json'), JSON.stringify({ ...valid }));
    expect(() => loadCalendarYears(dir)).toThrow(/2025\.json[\s\S]*year: is 2026 but the file is named 2025\.json/);
  });

  it('ignores other files and fails clearly on a missing directory', () => {
    writeFileSync(join(dir, 'README.md'), '# calendars');
    expect(loadCalendarYears(dir)).toEqual([]);
    expect(() => loadCalendarYears(join(dir, 'nope'))).toThrow(/cannot read calendar directory/);
  });
});
