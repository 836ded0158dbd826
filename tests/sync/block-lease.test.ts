import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/common/errors.js';
import { createCard } from '../../src/engine/cards/cards.js';
import { aPerson } from '../helpers/factories.js';
import { requireStack, STACKS } from '../helpers/require-stack.js';
import { centralWithStores, type SyncedStore } from '../helpers/sync-fixture.js';
import { waitFor } from '../helpers/wait-for.js';

const hasPg = requireStack(STACKS.postgres);

/** The serial inside a card number of the test store's loyalty scheme (6009 + 11 digits + Luhn). */
const serialOf = (number: string) => Number(number.slice(4, 15));

describe.skipIf(!hasPg)('SYNC-6: the sync client leases number blocks from central (real PostgreSQL)', () => {
  const { central, store: storeWith } = centralWithStores('b');
  const store = (start = true) => storeWith('', start);
  const centralBlocks = async (storeId: string) =>
    (
      await central().db.query<{ request_id: string; from_serial: string; to_serial: string }>(
        "SELECT request_id, from_serial, to_serial FROM number_blocks WHERE store_id = $1 AND kind = 'card' AND key = 'loyalty' ORDER BY from_serial",
        [storeId],
      )
    ).map((r) => ({ id: r.request_id, from: Number(r.from_serial), to: Number(r.to_serial) }));
  const generatedCardError = (s: SyncedStore) => {
    try {
      createCard(s.f.ctx, aPerson(s.f.ctx).id, { type: 'credit' });
    } catch (e) {
      if (e instanceof AppError) return `${e.status} ${e.code}`;
      throw e;
    }
    return 'created';
  };

  it('SYNC-6: a store that has never reached central answers 503 number_block_empty for generated numbers (explicit ones work); once the client leases a block it generates numbers from it', async () => {
    const s = await store(false);
    expect(generatedCardError(s)).toBe('503 number_block_empty');
    const explicit = createCard(s.f.ctx, aPerson(s.f.ctx).id, { type: 'credit', number: '6009000099999995' });
    expect(explicit.number).toBe('6009000099999995');
    s.client.start();
    await waitFor(() => s.f.ctx.store.numberBlocks.remaining('card', 'loyalty') > 0, 'a block leased', 20_000);
    const [block] = await centralBlocks(s.id);
    expect(block).toBeDefined();
    const card = createCard(s.f.ctx, aPerson(s.f.ctx).id, { type: 'credit' });
    expect(serialOf(card.number)).toBe(block!.from);
    expect(s.f.ctx.store.numberBlocks.remaining('card', 'loyalty')).toBe(block!.to - block!.from);
  });

  it('SYNC-6: two stores get disjoint blocks, so the card numbers they generate never collide', async () => {
    const [a, b] = await Promise.all([store(), store()]);
    await waitFor(
      () => a.f.ctx.store.numberBlocks.remaining('card', 'loyalty') > 0 && b.f.ctx.store.numberBlocks.remaining('card', 'loyalty') > 0,
      'both leased',
      20_000,
    );
    const [ba] = await centralBlocks(a.id);
    const [bb] = await centralBlocks(b.id);
    expect(ba!.to < bb!.from || bb!.to < ba!.from).toBe(true);
    const numbers = [a, b].flatMap((s) => Array.from({ length: 5 }, () => createCard(s.f.ctx, aPerson(s.f.ctx).id, { type: 'credit' }).number));
    expect(new Set(numbers).size).toBe(10);
    const inside = (num: string, blk: { from: number; to: number }) => serialOf(num) >= blk.from && serialOf(num) <= blk.to;
    expect(numbers.slice(0, 5).every((num) => inside(num, ba!))).toBe(true);
    expect(numbers.slice(5).every((num) => inside(num, bb!))).toBe(true);
  });

  it('SYNC-6: a lease whose answer is lost is retried with the same requestId: central cut one block, the store holds exactly it', async () => {
    const s = await store(false);
    s.proxy.setMode('drop-response');
    s.client.start();
    await waitFor(async () => (await centralBlocks(s.id)).length === 1 && s.proxy.dropped > 0, 'central cut a block, the store did not hear', 20_000);
    expect(s.f.ctx.store.numberBlocks.remaining('card', 'loyalty')).toBe(0);
    s.proxy.setMode('forward');
    await waitFor(() => s.f.ctx.store.numberBlocks.remaining('card', 'loyalty') > 0, 'block received on retry', 20_000);
    const blocks = await centralBlocks(s.id);
    expect(blocks).toHaveLength(1);
    expect(s.f.ctx.store.numberBlocks.remaining('card', 'loyalty')).toBe(blocks[0]!.to - blocks[0]!.from + 1);
  });

  it('SYNC-6: once issuing takes a block below half, the client leases the next one before it runs out', async () => {
    const s = await store();
    await waitFor(() => s.f.ctx.store.numberBlocks.remaining('card', 'loyalty') > 0, 'first block', 20_000);
    const [first] = await centralBlocks(s.id);
    const size = first!.to - first!.from + 1;
    for (let i = 0; i <= size / 2; i++) createCard(s.f.ctx, aPerson(s.f.ctx).id, { type: 'credit' });
    await waitFor(async () => (await centralBlocks(s.id)).length === 2, 'second block leased', 20_000);
    await waitFor(() => s.f.ctx.store.numberBlocks.remaining('card', 'loyalty') > size / 2, 'second block added', 20_000);
  });
});
