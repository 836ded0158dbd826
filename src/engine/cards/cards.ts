import { AppError } from '../../common/errors.js';
import { checkOfflineSpend } from '../offline-caps.js';
import { newId } from '../../common/ids.js';
import type { BirthdayWindow, Card, CardBalances, CardBalancesView, CardDiscountRef, CardStatus, CardType, StampProgram, Validity } from '../model/types.js';
import { nowIso, type EngineContext } from '../context.js';
import { luhnValid } from '../../common/check-digits.js';
import { assertCheckDigit, nextFreeNumber, schemeFor } from './card-numbers.js';
import { cardCreatedEvent, cardUpdatedEvent } from '../records/record-events.js';

export interface CardInput {
  number?: string;
  type?: CardType;
  luhn?: boolean;
  validity?: Validity | null;
  discounts?: CardDiscountRef[];
  birthdayWindow?: BirthdayWindow | null;
  message?: string | null;
  dailyLimit?: number | null;
  creditLimit?: number;
  stampPrograms?: string[] | null;
  templateId?: string | null;
  status?: CardStatus;
}

/** `type` may change only while the card is `ordered` (CARD-15). */
export type CardPatch = Omit<CardInput, 'number' | 'luhn'>;

/** CARD-15: a validity whose `from` is after its `to` is refused, naming the field. */
function assertValidity(v: Validity | null | undefined): void {
  if (v?.from !== undefined && v.to !== undefined && v.from > v.to) {
    throw new AppError('validation_failed', 'validity.from is after validity.to', [{ path: 'validity.to', message: 'must not be before validity.from' }]);
  }
}

function assertDiscountsExist(ctx: EngineContext, refs: CardDiscountRef[]): void {
  refs.forEach((r, i) => {
    if (!ctx.store.master.get('discounts', r.discountId)) {
      throw new AppError('reference_not_found', `no discount ${r.discountId}`, [{ path: `discounts.${i}.discountId`, message: 'no such discount' }]);
    }
  });
}

/** CARD-1, 2, 8: register a card; missing fields take the configured card defaults. */
export function createCard(ctx: EngineContext, customerId: string, input: CardInput): Card {
  const d = ctx.config.cardDefaults;
  return ctx.store.db.tx(() => {
    if (!ctx.store.customers.exists(customerId)) throw new AppError('customer_not_found', `no customer ${customerId}`);
    let number: string;
    let luhn: boolean;
    if (input.number !== undefined) {
      number = input.number;
      luhn = input.luhn ?? schemeFor(number, ctx.config.cardSchemes)?.luhn ?? false;
      assertCheckDigit(number, luhn);
      if (ctx.store.cards.exists(number)) throw new AppError('card_number_taken', undefined, [{ path: 'number', message: 'already registered' }]);
    } else {
      ({ number, luhn } = nextFreeNumber(ctx, ctx.config.cardDefaults.scheme));
    }
    const discounts = input.discounts ?? d.discounts;
    assertDiscountsExist(ctx, discounts);
    assertValidity(input.validity);
    const at = nowIso(ctx);
    const card: Card = {
      number,
      customerId,
      type: input.type ?? d.type,
      status: input.status ?? 'active',
      luhn,
      validity: input.validity !== undefined ? input.validity : (d.validity ?? null),
      discounts,
      birthdayWindow: input.birthdayWindow !== undefined ? input.birthdayWindow : (d.birthdayWindow ?? null),
      message: input.message !== undefined ? input.message : (d.message ?? null),
      dailyLimit: input.dailyLimit !== undefined ? input.dailyLimit : (d.dailyLimit ?? null),
      creditLimit: input.creditLimit ?? d.creditLimit,
      stampPrograms: input.stampPrograms ?? null,
      templateId: input.templateId ?? null,
      createdAt: at,
      updatedAt: at,
    };
    ctx.store.cards.insert(card);
    cardCreatedEvent(ctx, card);
    return card;
  });
}

/**
 * Look a card up by number: the check digit is checked first (CARD-2), then the store. A
 * number that fails its scheme's check digit is refused unless that very card was registered
 * with `luhn: false` (CARD-15: the card's own flag wins over the scheme's).
 */
export function findCard(ctx: EngineContext, number: string, path = 'number'): Card {
  return lookUpCard(ctx, number, path, (n) => ctx.store.cards.get(n));
}

/** `findCard` over a given read of the card row (basket evaluation reads fewer columns, cached). */
export function lookUpCard<C extends { luhn: boolean }>(ctx: EngineContext, number: string, path: string, read: (number: string) => C | null): C {
  const scheme = schemeFor(number, ctx.config.cardSchemes);
  if (scheme?.luhn && !luhnValid(number)) {
    const own = read(number);
    if (own && !own.luhn) return own;
    assertCheckDigit(number, true, path);
  }
  const card = read(number);
  if (!card) throw new AppError('card_not_found', `no card ending ${number.slice(-4)}`, [{ path, message: 'unknown card' }]);
  return card;
}

