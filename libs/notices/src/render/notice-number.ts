/** Default 抄告 number format: 城东考〔2026〕3号. The real one is configuration per subdistrict. */
export const DEFAULT_NOTICE_NUMBER_FORMAT = '{abbr}考〔{year}〕{n}号';

export interface NoticeNumberParts {
  abbr: string;
  year: number;
  n: number;
}

const PLACEHOLDER = /\{(\w+)(?::(\d+))?\}/g;

/**
 * Fills `{abbr}`, `{year}` and `{n}`; `{n:3}` pads n with zeros to 3 digits (城东考〔2026〕003号).
 * An unknown placeholder throws: a typo in configuration must not reach an official document.
 */
export function formatNoticeNumber(format: string, parts: NoticeNumberParts): string {
  if (!Number.isInteger(parts.n) || parts.n < 1) throw new RangeError(`notice serial must be a positive integer, got ${parts.n}`);
  if (!Number.isInteger(parts.year)) throw new RangeError(`year must be an integer, got ${parts.year}`);
  assertNoticeNumberFormat(format);
  return format.replace(PLACEHOLDER, (_m, name: string, width?: string) => {
    const value = name === 'abbr' ? parts.abbr : String(name === 'year' ? parts.year : parts.n);
    return width ? value.padStart(Number(width), '0') : value;
  });
}

/** For configuration validation at start-up: throws on unknown placeholders or a format without `{n}`. */
export function assertNoticeNumberFormat(format: string): void {
  let hasSerial = false;
  for (const [, name] of format.matchAll(PLACEHOLDER)) {
    if (name !== 'abbr' && name !== 'year' && name !== 'n') {
      throw new Error(`unknown placeholder {${name}} in notice number format "${format}" (use {abbr}, {year}, {n})`);
    }
    if (name === 'n') hasSerial = true;
  }
  if (!hasSerial) throw new Error(`notice number format "${format}" has no {n}: every notice would get the same number`);
}
