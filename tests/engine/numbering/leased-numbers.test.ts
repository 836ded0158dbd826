import { afterEach, describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../../../src/common/check-digits.js';
import { isAppError } from '../../../src/common/errors.js';
import { createCard } from '../../../src/engine/cards/cards.js';
import type { Privilege } from '../../../src/engine/model/types.js';
import { voucherCodeAt, type VoucherRange } from '../../../src/engine/model/voucher-numbering.js';
import { numberBlocksNeeded } from '../../../src/engine/numbering/leased-numbers.js';
import { closeReceipt } from '../../../src/engine/receipts/receipts.js';
import { createRange } from '../../../src/engine/vouchers/voucher-ranges.js';
import { issueVouchers } from '../../../src/engine/vouchers/vouchers.js';
import { apiFixture } from '../../helpers/api-fixture.js';
import { engineFixture, testConfig, type EngineFixture } from '../../helpers/engine-fixture.js';
import { aPerson } from '../../helpers/factories.js';

const CHAIN = 'central: { url: "http://127.0.0.1:9/", token: "store-token-0123456789" }\n';
const RANGE: VoucherRange = {
  id: 'gift-range',
  code: 'GIFT',
  description: '',
  digits: 7,
  from: 0,
  to: 99_999,
  random: true,
  checkDigit: true,
  checkScheme: 'luhn',
  active: true,
  key: 12345,
};
const GIFT: Privilege = { id: 'gift', name: 'Gift', voucher: { value: 500, validDays: 30, rangeId: RANGE.id } };

/** A store of a chain: central configured, the chain's voucher range as central hands it down. */
function chainStore(): EngineFixture {
  const f = engineFixture(testConfig(CHAIN));
  f.ctx.store.db.tx(() => f.ctx.store.vouchers.insertRange(RANGE, '2026-01-01T00:00:00Z'));
  return f;
}

function block(f: EngineFixture, id: string, kind: 'card' | 'voucher', key: string, from: number, to: number): boolean {
  return f.ctx.store.db.tx(() => f.ctx.store.numberBlocks.add({ id, kind, key, from, to }, '2026-11-22T10:00:00Z'));
}

function errorCode(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return isAppError(e) ? `${e.status} ${e.code}` : String(e);
  }
}

