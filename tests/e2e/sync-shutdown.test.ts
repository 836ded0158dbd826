import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startChainCentral, startChainStore, type ChainCentral, type ChainStore } from '../helpers/chain.js';
import { requireStack, STACKS } from '../helpers/require-stack.js';
import { terminate, waitFor } from '../helpers/wait-for.js';

const hasPg = requireStack(STACKS.postgres);

describe.skipIf(!hasPg)('store shutdown with the WAN cut (GW-6, GW-7)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tillgate-sync-stop-'));
  let central: ChainCentral | undefined;
  let store: ChainStore | undefined;
  afterAll(async () => {
    await terminate(store?.daemon.proc ?? null);
    await store?.proxy.close();
    if (central) {
      await central.proc.stop();
      await central.fresh.drop();
    }
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('GW-7: SIGTERM while a push and a long-poll hang on a blackholed link stops cleanly (exit 0, not the forced exit), events stay pending', async () => {
    central = await startChainCentral(dir);
    store = await startChainStore(central, 'stop-1', 'offline: { afterS: 1 }\n');
    await waitFor(async () => ((await store!.req('GET', '/v1/health')).body.sync as { lastPullAt: string | null }).lastPullAt !== null, 'first pull', 20_000);
    // SYNC-6: the card below gets a generated number, from the block leased while online.
    await waitFor(
      () => (store!.read<{ n: number }>("SELECT COUNT(*) AS n FROM number_blocks WHERE kind = 'card'")[0]?.n ?? 0) > 0,
      'number block leased',
      20_000,
    );
    store.proxy.setMode('blackhole');
    const c = await store.req('POST', '/v1/customers', { kind: 'person', firstName: 'S', lastName: 'T', phone: '+372 5000 0009' });
    const card = await store.req('POST', `/v1/customers/${c.body.id as string}/cards`, { type: 'credit' });
    expect((await store.req('POST', `/v1/cards/${card.body.number as string}/topups`, { amount: 100 }, 'stop-k1')).status).toBe(201);
    await waitFor(
      async () => ((await store!.req('GET', '/v1/health')).body.sync as { offlineSince: string | null }).offlineSince !== null,
      'push hanging, offline',
      20_000,
    );
    store.daemon.proc.kill('SIGTERM');
    const { code } = await store.daemon.exited;
    expect(code).toBe(0);
    expect(store.daemon.logs.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
    // customer.created, card.created and the top-up, all written after the link was cut (SYNC-1).
    expect(store.read<{ type: string }>('SELECT type FROM outbox WHERE acked_at IS NULL ORDER BY store_seq').map((r) => r.type)).toEqual([
      'customer.created',
      'card.created',
      'card.topup',
    ]);
  }, 120_000);
});
