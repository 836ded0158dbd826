/**
 * GW-8 with sync (SYNC-3, SYNC-7): a card and a customer changed at another store reach this
 * store through a pull, and the next evaluation here sees them although both were in this
 * store's hot-row cache (the pull writes through the same repositories, which drop the rows).
 */
import { describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../../src/common/check-digits.js';
import { createCard, updateCard } from '../../src/engine/cards/cards.js';
import { updateCustomer } from '../../src/engine/customers/customers.js';
import { evaluateForTill } from '../../src/engine/receipts/evaluate.js';
import { aPerson } from '../helpers/factories.js';
import { requireStack, STACKS } from '../helpers/require-stack.js';
import { centralWithStores } from '../helpers/sync-fixture.js';
import { waitFor } from '../helpers/wait-for.js';

const hasPg = requireStack(STACKS.postgres);

describe.skipIf(!hasPg)('GW-8: evaluation after a sync pull, against central on real PostgreSQL', () => {
  const { store } = centralWithStores('ev-');

  it('GW-8, SYNC-7: the message and daily limit of a card and the credit limit of its customer, changed at store A, show in the next evaluation at store B, whose cache held both', async () => {
    const a = await store();
    const b = await store();
    const payload = `6009${String(Math.floor(Math.random() * 1e9)).padStart(11, '0')}`;
    const number = `${payload}${luhnCheckDigit(payload)}`;
    const c = aPerson(a.f.ctx, { email: 'kai@example.ee' });
    createCard(a.f.ctx, c.id, { type: 'discount_payment', number });
    await waitFor(
      () => b.f.ctx.store.cards.get(number) !== null && b.f.ctx.store.customers.get(c.id)?.email === 'kai@example.ee',
      'B pulled the card and its customer',
      30_000,
    );

    const basket = { card: number, lines: [{ sku: 'A', qty: 1, unitPrice: 1000 }], payWithCard: true };
    const before = evaluateForTill(b.f.ctx, basket); // B caches the card and the customer
    expect(before.card).toMatchObject({ status: 'active', message: null });
    expect(before.payment).toMatchObject({ moneyAvailable: 0, dailyRemaining: null });

    updateCard(a.f.ctx, number, { message: 'see office', dailyLimit: 20_000 });
    updateCustomer(a.f.ctx, c.id, { creditLimit: 30_000 });
    // The rows as B's database holds them (not through the cache): wait until the pull wrote both.
    await waitFor(
      () => b.f.ctx.store.cards.get(number)?.dailyLimit === 20_000 && b.f.ctx.store.customers.get(c.id)?.creditLimit === 30_000,
      "B pulled A's changes",
      30_000,
    );
    const after = evaluateForTill(b.f.ctx, basket);
    expect(after.card).toMatchObject({ message: 'see office' });
    expect(after.payment).toMatchObject({ moneyAvailable: 30_000, dailyRemaining: 20_000 });
  });
});
