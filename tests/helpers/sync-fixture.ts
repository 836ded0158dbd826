import { serve, type ServerType } from '@hono/node-server';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { silentLogger } from '../../src/common/logger.js';
import { parseConfig } from '../../src/config/load.js';
import type { CentralApp } from '../../src/central/env.js';
import { numberBlocksNeeded } from '../../src/engine/numbering/leased-numbers.js';
import { storeSyncTarget } from '../../src/sync/store-target.js';
import { SyncClient } from '../../src/sync/sync-client.js';
import { centralFixture, createStore, type CentralFixture } from './central-fixture.js';
import { engineFixture, TEST_CONFIG_YAML, type EngineFixture } from './engine-fixture.js';
import { faultProxy, type FaultProxy } from './fault-proxy.js';

/** A central app served over real HTTP on 127.0.0.1 (the sync client speaks HTTP). */
export async function serveCentral(app: CentralApp): Promise<{ port: number; close(): Promise<void> }> {
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((r) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => r());
      }),
  };
}

/** A store engine (real libSQL file) with its sync client, talking to central through its own fault proxy. */
export interface SyncedStore {
  id: string;
  f: EngineFixture;
  proxy: FaultProxy;
  client: SyncClient;
  close(): Promise<void>;
}

export async function syncedStore(app: CentralApp, centralPort: number, id: string, extraYaml = '', start = true): Promise<SyncedStore> {
  const token = await createStore(app, id);
  const proxy = await faultProxy(centralPort);
  const yaml =
    TEST_CONFIG_YAML.replace('id: test-store', `id: ${id}`) +
    `central: { url: "${proxy.url}/", token: "${token}", pushIntervalS: 1, pullIntervalS: 5, timeoutS: 5 }\n` +
    extraYaml;
  const config = parseConfig(yaml, `${id}.yaml`);
  const f = engineFixture(config);
  const central = config.central!;
  const client = new SyncClient({
    storeId: id,
    central,
    offlineAfterS: config.offline.afterS,
    logger: silentLogger(),
    target: storeSyncTarget(f.ctx.store, f.ctx.store.pulled, f.ctx.store.numberBlocks, () => numberBlocksNeeded(f.ctx)),
  });
  f.ctx.connectivity = client;
  f.ctx.onNumberBlocksNeeded = () => client.onNumberBlocksNeeded();
  if (start) client.start();
  return {
    id,
    f,
    proxy,
    client,
    async close() {
      await client.stop();
      await proxy.close();
      f.close();
    },
  };
}

/**
 * One central node (real PostgreSQL) served over HTTP for a describe block, and a factory of
 * synced stores that are closed after each test. Registers the block's hooks; call it inside
 * `describe`.
 */
export function centralWithStores(idPrefix: string): {
  central(): CentralFixture['nodes'][number];
  store(extraYaml?: string, start?: boolean): Promise<SyncedStore>;
} {
  let f: CentralFixture | undefined;
  let http: { port: number; close(): Promise<void> } | undefined;
  const stores: SyncedStore[] = [];
  let n = 0;
  beforeAll(async () => {
    f = await centralFixture(1);
    http = await serveCentral(f.nodes[0]!.app);
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });
  afterAll(async () => {
    await http?.close();
    await f?.close();
  });
  const central = () => {
    if (!f) throw new Error('central is not started (call centralWithStores inside describe)');
    return f.nodes[0]!;
  };
  return {
    central,
    async store(extraYaml = '', start = true) {
      const s = await syncedStore(central().app, http!.port, `${idPrefix}${++n}`, extraYaml, start);
      stores.push(s);
      return s;
    },
  };
}
