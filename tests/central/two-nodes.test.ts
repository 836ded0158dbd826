import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/common/ids.js';
import type { NumberBlock } from '../../src/sync/protocol/index.js';
import { centralFixture, createStore, pushBody, storeReq, StoreStream, type CentralFixture } from '../helpers/central-fixture.js';
import { requireStack, STACKS } from '../helpers/require-stack.js';

const hasPg = requireStack(STACKS.postgres);
const CARDS = ['60090001', '60090002', '60090003'];

describe.skipIf(!hasPg)('two central nodes on one database', () => {
  let f: CentralFixture;
  beforeAll(async () => {
    f = await centralFixture(2);
  });
  afterAll(async () => f?.close());
  const node = (i: number) => f.nodes[i % 2]!.app;

  it('SYNC-10: stores pushing through both nodes at once, onto the same cards, are each applied exactly once', async () => {
    const stores = ['a', 'b', 'c', 'd'];
    const tokens = await Promise.all(stores.map((s) => createStore(node(0), s)));
    let expected = 0;
    const pushes = stores.map(async (id, si) => {
      const s = new StoreStream(id);
      for (let b = 0; b < 10; b++) {
        const events = Array.from({ length: 20 }, (_, i) => {
          const amount = 1 + ((si + b + i) % 7);
          expected += amount;
          return s.topup(CARDS[(b + i) % CARDS.length]!, amount);
        });
        const r = await storeReq(node(si + b), tokens[si]!, 'POST', '/sync/v1/push', pushBody(id, events));
        expect(r.status).toBe(200);
      }
    });
    await Promise.all(pushes);
    const db = f.nodes[0]!.db;
    const [sum] = await db.query<{ total: number; events: number }>(
      "SELECT (SELECT sum(amount) FROM balances WHERE asset = 'money' AND owner = ANY($1))::bigint AS total, (SELECT count(*) FROM events)::int AS events",
      [CARDS],
    );
    expect(sum).toEqual({ total: expected, events: 800 });
    const acked = await db.query<{ id: string; acked_seq: number }>('SELECT id, acked_seq FROM stores WHERE id = ANY($1) ORDER BY id', [stores]);
    expect(acked.map((r) => r.acked_seq)).toEqual([200, 200, 200, 200]);
  });

  it('SYNC-2, SYNC-10: one store sending the same batches to both nodes at once (a retry after a timeout) counts each event once', async () => {
    const token = await createStore(node(0), 'twice');
    const s = new StoreStream('twice');
    const batches = Array.from({ length: 8 }, () => Array.from({ length: 25 }, () => s.topup('60090077', 3)));
    for (const events of batches) {
      const [r0, r1] = await Promise.all([0, 1].map((i) => storeReq(node(i), token, 'POST', '/sync/v1/push', pushBody('twice', events))));
      expect([r0!.status, r1!.status]).toEqual([200, 200]);
    }
    // Out of order and in parallel too: every batch again, to both nodes.
    const all = await Promise.all(batches.flatMap((events) => [0, 1].map((i) => storeReq(node(i), token, 'POST', '/sync/v1/push', pushBody('twice', events)))));
    expect(all.every((r) => r.status === 200)).toBe(true);
    const [row] = await f.nodes[1]!.db.query<{ amount: number; n: number }>(
      "SELECT (SELECT amount FROM balances WHERE owner = '60090077' AND asset = 'money') AS amount, (SELECT count(*) FROM ledger WHERE owner = '60090077')::int AS n",
    );
    expect(row).toEqual({ amount: 8 * 25 * 3, n: 200 });
  });

  it('SYNC-6: number blocks leased through both nodes at once never overlap; a retried lease returns the same block', async () => {
    const tokens = await Promise.all(['n1', 'n2', 'n3'].map((s) => createStore(node(0), s)));
    const lease = (i: number, requestId = newId()) =>
      storeReq(node(i), tokens[i % 3]!, 'POST', '/sync/v1/blocks', { requestId, kind: 'card', scheme: 'big' }).then(async (r) => {
        expect(r.status).toBe(200);
        return (await r.json()) as NumberBlock;
      });
    const blocks = await Promise.all(Array.from({ length: 40 }, (_, i) => lease(i)));
    const ranges = blocks.map((b) => [b.from, b.to] as const).sort((x, y) => x[0] - y[0]);
    ranges.forEach(([from, to], i) => {
      expect(to - from + 1).toBe(100);
      if (i > 0) expect(from).toBe(ranges[i - 1]![1] + 1);
    });
    const id = newId();
    const [x, y] = await Promise.all([lease(0, id), lease(3, id)]); // same store (tokens[0]) on both nodes
    expect(x).toEqual(y);
    const unknown = await storeReq(node(0), tokens[0]!, 'POST', '/sync/v1/blocks', { requestId: newId(), kind: 'voucher', rangeId: 'NOPE' });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { code: string }).code).toBe('numbering_not_configured');
  });

  it('SYNC-6: a scheme that runs out says so and hands out nothing twice', async () => {
    // loyalty: 8 digits, prefix 6009, Luhn → serials 1..999, blocks of 100.
    const token = await createStore(node(0), 'drain');
    const got: NumberBlock[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await storeReq(node(i), token, 'POST', '/sync/v1/blocks', { requestId: newId(), kind: 'card', scheme: 'loyalty' });
      if (r.status === 409) {
        expect(((await r.json()) as { code: string }).code).toBe('number_block_exhausted');
        break;
      }
      got.push((await r.json()) as NumberBlock);
    }
    expect(got.at(-1)?.to).toBe(999);
  });
});
