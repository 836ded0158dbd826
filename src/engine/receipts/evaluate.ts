import { AppError } from '../../common/errors.js';
import { localTime, type LocalTime } from '../../common/clock.js';
import { evaluateBasket } from '../model/evaluate.js';
import { tierDiscountId } from '../model/tiers.js';
import type { EvalLine, EvalResult } from '../model/evaluation-types.js';
import type { Card, Customer } from '../model/types.js';
import type { EngineContext } from '../context.js';
import { cardBalances, findCard } from '../cards/cards.js';
import { spentToday } from '../cards/card-status.js';
import { accountBalance } from '../customers/account.js';
import { masterSnapshot } from './catalog-cache.js';
import { clientInstant } from '../client-time.js';

export interface BasketInput {
  card?: string;
  customerId?: string;
  at?: string;
  lines: EvalLine[];
  payWithCard?: boolean;
}

export interface LoadedBasket {
  at: Date;
  /** `at` on the store's wall clock. */
  local: LocalTime;
  card: Card | null;
  customer: Customer | null;
  /** Who pays a card payment: the billing customer for discount_payment cards (CUST-7), else the holder. */
  payer: Customer | null;
  result: EvalResult;
}

/** Load what a basket needs (prepared statements, cached catalog) and run the pure evaluation. */
export function loadAndEvaluate(ctx: EngineContext, b: BasketInput): LoadedBasket {
  const at = b.at ? clientInstant(ctx, b.at, 'at') : ctx.clock.now();
  const card = b.card ? findCard(ctx, b.card, 'card') : null;
  let customer: Customer | null = null;
  if (card) {
    customer = ctx.store.customers.get(card.customerId);
    if (b.customerId && b.customerId !== card.customerId) {
      throw new AppError('customer_mismatch', undefined, [{ path: 'customerId', message: 'the card belongs to another customer' }]);
    }
  } else if (b.customerId) {
    customer = ctx.store.customers.get(b.customerId);
    if (!customer) throw new AppError('customer_not_found', undefined, [{ path: 'customerId', message: 'no such customer' }]);
  }
  const payer = card?.type === 'discount_payment' && customer?.billingCustomerId ? ctx.store.customers.get(customer.billingCustomerId) : customer;
  const tz = ctx.config.store.timeZone;
  const local = localTime(at, tz);
  const result = evaluateBasket({
    at,
    timeZone: tz,
    local,
    card,
    customer,
    catalog: masterSnapshot(ctx).catalog,
    balances: card ? cardBalances(ctx, card.number) : null,
    spentToday: card && card.dailyLimit !== null && (card.type === 'discount_payment' || card.type === 'credit') ? spentToday(ctx, card.number, at) : 0,
    customerAccount:
      payer && card && (card.type === 'credit' || card.type === 'discount_payment')
        ? { balance: customerWideBalance(ctx, payer.id, card.type), creditLimit: payer.creditLimit }
        : null,
    lines: b.lines,
    tierDiscountId: tierDiscountFor(ctx, customer),
    payWithCard: b.payWithCard ?? false,
    options: { partialBonusPayment: ctx.config.loyalty.partialBonusPayment },
  });
  return { at, local, card, customer, payer, result };
}

/** CARD-14: the discount of the customer's tier level (autoTierOptOut customers keep a level set by hand). */
function tierDiscountFor(ctx: EngineContext, customer: Customer | null): string | null {
  const tiers = masterSnapshot(ctx).tiers;
  return customer && tiers ? tierDiscountId(customer.tierLevel, tiers.levels) : null;
}

/**
 * CUST-4 customer-wide balance: the account plus, for credit cards, the money on all the
 * customer's credit cards (the customer limit caps them together).
 */
function customerWideBalance(ctx: EngineContext, customerId: string, type: Card['type']): number {
  let total = accountBalance(ctx, customerId);
  if (type === 'credit') {
    for (const c of ctx.store.cards.byCustomer(customerId)) if (c.type === 'credit') total += ctx.store.ledger.balance(c.number, 'money');
  }
  return total;
}

/** POST /v1/baskets/evaluate response (API.md): pure, writes nothing. */
export function evaluateForTill(ctx: EngineContext, b: BasketInput) {
  const { result } = loadAndEvaluate(ctx, b);
  return {
    lines: result.lines.map((l) => ({
      index: l.index,
      sku: l.sku,
      qty: l.qty,
      gross: l.gross,
      discount: l.discount,
      net: l.net,
      applied: l.applied,
      bonus: l.bonus,
      stampFree: l.stampFree,
      reason: l.reason,
    })),
    totals: result.totals,
    bonusEarned: result.bonusEarned,
    stamps: result.stamps.map((s) => ({ programId: s.programId, earned: s.earned, rewards: s.rewards, count: s.after, threshold: s.threshold })),
    card: result.card,
    payment: {
      moneyAvailable: result.payment.moneyAvailable,
      dailyRemaining: result.payment.dailyRemaining,
      bonusCoversTotal: result.payment.bonusCoversTotal,
      due: result.payment.due,
      visitsAvailable: result.payment.visitsAvailable,
      problem: result.payment.problem,
    },
  };
}
