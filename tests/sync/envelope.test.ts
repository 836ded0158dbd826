import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetBalances } from '../../src/engine/cards/balance-reset.js';
import { createCard, topUp, updateCard, useVisit } from '../../src/engine/cards/cards.js';
import { chargeAccount, depositAccount } from '../../src/engine/customers/account.js';
import { updateCustomer } from '../../src/engine/customers/customers.js';
import { orderCard } from '../../src/engine/orders/card-orders.js';
import { closeReceipt } from '../../src/engine/receipts/receipts.js';
import { refundReceipt } from '../../src/engine/receipts/refunds.js';
import { createRange } from '../../src/engine/vouchers/voucher-ranges.js';
import { issueVouchers, redeemVoucher } from '../../src/engine/vouchers/vouchers.js';
import { toEnvelope } from '../../src/sync/envelope.js';
import { pushRequest } from '../../src/sync/protocol/index.js';
import { engineFixture, testConfig, type EngineFixture } from '../helpers/engine-fixture.js';
import { aPerson } from '../helpers/factories.js';

describe('outbox rows as sync envelopes (GW-6, SYNC-1, SYNC-2)', () => {
  let f: EngineFixture;
  beforeEach(() => (f = engineFixture(testConfig('cardOrders: { enabled: true, schedule: daily }\n'))));
  afterEach(() => f.close());

  it("SYNC-1: every kind of event the store writes today becomes an envelope central's push schema accepts, in one contiguous batch", async () => {
    const ctx = f.ctx;
    const c = aPerson(ctx, { creditLimit: 10_000, email: 'credit@example.ee' }); // CARD-15: a credit limit needs an e-mail
    const credit = createCard(ctx, c.id, { type: 'credit' });
    const service = createCard(ctx, c.id, { type: 'service' });
    topUp(ctx, credit.number, { amount: 5000 });
    topUp(ctx, service.number, { visits: 3 });
    useVisit(ctx, service.number);
    const r = closeReceipt(ctx, {
      tillId: 't1',
      receiptNo: '1',
      at: '2026-11-22T10:00:00Z',
      card: credit.number,
      lines: [{ sku: 'A', qty: 2, unitPrice: 500 }],
      payments: [{ method: 'card', amount: 1000 }],
    });
    refundReceipt(ctx, r.receiptId, {});
    chargeAccount(ctx, { customerId: c.id, amount: 100, docType: 'invoice', docId: 'i1' });
    depositAccount(ctx, { customerId: c.id, amount: 100, docType: 'invoice', docId: 'i2' });
    const range = createRange(ctx, { code: 'S', digits: 6, from: 500, to: 999_999, random: false, checkDigit: false });
    const [v] = issueVouchers(ctx, { id: 'p', name: 'P', voucher: { value: 100, validDays: 10, rangeId: range.id } }, 1, { source: 'manual' });
    redeemVoucher(ctx, v!.code, null);
    orderCard(ctx, { customerId: c.id });
    await resetBalances(ctx, { asOf: '2026-11-22' });
    // The customer and card records (SYNC-1, SYNC-7): created, edited, blocked.
    updateCustomer(ctx, c.id, { city: 'Tartu' });
    updateCard(ctx, service.number, { message: 'Welcome back' });
    updateCard(ctx, service.number, { status: 'blocked' });
    const rows = ctx.store.sync.outboxFrom(1, 500);
    const kinds = new Set(rows.map((x) => x.type));
    expect(kinds).toEqual(
      new Set([
        'card.topup',
        'card.visit',
        'receipt.closed',
        'receipt.refunded',
        'account.charge',
        'account.deposit',
        'voucher.issued',
        'voucher.redeemed',
        'card.ordered',
        'card.balance_reset',
        'customer.created',
        'customer.updated',
        'card.created',
        'card.updated',
        'card.blocked',
      ]),
    );
    const events = rows.map((x) => toEnvelope(x, 'test-store'));
    const parsed = pushRequest.safeParse({ storeId: 'test-store', fromSeq: 1, events });
    expect(parsed.success ? [] : parsed.error.issues.slice(0, 5)).toEqual([]);
  });
});
