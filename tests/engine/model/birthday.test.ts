import { describe, expect, it } from 'vitest';
import type { LocalTime } from '../../../src/common/clock.js';
import { inBirthdayWindow } from '../../../src/engine/model/birthday.js';

function day(date: string): LocalTime {
  const [year, month, d] = date.split('-').map(Number) as [number, number, number];
  return { date, year, month, day: d, weekday: 1, minuteOfDay: 600 };
}

describe('birthday window (CARD-6)', () => {
  const w = { daysBefore: 3, daysAfter: 2 };

  it('CARD-6: applies from daysBefore before to daysAfter after, both inclusive', () => {
    expect(inBirthdayWindow('1990-06-15', w, day('2026-06-11'))).toBe(false);
    expect(inBirthdayWindow('1990-06-15', w, day('2026-06-12'))).toBe(true);
    expect(inBirthdayWindow('1990-06-15', w, day('2026-06-15'))).toBe(true);
    expect(inBirthdayWindow('1990-06-15', w, day('2026-06-17'))).toBe(true);
    expect(inBirthdayWindow('1990-06-15', w, day('2026-06-18'))).toBe(false);
  });

  it('CARD-6: without a window only the birthday itself counts', () => {
    expect(inBirthdayWindow('1990-06-15', null, day('2026-06-15'))).toBe(true);
    expect(inBirthdayWindow('1990-06-15', null, day('2026-06-14'))).toBe(false);
  });

  it('CARD-6: window across the year end (birthday early January, late December)', () => {
    expect(inBirthdayWindow('1985-01-02', { daysBefore: 5, daysAfter: 0 }, day('2026-12-28'))).toBe(true);
    expect(inBirthdayWindow('1985-01-02', { daysBefore: 5, daysAfter: 0 }, day('2026-12-27'))).toBe(false);
    expect(inBirthdayWindow('1985-12-30', { daysBefore: 0, daysAfter: 4 }, day('2027-01-03'))).toBe(true);
    expect(inBirthdayWindow('1985-12-30', { daysBefore: 0, daysAfter: 4 }, day('2027-01-04'))).toBe(false);
  });

  it('CARD-6: 29 February counts as 28 February in common years, 29 February in leap years', () => {
    const none = { daysBefore: 0, daysAfter: 0 };
    expect(inBirthdayWindow('2000-02-29', none, day('2027-02-28'))).toBe(true);
    expect(inBirthdayWindow('2000-02-29', none, day('2027-03-01'))).toBe(false);
    expect(inBirthdayWindow('2000-02-29', none, day('2028-02-29'))).toBe(true);
    expect(inBirthdayWindow('2000-02-29', none, day('2028-02-28'))).toBe(false);
    expect(inBirthdayWindow('2000-02-29', { daysBefore: 0, daysAfter: 1 }, day('2027-03-01'))).toBe(true);
    expect(inBirthdayWindow('2000-02-29', { daysBefore: 1, daysAfter: 0 }, day('2028-02-28'))).toBe(true);
  });

  it('CARD-6: a malformed birth date never matches', () => {
    expect(inBirthdayWindow('15.06.1990', w, day('2026-06-15'))).toBe(false);
  });
});
