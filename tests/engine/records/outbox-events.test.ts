import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetBalances } from '../../../src/engine/cards/balance-reset.js';
import { createCard, topUp, updateCard, useVisit } from '../../../src/engine/cards/cards.js';
import { chargeAccount, depositAccount } from '../../../src/engine/customers/account.js';
import { createCustomer, updateCustomer } from '../../../src/engine/customers/customers.js';
import type { Card, Customer, Privilege } from '../../../src/engine/model/types.js';
import { orderCard } from '../../../src/engine/orders/card-orders.js';
import { closeReceipt } from '../../../src/engine/receipts/receipts.js';
import { refundReceipt } from '../../../src/engine/receipts/refunds.js';
import { createRange, patchRange } from '../../../src/engine/vouchers/voucher-ranges.js';
import { issueVouchers, redeemVoucher } from '../../../src/engine/vouchers/vouchers.js';
import { eventEnvelope, EVENT_KINDS, type EventKind } from '../../../src/sync/protocol/index.js';
import { engineFixture, testConfig, type EngineFixture } from '../../helpers/engine-fixture.js';
import { lastSeq, outboxEnvelopes } from '../../helpers/outbox-envelopes.js';

/** Business tables whose rows a change writes (balance_resets is recorded before a reset's chunks, on purpose). */
const TABLES = ['customers', 'cards', 'receipts', 'receipt_lines', 'refunds', 'vouchers', 'card_orders', 'ledger', 'balances', 'field_clocks', 'outbox'];

