import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';

type J = Record<string, unknown>;

describe('API: tiers live beside personal and birthday discounts (issue 12 item 5)', () => {
  let f: ApiFixture;
  let n = 0;
  let customerId: string;

  beforeEach(async () => {
    f = apiFixture();
    f.clock.set('2026-11-23T08:15:00Z');
    for (const [id, body] of Object.entries({
      own2: { name: 'Own 2', percent: 200, covers: { all: true } },
      own10: { name: 'Own 10', percent: 1000, covers: { all: true } },
      bday20: { name: 'Birthday 20', percent: 2000, covers: { all: true } },
      t5: { name: 'Tier 5', percent: 500, covers: { all: true } },
      t5drinks: { name: 'Tier 5 drinks', percent: 500, covers: { groups: ['drinks'] } },
    }))
      await f.json('PUT', `/v1/admin/discounts/${id}`, { body });
    customerId = (
      await f.json<{ id: string }>('POST', '/v1/customers', {
        body: { kind: 'person', firstName: 'Mari', lastName: 'Tamm', phone: '5551', birthDate: '1990-11-30' },
      })
    ).body.id;
  });
  afterEach(() => f.close());

  async function card(body: J) {
    return (await f.json<{ number: string }>('POST', `/v1/customers/${customerId}/cards`, { body })).body.number;
  }
  async function sale(c: string, at: string, price = 1000, lines?: J[]) {
    f.clock.set(new Date(at).toISOString());
    const ev = await f.json<{ totals: { net: number } }>('POST', '/v1/baskets/evaluate', {
      body: { card: c, at, lines: lines ?? [{ sku: 'A', qty: 1, unitPrice: price }] },
    });
    expect(ev.status).toBe(200);
    return f.json<J & { totals: { discount: number; net: number } }>('POST', '/v1/receipts', {
      body: {
        tillId: 't',
        receiptNo: `r${++n}`,
        at,
        card: c,
        lines: lines ?? [{ sku: 'A', qty: 1, unitPrice: price }],
        payments: [{ method: 'cash', amount: ev.body.totals.net }],
      },
      headers: { 'idempotency-key': `tb-${n}` },
    });
  }
  const tiers = (discountId = 't5') => f.json('PUT', '/v1/admin/tiers', { body: { mode: 'online', levels: [{ turnover: 1000, discountId }] } });

  it('CARD-14: a tier upgrade never deletes the birthday discount; in the window it still applies', async () => {
    await tiers();
    const c = await card({ discounts: [{ discountId: 'bday20', birthday: true }, { discountId: 'own2' }], birthdayWindow: { daysBefore: 3, daysAfter: 3 } });
    expect((await sale(c, '2026-11-23T10:00:00+02:00', 1200)).body).toMatchObject({ tier: 0 }); // 2 % of 1200, then tier 0
    expect(f.ctx.store.cards.get(c)?.discounts).toEqual([{ discountId: 'bday20', birthday: true }, { discountId: 'own2' }]);
    // Birthday window (30 Nov ± 3): the birthday discount beats the tier.
    expect((await sale(c, '2026-11-28T10:00:00+02:00')).body.totals).toEqual({ gross: 1000, discount: 200, net: 800 });
  });

  it('CARD-14: outside the birthday window the better of the card list (manual rule) and the tier applies', async () => {
    await tiers();
    const c = await card({ discounts: [{ discountId: 'bday20', birthday: true }, { discountId: 'own2' }], birthdayWindow: { daysBefore: 3, daysAfter: 3 } });
    await sale(c, '2026-11-23T10:00:00+02:00', 1200);
    // The list gives own2 (2 %), the tier 5 %: the customer gets 5 %.
    const r = await sale(c, '2026-11-23T11:00:00+02:00');
    expect(r.body.totals).toEqual({ gross: 1000, discount: 50, net: 950 });
  });

  it('CARD-14: a tier never lowers a customer below their own discount', async () => {
    await tiers();
    const c = await card({ discounts: [{ discountId: 'own10' }] });
    expect((await sale(c, '2026-11-23T10:00:00+02:00', 2000)).body).toMatchObject({ tier: 0, totals: { discount: 200 } });
    expect(f.ctx.store.cards.get(c)?.discounts).toEqual([{ discountId: 'own10' }]);
    expect((await sale(c, '2026-11-23T11:00:00+02:00')).body.totals).toEqual({ gross: 1000, discount: 100, net: 900 });
  });

  it('CARD-14: the tier discount counts only on lines it covers; the card list fills the rest', async () => {
    await tiers('t5drinks');
    const c = await card({ discounts: [{ discountId: 'own2' }] });
    await sale(c, '2026-11-23T10:00:00+02:00', 1200);
    f.clock.set('2026-11-23T09:00:00Z');
    const lines = [
      { sku: 'COLA', group: 'drinks', qty: 1, unitPrice: 1000 },
      { sku: 'BREAD', group: 'bakery', qty: 1, unitPrice: 1000 },
    ];
    const ev = await f.json<{ lines: J[] }>('POST', '/v1/baskets/evaluate', { body: { card: c, at: '2026-11-23T11:00:00+02:00', lines } });
    expect(ev.body.lines).toMatchObject([
      { discount: 50, applied: { discountId: 't5drinks' } },
      { discount: 20, applied: { discountId: 'own2' } },
    ]);
  });

  it('CARD-14: falling below every level takes the tier discount away, the own discount stays', async () => {
    await f.json('PUT', '/v1/admin/tiers', { body: { mode: 'online', windowMonths: 1, levels: [{ turnover: 1000, discountId: 't5' }] } });
    const c = await card({ discounts: [{ discountId: 'own2' }] });
    await sale(c, '2026-11-23T10:00:00+02:00', 1200);
    expect((await sale(c, '2027-02-01T10:00:00+02:00')).body).toMatchObject({ tier: null, totals: { discount: 50 } }); // judged before the drop
    expect((await sale(c, '2027-02-01T11:00:00+02:00')).body.totals).toEqual({ gross: 1000, discount: 20, net: 980 });
  });
});
