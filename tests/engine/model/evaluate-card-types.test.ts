import { describe, expect, it } from 'vitest';
import { startOfLocalDay } from '../../../src/common/clock.js';
import { BONUS_PAYMENT, evaluateBasket } from '../../../src/engine/model/evaluate.js';
import { cardPaymentProblem } from '../../../src/engine/model/payment.js';
import { aCard, aDiscount, anInput, balances, line, TZ } from './builders.js';

const discounts = [aDiscount('TEN', 1000)];
const basket = [line('A', 2, 1250), line('B', 1, 500)]; // gross 3000, 10 % = 250 + 50

describe('bonus cards (CARD-3)', () => {
  const card = aCard({ type: 'bonus', discounts: [{ discountId: 'TEN' }] });

  it('CARD-3 bonus: the discount is not deducted but credited as bonus', () => {
    const r = evaluateBasket(anInput({ discounts, card, balances: balances({ bonus: 100 }), lines: basket }));
    expect(r.totals).toEqual({ gross: 3000, discount: 0, net: 3000 });
    expect(r.bonusEarned).toBe(300);
    expect(r.lines[0]).toMatchObject({ discount: 0, net: 2500, bonus: 250, applied: null, reason: { code: 'bonus_credited', discountId: 'TEN' } });
    expect(r.payment).toMatchObject({ bonusCoversTotal: false, moneyAvailable: 100, bonusUsed: 0, due: 3000, problem: null });
  });

  it('CARD-3 bonus: a bonus covering the whole receipt pays it, reported as a 100 % discount', () => {
    const r = evaluateBasket(anInput({ discounts, card, balances: balances({ bonus: 3000 }), lines: basket, payWithCard: true }));
    expect(r.payment).toMatchObject({ bonusCoversTotal: true, bonusUsed: 3000, due: 0, problem: null });
    expect(r.totals).toEqual({ gross: 3000, discount: 3000, net: 0 });
    expect(r.bonusEarned).toBe(0);
    for (const l of r.lines) {
      expect(l).toMatchObject({ discount: l.gross, net: 0, bonus: 0, applied: BONUS_PAYMENT, reason: { code: 'paid_with_bonus' } });
    }
    expect(BONUS_PAYMENT.percent).toBe(10_000);
    expect(r.turnover).toBe(3000);
  });

  it('CARD-3 bonus: covering the total is reported even when not paying with it', () => {
    const r = evaluateBasket(anInput({ discounts, card, balances: balances({ bonus: 3000 }), lines: basket }));
    expect(r.payment.bonusCoversTotal).toBe(true);
    expect(r.totals.net).toBe(3000);
    expect(r.bonusEarned).toBe(300);
  });

  it('CARD-3 bonus: paying with a bonus that does not cover the total is refused unless partial payment is allowed', () => {
    const refused = evaluateBasket(anInput({ discounts, card, balances: balances({ bonus: 1000 }), lines: basket, payWithCard: true }));
    expect(refused.payment).toMatchObject({ bonusUsed: 0, due: 3000, problem: 'insufficient_balance' });
    const partial = evaluateBasket(
      anInput({ discounts, card, balances: balances({ bonus: 1000 }), lines: basket, payWithCard: true, options: { partialBonusPayment: true } }),
    );
    expect(partial.payment).toMatchObject({ bonusUsed: 1000, due: 2000, problem: null });
    expect(partial.totals.net).toBe(3000); // a partial bonus payment is a tender, not a discount
  });
});

