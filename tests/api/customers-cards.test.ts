import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';

describe('API: customers and cards', () => {
  let f: ApiFixture;
  beforeEach(async () => {
    f = apiFixture();
    await f.json('PUT', '/v1/admin/discounts/d5', { body: { name: 'Five', percent: 500, covers: { all: true } } });
  });
  afterEach(() => f.close());

  const person = { kind: 'person', firstName: 'Mari', lastName: 'Tamm', phone: '+372 5555 0001' };

  it('CUST-1: POST /v1/customers creates a person and returns its id', async () => {
    const r = await f.json('POST', '/v1/customers', { body: person });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id: expect.any(String), kind: 'person', firstName: 'Mari' });
  });

  it('CUST-1: a missing required field is a 400 naming the field, with a stable code', async () => {
    const r = await f.json('POST', '/v1/customers', { body: { kind: 'person', firstName: 'Mari', lastName: 'Tamm' } });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(r.body).toMatchObject({ code: 'validation_failed', status: 400, errors: [{ path: 'phone' }] });
    const company = await f.json('POST', '/v1/customers', { body: { kind: 'company', companyName: 'AS Firma' } });
    expect(company.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'email' }] });
    const noKind = await f.json('POST', '/v1/customers', { body: { firstName: 'X' } });
    expect(noKind.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'kind', message: 'required' }] });
  });

  it('bad input: malformed JSON, wrong types, unknown fields, over-long strings, wrong content type', async () => {
    const malformed = await f.json('POST', '/v1/customers', { rawBody: '{"kind":', headers: { 'content-type': 'application/json' } });
    expect(malformed).toMatchObject({ status: 400, body: { code: 'malformed_json' } });
    const wrongType = await f.json('POST', '/v1/customers', { body: { ...person, marketingAllowed: 'yes' } });
    expect(wrongType).toMatchObject({ status: 400, body: { code: 'validation_failed', errors: [{ path: 'marketingAllowed' }] } });
    const unknown = await f.json('POST', '/v1/customers', { body: { ...person, shoeSize: 44 } });
    expect(unknown).toMatchObject({ status: 400, body: { errors: [{ path: 'shoeSize', message: 'unknown field' }] } });
    const long = await f.json('POST', '/v1/customers', { body: { ...person, info1: 'x'.repeat(501) } });
    expect(long).toMatchObject({ status: 400, body: { errors: [{ path: 'info1' }] } });
    const text = await f.json('POST', '/v1/customers', { rawBody: 'kind=person', headers: { 'content-type': 'text/plain' } });
    expect(text).toMatchObject({ status: 415, body: { code: 'unsupported_media_type' } });
    expect(f.ctx.store.db.prepare('SELECT COUNT(*) AS n FROM customers').get()).toMatchObject({ n: 0 });
  });

  it('CUST-6: customer detail shows cards, balances, tier and history', async () => {
    const c = (await f.json<{ id: string }>('POST', '/v1/customers', { body: person })).body;
    const card = (await f.json<{ number: string }>('POST', `/v1/customers/${c.id}/cards`, { body: { type: 'credit', discounts: [{ discountId: 'd5' }] } }))
      .body;
    const top = await f.json('POST', `/v1/cards/${card.number}/topups`, { body: { amount: 1500 }, headers: { 'idempotency-key': 'k1' } });
    expect(top.status).toBe(201);
    const d = await f.json('GET', `/v1/customers/${c.id}`);
    expect(d.body).toMatchObject({
      id: c.id,
      tier: null,
      cards: [{ number: card.number, type: 'credit', balances: { money: 1500 } }],
      account: { balance: 0 },
    });
    const h = await f.json('GET', `/v1/customers/${c.id}/transactions?limit=10`);
    expect(h.body).toMatchObject({ items: [{ kind: 'topup', asset: 'money', delta: 1500, cardNumber: card.number }], next: null });
    expect((await f.json('GET', '/v1/customers/nobody')).body).toMatchObject({ code: 'customer_not_found' });
  });

  it('CUST-5: GET /v1/customers?q= needs 4 characters from a till and 1 from an admin token', async () => {
    await f.json('POST', '/v1/customers', { body: person });
    expect((await f.json('GET', '/v1/customers?q=Tam')).body).toMatchObject({ code: 'search_query_too_short', errors: [{ path: 'q' }] });
    expect((await f.json<{ items: unknown[] }>('GET', '/v1/customers?q=Tamm')).body.items).toHaveLength(1);
    const admin = await f.json<{ items: unknown[] }>('GET', '/v1/customers?q=T', { headers: { authorization: 'Bearer admin-token-0123456789' } });
    expect(admin.body.items).toHaveLength(1);
  });

  it('CARD-2, CARD-7: GET /v1/cards/{number} checks the digit first, then returns the card with its message', async () => {
    const c = (await f.json<{ id: string }>('POST', '/v1/customers', { body: person })).body;
    await f.json('POST', `/v1/customers/${c.id}/cards`, { body: { number: '6009000000000016', message: 'Tere tulemast!' } });
    expect((await f.json('GET', '/v1/cards/6009000000000017')).body).toMatchObject({ status: 422, code: 'check_digit_invalid' });
    expect((await f.json('GET', '/v1/cards/6009000000000024')).body).toMatchObject({ status: 404, code: 'card_not_found' });
    const got = await f.json('GET', '/v1/cards/6009000000000016');
    expect(got.body).toMatchObject({
      number: '6009000000000016',
      type: 'discount',
      customer: { id: c.id, name: 'Mari Tamm', tier: null },
      message: 'Tere tulemast!',
      balances: { money: 0, bonus: 0, visits: 0, stamps: [] },
      validNow: true,
      dailyLimit: null,
      dailyRemaining: null,
    });
  });

  it('CARD-1: POST /v1/customers/{id}/cards without a number generates one; PATCH blocks the card', async () => {
    const c = (await f.json<{ id: string }>('POST', '/v1/customers', { body: person })).body;
    const card = await f.json<{ number: string }>('POST', `/v1/customers/${c.id}/cards`, { body: {} });
    expect(card.status).toBe(201);
    expect(card.body.number).toMatch(/^6009\d{12}$/);
    const blocked = await f.json('PATCH', `/v1/cards/${card.body.number}`, { body: { status: 'blocked' } });
    expect(blocked.body).toMatchObject({ status: 'blocked' });
    expect((await f.json('GET', `/v1/cards/${card.body.number}`)).body).toMatchObject({ status: 'blocked', validNow: false });
  });

  it('CARD-9: a negative or zero top-up is a 400 naming the field and writes nothing', async () => {
    const c = (await f.json<{ id: string }>('POST', '/v1/customers', { body: person })).body;
    const card = (await f.json<{ number: string }>('POST', `/v1/customers/${c.id}/cards`, { body: { type: 'credit' } })).body;
    const r = await f.json('POST', `/v1/cards/${card.number}/topups`, { body: { amount: -500 }, headers: { 'idempotency-key': 'neg' } });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'validation_failed', errors: expect.arrayContaining([expect.objectContaining({ path: 'amount' })]) });
    expect(f.ctx.store.db.prepare('SELECT COUNT(*) AS n FROM ledger').get()).toMatchObject({ n: 0 });
  });
});
