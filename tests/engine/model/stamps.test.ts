import { describe, expect, it } from 'vitest';
import { evaluateBasket } from '../../../src/engine/model/evaluate.js';
import { stampRewards } from '../../../src/engine/model/stamps.js';
import { aCard, aDiscount, anInput, aProgram, balances, line } from './builders.js';

const programs = [aProgram('PIZZA', 6, { groups: ['pizza'] }), aProgram('COFFEE', 10, { skus: ['COFFEE-L', 'COFFEE-M'] })];
const card = aCard({ type: 'stamp' });

describe('stamp cards (CARD-3, API rule 6)', () => {
  it('CARD-3 stamp: the 6th pizza is free when the card holds 5 stamps, and the count restarts', () => {
    const r = evaluateBasket(anInput({ programs, card, balances: balances({ stamps: { PIZZA: 5 } }), lines: [line('PIZZA-M', 1, 899, 'pizza')] }));
    expect(r.lines[0]).toMatchObject({ discount: 899, net: 0, stampFree: 1, reason: { code: 'stamp_reward' } });
    expect(r.lines[0]!.reason.text).toContain('1 free by stamp reward');
    expect(r.stamps).toEqual([
      { programId: 'PIZZA', name: 'Program PIZZA', threshold: 6, before: 5, earned: 0, rewards: 1, consumed: 5, after: 0, free: [{ index: 0, units: 1 }] },
    ]);
  });

  it('CARD-3 stamp: each qualifying unit adds a stamp; other products add none', () => {
    const r = evaluateBasket(
      anInput({ programs, card, balances: balances({ stamps: { PIZZA: 1 } }), lines: [line('PIZZA-M', 3, 899, 'pizza'), line('COLA', 2, 200, 'drinks')] }),
    );
    expect(r.stamps).toMatchObject([{ programId: 'PIZZA', before: 1, earned: 3, rewards: 0, consumed: 0, after: 4, free: [] }]);
    expect(r.totals.discount).toBe(0);
  });

  it('CARD-3 stamp: six pizzas from zero stamps: the cheapest one is free', () => {
    const r = evaluateBasket(anInput({ programs, card, lines: [line('PIZZA-L', 3, 1199, 'pizza'), line('PIZZA-S', 3, 699, 'pizza')] }));
    expect(r.stamps[0]).toMatchObject({ before: 0, earned: 5, rewards: 1, after: 0, free: [{ index: 1, units: 1 }] });
    expect(r.lines[1]).toMatchObject({ discount: 699, net: 1398 });
    expect(r.lines[0]!.discount).toBe(0);
  });

  it('CARD-3 stamp: several rewards in one basket go to the cheapest units, across lines', () => {
    // 4 stamps + 10 pizzas: units 2 and 8 of the sequence are free → 2 rewards, 2 stamps left.
    const lines = [line('PIZZA-L', 4, 1199, 'pizza'), line('PIZZA-S', 1, 699, 'pizza'), line('PIZZA-M', 5, 899, 'pizza')];
    const r = evaluateBasket(anInput({ programs, card, balances: balances({ stamps: { PIZZA: 4 } }), lines }));
    expect(r.stamps[0]).toMatchObject({ before: 4, earned: 8, rewards: 2, consumed: 10, after: 2 });
    expect(r.stamps[0]!.free).toEqual([
      { index: 1, units: 1 },
      { index: 2, units: 1 },
    ]);
    expect(r.totals.discount).toBe(699 + 899);
  });

  it('CARD-3 stamp: a stamp card also deducts its discounts; the free unit is taken off before the percent', () => {
    const withDiscount = aCard({ type: 'stamp', discounts: [{ discountId: 'TEN' }] });
    const r = evaluateBasket(
      anInput({
        programs,
        discounts: [aDiscount('TEN', 1000)],
        card: withDiscount,
        balances: balances({ stamps: { PIZZA: 5 } }),
        lines: [line('PIZZA-M', 3, 899, 'pizza')],
      }),
    );
    // one unit free (899) + 10 % of the other two (179.8 → 180), rounded once
    expect(r.lines[0]).toMatchObject({ discount: 899 + 180, net: 3 * 899 - 1079, stampFree: 1, reason: { code: 'discount_applied' } });
  });

  it('CARD-3 stamp: a card collects only its own programs', () => {
    const coffeeOnly = aCard({ type: 'stamp', stampPrograms: ['COFFEE'] });
    const r = evaluateBasket(anInput({ programs, card: coffeeOnly, lines: [line('PIZZA-M', 1, 899, 'pizza'), line('COFFEE-L', 2, 300)] }));
    expect(r.stamps.map((s) => [s.programId, s.earned])).toEqual([['COFFEE', 2]]);
  });

  it('CARD-3 stamp: non-stamp cards collect no stamps', () => {
    const r = evaluateBasket(
      anInput({ programs, card: aCard({ type: 'discount' }), balances: balances({ stamps: { PIZZA: 5 } }), lines: [line('PIZZA-M', 1, 899, 'pizza')] }),
    );
    expect(r.stamps).toEqual([]);
    expect(r.totals.discount).toBe(0);
  });

  it('CARD-3 stamp: a unit in two programs counts in both but is free only once', () => {
    const both = [aProgram('A', 3, { groups: ['pizza'] }), aProgram('B', 3, { all: true })];
    const r = evaluateBasket(anInput({ programs: both, card, balances: balances({ stamps: { A: 2, B: 2 } }), lines: [line('PIZZA-M', 1, 899, 'pizza')] }));
    expect(r.lines[0]!.stampFree).toBe(1);
    expect(r.stamps).toMatchObject([
      { programId: 'A', rewards: 1, after: 0 },
      { programId: 'B', rewards: 0, earned: 1, after: 3 }, // the reward waits for the next unit
    ]);
    const next = evaluateBasket(anInput({ programs: both, card, balances: balances({ stamps: { A: 0, B: 3 } }), lines: [line('COLA', 1, 200)] }));
    expect(next.stamps).toMatchObject([{ programId: 'B', rewards: 1, consumed: 2, after: 1 }]);
    expect(next.lines[0]!.net).toBe(0);
  });

  it('CARD-3 stamp: stampRewards follows the unit-by-unit rule', () => {
    const bruteForce = (before: number, units: number, t: number) => {
      let c = before;
      let r = 0;
      for (let u = 0; u < units; u++) {
        if (c >= t - 1) {
          r++;
          c -= t - 1;
        } else c++;
      }
      return r;
    };
    for (let t = 1; t <= 7; t++) for (let b = 0; b <= 2 * t; b++) for (let n = 0; n <= 20; n++) expect(stampRewards(b, n, t)).toBe(bruteForce(b, n, t));
  });
});
