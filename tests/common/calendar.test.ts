import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, datesFrom, daysBetween, daysInMonth, isIsoDate, isoWeekday } from '../../src/common/calendar.js';

describe('calendar dates (CARD-4, ORDER-4, CARD-12)', () => {
  it('CARD-4: real dates only, leap years included', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2026, 12)).toBe(31);
  });

  it('ORDER-4: adding days crosses months and years; weekdays are ISO', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect([...datesFrom('2026-12-30', '2027-01-02')]).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
  });

  it('CARD-12: daysBetween inverts addDays', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: -2000, max: 2000 }), (n, k) => {
        const d = new Date(n * 86_400_000).toISOString().slice(0, 10);
        expect(daysBetween(d, addDays(d, k))).toBe(k);
      }),
      { numRuns: 500 },
    );
  });
});
