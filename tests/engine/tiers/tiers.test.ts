import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeReceipt } from '../../../src/engine/receipts/receipts.js';
import { recomputeTiers } from '../../../src/engine/tiers/tiers.js';
import { createCard } from '../../../src/engine/cards/cards.js';
import { loadAndEvaluate } from '../../../src/engine/receipts/evaluate.js';
import { engineFixture, type EngineFixture } from '../../helpers/engine-fixture.js';
import { aPerson } from '../../helpers/factories.js';

describe('CARD-10 tiers', () => {
  let f: EngineFixture;
  const put = (kind: 'discounts' | 'tiers', id: string, body: unknown) =>
    f.ctx.store.db.tx(() => f.ctx.store.master.put(kind, id, body, '2026-01-01T00:00:00Z'));
  let no = 0;
  /** Close a one-line receipt of `price`, paying in cash whatever is due after the card's discount. */
  const spend = (card: string, price: number, at = '2026-11-22T12:00:00+02:00') => {
    const lines = [{ sku: 'A', qty: 1, unitPrice: price }];
    const due = loadAndEvaluate(f.ctx, { card, at, lines }).result.payment.due;
    return closeReceipt(f.ctx, { tillId: 't', receiptNo: String(++no), at, card, lines, payments: [{ method: 'cash', amount: due }] });
  };

  beforeEach(() => {
    f = engineFixture();
    put('discounts', 'own', { name: 'Own 2 %', percent: 200, covers: { all: true } });
    put('discounts', 't5', { name: 'Tier 5 %', percent: 500, covers: { all: true } });
    put('discounts', 't10', { name: 'Tier 10 %', percent: 1000, covers: { all: true } });
  });
  afterEach(() => f.close());

  it('CARD-10 batch: recompute sets every customer from past turnover, skips autoTierOptOut, reports how many changed', async () => {
    put('tiers', 'default', {
      mode: 'batch',
      levels: [
        { turnover: 1000, discountId: 't5' },
        { turnover: 3000, discountId: 't10' },
      ],
    });
    const a = aPerson(f.ctx);
    const b = aPerson(f.ctx);
    const optOut = aPerson(f.ctx, { autoTierOptOut: true });
    const ca = createCard(f.ctx, a.id, { discounts: [{ discountId: 'own' }] });
    const cb = createCard(f.ctx, b.id, {});
    const co = createCard(f.ctx, optOut.id, { discounts: [{ discountId: 'own' }] });
    spend(ca.number, 3600);
    spend(cb.number, 1300);
    spend(co.number, 9000);
    // batch mode: closing receipts does not change tiers
    expect(f.ctx.store.customers.get(a.id)?.tierLevel).toBeNull();
    expect(await recomputeTiers(f.ctx, 2)).toEqual({ customers: 3, changed: 2 });
    expect(f.ctx.store.customers.get(a.id)?.tierLevel).toBe(1);
    expect(f.ctx.store.customers.get(b.id)?.tierLevel).toBe(0);
    // CARD-14: the cards' own lists are never rewritten by a tier change.
    expect(f.ctx.store.cards.get(ca.number)?.discounts).toEqual([{ discountId: 'own' }]);
    expect(f.ctx.store.cards.get(cb.number)?.discounts).toEqual(cb.discounts);
    expect(f.ctx.store.customers.get(optOut.id)?.tierLevel).toBeNull();
    expect(f.ctx.store.cards.get(co.number)?.discounts).toEqual([{ discountId: 'own' }]);
    expect(await recomputeTiers(f.ctx)).toEqual({ customers: 3, changed: 0 });
  });

  it('CARD-10 online: tier changes when a receipt closes; turnover outside the window no longer counts', async () => {
    put('tiers', 'default', { mode: 'online', windowMonths: 12, levels: [{ turnover: 1000, discountId: 't5' }] });
    const a = aPerson(f.ctx);
    const ca = createCard(f.ctx, a.id, {});
    f.clock.set('2025-01-10T10:00:00Z');
    expect(spend(ca.number, 1500, '2025-01-10T12:00:00+02:00').tier).toBe(0);
    f.clock.set('2026-11-22T10:00:00Z');
    // a year and more later the old turnover has left the window: the next receipt drops the tier
    expect(spend(ca.number, 100).tier).toBeNull();
    expect(f.ctx.store.cards.get(ca.number)?.discounts).toEqual([]);
  });
});
