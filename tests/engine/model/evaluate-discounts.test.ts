import { describe, expect, it } from 'vitest';
import { evaluateBasket } from '../../../src/engine/model/evaluate.js';
import { aCard, aCustomer, aDiscount, anInput, line } from './builders.js';

const discounts = [
  aDiscount('GOLD', 1000, { all: true }),
  aDiscount('PIZZA', 2000, { groups: ['pizza'] }),
  aDiscount('COFFEE', 1500, { skus: ['COFFEE-L'] }),
  aDiscount('HAPPY', 3000, { all: true }, { weekdays: [5], timeFrom: '16:00', timeTo: '18:00' }),
  aDiscount('BDAY', 2500, { all: true }),
];
const MONDAY_NOON = new Date('2026-11-23T10:00:00Z'); // 12:00 in Tallinn

describe('discount order (CARD-5)', () => {
  it('CARD-5: the first applicable discount of the ordered list wins, per line', () => {
    const card = aCard({ discounts: [{ discountId: 'PIZZA' }, { discountId: 'GOLD' }] });
    const r = evaluateBasket(anInput({ discounts, card, lines: [line('PIZZA-M', 2, 899, 'pizza'), line('MILK', 1, 150, 'dairy')] }));
    expect(r.lines[0]).toMatchObject({ gross: 1798, discount: 360, net: 1438, applied: { discountId: 'PIZZA', percent: 2000 } });
    expect(r.lines[0]!.reason).toMatchObject({ code: 'discount_applied', discountId: 'PIZZA', skipped: [] });
    expect(r.lines[1]).toMatchObject({ gross: 150, discount: 15, net: 135, applied: { discountId: 'GOLD' } });
    expect(r.totals).toEqual({ gross: 1948, discount: 375, net: 1573 });
  });

  it('CARD-5: falls back to the next discount when the first does not cover the product (SKU list)', () => {
    const card = aCard({ discounts: [{ discountId: 'COFFEE' }, { discountId: 'GOLD' }] });
    const r = evaluateBasket(anInput({ discounts, card, lines: [line('COFFEE-L', 1, 300), line('TEA', 1, 200)] }));
    expect(r.lines[0]!.applied?.discountId).toBe('COFFEE');
    expect(r.lines[1]!.applied?.discountId).toBe('GOLD');
    expect(r.lines[1]!.reason.skipped).toEqual([{ discountId: 'COFFEE', code: 'not_covered' }]);
    expect(r.lines[1]!.reason.text).toContain('skipped Discount COFFEE 15 % (COFFEE): does not cover this product');
  });

  it('CARD-5: a line no discount covers gets none, with every skip listed', () => {
    const card = aCard({ discounts: [{ discountId: 'PIZZA' }, { discountId: 'COFFEE' }] });
    const r = evaluateBasket(anInput({ discounts, card, lines: [line('MILK', 1, 150, 'dairy')] }));
    expect(r.lines[0]).toMatchObject({ discount: 0, net: 150, applied: null });
    expect(r.lines[0]!.reason.code).toBe('no_applicable_discount');
    expect(r.lines[0]!.reason.skipped.map((s) => s.code)).toEqual(['not_covered', 'not_covered']);
  });

  it("CARD-5: a discount's own validity excludes it outside its window; the next one applies", () => {
    const card = aCard({ discounts: [{ discountId: 'HAPPY' }, { discountId: 'GOLD' }] });
    const monday = evaluateBasket(anInput({ discounts, card, at: MONDAY_NOON, lines: [line('X', 1, 1000)] }));
    expect(monday.lines[0]!.applied?.discountId).toBe('GOLD');
    expect(monday.lines[0]!.reason.skipped).toEqual([{ discountId: 'HAPPY', code: 'outside_validity' }]);
    const fridayFive = evaluateBasket(anInput({ discounts, card, at: new Date('2026-11-27T15:00:00Z'), lines: [line('X', 1, 1000)] }));
    expect(fridayFive.lines[0]!.applied?.discountId).toBe('HAPPY');
  });

  it('CARD-5: a card naming a discount missing from master data skips it', () => {
    const card = aCard({ discounts: [{ discountId: 'GONE' }, { discountId: 'GOLD' }] });
    const r = evaluateBasket(anInput({ discounts, card, lines: [line('X', 1, 1000)] }));
    expect(r.lines[0]!.reason.skipped).toEqual([{ discountId: 'GONE', code: 'unknown_discount' }]);
    expect(r.lines[0]!.applied?.discountId).toBe('GOLD');
  });

  it('CARD-5: a card without discounts says so', () => {
    const r = evaluateBasket(anInput({ discounts, card: aCard(), lines: [line('X', 1, 1000)] }));
    expect(r.lines[0]!.reason).toMatchObject({ code: 'no_discounts', text: 'the card has no discounts' });
  });
});

