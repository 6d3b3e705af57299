import { PipeTransform } from '@nestjs/common';
import { ApiError } from '../http/api-error';
import { UUID_PATTERN } from '@app/platform';

/**
 * `:year` route parameter: a whole number of at most four digits (a longer one used to pass ParseIntPipe and
 * then overflow the database's integer column: a 500), with the standard 400 body otherwise.
 */
export const yearParam: PipeTransform<string | number, number> = {
  transform(value: string | number): number {
    // the global ValidationPipe may already have turned the raw text into a number (NaN for text)
    if (!/^\d{1,4}$/.test(String(value))) throw ApiError.badRequest('year', 'must be a whole number (a year such as 2026)');
    return Number(value);
  },
};

export function monthOf(value: string): number {
  const m = Number(value);
  if (!/^\d{1,2}$/.test(value) || m < 1 || m > 12) throw ApiError.badRequest('month', 'must be 1–12');
  return m;
}


/** A route parameter that names a row by id: 400 naming it when it is not a UUID (never a database error). */
export function uuidOf(params: Record<string, string>, name: string): string {
  const v = params[name];
  if (!UUID_PATTERN.test(v ?? '')) throw ApiError.badRequest(name, 'must be a UUID');
  return v;
}