describe('credit cards (CARD-3, CUST-4)', () => {
  const card = aCard({ type: 'credit', creditLimit: 500, discounts: [{ discountId: 'TEN' }] });

  it('CARD-3 credit: the discount applies only when paid with the card', () => {
    const cash = evaluateBasket(anInput({ discounts, card, balances: balances({ money: 5000 }), lines: basket }));
    expect(cash.totals.discount).toBe(0);
    expect(cash.lines[0]!.reason).toMatchObject({ code: 'card_payment_required', discountId: 'TEN' });
    expect(cash.lines[0]!.reason.text).toContain('only when paid with the card');
    const byCard = evaluateBasket(anInput({ discounts, card, balances: balances({ money: 5000 }), lines: basket, payWithCard: true }));
    expect(byCard.totals).toEqual({ gross: 3000, discount: 300, net: 2700 });
    expect(byCard.payment).toMatchObject({ moneyAvailable: 5500, cardPayable: 5500, problem: null });
  });

  it('CARD-3 credit / CUST-4: available money is balance + card limit, capped by the customer-wide limit', () => {
    const r = evaluateBasket(anInput({ discounts, card, balances: balances({ money: 2000 }), lines: basket, payWithCard: true }));
    expect(r.payment).toMatchObject({ moneyAvailable: 2500, problem: 'credit_limit_exceeded' }); // 2700 due
    const capped = evaluateBasket(
      anInput({
        discounts,
        card,
        balances: balances({ money: 5000 }),
        customerAccount: { balance: -900, creditLimit: 1000 },
        lines: basket,
        payWithCard: true,
      }),
    );
    expect(capped.payment).toMatchObject({ moneyAvailable: 100, problem: 'credit_limit_exceeded' });
    expect(cardPaymentProblem(capped.payment, 100)).toBeNull();
    expect(cardPaymentProblem(capped.payment, 101)).toBe('credit_limit_exceeded');
  });

  it('CARD-3 credit: a prepaid card (limit 0) that runs short is insufficient_balance', () => {
    const prepaid = aCard({ type: 'credit', creditLimit: 0, discounts: [{ discountId: 'TEN' }] });
    const r = evaluateBasket(anInput({ discounts, card: prepaid, balances: balances({ money: 1000 }), lines: basket, payWithCard: true }));
    expect(r.payment).toMatchObject({ moneyAvailable: 1000, problem: 'insufficient_balance' });
  });
});

describe('discount_payment cards (CARD-3)', () => {
  const card = aCard({ type: 'discount_payment', dailyLimit: 3000, discounts: [{ discountId: 'TEN' }] });

  it('CARD-3 discount_payment: the discount always applies; the daily limit gives dailyRemaining', () => {
    const r = evaluateBasket(anInput({ discounts, card, spentToday: 1000, lines: basket }));
    expect(r.totals.net).toBe(2700);
    expect(r.payment).toMatchObject({ dailyRemaining: 2000, cardPayable: 2000, problem: null });
    const paying = evaluateBasket(anInput({ discounts, card, spentToday: 1000, lines: basket, payWithCard: true }));
    expect(paying.payment.problem).toBe('daily_limit_exceeded');
    expect(cardPaymentProblem(paying.payment, 2000)).toBeNull();
  });

  it('CARD-3 discount_payment: without a daily limit nothing caps the card', () => {
    const open = aCard({ type: 'discount_payment', dailyLimit: null, discounts: [{ discountId: 'TEN' }] });
    const r = evaluateBasket(anInput({ discounts, card: open, spentToday: 99_999, lines: basket, payWithCard: true }));
    expect(r.payment).toMatchObject({ dailyRemaining: null, cardPayable: null, problem: null });
  });

  it('CARD-3 discount_payment: the daily limit resets at store-local midnight, not UTC midnight', () => {
    // Payments as the ledger holds them (UTC instants). Tallinn is UTC+2 in November.
    const payments = [
      { at: new Date('2026-11-22T12:00:00Z'), amount: 1000 }, // 22 Nov 14:00 local
      { at: new Date('2026-11-22T21:30:00Z'), amount: 1500 }, // 22 Nov 23:30 local (same UTC day as the next)
    ];
    const spentToday = (at: Date) => {
      const from = startOfLocalDay(at, TZ).getTime();
      return payments.filter((p) => p.at.getTime() >= from && p.at <= at).reduce((s, p) => s + p.amount, 0);
    };
    const evalAt = (iso: string) => {
      const at = new Date(iso);
      return evaluateBasket(anInput({ discounts, card, at, spentToday: spentToday(at), lines: basket })).payment.dailyRemaining;
    };
    expect(evalAt('2026-11-22T21:59:00Z')).toBe(500); // 23:59 local: both payments count
    expect(evalAt('2026-11-22T22:00:00Z')).toBe(3000); // 00:00 local on the 23rd: reset, though still the 22nd in UTC
    expect(evalAt('2026-11-22T23:59:00Z')).toBe(3000);
  });
});

describe('other card types (CARD-3)', () => {
  it('CARD-3 service: visits available are reported; the card cannot pay', () => {
    const card = aCard({ type: 'service' });
    const r = evaluateBasket(anInput({ discounts, card, balances: balances({ visits: 7 }), lines: basket, payWithCard: true }));
    expect(r.payment).toMatchObject({ visitsAvailable: 7, cardPayable: 0, problem: 'card_type_mismatch' });
  });

  it('CARD-3 discount: deducts its discount and cannot pay', () => {
    const card = aCard({ type: 'discount', discounts: [{ discountId: 'TEN' }] });
    const r = evaluateBasket(anInput({ discounts, card, lines: basket }));
    expect(r.totals.net).toBe(2700);
    expect(r.payment).toMatchObject({ moneyAvailable: null, problem: null, due: 2700 });
  });
});
