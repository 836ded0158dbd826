import { localTime, startOfLocalDay } from '../common/clock.js';
import type { Card } from './model/types.js';
import type { EngineContext } from './context.js';
import { withinValidity } from './model/validity.js';

/** CARD-4: whether the card's own validity (dates, weekdays, time window) admits `at`. */
export function cardValidNow(ctx: EngineContext, card: Card, at: Date): boolean {
  if (card.status !== 'active') return false;
  return card.validity ? withinValidity(card.validity, localTime(at, ctx.config.store.timeZone)) : true;
}

/**
 * What a discount_payment card has paid in the store-local day of `at`. Such payments are
 * ledger entries of kind `payment` on the billing customer's account, tagged with the card.
 */
export function spentToday(ctx: EngineContext, cardNumber: string, at: Date): number {
  const from = startOfLocalDay(at, ctx.config.store.timeZone).toISOString();
  const r = ctx.store.db
    .prepare(`SELECT COALESCE(-SUM(delta), 0) AS spent FROM ledger WHERE card_number = ? AND asset = 'account' AND kind IN ('payment', 'refund') AND at >= ?`)
    .get(cardNumber, from) as { spent: number };
  return r.spent;
}

/** CARD-3 discount_payment: the daily limit left today, or null without a limit. */
export function dailyRemaining(ctx: EngineContext, card: Card, at: Date): number | null {
  if (card.dailyLimit === null) return null;
  return Math.max(0, card.dailyLimit - spentToday(ctx, card.number, at));
}
