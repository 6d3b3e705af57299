import { formatTenths, InvalidScoreError, parseTenths } from './tenths';

describe('parseTenths / formatTenths', () => {
  it.each([
    ['9.5', 95],
    ['10', 100],
    [' 0.0 ', 0],
    ['92.50', 925],
    [9.5, 95],
    [92.3, 923],
    [0, 0],
  ] as const)('parses %p as %p tenths', (input, tenths) => {
    expect(parseTenths(input)).toBe(tenths);
  });

  it.each([
    ['', /empty/],
    ['abc', /not a decimal/],
    [NaN, /finite/],
    [Infinity, /finite/],
    ['-1', /negative/],
    [-0.5, /negative/],
    ['9.55', /more than 1 decimal/],
    [9.55, /more than 1 decimal/],
    ['1e2', /not a decimal/],
    ['+5', /not a decimal/],
  ] as const)('refuses %p', (input, message) => {
    expect(() => parseTenths(input as string | number)).toThrow(InvalidScoreError);
    expect(() => parseTenths(input as string | number)).toThrow(message);
  });

  it('honours decimals=0', () => {
    expect(parseTenths('7', 0)).toBe(70);
    expect(() => parseTenths('7.5', 0)).toThrow(/whole number/);
    expect(() => parseTenths('7', 2)).toThrow(RangeError);
  });

  it('formats with one decimal', () => {
    expect(formatTenths(95)).toBe('9.5');
    expect(formatTenths(100)).toBe('10.0');
    expect(formatTenths(0)).toBe('0.0');
    expect(formatTenths(-5)).toBe('-0.5');
    expect(formatTenths(1100, 0)).toBe('110');
    expect(() => formatTenths(1.5)).toThrow(RangeError);
  });

  it('round-trips', () => {
    for (let t = 0; t <= 1100; t++) expect(parseTenths(formatTenths(t))).toBe(t);
  });
});
