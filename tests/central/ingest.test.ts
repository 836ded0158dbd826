import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminReq, centralFixture, createStore, pushBody, storeReq, StoreStream, type CentralFixture } from '../helpers/central-fixture.js';
import { requireStack, STACKS } from '../helpers/require-stack.js';

const hasPg = requireStack(STACKS.postgres);

async function counts(f: CentralFixture) {
  const [r] = await f.nodes[0]!.db.query<{ events: number; ledger: number; money: number | null }>(
    "SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM ledger)::int AS ledger, (SELECT sum(amount) FROM balances WHERE asset = 'money')::bigint AS money",
  );
  return r;
}

describe.skipIf(!hasPg)('central ingest (POST /sync/v1/push)', () => {
  let f: CentralFixture;
  let token: string;
  const s = new StoreStream('s1');
  beforeAll(async () => {
    f = await centralFixture(1);
    token = await createStore(f.nodes[0]!.app, 's1');
  });
  afterAll(async () => f?.close());
  const app = () => f.nodes[0]!.app;

  it('SYNC-2: a batch is applied once; resending it acks the same sequence and changes nothing', async () => {
    const batch = [s.topup('60090001', 1000), s.spend('60090001', 300), s.topup('60090002', 50)];
    const r1 = await storeReq(app(), token, 'POST', '/sync/v1/push', pushBody('s1', batch));
    expect(r1.status).toBe(200);
    expect(await r1.json()).toEqual({ ackedSeq: 3 });
    const before = await counts(f);
    expect(before).toEqual({ events: 3, ledger: 3, money: 750 });
    const r2 = await storeReq(app(), token, 'POST', '/sync/v1/push', pushBody('s1', batch));
    expect(await r2.json()).toEqual({ ackedSeq: 3 });
    expect(await counts(f)).toEqual(before);
  });

  it('SYNC-2: a batch that overlaps the acked sequence applies only the new events', async () => {
    const more = [s.topup('60090001', 5), s.topup('60090001', 7)];
    const [e1] = await f.nodes[0]!.db.query<{ event_id: string }>('SELECT event_id FROM events WHERE store_seq = 3');
    const old3 = { ...s.topup('60090009', 999), storeSeq: 3, eventId: e1!.event_id };
    s.seq--; // old3 re-used seq 3: the stream continues after `more`
    const r = await storeReq(app(), token, 'POST', '/sync/v1/push', {
      storeId: 's1',
      fromSeq: 3,
      events: [old3, ...more.map((e, i) => ({ ...e, storeSeq: 4 + i }))],
    });
    expect(await r.json()).toEqual({ ackedSeq: 5 });
    expect(await counts(f)).toEqual({ events: 5, ledger: 5, money: 762 });
  });

  it('SYNC-2: a gap is 409 sequence_gap naming the expected sequence', async () => {
    s.seq = 9;
    const r = await storeReq(app(), token, 'POST', '/sync/v1/push', pushBody('s1', [s.topup('60090001', 1)]));
    expect(r.status).toBe(409);
    expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const body = (await r.json()) as { code: string; expectedSeq: number; errors: { path: string }[] };
    expect(body.code).toBe('sequence_gap');
    expect(body.expectedSeq).toBe(6);
    expect(body.errors[0]?.path).toBe('fromSeq');
    s.seq = 5;
  });

  it('SYNC-2: a bad event names the field; another store id, or no token, is refused', async () => {
    const ev = s.topup('60090001', 1);
    s.seq--;
    const badEvent = { ...ev, payload: { ...ev.payload, entries: [{ ...ev.payload.entries[0]!, delta: 1.5 }] } };
    const bad = await storeReq(app(), token, 'POST', '/sync/v1/push', { storeId: 's1', fromSeq: ev.storeSeq, events: [badEvent] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]?.path).toMatch(/^events\.0\.payload\.entries\.0\.delta$/);
    const other = await storeReq(app(), token, 'POST', '/sync/v1/push', pushBody('s2', [ev]));
    expect(other.status).toBe(403);
    const anon = await app().request('/sync/v1/push', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(pushBody('s1', [ev])),
    });
    expect(anon.status).toBe(401);
    const forged = await storeReq(app(), 's1.not-the-secret', 'POST', '/sync/v1/push', pushBody('s1', [ev]));
    expect(forged.status).toBe(401);
  });

  it('SYNC-5: two stores overspending a card offline both count; the overdraft becomes an exception', async () => {
    const t2 = await createStore(app(), 's2');
    const s2 = new StoreStream('s2');
    const card = '60090040';
    await storeReq(app(), token, 'POST', '/sync/v1/push', pushBody('s1', [s.topup(card, 1000)]));
    // Both stores saw 1000 offline and each sold for 800.
    await storeReq(app(), token, 'POST', '/sync/v1/push', pushBody('s1', [s.spend(card, 800)]));
    const r = await storeReq(app(), t2, 'POST', '/sync/v1/push', pushBody('s2', [s2.spend(card, 800)]));
    expect(r.status).toBe(200);
    const [bal] = await f.nodes[0]!.db.query<{ amount: number }>("SELECT amount FROM balances WHERE owner = $1 AND asset = 'money'", [card]);
    expect(bal?.amount).toBe(-600);
    const ex = (await (await adminReq(app(), 'GET', '/v1/admin/exceptions?kind=overdraft')).json()) as {
      items: { owner: string; storeId: string; balance: number }[];
    };
    expect(ex.items).toEqual([expect.objectContaining({ owner: card, storeId: 's2', balance: -600 })]);
  });

  it('SYNC-5: a voucher redeemed at two stores is accepted twice and recorded as an exception', async () => {
    const s3 = new StoreStream('s3');
    const t3 = await createStore(app(), 's3');
    await storeReq(
      app(),
      token,
      'POST',
      '/sync/v1/push',
      pushBody('s1', [
        s.event('voucher.issued', { privilegeId: 'p1', rangeId: 'GIFT', customerId: null, campaignId: null, validUntil: '2027-01-01', codes: ['12345'] }),
        s.event('voucher.redeemed', { code: '12345', receiptId: 'rc1' }),
      ]),
    );
    const r = await storeReq(app(), t3, 'POST', '/sync/v1/push', pushBody('s3', [s3.event('voucher.redeemed', { code: '12345', receiptId: 'rc9' })]));
    expect(r.status).toBe(200);
    const ex = (await (await adminReq(app(), 'GET', '/v1/admin/exceptions?kind=voucher_double_redeemed')).json()) as { items: Record<string, unknown>[] };
    expect(ex.items).toEqual([expect.objectContaining({ owner: '12345', storeId: 's3', firstStoreId: 's1', receiptId: 'rc9' })]);
  });

  it('SYNC-9: a card order reaches head office, exports as CSV and its status only moves forward', async () => {
    const orderId = '0190f0f0-0000-7000-8000-00000000abcd';
    await storeReq(
      app(),
      token,
      'POST',
      '/sync/v1/push',
      pushBody('s1', [
        s.event('card.ordered', {
          orderId,
          customerId: 'c1',
          cardNumber: '60090057',
          templateId: 'gold',
          validUntil: null,
          comment: 'ship to the shop, "door 2"',
          schedule: 'weekly',
          orderedAt: '2026-11-22T10:00:00Z',
          localDate: '2026-11-22',
          dispatchDate: '2026-11-30',
        }),
      ]),
    );
    const list = (await (await adminReq(app(), 'GET', '/v1/admin/card-orders?status=ordered')).json()) as { items: { id: string; storeId: string }[] };
    expect(list.items).toEqual([expect.objectContaining({ id: orderId, storeId: 's1' })]);
    const csv = await adminReq(app(), 'GET', '/v1/admin/card-orders?format=csv');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toMatch(/^id,storeId,customerId,cardNumber/);
    expect(text).toContain('"ship to the shop, ""door 2"""');
    expect((await adminReq(app(), 'PATCH', `/v1/admin/card-orders/${orderId}`, { status: 'produced' })).status).toBe(200);
    expect((await adminReq(app(), 'PATCH', `/v1/admin/card-orders/${orderId}`, { status: 'produced' })).status).toBe(200);
    const back = await adminReq(app(), 'PATCH', `/v1/admin/card-orders/${orderId}`, { status: 'sent' });
    expect(back.status).toBe(409);
    expect(((await back.json()) as { code: string }).code).toBe('card_order_status_invalid');
    expect((await adminReq(app(), 'PATCH', '/v1/admin/card-orders/nope', { status: 'sent' })).status).toBe(404);
  });

  it('SYNC-10: a chain report sums receipts per store', async () => {
    const r = await adminReq(app(), 'GET', '/v1/admin/reports/chain?from=2026-11-01&to=2026-12-31');
    const body = (await r.json()) as { stores: { storeId: string; receipts: number; netSales: number }[] };
    expect(body.stores.find((x) => x.storeId === 's2')).toEqual(expect.objectContaining({ receipts: 1, netSales: 800 }));
    expect((await adminReq(app(), 'GET', '/v1/admin/reports/chain?from=2026-11-01&to=2028-12-31')).status).toBe(400);
  });
});

