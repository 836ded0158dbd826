import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';

const N = 20;
const person = { kind: 'person', firstName: 'Mari', lastName: 'Tamm', phone: '+372 5555 0001' };

/** Fire N identical requests at once through app.request() and collect status, body and headers. */
async function burst(f: ApiFixture, method: string, path: string, body: unknown, key: string) {
  return Promise.all(Array.from({ length: N }, () => f.json(method, path, { body, headers: { 'idempotency-key': key } })));
}

/** Every answer is the first one (same 2xx status and body) or 409 idempotency_in_progress with Retry-After; never 5xx. */
function expectOneAnswer(rs: Awaited<ReturnType<typeof burst>>, status: number) {
  const ok = rs.filter((r) => r.status === status);
  const busy = rs.filter((r) => r.status === 409);
  expect(ok.length + busy.length, JSON.stringify(rs.map((r) => [r.status, r.body]))).toBe(N);
  expect(ok.length).toBeGreaterThanOrEqual(1);
  for (const r of ok) expect(r.body).toEqual(ok[0]!.body);
  for (const r of busy) {
    expect(r.body).toMatchObject({ code: 'idempotency_in_progress', errors: [{ path: 'Idempotency-Key' }] });
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  }
  return ok[0]!.body;
}

describe('API: concurrent identical requests (issue 9 item 5)', () => {
  let f: ApiFixture;
  beforeEach(() => (f = apiFixture()));
  afterEach(() => f.close());

  async function card(type: string): Promise<string> {
    const c = (await f.json<{ id: string }>('POST', '/v1/customers', { body: person })).body;
    return (await f.json<{ number: string }>('POST', `/v1/customers/${c.id}/cards`, { body: { type } })).body.number;
  }

  it('VOUCH-6: 20 concurrent campaign requests with one key issue the vouchers once', async () => {
    const rangeId = (
      await f.json<{ id: string }>('POST', '/v1/admin/voucher-ranges', {
        body: { code: 'GIFT', digits: 8, from: 0, to: 9_999_999, random: true, checkDigit: true },
      })
    ).body.id;
    await f.json('PUT', '/v1/admin/privileges/gift10', { body: { name: '10 € gift', voucher: { value: 1000, validDays: 30, rangeId } } });
    const rs = await burst(f, 'POST', '/v1/admin/voucher-campaigns', { rangeId, privilegeId: 'gift10', count: 1000 }, 'campaign-1');
    const first = expectOneAnswer(rs, 200) as { codes: string[]; count: number };
    expect(first.count).toBe(1000);
    expect(first.codes).toHaveLength(100); // the first page; the rest from GET …/codes?cursor=
    const count = f.ctx.store.db.prepare('SELECT COUNT(*) AS n FROM vouchers').get() as { n: number };
    expect(count.n).toBe(1000);
    const again = await f.json('POST', '/v1/admin/voucher-campaigns', {
      body: { rangeId, privilegeId: 'gift10', count: 1000 },
      headers: { 'idempotency-key': 'campaign-1' },
    });
    expect(again.body).toEqual(first);
  });

  it('CARD-11: 20 concurrent balance resets with one key reset once', async () => {
    const n = await card('credit');
    await f.json('POST', `/v1/cards/${n}/topups`, { body: { amount: 700 }, headers: { 'idempotency-key': 'load' } });
    const rs = await burst(f, 'POST', '/v1/admin/balance-resets', { type: 'credit', asOf: '2026-11-22' }, 'reset-1');
    expect(expectOneAnswer(rs, 201)).toMatchObject({ cards: 1, entries: 1 });
    expect(f.ctx.store.ledger.balance(n, 'money')).toBe(0);
    const resets = f.ctx.store.db.prepare("SELECT COUNT(*) AS n FROM ledger WHERE kind = 'reset'").get() as { n: number };
    expect(resets.n).toBe(1);
  });

  it('GW-6: 20 concurrent identical receipts with one key close one receipt and charge the card once', async () => {
    const n = await card('credit');
    await f.json('POST', `/v1/cards/${n}/topups`, { body: { amount: 5000 }, headers: { 'idempotency-key': 'load' } });
    const receipt = {
      tillId: 'T1',
      receiptNo: 'R1',
      at: '2026-11-22T10:00:00Z',
      card: n,
      lines: [{ sku: 'TEA', qty: 2, unitPrice: 450 }],
      payments: [{ method: 'card', amount: 900 }],
    };
    const rs = await burst(f, 'POST', '/v1/receipts', receipt, 'receipt-1');
    expectOneAnswer(rs, 201);
    expect(f.ctx.store.ledger.balance(n, 'money')).toBe(4100);
    expect((f.ctx.store.db.prepare('SELECT COUNT(*) AS n FROM receipts').get() as { n: number }).n).toBe(1);
  });

  it('CARD-9: 20 concurrent identical top-ups with one key load the card once', async () => {
    const n = await card('credit');
    const rs = await burst(f, 'POST', `/v1/cards/${n}/topups`, { amount: 700 }, 'topup-1');
    expectOneAnswer(rs, 201);
    expect(f.ctx.store.ledger.balance(n, 'money')).toBe(700);
  });
});
