import { closeSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_CONFIG_YAML } from '../helpers/engine-fixture.js';
import { requireStack, STACKS } from '../helpers/require-stack.js';
import { spawnDaemon, writeDaemonConfig, type SpawnedDaemon } from '../helpers/spawn-daemon.js';
import { waitFor } from '../helpers/wait-for.js';

type J = Record<string, unknown>;

async function call(d: SpawnedDaemon, method: string, path: string, body?: unknown, key?: string): Promise<{ status: number; type: string | null; body: J }> {
  const res = await d.fetch(path, {
    method,
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as J };
}

/** Write into `file` until the file system is full (ENOSPC); bounded by the tmpfs size. */
function fill(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
}

describe('storage faults (whole process, issue 9 item 10)', () => {
  it("GW-7 item 10: disk full (a small tmpfs in the daemon's mount namespace): writes answer 503 storage_unavailable, reads go on, health is degraded; freeing space recovers by itself and the retry applies once", async () => {
    if (!requireStack(STACKS.tmpfs)) return;
    const { dir, file } = writeDaemonConfig(TEST_CONFIG_YAML.replace('./unused.db', './data/store.db'));
    const data = join(dir, 'data');
    mkdirSync(data);
    const d = await spawnDaemon(file, 20_000, {
      wrap: (cmd, args) => ['unshare', ['-m', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs -o size=8m tmpfs "$0" && exec "$@"', data, cmd, ...args]],
    });
    try {
      // The tmpfs exists only in the daemon's namespace; reach it through /proc/<pid>/root.
      const filler = `/proc/${d.proc.pid}/root${data}/filler`;
      const customer = (await call(d, 'POST', '/v1/customers', { kind: 'person', firstName: 'Full', lastName: 'Disk', phone: '+372 5000 0010' })).body;
      const card = String((await call(d, 'POST', `/v1/customers/${String(customer.id)}/cards`, { type: 'credit' })).body.number);
      fill(filler);

      // The WAL may still have room for a few frames; keep writing until it does not (bounded).
      let applied = 0;
      let failed: { key: string; res: Awaited<ReturnType<typeof call>> } | null = null;
      for (let i = 0; i < 2000 && !failed; i++) {
        const res = await call(d, 'POST', `/v1/cards/${card}/topups`, { amount: 100 }, `full-${i}`);
        if (res.status === 201) applied++;
        else failed = { key: `full-${i}`, res };
      }
      expect(failed?.res).toMatchObject({ status: 503, type: expect.stringMatching(/application\/problem\+json/), body: { code: 'storage_unavailable' } });

      expect((await call(d, 'GET', `/v1/cards/${card}`)).body).toMatchObject({ balances: { money: applied * 100 } });
      expect((await call(d, 'GET', '/v1/health')).body).toMatchObject({ status: 'degraded', db: { ok: false, fault: { code: 'SQLITE_FULL' } } });

      unlinkSync(filler);
      // nobody writes: the daemon's probe notices the space is back
      await waitFor(async () => (await call(d, 'GET', '/v1/health')).body.status === 'ok', 'health to recover', 30_000);
      const retry = await call(d, 'POST', `/v1/cards/${card}/topups`, { amount: 100 }, failed!.key);
      expect(retry.status).toBe(201);
      expect((await call(d, 'POST', `/v1/cards/${card}/topups`, { amount: 100 }, failed!.key)).status).toBe(201);
      expect((await call(d, 'GET', `/v1/cards/${card}`)).body).toMatchObject({ balances: { money: (applied + 1) * 100 } });
      expect(d.logs.some((l) => l.includes('the database cannot be written'))).toBe(true);
    } finally {
      d.proc.kill('SIGTERM');
    }
    expect((await d.exited).code).toBe(0);
  }, 90_000);
});