describe.skipIf(!hasPg)('central request bodies', () => {
  let f: CentralFixture;
  let token: string;
  beforeAll(async () => {
    f = await centralFixture(1, 'sync: { maxBodyBytes: 65536 }');
    token = await createStore(f.nodes[0]!.app, 'g1');
  });
  afterAll(async () => f?.close());

  // app.request() does not add Content-Length the way an HTTP client does: say it here.
  const push = (body: Uint8Array<ArrayBuffer> | string, headers: Record<string, string>) =>
    f.nodes[0]!.app.request('/sync/v1/push', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': String(typeof body === 'string' ? Buffer.byteLength(body) : body.length),
        ...headers,
      },
      body,
    });
  const gz = (x: string | Buffer) => new Uint8Array(gzipSync(x));

  it('SYNC-2: a gzip push is accepted; a gzip body that inflates past the limit is 413 without being inflated whole', async () => {
    const s = new StoreStream('g1');
    const ok = await push(gz(JSON.stringify(pushBody('g1', [s.topup('60090001', 5)]))), { 'content-encoding': 'gzip' });
    expect(await ok.json()).toEqual({ ackedSeq: 1 });
    const bomb = gz(Buffer.alloc(10 * 1024 * 1024, 0x20)); // 10 MB of spaces, ~10 kB compressed
    const r = await push(bomb, { 'content-encoding': 'gzip' });
    expect(r.status).toBe(413);
    expect(((await r.json()) as { code: string }).code).toBe('payload_too_large');
    const big = await push('x'.repeat(70_000), {});
    expect(big.status).toBe(413);
    const chunks = new ReadableStream<Uint8Array>({
      start(ctl) {
        for (let i = 0; i < 10; i++) ctl.enqueue(new Uint8Array(10_000).fill(0x20));
        ctl.close();
      },
    });
    const chunked = await f.nodes[0]!.app.request('/sync/v1/push', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const br = await push('{}', { 'content-encoding': 'br' });
    expect(br.status).toBe(415);
    const text = await push('hi', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
  });
});

