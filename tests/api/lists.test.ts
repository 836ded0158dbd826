import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nowIso } from '../../src/engine/context.js';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';

type J = Record<string, unknown>;
type Page = { items: J[]; nextCursor: string | null };

/** Walk a list page by page; every page's X-Next-Cursor header must agree with its body. */
async function walk(f: ApiFixture, path: string, limit: number, itemsOf: (b: J) => J[] = (b) => b.items as J[]): Promise<{ items: J[]; pages: number }> {
  const items: J[] = [];
  let pages = 0;
  for (let cursor: string | null = null; ; ) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await f.json<J>('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(r.status).toBe(200);
    pages++;
    items.push(...itemsOf(r.body));
    const next = r.body.nextCursor as string | null;
    expect(r.headers.get('x-next-cursor')).toBe(next);
    if (next === null) return { items, pages };
    cursor = next;
  }
}

describe('API: every list is paginated with limit and an opaque keyset cursor (GW-5)', () => {
  let f: ApiFixture;
  beforeEach(() => {
    f = apiFixture();
  });
  afterEach(() => f.close());

  it('GW-5: master-data lists: walking every page returns each record once, in id order, without deleted ones', async () => {
    const at = nowIso(f.ctx);
    const ids = Array.from({ length: 257 }, (_, i) => `d${String(i).padStart(4, '0')}`);
    f.ctx.store.db.tx(() => ids.forEach((id) => f.ctx.store.master.put('discounts', id, { name: id, percent: 100, covers: { all: true } }, at)));
    f.ctx.store.db.tx(() => f.ctx.store.master.delete('discounts', 'd0100', at));
    const expected = ids.filter((id) => id !== 'd0100');
    const { items, pages } = await walk(f, '/v1/admin/discounts', 50);
    expect(items.map((d) => d.id)).toEqual(expected);
    expect(pages).toBe(6);
    expect(items[0]).toMatchObject({ id: 'd0000', name: 'd0000', version: 1 });
    const first = await f.json<Page>('GET', '/v1/admin/discounts');
    expect(first.body.items).toHaveLength(100); // the default page
    for (const kind of ['stamp-programs', 'privileges', 'redemption-rules', 'card-templates']) {
      expect((await f.json<Page>('GET', `/v1/admin/${kind}`)).body).toEqual({ items: [], nextCursor: null });
    }
  });

  it('GW-5: card templates at the till page by id and keep the order-service fields', async () => {
    const cfg = { ...f.ctx.config, cardOrders: { enabled: true, schedule: 'daily', validityRequired: false, holidays: [], info: 'x' } };
    Object.assign(f.ctx, { config: cfg });
    const at = nowIso(f.ctx);
    f.ctx.store.db.tx(() => ['t3', 't1', 't5', 't2', 't4'].forEach((id) => f.ctx.store.master.put('card-templates', id, { name: id.toUpperCase() }, at)));
    const { items, pages } = await walk(f, '/v1/card-templates', 2);
    expect(items.map((t) => t.id)).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(pages).toBe(3);
    expect((await f.json('GET', '/v1/card-templates')).body).toMatchObject({
      orderService: true,
      schedule: 'daily',
      dispatchDate: expect.any(String),
      nextCursor: null,
    });
  });

  it('GW-5: voucher ranges page by code', async () => {
    for (let i = 0; i < 7; i++) {
      const r = await f.json('POST', '/v1/admin/voucher-ranges', { body: { code: `R${6 - i}`, digits: 6, from: i * 1000, to: i * 1000 + 999 } });
      expect(r.status).toBe(201);
    }
    const { items, pages } = await walk(f, '/v1/admin/voucher-ranges', 3);
    expect(items.map((r) => r.code)).toEqual(['R0', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6']);
    expect(pages).toBe(3);
    expect(items[0]).toMatchObject({ size: 1000, remaining: 1000 });
  });

  it('GW-5: reports page: card usage by card number, discount sales by discount id (summed day by day), invoices by payer; CSV pages by header', async () => {
    let k = 0;
    const key = () => ({ 'idempotency-key': `l-${++k}` });
    f.clock.set('2026-11-10T08:00:00Z');
    const customer = async (i: number, extra: J = {}) =>
      (
        await f.json<{ id: string }>('POST', '/v1/customers', {
          body: { kind: 'company', companyName: `Firma ${i}`, email: `f${i}@x.ee`, creditLimit: 100000, ...extra },
        })
      ).body.id;
    const credit: string[] = [];
    const owner = await customer(0);
    for (let i = 0; i < 7; i++) {
      const n = (await f.json<{ number: string }>('POST', `/v1/customers/${owner}/cards`, { body: { type: 'credit' } })).body.number;
      expect((await f.json('POST', `/v1/cards/${n}/topups`, { body: { amount: 100 * (i + 1) }, headers: key() })).status).toBe(201);
      credit.push(n);
    }
    // Money-moving cards with no entry of their asset are not in the report, and do not end a page early.
    for (let i = 0; i < 3; i++) await f.json('POST', `/v1/customers/${owner}/cards`, { body: { type: 'bonus' } });
    const usage = await walk(f, '/v1/admin/reports/card-usage?from=2026-11-01&to=2026-11-30', 3, (b) => b.rows as J[]);
    expect(usage.items.map((r) => r.cardNumber)).toEqual([...credit].sort());
    expect(usage.pages).toBe(3);

    const skus = ['A', 'B', 'C', 'D', 'E'];
    for (const s of skus) await f.json('PUT', `/v1/admin/discounts/z${s}`, { body: { name: `Z ${s}`, percent: 1000, covers: { skus: [s] } } });
    const payers: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const payer = await customer(i);
      const holder = await customer(100 + i, { billingCustomerId: payer });
      const card = (
        await f.json<{ number: string }>('POST', `/v1/customers/${holder}/cards`, {
          body: { type: 'discount_payment', discounts: skus.map((s) => ({ discountId: `z${s}` })) },
        })
      ).body.number;
      for (const [j, at] of ['2026-11-10T10:00:00+02:00', '2026-11-12T10:00:00+02:00'].entries()) {
        const lines = skus.map((sku) => ({ sku, qty: 1, unitPrice: 100 }));
        f.clock.set(at); // a sale is dated within the store clock's bounds (issue 9 item 6)
        const r = await f.json('POST', '/v1/receipts', {
          body: { tillId: 't', receiptNo: `${i}-${j}`, at, card, lines, payments: [{ method: 'card', amount: 450 }] },
          headers: key(),
        });
        expect(r.status).toBe(201);
      }
      payers.push(payer);
    }
    const sales = await walk(f, '/v1/admin/reports/discount-sales?from=2026-11-01&to=2026-11-30', 2, (b) => b.rows as J[]);
    expect(sales.items.map((r) => r.discountId)).toEqual(skus.map((s) => `z${s}`));
    expect(sales.items[0]).toMatchObject({ name: 'Z A', lines: 10, units: 10, gross: 1000, discount: 100, net: 900 });

    const invoices = await walk(f, '/v1/admin/invoices?period=2026-11', 2, (b) => b.invoices as J[]);
    expect(invoices.items.map((i) => i.customerId)).toEqual([...payers].sort());
    expect(invoices.items.every((i) => i.total === 900)).toBe(true);

    const csvCards: string[] = [];
    for (let cursor: string | null = ''; cursor !== null; ) {
      const res = await f.req('GET', `/v1/admin/reports/card-usage?from=2026-11-01&to=2026-11-30&limit=4&cursor=${cursor}`, {
        headers: { accept: 'text/csv' },
      });
      csvCards.push(
        ...(await res.text())
          .trim()
          .split('\r\n')
          .slice(1)
          .map((l) => l.split(',')[0]!),
      );
      cursor = res.headers.get('x-next-cursor');
    }
    expect(csvCards.filter((n) => credit.includes(n))).toEqual([...credit].sort());
  });

  it('GW-5: a report period longer than a year is 400 naming to', async () => {
    for (const path of ['/v1/admin/reports/card-usage', '/v1/admin/reports/discount-sales']) {
      const r = await f.json(`GET`, `${path}?from=2020-01-01&to=2026-12-31`);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ path: 'to' })] });
      expect((await f.json('GET', `${path}?from=2024-01-01&to=2024-12-31`)).status).toBe(200); // a leap year is 366 days
    }
  });

  it('GW-5: customer transactions page with a cursor as well as the documented before; the per-customer card report pages by customer', async () => {
    const c = (await f.json<{ id: string }>('POST', '/v1/customers', { body: { kind: 'person', firstName: 'A', lastName: 'B', phone: '+372 5000 0009' } })).body
      .id;
    const card = (await f.json<{ number: string }>('POST', `/v1/customers/${c}/cards`, { body: { type: 'credit' } })).body.number;
    for (let i = 0; i < 9; i++) await f.json('POST', `/v1/cards/${card}/topups`, { body: { amount: 10 + i }, headers: { 'idempotency-key': `t-${i}` } });
    const tx = await walk(f, `/v1/customers/${c}/transactions`, 4);
    const ids = tx.items.map((t) => t.id as number);
    expect(ids.length).toBeGreaterThanOrEqual(9);
    expect(ids).toEqual([...ids].sort((a, b) => b - a)); // newest first
    expect(new Set(ids).size).toBe(ids.length);
    const byBefore = await f.json<{ items: J[]; next: number | null }>('GET', `/v1/customers/${c}/transactions?limit=4`);
    const older = await f.json<{ items: J[] }>('GET', `/v1/customers/${c}/transactions?limit=4&before=${byBefore.body.next}`);
    expect(older.body.items.map((t) => t.id)).toEqual(ids.slice(4, 8));
    expect((await f.json('GET', `/v1/customers/${c}/transactions?limit=0`)).body).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ path: 'limit' })],
    });

    for (let i = 0; i < 4; i++) {
      const other = (
        await f.json<{ id: string }>('POST', '/v1/customers', { body: { kind: 'person', firstName: `P${i}`, lastName: 'B', phone: `+372 5100 000${i}` } })
      ).body.id;
      await f.json('POST', `/v1/customers/${other}/cards`, { body: { type: 'discount' } });
    }
    const report = await walk(f, '/v1/admin/reports/customer-cards', 2, (b) => b.rows as J[]);
    const customers = report.items.map((r) => r.customerId as string);
    expect(customers).toHaveLength(5);
    expect(customers).toEqual([...customers].sort());
  });

  it('GW-5: a bad limit is 400 naming limit; a cursor the list did not give out is 400 cursor_invalid naming cursor', async () => {
    for (const path of [
      '/v1/admin/discounts',
      '/v1/admin/voucher-ranges',
      '/v1/admin/voucher-campaigns/x/codes',
      '/v1/admin/reports/card-usage?from=2026-01-01&to=2026-01-02',
      '/v1/admin/invoices?period=2026-01',
      '/v1/customers/x/transactions',
    ]) {
      for (const limit of ['0', '1001', 'abc', '2.5']) {
        const r = await f.json('GET', `${path}${path.includes('?') ? '&' : '?'}limit=${limit}`);
        expect(r.status, `${path} limit=${limit}`).toBe(400);
        expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
        expect(r.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ path: 'limit' })] });
      }
    }
    for (const cursor of ['nope', Buffer.from('{"k":{"x":1}}').toString('base64url'), 'x'.repeat(600)]) {
      const r = await f.json('GET', `/v1/admin/discounts?cursor=${cursor}`);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ errors: [expect.objectContaining({ path: 'cursor' })] });
    }
    expect((await f.json('GET', `/v1/admin/discounts?cursor=nope`)).body).toMatchObject({ code: 'cursor_invalid' });
  });
});
