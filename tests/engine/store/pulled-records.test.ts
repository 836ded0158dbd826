import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCard, updateCard } from '../../../src/engine/cards/cards.js';
import { updateCustomer } from '../../../src/engine/customers/customers.js';
import type { Card, Customer } from '../../../src/engine/model/types.js';
import { mergedCard, mergedCustomer } from '../../../src/sync/protocol/index.js';
import { engineFixture, type EngineFixture } from '../../helpers/engine-fixture.js';
import { aPerson } from '../../helpers/factories.js';
import { lastSeq, outboxEnvelopes } from '../../helpers/outbox-envelopes.js';

/** An HLC `ms` after (or before, negative) now, written by `node`. */
const at = (ms: number, node = 'central', counter = 0) => `${String(Date.now() + ms).padStart(15, '0')}-${String(counter).padStart(5, '0')}-${node}`;
const EARLY = '000000000000001-00000-tartu-2';

describe('SYNC-7: applying customers and cards pulled from central (store side)', () => {
  let f: EngineFixture;
  let c: Customer;
  let card: Card;
  beforeEach(() => {
    f = engineFixture();
    c = aPerson(f.ctx, { city: 'Tallinn' });
    card = createCard(f.ctx, c.id, { type: 'credit', message: 'hi' });
  });
  afterEach(() => f.close());
  const tx = <T>(fn: () => T): T => f.ctx.store.db.tx(fn);

  it('SYNC-7: a field edited here and not yet pushed keeps its value when the pulled record is older for it; later remote fields win; no outbox event', () => {
    updateCustomer(f.ctx, c.id, { city: 'Pärnu' }); // local edit, clock ≈ now
    const before = lastSeq(f.ctx.store.db);
    const record = mergedCustomer.parse({
      id: c.id,
      fields: { city: 'Tartu', email: 'mari@example.ee', lastName: 'Kask' },
      hlc: { city: EARLY, email: at(60_000, 'tartu-2'), lastName: at(60_000, 'central') },
    });
    const r = tx(() => f.ctx.store.pulled.applyPulledCustomer(record));
    expect(r).toEqual({ created: false, changed: ['email', 'lastName'] });
    expect(f.ctx.store.customers.get(c.id)).toMatchObject({ city: 'Pärnu', email: 'mari@example.ee', lastName: 'Kask', firstName: c.firstName });
    const clocks = f.ctx.store.fieldClocks.get('customer', c.id, ['city', 'email']);
    expect(clocks.email).toBe(record.hlc.email);
    expect(clocks.city).not.toBe(EARLY);
    expect(lastSeq(f.ctx.store.db)).toBe(before);
    // pulled again (a page re-read): nothing changes
    expect(tx(() => f.ctx.store.pulled.applyPulledCustomer(record))).toEqual({ created: false, changed: [] });
  });

  it('SYNC-7: the store clock moves past pulled clocks, so the next local edit is later than everything it has seen and wins at central', () => {
    const remote = at(90_000, 'tartu-2', 41);
    tx(() => f.ctx.store.pulled.applyPulledCustomer({ id: c.id, fields: { city: 'Tartu' }, hlc: { city: remote } }));
    const from = lastSeq(f.ctx.store.db);
    updateCustomer(f.ctx, c.id, { city: 'Narva' });
    const [ev] = outboxEnvelopes(f.ctx.store.db, from);
    expect(ev!.hlc > remote).toBe(true);
    expect(f.ctx.store.fieldClocks.get('customer', c.id, ['city']).city).toBe(ev!.hlc);
  });

  it('SYNC-7: a card merges per field the same way; a card whose customer is not here yet gets a placeholder the customer record fills later', () => {
    updateCard(f.ctx, card.number, { message: 'local' });
    const rc = tx(() =>
      f.ctx.store.pulled.applyPulledCard(
        mergedCard.parse({
          number: card.number,
          customerId: c.id,
          fields: { message: 'remote', status: 'blocked', dailyLimit: 5000 },
          hlc: { message: EARLY, status: at(5000), dailyLimit: at(5000) },
        }),
      ),
    );
    expect(rc.changed.sort()).toEqual(['dailyLimit', 'status']);
    expect(f.ctx.store.cards.get(card.number)).toMatchObject({ message: 'local', status: 'blocked', dailyLimit: 5000 });

    const stranger = '0193a0a0-0000-7000-8000-000000000001';
    const fresh = tx(() =>
      f.ctx.store.pulled.applyPulledCard({
        number: '6009000000009999',
        customerId: stranger,
        fields: { customerId: stranger, type: 'bonus', luhn: true, discounts: [], status: 'active' },
        hlc: { customerId: EARLY, type: EARLY, luhn: EARLY, discounts: EARLY, status: EARLY },
      }),
    );
    expect(fresh.created).toBe(true);
    expect(f.ctx.store.cards.get('6009000000009999')).toMatchObject({ customerId: stranger, type: 'bonus', luhn: true });
    expect(f.ctx.store.customers.exists(stranger)).toBe(true);
    const filled = tx(() =>
      f.ctx.store.pulled.applyPulledCustomer({
        id: stranger,
        fields: { kind: 'company', companyName: 'Acme', email: 'a@acme.ee' },
        hlc: { kind: EARLY, companyName: EARLY, email: EARLY },
      }),
    );
    expect(filled.created).toBe(false);
    expect(f.ctx.store.customers.get(stranger)).toMatchObject({ kind: 'company', companyName: 'Acme', email: 'a@acme.ee' });
  });

  it('SYNC-7: a pulled value of the wrong shape, or without a clock, is ignored rather than written', () => {
    const r = tx(() =>
      f.ctx.store.pulled.applyPulledCustomer({
        id: c.id,
        fields: { creditLimit: -5, kind: 'alien', city: 'Tartu', unknownField: 1 },
        hlc: { creditLimit: at(1000), kind: at(1000), unknownField: at(1000) },
      }),
    );
    expect(r.changed).toEqual([]);
    expect(f.ctx.store.customers.get(c.id)).toMatchObject({ creditLimit: 0, kind: 'person', city: 'Tallinn' });
  });

  it('SYNC-7: pulled records are applied only inside the page transaction', () => {
    expect(() => f.ctx.store.pulled.applyPulledCustomer({ id: c.id, fields: {}, hlc: {} })).toThrow(/inside the page transaction/);
  });
});

