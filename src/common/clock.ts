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
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at `ms` (whole seconds), read from the runtime's tz database. */
function offsetAt(ms: number, timeZone: string): number {
  const v: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) if (p.type !== 'literal') v[p.type] = Number(p.value);
  const wall = Date.UTC(v.year ?? 0, (v.month ?? 1) - 1, v.day ?? 1, v.hour ?? 0, v.minute ?? 0, v.second ?? 0);
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * Offsets cached per zone and quarter hour: formatToParts costs ~10 µs and every basket needs the
 * local time several times. A quarter hour is cached only when its offset is the same at both
 * ends, so a DST switch inside it is always read from the tz database.
 */
const BUCKET_MS = 15 * 60_000;
const offsets = new Map<string, number | null>();

function offsetFor(ms: number, timeZone: string): number {
  const bucket = Math.floor(ms / BUCKET_MS);
  const key = `${timeZone}|${bucket}`;
  let off = offsets.get(key);
  if (off === undefined) {
    const a = offsetAt(bucket * BUCKET_MS, timeZone);
    off = a === offsetAt((bucket + 1) * BUCKET_MS - 1, timeZone) ? a : null;
    if (offsets.size >= 4096) offsets.clear();
    offsets.set(key, off);
  }
  return off ?? offsetAt(ms, timeZone);
}

/** Store-local calendar parts of an instant. */
export function localTime(at: Date, timeZone: string): LocalTime {
  const ms = at.getTime();
  const wall = new Date(ms + offsetFor(ms, timeZone));
  const year = wall.getUTCFullYear();
  const month = wall.getUTCMonth() + 1;
  const day = wall.getUTCDate();
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { date, year, month, day, weekday: wall.getUTCDay() || 7, minuteOfDay: wall.getUTCHours() * 60 + wall.getUTCMinutes() };
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
