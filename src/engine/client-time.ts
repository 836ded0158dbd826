import { localTime } from '../common/clock.js';
import { AppError } from '../common/errors.js';
import type { EngineContext } from './context.js';

/** A client's clock may run this far ahead of the store's; further is refused. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

function outOfRange(path: string, message: string): AppError {
  return new AppError('timestamp_out_of_range', `${path}: ${message}`, [{ path, message }]);
}

/**
 * A time sent by a till (`at` of a receipt or basket), bounded to [now − loyalty.maxBackdateHours,
 * now + 5 min]: a far-future date must not spend a future day's limit, and a far-past one must
 * not revive an expired validity, a birthday window or points a reset zeroed.
 */
export function clientInstant(ctx: EngineContext, iso: string, path: string): Date {
  const at = new Date(iso);
  const now = ctx.clock.now().getTime();
  const maxBackMs = ctx.config.loyalty.maxBackdateHours * 3_600_000;
  if (Number.isNaN(at.getTime())) throw outOfRange(path, 'not a valid time');
  if (at.getTime() > now + MAX_FUTURE_SKEW_MS) throw outOfRange(path, 'more than 5 minutes ahead of the store clock');
  if (at.getTime() < now - maxBackMs) throw outOfRange(path, `more than ${ctx.config.loyalty.maxBackdateHours} hours in the past (loyalty.maxBackdateHours)`);
  return at;
}

/**
 * A store-local date sent by an admin (a balance reset's `asOf`): from the local date
 * loyalty.maxBackdateHours ago up to today.
 */
export function clientLocalDate(ctx: EngineContext, date: string, path: string): string {
  const tz = ctx.config.store.timeZone;
  const now = ctx.clock.now();
  const earliest = localTime(new Date(now.getTime() - ctx.config.loyalty.maxBackdateHours * 3_600_000), tz).date;
  const today = localTime(now, tz).date;
  if (date > today) throw outOfRange(path, `after today (${today})`);
  if (date < earliest) throw outOfRange(path, `before ${earliest} (loyalty.maxBackdateHours = ${ctx.config.loyalty.maxBackdateHours})`);
  return date;
}
