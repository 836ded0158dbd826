/**
 * Working days and card dispatch dates (ORDER-4). Pure calendar arithmetic on store-local
 * "YYYY-MM-DD" dates: a working day is Monday to Friday and not a configured public holiday.
 */

export const DISPATCH_SCHEDULES = ['daily', 'weekly', 'monthly'] as const;
export type DispatchSchedule = (typeof DISPATCH_SCHEDULES)[number];

const DAY_MS = 86_400_000;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtcMs(date: string): number {
  const m = YMD.exec(date);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whether `s` is a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(s: string): boolean {
  if (!YMD.test(s)) return false;
  const ms = toUtcMs(s);
  return !Number.isNaN(ms) && fromUtcMs(ms) === s;
}

export function addDays(date: string, days: number): string {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(toUtcMs(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

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
  return fromUtcMs(Date.UTC(y, m, 1));
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
