import Database from 'libsql';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDatabase, type FreshDatabase } from './central-db.js';
import { BENCH_CONFIG_YAML } from './bench-config.js';
import { faultProxy, type FaultProxy } from './fault-proxy.js';
import { spawnCentral, type SpawnedCentral } from './spawn-central.js';
import { spawnDaemon, writeDaemonConfig, type SpawnedDaemon } from './spawn-daemon.js';

/**
 * A chain of real processes on 127.0.0.1 for the sync e2e tests and benches: `tillgate central`
 * on a fresh PostgreSQL database, store daemons each behind its own TCP fault proxy.
 */
/** The head-office admin token the chain's central accepts (the tests' central fixture uses the same one). */
export const ADMIN_TOKEN = 'admin-token-0123456789';

export interface ChainCentral {
  fresh: FreshDatabase;
  configFile: string;
  proc: SpawnedCentral;
  port: number;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

/** `db`: a database to use instead of a fresh one on the shared PostgreSQL (e.g. a private cluster). */
export async function startChainCentral(dir: string, extraYaml = '', db?: FreshDatabase): Promise<ChainCentral> {
  const fresh = db ?? (await freshDatabase());
  const configFile = join(dir, 'central.yaml');
  writeFileSync(
    configFile,
    `listen: 127.0.0.1\nport: 0\ndatabase: { url: "${fresh.url}" }\nadminTokens: [{ name: head-office, token: ${ADMIN_TOKEN} }]\n` +
      // SYNC-6: the stores' card scheme, so their sync clients can lease number blocks.
      `numbering: { blockSize: 100, cardSchemes: [{ id: loyalty, prefix: "6009", length: 16, luhn: true }] }\n${extraYaml}`,
  );
  const proc = await spawnCentral(configFile);
  const c: ChainCentral = {
    fresh,
    configFile,
    proc,
    port: Number(new URL(proc.base).port),
    async admin(method, path, body) {
      const r = await fetch(`${c.proc.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await r.text();
      return { status: r.status, body: text ? (JSON.parse(text) as unknown) : null };
    },
  };
  return c;
}

export interface ChainStore {
  id: string;
  token: string;
  dir: string;
  file: string;
  dbPath: string;
  proxy: FaultProxy;
  daemon: SpawnedDaemon;
  /** GET/POST on the store's till API. */
  req(method: string, path: string, body?: unknown, key?: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Read the store file read-only while the daemon runs (or after it died). */
  read<T>(sql: string, ...params: unknown[]): T[];
}

/**
 * `prefill(dbPath, storeId)` runs before the daemon starts (e.g. writes thousands of events
 * through the engine into a store file created with its identity, as the daemon would).
 */
export async function startChainStore(
  central: ChainCentral,
  id: string,
  extraYaml = '',
  prefill?: (dbPath: string, storeId: string) => void,
): Promise<ChainStore> {
  const created = await central.admin('POST', '/v1/admin/stores', { id, name: `Store ${id}` });
  if (created.status !== 201) throw new Error(`create store ${id}: ${created.status} ${JSON.stringify(created.body)}`);
  const token = (created.body as { token: string }).token;
  const proxy = await faultProxy(central.port);
  const yaml =
    BENCH_CONFIG_YAML.replace('id: test-store', `id: ${id}`).replace('./unused.db', './data/store.db') +
    `central: { url: "${proxy.url}/", token: "${token}", pushIntervalS: 1, pullIntervalS: 5, timeoutS: 3 }\n${extraYaml}`;
  const { dir, file } = writeDaemonConfig(yaml);
  prefill?.(join(dir, 'data/store.db'), id);
  const s: ChainStore = {
    id,
    token,
    dir,
    file,
    dbPath: join(dir, 'data/store.db'),
    proxy,
    daemon: await spawnDaemon(file, 30_000),
    async req(method, path, body, key) {
      const headers: Record<string, string> = {};
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (key) headers['idempotency-key'] = key;
      const r = await fetchRetryingResets(
        `${s.daemon.base}${path}`,
        {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(15_000),
        },
        method === 'GET' || key ? 3 : 1,
      );
      const text = await r.text();
      return { status: r.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
    read<T>(sql: string, ...params: unknown[]): T[] {
      const db = new Database(s.dbPath, { readonly: true });
      try {
        return (db.prepare(sql).all(...params) as Record<string, unknown>[]).map((r) => {
          const { _metadata, ...rest } = r as Record<string, unknown> & { _metadata?: unknown };
          void _metadata;
          return rest as T;
        });
      } finally {
        db.close();
      }
    },
  };
  return s;
}

/** Restart a store's daemon on the same config (after kill -9). */
export async function restartChainStore(s: ChainStore): Promise<void> {
  s.daemon = await spawnDaemon(s.file, 30_000);
}

/**
 * fetch, sent again when the connection was closed under it (a kept-alive socket the server had
 * just closed: "other side closed", ECONNRESET) — what a till does. Only for requests that are
 * safe to repeat: reads, and writes carrying an Idempotency-Key.
 */
export async function fetchRetryingResets(url: string, init: RequestInit, attempts = 3): Promise<Response> {
  for (let i = 1; ; i++) {
    try {
      return await fetch(url, init);
    } catch (e) {
      const code = (e as { cause?: { code?: string } }).cause?.code;
      if (i >= attempts || (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET')) throw e;
    }
  }
}
