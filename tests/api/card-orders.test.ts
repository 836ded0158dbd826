import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';
import { DEFAULT_ORDER_INFO } from '../../src/config/card-orders-schema.js';
import { numberFromSerial } from '../../src/engine/cards/card-numbers.js';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';
import { TEST_CONFIG_YAML, testConfig } from '../helpers/engine-fixture.js';

type J = Record<string, unknown>;
const person = { kind: 'person', firstName: 'Mari', lastName: 'Tamm', phone: '+372 5555 0001' };
const HOLIDAYS = 'holidays: [2026-12-24, 2026-12-25, 2026-12-26, 2027-01-01]';

describe('API: ordering physical cards (ORDER-1..5)', () => {
  let f: ApiFixture;
  let n = 0;
  const key = () => `order-${++n}`;
  afterEach(() => f.close());

  /** A fixture with `cardOrders` config (none when null), a customer and the given templates. */
  async function setup(cardOrders: string | null, templates: Record<string, J> = {}, at = '2026-11-23T08:00:00Z') {
    const yaml = cardOrders === null ? '' : cardOrders === '' ? 'cardOrders: {}\n' : `cardOrders:\n${cardOrders.replace(/^/gm, '  ')}\n`;
    f = apiFixture(testConfig(yaml));
    f.clock.set(at);
    for (const [id, body] of Object.entries(templates)) expect((await f.json('PUT', `/v1/admin/card-templates/${id}`, { body })).status).toBe(200);
    return (await f.json<{ id: string }>('POST', '/v1/customers', { body: person })).body.id;
  }
  const order = (body: J, k = key()) => f.json<J>('POST', '/v1/card-orders', { body, headers: { 'idempotency-key': k } });
  const count = (table: string) => (f.ctx.store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

  it('ORDER-1: without an order service the till gets the information only; an order is 422 and writes nothing', async () => {
    const customerId = await setup(null, { std: { name: 'Standard' } });
    const t = await f.json('GET', '/v1/card-templates');
    expect(t).toMatchObject({ status: 200, body: { orderService: false, info: DEFAULT_ORDER_INFO, items: [] } });
    const r = await order({ customerId });
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toMatch(/problem\+json/);
    expect(r.body).toMatchObject({ code: 'order_service_not_configured', info: DEFAULT_ORDER_INFO });
    expect([count('cards'), count('card_orders'), count("outbox WHERE type = 'card.ordered'"), count('idempotency_keys')]).toEqual([0, 0, 0, 0]);
  });

  it('ORDER-1: enabled: false keeps the configured information text for the till', async () => {
    const customerId = await setup('enabled: false\ninfo: "Cards come from head office, call 555 0100"');
    expect((await f.json('GET', '/v1/card-templates')).body).toEqual({
      orderService: false,
      info: 'Cards come from head office, call 555 0100',
      items: [],
      nextCursor: null,
    });
    expect((await order({ customerId })).body).toMatchObject({ code: 'order_service_not_configured', info: 'Cards come from head office, call 555 0100' });
  });

  it('ORDER-1: with an order service the till lists the templates, whether validity is mandatory, and the next dispatch date', async () => {
    await setup(`schedule: weekly\n${HOLIDAYS}`, { gold: { name: 'Gold', validityRequired: true }, std: { name: 'Standard' } });
    const t = await f.json('GET', '/v1/card-templates', { headers: { authorization: 'Bearer till-token-0123456789' }, addr: '10.0.0.5' });
    expect(t.status).toBe(200);
    expect(t.body).toEqual({
      orderService: true,
      schedule: 'weekly',
      validityRequired: false,
      dispatchDate: '2026-11-30',
      items: [
        { id: 'gold', name: 'Gold', validityRequired: true },
        { id: 'std', name: 'Standard', validityRequired: false },
      ],
      nextCursor: null,
    });
  });

  it('ORDER-2, ORDER-3: an order registers the card to the customer at once as `ordered` and goes to central in the same transaction', async () => {
    const customerId = await setup(`schedule: daily\n${HOLIDAYS}`, { std: { name: 'Standard' } });
    const r = await order({ customerId, validUntil: '2029-12-31', comment: '  ship to the shop  ' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      orderId: expect.any(String),
      cardNumber: expect.stringMatching(/^6009\d{12}$/),
      dispatchDate: '2026-11-24',
      status: 'ordered',
    });
    expect(r.body).toMatchObject({
      customerId,
      templateId: 'std',
      validUntil: '2029-12-31',
      comment: 'ship to the shop',
      schedule: 'daily',
      localDate: '2026-11-23',
    });
    const number = r.body.cardNumber as string;

    // ORDER-3: the customer's cards include it at once, with the template and the validity limit.
    const cust = await f.json<{ cards: J[] }>('GET', `/v1/customers/${customerId}`);
    expect(cust.body.cards).toEqual([expect.objectContaining({ number, status: 'ordered', type: 'discount' })]);
    expect((await f.json('GET', `/v1/cards/${number}`)).body).toMatchObject({ number, status: 'ordered', customer: { id: customerId } });
    expect(f.ctx.store.cards.get(number)).toMatchObject({ templateId: 'std', validity: { to: '2029-12-31' }, luhn: true });

    // The order row and its outbox event (no ledger entries) share one store_seq.
    const row = f.ctx.store.cardOrders.get(r.body.orderId as string);
    const ev = f.ctx.store.db.prepare("SELECT store_seq, payload FROM outbox WHERE type = 'card.ordered'").get() as { store_seq: number; payload: string };
    expect(row?.storeSeq).toBe(ev.store_seq);
    const payload = JSON.parse(ev.payload) as J;
    expect(payload).toMatchObject({ type: 'card.ordered', docType: 'card_order', docId: r.body.orderId, entries: [] });
    expect(payload.data).toEqual({ ...r.body, status: undefined });
    expect(count('ledger')).toBe(0);
  });

  it('ORDER-2: the order is exactly-once per Idempotency-Key; the key is required', async () => {
    const customerId = await setup('');
    const k = key();
    const first = await order({ customerId }, k);
    expect(first.status).toBe(201);
    const again = await order({ customerId }, k);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await order({ customerId, comment: 'other' }, k)).body).toMatchObject({ status: 409, code: 'idempotency_key_reused' });
    const noKey = await f.json('POST', '/v1/card-orders', { body: { customerId } });
    expect(noKey.status).toBe(400);
    expect([count('cards'), count('card_orders'), count("outbox WHERE type = 'card.ordered'")]).toEqual([1, 1, 1]);
  });

  it('ORDER-2: with no templates the order needs none; with one it is used; with several it must be named', async () => {
    const customerId = await setup('');
    expect((await order({ customerId })).body).toMatchObject({ status: 'ordered', templateId: null });
    await f.json('PUT', '/v1/admin/card-templates/std', { body: { name: 'Standard' } });
    expect((await order({ customerId })).body).toMatchObject({ templateId: 'std' });
    await f.json('PUT', '/v1/admin/card-templates/kids', { body: { name: 'Kids' } });
    const r = await order({ customerId });
    expect(r.body).toMatchObject({ status: 400, code: 'validation_failed', errors: [{ path: 'templateId', message: expect.stringContaining('kids, std') }] });
    expect((await order({ customerId, templateId: 'kids' })).body).toMatchObject({ templateId: 'kids' });
    expect((await order({ customerId, templateId: 'nope' })).body).toMatchObject({
      status: 422,
      code: 'reference_not_found',
      errors: [{ path: 'templateId' }],
    });
    expect(count('card_orders')).toBe(3);
  });

  it('ORDER-2: validity is mandatory when the template or the service says so, and must be a real date not in the past', async () => {
    let customerId = await setup('', { gold: { name: 'Gold', validityRequired: true }, std: { name: 'Standard' } });
    expect((await order({ customerId, templateId: 'gold' })).body).toMatchObject({
      status: 400,
      errors: [{ path: 'validUntil', message: 'required by the card order service' }],
    });
    expect((await order({ customerId, templateId: 'std' })).status).toBe(201);
    expect((await order({ customerId, templateId: 'gold', validUntil: '2027-02-30' })).body).toMatchObject({ status: 400, errors: [{ path: 'validUntil' }] });
    expect((await order({ customerId, templateId: 'gold', validUntil: '2026-11-22' })).body).toMatchObject({
      status: 400,
      errors: [{ path: 'validUntil', message: 'must not be in the past' }],
    });
    expect((await order({ customerId, templateId: 'gold', validUntil: '2026-11-23' })).status).toBe(201);
    f.close();

    customerId = await setup('validityRequired: true', { std: { name: 'Standard' } });
    expect((await order({ customerId })).body).toMatchObject({ status: 400, errors: [{ path: 'validUntil' }] });
    expect((await f.json('GET', '/v1/card-templates')).body).toMatchObject({ validityRequired: true, items: [{ id: 'std', validityRequired: true }] });
  });

  it('ORDER-2: bad input names the field and writes nothing', async () => {
    const customerId = await setup('');
    expect((await order({ customerId: 'no-such-customer' })).body).toMatchObject({ status: 404, code: 'customer_not_found', errors: [{ path: 'customerId' }] });
    expect((await order({ customerId, comment: 'x'.repeat(501) })).body).toMatchObject({ status: 400, errors: [{ path: 'comment' }] });
    expect((await order({ customerId, colour: 'red' })).body).toMatchObject({ status: 400, errors: [{ path: 'colour', message: 'unknown field' }] });
    expect((await order({})).body).toMatchObject({ status: 400, errors: [{ path: 'customerId', message: 'required' }] });
    expect([count('cards'), count('card_orders'), count("outbox WHERE type = 'card.ordered'")]).toEqual([0, 0, 0]);
    // A failed order used no card number: the next one gets serial 1.
    expect((await order({ customerId })).body).toMatchObject({ cardNumber: numberFromSerial({ id: 'loyalty', prefix: '6009', length: 16, luhn: true }, 1) });
  });

  it('ORDER-3: ordered cards take their numbers from the configured scheme', async () => {
    const customerId = await setup('scheme: plain');
    const r = await order({ customerId });
    expect(r.body.cardNumber).toBe('77000001');
    expect(f.ctx.store.cards.get('77000001')).toMatchObject({ luhn: false, status: 'ordered' });
  });

  it.each([
    // 2026-12-31T22:30Z is already Friday 1 January 2027 (a holiday) in Tallinn: the store-local date counts.
    ['daily', '2026-12-31T22:30:00Z', '2027-01-01', '2027-01-04'],
    ['weekly', '2026-12-31T22:30:00Z', '2027-01-01', '2027-01-04'],
    ['monthly', '2026-12-31T22:30:00Z', '2027-01-01', '2027-02-01'],
    ['daily', '2026-12-23T12:00:00Z', '2026-12-23', '2026-12-28'],
    ['weekly', '2026-12-17T12:00:00Z', '2026-12-17', '2026-12-21'],
    ['monthly', '2026-11-30T12:00:00Z', '2026-11-30', '2026-12-01'],
  ])('ORDER-4: %s dispatch of an order at %s (local %s) is %s', async (schedule, at, localDate, dispatch) => {
    const customerId = await setup(`schedule: ${schedule}\n${HOLIDAYS}`, {}, at);
    expect((await f.json('GET', '/v1/card-templates')).body).toMatchObject({ dispatchDate: dispatch });
    expect((await order({ customerId })).body).toMatchObject({ schedule, localDate, dispatchDate: dispatch });
  });

  it('ORDER-5, CARD-15: after ordering, loyalty programs are added to the ordered card; it gives them as soon as it is presented', async () => {
    const customerId = await setup('');
    await f.json('PUT', '/v1/admin/discounts/d10', { body: { name: 'Ten', percent: 1000, covers: { all: true } } });
    await f.json('PUT', '/v1/admin/stamp-programs/coffee', { body: { name: 'Coffee', covers: { groups: ['coffee'] }, threshold: 6 } });
    const number = (await order({ customerId })).body.cardNumber as string;
    const p = await f.json('PATCH', `/v1/cards/${number}`, { body: { discounts: [{ discountId: 'd10' }], stampPrograms: ['coffee'] } });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ status: 'ordered', discounts: [{ discountId: 'd10' }], stampPrograms: ['coffee'] });
    const basket = { card: number, at: '2026-11-23T10:00:00+02:00', lines: [{ sku: 'A', qty: 1, unitPrice: 1000 }] };
    expect((await f.json('POST', '/v1/baskets/evaluate', { body: basket })).body).toMatchObject({ totals: { discount: 100 } });
    await f.json('PATCH', `/v1/cards/${number}`, { body: { status: 'active' } });
    expect((await f.json('GET', `/v1/cards/${number}`)).body).toMatchObject({ status: 'active', validNow: true });
  });

  it('ORDER-2: any JSON body gets a 201 or a 4xx with a stable code, never a 5xx (bounded fuzz); both routes are in the OpenAPI document', async () => {
    const customerId = await setup(`validityRequired: false\n${HOLIDAYS}`, { std: { name: 'Standard', validityRequired: true } });
    const wild = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.string({ maxLength: 600 }),
      fc.constantFrom(null, '', customerId, 'std', 'nope', '2026-02-30', '2030-01-01', '2020-01-01'),
    );
    const bodies = fc.oneof(fc.dictionary(fc.constantFrom('customerId', 'templateId', 'validUntil', 'comment', 'bogus'), wild), fc.jsonValue({ maxDepth: 3 }));
    await fc.assert(
      fc.asyncProperty(bodies, async (b) => {
        const r = await order(b as J);
        expect(r.status === 201 || (r.status >= 400 && r.status < 500 && typeof r.body.code === 'string')).toBe(true);
      }),
      { numRuns: 200 },
    );
    expect(count('card_orders')).toBe(count("outbox WHERE type = 'card.ordered'"));
    const doc = await f.json<{ paths: J }>('GET', '/v1/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/v1/card-orders', '/v1/card-templates']));
  });
});

