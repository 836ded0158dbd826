import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';

type J = Record<string, unknown>;

describe('API: invoices and reports (CARD-3, CUST-7, CARD-12)', () => {
  let f: ApiFixture;
  let k = 0;
  const key = () => ({ 'idempotency-key': `r-${++k}` });
  /** A one-line sale of `price` paid in full (`pay` = price less the card discount). */
  const sale = (card: string, receiptNo: string, price: number, pay: number, method = 'card', at = '2026-11-10T10:00:00+02:00') =>
    f.json<J>('POST', '/v1/receipts', {
      body: { tillId: 't', receiptNo, at, card, lines: [{ sku: 'A', qty: 1, unitPrice: price }], payments: [{ method, amount: pay }] },
      headers: key(),
    });

  beforeEach(async () => {
    f = apiFixture();
    f.clock.set('2026-11-10T08:00:00Z');
    await f.json('PUT', '/v1/admin/discounts/d10', { body: { name: 'Ten', percent: 1000, covers: { all: true } } });
  });
  afterEach(() => f.close());

  it('CUST-7, CARD-3: discount_payment card payments accrue to the billing customer invoice of the month; the daily limit applies', async () => {
    const employer = (
      await f.json<{ id: string }>('POST', '/v1/customers', {
        body: { kind: 'company', companyName: 'Tehas AS', email: 'arved@tehas.ee', creditLimit: 100000 },
      })
    ).body.id;
    const holder = (
      await f.json<{ id: string }>('POST', '/v1/customers', {
        body: { kind: 'person', firstName: 'A', lastName: 'B', phone: '+372 5000 0001', billingCustomerId: employer },
      })
    ).body.id;
    const card = (
      await f.json<{ number: string }>('POST', `/v1/customers/${holder}/cards`, {
        body: { type: 'discount_payment', dailyLimit: 2000, discounts: [{ discountId: 'd10' }] },
      })
    ).body.number;
    expect((await sale(card, '1', 1000, 900)).status).toBe(201); // 1000 less 10 %
    const ev = await f.json<{ payment: J }>('POST', '/v1/baskets/evaluate', {
      body: { card, at: '2026-11-10T10:00:00+02:00', lines: [{ sku: 'A', qty: 1, unitPrice: 5000 }], payWithCard: true },
    });
    expect(ev.body.payment).toMatchObject({ dailyRemaining: 1100 });
    const over = await f.json<J>('POST', '/v1/receipts', {
      body: {
        tillId: 't',
        receiptNo: '2',
        at: '2026-11-10T10:00:00+02:00',
        card,
        lines: [{ sku: 'A', qty: 1, unitPrice: 5000 }],
        payments: [{ method: 'card', amount: 4500 }],
      },
      headers: key(),
    });
    expect(over.body).toMatchObject({ status: 422, code: 'daily_limit_exceeded' });
    f.clock.set('2026-12-01T08:00:00Z'); // a till may not date a sale ahead of the store clock
    await sale(card, '3', 1000, 900, 'card', '2026-12-01T10:00:00+02:00');
    const inv = await f.json<{ invoices: J[] }>('GET', '/v1/admin/invoices?period=2026-11');
    expect(inv.body.invoices).toEqual([
      expect.objectContaining({ customerId: employer, total: 900, lines: [expect.objectContaining({ cardNumber: card, holderId: holder, amount: 900 })] }),
    ]);
    expect((await f.json<{ invoices: J[] }>('GET', '/v1/admin/invoices?period=2026-12')).body.invoices[0]).toMatchObject({ total: 900 });
    expect((await f.json('GET', '/v1/admin/invoices?period=2026-13')).body).toMatchObject({ status: 400, errors: [{ path: 'period' }] });
  });

  it('CARD-3: the daily limit resets at store-local midnight, not UTC midnight', async () => {
    const c = (await f.json<{ id: string }>('POST', '/v1/customers', { body: { kind: 'company', companyName: 'X', email: 'x@x.ee', creditLimit: 100000 } }))
      .body.id;
    const card = (await f.json<{ number: string }>('POST', `/v1/customers/${c}/cards`, { body: { type: 'discount_payment', dailyLimit: 1000 } })).body.number;
    // 23:30 Tallinn on 10 Nov is 21:30 UTC; 00:30 Tallinn on 11 Nov is still 10 Nov in UTC.
    f.clock.set('2026-11-11T07:00:00Z');
    expect((await sale(card, 'a', 1000, 1000, 'card', '2026-11-10T23:30:00+02:00')).status).toBe(201);
    expect((await sale(card, 'b', 1000, 1000, 'card', '2026-11-11T00:30:00+02:00')).status).toBe(201);
    expect((await sale(card, 'c', 1, 1, 'card', '2026-11-11T09:00:00+02:00')).body).toMatchObject({ code: 'daily_limit_exceeded' });
  });

  it('CARD-12: card usage has opening, in, out and closing balance per money-moving card; CSV on request', async () => {
    const c = (await f.json<{ id: string }>('POST', '/v1/customers', { body: { kind: 'person', firstName: 'A', lastName: 'B', phone: '+372 5000 0002' } })).body
      .id;
    const credit = (await f.json<{ number: string }>('POST', `/v1/customers/${c}/cards`, { body: { type: 'credit' } })).body.number;
    await f.json('POST', `/v1/cards/${credit}/topups`, { body: { amount: 5000 }, headers: key() });
    f.clock.set('2026-11-20T08:00:00Z');
    await f.json('POST', `/v1/cards/${credit}/topups`, { body: { amount: 1000 }, headers: key() });
    await sale(credit, 'x', 700, 700, 'card', '2026-11-20T10:00:00+02:00');
    await f.json('POST', `/v1/customers/${c}/cards`, { body: { type: 'discount' } });
    const r = await f.json<{ rows: J[] }>('GET', '/v1/admin/reports/card-usage?from=2026-11-15&to=2026-11-30');
    expect(r.body.rows).toEqual([expect.objectContaining({ cardNumber: credit, opening: 5000, credits: 1000, debits: 700, closing: 5300 })]);
    const csv = await f.req('GET', '/v1/admin/reports/card-usage?from=2026-11-15&to=2026-11-30', { headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(await csv.text()).toBe(`cardNumber,type,asset,customerId,opening,credits,debits,closing\r\n${credit},credit,money,${c},5000,1000,700,5300\r\n`);
  });

  it('CARD-12: discount sales and the per-customer card report', async () => {
    const c = (await f.json<{ id: string }>('POST', '/v1/customers', { body: { kind: 'person', firstName: 'A', lastName: 'B', phone: '+372 5000 0003' } })).body
      .id;
    const card = (await f.json<{ number: string }>('POST', `/v1/customers/${c}/cards`, { body: { discounts: [{ discountId: 'd10' }] } })).body.number;
    expect((await sale(card, 's1', 1000, 900, 'cash')).status).toBe(201);
    const ds = await f.json<{ rows: J[] }>('GET', '/v1/admin/reports/discount-sales?from=2026-11-01&to=2026-11-30');
    expect(ds.body.rows).toEqual([{ discountId: 'd10', name: 'Ten', lines: 1, units: 1, gross: 1000, discount: 100, net: 900, bonus: 0, refundedUnits: 0 }]);
    const cc = await f.json<{ rows: J[] }>('GET', `/v1/admin/reports/customer-cards?customerId=${c}`);
    expect(cc.body.rows).toEqual([expect.objectContaining({ customerId: c, cardNumber: card, turnover: 900, type: 'discount' })]);
  });
});
