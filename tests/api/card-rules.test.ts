import { afterEach, describe, expect, it } from 'vitest';
import { luhnValid } from '../../src/common/check-digits.js';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';
import { testConfig } from '../helpers/engine-fixture.js';

type J = Record<string, unknown>;

describe('API: card rules (issue 12 item 8)', () => {
  let f: ApiFixture;
  let n = 0;
  const key = () => ({ 'idempotency-key': `cr-${++n}` });
  afterEach(() => f.close());

  async function setup(yaml = '') {
    f = apiFixture(testConfig(yaml));
    f.clock.set('2026-11-23T08:00:00Z');
    await f.json('PUT', '/v1/admin/discounts/d10', { body: { name: 'Ten', percent: 1000, covers: { all: true } } });
    return (await f.json<{ id: string }>('POST', '/v1/customers', { body: { kind: 'person', firstName: 'Mari', lastName: 'Tamm', phone: '+372 5555 0001' } }))
      .body.id;
  }

  it('CARD-15: a card created with luhn: false in a Luhn scheme is usable at the till; other bad numbers still fail the check digit', async () => {
    const customerId = await setup();
    const number = '6009000000000018';
    expect(luhnValid(number)).toBe(false);
    const created = await f.json<J>('POST', `/v1/customers/${customerId}/cards`, { body: { number, luhn: false, discounts: [{ discountId: 'd10' }] } });
    expect(created).toMatchObject({ status: 201, body: { number, luhn: false } });
    expect((await f.json<J>('GET', `/v1/cards/${number}`)).body).toMatchObject({ number, customer: { id: customerId } });
    const r = await f.json<J>('POST', '/v1/receipts', {
      body: {
        tillId: 't',
        receiptNo: '1',
        at: '2026-11-23T10:00:00+02:00',
        card: number,
        lines: [{ sku: 'A', qty: 1, unitPrice: 1000 }],
        payments: [{ method: 'cash', amount: 900 }],
      },
      headers: key(),
    });
    expect(r).toMatchObject({ status: 201, body: { totals: { discount: 100 } } });
    expect((await f.json('GET', '/v1/cards/6009000000000026')).body).toMatchObject({ status: 422, code: 'check_digit_invalid' });
  });

  it('CARD-15: a validity with from after to is refused, naming the field, on create and on patch', async () => {
    const customerId = await setup();
    const bad = await f.json('POST', `/v1/customers/${customerId}/cards`, { body: { validity: { from: '2026-12-31', to: '2026-01-01' } } });
    expect(bad.body).toMatchObject({ status: 400, code: 'validation_failed', errors: [{ path: 'validity.to' }] });
    const number = (
      await f.json<{ number: string }>('POST', `/v1/customers/${customerId}/cards`, { body: { validity: { from: '2026-01-01', to: '2026-01-01' } } })
    ).body.number;
    expect((await f.json('PATCH', `/v1/cards/${number}`, { body: { validity: { from: '2027-02-01', to: '2027-01-31' } } })).body).toMatchObject({
      status: 400,
      errors: [{ path: 'validity.to' }],
    });
  });

  it('CARD-15: an ordered card gets any usage type at order time or later by PATCH; its first receipt makes it active', async () => {
    const customerId = await setup('cardOrders: {}\n');
    const ordered = await f.json<{ cardNumber: string }>('POST', '/v1/card-orders', {
      body: { customerId, type: 'bonus', discounts: [{ discountId: 'd10' }] },
      headers: key(),
    });
    expect(ordered.status).toBe(201);
    const number = ordered.body.cardNumber;
    expect(f.ctx.store.cards.get(number)).toMatchObject({ type: 'bonus', status: 'ordered', discounts: [{ discountId: 'd10' }] });
    const patched = await f.json<J>('PATCH', `/v1/cards/${number}`, { body: { type: 'credit' } });
    expect(patched).toMatchObject({ status: 200, body: { type: 'credit', status: 'ordered' } });
    expect((await f.json<J>('POST', `/v1/cards/${number}/topups`, { body: { amount: 2000 }, headers: key() })).status).toBe(201);
    const r = await f.json<J>('POST', '/v1/receipts', {
      body: {
        tillId: 't',
        receiptNo: '1',
        at: '2026-11-23T10:00:00+02:00',
        card: number,
        lines: [{ sku: 'A', qty: 1, unitPrice: 1000 }],
        payments: [{ method: 'card', amount: 900 }],
      },
      headers: key(),
    });
    expect(r).toMatchObject({ status: 201, body: { totals: { discount: 100 }, balances: { money: 1100 } } });
    expect((await f.json<J>('GET', `/v1/cards/${number}`)).body).toMatchObject({ status: 'active' });
    // Once active, the usage type is fixed.
    expect((await f.json('PATCH', `/v1/cards/${number}`, { body: { type: 'bonus' } })).body).toMatchObject({
      status: 422,
      code: 'card_type_mismatch',
      errors: [{ path: 'type' }],
    });
  });

  it('CARD-15: a person with a credit limit needs an e-mail (seed 004); a company name is not demanded of a person', async () => {
    await setup();
    const noMail = await f.json('POST', '/v1/customers', { body: { kind: 'person', firstName: 'A', lastName: 'B', phone: '5550001', creditLimit: 5000 } });
    expect(noMail.body).toMatchObject({ status: 400, code: 'validation_failed', errors: [{ path: 'email' }] });
    const ok = await f.json('POST', '/v1/customers', {
      body: { kind: 'person', firstName: 'A', lastName: 'B', phone: '5550001', email: 'a@b.ee', creditLimit: 5000 },
    });
    expect(ok.status).toBe(201);
  });
});
