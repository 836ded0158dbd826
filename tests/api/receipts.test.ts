import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';

const person = { kind: 'person', firstName: 'Mari', lastName: 'Tamm', phone: '+372 5555 0001', birthDate: '1990-03-15' };
type J = Record<string, unknown>;

describe('API: baskets, receipts and refunds (issue 3)', () => {
  let f: ApiFixture;
  let customerId: string;
  let n = 0;
  const key = () => `k-${++n}`;

  async function card(body: J): Promise<string> {
    return (await f.json<{ number: string }>('POST', `/v1/customers/${customerId}/cards`, { body })).body.number;
  }
  async function receipt(body: J, k = key()) {
    return f.json<J>('POST', '/v1/receipts', {
      body: { tillId: 't1', receiptNo: `r${n}`, at: '2026-11-23T10:15:00+02:00', ...body },
      headers: { 'idempotency-key': k },
    });
  }

  beforeEach(async () => {
    f = apiFixture();
    f.clock.set('2026-11-23T08:15:00Z');
    for (const [id, body] of Object.entries({
      d10: { name: 'Ten', percent: 1000, covers: { all: true } },
      pizza20: { name: 'Pizza 20', percent: 2000, covers: { groups: ['pizza'] } },
      t5: { name: 'Tier 5', percent: 500, covers: { all: true } },
      t10: { name: 'Tier 10', percent: 1000, covers: { all: true } },
    }))
      await f.json('PUT', `/v1/admin/discounts/${id}`, { body });
    await f.json('PUT', '/v1/admin/stamp-programs/pizza6', { body: { name: 'Every 6th pizza', covers: { groups: ['pizza'] }, threshold: 6 } });
    customerId = (await f.json<{ id: string }>('POST', '/v1/customers', { body: person })).body.id;
  });
  afterEach(() => f.close());

  it('CARD-5: evaluate writes nothing and falls back to the second discount when the first does not cover the product', async () => {
    const c = await card({ discounts: [{ discountId: 'pizza20' }, { discountId: 'd10' }] });
    const outboxBefore = (f.ctx.store.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n; // customer and card created
    const r = await f.json<{ lines: J[]; totals: J }>('POST', '/v1/baskets/evaluate', {
      body: {
        card: c,
        at: '2026-11-23T10:15:00+02:00',
        lines: [
          { sku: 'PIZZA-M', group: 'pizza', qty: 2, unitPrice: 899 },
          { sku: 'COLA', group: 'drinks', qty: 1, unitPrice: 250 },
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.lines[0]).toMatchObject({ gross: 1798, discount: 360, net: 1438, applied: { discountId: 'pizza20' } });
    expect(r.body.lines[1]).toMatchObject({
      gross: 250,
      discount: 25,
      net: 225,
      applied: { discountId: 'd10' },
      reason: { skipped: [{ discountId: 'pizza20', code: 'not_covered' }] },
    });
    expect(r.body.totals).toEqual({ gross: 2048, discount: 385, net: 1663 });
    expect(f.ctx.store.db.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toMatchObject({ n: outboxBefore });
  });

  it('CUST-8: closing a receipt re-evaluates (ignores what the till thinks), records turnover and is exactly-once per key', async () => {
    const c = await card({ discounts: [{ discountId: 'd10' }] });
    const k = key();
    const body = { card: c, lines: [{ sku: 'A', qty: 1, unitPrice: 1000 }], payments: [{ method: 'cash', amount: 900 }] };
    const first = await receipt(body, k);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ totals: { gross: 1000, discount: 100, net: 900 }, receiptId: expect.any(String) });
    const again = await receipt(body, k);
    expect(again.body).toEqual(first.body);
    expect(f.ctx.store.ledger.balance(customerId, 'turnover')).toBe(900);
    expect(f.ctx.store.db.prepare('SELECT COUNT(*) AS n FROM receipts').get()).toMatchObject({ n: 1 });
  });

  it('CARD-4/CARD-5: outside the card weekday window the receipt skips the primary, applies the second and still records turnover', async () => {
    // 2026-11-23 is a Monday; the card is valid Tuesday to Friday only.
    const c = await card({ validity: { weekdays: [2, 3, 4, 5] }, discounts: [{ discountId: 'pizza20' }, { discountId: 'd10' }] });
    const r = await receipt({ card: c, lines: [{ sku: 'PIZZA-M', group: 'pizza', qty: 1, unitPrice: 1000 }], payments: [{ method: 'cash', amount: 900 }] });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ totals: { gross: 1000, discount: 100, net: 900 } });
    expect(f.ctx.store.db.prepare('SELECT discount_id FROM receipt_lines').all()).toEqual([{ discount_id: 'd10' }]);
    expect(f.ctx.store.ledger.balance(customerId, 'turnover')).toBe(900);
    // The same basket evaluated at that moment says why the primary was skipped.
    const ev = await f.json<{ lines: J[] }>('POST', '/v1/baskets/evaluate', {
      body: { card: c, at: '2026-11-23T10:15:00+02:00', lines: [{ sku: 'PIZZA-M', group: 'pizza', qty: 1, unitPrice: 1000 }] },
    });
    expect(ev.body.lines[0]).toMatchObject({ applied: { discountId: 'd10' }, reason: { skipped: [{ discountId: 'pizza20', code: 'card_validity' }] } });
  });

  it('payments that do not add up, unknown methods and negative quantities are 4xx and write nothing', async () => {
    const c = await card({});
    expect((await receipt({ card: c, lines: [{ sku: 'A', qty: 1, unitPrice: 1000 }], payments: [{ method: 'cash', amount: 500 }] })).body).toMatchObject({
      status: 422,
      code: 'payments_do_not_match',
      due: 1000,
    });
    expect((await receipt({ card: c, lines: [{ sku: 'A', qty: 1, unitPrice: 1000 }], payments: [{ method: 'iou', amount: 1000 }] })).body).toMatchObject({
      status: 400,
      errors: [{ path: 'payments.0.method' }],
    });
    expect((await receipt({ card: c, lines: [{ sku: 'A', qty: -1, unitPrice: 1000 }], payments: [] })).body).toMatchObject({
      status: 400,
      errors: [{ path: 'lines.0.qty' }],
    });
    expect(f.ctx.store.db.prepare('SELECT COUNT(*) AS n FROM receipts').get()).toMatchObject({ n: 0 });
  });

  it('the same till receipt number closed again under a new key is refused, not counted twice', async () => {
    const body = { receiptNo: 'same', lines: [{ sku: 'A', qty: 1, unitPrice: 100 }], payments: [{ method: 'cash', amount: 100 }] };
    expect((await receipt(body)).status).toBe(201);
    const dup = await receipt(body);
    expect(dup.body).toMatchObject({ status: 409, code: 'receipt_already_closed', receiptId: expect.any(String) });
  });

  it('CARD-3 credit: the discount applies only when paying with the card; limits give insufficient_balance', async () => {
    const c = await card({ type: 'credit', discounts: [{ discountId: 'd10' }] });
    await f.json('POST', `/v1/cards/${c}/topups`, { body: { amount: 1000 }, headers: { 'idempotency-key': key() } });
    const cash = await receipt({ card: c, lines: [{ sku: 'A', qty: 1, unitPrice: 1000 }], payments: [{ method: 'cash', amount: 1000 }] });
    expect(cash.body).toMatchObject({ totals: { discount: 0, net: 1000 } });
    const byCard = await receipt({ card: c, lines: [{ sku: 'A', qty: 1, unitPrice: 1000 }], payments: [{ method: 'card', amount: 900 }] });
    expect(byCard.body).toMatchObject({ totals: { discount: 100, net: 900 }, balances: { money: 100 } });
    const tooMuch = await receipt({ card: c, lines: [{ sku: 'A', qty: 1, unitPrice: 1000 }], payments: [{ method: 'card', amount: 900 }] });
    expect(tooMuch.body).toMatchObject({ status: 422, code: 'insufficient_balance' });
    const split = await receipt({
      card: c,
      lines: [{ sku: 'A', qty: 1, unitPrice: 1000 }],
      payments: [
        { method: 'card', amount: 100 },
        { method: 'cash', amount: 800 },
      ],
    });
    expect(split.body).toMatchObject({ balances: { money: 0 } });
    expect(f.ctx.store.ledger.cacheMismatches()).toEqual([]);
  });

  it('CARD-3 bonus: the discount is credited as bonus; a bonus covering the bill pays it as a 100 % discount', async () => {
    const c = await card({ type: 'bonus', discounts: [{ discountId: 'd10' }] });
    const earn = await receipt({ card: c, lines: [{ sku: 'A', qty: 1, unitPrice: 5000 }], payments: [{ method: 'cash', amount: 5000 }] });
    expect(earn.body).toMatchObject({ totals: { discount: 0, net: 5000 }, bonusEarned: 500, balances: { bonus: 500 } });
    const ev = await f.json<{ lines: J[]; payment: J }>('POST', '/v1/baskets/evaluate', {
      body: { card: c, lines: [{ sku: 'B', qty: 1, unitPrice: 400 }], payWithCard: true },
    });
    expect(ev.body.payment).toMatchObject({ bonusCoversTotal: true, due: 0 });
    expect(ev.body.lines[0]).toMatchObject({ discount: 400, net: 0, applied: { percent: 10000 } });
    const paid = await receipt({ card: c, lines: [{ sku: 'B', qty: 1, unitPrice: 400 }], payments: [{ method: 'bonus', amount: 400 }] });
    expect(paid.body).toMatchObject({ totals: { net: 0 }, bonusEarned: 0, balances: { bonus: 100 } });
  });

  it('CARD-3 stamp: the 6th pizza is free and the count restarts; balances.stamps is the card-lookup list', async () => {
    const c = await card({ type: 'stamp' });
    const pizza = (qty: number) => ({ card: c, lines: [{ sku: 'PIZZA-M', group: 'pizza', qty, unitPrice: 899 }] });
    expect((await receipt({ ...pizza(5), payments: [{ method: 'cash', amount: 5 * 899 }] })).body).toMatchObject({
      balances: { stamps: [{ programId: 'pizza6', count: 5, threshold: 6 }] },
    });
    const sixth = await receipt({ ...pizza(1), payments: [] });
    expect(sixth.body).toMatchObject({
      totals: { gross: 899, discount: 899, net: 0 },
      balances: { stamps: [{ programId: 'pizza6', count: 0, threshold: 6 }] },
    });
  });

  it('CARD-10 online tiers: a receipt crossing a threshold sets the tier; the next sale gets the tier discount (CARD-14)', async () => {
    await f.json('PUT', '/v1/admin/tiers', {
      body: {
        mode: 'online',
        levels: [
          { turnover: 1000, discountId: 't5' },
          { turnover: 3000, discountId: 't10' },
        ],
      },
    });
    const c = await card({ discounts: [] });
    const r = await receipt({ card: c, lines: [{ sku: 'A', qty: 1, unitPrice: 1200 }], payments: [{ method: 'cash', amount: 1200 }] });
    expect(r.body).toMatchObject({ tier: 0 });
    expect(f.ctx.store.cards.get(c)?.discounts).toEqual([]);
    const next = await receipt({ card: c, lines: [{ sku: 'A', qty: 1, unitPrice: 1000 }], payments: [{ method: 'cash', amount: 950 }] });
    expect(next.body).toMatchObject({ totals: { discount: 50 } });
  });

  it('refunds reverse turnover, bonus and card payments; never more than sold', async () => {
    const c = await card({ type: 'credit', discounts: [{ discountId: 'd10' }] });
    await f.json('POST', `/v1/cards/${c}/topups`, { body: { amount: 5000 }, headers: { 'idempotency-key': key() } });
    const r = await receipt({ card: c, lines: [{ sku: 'A', qty: 3, unitPrice: 1000 }], payments: [{ method: 'card', amount: 2700 }] });
    const id = (r.body as { receiptId: string }).receiptId;
    const part = await f.json<J>('POST', `/v1/receipts/${id}/refunds`, { body: { lines: [{ index: 0, qty: 1 }] }, headers: { 'idempotency-key': key() } });
    expect(part.body).toMatchObject({ totals: { net: 900 }, cardRefund: 900, balances: { money: 3200 } });
    const over = await f.json<J>('POST', `/v1/receipts/${id}/refunds`, { body: { lines: [{ index: 0, qty: 3 }] }, headers: { 'idempotency-key': key() } });
    expect(over.body).toMatchObject({ status: 422, code: 'refund_exceeds_sale', errors: [{ path: 'lines.0.qty' }] });
    const rest = await f.json<J>('POST', `/v1/receipts/${id}/refunds`, { body: {}, headers: { 'idempotency-key': key() } });
    expect(rest.body).toMatchObject({ totals: { net: 1800 }, balances: { money: 5000 } });
    expect(f.ctx.store.ledger.balance(customerId, 'turnover')).toBe(0);
    expect(f.ctx.store.ledger.cacheMismatches()).toEqual([]);
  });
});
