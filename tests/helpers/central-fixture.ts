import { silentLogger } from '../../src/common/logger.js';
import { createCentralApp } from '../../src/central/app.js';
import { ensureCounters } from '../../src/central/blocks.js';
import { ChangeSignal } from '../../src/central/change-signal.js';
import { parseCentralConfig, type CentralConfig } from '../../src/central/config.js';
import { openDatabase, type Database } from '../../src/central/db/database.js';
import { migrateCentral } from '../../src/central/db/migrate.js';
import type { CentralApp } from '../../src/central/env.js';
import { ADMIN_TOKEN } from '../../bench/lib/chain.js';
import { freshDatabase, type FreshDatabase } from './central-db.js';

/** The chain's central admin token (one source, in bench/lib). */
export { ADMIN_TOKEN };
/** The store outbox stream central tests push (shared with the sync bench). */
export { pushBody, StoreStream } from '../../bench/lib/store-stream.js';

export function centralTestConfig(url: string, extra = ''): CentralConfig {
  return parseCentralConfig(
    `listen: 127.0.0.1
port: 0
database: { url: "${url}" }
adminTokens: [{ name: head-office, token: ${ADMIN_TOKEN} }]
numbering:
  blockSize: 100
  cardSchemes: [{ id: loyalty, prefix: "6009", length: 8, luhn: true }, { id: big, prefix: "7", length: 12, luhn: true }]
  voucherRanges: [{ id: GIFT, from: 0, to: 99999 }]
${extra}`,
    'central-test.yaml',
  );
}

/** One central node: its own pool on the shared database, its own app. */
export interface CentralNode {
  app: CentralApp;
  db: Database;
  signal: ChangeSignal;
}

export interface CentralFixture {
  fresh: FreshDatabase;
  nodes: CentralNode[];
  config: CentralConfig;
  close(): Promise<void>;
}

/** A fresh PostgreSQL database (random name) with `count` central nodes on it, migrated. */
export async function centralFixture(count = 1, extraYaml = ''): Promise<CentralFixture> {
  const fresh = await freshDatabase();
  const config = centralTestConfig(fresh.url, extraYaml);
  const nodes: CentralNode[] = [];
  for (let i = 0; i < count; i++) {
    const db = await openDatabase(config.database);
    await migrateCentral(db);
    await ensureCounters(db, config.numbering);
    const signal = new ChangeSignal(db, 200);
    await signal.start();
    nodes.push({ db, signal, app: createCentralApp({ db, config, logger: silentLogger(), signal, version: 'test' }) });
  }
  return {
    fresh,
    nodes,
    config,
    async close() {
      for (const n of nodes) {
        await n.signal.stop();
        await n.db.close();
      }
      await fresh.drop();
    },
  };
}

export function adminReq(app: CentralApp, method: string, path: string, body?: unknown): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}

export async function createStore(app: CentralApp, id: string): Promise<string> {
  const r = await adminReq(app, 'POST', '/v1/admin/stores', { id, name: `Store ${id}` });
  if (r.status !== 201) throw new Error(`create store: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

export function storeReq(app: CentralApp, token: string, method: string, path: string, body?: unknown): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}