describe('SYNC-1: every change central needs is an outbox event in the same transaction', () => {
  let f: EngineFixture;
  let c: Customer;
  let credit: Card;
  let service: Card;
  let bonus: Card;
  let gift: Privilege;
  let receiptNo = 0;
  const fingerprint = () =>
    JSON.stringify(TABLES.map((t) => (f.ctx.store.db.prepare(`SELECT * FROM ${t}`).all() as Record<string, unknown>[]).map(({ _metadata, ...r }) => r)));
  const sale = (card: string, price: number) =>
    closeReceipt(f.ctx, {
      tillId: 't1',
      receiptNo: String(++receiptNo),
      at: '2026-11-22T12:00:00+02:00',
      card,
      lines: [{ sku: 'A', group: 'g', qty: 2, unitPrice: price / 2 }],
      payments: [{ method: 'cash', amount: price }],
    }); // a bonus card: the 10 % is credited as bonus, not deducted

  beforeEach(() => {
    f = engineFixture(testConfig('cardOrders: {}\n'));
    const { master, db } = f.ctx.store;
    db.tx(() => {
      master.put('discounts', 'd10', { name: 'Ten', percent: 1000, covers: { all: true } }, '2026-01-01T00:00:00Z');
      master.put('tiers', 'default', { mode: 'online', levels: [{ turnover: 5000, discountId: 'd10' }] }, '2026-01-01T00:00:00Z');
    });
    const range = createRange(f.ctx, { code: 'G', digits: 6, from: 1, to: 999_999, random: false, checkDigit: false });
    gift = { id: 'gift', name: 'Gift', pointsCost: 100, voucher: { value: 500, validDays: 30, rangeId: range.id } };
    db.tx(() => {
      master.put('privileges', 'gift', { name: gift.name, pointsCost: 100, voucher: gift.voucher }, '2026-01-01T00:00:00Z');
      master.put('redemption-rules', 'r1', { privilegeId: 'gift', pointsAtLeast: 100 }, '2026-01-01T00:00:00Z');
    });
    c = createCustomer(f.ctx, { kind: 'person', firstName: 'Mari', lastName: 'Tamm', phone: '+372 5555 0001', email: 'mari@example.ee', creditLimit: 10_000 });
    credit = createCard(f.ctx, c.id, { type: 'credit' });
    service = createCard(f.ctx, c.id, { type: 'service' });
    bonus = createCard(f.ctx, c.id, { type: 'bonus', discounts: [{ discountId: 'd10' }] });
  });
  afterEach(() => f.close());

  /** Each kind: an optional preparation, then the one change that must write the event. */
  const CASES: { kind: EventKind; prepare?: () => void; change: () => unknown }[] = [
    { kind: 'customer.created', change: () => createCustomer(f.ctx, { kind: 'company', companyName: 'Acme', email: 'a@acme.ee' }) },
    { kind: 'customer.updated', change: () => updateCustomer(f.ctx, c.id, { city: 'Tartu' }) },
    { kind: 'customer.tier_changed', change: () => sale(bonus.number, 6000) },
    { kind: 'card.created', change: () => createCard(f.ctx, c.id, { type: 'stamp', message: 'hello' }) },
    { kind: 'card.updated', change: () => updateCard(f.ctx, credit.number, { message: 'Welcome back' }) },
    { kind: 'card.blocked', change: () => updateCard(f.ctx, credit.number, { status: 'blocked' }) },
    { kind: 'receipt.closed', change: () => sale(bonus.number, 400) },
    { kind: 'receipt.refunded', change: () => refundReceipt(f.ctx, sale(bonus.number, 400).receiptId, {}) },
    { kind: 'card.topup', change: () => topUp(f.ctx, credit.number, { amount: 2000 }) },
    { kind: 'card.visit', prepare: () => topUp(f.ctx, service.number, { visits: 3 }), change: () => useVisit(f.ctx, service.number) },
    { kind: 'account.charge', change: () => chargeAccount(f.ctx, { customerId: c.id, amount: 700, docType: 'invoice', docId: 'i1' }) },
    { kind: 'account.deposit', change: () => depositAccount(f.ctx, { customerId: c.id, amount: 700, docType: 'payin', docId: 'p1' }) },
    { kind: 'bonus.redeemed', prepare: () => sale(bonus.number, 800), change: () => sale(bonus.number, 400) },
    { kind: 'voucher.issued', change: () => issueVouchers(f.ctx, gift, 3, { source: 'manual', customerId: c.id }) },
    { kind: 'voucher.redeemed', prepare: () => issueVouchers(f.ctx, gift, 1, { source: 'manual' }), change: () => redeemVoucher(f.ctx, '000001', null) },
    { kind: 'card.ordered', change: () => orderCard(f.ctx, { customerId: c.id, comment: 'ship to the shop' }) },
    { kind: 'account.opening', change: () => createCustomer(f.ctx, { kind: 'company', companyName: 'Deposit Ltd', email: 'd@acme.ee', openingBalance: 5000 }) },
    {
      kind: 'alert.raised',
      prepare: () => {
        sale(bonus.number, 800);
        patchRange(f.ctx, gift.voucher.rangeId ?? '', { active: false });
      },
      change: () => sale(bonus.number, 400),
    },
  ];

  it('SYNC-1: the cases below cover every event kind of the protocol but the balance reset (async, tested on its own)', () => {
    expect(new Set([...CASES.map((k) => k.kind), 'card.balance_reset'])).toEqual(new Set(EVENT_KINDS));
  });

  for (const k of CASES) {
    it(`SYNC-1: ${k.kind} — the change writes the event; its envelope parses with the protocol's schema`, () => {
      k.prepare?.();
      const from = lastSeq(f.ctx.store.db);
      k.change();
      const events = outboxEnvelopes(f.ctx.store.db, from);
      expect(events.map((e) => e.kind)).toContain(k.kind);
      events.forEach((e, i) => {
        expect(e.storeSeq).toBe(from + 1 + i); // gapless
        const parsed = eventEnvelope.safeParse(e);
        expect(parsed.success, `${e.kind}: ${parsed.error?.message}`).toBe(true);
      });
      for (const e of events.filter((x) => x.kind === k.kind)) expect(e.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    });

    it(`SYNC-1: ${k.kind} — killed midway (at the outbox write, or after the change) leaves neither the change nor the event`, () => {
      k.prepare?.();
      const { db } = f.ctx.store;
      const before = fingerprint();
      db.raw.exec("CREATE TEMP TRIGGER kill_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'killed at the outbox write'); END");
      expect(() => k.change()).toThrow(/killed at the outbox write/);
      db.raw.exec('DROP TRIGGER kill_outbox');
      expect(fingerprint()).toBe(before);
      expect(() =>
        db.tx(() => {
          k.change();
          throw new Error('killed after the change');
        }),
      ).toThrow('killed after the change');
      expect(fingerprint()).toBe(before);
    });
  }

  it('SYNC-1: card.balance_reset — the reset entries and their event commit together; killed at the outbox write, neither', async () => {
    sale(bonus.number, 400);
    const { db } = f.ctx.store;
    const before = fingerprint();
    db.raw.exec("CREATE TEMP TRIGGER kill_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'killed at the outbox write'); END");
    await expect(resetBalances(f.ctx, { asOf: '2026-11-22' })).rejects.toThrow(/killed/);
    db.raw.exec('DROP TRIGGER kill_outbox');
    expect(fingerprint()).toBe(before);
    const from = lastSeq(db);
    await resetBalances(f.ctx, { asOf: '2026-11-22' });
    const [ev] = outboxEnvelopes(db, from);
    expect(ev?.kind).toBe('card.balance_reset');
    expect(eventEnvelope.safeParse(ev).success).toBe(true);
    expect(ev?.payload.entries).toEqual([expect.objectContaining({ kind: 'reset', asset: 'bonus', cardNumber: bonus.number, delta: -40 })]);
  });

  it('SYNC-1: a receipt travels with its lines; a tier change carries the level and discount', () => {
    const plain = createCard(f.ctx, c.id, { discounts: [{ discountId: 'd10' }] });
    const from = lastSeq(f.ctx.store.db);
    closeReceipt(f.ctx, {
      tillId: 't1',
      receiptNo: 'x',
      at: '2026-11-22T12:00:00+02:00',
      card: plain.number,
      lines: [
        { sku: 'A', qty: 2, unitPrice: 3000 },
        { sku: 'B', qty: 1, unitPrice: 100 },
      ],
      payments: [{ method: 'cash', amount: 5490 }],
    });
    const events = outboxEnvelopes(f.ctx.store.db, from);
    const receipt = events.find((e) => e.kind === 'receipt.closed');
    expect(receipt?.payload.data.lines).toEqual([
      { index: 0, sku: 'A', qty: 2, unitPrice: 3000, gross: 6000, discount: 600, net: 5400, discountId: 'd10' },
      { index: 1, sku: 'B', qty: 1, unitPrice: 100, gross: 100, discount: 10, net: 90, discountId: 'd10' },
    ]);
    expect(events.find((e) => e.kind === 'customer.tier_changed')?.payload.data).toEqual({ customerId: c.id, tierLevel: 0, discountId: 'd10' });
  });

  it('SYNC-1: updates carry only the changed fields; a change that changes nothing writes no event', () => {
    const from = lastSeq(f.ctx.store.db);
    updateCustomer(f.ctx, c.id, { city: 'Tartu', firstName: 'Mari', marketingAllowed: true });
    updateCard(f.ctx, credit.number, { message: 'Hi', creditLimit: credit.creditLimit });
    updateCustomer(f.ctx, c.id, { city: 'Tartu' });
    updateCard(f.ctx, credit.number, { status: 'blocked', message: 'Lost' });
    updateCard(f.ctx, credit.number, { status: 'active' });
    const data = outboxEnvelopes(f.ctx.store.db, from).map((e) => [e.kind, e.payload.data]);
    expect(data).toEqual([
      ['customer.updated', { customerId: c.id, fields: { city: 'Tartu', marketingAllowed: true } }],
      ['card.updated', { number: credit.number, fields: { message: 'Hi' } }],
      ['card.blocked', { number: credit.number, reason: null }],
      ['card.updated', { number: credit.number, fields: { message: 'Lost' } }],
      ['card.updated', { number: credit.number, fields: { status: 'active' } }],
    ]);
  });

  it('SYNC-1: created records carry every field; the store_seq stays gapless and the HLCs rise strictly', () => {
    const events = outboxEnvelopes(f.ctx.store.db);
    const created = events.find((e) => e.kind === 'customer.created');
    expect(created?.payload.data).toMatchObject({
      customerId: c.id,
      fields: { kind: 'person', firstName: 'Mari', lastName: 'Tamm', creditLimit: 10_000, city: null },
    });
    expect(events.find((e) => e.kind === 'card.created' && e.payload.data.number === bonus.number)?.payload.data).toMatchObject({
      number: bonus.number,
      customerId: c.id,
      fields: { type: 'bonus', status: 'active', discounts: [{ discountId: 'd10' }] },
    });
    expect(events.map((e) => e.storeSeq)).toEqual(events.map((_, i) => i + 1));
    const clocks = events.map((e) => e.hlc);
    expect(clocks.every((h, i) => i === 0 || h > clocks[i - 1]!)).toBe(true);
    expect(clocks[0]).toMatch(/-test-store$/);
  });
});
