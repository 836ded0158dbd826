/**
 * Working days and card dispatch dates (ORDER-4). Pure calendar arithmetic on store-local
 * "YYYY-MM-DD" dates: a working day is Monday to Friday and not a configured public holiday.
 */

import { addDays, daysInMonth, isIsoDate, isoWeekday } from '../../common/calendar.js';

export { addDays, isIsoDate, isoWeekday };

export const DISPATCH_SCHEDULES = ['daily', 'weekly', 'monthly'] as const;
export type DispatchSchedule = (typeof DISPATCH_SCHEDULES)[number];

/** Weekends plus the configured public holidays. */
export class WorkingCalendar {
  private readonly holidays: ReadonlySet<string>;

  constructor(holidays: Iterable<string> = []) {
    this.holidays = new Set(holidays);
  }

  isWorkingDay(date: string): boolean {
    return isoWeekday(date) <= 5 && !this.holidays.has(date);
  }

  /** `date` itself when it is a working day, else the first working day after it. */
  onOrAfter(date: string): string {
    // Terminates: weekends are two days and the holiday list is finite.
    let d = date;
    while (!this.isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }
}

/** Monday of the ISO week after the one holding `date`. */
export function mondayOfNextWeek(date: string): string {
  return addDays(date, 8 - isoWeekday(date));
}

/** The first day of the month after the one holding `date`. */
export function firstOfNextMonth(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return addDays(`${date.slice(0, 7)}-01`, daysInMonth(y, m));
}

/**
 * ORDER-4: when a card ordered on the store-local `orderDate` is dispatched.
 * - daily: the next working day after the order date;
 * - weekly: the first working day of the following (ISO, Monday-based) week — or, when that
 *   whole week is holidays, the first working day after it;
 * - monthly: the first working day of the following month (likewise rolling on when needed).
 */
export function dispatchDate(orderDate: string, schedule: DispatchSchedule, calendar: WorkingCalendar): string {
  switch (schedule) {
    case 'daily':
      return calendar.onOrAfter(addDays(orderDate, 1));
    case 'weekly':
      return calendar.onOrAfter(mondayOfNextWeek(orderDate));
    case 'monthly':
      return calendar.onOrAfter(firstOfNextMonth(orderDate));
  }
}
