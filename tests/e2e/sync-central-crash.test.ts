import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/common/clock.js';
import { silentLogger } from '../../src/common/logger.js';
import { createCard, topUp } from '../../src/engine/cards/cards.js';
import type { EngineContext } from '../../src/engine/context.js';
import { openCheckedStore } from '../../src/engine/store/identity.js';
import { startChainCentral, startChainStore, type ChainCentral, type ChainStore } from '../helpers/chain.js';
import { testConfig } from '../helpers/engine-fixture.js';
import { aPerson } from '../helpers/factories.js';
import { requireStack, STACKS } from '../helpers/require-stack.js';
import { spawnCentral } from '../helpers/spawn-central.js';
import { terminate, waitFor } from '../helpers/wait-for.js';

const hasPg = requireStack(STACKS.postgres);
const TOPUPS = 3000;
/** customer.created and card.created (SYNC-1), then the top-ups. */
const EVENTS = TOPUPS + 2;

describe.skipIf(!hasPg)('central kill -9 mid-ingest (GW-6, SYNC-2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tillgate-central-crash-'));
  let central: ChainCentral | undefined;
  let store: ChainStore | undefined;
  let pgc: pg.Client | undefined;
  let card = '';
  afterAll(async () => {
    await pgc?.end();
    await terminate(store?.daemon.proc ?? null);
    await store?.proxy.close();
    if (central) {
      await central.proc.stop();
      await central.fresh.drop();
    }
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('SYNC-2: central killed with -9 while a store pushes thousands of events; after its restart every event is there once, contiguous, and the balance is their sum', async () => {
    central = await startChainCentral(dir);
    // A card and 3000 top-ups written through the engine before the daemon starts (as if after an outage).
    store = await startChainStore(central, 'crash-1', '', (dbPath, id) => {
      const s = openCheckedStore(dbPath, id);
      try {
        const cfg = testConfig();
        const ctx: EngineContext = {
          store: s,
          clock: fixedClock('2026-11-22T10:00:00Z'),
          logger: silentLogger(),
          config: { ...cfg, store: { ...cfg.store, id } },
        };
        // An explicit number (outside the blocks central leases): generated ones need a leased block (SYNC-6).
        card = createCard(ctx, aPerson(ctx).id, { type: 'credit', number: '6009999999900013' }).number;
        for (let i = 0; i < TOPUPS; i++) topUp(ctx, card, { amount: 1 });
      } finally {
        s.close();
      }
    });
    // Slow link: each push takes a while, so the kill lands between or inside batches.
    store.proxy.setMode('delay', 100);
    pgc = new pg.Client({ connectionString: central.fresh.url });
    await pgc.connect();
    const acked = async () => Number((await pgc!.query<{ acked_seq: string }>('SELECT acked_seq FROM stores WHERE id = $1', ['crash-1'])).rows[0]?.acked_seq);
    await waitFor(async () => (await acked()) >= 500, 'the first batches ingested', 60_000);
    central.proc.proc.kill('SIGKILL');
    await new Promise((r) => central!.proc.proc.once('exit', r));
    const atKill = await acked();
    expect(atKill).toBeLessThan(EVENTS);
    central.proc = await spawnCentral(central.configFile);
    store.proxy.setUpstream(Number(new URL(central.proc.base).port));
    store.proxy.setMode('forward');
    await waitFor(async () => (await acked()) === EVENTS, 'every event ingested after the restart', 90_000);
    await waitFor(async () => ((await store!.req('GET', '/v1/health')).body.sync as { pendingEvents: number }).pendingEvents === 0, 'store acked', 30_000);
    const seqs = (await pgc.query<{ store_seq: string }>('SELECT store_seq FROM events WHERE store_id = $1 ORDER BY store_seq', ['crash-1'])).rows.map((r) =>
      Number(r.store_seq),
    );
    expect(seqs).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
    const [bal] = (await pgc.query<{ amount: string }>("SELECT amount FROM balances WHERE owner = $1 AND asset = 'money'", [card])).rows;
    expect(Number(bal?.amount)).toBe(TOPUPS);
  }, 240_000);
});
