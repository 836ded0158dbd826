import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/load.js';
import { parseCentralConfig } from '../../src/central/config.js';
import type { PullResponse } from '../../src/sync/protocol/index.js';
import { freshDatabase, type FreshDatabase } from '../helpers/central-db.js';
import { ADMIN_TOKEN, pushBody, StoreStream } from '../helpers/central-fixture.js';
import { requireStack, STACKS } from '../helpers/require-stack.js';
import { spawnCentral, type SpawnedCentral } from '../helpers/spawn-central.js';

const hasPg = requireStack(STACKS.postgres);
const dirs: string[] = [];

function writeConfig(database: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tillgate-central-'));
  dirs.push(dir);
  const file = join(dir, 'central.yaml');
  writeFileSync(file, `listen: 127.0.0.1\nport: 0\ndatabase: ${database}\nadminTokens: [{ name: ho, token: ${ADMIN_TOKEN} }]\nlogging: { level: info }\n`);
  return file;
}

async function call(base: string, token: string, method: string, path: string, body?: unknown, gzip = false): Promise<Response> {
  const json = body === undefined ? undefined : JSON.stringify(body);
  return fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}), ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
    ...(json ? { body: gzip ? gzipSync(json) : json } : {}),
  });
}

/** Register a store, push three top-ups (gzip), pull them back. */
async function roundTrip(a: SpawnedCentral, b: SpawnedCentral, storeId: string): Promise<PullResponse> {
  const created = await call(a.base, ADMIN_TOKEN, 'POST', '/v1/admin/stores', { id: storeId, name: storeId });
  expect(created.status).toBe(201);
  const { token } = (await created.json()) as { token: string };
  const s = new StoreStream(storeId);
  const r1 = await call(a.base, token, 'POST', '/sync/v1/push', pushBody(storeId, [s.topup('60090001', 100), s.topup('60090001', 20)]), true);
  expect(await r1.json()).toEqual({ ackedSeq: 2 });
  const r2 = await call(b.base, token, 'POST', '/sync/v1/push', pushBody(storeId, [s.topup('60090001', 3)]));
  expect(await r2.json()).toEqual({ ackedSeq: 3 });
  const pull = await call(b.base, token, 'GET', '/sync/v1/pull');
  expect(pull.status).toBe(200);
  return (await pull.json()) as PullResponse;
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('tillgate central as a process', () => {
  it('SYNC-10: without a database URL central runs on embedded PGlite (smoke)', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tillgate-pglite-'));
    dirs.push(dir);
    const c = await spawnCentral(writeConfig(`{ path: "${join(dir, 'pgdata')}" }`));
    try {
      const pulled = await roundTrip(c, c, 'lite');
      expect(pulled.balances).toEqual([{ owner: '60090001', asset: 'money', programId: '', amount: 123, includesSeq: 3 }]);
      const docs = await fetch(`${c.base}/v1/openapi.json`);
      expect(((await docs.json()) as { paths: Record<string, unknown> }).paths).toHaveProperty('/sync/v1/push');
    } finally {
      expect(await c.stop()).toBe(0);
    }
  });

  describe.skipIf(!hasPg)('two processes on one PostgreSQL', () => {
    let fresh: FreshDatabase;
    afterAll(async () => fresh?.drop());

    it('SYNC-10: two central processes started together on one database serve the same stores', { timeout: 60_000 }, async () => {
      fresh = await freshDatabase();
      const file = writeConfig(`{ url: "${fresh.url}" }`);
      const [a, b] = await Promise.all([spawnCentral(file), spawnCentral(file)]);
      try {
        const pulled = await roundTrip(a, b, 'duo');
        expect(pulled.balances).toEqual([{ owner: '60090001', asset: 'money', programId: '', amount: 123, includesSeq: 3 }]);
        const stores = (await (await call(b.base, ADMIN_TOKEN, 'GET', '/v1/admin/stores')).json()) as { items: { id: string; ackedSeq: number }[] };
        expect(stores.items).toEqual([expect.objectContaining({ id: 'duo', ackedSeq: 3 })]);
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    });
  });
});

describe('central config', () => {
  it('GW-4: a bad central config names the line and field of every problem', () => {
    const yaml = 'listen: 127.0.0.1\nport: 99999\ndatabase: { url: "mysql://x" }\nadminTokens: [{ name: ho, token: short }]\n';
    try {
      parseCentralConfig(yaml, 'central.yaml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.map((p) => `${p.line}:${p.path}`);
      expect(problems).toEqual(expect.arrayContaining(['2:port', '4:adminTokens.0.token']));
      expect(problems.some((p) => p.startsWith('3:database'))).toBe(true);
    }
  });
});
