import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';

type J = Record<string, unknown>;

describe('API: daily limits of payment and credit cards (issue 12 item 2)', () => {
  let f: ApiFixture;
  let n = 0;
  const key = () => `dl-${++n}`;

  beforeEach(() => {
    f = apiFixture();
    f.clock.set('2026-11-24T12:00:00Z');
  });
  afterEach(() => f.close());

  async function customer(extra: J = {}) {
    return (
      await f.json<{ id: string }>('POST', '/v1/customers', { body: { kind: 'person', firstName: 'Jaan', lastName: 'Kask', phone: `555${++n}`, ...extra } })
    ).body.id;
  }
  async function card(customerId: string, body: J) {
    return (await f.json<{ number: string }>('POST', `/v1/customers/${customerId}/cards`, { body })).body.number;
  }
  async function pay(cardNumber: string, amount: number, at = '2026-11-24T12:00:00+02:00') {
    return f.json<J>('POST', '/v1/receipts', {
      body: {
        tillId: 't1',
        receiptNo: `r${++n}`,
        at,
        card: cardNumber,
        lines: [{ sku: 'LUNCH', qty: 1, unitPrice: amount }],
        payments: [{ method: 'card', amount }],
      },
      headers: { 'idempotency-key': key() },
    });
  }

  it('CARD-13: a payment card with only a daily limit pays up to that limit, for a billing customer or for its own holder', async () => {
    const employer = (await f.json<{ id: string }>('POST', '/v1/customers', { body: { kind: 'company', companyName: 'AS Puhvet', email: 'a@puhvet.ee' } })).body
      .id;
    const viaEmployer = await card(await customer({ billingCustomerId: employer }), { type: 'discount_payment', dailyLimit: 600 });
    const own = await card(await customer(), { type: 'discount_payment', dailyLimit: 500 });
    expect((await f.json<J>('GET', `/v1/cards/${viaEmployer}`)).body).toMatchObject({ dailyLimit: 600, dailyRemaining: 600 });
    expect((await pay(viaEmployer, 400)).status).toBe(201);
    expect((await pay(viaEmployer, 200)).status).toBe(201);
    expect((await pay(viaEmployer, 1)).body).toMatchObject({ status: 422, code: 'daily_limit_exceeded' });
    expect((await pay(own, 500)).status).toBe(201);
    expect((await pay(own, 1)).body).toMatchObject({ code: 'daily_limit_exceeded' });
    // Invoiced: the employer's account carries the debt.
    expect((await f.json<{ account: J }>('GET', `/v1/customers/${employer}`)).body.account).toEqual({ balance: -600, creditLimit: 0 });
  });

  it('CARD-13: with a credit limit on the payer both the daily limit and the credit limit apply', async () => {
    const employer = (
      await f.json<{ id: string }>('POST', '/v1/customers', { body: { kind: 'company', companyName: 'AS Puhvet', email: 'a@puhvet.ee', creditLimit: 300 } })
    ).body.id;
    const c = await card(await customer({ billingCustomerId: employer }), { type: 'discount_payment', dailyLimit: 600 });
    expect((await pay(c, 301)).body).toMatchObject({ code: 'credit_limit_exceeded' });
    expect((await pay(c, 300)).status).toBe(201);
  });

  it('CARD-13: a daily limit set on a credit card is enforced, not only shown', async () => {
    const c = await card(await customer(), { type: 'credit', dailyLimit: 1000 });
    expect((await f.json('POST', `/v1/cards/${c}/topups`, { body: { amount: 5000 }, headers: { 'idempotency-key': key() } })).status).toBe(201);
    expect((await pay(c, 700)).status).toBe(201);
    const over = await pay(c, 400);
    expect(over.body).toMatchObject({ status: 422, code: 'daily_limit_exceeded', cardPayable: 300 });
    expect((await f.json<J>('GET', `/v1/cards/${c}`)).body).toMatchObject({ dailyLimit: 1000, dailyRemaining: 300, balances: { money: 4300 } });
    expect((await pay(c, 300)).status).toBe(201);
  });

  it("CARD-13: each day's spending counts only against that day; a late-posted Monday receipt is judged by Monday's spending", async () => {
    const c = await card(await customer(), { type: 'discount_payment', dailyLimit: 500 });
    // Tuesday (today) is spent in full.
    expect((await pay(c, 500, '2026-11-24T12:00:00+02:00')).status).toBe(201);
    // Monday's receipt posted late: Monday had no spending, so it passes up to Monday's limit.
    expect((await pay(c, 500, '2026-11-23T18:00:00+02:00')).status).toBe(201);
    expect((await pay(c, 1, '2026-11-23T19:00:00+02:00')).body).toMatchObject({ code: 'daily_limit_exceeded' });
    expect((await pay(c, 1, '2026-11-24T13:00:00+02:00')).body).toMatchObject({ code: 'daily_limit_exceeded' });
  });
});
