import { describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../../src/common/check-digits.js';
import { createCard, topUp } from '../../src/engine/cards/cards.js';
import { closeReceipt } from '../../src/engine/receipts/receipts.js';
import { adminReq } from '../helpers/central-fixture.js';
import { aPerson } from '../helpers/factories.js';
import { requireStack, STACKS } from '../helpers/require-stack.js';
import { centralWithStores } from '../helpers/sync-fixture.js';
import { waitFor } from '../helpers/wait-for.js';

const hasPg = requireStack(STACKS.postgres);

describe.skipIf(!hasPg)('store sync client against central on real PostgreSQL', () => {
  const { central: node, store } = centralWithStores('s');
  const central = () => node().db;
  const centralSeqs = async (storeId: string) =>
    (await central().query<{ store_seq: string }>('SELECT store_seq FROM events WHERE store_id = $1 ORDER BY store_seq', [storeId])).map((r) =>
      Number(r.store_seq),
    );
  /** Card numbers unique in this central database (two stores without number blocks would both start at 1). */
  let serial = Math.floor(Math.random() * 1e9);
  const freshNumber = () => {
    const payload = `6009${String(++serial).padStart(11, '0')}`;
    return `${payload}${luhnCheckDigit(payload)}`;
  };
  const range = (k: number) => Array.from({ length: k }, (_, i) => i + 1);

  it('GW-6/SYNC-2: the whole outbox reaches central in contiguous batches of at most 500; rows are acked; health shows nothing pending', async () => {
    const s = await store('', false);
    const c = aPerson(s.f.ctx);
    const card = createCard(s.f.ctx, c.id, { type: 'credit', number: freshNumber() });
    for (let i = 0; i < 1100; i++) topUp(s.f.ctx, card.number, { amount: 1 });
    // SYNC-1: customer.created + card.created, then the 1100 top-ups: three batches (500, 500, 102).
    expect(s.client.status().pendingEvents).toBe(1102);
    s.client.start();
    await waitFor(() => s.client.status().pendingEvents === 0, 'outbox pushed', 30_000);
    expect(await centralSeqs(s.id)).toEqual(range(1102));
    expect(s.f.ctx.store.sync.ackedSeq()).toBe(1102);
    const st = s.client.status();
    expect(st).toMatchObject({ pendingEvents: 0, lagS: 0, centralReachable: true });
    expect(st.lastPushAt).not.toBeNull();
  });

  it('SYNC-2: a push whose response is lost is resent and changes nothing (forward-then-drop-the-response)', async () => {
    const s = await store();
    s.proxy.setMode('drop-response');
    const c = aPerson(s.f.ctx);
    const card = createCard(s.f.ctx, c.id, { type: 'credit', number: freshNumber() });
    topUp(s.f.ctx, card.number, { amount: 500 });
    topUp(s.f.ctx, card.number, { amount: 700 });
    // SYNC-1: customer.created, card.created and the two top-ups.
    await waitFor(async () => (await centralSeqs(s.id)).length === 4 && s.proxy.dropped > 0, 'central ingested, store did not hear', 20_000);
    expect(s.client.status().pendingEvents).toBe(4);
    s.proxy.setMode('forward');
    await waitFor(() => s.client.status().pendingEvents === 0, 'ack after resend', 20_000);
    expect(await centralSeqs(s.id)).toEqual([1, 2, 3, 4]);
    const [bal] = await central().query<{ amount: string }>('SELECT amount FROM balances WHERE owner = $1 AND asset = $2', [card.number, 'money']);
    expect(Number(bal?.amount)).toBe(1200);
  });

  it('SYNC-2: on 409 sequence_gap the client resends from the expected sequence', async () => {
    const s = await store('', false);
    const c = aPerson(s.f.ctx);
    const card = createCard(s.f.ctx, c.id, { type: 'credit', number: freshNumber() });
    for (let i = 0; i < 6; i++) topUp(s.f.ctx, card.number, { amount: 10 });
    // 8 events (customer.created, card.created, 6 top-ups). The store believes central has 1..4
    // (central's database was restored from an older backup).
    s.f.ctx.store.sync.set('acked_seq', '4');
    s.client.start();
    await waitFor(async () => (await centralSeqs(s.id)).length === 8, 'resent from 1', 20_000);
    expect(await centralSeqs(s.id)).toEqual(range(8));
    await waitFor(() => s.f.ctx.store.sync.ackedSeq() === 8, 'acked', 10_000);
  });

  it("SYNC-4: a card spent at two stores shows central's confirmed balance plus each store's own unacknowledged deltas", async () => {
    const a = await store();
    const b = await store();
    const ca = aPerson(a.f.ctx);
    const card = createCard(a.f.ctx, ca.id, { type: 'credit', number: freshNumber() });
    const cb = aPerson(b.f.ctx);
    createCard(b.f.ctx, cb.id, { type: 'credit', number: card.number });
    topUp(a.f.ctx, card.number, { amount: 10_000 });
    await waitFor(() => b.f.ctx.store.ledger.balance(card.number, 'money') === 10_000, "B sees A's top-up", 20_000);
    // B's link is cut: its spend stays local, but counts at B at once.
    b.proxy.setMode('blackhole');
    closeReceipt(b.f.ctx, {
      tillId: 't',
      receiptNo: '1',
      at: '2026-11-22T10:00:00Z',
      card: card.number,
      lines: [{ sku: 'X', qty: 1, unitPrice: 2500 }],
      payments: [{ method: 'card', amount: 2500 }],
    });
    expect(b.f.ctx.store.ledger.balance(card.number, 'money')).toBe(7500);
    closeReceipt(a.f.ctx, {
      tillId: 't',
      receiptNo: '2',
      at: '2026-11-22T10:00:00Z',
      card: card.number,
      lines: [{ sku: 'X', qty: 1, unitPrice: 1000 }],
      payments: [{ method: 'card', amount: 1000 }],
    });
    b.proxy.setMode('forward');
    await waitFor(
      () => a.f.ctx.store.ledger.balance(card.number, 'money') === 6500 && b.f.ctx.store.ledger.balance(card.number, 'money') === 6500,
      'both stores show 100.00 - 25.00 - 10.00',
      30_000,
    );
    expect(a.f.ctx.store.ledger.cacheMismatches()).toEqual([]);
    expect(b.f.ctx.store.ledger.cacheMismatches()).toEqual([]);
  });

  it('SYNC-3: master data written at central reaches the store (version kept), and a delete there removes it at the store', async () => {
    const s = await store();
    const app = node().app;
    const put = await adminReq(app, 'PUT', '/v1/admin/discounts/d-sync', { name: 'Ten', percent: 1000, covers: { all: true } });
    expect(put.status).toBeLessThan(300);
    await waitFor(() => s.f.ctx.store.master.get('discounts', 'd-sync') !== null, 'discount pulled', 20_000);
    expect(s.f.ctx.store.master.get<{ percent: number }>('discounts', 'd-sync')?.body.percent).toBe(1000);
    await adminReq(app, 'PUT', '/v1/admin/discounts/d-sync', { name: 'Fifteen', percent: 1500, covers: { all: true } });
    await waitFor(() => s.f.ctx.store.master.get<{ percent: number }>('discounts', 'd-sync')?.body.percent === 1500, 'change pulled', 20_000);
    await adminReq(app, 'DELETE', '/v1/admin/discounts/d-sync');
    await waitFor(() => s.f.ctx.store.master.get('discounts', 'd-sync') === null, 'tombstone pulled', 20_000);
  });

  it('SYNC-3: 410 cursor_expired makes the client pull a snapshot and go on', async () => {
    const s = await store();
    await waitFor(() => s.client.status().lastPullAt !== null, 'first pull', 20_000);
    s.f.ctx.store.db.tx(() => s.f.ctx.store.sync.set('pull_cursor', 'bogus-cursor-from-another-database'));
    await adminReq(node().app, 'PUT', '/v1/admin/discounts/d-snap', { name: 'Snap', percent: 500, covers: { all: true } });
    await waitFor(() => s.f.ctx.store.master.get('discounts', 'd-snap') !== null, 'snapshot applied', 20_000);
    expect(s.f.ctx.store.sync.get('pull_cursor')).not.toBe('bogus-cursor-from-another-database');
  });

  it('GW-6: with the link blackholed, stop() aborts the calls in flight and returns; health says central is unreachable', async () => {
    const s = await store('offline: { afterS: 1 }\n');
    await waitFor(() => s.client.status().lastPullAt !== null, 'first pull', 20_000);
    s.proxy.setMode('blackhole');
    await waitFor(() => !s.client.status().centralReachable && s.client.outage() !== null, 'offline noticed', 20_000);
    await s.client.stop();
  });
});
