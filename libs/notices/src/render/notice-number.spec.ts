import fc from 'fast-check';
import { assertNoticeNumberFormat, DEFAULT_NOTICE_NUMBER_FORMAT, formatNoticeNumber } from './notice-number';

describe('formatNoticeNumber', () => {
  it('uses the default format 城东考〔2026〕3号', () => {
    expect(formatNoticeNumber(DEFAULT_NOTICE_NUMBER_FORMAT, { abbr: '城东', year: 2026, n: 3 })).toBe('城东考〔2026〕3号');
  });

  it.each([
    ['{abbr}街考〔{year}〕第{n}号', '城东街考〔2026〕第12号'],
    ['{abbr}考核〔{year}〕{n:3}号', '城东考核〔2026〕012号'],
    ['定海{abbr}〔{year}〕{n}', '定海城东〔2026〕12'],
    ['{year}-{n:4}', '2026-0012'],
  ])('fills custom format %s', (format, expected) => {
    expect(formatNoticeNumber(format, { abbr: '城东', year: 2026, n: 12 })).toBe(expected);
  });

  it('does not truncate a serial wider than its padding', () => {
    expect(formatNoticeNumber('{abbr}〔{year}〕{n:2}号', { abbr: '城东', year: 2026, n: 123 })).toBe('城东〔2026〕123号');
  });

  it('rejects unknown placeholders, a format without {n}, and bad serials', () => {
    expect(() => formatNoticeNumber('{abr}考〔{year}〕{n}号', { abbr: '城东', year: 2026, n: 1 })).toThrow(/unknown placeholder \{abr\}/);
    expect(() => assertNoticeNumberFormat('{abbr}考〔{year}〕号')).toThrow(/no \{n\}/);
    expect(() => formatNoticeNumber(DEFAULT_NOTICE_NUMBER_FORMAT, { abbr: '城东', year: 2026, n: 0 })).toThrow(RangeError);
    expect(() => formatNoticeNumber(DEFAULT_NOTICE_NUMBER_FORMAT, { abbr: '城东', year: 2026, n: 1.5 })).toThrow(RangeError);
  });

  it('gives distinct numbers to distinct serials (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), (a, b) => {
        fc.pre(a !== b);
        const f = (n: number) => formatNoticeNumber(DEFAULT_NOTICE_NUMBER_FORMAT, { abbr: '城东', year: 2026, n });
        return f(a) !== f(b);
      }),
    );
  });
});
