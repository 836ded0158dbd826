import { spawnDaemon as spawnPlainDaemon, type SpawnedDaemon as PlainDaemon, type SpawnOptions } from '../../bench/lib/spawn-daemon.js';
import { assertMatchesOpenApi } from './openapi-validator.js';

/** The plain spawner lives in bench/lib (shared with the benchmarks); the tests add OpenAPI-checked fetch. */
export { daemonArgv, writeDaemonConfig, type SpawnOptions } from '../../bench/lib/spawn-daemon.js';

export interface SpawnedDaemon extends PlainDaemon {
  /** fetch(base + path); the response is checked against the daemon's own /v1/openapi.json (throws when it does not match). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

function checkedFetch(base: string): SpawnedDaemon['fetch'] {
  let doc: Promise<string> | undefined;
  return async (path, init) => {
    const res = await fetch(base + path, init);
    doc ??= fetch(`${base}/v1/openapi.json`).then((r) => r.text());
    await assertMatchesOpenApi(await doc, init?.method ?? 'GET', path, res);
    return res;
  };
}

/** Spawn `tillgate start` on 127.0.0.1 and a free port (or `opts.port`); resolves once it logs that it listens. */
export async function spawnDaemon(configFile: string, timeoutMs = 20_000, opts: SpawnOptions = {}): Promise<SpawnedDaemon> {
  const d = await spawnPlainDaemon(configFile, timeoutMs, opts);
  return { ...d, fetch: checkedFetch(d.base) };
}

/** POST a JSON body to a spawned daemon (with an Idempotency-Key when given); the parsed answer. */
export async function postJson(d: SpawnedDaemon, path: string, body: unknown, key?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await d.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