describe('SYNC-3: applying master data pulled from central (store side)', () => {
  let f: EngineFixture;
  beforeEach(() => (f = engineFixture()));
  afterEach(() => f.close());
  const apply = (kind: string, id: string, version: number, body: Record<string, unknown> | null) =>
    f.ctx.store.db.tx(() => f.ctx.store.pulled.applyPulledMasterData(kind, id, version, body));

  it('SYNC-3: records apply by version (an older or repeated version changes nothing); a tombstone deletes; unknown kinds are skipped', () => {
    const { master } = f.ctx.store;
    const gen = master.changes;
    expect(apply('discounts', 'd1', 3, { name: 'Ten', percent: 1000, covers: { all: true } })).toBe(true);
    expect(master.get('discounts', 'd1')).toMatchObject({ version: 3, body: { name: 'Ten' } });
    expect(master.changes).toBeGreaterThan(gen); // caches (the evaluation catalog) reload
    expect(apply('discounts', 'd1', 3, { name: 'Stale', percent: 1, covers: { all: true } })).toBe(false);
    expect(apply('discounts', 'd1', 2, { name: 'Older', percent: 1, covers: { all: true } })).toBe(false);
    expect(master.get<{ name: string }>('discounts', 'd1')?.body.name).toBe('Ten');
    expect(apply('discounts', 'd1', 4, null)).toBe(true);
    expect(master.get('discounts', 'd1')).toBeNull();
    expect(apply('discounts', 'd1', 4, { name: 'Back', percent: 1, covers: { all: true } })).toBe(false);
    expect(apply('discounts', 'd2', 7, null)).toBe(true); // a tombstone of a record never seen here
    expect(master.get('discounts', 'd2')).toBeNull();
    expect(apply('tiers', 'default', 1, { mode: 'online', levels: [] })).toBe(true);
    expect(apply('loyalty-games', 'x', 1, {})).toBe(false);
  });
});
