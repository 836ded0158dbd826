import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateBasket } from '../../../src/engine/model/evaluate.js';
import { CARD_STATUSES, CARD_TYPES, type Covers, type Validity } from '../../../src/engine/model/types.js';
import { aCard, aCustomer, aDiscount, anInput, aProgram, balances, line } from './builders.js';

const SKUS = ['A', 'B', 'C', 'D', 'E', 'F'];
const GROUPS = ['g1', 'g2', 'g3'];

const covers: fc.Arbitrary<Covers> = fc.oneof(fc.constant({ all: true as const }), fc.record({ skus: fc.subarray(SKUS), groups: fc.subarray(GROUPS) }));
const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const validity: fc.Arbitrary<Validity> = fc.record(
  { weekdays: fc.subarray([1, 2, 3, 4, 5, 6, 7]), timeFrom: hhmm, timeTo: hhmm, from: fc.constant('2026-01-01'), to: fc.constant('2026-12-31') },
  { requiredKeys: [] },
);

const scenario = fc.record({
  discounts: fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000 }), covers, fc.option(validity, { nil: undefined })), { minLength: 1, maxLength: 6 }),
  refs: fc.array(fc.record({ i: fc.nat(7), birthday: fc.boolean() }), { maxLength: 5 }),
  programs: fc.array(fc.tuple(fc.integer({ min: 1, max: 8 }), covers), { maxLength: 3 }),
  type: fc.constantFrom(...CARD_TYPES),
  status: fc.constantFrom(...CARD_STATUSES),
  cardValidity: fc.option(validity, { nil: null }),
  hasCard: fc.boolean(),
  lines: fc.array(
    fc.record({
      sku: fc.constantFrom(...SKUS),
      group: fc.option(fc.constantFrom(...GROUPS), { nil: undefined }),
      qty: fc.integer({ min: 1, max: 50 }),
      unitPrice: fc.integer({ min: 0, max: 100_000 }),
    }),
    { maxLength: 20 },
  ),
  at: fc.date({ min: new Date('2025-12-25T00:00:00Z'), max: new Date('2027-01-05T00:00:00Z'), noInvalidDate: true }),
  stamps: fc.array(fc.nat(20), { minLength: 3, maxLength: 3 }),
  money: fc.integer({ min: -10_000, max: 100_000 }),
  bonus: fc.nat(200_000),
  spentToday: fc.nat(10_000),
  dailyLimit: fc.option(fc.nat(10_000), { nil: null }),
  payWithCard: fc.boolean(),
  partial: fc.boolean(),
});

describe('evaluation invariants (property)', () => {
  it('CARD-5/CARD-3: net never negative, discount within 0..gross, lines add up to totals', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const discounts = s.discounts.map(([p, c, v], i) => aDiscount(`D${i}`, p, c, v));
        const programs = s.programs.map(([t, c], i) => aProgram(`P${i}`, t, c));
        const card = aCard({
          type: s.type,
          status: s.status,
          validity: s.cardValidity,
          dailyLimit: s.dailyLimit,
          creditLimit: 1000,
          birthdayWindow: { daysBefore: 3, daysAfter: 3 },
          discounts: s.refs.map((r) => ({ discountId: `D${r.i}`, ...(r.birthday ? { birthday: true } : {}) })),
        });
        const r = evaluateBasket(
          anInput({
            discounts,
            programs,
            at: s.at,
            card: s.hasCard ? card : null,
            customer: aCustomer({ birthDate: '1990-01-01' }),
            balances: balances({ money: s.money, bonus: s.bonus, stamps: { P0: s.stamps[0]!, P1: s.stamps[1]!, P2: s.stamps[2]! } }),
            spentToday: s.spentToday,
            lines: s.lines.map((l) => line(l.sku, l.qty, l.unitPrice, l.group)),
            payWithCard: s.payWithCard,
            options: { partialBonusPayment: s.partial },
          }),
        );
        let gross = 0;
        let discount = 0;
        let net = 0;
        let bonus = 0;
        r.lines.forEach((l, i) => {
          expect(l.index).toBe(i);
          expect(l.gross).toBe(l.qty * l.unitPrice);
          expect(l.discount).toBeGreaterThanOrEqual(0);
          expect(l.discount).toBeLessThanOrEqual(l.gross);
          expect(l.net).toBe(l.gross - l.discount);
          expect(l.net).toBeGreaterThanOrEqual(0);
          expect(l.stampFree).toBeLessThanOrEqual(l.qty);
          expect(Number.isInteger(l.discount) && Number.isInteger(l.bonus)).toBe(true);
          expect(l.reason.text.length).toBeGreaterThan(0);
          gross += l.gross;
          discount += l.discount;
          net += l.net;
          bonus += l.bonus;
        });
        expect(r.totals).toEqual({ gross, discount, net });
        expect(r.bonusEarned).toBe(bonus);
        expect(r.payment.due).toBeGreaterThanOrEqual(0);
        expect(r.payment.due + (r.totals.net === 0 ? 0 : r.payment.bonusUsed)).toBe(r.totals.net);
        for (const st of r.stamps) {
          expect(st.after).toBe(st.before + st.earned - st.consumed);
          expect(st.after).toBeGreaterThanOrEqual(0);
          expect(st.free.reduce((a, f) => a + f.units, 0)).toBe(st.rewards);
        }
      }),
      { numRuns: 400, seed: 20261122 },
    );
  });
});