describe('card validity gates only the primary discount (CARD-4)', () => {
  const card = aCard({
    validity: { weekdays: [1, 2, 3, 4, 5], timeFrom: '09:00', timeTo: '17:00' },
    discounts: [{ discountId: 'GOLD' }, { discountId: 'PIZZA' }],
  });

  it('CARD-4/CARD-5: outside the weekday window the primary is skipped and the second still applies', () => {
    const sunday = new Date('2026-11-22T10:00:00Z');
    const r = evaluateBasket(anInput({ discounts, card, at: sunday, lines: [line('PIZZA-M', 1, 1000, 'pizza'), line('MILK', 1, 200, 'dairy')] }));
    expect(r.card).toMatchObject({ validNow: false, status: 'active' });
    expect(r.lines[0]!.applied?.discountId).toBe('PIZZA');
    expect(r.lines[0]!.reason.skipped).toEqual([{ discountId: 'GOLD', code: 'card_validity' }]);
    expect(r.lines[0]!.reason.text).toContain('withholds only its first discount');
    expect(r.lines[1]).toMatchObject({ applied: null, discount: 0 });
    expect(r.turnover).toBe(800 + 200); // still accepted, turnover recorded (CUST-8)
  });

  it('CARD-4/CARD-5: outside the daily time window (store-local, not UTC) the primary is skipped', () => {
    // 15:30 UTC is 17:30 in Tallinn: outside 09:00–17:00 although UTC is inside it.
    const r = evaluateBasket(anInput({ discounts, card, at: new Date('2026-11-23T15:30:00Z'), lines: [line('PIZZA-M', 1, 1000, 'pizza')] }));
    expect(r.card!.validNow).toBe(false);
    expect(r.lines[0]!.applied?.discountId).toBe('PIZZA');
    const inside = evaluateBasket(anInput({ discounts, card, at: new Date('2026-11-23T14:30:00Z'), lines: [line('PIZZA-M', 1, 1000, 'pizza')] }));
    expect(inside.card!.validNow).toBe(true);
    expect(inside.lines[0]!.applied?.discountId).toBe('GOLD');
  });

  it('CARD-4: outside the date range only the primary is withheld', () => {
    const dated = aCard({ validity: { to: '2026-10-31' }, discounts: [{ discountId: 'GOLD' }, { discountId: 'COFFEE' }] });
    const r = evaluateBasket(anInput({ discounts, card: dated, lines: [line('COFFEE-L', 1, 300), line('TEA', 1, 200)] }));
    expect(r.lines[0]!.applied?.discountId).toBe('COFFEE');
    expect(r.lines[1]!.reason.skipped).toEqual([
      { discountId: 'GOLD', code: 'card_validity' },
      { discountId: 'COFFEE', code: 'not_covered' },
    ]);
  });
});

