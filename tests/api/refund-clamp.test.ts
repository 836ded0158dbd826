import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';

type J = Record<string, unknown>;
const AT = '2026-11-23T08:15:00Z';

/** Issue 9 item 7: a refund takes back only what its receipt earned and the card still holds. */
describe('API: refunds never remove what the receipt did not earn', () => {
  let f: ApiFixture;
  let customerId: string;
  let n = 0;

  async function card(body: J): Promise<string> {
    return (await f.json<{ number: string }>('POST', `/v1/customers/${customerId}/cards`, { body })).body.number;
  }
  function receipt(body: J) {
    n++;
    return f.json<{ receiptId: string } & J>('POST', '/v1/receipts', {
      body: { tillId: 't1', receiptNo: `r${n}`, at: AT, ...body },
      headers: { 'idempotency-key': `k-${n}` },
    });
  }
  function refund(receiptId: string, body: J = {}) {
    n++;
    return f.json<J>('POST', `/v1/receipts/${receiptId}/refunds`, { body, headers: { 'idempotency-key': `k-${n}` } });
  }

  beforeEach(async () => {
    f = apiFixture();
    f.clock.set(AT);
    await f.json('PUT', '/v1/admin/discounts/d10', { body: { name: 'Ten', percent: 1000, covers: { all: true } } });
    await f.json('PUT', '/v1/admin/stamp-programs/coffee6', { body: { name: 'Every 6th coffee', covers: { groups: ['coffee'] }, threshold: 6 } });
    customerId = (
      await f.json<{ id: string }>('POST', '/v1/customers', { body: { kind: 'person', firstName: 'Mari', lastName: 'Tamm', phone: '+372 5555 0001' } })
    ).body.id;
  });
  afterEach(() => f.close());

  it('CARD-3: refunding coffees whose stamps were already turned into a free coffee leaves the stamp program at 0, not below', async () => {
    const c = await card({ type: 'stamp', stampPrograms: ['coffee6'] });
    const coffee = (qty: number) => ({
      card: c,
      lines: [{ sku: 'COFFEE', group: 'coffee', qty, unitPrice: 300 }],
      payments: [{ method: 'cash', amount: 300 * qty }],
    });
    const first = await receipt(coffee(5));
    expect(first.status).toBe(201);
    expect(f.ctx.store.ledger.balance(c, 'stamps', 'coffee6')).toBe(5);
    const free = await receipt({ card: c, lines: [{ sku: 'COFFEE', group: 'coffee', qty: 1, unitPrice: 300 }], payments: [] });
    expect(free.status).toBe(201);
    expect(f.ctx.store.ledger.balance(c, 'stamps', 'coffee6')).toBe(0);
    expect((await refund(first.body.receiptId, { lines: [{ index: 0, qty: 1 }] })).status).toBe(201);
    expect(f.ctx.store.ledger.balance(c, 'stamps', 'coffee6')).toBe(0);
    expect((await refund(first.body.receiptId)).status).toBe(201);
    expect(f.ctx.store.ledger.balance(c, 'stamps', 'coffee6')).toBe(0);
    expect(f.ctx.store.ledger.cacheMismatches()).toEqual([]);
  });

  it('CARD-3: a refund takes back only the stamps its receipt earned that still remain', async () => {
    const c = await card({ type: 'stamp', stampPrograms: ['coffee6'] });
    const coffee = (qty: number) => ({
      card: c,
      lines: [{ sku: 'COFFEE', group: 'coffee', qty, unitPrice: 300 }],
      payments: [{ method: 'cash', amount: 300 * qty }],
    });
    await receipt(coffee(2));
    const second = await receipt(coffee(2));
    expect(f.ctx.store.ledger.balance(c, 'stamps', 'coffee6')).toBe(4);
    expect((await refund(second.body.receiptId)).status).toBe(201);
    expect(f.ctx.store.ledger.balance(c, 'stamps', 'coffee6')).toBe(2);
  });

  it('CARD-3: refunding a bonus-earning receipt after its bonus was spent leaves the bonus at 0, not negative', async () => {
    const c = await card({ type: 'bonus', discounts: [{ discountId: 'd10' }] });
    const earn = await receipt({ card: c, lines: [{ sku: 'A', qty: 1, unitPrice: 10_000 }], payments: [{ method: 'cash', amount: 10_000 }] });
    expect(earn.body).toMatchObject({ bonusEarned: 1000 });
    const spend = await receipt({ card: c, lines: [{ sku: 'B', qty: 1, unitPrice: 1000 }], payments: [{ method: 'bonus', amount: 1000 }] });
    expect(spend.status).toBe(201);
    expect(f.ctx.store.ledger.balance(c, 'bonus')).toBe(0);
    const r = await refund(earn.body.receiptId);
    expect(r).toMatchObject({ status: 201, body: { bonusReversed: 0 } });
    expect(f.ctx.store.ledger.balance(c, 'bonus')).toBe(0);
    expect(f.ctx.store.ledger.cacheMismatches()).toEqual([]);
  });

  it('CARD-11: a refund after a balance reset does not drive the reset balance negative', async () => {
    const c = await card({ type: 'bonus', discounts: [{ discountId: 'd10' }] });
    const earn = await receipt({ card: c, lines: [{ sku: 'A', qty: 1, unitPrice: 10_000 }], payments: [{ method: 'cash', amount: 10_000 }] });
    expect(
      (await f.json('POST', '/v1/admin/balance-resets', { body: { type: 'bonus', asOf: '2026-11-23' }, headers: { 'idempotency-key': 'reset' } })).status,
    ).toBe(201);
    expect(f.ctx.store.ledger.balance(c, 'bonus')).toBe(0);
    expect((await refund(earn.body.receiptId)).status).toBe(201);
    expect(f.ctx.store.ledger.balance(c, 'bonus')).toBe(0);
  });
});
