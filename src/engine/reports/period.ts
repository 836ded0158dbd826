import { daysInMonth } from '../../common/calendar.js';
import { localTime, zonedInstant } from '../../common/clock.js';

/** UTC instants [from, to) of store-local dates `fromDate`..`toDate` inclusive. */
export function localDateRange(fromDate: string, toDate: string, timeZone: string): { from: string; to: string } {
  return { from: zonedInstant(fromDate, 0, timeZone).toISOString(), to: zonedInstant(toDate, 24 * 60, timeZone).toISOString() };
}

/** First and last store-local date of a month "YYYY-MM". */
export function monthDates(period: string): { first: string; last: string } {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const last = daysInMonth(y, m);
  return { first: `${period}-01`, last: `${period}-${String(last).padStart(2, '0')}` };
}

/** UTC instants [from, to) of the store-local day that contains `at` (23 or 25 hours on DST days). */
export function localDayWindow(at: Date, timeZone: string): { from: string; to: string } {
  const date = localTime(at, timeZone).date;
  return localDateRange(date, date, timeZone);
}
