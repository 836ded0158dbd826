/** Time source and store-local calendar parts (weekday, date, minute of day) in a time zone. */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date | string): Clock & { set(at: Date | string): void } {
  let t = new Date(at);
  return { now: () => new Date(t), set: (v) => (t = new Date(v)) };
}

/** A moment as the store sees it on its wall clock. */
export interface LocalTime {
  /** YYYY-MM-DD in the store's time zone. */
  date: string;
  year: number;
  month: number;
  day: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Minutes since local midnight, 0..1439. */
  minuteOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Store-local calendar parts of an instant. */
export function localTime(at: Date, timeZone: string): LocalTime {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let weekday = 1;
  for (const p of formatter(timeZone).formatToParts(at)) {
    switch (p.type) {
      case 'year': year = Number(p.value); break;
      case 'month': month = Number(p.value); break;
      case 'day': day = Number(p.value); break;
      case 'hour': hour = Number(p.value); break;
      case 'minute': minute = Number(p.value); break;
      case 'weekday': weekday = WEEKDAYS[p.value] ?? 1; break;
    }
  }
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { date, year, month, day, weekday, minuteOfDay: hour * 60 + minute };
}

/** Whether a time zone name is known to this runtime. */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** "HH:MM" → minutes since midnight. */
export function parseHhMm(s: string): number {
  const [h, m] = s.split(':');
  return Number(h) * 60 + Number(m);
}

/** The UTC instant of a store-local wall-clock time ("YYYY-MM-DD", minutes since midnight). */
export function zonedInstant(date: string, minuteOfDay: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, Math.floor(minuteOfDay / 60), minuteOfDay % 60);
  // Two passes settle the offset, also next to a DST switch.
  let t = wall;
  for (let i = 0; i < 2; i++) {
    const lt = localTime(new Date(t), timeZone);
    const [ly, lm, ld] = lt.date.split('-').map(Number) as [number, number, number];
    const seen = Date.UTC(ly, lm - 1, ld, Math.floor(lt.minuteOfDay / 60), lt.minuteOfDay % 60);
    t += wall - seen;
  }
  return new Date(t);
}

/** Start of the store-local day that contains `at`, as a UTC instant. */
export function startOfLocalDay(at: Date, timeZone: string): Date {
  return zonedInstant(localTime(at, timeZone).date, 0, timeZone);
}
