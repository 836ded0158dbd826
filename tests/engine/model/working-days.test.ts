import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  dispatchDate,
  DISPATCH_SCHEDULES,
  firstOfNextMonth,
  isIsoDate,
  isoWeekday,
  mondayOfNextWeek,
  WorkingCalendar,
} from '../../../src/engine/model/working-days.js';

const noHolidays = new WorkingCalendar();
// Estonian public holidays around the 2026/27 year end and Easter 2027.
const ee = new WorkingCalendar(['2026-12-24', '2026-12-25', '2026-12-26', '2027-01-01', '2027-03-26', '2027-03-28']);

describe('working days (ORDER-4)', () => {
  it('calendar arithmetic: weekdays, leap days, week and month boundaries', () => {
    expect(isoWeekday('2026-11-23')).toBe(1); // Monday
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(mondayOfNextWeek('2026-11-23')).toBe('2026-11-30');
    expect(mondayOfNextWeek('2026-11-29')).toBe('2026-11-30');
    expect(mondayOfNextWeek('2026-12-31')).toBe('2027-01-04');
    expect(firstOfNextMonth('2026-12-15')).toBe('2027-01-01');
    expect(firstOfNextMonth('2028-01-31')).toBe('2028-02-01');
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('26-01-01')).toBe(false);
  });

  it('weekends and configured holidays are not working days', () => {
    expect(noHolidays.isWorkingDay('2026-11-27')).toBe(true); // Friday
    expect(noHolidays.isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(noHolidays.isWorkingDay('2026-11-29')).toBe(false); // Sunday
    expect(ee.isWorkingDay('2026-12-24')).toBe(false); // Thursday, holiday
    expect(ee.isWorkingDay('2026-12-23')).toBe(true);
    expect(ee.onOrAfter('2026-12-24')).toBe('2026-12-28');
  });

  it('ORDER-4 daily: the next working day, skipping weekends and holidays across the year end', () => {
    expect(dispatchDate('2026-11-23', 'daily', noHolidays)).toBe('2026-11-24'); // Mon → Tue
    expect(dispatchDate('2026-11-27', 'daily', noHolidays)).toBe('2026-11-30'); // Fri → Mon
    expect(dispatchDate('2026-11-28', 'daily', noHolidays)).toBe('2026-11-30'); // Sat → Mon
    expect(dispatchDate('2026-12-23', 'daily', ee)).toBe('2026-12-28'); // Christmas Thu-Sat, then Sunday
    expect(dispatchDate('2026-12-31', 'daily', ee)).toBe('2027-01-04'); // New Year Fri, weekend
    expect(dispatchDate('2027-03-25', 'daily', ee)).toBe('2027-03-29'); // Good Friday
  });

  it('ORDER-4 weekly: the first working day of the following week, even when ordered on a Sunday', () => {
    expect(dispatchDate('2026-11-23', 'weekly', noHolidays)).toBe('2026-11-30'); // Mon → next Mon
    expect(dispatchDate('2026-11-29', 'weekly', noHolidays)).toBe('2026-11-30'); // Sun → next day, a new week
    expect(dispatchDate('2026-12-17', 'weekly', ee)).toBe('2026-12-21');
    expect(dispatchDate('2026-12-28', 'weekly', ee)).toBe('2027-01-04'); // week of 4 Jan, across the year end
    const mondayHoliday = new WorkingCalendar(['2027-01-04', '2027-01-05']);
    expect(dispatchDate('2026-12-30', 'weekly', mondayHoliday)).toBe('2027-01-06');
    const wholeWeekOff = new WorkingCalendar(['2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08']);
    expect(dispatchDate('2026-12-30', 'weekly', wholeWeekOff)).toBe('2027-01-11'); // rolls on to the next working day
  });

  it('ORDER-4 monthly: the first working day of the following month', () => {
    expect(dispatchDate('2026-11-02', 'monthly', noHolidays)).toBe('2026-12-01'); // Tue 1 Dec
    expect(dispatchDate('2026-12-01', 'monthly', ee)).toBe('2027-01-04'); // 1 Jan holiday (Fri), weekend
    expect(dispatchDate('2026-12-31', 'monthly', ee)).toBe('2027-01-04');
    expect(dispatchDate('2027-01-31', 'monthly', noHolidays)).toBe('2027-02-01'); // Mon
    expect(dispatchDate('2027-07-15', 'monthly', noHolidays)).toBe('2027-08-02'); // 1 Aug is a Sunday
    expect(dispatchDate('2028-02-29', 'monthly', noHolidays)).toBe('2028-03-01'); // leap day
  });
});

// ---- property tests (bounded) ------------------------------------------------------------

const DAY = 86_400_000;
const MIN = Date.UTC(1999, 0, 1);
const SPAN_DAYS = 365 * 102; // up to 2100, across the non-leap 2100