describe('SYNC-6: chain-unique card and voucher numbers from blocks leased from central', () => {
  const open: EngineFixture[] = [];
  afterEach(() => open.splice(0).forEach((f) => f.close()));

  it('SYNC-6: two stores with disjoint blocks never issue the same card number or voucher code', () => {
    const [a, b] = [chainStore(), chainStore()];
    open.push(a, b);
    block(a, 'a1', 'card', 'loyalty', 1, 20);
    block(b, 'b1', 'card', 'loyalty', 21, 40);
    block(a, 'a2', 'voucher', RANGE.id, 0, 99);
    block(b, 'b2', 'voucher', RANGE.id, 100, 199);
    const ca = aPerson(a.ctx).id;
    const cb = aPerson(b.ctx).id;
    const cards = [
      ...Array.from({ length: 15 }, () => createCard(a.ctx, ca, {}).number),
      ...Array.from({ length: 15 }, () => createCard(b.ctx, cb, {}).number),
    ];
    expect(new Set(cards).size).toBe(30);
    expect(cards[0]).toBe('6009000000000016'); // serial 1 of scheme loyalty, Luhn digit
    expect(cards[15]).toBe('6009000000000214'); // serial 21: store B's block
    const codes = [...issueVouchers(a.ctx, GIFT, 80, { source: 'manual' }), ...issueVouchers(b.ctx, GIFT, 80, { source: 'manual' })].map((v) => v.code);
    expect(new Set(codes).size).toBe(160);
  });

  it('SYNC-6: with no serials left the store answers 503 number_block_empty and writes nothing; a new block lets it go on', () => {
    const f = chainStore();
    open.push(f);
    const c = aPerson(f.ctx).id;
    const seq = () => (f.ctx.store.db.prepare('SELECT COALESCE(MAX(store_seq), 0) AS s FROM outbox').get() as { s: number }).s;
    const before = seq();
    expect(errorCode(() => createCard(f.ctx, c, {}))).toBe('503 number_block_empty');
    expect(errorCode(() => issueVouchers(f.ctx, GIFT, 1, { source: 'manual' }))).toBe('503 number_block_empty');
    expect(seq()).toBe(before);
    block(f, 'v1', 'voucher', RANGE.id, 0, 4);
    expect(errorCode(() => issueVouchers(f.ctx, GIFT, 6, { source: 'manual' }))).toBe('503 number_block_empty'); // all or nothing
    expect(issueVouchers(f.ctx, GIFT, 5, { source: 'manual' })).toHaveLength(5);
    expect(f.ctx.store.numberBlocks.remaining('voucher', RANGE.id)).toBe(0);
    block(f, 'c1', 'card', 'loyalty', 500, 500);
    expect(createCard(f.ctx, c, {}).number).toBe(`600900000000500${luhnCheckDigit('600900000000500')}`);
    expect(errorCode(() => createCard(f.ctx, c, {}))).toBe('503 number_block_empty');
  });

  it('SYNC-6: the till sees the 503 as problem+json with the stable code', async () => {
    const f = apiFixture(testConfig(CHAIN));
    open.push(f);
    const c = aPerson(f.ctx).id;
    const r = await f.json<{ code: string; status: number }>('POST', `/v1/customers/${c}/cards`, { body: { type: 'discount' } });
    expect(r.status).toBe(503);
    expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(r.body.code).toBe('number_block_empty');
  });

  it('SYNC-6: the engine asks for a new block when fewer than half are left; adding a block twice changes nothing', () => {
    const f = chainStore();
    open.push(f);
    let signals = 0;
    f.ctx.onNumberBlocksNeeded = () => signals++;
    expect(numberBlocksNeeded(f.ctx)).toEqual([
      { kind: 'card', key: 'loyalty' },
      { kind: 'voucher', key: RANGE.id },
    ]);
    expect(block(f, 'c1', 'card', 'loyalty', 1, 10)).toBe(true);
    expect(block(f, 'c1', 'card', 'loyalty', 1, 10)).toBe(false);
    const c = aPerson(f.ctx).id;
    for (let i = 0; i < 5; i++) createCard(f.ctx, c, {});
    expect(signals).toBe(0); // 5 of 10 left: not yet
    expect(numberBlocksNeeded(f.ctx)).toEqual([{ kind: 'voucher', key: RANGE.id }]);
    createCard(f.ctx, c, {});
    expect(signals).toBe(1);
    expect(numberBlocksNeeded(f.ctx)).toEqual([
      { kind: 'card', key: 'loyalty' },
      { kind: 'voucher', key: RANGE.id },
    ]);
    block(f, 'c2', 'card', 'loyalty', 11, 20);
    expect(numberBlocksNeeded(f.ctx)).toEqual([{ kind: 'voucher', key: RANGE.id }]);
    // the old block is used up first, then the new one
    expect(Array.from({ length: 5 }, () => createCard(f.ctx, c, {}).number.slice(4, 15))).toEqual([
      '00000000007',
      '00000000008',
      '00000000009',
      '00000000010',
      '00000000011',
    ]);
  });

  it('SYNC-6/SYNC-3: a voucher range pulled from central is the same range at every store (key included), so leased indices give chain-unique codes', () => {
    const [a, b] = [engineFixture(testConfig(CHAIN)), engineFixture(testConfig(CHAIN))];
    open.push(a, b);
    const { id, ...body } = { ...RANGE, id: 'chain-range' };
    for (const s of [a, b]) {
      expect(s.ctx.store.db.tx(() => s.ctx.store.pulled.applyPulledMasterData('voucher-ranges', id, 1, body))).toBe(true);
      expect(s.ctx.store.db.tx(() => s.ctx.store.pulled.applyPulledMasterData('voucher-ranges', id, 1, body))).toBe(false);
      expect(s.ctx.store.vouchers.range(id)).toEqual({ ...RANGE, id });
    }
    block(a, 'a', 'voucher', id, 0, 499);
    block(b, 'b', 'voucher', id, 500, 999);
    const gift = { ...GIFT, voucher: { ...GIFT.voucher, rangeId: id } };
    const codes = [...issueVouchers(a.ctx, gift, 500, { source: 'manual' }), ...issueVouchers(b.ctx, gift, 500, { source: 'manual' })].map((v) => v.code);
    expect(new Set(codes).size).toBe(1000);
    // a tombstone deactivates the range; a body that is not a valid range is skipped
    expect(a.ctx.store.db.tx(() => a.ctx.store.pulled.applyPulledMasterData('voucher-ranges', id, 2, null))).toBe(true);
    expect(a.ctx.store.vouchers.range(id)?.active).toBe(false);
    expect(a.ctx.store.db.tx(() => a.ctx.store.pulled.applyPulledMasterData('voucher-ranges', 'bad', 1, { ...body, to: -1 }))).toBe(false);
    expect(a.ctx.store.vouchers.range('bad')).toBeNull();
  });

  it('SYNC-6, VOUCH-5: at a store of a chain a redemption voucher with no leased serials left is skipped (number_block_empty), the sale closes; a code entered by hand is skipped by leased draws', () => {
    const f = chainStore();
    open.push(f);
    block(f, 'c1', 'card', 'loyalty', 1, 10);
    const { master, db } = f.ctx.store;
    db.tx(() => {
      master.put('privileges', GIFT.id, { name: GIFT.name, pointsCost: 100, voucher: GIFT.voucher }, '2026-01-01T00:00:00Z');
      master.put('redemption-rules', 'r1', { privilegeId: GIFT.id, pointsAtLeast: 100 }, '2026-01-01T00:00:00Z');
      master.put('discounts', 'd10', { name: 'Ten', percent: 1000, covers: { all: true } }, '2026-01-01T00:00:00Z');
    });
    const card = createCard(f.ctx, aPerson(f.ctx).id, { type: 'bonus', discounts: [{ discountId: 'd10' }] });
    let no = 0;
    const sale = () =>
      closeReceipt(f.ctx, {
        tillId: 't1',
        receiptNo: String(++no),
        at: '2026-11-22T12:00:00+02:00',
        card: card.number,
        lines: [{ sku: 'A', group: 'g', qty: 1, unitPrice: 1000 }],
        payments: [{ method: 'cash', amount: 1000 }],
      });
    const r = sale();
    expect(r.vouchersIssued).toEqual([]);
    expect(r.vouchersSkipped).toMatchObject([{ ruleId: 'r1', privilegeId: GIFT.id, code: 'number_block_empty' }]);
    expect(f.ctx.store.ledger.balance(card.number, 'bonus')).toBe(100); // the points stay on the card
    block(f, 'v1', 'voucher', RANGE.id, 0, 1);
    const range = f.ctx.store.vouchers.range(RANGE.id);
    if (!range) throw new Error('range missing');
    const first = f.ctx.store.db.tx(() =>
      issueVouchers(f.ctx, { ...GIFT, id: 'by-hand', voucher: { value: 500, validDays: 30 } }, 1, { source: 'manual', code: voucherCodeAt(range, 0) }),
    );
    expect(first).toHaveLength(1);
    const next = sale(); // 200 points: one voucher from the block's last serial, then the block is used up
    expect(next.vouchersIssued.map((v) => v.code)).toEqual([voucherCodeAt(range, 1)]); // index 0 was taken by hand
    expect(next.vouchersSkipped).toMatchObject([{ code: 'number_block_empty' }]);
    expect(f.ctx.store.ledger.balance(card.number, 'bonus')).toBe(100);
  });

  it('SYNC-6: a standalone store keeps its own counter and ranges; leased blocks are not used', () => {
    const f = engineFixture();
    open.push(f);
    block(f, 'x', 'card', 'loyalty', 900, 999);
    const c = aPerson(f.ctx).id;
    expect([createCard(f.ctx, c, {}).number, createCard(f.ctx, c, {}).number]).toEqual(['6009000000000016', '6009000000000024']);
    const range = createRange(f.ctx, { code: 'S', digits: 6, from: 500, to: 999, random: false, checkDigit: false });
    expect(issueVouchers(f.ctx, { ...GIFT, voucher: { ...GIFT.voucher, rangeId: range.id } }, 2, { source: 'manual' }).map((v) => v.code)).toEqual([
      '000500',
      '000501',
    ]);
    expect(numberBlocksNeeded(f.ctx)).toEqual([]);
  });
});