describe('birthday discount (CARD-6)', () => {
  const card = aCard({ birthdayWindow: { daysBefore: 3, daysAfter: 3 }, discounts: [{ discountId: 'BDAY', birthday: true }, { discountId: 'GOLD' }] });

  it('CARD-6: applies inside the window around the birth date', () => {
    const customer = aCustomer({ birthDate: '1990-11-25' });
    const r = evaluateBasket(anInput({ discounts, card, customer, at: MONDAY_NOON, lines: [line('X', 1, 1000)] }));
    expect(r.lines[0]!.applied?.discountId).toBe('BDAY');
  });

  it('CARD-6: skipped outside the window, with the reason', () => {
    const customer = aCustomer({ birthDate: '1990-12-01' });
    const r = evaluateBasket(anInput({ discounts, card, customer, at: MONDAY_NOON, lines: [line('X', 1, 1000)] }));
    expect(r.lines[0]!.applied?.discountId).toBe('GOLD');
    expect(r.lines[0]!.reason.skipped).toEqual([{ discountId: 'BDAY', code: 'outside_birthday_window' }]);
  });

  it('CARD-6: across the year end in store-local time', () => {
    const customer = aCustomer({ birthDate: '1990-01-02' });
    // 2026-12-30 22:30 UTC is already 31 December 00:30 in Tallinn: 2 days before the birthday.
    const r = evaluateBasket(anInput({ discounts, card, customer, at: new Date('2026-12-30T22:30:00Z'), lines: [line('X', 1, 1000)] }));
    expect(r.lines[0]!.applied?.discountId).toBe('BDAY');
    const early = evaluateBasket(anInput({ discounts, card, customer, at: new Date('2026-12-29T21:30:00Z'), lines: [line('X', 1, 1000)] }));
    expect(early.lines[0]!.applied?.discountId).toBe('GOLD'); // 29 December 23:30 local: 4 days before
  });

  it('CARD-6: 29 February birthdays fall on 28 February in common years', () => {
    const customer = aCustomer({ birthDate: '2004-02-29' });
    const tight = aCard({ birthdayWindow: null, discounts: [{ discountId: 'BDAY', birthday: true }, { discountId: 'GOLD' }] });
    const on28 = evaluateBasket(anInput({ discounts, card: tight, customer, at: new Date('2027-02-28T10:00:00Z'), lines: [line('X', 1, 1000)] }));
    expect(on28.lines[0]!.applied?.discountId).toBe('BDAY');
    const on1Mar = evaluateBasket(anInput({ discounts, card: tight, customer, at: new Date('2027-03-01T10:00:00Z'), lines: [line('X', 1, 1000)] }));
    expect(on1Mar.lines[0]!.applied?.discountId).toBe('GOLD');
  });

  it('CARD-6: a customer without a birth date never gets the birthday discount', () => {
    const r = evaluateBasket(anInput({ discounts, card, customer: aCustomer(), lines: [line('X', 1, 1000)] }));
    expect(r.lines[0]!.reason.skipped).toEqual([{ discountId: 'BDAY', code: 'no_birth_date' }]);
  });
});

describe('card status, message, rounding', () => {
  it('CARD-7: the card message is returned with every evaluation', () => {
    const card = aCard({ message: 'Ask for the loyalty leaflet', discounts: [{ discountId: 'GOLD' }] });
    const r = evaluateBasket(anInput({ discounts, card, lines: [line('X', 1, 100)] }));
    expect(r.card).toEqual({ number: card.number, type: 'discount', status: 'active', message: 'Ask for the loyalty leaflet', validNow: true });
  });

  it('CARD-3: a blocked card is reported with no benefits (the caller rejects it)', () => {
    const card = aCard({ status: 'blocked', message: 'Stolen', discounts: [{ discountId: 'GOLD' }] });
    const r = evaluateBasket(anInput({ discounts, card, lines: [line('X', 1, 1000)] }));
    expect(r.card).toMatchObject({ status: 'blocked', validNow: false, message: 'Stolen' });
    expect(r.lines[0]).toMatchObject({ discount: 0, applied: null, reason: { code: 'card_blocked' } });
  });

  it('CARD-15: an ordered card is usable as soon as it is presented (seed 002: programs are added at once)', () => {
    const card = aCard({ status: 'ordered', discounts: [{ discountId: 'GOLD' }] });
    const r = evaluateBasket(anInput({ discounts, card, lines: [line('X', 1, 1000)] }));
    expect(r.lines[0]!.reason.code).toBe('discount_applied');
    expect(r.card).toMatchObject({ status: 'ordered', validNow: true });
  });

  it('CARD-5: money is rounded once per line, half away from zero', () => {
    const card = aCard({ discounts: [{ discountId: 'FIVE' }] });
    const five = [aDiscount('FIVE', 500)];
    // 3 × 333 = 999 at 5 % = 49.95 → 50 (per unit it would be 3 × 16.65 → 3 × 17 = 51)
    const r = evaluateBasket(anInput({ discounts: five, card, lines: [line('X', 3, 333), line('Y', 1, 10)] }));
    expect(r.lines[0]!.discount).toBe(50);
    expect(r.lines[1]!.discount).toBe(1); // 0.5 → 1
  });

  it('CUST-8: turnover is reported for a customer without a card, and not without either', () => {
    const r = evaluateBasket(anInput({ discounts, customer: aCustomer(), lines: [line('X', 2, 500)] }));
    expect(r.turnover).toBe(1000);
    expect(r.lines[0]!.reason.code).toBe('no_card');
    expect(r.card).toBeNull();
    expect(evaluateBasket(anInput({ discounts, lines: [line('X', 1, 1)] })).turnover).toBeNull();
  });
});
