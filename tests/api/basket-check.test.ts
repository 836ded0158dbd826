import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plainBasket } from '../../src/api/schemas/basket-check.js';
import { basketBody } from '../../src/api/schemas/receipt.js';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';

/** Values near the edges of every field: valid ones, and ones zod refuses or changes (trim). */
const text = fc.oneof(
  fc.constantFrom('A', 'PIZZA-M', 'x'.repeat(64), 'x'.repeat(65), '', ' ', ' A', 'A ', '\tA', 'Ä', '😀'.repeat(32), '😀'.repeat(33)),
  fc.string({ maxLength: 70 }),
);
const anyValue = fc.oneof(fc.constant(null), fc.constant(undefined), fc.boolean(), fc.double(), fc.integer(), text, fc.constant([]), fc.constant({}));
const int = fc.oneof(
  fc.constantFrom(0, 1, 100_000, 100_001, 100_000_000, 100_000_001, -1, 1.5, Number.NaN, Infinity, 2 ** 53),
  fc.integer({ min: -10, max: 200_000_000 }),
);
const line = fc.record(
  { sku: fc.oneof(text, anyValue), group: fc.oneof(text, anyValue), qty: fc.oneof(int, anyValue), unitPrice: fc.oneof(int, anyValue), extra: anyValue },
  { requiredKeys: [] },
);
const basket = fc.record(
  {
    card: fc.oneof(fc.constantFrom('6009000000000017', '123', '1234', '1'.repeat(24), '1'.repeat(25), '12a4'), anyValue),
    customerId: fc.oneof(fc.constantFrom('c-1', 'a:b.c_d', 'bad id', 'x'.repeat(64), 'x'.repeat(65)), anyValue),
    at: fc.oneof(fc.constantFrom('2026-11-23T10:15:00+02:00', '2026-11-23T10:15:00Z', '2026-11-23T10:15:00', '2026-13-23T10:15:00Z', 'now'), anyValue),
    lines: fc.oneof(fc.array(line, { maxLength: 4 }), anyValue),
    payWithCard: fc.oneof(fc.boolean(), anyValue),
    extra: anyValue,
  },
  { requiredKeys: [] },
);
const validLine = fc.record(
  {
    sku: fc.constantFrom('A', 'PIZZA-M'),
    group: fc.constantFrom('pizza', 'drinks'),
    qty: fc.integer({ min: 1, max: 100_000 }),
    unitPrice: fc.integer({ min: 0, max: 100_000_000 }),
  },
  { requiredKeys: ['sku', 'qty', 'unitPrice'] },
);
const validBasket = fc.record(
  {
    card: fc.constant('6009000000000017'),
    customerId: fc.constant('c-1'),
    at: fc.constant('2026-11-23T10:15:00+02:00'),
    lines: fc.array(validLine, { minLength: 1, maxLength: 30 }),
    payWithCard: fc.boolean(),
  },
  { requiredKeys: ['lines'] },
);

describe('GW-8: the hand check of an evaluate basket (the route’s fast path) never disagrees with zod', () => {
  it('GW-8: whatever the hand check accepts, zod accepts and returns unchanged (generated and broken baskets)', () => {
    fc.assert(
      fc.property(basket, (b) => {
        // JSON cannot carry undefined: the route only ever sees what JSON.parse gives
        const input: unknown = JSON.parse(JSON.stringify(b));
        const fast = plainBasket(input);
        if (fast === null) return;
        const z = basketBody.safeParse(input);
        expect(z.success).toBe(true);
        expect(fast).toEqual(z.data);
      }),
      { numRuns: 3000 },
    );
  });

  it('GW-8: a plainly valid basket takes the fast path', () => {
    fc.assert(
      fc.property(validBasket, (b) => {
        const input: unknown = JSON.parse(JSON.stringify(b));
        expect(plainBasket(input)).toEqual(basketBody.parse(input));
      }),
      { numRuns: 500 },
    );
  });
});

describe('GW-5, GW-8: POST /v1/baskets/evaluate refuses as every validated route does', () => {
  let f: ApiFixture;
  beforeEach(() => (f = apiFixture()));
  afterEach(() => f.close());
  const evaluate = (body: unknown) =>
    f.json<{ code?: string; errors?: { path: string; message: string }[]; lines?: { sku: string }[] }>('POST', '/v1/baskets/evaluate', { body });

  it('GW-5: a missing, a wrong and an unknown field are each named in a validation_failed problem', async () => {
    expect((await evaluate({})).body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'lines', message: 'required' }] });
    const r = await evaluate({ lines: [{ sku: 'A', qty: 0, unitPrice: 100 }], extra: 1 });
    expect(r.body.code).toBe('validation_failed');
    expect(r.body.errors?.map((e) => e.path).sort()).toEqual(['extra', 'lines.0.qty']);
  });

  it('GW-8: a basket zod has to tidy (a SKU with spaces) still evaluates, with the SKU trimmed', async () => {
    const r = await evaluate({ lines: [{ sku: ' A ', qty: 1, unitPrice: 100 }] });
    expect(r.status).toBe(200);
    expect(r.body.lines?.[0]?.sku).toBe('A');
  });

  it('GW-5: a body that is not JSON is malformed_json; a write that is not JSON is 415', async () => {
    expect((await f.json('POST', '/v1/baskets/evaluate', { rawBody: '{"lines": [', headers: { 'content-type': 'application/json' } })).body).toMatchObject({
      code: 'malformed_json',
    });
    expect((await f.json('POST', '/v1/baskets/evaluate', { rawBody: 'lines=1', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
  });
});
