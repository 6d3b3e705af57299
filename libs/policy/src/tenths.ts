/**
 * Scores are integer tenths everywhere in code (92.5 points = 925), so sums and comparisons are exact.
 * Parsing and formatting happen only at the edges (forms, files, exports).
 */

export class InvalidScoreError extends Error {
  constructor(
    message: string,
    readonly input: unknown,
  ) {
    super(message);
    this.name = 'InvalidScoreError';
  }
}

/** Tenths can hold at most one decimal place; 0 means whole points only. */
function checkDecimals(decimals: number): void {
  if (decimals !== 0 && decimals !== 1) {
    throw new RangeError(`decimals must be 0 or 1 (scores are stored in tenths), got ${decimals}`);
  }
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * '9.5' → 95, 10 → 100. Refuses empty, NaN, infinite, negative, exponent notation and more decimals than
 * allowed ('9.55' with decimals=1). Trailing zeros ('9.50') are exact and accepted.
 */
export function parseTenths(input: string | number, decimals = 1): number {
  checkDecimals(decimals);
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new InvalidScoreError(`score is not a finite number: ${input}`, input);
    text = String(input);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    throw new InvalidScoreError(`score must be a string or a number, got ${typeof input}`, input);
  }
  if (text === '') throw new InvalidScoreError('score is empty', input);
  if (text.startsWith('-')) throw new InvalidScoreError(`score must not be negative: ${text}`, input);
  const m = DECIMAL.exec(text);
  if (!m) throw new InvalidScoreError(`score is not a decimal number: "${text}"`, input);
  const whole = m[1];
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > decimals) {
    throw new InvalidScoreError(
      decimals === 0
        ? `score must be a whole number of points: ${text}`
        : `score has more than ${decimals} decimal place: ${text}`,
      input,
    );
  }
  const tenths = Number(whole) * 10 + (fraction === '' ? 0 : Number(fraction));
  if (!Number.isSafeInteger(tenths)) throw new InvalidScoreError(`score is too large: ${text}`, input);
  return tenths;
}

/** 95 → '9.5', 100 → '10.0' (decimals=1); 100 → '10' (decimals=0, tenths must then be whole points). */
export function formatTenths(tenths: number, decimals = 1): string {
  checkDecimals(decimals);
  if (!Number.isSafeInteger(tenths)) throw new RangeError(`tenths must be an integer, got ${tenths}`);
  const sign = tenths < 0 ? '-' : '';
  const abs = Math.abs(tenths);
  const whole = Math.floor(abs / 10);
  const frac = abs % 10;
  if (decimals === 0) {
    if (frac !== 0) throw new RangeError(`${tenths} tenths is not a whole number of points`);
    return `${sign}${whole}`;
  }
  return `${sign}${whole}.${frac}`;
}

/** Whole points from a policy file (e.g. an item max of 10) → tenths. */
export function pointsToTenths(points: number): number {
  return Math.round(points * 10);
}
