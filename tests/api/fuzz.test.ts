import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';

/** Values that look like what a buggy till might send for any field. */
const wild = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ maxLength: 300 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, '', '0', -1, 1e308, '2026-02-30', '25:61', '6009000000000016', 'person', 'company', 'credit', true),
);

const CUSTOMER_KEYS = [
  'kind',
  'firstName',
  'lastName',
  'companyName',
  'phone',
  'email',
  'birthDate',
  'creditLimit',
  'billingCustomerId',
  'marketingAllowed',
  'country',
  'bogus',
];
const CARD_KEYS = ['number', 'type', 'luhn', 'validity', 'discounts', 'birthdayWindow', 'message', 'dailyLimit', 'creditLimit', 'status', 'stampPrograms'];
const MASTER_KEYS = ['name', 'percent', 'covers', 'validity', 'threshold', 'voucher', 'privilegeId', 'pointsAtLeast', 'mode', 'levels', 'validityRequired'];

const objectOf = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), wild, { maxKeys: keys.length });
const body = (keys: string[]) => fc.oneof(objectOf(keys), fc.jsonValue({ maxDepth: 3 }));

describe('API fuzz (bounded): any JSON gets a 2xx or a 4xx with a stable code, never a 5xx', () => {
  let f: ApiFixture;
  let customerId = '';
  let cardNumber = '';
  beforeAll(async () => {
    f = apiFixture();
    customerId = (await f.json<{ id: string }>('POST', '/v1/customers', { body: { kind: 'person', firstName: 'F', lastName: 'Z', phone: '+372 5000 0000' } }))
      .body.id;
    cardNumber = (await f.json<{ number: string }>('POST', `/v1/customers/${customerId}/cards`, { body: { type: 'credit' } })).body.number;
  });
  afterAll(() => f.close());

  const routes: [string, () => string, fc.Arbitrary<unknown>][] = [
    ['POST', () => '/v1/customers', body(CUSTOMER_KEYS)],
    ['PATCH', () => `/v1/customers/${customerId}`, body(CUSTOMER_KEYS)],
    ['POST', () => `/v1/customers/${customerId}/cards`, body(CARD_KEYS)],
    ['PATCH', () => `/v1/cards/${cardNumber}`, body(CARD_KEYS)],
    ['POST', () => `/v1/cards/${cardNumber}/topups`, body(['amount', 'visits'])],
    ['PUT', () => '/v1/admin/discounts/d1', body(MASTER_KEYS)],
    ['PUT', () => '/v1/admin/tiers', body(MASTER_KEYS)],
    ['PUT', () => '/v1/admin/privileges/p1', body(MASTER_KEYS)],
    ['PUT', () => '/v1/admin/stamp-programs/s1', body(MASTER_KEYS)],
    ['POST', () => '/v1/admin/balance-resets', body(['type', 'asOf'])],
  ];

  it.each(routes.map(([m, p, b]) => [`${m} ${p().replace(/\/[0-9a-f-]{20,}|\d{8,}/g, '/…')}`, m, p, b] as const))('%s', async (_name, method, path, arb) => {
    let i = 0;
    await fc.assert(
      fc.asyncProperty(arb, async (b) => {
        const res = await f.req(method, path(), { body: b, headers: { 'idempotency-key': `fuzz-${i++}` } });
        const text = await res.text();
        expect(res.status, text).toBeLessThan(500);
        if (res.status >= 400) expect(JSON.parse(text)).toMatchObject({ code: expect.any(String), status: res.status });
      }),
      { numRuns: 60 },
    );
  });

  it('malformed JSON text on every body route is a 400 malformed_json', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.constantFrom('{', '{"a":}', '[1,', 'nul', '{"kind":"person",}', '\u0000'), async ([m, p], raw) => {
        const res = await f.req(m, p(), { rawBody: raw, headers: { 'content-type': 'application/json', 'idempotency-key': 'x' } });
        expect(res.status).toBe(400);
        expect(((await res.json()) as { code: string }).code).toBe('malformed_json');
      }),
      { numRuns: 30 },
    );
  });

  it('GW-5: a body over api.maxBodyBytes is a 413 payload_too_large and writes nothing, by Content-Length or chunked', async () => {
    const big = JSON.stringify({ kind: 'person', firstName: 'A', lastName: 'B', phone: '+372 5000 0009', note: 'x'.repeat(2 * 1024 * 1024) });
    const count = () => (f.ctx.store.db.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n;
    const before = count();
    const byLength = await f.req('POST', '/v1/customers', { rawBody: big, headers: { 'content-type': 'application/json' } });
    const env = { incoming: { socket: { remoteAddress: '127.0.0.1' } } };
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    };
    const chunked = await f.app.request('/v1/customers', init as RequestInit, env);
    for (const res of [byLength, chunked]) {
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ code: 'payload_too_large' });
    }
    expect(count()).toBe(before);
  });
});
