import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';
import { TEST_CONFIG_YAML } from '../helpers/engine-fixture.js';

const person = { kind: 'person', firstName: 'Mari', lastName: 'Tamm', phone: '+372 5555 0001' };

async function creditCard(f: ApiFixture): Promise<string> {
  const c = (await f.json<{ id: string }>('POST', '/v1/customers', { body: person })).body;
  return (await f.json<{ number: string }>('POST', `/v1/customers/${c.id}/cards`, { body: { type: 'credit' } })).body.number;
}

describe('API: idempotency', () => {
  let f: ApiFixture;
  beforeEach(() => (f = apiFixture()));
  afterEach(() => f.close());

  it('the same key and body returns the first response (same status and body) and moves nothing again', async () => {
    const n = await creditCard(f);
    const first = await f.json('POST', `/v1/cards/${n}/topups`, { body: { amount: 700 }, headers: { 'idempotency-key': 'till1-42' } });
    const again = await f.json('POST', `/v1/cards/${n}/topups`, { body: { amount: 700 }, headers: { 'idempotency-key': 'till1-42' } });
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(f.ctx.store.ledger.balance(n, 'money')).toBe(700);
  });

  it('key order in the JSON body does not make it a different request', async () => {
    const c = (await f.json<{ id: string }>('POST', '/v1/customers', { body: person })).body;
    const s = (await f.json<{ number: string }>('POST', `/v1/customers/${c.id}/cards`, { body: { type: 'service' } })).body.number;
    await f.json('POST', `/v1/cards/${s}/topups`, { rawBody: '{"visits":3}', headers: { 'idempotency-key': 'v', 'content-type': 'application/json' } });
    const again = await f.json('POST', `/v1/cards/${s}/topups`, {
      rawBody: '{ "visits" : 3 }',
      headers: { 'idempotency-key': 'v', 'content-type': 'application/json' },
    });
    expect(again.status).toBe(201);
    expect(f.ctx.store.ledger.balance(s, 'visits')).toBe(3);
  });

  it('the same key with a different body is 409 idempotency_key_reused', async () => {
    const n = await creditCard(f);
    await f.json('POST', `/v1/cards/${n}/topups`, { body: { amount: 700 }, headers: { 'idempotency-key': 'k' } });
    const r = await f.json('POST', `/v1/cards/${n}/topups`, { body: { amount: 900 }, headers: { 'idempotency-key': 'k' } });
    expect(r).toMatchObject({ status: 409, body: { code: 'idempotency_key_reused', errors: [{ path: 'Idempotency-Key' }] } });
    expect(f.ctx.store.ledger.balance(n, 'money')).toBe(700);
  });

  it('a write that moves value without Idempotency-Key is refused', async () => {
    const n = await creditCard(f);
    const r = await f.json('POST', `/v1/cards/${n}/topups`, { body: { amount: 700 } });
    expect(r).toMatchObject({ status: 400, body: { errors: [{ path: 'idempotency-key' }] } });
    expect(f.ctx.store.ledger.balance(n, 'money')).toBe(0);
  });

  it('a refused write stores no key, so the till may retry it after fixing the cause', async () => {
    const c = (await f.json<{ id: string }>('POST', '/v1/customers', { body: person })).body;
    const s = (await f.json<{ number: string }>('POST', `/v1/customers/${c.id}/cards`, { body: { type: 'service' } })).body.number;
    expect((await f.json('POST', `/v1/cards/${s}/visits`, { body: {}, headers: { 'idempotency-key': 'visit-1' } })).status).toBe(422);
    await f.json('POST', `/v1/cards/${s}/topups`, { body: { visits: 1 }, headers: { 'idempotency-key': 'load' } });
    expect((await f.json('POST', `/v1/cards/${s}/visits`, { body: {}, headers: { 'idempotency-key': 'visit-1' } })).status).toBe(201);
    expect((await f.json('POST', `/v1/cards/${s}/visits`, { body: {}, headers: { 'idempotency-key': 'visit-1' } })).status).toBe(201);
    expect(f.ctx.store.ledger.balance(s, 'visits')).toBe(0);
  });
});

