import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError } from './api-error';

function flatten(errors: ValidationError[], prefix = ''): { field: string; reason: string }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** No request body of this API nests deeper than a few levels; far deeper JSON is refused before it is transformed. */
export const MAX_BODY_DEPTH = 32;

/** True when the value nests deeper than `max` objects/arrays (iterative: a hostile body cannot overflow the stack here). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(v as object)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * DTO validation: unknown fields refused, types converted explicitly, every problem named with its field.
 * Bodies nested deeper than MAX_BODY_DEPTH are refused first (class-transformer recurses and a 5,000-deep array
 * overflowed the stack: a 500 found by the fuzz test).
 */
class HardenedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata) {
    if ((metadata.type === 'body' || metadata.type === 'query') && nestsDeeperThan(value, MAX_BODY_DEPTH)) {
      throw ApiError.badRequest(metadata.type, `nests deeper than ${MAX_BODY_DEPTH} levels`);
    }
    return super.transform(value, metadata);
  }
}

export const validationPipe = new HardenedValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => {
    const details = flatten(errors);
    return new ApiError(400, 'VALIDATION_FAILED', details.map((d) => `${d.field}: ${d.reason}`).join('; '), details);
  },
});
