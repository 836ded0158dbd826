import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';

type J = Record<string, unknown>;

describe('API: reports are right (issue 12 item 6)', () => {
  let f: ApiFixture;
  let k = 0;
  const key = () => ({ 'idempotency-key': `rr-${++k}` });
  let customerId: string;

  beforeEach(async () => {
    f = apiFixture();
    f.clock.set('2026-11-10T08:00:00Z');
    await f.json('PUT', '/v1/admin/discounts/d10', { body: { name: 'Ten', percent: 1000, covers: { all: true } } });
    await f.json('PUT', '/v1/admin/stamp-programs/pizza2', { body: { name: 'Every 2nd pizza', covers: { groups: ['pizza'] }, threshold: 2 } });
    customerId = (await f.json<{ id: string }>('POST', '/v1/customers', { body: { kind: 'person', firstName: 'A', lastName: 'B', phone: '+372 5000 0003' } }))
      .body.id;
  });
  afterEach(() => f.close());

  const card = async (body: J) => (await f.json<{ number: string }>('POST', `/v1/customers/${customerId}/cards`, { body })).body.number;
  async function sale(c: string, lines: J[], payments?: J[]) {
    const ev = await f.json<{ totals: { net: number } }>('POST', '/v1/baskets/evaluate', {
      body: { card: c, lines, payWithCard: payments?.[0]?.method === 'bonus' },
    });
    return f.json<J & { receiptId: string }>('POST', '/v1/receipts', {
      body: {
        tillId: 't',
        receiptNo: `n${++k}`,
        at: f.clock.now().toISOString(),
        card: c,
        lines,
        payments: payments ?? (ev.body.totals.net > 0 ? [{ method: 'cash', amount: ev.body.totals.net }] : []),
      },
      headers: key(),
    });
  }
  const report = async () => (await f.json<{ rows: J[] }>('GET', '/v1/admin/reports/discount-sales?from=2026-11-01&to=2026-11-30')).body.rows;

  it('CARD-12: discount sales subtract refunds', async () => {
    const c = await card({ discounts: [{ discountId: 'd10' }] });
    const r = await sale(c, [{ sku: 'A', qty: 2, unitPrice: 1000 }]);
    expect((await f.json('POST', `/v1/receipts/${r.body.receiptId}/refunds`, { body: { lines: [{ index: 0, qty: 1 }] }, headers: key() })).status).toBe(201);
    expect(await report()).toEqual([{ discountId: 'd10', name: 'Ten', lines: 1, units: 1, gross: 1000, discount: 100, net: 900, bonus: 0, refundedUnits: 1 }]);
  });

  it('CARD-12: discount sales include discounts given as bonus and free stamp rewards', async () => {
    const bonus = await card({ type: 'bonus', discounts: [{ discountId: 'd10' }] });
    expect((await sale(bonus, [{ sku: 'A', qty: 1, unitPrice: 1000 }])).body).toMatchObject({ bonusEarned: 100 });
    const stamp = await card({ type: 'stamp' });
    await sale(stamp, [{ sku: 'PIZZA', group: 'pizza', qty: 1, unitPrice: 800 }]);
    const second = await sale(stamp, [{ sku: 'PIZZA', group: 'pizza', qty: 1, unitPrice: 800 }]);
    expect(second.body).toMatchObject({ totals: { discount: 800 } });
    expect(await report()).toEqual([
      { discountId: '@stamp-reward', name: 'Free stamp rewards', lines: 1, units: 1, gross: 800, discount: 800, net: 0, bonus: 0, refundedUnits: 0 },
      { discountId: 'd10', name: 'Ten', lines: 1, units: 1, gross: 1000, discount: 0, net: 1000, bonus: 100, refundedUnits: 0 },
    ]);
  });

  it('CARD-12: paying with bonus reports as a -100 % discount row', async () => {
    const bonus = await card({ type: 'bonus', discounts: [{ discountId: 'd10' }] });
    await sale(bonus, [{ sku: 'A', qty: 1, unitPrice: 1000 }]);
    await sale(bonus, [{ sku: 'B', qty: 1, unitPrice: 80 }], [{ method: 'bonus', amount: 80 }]);
    expect((await report()).find((r) => r.discountId === '@bonus-payment')).toEqual({
      discountId: '@bonus-payment',
      name: 'Paid with bonus (-100 %)',
      lines: 1,
      units: 1,
      gross: 80,
      discount: 80,
      net: 0,
      bonus: 0,
      refundedUnits: 0,
    });
  });

  it('CARD-11: a backdated reset expires only the unused points of that date and never leaves a negative balance', async () => {
    const bonus = await card({ type: 'bonus', discounts: [{ discountId: 'd10' }] });
    await sale(bonus, [{ sku: 'A', qty: 1, unitPrice: 1000 }]); // 10 Nov: +100
    f.clock.set('2026-11-11T08:00:00Z');
    await sale(bonus, [{ sku: 'B', qty: 1, unitPrice: 80 }], [{ method: 'bonus', amount: 80 }]); // 11 Nov: -80
    const reset = await f.json<J>('POST', '/v1/admin/balance-resets', { body: { type: 'bonus', asOf: '2026-11-10' }, headers: key() });
    expect(reset.status).toBe(201);
    // 100 held at the end of 10 Nov, 80 of them used since: 20 unused expire; the balance is 0, not -80.
    expect((await f.json<{ balances: J }>('GET', `/v1/cards/${bonus}`)).body.balances).toMatchObject({ bonus: 0 });
    const usage = await f.json<{ rows: J[] }>('GET', '/v1/admin/reports/card-usage?from=2026-11-01&to=2026-11-30');
    expect(usage.body.rows).toEqual([expect.objectContaining({ cardNumber: bonus, opening: 0, credits: 100, debits: 100, closing: 0 })]);
  });
});
