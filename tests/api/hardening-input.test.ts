import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchCustomers } from '../../src/engine/customers/customers.js';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';

const admin = { authorization: 'Bearer admin-token-0123456789' };

/** Issue 9 item 9: control characters in query and path parameters are bad input, never a 500. */
describe('API: control characters in parameters', () => {
  let f: ApiFixture;
  beforeEach(() => (f = apiFixture()));
  afterEach(() => f.close());

  for (const [name, raw] of [
    ['NUL', '%00'],
    ['newline', '%0A'],
    ['DEL', '%7F'],
    ['C1 control', '%C2%85'],
    ['escape', '%1B'],
  ] as const) {
    it(`CUST-5: a ${name} in the search q is 400 validation_failed naming q`, async () => {
      for (const q of [`Tamm${raw}`, `${raw}ab`, `Ta${raw}mm${raw}x`, raw]) {
        const r = await f.json('GET', `/v1/customers?q=${q}`, { headers: admin });
        expect(r.status, q).toBe(400);
        expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
        expect(r.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'q' }] });
      }
    });
  }

  it('CUST-5: ordinary text with spaces, quotes and non-ASCII letters still searches', async () => {
    await f.json('POST', '/v1/customers', { body: { kind: 'person', firstName: 'Ülle', lastName: "O'Tamm", phone: '+372 5555 0001' } });
    const r = await f.json<{ items: unknown[] }>('GET', `/v1/customers?q=${encodeURIComponent("O'Tamm")}`, { headers: admin });
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(1);
  });

  it('CARD-2: control characters in card, customer, voucher and receipt path parameters are 4xx, never 5xx', async () => {
    const paths = [
      '/v1/cards/6009%000000000017',
      '/v1/customers/abc%00def',
      '/v1/customers/abc%00def/transactions',
      '/v1/vouchers/12%003',
      '/v1/admin/voucher-ranges/a%00b',
      '/v1/admin/discounts/a%00b',
    ];
    for (const p of paths) {
      const r = await f.json('GET', p, { headers: admin });
      expect(r.status, p).toBeGreaterThanOrEqual(400);
      expect(r.status, p).toBeLessThan(500);
    }
  });
});

describe('engine: customer search refuses control characters itself', () => {
  let f: ApiFixture;
  beforeEach(() => (f = apiFixture()));
  afterEach(() => f.close());

  it('CUST-5: searchCustomers with a NUL is validation_failed naming q, not an FTS error', () => {
    expect(() => searchCustomers(f.ctx, 'Tamm\u0000x', 'admin', 20)).toThrowError(
      expect.objectContaining({ code: 'validation_failed', errors: [{ path: 'q', message: 'no control characters' }] }) as Error,
    );
  });
});
