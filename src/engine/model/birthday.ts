/**
 * CARD-6: a birthday discount applies from `daysBefore` days before the customer's birthday to
 * `daysAfter` days after it, both inclusive, in store-local calendar days.
 *
 * - The window is checked against the birthdays of the previous, current and next year, so a
 *   window that crosses a year end works (birthday 2 January, 5 days before → 28 December on).
 * - 29 February: in a year without that day the birthday is taken as 28 February (it stays in
 *   the birth month). In leap years it is 29 February.
 * - No window on the card means the birthday itself only (0 days before, 0 after).
 */
import { dayNumber } from '../../common/calendar.js';
import type { LocalTime } from '../../common/clock.js';
import type { BirthdayWindow } from './types.js';

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** The birthday's day number in `year`, with 29 February moved to 28 February in common years. */
function birthdayIn(year: number, month: number, day: number): number {
  return month === 2 && day === 29 && !isLeap(year) ? dayNumber(year, 2, 28) : dayNumber(year, month, day);
}

/** Parses "YYYY-MM-DD"; null when the shape is wrong. */
export function parseBirthDate(s: string): { month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { month, day };
}

/** Whether the store-local day `lt` falls in the birthday window of someone born on `birthDate`. */
export function inBirthdayWindow(birthDate: string, window: BirthdayWindow | null, lt: LocalTime): boolean {
  const bd = parseBirthDate(birthDate);
  if (!bd) return false;
  const before = window?.daysBefore ?? 0;
  const after = window?.daysAfter ?? 0;
  const today = dayNumber(lt.year, lt.month, lt.day);
  for (let y = lt.year - 1; y <= lt.year + 1; y++) {
    const b = birthdayIn(y, bd.month, bd.day);
    if (today >= b - before && today <= b + after) return true;
  }
  return false;
}