describe.skipIf(!hasPg)('central with blockCardOnOverdraft', () => {
  let f: CentralFixture;
  beforeAll(async () => {
    f = await centralFixture(1, 'exceptions: { blockCardOnOverdraft: true }');
  });
  afterAll(async () => f?.close());

  it('SYNC-5: an offline overdraft blocks the card chain-wide; a spend within the credit limit does not', async () => {
    const app = f.nodes[0]!.app;
    const [t1, t2] = [await createStore(app, 'b1'), await createStore(app, 'b2')];
    const s1 = new StoreStream('b1');
    const s2 = new StoreStream('b2');
    await storeReq(
      app,
      t1,
      'POST',
      '/sync/v1/push',
      pushBody('b1', [
        s1.event('card.created', { number: '60090011', customerId: 'c1', fields: { type: 'credit', creditLimit: 500 } }),
        s1.event('card.created', { number: '60090012', customerId: 'c1', fields: { type: 'credit', creditLimit: 0 } }),
        s1.topup('60090011', 100),
        s1.topup('60090012', 100),
      ]),
    );
    // Store 2 is ahead in wall time and sells on both cards.
    s2.wall = Date.parse('2026-11-23T00:00:00Z');
    const r = await storeReq(app, t2, 'POST', '/sync/v1/push', pushBody('b2', [s2.spend('60090011', 400), s2.spend('60090012', 300)]));
    expect(r.status).toBe(200);
    const within = (await (await adminReq(app, 'GET', '/v1/cards/60090011')).json()) as { status?: string };
    const over = (await (await adminReq(app, 'GET', '/v1/cards/60090012')).json()) as { status?: string; balances: { amount: number }[] };
    expect(within.status).toBeUndefined();
    expect(over.status).toBe('blocked');
    expect(over.balances[0]?.amount).toBe(-200);
    const pulled = (await (await storeReq(app, t1, 'GET', '/sync/v1/pull')).json()) as { cards: { number: string; fields: { status?: string } }[] };
    expect(pulled.cards.find((c) => c.number === '60090012')?.fields.status).toBe('blocked');
  });
});
