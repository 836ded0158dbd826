/**
 * GW-8: basket evaluation reads cards and customers through a hot-row cache; every write that
 * changes what it reads must show in the very next evaluation. Each case evaluates first (so the
 * card and customer are cached), writes through the API, and evaluates again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';

type J = Record<string, unknown>;
interface Evaluation {
  lines: { discount: number; applied: { discountId: string } | null; reason: { code: string } }[];
  totals: { gross: number; discount: number; net: number };
  card: { status: string; message: string | null; validNow: boolean } | null;
  payment: { moneyAvailable: number | null; dailyRemaining: number | null };
}

const AT = '2026-11-23T10:15:00+02:00';

describe('GW-8: a write is seen by the next evaluation (hot-row cache)', () => {
  let f: ApiFixture;
  let customerId: string;
  let n = 0;
  const key = () => ({ 'idempotency-key': `fresh-${++n}` });

  beforeEach(async () => {
    f = apiFixture();
    f.clock.set('2026-11-23T08:15:00Z');
    for (const [id, body] of Object.entries({
      d10: { name: 'Ten', percent: 1000, covers: { all: true } },
      bday30: { name: 'Birthday 30', percent: 3000, covers: { all: true } },
      t20: { name: 'Tier 20', percent: 2000, covers: { all: true } },
    }))
      await f.json('PUT', `/v1/admin/discounts/${id}`, { body });
    const person = { kind: 'person', firstName: 'Mari', lastName: 'Tamm', phone: '+372 5555 0001', email: 'mari@example.ee', birthDate: '1990-03-15' };
    customerId = (await f.json<{ id: string }>('POST', '/v1/customers', { body: person })).body.id;
  });
  afterEach(() => f.close());

  const card = async (body: J) => (await f.json<{ number: string }>('POST', `/v1/customers/${customerId}/cards`, { body, headers: key() })).body.number;
  async function evaluate(c: string, extra: J = {}): Promise<Evaluation> {
    const r = await f.json<Evaluation>('POST', '/v1/baskets/evaluate', { body: { card: c, at: AT, lines: [{ sku: 'A', qty: 1, unitPrice: 1000 }], ...extra } });
    expect(r.status).toBe(200);
    return r.body;
  }

  it('GW-8, CARD-7: a card blocked, then unblocked, between evaluations gives nothing, then its discount again; a new message shows at once', async () => {
    const c = await card({ discounts: [{ discountId: 'd10' }] });
    expect((await evaluate(c)).totals.discount).toBe(100);
    expect((await f.json('PATCH', `/v1/cards/${c}`, { body: { status: 'blocked', message: 'call the office' } })).status).toBe(200);
    const blocked = await evaluate(c);
    expect(blocked.card).toMatchObject({ status: 'blocked', message: 'call the office', validNow: false });
    expect(blocked.lines[0]?.reason.code).toBe('card_blocked');
    expect((await f.json('PATCH', `/v1/cards/${c}`, { body: { status: 'active' } })).status).toBe(200);
    expect((await evaluate(c)).totals.discount).toBe(100);
  });

  it('GW-8, CARD-5: a changed discount list of the card is used by the next evaluation', async () => {
    const c = await card({ discounts: [{ discountId: 'd10' }] });
    expect((await evaluate(c)).lines[0]?.applied?.discountId).toBe('d10');
    expect((await f.json('PATCH', `/v1/cards/${c}`, { body: { discounts: [{ discountId: 't20' }] } })).status).toBe(200);
    expect((await evaluate(c)).lines[0]?.applied?.discountId).toBe('t20');
  });

  it('GW-8, CARD-6: a birth date changed on the customer moves the birthday discount in the next evaluation', async () => {
    const c = await card({ discounts: [{ discountId: 'bday30', birthday: true }, { discountId: 'd10' }], birthdayWindow: { daysBefore: 2, daysAfter: 2 } });
    expect((await evaluate(c)).totals.discount).toBe(100); // born 15 March: not today
    expect((await f.json('PATCH', `/v1/customers/${customerId}`, { body: { birthDate: '1990-11-24' } })).status).toBe(200);
    expect((await evaluate(c)).totals.discount).toBe(300);
  });

  it('GW-8, CUST-4, CARD-13: a new customer credit limit, a deposit and a new daily limit show in the next evaluation of a discount_payment card', async () => {
    const c = await card({ type: 'discount_payment' });
    expect((await evaluate(c, { payWithCard: true })).payment).toMatchObject({ moneyAvailable: 0, dailyRemaining: null });
    expect((await f.json('PATCH', `/v1/customers/${customerId}`, { body: { creditLimit: 50_000 } })).status).toBe(200);
    expect((await evaluate(c, { payWithCard: true })).payment.moneyAvailable).toBe(50_000);
    expect((await f.json('POST', `/v1/customers/${customerId}/deposits`, { body: { amount: 700 }, headers: key() })).status).toBe(201);
    expect((await f.json('PATCH', `/v1/cards/${c}`, { body: { dailyLimit: 20_000 } })).status).toBe(200);
    expect((await evaluate(c, { payWithCard: true })).payment).toMatchObject({ moneyAvailable: 50_700, dailyRemaining: 20_000 });
  });

  it('GW-8, CARD-10: a receipt that lifts the customer to a tier (online) gives the tier discount in the next evaluation; a batch recompute that drops it is seen too', async () => {
    await f.json('PUT', '/v1/admin/tiers', { body: { mode: 'online', levels: [{ turnover: 5000, discountId: 't20' }] } });
    const c = await card({ discounts: [{ discountId: 'd10' }] });
    expect((await evaluate(c)).totals.discount).toBe(100);
    const big = {
      tillId: 't1',
      receiptNo: 'r1',
      at: AT,
      card: c,
      lines: [{ sku: 'A', qty: 10, unitPrice: 1000 }],
      payments: [{ method: 'cash', amount: 9000 }],
    };
    expect((await f.json('POST', '/v1/receipts', { body: big, headers: key() })).body).toMatchObject({ tier: 0 });
    expect((await evaluate(c)).totals.discount).toBe(200);
    // A year later the turnover is outside the window: the batch recompute takes the tier away.
    await f.json('PUT', '/v1/admin/tiers', { body: { mode: 'batch', windowMonths: 1, levels: [{ turnover: 5000, discountId: 't20' }] } });
    f.clock.set('2027-11-23T08:15:00Z');
    expect((await f.json('POST', '/v1/admin/tiers/recompute', { body: {} })).status).toBe(200);
    expect(f.ctx.store.customers.get(customerId)?.tierLevel).toBeNull();
    expect((await evaluate(c, { at: '2027-11-23T10:15:00+02:00' })).totals.discount).toBe(100);
  });
});
