import type { EngineContext } from '../context.js';
import { cardBalancesView, findCard } from './cards.js';
import { customerName } from '../customers/customers.js';
import { cardValidNow, dailyRemaining } from './card-status.js';

/** GET /v1/cards/{number}: the card as a till shows it (CARD-2, CARD-7). */
export function cardView(ctx: EngineContext, number: string) {
  const card = findCard(ctx, number);
  const customer = ctx.store.customers.get(card.customerId);
  const balances = cardBalancesView(ctx, number);
  const now = ctx.clock.now();
  const remaining = dailyRemaining(ctx, card, now);
  return {
    number: card.number,
    type: card.type,
    status: card.status,
    customer: customer ? { id: customer.id, name: customerName(customer), tier: customer.tierLevel } : null,
    balances,
    message: card.message,
    validNow: cardValidNow(ctx, card, now),
    dailyLimit: card.dailyLimit,
    dailyRemaining: remaining,
  };
}