const date = fc.integer({ min: 0, max: SPAN_DAYS }).map((n) => new Date(MIN + n * DAY).toISOString().slice(0, 10));
/** Holidays clustered near the order date (so they matter), including whole runs of weeks. */
const scenario = date.chain((d) =>
  fc.record({
    orderDate: fc.constant(d),
    schedule: fc.constantFrom(...DISPATCH_SCHEDULES),
    holidays: fc.array(
      fc.integer({ min: -3, max: 70 }).map((k) => addDays(d, k)),
      { maxLength: 40 },
    ),
  }),
);

/** Independent oracle: walk the days one by one with Date objects. */
function naiveWorking(d: Date, holidays: Set<string>): boolean {
  const wd = d.getUTCDay();
  return wd !== 0 && wd !== 6 && !holidays.has(d.toISOString().slice(0, 10));
}
function naiveDispatch(orderDate: string, schedule: string, holidays: Set<string>): string {
  const d = new Date(orderDate + 'T00:00:00Z');
  if (schedule === 'daily') d.setUTCDate(d.getUTCDate() + 1);
  else if (schedule === 'weekly') {
    do d.setUTCDate(d.getUTCDate() + 1);
    while (d.getUTCDay() !== 1);
  } else d.setUTCMonth(d.getUTCMonth() + 1, 1);
  while (!naiveWorking(d, holidays)) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

describe('dispatch dates, property-based (ORDER-4)', () => {
  it('ORDER-4: the dispatch date is always a working day, after the order, and no working day the rule allows comes earlier', () => {
    fc.assert(
      fc.property(scenario, ({ orderDate, schedule, holidays }) => {
        const cal = new WorkingCalendar(holidays);
        const out = dispatchDate(orderDate, schedule, cal);
        expect(isIsoDate(out)).toBe(true);
        expect(cal.isWorkingDay(out)).toBe(true);
        expect(holidays).not.toContain(out);
        expect(isoWeekday(out)).toBeLessThanOrEqual(5);
        expect(out > orderDate).toBe(true);
        // The earliest day the rule allows …
        const earliest = schedule === 'daily' ? addDays(orderDate, 1) : schedule === 'weekly' ? mondayOfNextWeek(orderDate) : firstOfNextMonth(orderDate);
        expect(out >= earliest).toBe(true);
        // … and every day from there up to the result is not a working day.
        for (let d = earliest; d < out; d = addDays(d, 1)) expect(cal.isWorkingDay(d)).toBe(false);
        expect(out).toBe(naiveDispatch(orderDate, schedule, new Set(holidays)));
      }),
      { numRuns: 3000 },
    );
  });

  it('ORDER-4: weekly lands in the following ISO week and monthly in the following month unless those are wholly off', () => {
    fc.assert(
      fc.property(scenario, ({ orderDate, schedule, holidays }) => {
        const cal = new WorkingCalendar(holidays);
        const out = dispatchDate(orderDate, schedule, cal);
        if (schedule === 'weekly') {
          const monday = mondayOfNextWeek(orderDate);
          const weekHasWorkingDay = [0, 1, 2, 3, 4].some((k) => cal.isWorkingDay(addDays(monday, k)));
          if (weekHasWorkingDay) expect(out < addDays(monday, 7)).toBe(true);
          expect(addDays(orderDate, 1) <= monday && monday <= addDays(orderDate, 7)).toBe(true);
        } else if (schedule === 'monthly') {
          const first = firstOfNextMonth(orderDate);
          const [y, m] = first.split('-').map(Number) as [number, number];
          if (holidays.length < 15) expect(out.slice(0, 7)).toBe(`${y}-${String(m).padStart(2, '0')}`);
          expect(first.endsWith('-01')).toBe(true);
          expect(first.slice(0, 7) > orderDate.slice(0, 7)).toBe(true);
        } else {
          // Daily: with no holidays the gap is 1 day, or up to 3 over a weekend.
          const plain = dispatchDate(orderDate, 'daily', noHolidays);
          const gap = (Date.parse(plain) - Date.parse(orderDate)) / DAY;
          expect(gap).toBeGreaterThanOrEqual(1);
          expect(gap).toBeLessThanOrEqual(3);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('ORDER-4: every year end 1999/2000 … 2099/2100, with Christmas and New Year holidays', () => {
    const newYear = (y: number) => new WorkingCalendar([`${y}-01-01`, `${y - 1}-12-24`, `${y - 1}-12-25`, `${y - 1}-12-26`]);
    for (let y = 2000; y <= 2100; y++) {
      const cal = newYear(y);
      for (const d of [`${y - 1}-12-23`, `${y - 1}-12-28`, `${y - 1}-12-31`]) {
        for (const s of DISPATCH_SCHEDULES) {
          const out = dispatchDate(d, s, cal);
          expect(cal.isWorkingDay(out)).toBe(true);
          expect(out).toBe(naiveDispatch(d, s, new Set([`${y}-01-01`, `${y - 1}-12-24`, `${y - 1}-12-25`, `${y - 1}-12-26`])));
        }
      }
      expect(dispatchDate(`${y - 1}-12-31`, 'monthly', cal).startsWith(`${y}-01-0`)).toBe(true);
    }
  });
});
