/**
 * Reads config/calendars/<year>.json. The only module of this library that touches the file system, so
 * everything else stays pure and usable from the API upload path with already-parsed JSON.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CalendarDataError, type CalendarYear, parseCalendarYear } from './calendar-data';

const FILE_RE = /^(\d{4})\.json$/;

/**
 * Loads and validates every `<year>.json` in `dir`, sorted by year. Other files are ignored; a file whose
 * name disagrees with its `year` field, bad JSON, or a year given twice is an error naming the file.
 */
export function loadCalendarYears(dir: string): CalendarYear[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new Error(`cannot read calendar directory ${dir}: ${(e as Error).message}`);
  }
  const years: CalendarYear[] = [];
  for (const name of names.filter((n) => FILE_RE.test(n)).sort()) {
    const path = join(dir, name);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new CalendarDataError(path, [{ field: '(file)', message: `not valid JSON: ${(e as Error).message}` }]);
    }
    const year = parseCalendarYear(json, path);
    const fromName = Number(FILE_RE.exec(name)![1]);
    if (year.year !== fromName) {
      throw new CalendarDataError(path, [{ field: 'year', message: `is ${year.year} but the file is named ${name}` }]);
    }
    years.push(year);
  }
  return years;
}
