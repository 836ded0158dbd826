import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';

type J = Record<string, unknown>;

describe('API: e-mail receipts, store side (issue 12 item 7)', () => {
  let f: ApiFixture;
  let k = 0;
  beforeEach(() => {
    f = apiFixture();
    f.clock.set('2026-11-23T08:15:00Z');
  });
  afterEach(() => f.close());

  async function closeFor(customer: J) {
    const id = (await f.json<{ id: string }>('POST', '/v1/customers', { body: { kind: 'person', firstName: 'Jean', lastName: 'Dupont', ...customer } })).body
      .id;
    return f.json<J>('POST', '/v1/receipts', {
      body: {
        tillId: 't',
        receiptNo: `e${++k}`,
        at: '2026-11-23T10:15:00+02:00',
        customerId: id,
        lines: [{ sku: 'A', qty: 1, unitPrice: 500 }],
        payments: [{ method: 'cash', amount: 500 }],
      },
      headers: { 'idempotency-key': `em-${k}` },
    });
  }
  const lastReceiptEvent = () => {
    const row = f.ctx.store.db.prepare("SELECT payload FROM outbox WHERE type = 'receipt.closed' ORDER BY store_seq DESC LIMIT 1").get() as { payload: string };
    return JSON.parse(row.payload) as { data: J };
  };

  it('CUST-11: for a customer with emailReceipts the response says emailReceipt {to} and the receipt event carries it', async () => {
    const r = await closeFor({ email: 'jean@example.fr', emailReceipts: true });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ emailReceipt: { to: 'jean@example.fr' } });
    expect(lastReceiptEvent().data).toMatchObject({ emailReceipt: { to: 'jean@example.fr' } });
  });

  it('CUST-11: without emailReceipts (or without an e-mail) there is no e-mail receipt; the sale closes either way', async () => {
    const off = await closeFor({ email: 'jean@example.fr', emailReceipts: false });
    expect(off.status).toBe(201);
    expect(off.body).toMatchObject({ emailReceipt: null });
    expect(lastReceiptEvent().data).not.toHaveProperty('emailReceipt');
    const noAddress = await closeFor({ phone: '0612345678', emailReceipts: true });
    expect(noAddress.status).toBe(201);
    expect(noAddress.body).toMatchObject({ emailReceipt: null });
  });
});
