import { AppError } from '../../common/errors.js';
import { localTime, type LocalTime } from '../../common/clock.js';
import { evaluateBasket } from '../model/evaluate.js';
import { tierDiscountId } from '../model/tiers.js';
import type { EvalCard, EvalCustomer, EvalLine, EvalResult } from '../model/evaluation-types.js';
import type { Card, Customer } from '../model/types.js';
import type { EngineContext } from '../context.js';
import { cardBalances, findCard, lookUpCard } from '../cards/cards.js';
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

export interface LoadedBasket<C extends EvalCard = Card, U extends EvalCustomer = Customer> {
  at: Date;
  /** `at` on the store's wall clock. */
  local: LocalTime;
  card: C | null;
  customer: U | null;
  /** Who pays a card payment: the billing customer for discount_payment cards (CUST-7), else the holder. */
  payer: U | null;
  result: EvalResult;
}

/** How a basket's card and customers are read. */
interface RowReads<C extends EvalCard, U extends EvalCustomer> {
  card(ctx: EngineContext, number: string): C;
  customer(ctx: EngineContext, id: string): U | null;
}

/** Whole rows: receipt close writes the card back and e-mails the customer. */
const WHOLE_ROWS: RowReads<Card, Customer> = {
  card: (ctx, number) => findCard(ctx, number, 'card'),
  customer: (ctx, id) => ctx.store.customers.get(id),
};

/** Only the columns evaluation reads, through the store's hot-row cache (GW-8: a till evaluates at every scan). */
const EVALUATION_ROWS: RowReads<EvalCard, EvalCustomer> = {
  card: (ctx, number) => lookUpCard(ctx, number, 'card', (n) => ctx.store.cards.forEvaluation(n)),
  customer: (ctx, id) => ctx.store.customers.forEvaluation(id),
};

/** Load what a basket needs (whole card and customer rows, cached catalog) and run the pure evaluation. */
export function loadAndEvaluate(ctx: EngineContext, b: BasketInput): LoadedBasket {
  return load(ctx, b, WHOLE_ROWS);
}

function load<C extends EvalCard, U extends EvalCustomer>(ctx: EngineContext, b: BasketInput, rows: RowReads<C, U>): LoadedBasket<C, U> {
  const at = b.at ? clientInstant(ctx, b.at, 'at') : ctx.clock.now();
  const card = b.card ? rows.card(ctx, b.card) : null;
  let customer: U | null = null;
  if (card) {
    customer = rows.customer(ctx, card.customerId);
    if (b.customerId && b.customerId !== card.customerId) {
      throw new AppError('customer_mismatch', undefined, [{ path: 'customerId', message: 'the card belongs to another customer' }]);
    }
  } else if (b.customerId) {
    customer = rows.customer(ctx, b.customerId);
    if (!customer) throw new AppError('customer_not_found', undefined, [{ path: 'customerId', message: 'no such customer' }]);
  }
  const payer = card?.type === 'discount_payment' && customer?.billingCustomerId ? rows.customer(ctx, customer.billingCustomerId) : customer;
  const tz = ctx.config.store.timeZone;
  const local = localTime(at, tz);
  const master = masterSnapshot(ctx);
  const result = evaluateBasket({
    at,
    timeZone: tz,
    local,
    card,
    customer,
    catalog: master.catalog,
    balances: card ? cardBalances(ctx, card.number) : null,
    spentToday: card && card.dailyLimit !== null && (card.type === 'discount_payment' || card.type === 'credit') ? spentToday(ctx, card.number, at) : 0,
    customerAccount:
      payer && card && (card.type === 'credit' || card.type === 'discount_payment')
        ? { balance: customerWideBalance(ctx, payer.id, card.type), creditLimit: payer.creditLimit }
        : null,
    lines: b.lines,
    // CARD-14: the discount of the customer's tier level (autoTierOptOut customers keep a level set by hand).
    tierDiscountId: customer && master.tiers ? tierDiscountId(customer.tierLevel, master.tiers.levels) : null,
    payWithCard: b.payWithCard ?? false,
    options: { partialBonusPayment: ctx.config.loyalty.partialBonusPayment },
  });
  return { at, local, card, customer, payer, result };
}

/**
 * CUST-4 customer-wide balance: the account plus, for credit cards, the money on all the
 * customer's credit cards (the customer limit caps them together).
 */
function customerWideBalance(ctx: EngineContext, customerId: string, type: Card['type']): number {
  const account = accountBalance(ctx, customerId);
  return type === 'credit' ? account + ctx.store.ledger.creditCardsMoney(customerId) : account;
}

/** POST /v1/baskets/evaluate response (API.md): pure, writes nothing. */
export function evaluateForTill(ctx: EngineContext, b: BasketInput) {
  const { result } = load(ctx, b, EVALUATION_ROWS);
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
