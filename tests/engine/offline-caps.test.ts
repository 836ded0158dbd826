import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/common/errors.js';
import { chargeAccount } from '../../src/engine/customers/account.js';
import { createCard, topUp, useVisit } from '../../src/engine/cards/cards.js';
import { closeReceipt } from '../../src/engine/receipts/receipts.js';
import { createRange } from '../../src/engine/vouchers/voucher-ranges.js';
import { issueVouchers, redeemVoucher } from '../../src/engine/vouchers/vouchers.js';
import { engineFixture, testConfig, type EngineFixture } from '../helpers/engine-fixture.js';
import { aPerson } from '../helpers/factories.js';

const OFFLINE = `
central: { url: "http://127.0.0.1:9/", token: store-1.0123456789abcdef }
offline: { afterS: 60, cardSpendCap: { money: 8000, bonus: 300, visits: 2 }, storeBudget: 12000, vouchers: deny }
`;

function offlineLimit(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError && e.code === 'offline_limit_exceeded') return String(e.extra?.cap);
    throw e;
  }
  throw new Error('expected offline_limit_exceeded');
}

describe('SYNC-5: offline spending caps', () => {
  let f: EngineFixture;
  let outage: string | null;
  // SYNC-6: with central configured, generated numbers come only from blocks leased from central;
  // this store leased them before the outage (as the sync client does when it first reaches central).
  const lease = (kind: 'card' | 'voucher', key: string) =>
    f.ctx.store.db.tx(() => f.ctx.store.numberBlocks.add({ id: `blk-${kind}-${key}`, kind, key, from: 1, to: 100 }, '2026-11-22T09:00:00Z'));
  beforeEach(() => {
    f = engineFixture(testConfig(OFFLINE));
    lease('card', 'loyalty');
    outage = 'outage-1';
    f.ctx.connectivity = { outage: () => outage };
  });
  afterEach(() => f.close());

  const pay = (card: string, amount: number, no: string) =>
    closeReceipt(f.ctx, {
      tillId: 't1',
      receiptNo: no,
      at: '2026-11-22T10:00:00Z',
      card,
      lines: [{ sku: 'X', qty: 1, unitPrice: amount }],
      payments: [{ method: 'card', amount }],
    });

  it('SYNC-5: per card, money spent offline is capped by offline.cardSpendCap.money (409 naming the cap); top-ups are always accepted', () => {
    const c = aPerson(f.ctx);
    const card = createCard(f.ctx, c.id, { type: 'credit' });
    topUp(f.ctx, card.number, { amount: 20_000 });
    pay(card.number, 6000, 'r1');
    expect(offlineLimit(() => pay(card.number, 2500, 'r2'))).toBe('offline.cardSpendCap.money');
    pay(card.number, 2000, 'r3'); // exactly up to the cap
    expect(topUp(f.ctx, card.number, { amount: 5000 }).balances.money).toBe(20_000 - 8000 + 5000);
    expect(f.ctx.store.ledger.balance(card.number, 'money')).toBe(17_000);
  });

  it('SYNC-5: the store total is capped by offline.storeBudget across cards; a new outage starts afresh; online nothing is capped', () => {
    const c = aPerson(f.ctx);
    const a = createCard(f.ctx, c.id, { type: 'credit' });
    const b = createCard(f.ctx, c.id, { type: 'credit' });
    topUp(f.ctx, a.number, { amount: 20_000 });
    topUp(f.ctx, b.number, { amount: 20_000 });
    pay(a.number, 7000, 'r1');
    expect(offlineLimit(() => pay(b.number, 6000, 'r2'))).toBe('offline.storeBudget');
    pay(b.number, 5000, 'r3');
    outage = null;
    pay(b.number, 9000, 'r4');
    outage = 'outage-2';
    pay(a.number, 8000, 'r5');
  });

  it('SYNC-5: visits and bonus are capped per card; earning bonus offline is always accepted', () => {
    const c = aPerson(f.ctx);
    const service = createCard(f.ctx, c.id, { type: 'service' });
    topUp(f.ctx, service.number, { visits: 10 });
    useVisit(f.ctx, service.number);
    useVisit(f.ctx, service.number);
    expect(offlineLimit(() => useVisit(f.ctx, service.number))).toBe('offline.cardSpendCap.visits');
    expect(f.ctx.store.ledger.balance(service.number, 'visits')).toBe(8);
    const bonus = createCard(f.ctx, c.id, { type: 'bonus' });
    f.ctx.store.db.tx(() =>
      f.ctx.store.ledger.append({
        type: 'card.topup',
        at: '2026-11-22T10:00:00Z',
        entries: [{ kind: 'bonus_earn', asset: 'bonus', cardNumber: bonus.number, delta: 1000 }],
      }),
    );
    expect(
      offlineLimit(() =>
        closeReceipt(f.ctx, {
          tillId: 't1',
          receiptNo: 'b1',
          at: '2026-11-22T10:00:00Z',
          card: bonus.number,
          lines: [{ sku: 'X', qty: 1, unitPrice: 500 }],
          payments: [{ method: 'bonus', amount: 500 }],
        }),
      ),
    ).toBe('offline.cardSpendCap.bonus');
    const earn = closeReceipt(f.ctx, {
      tillId: 't1',
      receiptNo: 'b2',
      at: '2026-11-22T10:00:00Z',
      card: bonus.number,
      lines: [{ sku: 'X', qty: 1, unitPrice: 500 }],
      payments: [{ method: 'cash', amount: 500 }],
    });
    expect(earn.receiptId).toBeTruthy();
  });

  it('SYNC-5: account charges count against the card money cap of the customer and the store budget', () => {
    const c = aPerson(f.ctx, { creditLimit: 50_000, email: 'credit@example.ee' }); // CARD-15: a credit limit needs an e-mail
    chargeAccount(f.ctx, { customerId: c.id, amount: 8000, docType: 'test', docId: 'd1' });
    expect(offlineLimit(() => chargeAccount(f.ctx, { customerId: c.id, amount: 1, docType: 'test', docId: 'd2' }))).toBe('offline.cardSpendCap.money');
  });

  it('SYNC-5: with offline.vouchers deny, a voucher cannot be redeemed offline; online it can', () => {
    const range = createRange(f.ctx, { code: 'S', digits: 6, from: 500, to: 999_999, random: false, checkDigit: false });
    lease('voucher', range.id);
    const [v] = issueVouchers(f.ctx, { id: 'p', name: 'P', voucher: { value: 100, validDays: 10, rangeId: range.id } }, 1, { source: 'manual' });
    expect(offlineLimit(() => redeemVoucher(f.ctx, v!.code, null))).toBe('offline.vouchers');
    outage = null;
    expect(redeemVoucher(f.ctx, v!.code, null).status).toBe('redeemed');
  });
});
