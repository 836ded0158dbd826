import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../../src/common/check-digits.js';
import { AppError } from '../../src/common/errors.js';
import { createCard, topUp } from '../../src/engine/cards/cards.js';
import { closeReceipt } from '../../src/engine/receipts/receipts.js';
import { centralFixture, type CentralFixture } from '../helpers/central-fixture.js';
import { aPerson } from '../helpers/factories.js';
import { requireStack, STACKS } from '../helpers/require-stack.js';
import { serveCentral, syncedStore, type SyncedStore } from '../helpers/sync-fixture.js';

const hasPg = requireStack(STACKS.postgres);

type Cmd =
  | { t: 'topup'; s: 0 | 1; n: number }
  | { t: 'spend'; s: 0 | 1; n: number }
  | { t: 'push' | 'pull'; s: 0 | 1 }
  | { t: 'link'; s: 0 | 1; mode: 'forward' | 'reset' | 'drop-response' };

const side = fc.constantFrom<0 | 1>(0, 1);
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ t: fc.constant('topup' as const), s: side, n: fc.integer({ min: 1, max: 5000 }) }),
  fc.record({ t: fc.constant('spend' as const), s: side, n: fc.integer({ min: 1, max: 4000 }) }),
  fc.record({ t: fc.constantFrom('push' as const, 'pull' as const), s: side }),
  fc.record({ t: fc.constant('link' as const), s: side, mode: fc.constantFrom('forward' as const, 'reset' as const, 'drop-response' as const) }),
);

describe.skipIf(!hasPg)('sync under randomised interleavings (fast-check, in-process stores + central on real PostgreSQL)', () => {
  let f: CentralFixture;
  let http: { port: number; close(): Promise<void> };
  let stores: SyncedStore[] = [];
  let serial = Math.floor(Math.random() * 1e9);
  beforeAll(async () => {
    f = await centralFixture(1);
    http = await serveCentral(f.nodes[0]!.app);
    stores = [await syncedStore(f.nodes[0]!.app, http.port, 'p1', '', false), await syncedStore(f.nodes[0]!.app, http.port, 'p2', '', false)];
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await http?.close();
    await f?.close();
  });

  async function drain(): Promise<void> {
    for (const s of stores) s.proxy.setMode('forward');
    for (let round = 0; round < 2; round++) {
      for (const s of stores) for (let i = 0; i < 50 && (await s.client.pushOnce()) !== 'idle'; i++);
      for (const s of stores) for (let i = 0; i < 50 && (await s.client.pullOnce(0)) !== 'idle'; i++);
    }
  }

  it('SYNC-2/SYNC-4: after any interleaving of top-ups, spends, pushes, pulls, cuts and lost responses, central holds the union of both outboxes once and every balance agrees', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 25 }), async (cmds) => {
        const payload = `6009${String(++serial).padStart(11, '0')}`;
        const number = `${payload}${luhnCheckDigit(payload)}`;
        for (const s of stores) createCard(s.f.ctx, aPerson(s.f.ctx).id, { type: 'credit', number });
        let expected = 0;
        let r = 0;
        for (const c of cmds) {
          const s = stores[c.s]!;
          if (c.t === 'topup') {
            topUp(s.f.ctx, number, { amount: c.n });
            expected += c.n;
          } else if (c.t === 'spend') {
            try {
              closeReceipt(s.f.ctx, {
                tillId: 't',
                receiptNo: `p${++r}`,
                at: '2026-11-22T10:00:00Z',
                card: number,
                lines: [{ sku: 'X', qty: 1, unitPrice: c.n }],
                payments: [{ method: 'card', amount: c.n }],
              });
              expected -= c.n;
            } catch (e) {
              if (!(e instanceof AppError)) throw e; // not enough known balance here: refused, nothing written
            }
          } else if (c.t === 'push') await s.client.pushOnce();
          else if (c.t === 'pull') await s.client.pullOnce(0);
          else if (c.t === 'link') s.proxy.setMode(c.mode);
        }
        await drain();
        const events = await f.nodes[0]!.db.query<{ store_id: string; store_seq: string; event_id: string }>(
          'SELECT store_id, store_seq, event_id FROM events ORDER BY store_id, store_seq',
        );
        const outboxes = stores.map((s) => s.f.ctx.store.db.prepare('SELECT event_id FROM outbox ORDER BY store_seq').all() as { event_id: string }[]);
        expect(new Set(events.map((e) => e.event_id))).toEqual(new Set(outboxes.flat().map((o) => o.event_id)));
        expect(events).toHaveLength(outboxes.flat().length);
        stores.forEach((s, i) => expect(events.filter((e) => e.store_id === s.id).map((e) => Number(e.store_seq))).toEqual(outboxes[i]!.map((_, j) => j + 1)));
        const [bal] = await f.nodes[0]!.db.query<{ amount: string }>("SELECT amount FROM balances WHERE owner = $1 AND asset = 'money'", [number]);
        expect(Number(bal?.amount ?? 0)).toBe(expected);
        for (const s of stores) {
          expect(s.f.ctx.store.ledger.balance(number, 'money')).toBe(expected);
          expect(s.f.ctx.store.ledger.cacheMismatches()).toEqual([]);
        }
      }),
      { numRuns: 12 },
    );
  }, 240_000);
});
