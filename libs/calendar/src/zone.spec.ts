import { instantAt, localDate, localDateTime, startOfNextDay, zoneOffsetMs } from './zone';
import { isLate } from './reminder-schedule';

const SH = 'Asia/Shanghai';

describe('zone helpers', () => {
  it('converts the last millisecond of 2026 in Shanghai', () => {
    const lastMs = new Date('2026-12-31T15:59:59.999Z');
    expect(localDate(lastMs, SH)).toBe('2026-12-31');
    expect(localDateTime(lastMs, SH)).toBe('2026-12-31T23:59:59.999');
    expect(localDate(new Date('2026-12-31T16:00:00.000Z'), SH)).toBe('2027-01-01');
  });

  it('puts the 2026 deadline at 2027-01-01T00:00+08:00', () => {
    const deadline = startOfNextDay('2026-12-31', SH);
    expect(deadline.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    // 23:59:59.999 on 31 Dec is on time, 00:00:00.000 on 1 Jan is late.
    expect(isLate(deadline, new Date('2026-12-31T15:59:59.999Z'), deadline)).toBe(false);
    expect(isLate(deadline, new Date('2026-12-31T16:00:00.000Z'), deadline)).toBe(true);
    expect(isLate(deadline, null, new Date('2026-12-31T15:59:59.999Z'))).toBe(false);
    expect(isLate(deadline, null, new Date('2026-12-31T16:00:00.000Z'))).toBe(true);
  });

  it('finds the instant of a wall-clock time', () => {
    expect(instantAt('2026-12-15', '09:00', SH).toISOString()).toBe('2026-12-15T01:00:00.000Z');
    expect(instantAt('2027-01-01', '00:00', SH).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(zoneOffsetMs(new Date(), SH)).toBe(8 * 3600_000);
  });

  it('takes the zone as a parameter (DST zone)', () => {
    const ny = 'America/New_York';
    expect(instantAt('2026-01-15', '09:00', ny).toISOString()).toBe('2026-01-15T14:00:00.000Z');
    expect(instantAt('2026-07-15', '09:00', ny).toISOString()).toBe('2026-07-15T13:00:00.000Z');
    // Spring-forward gap (8 Mar 2026, 02:00 → 03:00): 02:30 does not exist, resolves past the gap.
    expect(instantAt('2026-03-08', '02:30', ny).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    // Fall-back (1 Nov 2026): 01:30 happens twice, the earlier one wins.
    expect(instantAt('2026-11-01', '01:30', ny).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(localDateTime(new Date('2026-12-31T16:00:00.000Z'), ny)).toBe('2026-12-31T11:00:00.000');
    expect(startOfNextDay('2026-12-31', 'UTC').toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('round-trips wall-clock times', () => {
    for (const tz of [SH, 'America/New_York', 'Europe/London', 'UTC']) {
      for (const date of ['2026-01-01', '2026-03-29', '2026-06-30', '2026-10-25', '2026-12-31']) {
        const t = instantAt(date, '09:00', tz);
        expect(localDateTime(t, tz)).toBe(`${date}T09:00:00.000`);
      }
    }
  });

  it('rejects bad input', () => {
    expect(() => instantAt('2026-02-30', '09:00', SH)).toThrow(/real date/);
    expect(() => instantAt('2026-02-01', '24:00', SH)).toThrow(/HH:mm/);
    expect(() => localDate(new Date('2026-01-01'), 'Mars/Olympus')).toThrow(RangeError);
    expect(() => localDate(new Date(NaN), SH)).toThrow(/invalid Date/);
  });
});
