import { zonedInstant } from '../common/clock.js';

/** UTC instants [from, to) of store-local dates `fromDate`..`toDate` inclusive. */
export function localDateRange(fromDate: string, toDate: string, timeZone: string): { from: string; to: string } {
  return { from: zonedInstant(fromDate, 0, timeZone).toISOString(), to: zonedInstant(toDate, 24 * 60, timeZone).toISOString() };
}

/** First and last store-local date of a month "YYYY-MM". */
export function monthDates(period: string): { first: string; last: string } {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${period}-01`, last: `${period}-${String(last).padStart(2, '0')}` };
}
