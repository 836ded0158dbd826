import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../src/sync/protocol/index.js';
import { formatHlc } from '../../src/sync/hlc.js';
import { adminReq, centralFixture, createStore, pushBody, storeReq, StoreStream, type CentralFixture } from '../helpers/central-fixture.js';
import { requireStack, STACKS } from '../helpers/require-stack.js';

const hasPg = requireStack(STACKS.postgres);

describe.skipIf(!hasPg)('central pull (GET /sync/v1/pull)', () => {
  let f: CentralFixture;
  let t1: string;
  let t2: string;
  const s1 = new StoreStream('s1');
  const s2 = new StoreStream('s2');
  beforeAll(async () => {
    f = await centralFixture(1, 'sync: { pageSize: 10 }');
    t1 = await createStore(f.nodes[0]!.app, 's1');
    t2 = await createStore(f.nodes[0]!.app, 's2');
  });
  afterAll(async () => f?.close());
  const app = () => f.nodes[0]!.app;

  async function pull(token: string, cursor?: string, wait = 0): Promise<PullResponse> {
    const qs = new URLSearchParams({ wait: String(wait), ...(cursor ? { cursor } : {}) });
    const r = await storeReq(app(), token, 'GET', `/sync/v1/pull?${qs}`);
    if (r.status !== 200) throw new Error(`${r.status} ${await r.text()}`);
    return (await r.json()) as PullResponse;
  }

  /** Pull every page until `more` is false. */
  async function drain(token: string, cursor?: string): Promise<{ cursor: string; pages: PullResponse[] }> {
    const pages: PullResponse[] = [];
    let c = cursor;
    for (;;) {
      const p = await pull(token, c);
      pages.push(p);
      c = p.cursor;
      if (!p.more) return { cursor: c, pages };
    }
  }

  let cursor2 = '';

  it('SYNC-3: master data authored at central (store schemas and paths) reaches a store in a snapshot, paged', async () => {
    const bad = await adminReq(app(), 'PUT', '/v1/admin/discounts/d0', { name: 'x', percent: 20_000, covers: { all: true } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('percent');
    for (let i = 0; i < 25; i++)
      expect((await adminReq(app(), 'PUT', `/v1/admin/discounts/d${i}`, { name: `D${i}`, percent: 500, covers: { all: true } })).status).toBe(200);
    expect((await adminReq(app(), 'PUT', '/v1/admin/tiers', { mode: 'online', levels: [{ turnover: 1000, discountId: 'nope' }] })).status).toBe(422);
    expect((await adminReq(app(), 'PUT', '/v1/admin/tiers', { mode: 'online', levels: [{ turnover: 1000, discountId: 'd1' }] })).status).toBe(200);
    const { cursor, pages } = await drain(t2);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.every((p) => p.snapshot)).toBe(true);
    const md = pages.flatMap((p) => p.masterData);
    expect(md.filter((m) => m.kind === 'discounts')).toHaveLength(25);
    expect(md.find((m) => m.kind === 'tiers')?.body).toEqual({ mode: 'online', levels: [{ turnover: 1000, discountId: 'd1' }] });
    cursor2 = cursor;
    expect((await pull(t2, cursor2)).masterData).toEqual([]);
  });

  it('SYNC-3: an edit bumps the version and a delete arrives as a tombstone', async () => {
    await adminReq(app(), 'PUT', '/v1/admin/discounts/d3', { name: 'D3 new', percent: 700, covers: { all: true } });
    expect((await adminReq(app(), 'DELETE', '/v1/admin/discounts/d4')).status).toBe(204);
    expect((await adminReq(app(), 'DELETE', '/v1/admin/discounts/d4')).status).toBe(404);
    const p = await pull(t2, cursor2);
    expect(p.snapshot).toBe(false);
    expect(p.masterData).toEqual([
      { kind: 'discounts', id: 'd3', version: 2, body: { name: 'D3 new', percent: 700, covers: { all: true } } },
      { kind: 'discounts', id: 'd4', version: 2, body: null },
    ]);
    cursor2 = p.cursor;
  });

  it('SYNC-4, SYNC-8: a top-up at one store reaches the other as a confirmed balance with the sequence it includes', async () => {
    await storeReq(app(), t1, 'POST', '/sync/v1/push', pushBody('s1', [s1.topup('60090001', 2500)]));
    await storeReq(app(), t2, 'POST', '/sync/v1/push', pushBody('s2', [s2.spend('60090001', 500), s2.topup('60090099', 1)]));
    const p = await pull(t2, cursor2);
    expect(p.balances).toEqual([
      { owner: '60090001', asset: 'money', programId: '', amount: 2000, includesSeq: 2 },
      { owner: '60090099', asset: 'money', programId: '', amount: 1, includesSeq: 2 },
    ]);
    cursor2 = p.cursor;
  });

  it('SYNC-4: many changed balances arrive over several pages, each owner with all its balances', async () => {
    const events = Array.from({ length: 30 }, (_, i) => s1.topup(String(60091000 + i), 10 + i));
    await storeReq(app(), t1, 'POST', '/sync/v1/push', pushBody('s1', events));
    const { cursor, pages } = await drain(t2, cursor2);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const got = pages.flatMap((p) => p.balances).filter((b) => b.owner.startsWith('600910'));
    expect(new Set(got.map((b) => b.owner)).size).toBe(30);
    expect(got.find((b) => b.owner === '60091029')).toEqual({ owner: '60091029', asset: 'money', programId: '', amount: 39, includesSeq: 2 });
    cursor2 = cursor;
  });

  it('SYNC-7: customer edits from two stores merge per field by HLC and flow back to every store', async () => {
    const base = Date.parse('2026-11-22T12:00:00Z');
    await storeReq(
      app(),
      t1,
      'POST',
      '/sync/v1/push',
      pushBody('s1', [
        s1.event('customer.created', { customerId: 'c1', fields: { kind: 'person', firstName: 'Mari', lastName: 'Tamm', phone: '+372 5555 0001' } }, [], base),
        s1.event('customer.updated', { customerId: 'c1', fields: { city: 'Tartu' } }, [], base + 3000),
      ]),
    );
    // Store 2 was offline: it changed the phone later and the city earlier than store 1.
    await storeReq(
      app(),
      t2,
      'POST',
      '/sync/v1/push',
      pushBody('s2', [
        s2.event('customer.updated', { customerId: 'c1', fields: { phone: '+372 5555 0002', city: 'Narva' } }, [], base + 2000),
        s2.event('customer.updated', { customerId: 'c1', fields: { phone: '+372 5555 0003' } }, [], base + 4000),
      ]),
    );
    const p = await pull(t2, cursor2);
    expect(p.customers).toHaveLength(1);
    expect(p.customers[0]?.fields).toEqual({ kind: 'person', firstName: 'Mari', lastName: 'Tamm', phone: '+372 5555 0003', city: 'Tartu' });
    expect(p.customers[0]?.hlc.city).toBe(formatHlc({ wall: base + 3000, counter: 0, node: 's1' }));
    const found = (await (await adminReq(app(), 'GET', '/v1/customers?q=tam')).json()) as { items: { id: string }[] };
    expect(found.items.map((c) => c.id)).toEqual(['c1']);
    cursor2 = p.cursor;
  });

  it('SYNC-7: a card created at one store and blocked at another is one merged card, found chain-wide', async () => {
    await storeReq(
      app(),
      t1,
      'POST',
      '/sync/v1/push',
      pushBody('s1', [s1.event('card.created', { number: '60090001', customerId: 'c1', fields: { type: 'credit', creditLimit: 0, message: 'hi' } })]),
    );
    await storeReq(app(), t2, 'POST', '/sync/v1/push', pushBody('s2', [s2.event('card.blocked', { number: '60090001', reason: 'lost' })]));
    const p = await pull(t2, cursor2);
    expect(p.cards).toEqual([
      expect.objectContaining({
        number: '60090001',
        customerId: 'c1',
        fields: { type: 'credit', creditLimit: 0, message: 'hi', customerId: 'c1', status: 'blocked' },
      }),
    ]);
    const card = (await (await adminReq(app(), 'GET', '/v1/cards/60090001')).json()) as Record<string, unknown>;
    expect(card).toEqual(
      expect.objectContaining({
        status: 'blocked',
        customer: expect.objectContaining({ firstName: 'Mari' }),
        balances: [{ asset: 'money', programId: '', amount: 2000 }],
      }),
    );
    expect((await adminReq(app(), 'GET', '/v1/cards/99999999')).status).toBe(404);
    cursor2 = p.cursor;
  });

  it('SYNC-8: a long-poll returns the change committed while it waits', async () => {
    const waiting = pull(t2, cursor2, 20);
    await new Promise((r) => setTimeout(r, 100));
    await adminReq(app(), 'PUT', '/v1/admin/card-templates/gold', { name: 'Gold' });
    const p = await waiting;
    expect(p.masterData.map((m) => m.id)).toEqual(['gold']);
  });

  it('SYNC-3: a cursor from another database is 410 cursor_expired; a garbled one is 400 naming cursor', async () => {
    const foreign = Buffer.from(JSON.stringify({ e: 'another-db', r: 1, p: [], n: false })).toString('base64url');
    const r = await storeReq(app(), t2, 'GET', `/sync/v1/pull?cursor=${foreign}`);
    expect(r.status).toBe(410);
    expect(((await r.json()) as { code: string }).code).toBe('cursor_expired');
    const g = await storeReq(app(), t2, 'GET', '/sync/v1/pull?cursor=zzz');
    expect(g.status).toBe(400);
    expect(((await g.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('cursor');
    expect((await storeReq(app(), t2, 'GET', '/sync/v1/pull?wait=31')).status).toBe(400);
  });
});
