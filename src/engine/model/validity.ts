/**
 * CARD-4 / CARD-5: date ranges, weekdays and daily time windows, checked against the store-local
 * wall clock (`localTime(at, timeZone)` from common/clock, computed once per basket).
 *
 * Semantics (documented choices):
 * - `from` / `to` are store-local dates, both inclusive.
 * - `weekdays` are ISO (1 = Monday … 7 = Sunday); a missing or empty list means every day.
 * - `timeFrom` is inclusive, `timeTo` exclusive (10:00–14:00 admits 13:59, not 14:00). A window
 *   whose end is not after its start runs over midnight (22:00–02:00 admits 23:30 and 01:30);
 *   the weekday and date checks still use the calendar day of `at`. Equal bounds admit the whole
 *   day. Only one bound given: open on the other side.
 */
import { parseHhMm, type LocalTime } from '../../common/clock.js';
import type { Validity } from './types.js';

/** A validity with the time window parsed and the weekdays as a bit mask; built once, checked often. */
export interface CompiledValidity {
  readonly from: string | null;
  readonly to: string | null;
  /** Bit `1 << weekday` per admitted weekday; 0 = every day. */
  readonly weekdayMask: number;
  /** Minutes since midnight; -1 = no bound. */
  readonly timeFrom: number;
  readonly timeTo: number;
}

export function compileValidity(v: Validity): CompiledValidity {
  let weekdayMask = 0;
  for (const d of v.weekdays ?? []) weekdayMask |= 1 << d;
  return {
    from: v.from ?? null,
    to: v.to ?? null,
    weekdayMask,
    timeFrom: v.timeFrom !== undefined ? parseHhMm(v.timeFrom) : -1,
    timeTo: v.timeTo !== undefined ? parseHhMm(v.timeTo) : -1,
  };
}

/** Whether a compiled validity admits the store-local moment `lt`. */
export function admits(v: CompiledValidity, lt: LocalTime): boolean {
  if (v.from !== null && lt.date < v.from) return false;
  if (v.to !== null && lt.date > v.to) return false;
  if (v.weekdayMask !== 0 && (v.weekdayMask & (1 << lt.weekday)) === 0) return false;
  return withinTimeWindow(v.timeFrom, v.timeTo, lt.minuteOfDay);
}

function withinTimeWindow(from: number, to: number, minute: number): boolean {
  if (from < 0 && to < 0) return true;
  if (from < 0) return minute < to;
  if (to < 0) return minute >= from;
  if (from < to) return minute >= from && minute < to;
  return minute >= from || minute < to; // over midnight; from === to admits the whole day
}

/** Whether `validity` admits the store-local moment `lt` (uncompiled convenience for one-off checks). */
export function withinValidity(validity: Validity, lt: LocalTime): boolean {
  return admits(compileValidity(validity), lt);
}