describe('config: cardOrders (ORDER-1, ORDER-4)', () => {
  const problems = (extra: string) => {
    try {
      parseConfig(TEST_CONFIG_YAML + extra, 'bad.yaml');
    } catch (e) {
      if (e instanceof ConfigError) return e.problems;
      throw e;
    }
    throw new Error('expected a ConfigError');
  };

  it('defaults: enabled, daily, no holidays; unquoted YAML dates are read as dates', () => {
    expect(testConfig('cardOrders: {}\n').cardOrders).toEqual({ enabled: true, validityRequired: false, schedule: 'daily', holidays: [] });
    expect(testConfig(`cardOrders:\n  ${HOLIDAYS}\n`).cardOrders?.holidays).toEqual(['2026-12-24', '2026-12-25', '2026-12-26', '2027-01-01']);
  });

  it('a bad schedule, holiday or scheme is reported with its path and line', () => {
    const p = problems('cardOrders:\n  schedule: hourly\n  holidays: [2026-12-24, 2026-02-30]\n');
    const byPath = Object.fromEntries(p.map((x) => [x.path, x]));
    expect(byPath['cardOrders.schedule']).toMatchObject({ line: TEST_CONFIG_YAML.split('\n').length + 1 });
    expect(byPath['cardOrders.holidays.1']).toMatchObject({ message: 'not a real date' });
    // Cross-field checks run once the fields themselves are valid.
    expect(problems('cardOrders: { scheme: nope }\n')).toEqual([
      expect.objectContaining({ path: 'cardOrders.scheme', message: 'no card scheme with id "nope"' }),
    ]);
  });
});