describe('API: auth scopes (GW-5)', () => {
  let f: ApiFixture;
  beforeEach(() => (f = apiFixture()));
  afterEach(() => f.close());

  it('GW-5: loopback needs no token; another address needs a bearer token', async () => {
    expect((await f.req('GET', '/v1/customers?q=Tamm')).status).toBe(200);
    expect((await f.json('GET', '/v1/customers?q=Tamm', { addr: '192.0.2.10' })).body).toMatchObject({ status: 401, code: 'unauthorized' });
    expect((await f.req('GET', '/v1/customers?q=Tamm', { addr: '192.0.2.10', headers: { authorization: 'Bearer till-token-0123456789' } })).status).toBe(200);
    expect((await f.json('GET', '/v1/customers?q=Tamm', { addr: '192.0.2.10', headers: { authorization: 'Bearer wrong-token-000000000' } })).status).toBe(401);
  });

  it('GW-5: admin routes need the admin scope from the network; a till token is 403', async () => {
    const till = await f.json('GET', '/v1/admin/discounts', { addr: '192.0.2.10', headers: { authorization: 'Bearer till-token-0123456789' } });
    expect(till).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    const admin = await f.json('GET', '/v1/admin/discounts', { addr: '192.0.2.10', headers: { authorization: 'Bearer admin-token-0123456789' } });
    expect(admin.status).toBe(200);
  });

  it('GW-5: with requireTokenOnLoopback even loopback needs a token', async () => {
    f.close();
    f = apiFixture(parseConfig(TEST_CONFIG_YAML.replace('api:\n', 'api:\n  requireTokenOnLoopback: true\n'), 't.yaml'));
    expect((await f.req('GET', '/v1/customers?q=Tamm')).status).toBe(401);
    expect((await f.req('GET', '/v1/customers?q=Tamm', { headers: { authorization: 'Bearer till-token-0123456789' } })).status).toBe(200);
  });

  it('health and the OpenAPI document need no token; /docs works offline from local assets', async () => {
    expect((await f.json('GET', '/v1/health', { addr: '192.0.2.10' })).body).toMatchObject({ status: 'ok', db: { ok: true } });
    const doc = await f.json<{ openapi: string; paths: Record<string, unknown> }>('GET', '/v1/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/v1/customers', '/v1/cards/{number}', '/v1/admin/discounts/{id}', '/v1/health']));
    const page = await (await f.req('GET', '/docs')).text();
    expect(page).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(page).not.toMatch(/https?:\/\//);
    const asset = await f.req('GET', '/docs/assets/swagger-ui-bundle.js');
    expect(asset.status).toBe(200);
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
});

describe('API: retried creates (tills retry every write)', () => {
  let f: ApiFixture;
  beforeEach(() => (f = apiFixture()));
  afterEach(() => f.close());

  it('CUST-1, CARD-1: a retried POST /v1/customers or /cards with its Idempotency-Key creates nothing twice', async () => {
    const a = await f.json<{ id: string }>('POST', '/v1/customers', { body: person, headers: { 'idempotency-key': 'new-cust-1' } });
    const b = await f.json<{ id: string }>('POST', '/v1/customers', { body: person, headers: { 'idempotency-key': 'new-cust-1' } });
    expect(b.body.id).toBe(a.body.id);
    const c1 = await f.json<{ number: string }>('POST', `/v1/customers/${a.body.id}/cards`, { body: {}, headers: { 'idempotency-key': 'new-card-1' } });
    const c2 = await f.json<{ number: string }>('POST', `/v1/customers/${a.body.id}/cards`, { body: {}, headers: { 'idempotency-key': 'new-card-1' } });
    expect(c2.body.number).toBe(c1.body.number);
    expect(f.ctx.store.db.prepare('SELECT COUNT(*) AS n FROM customers').get()).toMatchObject({ n: 1 });
    expect(f.ctx.store.db.prepare('SELECT COUNT(*) AS n FROM cards').get()).toMatchObject({ n: 1 });
  });
});
