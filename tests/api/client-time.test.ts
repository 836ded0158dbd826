import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';
import { testConfig } from '../helpers/engine-fixture.js';

type J = Record<string, unknown>;

// Europe/Tallinn is UTC+2 in November. 2026-11-23 is a Monday.
const MON = '2026-11-23';
const TUE_10 = '2026-11-24T08:00:00Z';

/** Issue 9 item 6: every client-sent time is bounded; per-day windows are [day start, next day start) in store time. */
describe('API: client time bounds and day windows', () => {
  let f: ApiFixture;
  let customerId: string;
  let n = 0;

  async function card(body: J): Promise<string> {
    return (await f.json<{ number: string }>('POST', `/v1/customers/${customerId}/cards`, { body })).body.number;
  }
  function receipt(body: J, at: string) {
    n++;
    return f.json<J>('POST', '/v1/receipts', { body: { tillId: 't1', receiptNo: `r${n}`, at, ...body }, headers: { 'idempotency-key': `k-${n}` } });
  }
  const pay = (c: string, amount: number) => ({ card: c, lines: [{ sku: 'A', qty: 1, unitPrice: amount }], payments: [{ method: 'card', amount }] });

  beforeEach(async () => {
    f = apiFixture();
    f.clock.set(TUE_10);
    await f.json('PUT', '/v1/admin/discounts/d10', { body: { name: 'Ten', percent: 1000, covers: { all: true } } });
    customerId = (
      await f.json<{ id: string }>('POST', '/v1/customers', {
        body: { kind: 'person', firstName: 'Mari', lastName: 'Tamm', phone: '+372 5555 0001', email: 'mari@example.ee', creditLimit: 10_000_000 },
      })
    ).body.id;
  });
  afterEach(() => f.close());

  it('CARD-3: a receipt or basket `at` more than 5 minutes ahead or more than maxBackdateHours back is 422 timestamp_out_of_range naming at', async () => {
    const c = await card({ type: 'discount_payment', dailyLimit: 10_000 });
    for (const at of ['9999-12-31T23:59:59Z', '2026-12-24T08:00:00Z', '2026-11-24T08:06:00Z', '2026-11-21T06:59:59Z', '2000-01-01T00:00:00Z']) {
      const r = await receipt(pay(c, 7_000), at);
      expect(r.status, at).toBe(422);
      expect(r.body).toMatchObject({ code: 'timestamp_out_of_range', errors: [{ path: 'at' }] });
      const e = await f.json('POST', '/v1/baskets/evaluate', { body: { card: c, at, lines: [{ sku: 'A', qty: 1, unitPrice: 100 }] } });
      expect(e).toMatchObject({ status: 422, body: { code: 'timestamp_out_of_range', errors: [{ path: 'at' }] } });
    }
    expect(f.ctx.store.db.prepare('SELECT COUNT(*) AS n FROM receipts').get()).toMatchObject({ n: 0 });
    expect((await receipt(pay(c, 100), '2026-11-24T08:04:59Z')).status).toBe(201);
    expect((await receipt(pay(c, 100), '2026-11-21T08:00:01Z')).status).toBe(201);
  });

  it('CARD-4, CARD-6: backdating past maxBackdateHours cannot revive an expired validity or a past birthday window', async () => {
    await f.json('PATCH', `/v1/customers/${customerId}`, { body: { birthDate: '1990-11-15' } });
    const expired = await card({ validity: { to: '2026-11-18' }, discounts: [{ discountId: 'd10' }] });
    const birthday = await card({ discounts: [{ discountId: 'd10', birthday: true }], birthdayWindow: { daysBefore: 0, daysAfter: 3 } });
    for (const c of [expired, birthday]) {
      const basket = { card: c, at: '2026-11-17T10:00:00Z', lines: [{ sku: 'A', qty: 1, unitPrice: 1000 }] };
      expect((await f.json('POST', '/v1/baskets/evaluate', { body: basket })).body).toMatchObject({ code: 'timestamp_out_of_range', errors: [{ path: 'at' }] });
      const r = await receipt({ ...basket, payments: [{ method: 'cash', amount: 900 }] }, basket.at);
      expect(r.body).toMatchObject({ code: 'timestamp_out_of_range' });
      expect((await f.json('POST', '/v1/baskets/evaluate', { body: { ...basket, at: TUE_10 } })).body).toMatchObject({ totals: { discount: 0 } });
    }
  });

  it('CARD-3: loyalty.maxBackdateHours is configurable', async () => {
    f.close();
    f = apiFixture(testConfig('loyalty: { maxBackdateHours: 1 }\n'));
    f.clock.set(TUE_10);
    expect(f.ctx.config.loyalty.maxBackdateHours).toBe(1);
    const e = await f.json('POST', '/v1/baskets/evaluate', { body: { at: '2026-11-24T06:59:00Z', lines: [{ sku: 'A', qty: 1, unitPrice: 100 }] } });
    expect(e).toMatchObject({ status: 422, body: { code: 'timestamp_out_of_range' } });
    expect((await f.json('POST', '/v1/baskets/evaluate', { body: { at: '2026-11-24T07:01:00Z', lines: [{ sku: 'A', qty: 1, unitPrice: 100 }] } })).status).toBe(
      200,
    );
  });

  it('CARD-3: a payment dated after the day (just past midnight) does not count against that day’s daily limit', async () => {
    f.clock.set(`${MON}T21:58:00Z`); // Monday 23:58 local
    const c = await card({ type: 'discount_payment', dailyLimit: 10_000 });
    expect((await receipt(pay(c, 10_000), `${MON}T22:02:00Z`)).status).toBe(201); // Tuesday 00:02 local
    const monday = await receipt(pay(c, 10_000), `${MON}T21:57:00Z`);
    expect(monday.status).toBe(201);
  });

  it('CARD-3: a late-posted Monday receipt is judged by Monday’s spending, not Tuesday’s', async () => {
    const c = await card({ type: 'discount_payment', dailyLimit: 10_000 });
    expect((await receipt(pay(c, 10_000), '2026-11-24T07:00:00Z')).status).toBe(201); // Tuesday 09:00
    expect((await receipt(pay(c, 1), '2026-11-24T07:30:00Z')).body).toMatchObject({ code: 'daily_limit_exceeded' });
    expect((await receipt(pay(c, 10_000), `${MON}T13:00:00Z`)).status).toBe(201); // Monday 15:00, posted late
    expect((await receipt(pay(c, 1), `${MON}T14:00:00Z`)).body).toMatchObject({ code: 'daily_limit_exceeded' });
    expect((await f.json('GET', `/v1/cards/${c}`)).body).toMatchObject({ dailyRemaining: 0 });
  });

  it('CARD-10: a late-posted receipt is judged by the turnover up to the end of its own day; later turnover does not count', async () => {
    await f.json('PUT', '/v1/admin/discounts/t5', { body: { name: 'Tier 5', percent: 500, covers: { all: true } } });
    await f.json('PUT', '/v1/admin/tiers', { body: { mode: 'online', windowMonths: 1, levels: [{ turnover: 1000, discountId: 't5' }] } });
    const c = await card({ discounts: [] });
    const cash = (amount: number) => ({ card: c, lines: [{ sku: 'A', qty: 1, unitPrice: amount }], payments: [{ method: 'cash', amount }] });
    expect((await receipt(cash(600), '2026-11-24T07:00:00Z')).body).toMatchObject({ tier: null }); // Tuesday 09:00
    expect((await receipt(cash(500), `${MON}T13:00:00Z`)).body).toMatchObject({ tier: null }); // Monday 15:00: Monday's window holds 500
    expect((await receipt(cash(1), '2026-11-24T07:30:00Z')).body).toMatchObject({ tier: 0 }); // Tuesday: 1101
  });

  it('CARD-11: a balance reset asOf before now − maxBackdateHours or after today is 422 timestamp_out_of_range naming asOf', async () => {
    for (const asOf of ['2026-11-20', '2026-11-25', '9999-12-31', '1970-01-01']) {
      const r = await f.json('POST', '/v1/admin/balance-resets', { body: { asOf }, headers: { 'idempotency-key': `reset-${asOf}` } });
      expect(r, asOf).toMatchObject({ status: 422, body: { code: 'timestamp_out_of_range', errors: [{ path: 'asOf' }] } });
    }
    expect((await f.json('POST', '/v1/admin/balance-resets', { body: { asOf: '2026-11-21' }, headers: { 'idempotency-key': 'ok' } })).status).toBe(201);
  });

  it('CARD-11: a backdated balance reset never makes a balance negative and leaves what was earned after asOf', async () => {
    f.clock.set(`${MON}T08:00:00Z`);
    const c = await card({ type: 'credit' });
    await f.json('POST', `/v1/cards/${c}/topups`, { body: { amount: 1000 }, headers: { 'idempotency-key': 'load-1' } });
    f.clock.set(TUE_10);
    expect((await receipt(pay(c, 600), '2026-11-24T07:00:00Z')).status).toBe(201);
    await f.json('POST', `/v1/cards/${c}/topups`, { body: { amount: 500 }, headers: { 'idempotency-key': 'load-2' } });
    // Held at the end of Monday: 1000; 600 of it was spent on Tuesday; 500 came on Tuesday.
    const r = await f.json('POST', '/v1/admin/balance-resets', { body: { type: 'credit', asOf: MON }, headers: { 'idempotency-key': 'reset-1' } });
    expect(r).toMatchObject({ status: 201, body: { cards: 1, entries: 1 } });
    expect(f.ctx.store.ledger.balance(c, 'money')).toBe(500);
    const again = await f.json('POST', '/v1/admin/balance-resets', { body: { type: 'credit', asOf: MON }, headers: { 'idempotency-key': 'reset-2' } });
    expect(again.body).toMatchObject({ cards: 0 });
    expect(f.ctx.store.ledger.balance(c, 'money')).toBe(500);
    expect(f.ctx.store.ledger.cacheMismatches()).toEqual([]);
  });

  it('CARD-11: a receipt dated before a reset that already ran cannot keep or spend points the reset zeroed', async () => {
    f.clock.set(`${MON}T10:00:00Z`);
    const c = await card({ type: 'bonus', discounts: [{ discountId: 'd10' }] });
    const buy = (amount: number) => ({ card: c, lines: [{ sku: 'A', qty: 1, unitPrice: amount }], payments: [{ method: 'cash', amount }] });
    expect((await receipt(buy(10_000), `${MON}T10:00:00Z`)).body).toMatchObject({ bonusEarned: 1000 });
    f.clock.set(TUE_10);
    expect((await f.json('POST', '/v1/admin/balance-resets', { body: { type: 'bonus', asOf: MON }, headers: { 'idempotency-key': 'reset' } })).status).toBe(
      201,
    );
    expect(f.ctx.store.ledger.balance(c, 'bonus')).toBe(0);
    // Posted late, dated Monday evening: its bonus was earned before the cutoff and expires with it.
    const late = await receipt(buy(5_000), `${MON}T18:00:00Z`);
    expect(late.status).toBe(201);
    expect(f.ctx.store.ledger.balance(c, 'bonus')).toBe(0);
    const spend = await receipt({ card: c, lines: [{ sku: 'B', qty: 1, unitPrice: 100 }], payments: [{ method: 'bonus', amount: 100 }] }, `${MON}T19:00:00Z`);
    expect(spend.status).toBe(422);
    // Earned after the cutoff stays.
    expect((await receipt(buy(2_000), '2026-11-24T07:00:00Z')).status).toBe(201);
    expect(f.ctx.store.ledger.balance(c, 'bonus')).toBe(200);
    expect(f.ctx.store.ledger.cacheMismatches()).toEqual([]);
  });
});
