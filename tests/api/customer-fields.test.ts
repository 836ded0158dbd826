import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyWebPassword } from '../../src/engine/customers/web-password.js';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';

type J = Record<string, unknown>;

describe('API: fields and lists the manuals name (issue 12 item 9)', () => {
  let f: ApiFixture;
  beforeEach(() => {
    f = apiFixture();
  });
  afterEach(() => f.close());

  const person = { kind: 'person', firstName: 'Mari', lastName: 'Tamm', phone: '+372 5555 0001' };
  const create = (extra: J = {}) => f.json<J & { id: string }>('POST', '/v1/customers', { body: { ...person, ...extra } });

  it('CUST-12: fax and invoice delivery method are kept; a bad method is a 400 naming the field', async () => {
    const c = await create({ fax: '+372 600 0001', invoiceDelivery: 'e-invoice' });
    expect(c.status).toBe(201);
    expect((await f.json<J>('GET', `/v1/customers/${c.body.id}`)).body).toMatchObject({ fax: '+372 600 0001', invoiceDelivery: 'e-invoice' });
    const p = await f.json<J>('PATCH', `/v1/customers/${c.body.id}`, { body: { invoiceDelivery: 'post', fax: null } });
    expect(p.body).toMatchObject({ invoiceDelivery: 'post', fax: null });
    expect((await create({ invoiceDelivery: 'pigeon' })).body).toMatchObject({ status: 400, errors: [{ path: 'invoiceDelivery' }] });
  });

  it('CUST-12: the web password is stored as a scrypt hash and never returned', async () => {
    const c = await create({ webPassword: 'correct horse battery' });
    expect(c.status).toBe(201);
    const everything =
      JSON.stringify(c.body) +
      JSON.stringify((await f.json('GET', `/v1/customers/${c.body.id}`)).body) +
      JSON.stringify((await f.json('GET', '/v1/customers?q=Tamm')).body);
    expect(everything).not.toContain('correct horse');
    expect(everything).not.toContain('scrypt');
    expect((await f.json<J>('GET', `/v1/customers/${c.body.id}`)).body).toMatchObject({ hasWebPassword: true });
    const stored = f.ctx.store.customers.webPasswordHash(c.body.id)!;
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyWebPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyWebPassword('wrong', stored)).toBe(false);
    // Nothing derived from the plaintext is kept for idempotency either.
    const keyed = await f.json<{ id: string }>('POST', '/v1/customers', {
      body: { ...person, webPassword: 'another secret pw' },
      headers: { 'idempotency-key': 'wp-1' },
    });
    expect(JSON.stringify(f.ctx.store.db.prepare('SELECT request_hash, response FROM idempotency_keys').all())).not.toContain('another secret');
    await f.json('PATCH', `/v1/customers/${keyed.body.id}`, { body: { webPassword: null } });
    expect((await f.json<J>('GET', `/v1/customers/${keyed.body.id}`)).body).toMatchObject({ hasWebPassword: false });
    expect((await create({ webPassword: 'short' })).body).toMatchObject({ status: 400, errors: [{ path: 'webPassword' }] });
  });

  it('CUST-12: the ID card nationality code (EST) is accepted and stored as two letters; unknown codes are refused', async () => {
    const c = await create({ citizenship: 'EST', country: 'est' });
    expect(c.body).toMatchObject({ citizenship: 'EE', country: 'EE' });
    expect((await create({ citizenship: 'D' })).body).toMatchObject({ citizenship: 'DE' });
    expect((await create({ citizenship: 'FI' })).body).toMatchObject({ citizenship: 'FI' });
    expect((await create({ citizenship: 'XYZ' })).body).toMatchObject({ status: 400, errors: [{ path: 'citizenship' }] });
  });

  it('CUST-12: the customer-type list (GET|PUT /v1/admin/customer-types) is paginated and checked on customers', async () => {
    const put = await f.json<J>('PUT', '/v1/admin/customer-types', {
      body: {
        items: [
          { code: 'staff', name: 'Staff' },
          { code: 'b2b', name: 'Business' },
          { code: 'vip', name: 'VIP' },
        ],
      },
    });
    expect(put).toMatchObject({ status: 200, body: { version: 1 } });
    const p1 = await f.json<{ items: J[]; nextCursor: string }>('GET', '/v1/admin/customer-types?limit=2');
    expect(p1.body.items).toEqual([
      { code: 'b2b', name: 'Business' },
      { code: 'staff', name: 'Staff' },
    ]);
    const p2 = await f.json<{ items: J[]; nextCursor: string | null }>('GET', `/v1/admin/customer-types?limit=2&cursor=${p1.body.nextCursor}`);
    expect(p2.body).toEqual({ items: [{ code: 'vip', name: 'VIP' }], nextCursor: null });
    expect((await f.json('GET', '/v1/admin/customer-types?cursor=!!')).body).toMatchObject({ status: 400, errors: [{ path: 'cursor' }] });
    expect((await create({ customerType: 'vip' })).status).toBe(201);
    expect((await create({ customerType: 'pirate' })).body).toMatchObject({ status: 422, code: 'reference_not_found', errors: [{ path: 'customerType' }] });
    // A type in use cannot be dropped; a duplicate code is refused.
    expect((await f.json('PUT', '/v1/admin/customer-types', { body: { items: [{ code: 'staff', name: 'Staff' }] } })).body).toMatchObject({
      status: 400,
      errors: [{ path: 'items' }],
    });
    expect(
      (
        await f.json('PUT', '/v1/admin/customer-types', {
          body: {
            items: [
              { code: 'vip', name: 'A' },
              { code: 'vip', name: 'B' },
            ],
          },
        })
      ).body,
    ).toMatchObject({ status: 400, errors: [{ path: 'items.1.code' }] });
  });

  it('CUST-12: the card filter GET /v1/cards?type=&status=&customerId= is paginated with an opaque cursor', async () => {
    const a = (await create()).body.id;
    const b = (await create({ phone: '+372 5555 0002' })).body.id;
    const mk = (customerId: string, body: J) => f.json<{ number: string }>('POST', `/v1/customers/${customerId}/cards`, { body });
    const bonusA1 = (await mk(a, { type: 'bonus' })).body.number;
    const bonusA2 = (await mk(a, { type: 'bonus' })).body.number;
    const bonusB = (await mk(b, { type: 'bonus' })).body.number;
    const credit = (await mk(a, { type: 'credit' })).body.number;
    await f.json('PATCH', `/v1/cards/${bonusA2}`, { body: { status: 'blocked' } });

    const bonus = await f.json<{ items: J[]; nextCursor: string | null }>('GET', '/v1/cards?type=bonus&limit=2');
    expect(bonus.body.items.map((c) => c.number)).toEqual([bonusA1, bonusA2].sort());
    const rest = await f.json<{ items: J[]; nextCursor: string | null }>('GET', `/v1/cards?type=bonus&limit=2&cursor=${bonus.body.nextCursor}`);
    expect(rest.body).toMatchObject({ items: [{ number: bonusB }], nextCursor: null });
    expect((await f.json<{ items: J[] }>('GET', `/v1/cards?customerId=${a}&status=active`)).body.items.map((c) => c.number).sort()).toEqual(
      [bonusA1, credit].sort(),
    );
    expect((await f.json<{ items: J[] }>('GET', '/v1/cards?status=blocked')).body.items).toMatchObject([
      { number: bonusA2, type: 'bonus', status: 'blocked', customerId: a },
    ]);
    expect((await f.json('GET', '/v1/cards?type=gold')).body).toMatchObject({ status: 400, errors: [{ path: 'type' }] });
  });
});
