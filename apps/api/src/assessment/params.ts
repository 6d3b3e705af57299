import { ParseIntPipe } from '@nestjs/common';
import { ApiError } from '../http/api-error';

/** `:year` and `:month` route parameters, with the standard 400 body when they are not numbers in range. */
export const yearParam = new ParseIntPipe({ exceptionFactory: () => ApiError.badRequest('year', 'must be a whole number') });

export function monthOf(value: string): number {
  const m = Number(value);
  if (!/^\d{1,2}$/.test(value) || m < 1 || m > 12) throw ApiError.badRequest('month', 'must be 1–12');
  return m;
}
