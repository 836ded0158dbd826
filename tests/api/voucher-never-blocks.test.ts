import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';

type J = Record<string, unknown>;

describe('API: a voucher problem never blocks a sale (issue 12 item 4)', () => {
  let f: ApiFixture;
  let k = 0;
  const key = () => ({ 'idempotency-key': `vb-${++k}` });
  let small: string;
  let card: string;

  beforeEach(async () => {
    f = apiFixture();
    small = (await f.json<{ id: string }>('POST', '/v1/admin/voucher-ranges', { body: { code: 'SMALL', digits: 4, from: 10, to: 14 } })).body.id;
    await f.json('PUT', '/v1/admin/privileges/coffee', { body: { name: 'Coffee', pointsCost: 100, voucher: { value: 300, validDays: 7, rangeId: small } } });
    await f.json('PUT', '/v1/admin/discounts/b10', { body: { name: 'Bonus 10 %', percent: 1000, covers: { all: true } } });
    await f.json('PUT', '/v1/admin/redemption-rules/r100', { body: { privilegeId: 'coffee', pointsAtLeast: 100 } });
    const c = (await f.json<{ id: string }>('POST', '/v1/customers', { body: { kind: 'person', firstName: 'B', lastName: 'C', phone: '+372 5000 0005' } })).body
      .id;
    card = (await f.json<{ number: string }>('POST', `/v1/customers/${c}/cards`, { body: { type: 'bonus', discounts: [{ discountId: 'b10' }] } })).body.number;
  });
  afterEach(() => f.close());

  const sale = (price: number) =>
    f.json<J>('POST', '/v1/receipts', {
      body: {
        tillId: 't',
        receiptNo: `n${++k}`,
        at: '2026-11-22T12:00:00+02:00',
        card,
        lines: [{ sku: 'A', qty: 1, unitPrice: price }],
        payments: [{ method: 'cash', amount: price }],
      },
      headers: key(),
    });
  const issue = (body: J) => f.json<J>('POST', '/v1/vouchers', { body, headers: key() });

  it('VOUCH-5: an exhausted range behind a redemption rule: the receipt closes, the voucher is skipped with a reason and the back office gets an alert', async () => {
    for (let i = 0; i < 5; i++) expect((await issue({ privilegeId: 'coffee' })).status).toBe(201);
    expect((await issue({ privilegeId: 'coffee' })).body).toMatchObject({ code: 'voucher_range_exhausted' });
    const r = await sale(1000);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      bonusEarned: 100,
      vouchersIssued: [],
      vouchersSkipped: [{ ruleId: 'r100', privilegeId: 'coffee', code: 'voucher_range_exhausted', reason: expect.stringContaining('SMALL') }],
    });
    // The points were not spent: the customer keeps them for when the range is refilled.
    expect(r.body).toMatchObject({ balances: { bonus: 100 } });
    const alerts = await f.json<{ items: J[]; nextCursor: string | null }>('GET', '/v1/admin/alerts');
    expect(alerts.body).toMatchObject({
      items: [{ code: 'voucher_range_exhausted', data: { ruleId: 'r100', privilegeId: 'coffee', receiptId: r.body.receiptId } }],
      nextCursor: null,
    });
    expect(f.ctx.store.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE type = 'alert.raised'").get()).toMatchObject({ n: 1 });
    expect(JSON.stringify(alerts.body)).not.toContain(card);
    // Alerts page newest first with an opaque cursor.
    const again = await sale(1000);
    const p1 = await f.json<{ items: J[]; nextCursor: string }>('GET', '/v1/admin/alerts?limit=1');
    expect(p1.body.items).toMatchObject([{ data: { receiptId: again.body.receiptId } }]);
    const p2 = await f.json<{ items: J[]; nextCursor: string | null }>('GET', `/v1/admin/alerts?limit=1&cursor=${p1.body.nextCursor}`);
    expect(p2.body).toMatchObject({ items: [{ data: { receiptId: r.body.receiptId } }], nextCursor: null });
    expect((await f.json('GET', '/v1/admin/alerts?cursor=nonsense')).body).toMatchObject({ status: 400, errors: [{ path: 'cursor' }] });
  });

  it('VOUCH-5: an inactive range behind a redemption rule does not block the sale either', async () => {
    await f.json('PATCH', `/v1/admin/voucher-ranges/${small}`, { body: { active: false } });
    const r = await sale(1000);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ vouchersIssued: [], vouchersSkipped: [{ code: 'voucher_range_inactive' }] });
    await f.json('PATCH', `/v1/admin/voucher-ranges/${small}`, { body: { active: true } });
    expect((await sale(10)).body).toMatchObject({ vouchersIssued: [{ code: '0010' }], vouchersSkipped: [] });
  });

  it('VOUCH-2: a number entered by hand inside a range is skipped by later issues from that range (no 500)', async () => {
    await f.json('PUT', '/v1/admin/privileges/paper', { body: { name: 'Printed voucher', voucher: { value: 500, validDays: 30 } } });
    expect((await issue({ privilegeId: 'paper', code: '0011' })).status).toBe(201);
    expect((await issue({ privilegeId: 'paper', code: '0013' })).status).toBe(201);
    const codes: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const v = await issue({ privilegeId: 'coffee' });
      expect(v.status).toBe(201);
      codes.push(v.body.code);
    }
    expect(codes).toEqual(['0010', '0012', '0014']);
    expect((await issue({ privilegeId: 'coffee' })).body).toMatchObject({ status: 409, code: 'voucher_range_exhausted' });
  });

  it("VOUCH-6: a campaign without rangeId takes the privilege's range; a privilege without one is a 422 naming rangeId", async () => {
    const r = await f.json<{ rangeId: string; codes: string[] }>('POST', '/v1/admin/voucher-campaigns', {
      body: { privilegeId: 'coffee', count: 3 },
      headers: key(),
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ rangeId: small, codes: ['0010', '0011', '0012'] });
    await f.json('PUT', '/v1/admin/privileges/paper', { body: { name: 'Printed voucher', voucher: { value: 500, validDays: 30 } } });
    const none = await f.json('POST', '/v1/admin/voucher-campaigns', { body: { privilegeId: 'paper', count: 3 }, headers: key() });
    expect(none.body).toMatchObject({ status: 422, code: 'privilege_has_no_range', errors: [{ path: 'rangeId' }] });
  });
});
