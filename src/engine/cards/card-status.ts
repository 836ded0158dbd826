import { localTime } from '../../common/clock.js';
import { localDayWindow } from '../reports/period.js';
import type { Card } from '../model/types.js';
import type { EngineContext } from '../context.js';
import { withinValidity } from '../model/validity.js';

/** CARD-4: whether the card's own validity (dates, weekdays, time window) admits `at`. */
export function cardValidNow(ctx: EngineContext, card: Card, at: Date): boolean {
  if (card.status === 'blocked') return false; // ordered cards are usable (CARD-15)
  return card.validity ? withinValidity(card.validity, localTime(at, ctx.config.store.timeZone)) : true;
}

/**
 * What a discount_payment card has paid in the store-local day of `at`: the closed-open window
 * [day start, next day start), so a payment dated later than that day never counts against it
 * and a late-posted receipt is judged by its own day's spending. Such payments are ledger entries
 * of kind `payment` on the billing customer's account, tagged with the card.
 */
export function spentToday(ctx: EngineContext, cardNumber: string, at: Date): number {
  const day = localDayWindow(at, ctx.config.store.timeZone);
  return ctx.store.ledger.cardAccountSpent(cardNumber, day.from, day.to);
}

/** CARD-3 discount_payment: the daily limit left today, or null without a limit. */
export function dailyRemaining(ctx: EngineContext, card: Card, at: Date): number | null {
  if (card.dailyLimit === null) return null;
  return Math.max(0, card.dailyLimit - spentToday(ctx, card.number, at));
}
