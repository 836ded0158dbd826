import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';

type J = Record<string, unknown>;

describe('API: customer accounts are funded and settled (issue 12 item 1)', () => {
  let f: ApiFixture;
  let n = 0;
  const key = () => `acc-${++n}`;

  beforeEach(() => {
    f = apiFixture();
    f.clock.set('2026-11-23T08:15:00Z');
  });
  afterEach(() => f.close());

  async function company(extra: J = {}) {
    return f.json<{ id: string }>('POST', '/v1/customers', {
      body: { kind: 'company', companyName: 'AS Firma', email: 'arved@firma.ee', creditLimit: 1000, ...extra },
      headers: { 'idempotency-key': key() },
    });
  }
  async function pay(cardNumber: string, amount: number, receiptNo = `r${++n}`) {
    return f.json<J>('POST', '/v1/receipts', {
      body: {
        tillId: 't1',
        receiptNo,
        at: '2026-11-23T10:15:00+02:00',
        card: cardNumber,
        lines: [{ sku: 'LUNCH', qty: 1, unitPrice: amount }],
        payments: [{ method: 'card', amount }],
      },
      headers: { 'idempotency-key': key() },
    });
  }

  it('CUST-10: a billing company at its credit limit pays again after an invoice payment is booked as a deposit', async () => {
    const billing = (await company()).body.id;
    const holder = (
      await f.json<{ id: string }>('POST', '/v1/customers', {
        body: { kind: 'person', firstName: 'Jaan', lastName: 'Kask', phone: '5551234', billingCustomerId: billing },
      })
    ).body.id;
    const card = (await f.json<{ number: string }>('POST', `/v1/customers/${holder}/cards`, { body: { type: 'discount_payment' } })).body.number;
    expect((await pay(card, 1000)).status).toBe(201);
    expect((await pay(card, 100)).body).toMatchObject({ status: 422, code: 'credit_limit_exceeded' });

    const k = key();
    const dep = await f.json<J>('POST', `/v1/customers/${billing}/deposits`, {
      body: { amount: 1000, note: 'invoice 2026-11' },
      headers: { 'idempotency-key': k },
    });
    expect(dep.status).toBe(201);
    expect(dep.body).toMatchObject({ depositId: expect.any(String), amount: 1000, note: 'invoice 2026-11', account: { balance: 0, creditLimit: 1000 } });
    // A retried deposit is booked once.
    const again = await f.json<J>('POST', `/v1/customers/${billing}/deposits`, {
      body: { amount: 1000, note: 'invoice 2026-11' },
      headers: { 'idempotency-key': k },
    });
    expect(again.body).toEqual(dep.body);
    expect((await f.json<{ account: J }>('GET', `/v1/customers/${billing}`)).body.account).toEqual({ balance: 0, creditLimit: 1000 });

    expect((await pay(card, 100)).status).toBe(201);
    const tx = await f.json<{ items: J[] }>('GET', `/v1/customers/${billing}/transactions?limit=10`);
    expect(tx.body.items.map((i) => [i.kind, i.asset, i.delta])).toEqual([
      ['payment', 'account', -100],
      ['deposit', 'account', 1000],
      ['payment', 'account', -1000],
    ]);
    const report = await f.json<{ rows: J[] }>('GET', '/v1/admin/reports/accounts?from=2026-11-01&to=2026-11-30');
    expect(report.body.rows).toEqual([{ customerId: billing, name: 'AS Firma', creditLimit: 1000, opening: 0, deposits: 1000, charges: 1100, closing: -100 }]);
  });

  it('CUST-10: deposits need an Idempotency-Key, a positive amount and a known customer', async () => {
    const id = (await company()).body.id;
    expect((await f.json('POST', `/v1/customers/${id}/deposits`, { body: { amount: 100 } })).body).toMatchObject({
      status: 400,
      errors: [{ path: expect.stringMatching(/idempotency-key/i) }],
    });
    expect((await f.json('POST', `/v1/customers/${id}/deposits`, { body: { amount: 0 }, headers: { 'idempotency-key': key() } })).body).toMatchObject({
      status: 400,
      errors: [{ path: 'amount' }],
    });
    expect((await f.json('POST', '/v1/customers/nobody/deposits', { body: { amount: 5 }, headers: { 'idempotency-key': key() } })).body).toMatchObject({
      status: 404,
      code: 'customer_not_found',
    });
  });

  it('CUST-10: a customer may be created with an opening balance (a ledger entry), never beyond the credit limit', async () => {
    const debtor = await company({ openingBalance: -400 });
    expect(debtor.status).toBe(201);
    const d = await f.json<{ account: J }>('GET', `/v1/customers/${debtor.body.id}`);
    expect(d.body.account).toEqual({ balance: -400, creditLimit: 1000 });
    const tx = await f.json<{ items: J[] }>('GET', `/v1/customers/${debtor.body.id}/transactions`);
    expect(tx.body.items).toMatchObject([{ kind: 'opening', asset: 'account', delta: -400 }]);
    const deposit = await f.json<{ id: string }>('POST', '/v1/customers', {
      body: { kind: 'person', firstName: 'A', lastName: 'B', phone: '5550000', openingBalance: 2500 },
      headers: { 'idempotency-key': key() },
    });
    expect((await f.json<{ account: J }>('GET', `/v1/customers/${deposit.body.id}`)).body.account).toEqual({ balance: 2500, creditLimit: 0 });
    expect((await company({ openingBalance: -1001 })).body).toMatchObject({ status: 400, errors: [{ path: 'openingBalance' }] });
    const noKey = await f.json('POST', '/v1/customers', { body: { kind: 'person', firstName: 'A', lastName: 'B', phone: '5550000', openingBalance: 5 } });
    expect(noKey.body).toMatchObject({ code: 'idempotency_key_missing' });
  });
});
