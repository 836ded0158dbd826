import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chargeAccount, depositAccount } from '../../../src/engine/customers/account.js';
import { resetBalances } from '../../../src/engine/cards/balance-reset.js';
import { createCard, topUp, useVisit } from '../../../src/engine/cards/cards.js';
import { engineFixture, type EngineFixture } from '../../helpers/engine-fixture.js';
import { aPerson } from '../../helpers/factories.js';

function seqs(f: EngineFixture): number[] {
  return (f.ctx.store.db.prepare('SELECT store_seq FROM outbox ORDER BY store_seq').all() as { store_seq: number }[]).map((r) => r.store_seq);
}

describe('ledger and outbox', () => {
  let f: EngineFixture;
  beforeEach(() => (f = engineFixture()));
  afterEach(() => f.close());

  it('every value change is an append-only ledger entry with a UUIDv7 event id and a gapless store_seq, plus an outbox row', () => {
    const c = aPerson(f.ctx);
    const card = createCard(f.ctx, c.id, { type: 'credit' });
    topUp(f.ctx, card.number, { amount: 1000 });
    topUp(f.ctx, card.number, { amount: 500 });
    const rows = f.ctx.store.db
      .prepare('SELECT event_id, store_seq, at, kind, card_number, customer_id, delta, doc_type, doc_id FROM ledger ORDER BY id')
      .all() as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    // store_seq 1 and 2 are the customer.created and card.created events (SYNC-1)
    expect(rows[0]).toMatchObject({ store_seq: 3, kind: 'topup', card_number: card.number, customer_id: c.id, delta: 1000, doc_type: 'topup' });
    expect(String(rows[0]?.event_id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(seqs(f)).toEqual([1, 2, 3, 4]);
    const payload = JSON.parse((f.ctx.store.db.prepare('SELECT payload FROM outbox WHERE store_seq = 4').get() as { payload: string }).payload);
    expect(payload).toMatchObject({ storeId: 'test-store', storeSeq: 4, type: 'card.topup', entries: [{ asset: 'money', delta: 500 }] });
  });

  it('the ledger refuses UPDATE and DELETE', () => {
    const c = aPerson(f.ctx);
    const card = createCard(f.ctx, c.id, { type: 'credit' });
    topUp(f.ctx, card.number, { amount: 1000 });
    expect(() => f.ctx.store.db.prepare('UPDATE ledger SET delta = 5').run()).toThrow(/append-only/);
    expect(() => f.ctx.store.db.prepare('DELETE FROM ledger').run()).toThrow(/append-only/);
  });

  it('a failed operation leaves no entry and no gap in store_seq', () => {
    const c = aPerson(f.ctx);
    const service = createCard(f.ctx, c.id, { type: 'service' });
    const credit = createCard(f.ctx, c.id, { type: 'credit' });
    topUp(f.ctx, credit.number, { amount: 100 });
    expect(() => useVisit(f.ctx, service.number)).toThrow();
    topUp(f.ctx, credit.number, { amount: 100 });
    expect(seqs(f)).toEqual([1, 2, 3, 4, 5]); // customer, two cards, two top-ups
  });

  it('property: after any sequence of operations the balance cache equals the ledger sums and store_seq has no gaps', async () => {
    const c = aPerson(f.ctx, { creditLimit: 1000, email: 'credit@example.ee' });
    const credit = createCard(f.ctx, c.id, { type: 'credit' });
    const service = createCard(f.ctx, c.id, { type: 'service' });
    const op = fc.oneof(
      fc.record({ t: fc.constant('money' as const), n: fc.integer({ min: 1, max: 5000 }) }),
      fc.record({ t: fc.constant('visits' as const), n: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ t: fc.constant('visit' as const), n: fc.constant(0) }),
      fc.record({ t: fc.constant('charge' as const), n: fc.integer({ min: 1, max: 800 }) }),
      fc.record({ t: fc.constant('deposit' as const), n: fc.integer({ min: 1, max: 800 }) }),
      fc.record({ t: fc.constant('reset' as const), n: fc.constant(0) }),
    );
    let doc = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 12 }), async (ops) => {
        for (const o of ops) {
          try {
            if (o.t === 'money') topUp(f.ctx, credit.number, { amount: o.n });
            if (o.t === 'visits') topUp(f.ctx, service.number, { visits: o.n });
            if (o.t === 'visit') useVisit(f.ctx, service.number);
            if (o.t === 'charge') chargeAccount(f.ctx, { customerId: c.id, amount: o.n, docType: 't', docId: String(doc++) });
            if (o.t === 'deposit') depositAccount(f.ctx, { customerId: c.id, amount: o.n, docType: 't', docId: String(doc++) });
            if (o.t === 'reset') await resetBalances(f.ctx, { asOf: '2026-11-22' });
          } catch {
            // refused operations (no visits left, over the limit) must leave no trace
          }
          expect(f.ctx.store.ledger.cacheMismatches()).toEqual([]);
        }
        const s = seqs(f);
        expect(s).toEqual(s.map((_, i) => i + 1));
      }),
      { numRuns: 40 },
    );
  });
});

describe('CARD-11 balance reset', () => {
  let f: EngineFixture;
  beforeEach(() => (f = engineFixture()));
  afterEach(() => f.close());

  it('CARD-11: zeroes balances held as of the date with reset ledger entries; later amounts stay; twice changes nothing', async () => {
    const c = aPerson(f.ctx);
    const credit = createCard(f.ctx, c.id, { type: 'credit' });
    const service = createCard(f.ctx, c.id, { type: 'service' });
    f.clock.set('2026-11-20T10:00:00Z');
    topUp(f.ctx, credit.number, { amount: 1000 });
    topUp(f.ctx, service.number, { visits: 3 });
    f.clock.set('2026-11-23T10:00:00Z');
    topUp(f.ctx, credit.number, { amount: 250 });
    const r = await resetBalances(f.ctx, { asOf: '2026-11-21' });
    expect(r).toMatchObject({ cards: 2, entries: 2 });
    expect(f.ctx.store.ledger.balance(credit.number, 'money')).toBe(250);
    expect(f.ctx.store.ledger.balance(service.number, 'visits')).toBe(0);
    expect(await resetBalances(f.ctx, { asOf: '2026-11-21' })).toMatchObject({ cards: 0, entries: 0 });
    const resets = f.ctx.store.db.prepare("SELECT card_number, asset, delta FROM ledger WHERE kind = 'reset' ORDER BY id").all();
    expect(resets).toEqual([
      expect.objectContaining({ card_number: credit.number, asset: 'money', delta: -1000 }),
      expect.objectContaining({ card_number: service.number, asset: 'visits', delta: -3 }),
    ]);
    expect(f.ctx.store.ledger.cacheMismatches()).toEqual([]);
  });

  it('CARD-11: a reset can be limited to one usage type (e.g. only service cards)', async () => {
    const c = aPerson(f.ctx);
    const credit = createCard(f.ctx, c.id, { type: 'credit' });
    const service = createCard(f.ctx, c.id, { type: 'service' });
    topUp(f.ctx, credit.number, { amount: 1000 });
    topUp(f.ctx, service.number, { visits: 3 });
    await resetBalances(f.ctx, { type: 'service', asOf: '2026-11-22' });
    expect(f.ctx.store.ledger.balance(credit.number, 'money')).toBe(1000);
    expect(f.ctx.store.ledger.balance(service.number, 'visits')).toBe(0);
  });
});