/**
 * CUST-12 card filter (seed 003 "Filter"): cards by usage type, status and holder, in number
 * order after `after`: `limit` cards (the caller asks for one more to learn whether more exist).
 */
export function listCards(
  ctx: EngineContext,
  f: { type?: CardType | undefined; status?: CardStatus | undefined; customerId?: string | undefined },
  after: string | null,
  limit: number,
): Card[] {
  return ctx.store.cards.list(f, limit, after ?? '');
}

/** PATCH /v1/cards/{number}: block, validity, discount order, message, limits. */
export function updateCard(ctx: EngineContext, number: string, patch: CardPatch): Card {
  return ctx.store.db.tx(() => {
    const old = findCard(ctx, number);
    if (patch.discounts) assertDiscountsExist(ctx, patch.discounts);
    assertValidity(patch.validity);
    if (patch.type !== undefined && patch.type !== old.type && old.status !== 'ordered') {
      throw new AppError('card_type_mismatch', 'the usage type can change only while the card is ordered', [
        { path: 'type', message: 'the card is no longer ordered' },
      ]);
    }
    const next: Card = { ...old, updatedAt: nowIso(ctx) };
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
    ctx.store.cards.update(next);
    cardUpdatedEvent(ctx, old, next);
    return next;
  });
}

export function cardBalances(ctx: EngineContext, number: string): CardBalances {
  const b: CardBalances = { money: 0, bonus: 0, visits: 0, stamps: {} };
  for (const r of ctx.store.ledger.balancesOf(number)) {
    if (r.asset === 'stamps') b.stamps[r.programId] = r.amount;
    else if (r.asset === 'money' || r.asset === 'bonus' || r.asset === 'visits') b[r.asset] += r.amount;
  }
  return b;
}

/** The card's balances as the API shows them everywhere: stamps as `[{programId, count, threshold}]`. */
export function cardBalancesView(ctx: EngineContext, number: string): CardBalancesView {
  const b = cardBalances(ctx, number);
  // Only the card's own programs are read: every till lookup parsing the whole list grew with master data (GW-5).
  const stamps = Object.entries(b.stamps).map(([programId, count]) => ({
    programId,
    count,
    threshold: ctx.store.master.get<StampProgram>('stamp-programs', programId)?.body.threshold ?? null,
  }));
  return { money: b.money, bonus: b.bonus, visits: b.visits, stamps };
}

function activeCard(ctx: EngineContext, number: string, types: CardType[]): Card {
  const card = findCard(ctx, number);
  if (card.status === 'blocked') throw new AppError('card_blocked');
  if (!types.includes(card.type)) {
    throw new AppError('card_type_mismatch', `a ${card.type} card cannot do this; needs ${types.join(' or ')}`, [
      { path: 'number', message: `card type is ${card.type}` },
    ]);
  }
  return card;
}

/** CARD-9: load money onto a credit card or visits onto a service card (a ledger entry). */
export function topUp(ctx: EngineContext, number: string, t: { amount?: number; visits?: number }): { topupId: string; balances: CardBalancesView } {
  return ctx.store.db.tx(() => {
    const topupId = newId();
    const money = t.amount !== undefined;
    const card = activeCard(ctx, number, [money ? 'credit' : 'service']);
    ctx.store.ledger.append({
      type: 'card.topup',
      at: nowIso(ctx),
      docType: 'topup',
      docId: topupId,
      entries: [
        money
          ? { kind: 'topup', asset: 'money', cardNumber: card.number, customerId: card.customerId, delta: t.amount ?? 0 }
          : { kind: 'visit_topup', asset: 'visits', cardNumber: card.number, customerId: card.customerId, delta: t.visits ?? 0 },
      ],
    });
    return { topupId, balances: cardBalancesView(ctx, number) };
  });
}

/** Service-card check-in: use one visit; refuses when none are left. */
export function useVisit(ctx: EngineContext, number: string): { visitId: string; balances: CardBalancesView } {
  return ctx.store.db.tx(() => {
    const card = activeCard(ctx, number, ['service']);
    if (ctx.store.ledger.balance(card.number, 'visits') < 1) {
      throw new AppError('insufficient_balance', 'no visits left on the card', [{ path: 'visits', message: 'no visits left' }]);
    }
    checkOfflineSpend(ctx, [{ kind: 'visit_use', asset: 'visits', cardNumber: card.number, customerId: card.customerId, delta: -1 }]);
    const visitId = newId();
    ctx.store.ledger.append({
      type: 'card.visit',
      at: nowIso(ctx),
      docType: 'visit',
      docId: visitId,
      entries: [{ kind: 'visit_use', asset: 'visits', cardNumber: card.number, customerId: card.customerId, delta: -1 }],
    });
    return { visitId, balances: cardBalancesView(ctx, number) };
  });
}
