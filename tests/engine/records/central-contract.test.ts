import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/common/ids.js';
import { silentLogger } from '../../../src/common/logger.js';
import { fixedClock } from '../../../src/common/clock.js';
import { parseConfig } from '../../../src/config/load.js';
import { createCard, updateCard } from '../../../src/engine/cards/cards.js';
import type { EngineContext } from '../../../src/engine/context.js';
import { createCustomer, updateCustomer } from '../../../src/engine/customers/customers.js';
import { openStore } from '../../../src/engine/store/store.js';
import type { NumberBlock, PullResponse } from '../../../src/sync/protocol/index.js';
import { adminReq, centralFixture, createStore, storeReq, type CentralFixture } from '../../helpers/central-fixture.js';
import { TEST_CONFIG_YAML } from '../../helpers/engine-fixture.js';
import { outboxEnvelopes } from '../../helpers/outbox-envelopes.js';
import { requireStack, STACKS } from '../../helpers/require-stack.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const hasPg = requireStack(STACKS.postgres);

/** A chain store: its own libSQL file and store id, `central` configured. */
function chainStore(id: string, dir: string): EngineContext {
  const yaml = TEST_CONFIG_YAML.replace('id: test-store', `id: ${id}`) + 'central: { url: "http://127.0.0.1:9/", token: "store-token-0123456789" }\n';
  const config = parseConfig(yaml, `${id}.yaml`);
  return { store: openStore(join(dir, `${id}.db`), id), clock: fixedClock('2026-11-22T10:00:00Z'), logger: silentLogger(), config };
}

/**
 * The store side against the real central (PostgreSQL): what the engine writes is what central
 * ingests, and what central sends back applies with the store's repositories. The transport in
 * between (batching, retries, cursors) is the sync client's, tested with it.
 */
describe.skipIf(!hasPg)('store engine ↔ central contract (SYNC-1, SYNC-3, SYNC-6, SYNC-7)', () => {
  let central: CentralFixture;
  let dir: string;
  let a: EngineContext;
  let b: EngineContext;
  const tokens: Record<string, string> = {};
  const cursors: Record<string, string | undefined> = {};
  const app = () => central.nodes[0]!.app;

  beforeAll(async () => {
    central = await centralFixture(1);
    dir = mkdtempSync(join(tmpdir(), 'tillgate-contract-'));
    a = chainStore('store-a', dir);
    b = chainStore('store-b', dir);
    tokens['store-a'] = await createStore(app(), 'store-a');
    tokens['store-b'] = await createStore(app(), 'store-b');
  });
  afterAll(async () => {
    a?.store.close();
    b?.store.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await central?.close();
  });

  const idOf = (ctx: EngineContext) => ctx.config.store.id;
  const acked: Record<string, number> = {};

  async function push(ctx: EngineContext): Promise<void> {
    const events = outboxEnvelopes(ctx.store.db, acked[idOf(ctx)] ?? 0);
    if (events.length === 0) return;
    const r = await storeReq(app(), tokens[idOf(ctx)]!, 'POST', '/sync/v1/push', { storeId: idOf(ctx), fromSeq: events[0]!.storeSeq, events });
    expect(r.status, await r.clone().text()).toBe(200);
    acked[idOf(ctx)] = ((await r.json()) as { ackedSeq: number }).ackedSeq;
    expect(acked[idOf(ctx)]).toBe(events.at(-1)!.storeSeq);
  }

  /** Pull until nothing more, applying each page in one transaction as the client does. */
  async function pull(ctx: EngineContext): Promise<void> {
    for (;;) {
      const qs = new URLSearchParams({ wait: '0', ...(cursors[idOf(ctx)] ? { cursor: cursors[idOf(ctx)]! } : {}) });
      const r = await storeReq(app(), tokens[idOf(ctx)]!, 'GET', `/sync/v1/pull?${qs}`);
      expect(r.status).toBe(200);
      const page = (await r.json()) as PullResponse;
      ctx.store.db.tx(() => {
        for (const m of page.masterData) ctx.store.pulled.applyPulledMasterData(m.kind, m.id, m.version, m.body);
        for (const c of page.customers) ctx.store.pulled.applyPulledCustomer(c);
        for (const c of page.cards) ctx.store.pulled.applyPulledCard(c);
        for (const blk of page.blocks) addBlock(ctx, blk);
      });
      cursors[idOf(ctx)] = page.cursor;
      if (!page.more) return;
    }
  }

  function addBlock(ctx: EngineContext, blk: NumberBlock): void {
    ctx.store.numberBlocks.add(
      { id: blk.id, kind: blk.kind, key: blk.kind === 'card' ? blk.scheme : blk.rangeId, from: blk.from, to: blk.to },
      '2026-11-22T10:00:00Z',
    );
  }

  it('SYNC-1/SYNC-6/SYNC-7: a customer and a card made at A (number from a block central leased to A) are ingested by central and usable at B; edits from both merge per field', async () => {
    const lease = await storeReq(app(), tokens['store-a']!, 'POST', '/sync/v1/blocks', { requestId: newId(), kind: 'card', scheme: 'loyalty' });
    expect(lease.status).toBe(200);
    const blk = (await lease.json()) as NumberBlock;
    a.store.db.tx(() => addBlock(a, blk));
    const c = createCustomer(a, { kind: 'person', firstName: 'Mari', lastName: 'Tamm', phone: '+372 5555 0001', city: 'Tallinn' });
    const card = createCard(a, c.id, { type: 'bonus', message: 'Tere' });
    expect(card.number).toMatch(/^6009/);
    await push(a);
    await pull(b);
    expect(b.store.customers.get(c.id)).toMatchObject({ firstName: 'Mari', city: 'Tallinn' });
    expect(b.store.cards.get(card.number)).toMatchObject({ customerId: c.id, type: 'bonus', message: 'Tere' });
    expect(b.store.outbox.pending()).toBe(0); // pulled records are not sent back

    // offline at both: A edits the e-mail and the card message, B the city; A's message edit is later than B's
    updateCustomer(b, c.id, { city: 'Tartu' });
    updateCard(b, card.number, { message: 'B' });
    updateCustomer(a, c.id, { email: 'mari@example.ee' });
    updateCard(a, card.number, { message: 'A' });
    await push(b);
    await push(a);
    await pull(a);
    await pull(b);
    for (const s of [a, b]) {
      expect(s.store.customers.get(c.id)).toMatchObject({ city: 'Tartu', email: 'mari@example.ee', firstName: 'Mari' });
      expect(s.store.cards.get(card.number)?.message).toBe('A');
    }
    const chain = await adminReq(app(), 'GET', `/v1/cards/${card.number}`);
    expect(chain.status).toBe(200);
  });

  it('SYNC-3: master data written at central reaches the store by version; a delete at central removes it at the store', async () => {
    expect((await adminReq(app(), 'PUT', '/v1/admin/discounts/d10', { name: 'Ten', percent: 1000, covers: { all: true } })).status).toBe(200);
    await pull(b);
    expect(b.store.master.get('discounts', 'd10')).toMatchObject({ version: 1, body: { name: 'Ten' } });
    expect((await adminReq(app(), 'PUT', '/v1/admin/discounts/d10', { name: 'Ten!', percent: 1000, covers: { all: true } })).status).toBe(200);
    expect((await adminReq(app(), 'DELETE', '/v1/admin/discounts/d10')).status).toBe(204);
    await pull(b);
    expect(b.store.master.get('discounts', 'd10')).toBeNull();
  });
});
