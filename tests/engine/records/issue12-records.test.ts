import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCard, updateCard } from '../../../src/engine/cards/cards.js';
import { createCustomer, updateCustomer } from '../../../src/engine/customers/customers.js';
import type { Customer } from '../../../src/engine/model/types.js';
import { closeReceipt } from '../../../src/engine/receipts/receipts.js';
import { eventEnvelope, mergedCustomer } from '../../../src/sync/protocol/index.js';
import { engineFixture, type EngineFixture } from '../../helpers/engine-fixture.js';
import { lastSeq, outboxEnvelopes } from '../../helpers/outbox-envelopes.js';

/** An HLC `ms` after now, written by `node`. */
const later = (ms: number, node = 'central') => `${String(Date.now() + ms).padStart(15, '0')}-00000-${node}`;

describe('SYNC-1, SYNC-7: issue 12 fields and card changes travel like every other change', () => {
  let f: EngineFixture;
  let c: Customer;
  beforeEach(() => {
    f = engineFixture();
    c = createCustomer(
      f.ctx,
      { kind: 'company', companyName: 'Acme', email: 'a@acme.ee', fax: '+372 600 0000', invoiceDelivery: 'post' },
      { webPasswordHash: 'scrypt$secret-hash' },
    );
  });
  afterEach(() => f.close());

  const parsed = (from: number) =>
    outboxEnvelopes(f.ctx.store.db, from).map((e) => {
      const p = eventEnvelope.safeParse(e);
      expect(p.success, `${e.kind}: ${p.error?.message}`).toBe(true);
      return e;
    });

  it('SYNC-1, CUST-12: fax and invoiceDelivery travel in customer events; the web password and its hash never do', () => {
    const created = parsed(0).find((e) => e.kind === 'customer.created');
    expect(created?.payload.data.fields).toMatchObject({ fax: '+372 600 0000', invoiceDelivery: 'post' });
    const from = lastSeq(f.ctx.store.db);
    updateCustomer(f.ctx, c.id, { invoiceDelivery: 'e-invoice' }, { webPasswordHash: 'scrypt$other-hash' });
    const [updated, ...rest] = parsed(from);
    expect(rest).toEqual([]);
    expect(updated).toMatchObject({ kind: 'customer.updated', payload: { data: { fields: { invoiceDelivery: 'e-invoice' } } } });
    expect(Object.keys(updated?.payload.data.fields as object)).toEqual(['invoiceDelivery']);
    const all = JSON.stringify(f.ctx.store.db.prepare('SELECT payload FROM outbox').all());
    expect(all).not.toMatch(/hash|webPassword|secret/i);
    // a change of the password alone is no customer event
    const before = lastSeq(f.ctx.store.db);
    updateCustomer(f.ctx, c.id, {}, { webPasswordHash: null });
    expect(lastSeq(f.ctx.store.db)).toBe(before);
  });

  it('SYNC-7, CUST-12: fax and invoiceDelivery are applied from a pull; an invalid invoiceDelivery or a webPassword is ignored', () => {
    const hlc = later(60_000);
    const r = f.ctx.store.db.tx(() =>
      f.ctx.store.pulled.applyPulledCustomer(
        mergedCustomer.parse({
          id: c.id,
          fields: { fax: '+372 600 1111', invoiceDelivery: 'pickup', webPassword: 'pw12345678', webPasswordHash: 'x' },
          hlc: { fax: hlc, invoiceDelivery: hlc, webPassword: hlc, webPasswordHash: hlc },
        }),
      ),
    );
    expect(r.changed.sort()).toEqual(['fax', 'invoiceDelivery']);
    expect(f.ctx.store.customers.get(c.id)).toMatchObject({ fax: '+372 600 1111', invoiceDelivery: 'pickup' });
    const bad = f.ctx.store.db.tx(() =>
      f.ctx.store.pulled.applyPulledCustomer(
        mergedCustomer.parse({ id: c.id, fields: { invoiceDelivery: 'pigeon' }, hlc: { invoiceDelivery: later(120_000) } }),
      ),
    );
    expect(bad.changed).toEqual([]);
    expect(f.ctx.store.customers.get(c.id)?.invoiceDelivery).toBe('pickup');
  });

  it('SYNC-1, CARD-15: an ordered card changing type by PATCH and activated by its first receipt writes card.updated each time', () => {
    const card = createCard(f.ctx, c.id, { type: 'discount', status: 'ordered' });
    let from = lastSeq(f.ctx.store.db);
    updateCard(f.ctx, card.number, { type: 'bonus' });
    expect(parsed(from)).toMatchObject([{ kind: 'card.updated', payload: { data: { number: card.number, fields: { type: 'bonus' } } } }]);
    from = lastSeq(f.ctx.store.db);
    closeReceipt(f.ctx, {
      tillId: 't1',
      receiptNo: '1',
      at: '2026-11-22T12:00:00+02:00',
      card: card.number,
      lines: [{ sku: 'A', group: 'g', qty: 1, unitPrice: 100 }],
      payments: [{ method: 'cash', amount: 100 }],
    });
    const events = parsed(from);
    expect(f.ctx.store.cards.get(card.number)?.status).toBe('active');
    expect(events.filter((e) => e.kind === 'card.updated')).toMatchObject([{ payload: { data: { number: card.number, fields: { status: 'active' } } } }]);
    const clocks = f.ctx.store.fieldClocks.get('card', card.number, ['status']);
    expect(clocks.status).toBe(events.find((e) => e.kind === 'card.updated')?.hlc);
  });
});
