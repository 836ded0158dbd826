import Database from 'libsql';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_CONFIG_YAML } from '../helpers/engine-fixture.js';
import { spawnDaemon, writeDaemonConfig, type SpawnedDaemon } from '../helpers/spawn-daemon.js';
import { waitFor } from '../helpers/wait-for.js';

type J = Record<string, unknown>;

async function call(d: SpawnedDaemon, method: string, path: string, body?: unknown, key?: string): Promise<{ status: number; body: J }> {
  const res = await d.fetch(path, {
    method,
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as J };
}

/** Vouchers in the store, read through a separate read-only connection while the daemon runs. */
function voucherCount(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM vouchers').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('shutdown (whole process, issue 9 item 14)', () => {
  it('GW-7 item 14: SIGTERM during a 100,000-voucher campaign exits 0; the vouchers issued so far stay, and the retry with the same key finishes without issuing twice', async () => {
    const { dir, file } = writeDaemonConfig(TEST_CONFIG_YAML.replace('./unused.db', './store.db'));
    const dbPath = join(dir, 'store.db');
    let d = await spawnDaemon(file);
    const range = (await call(d, 'POST', '/v1/admin/voucher-ranges', { code: 'BULK', digits: 8, from: 0, to: 9_999_999, random: true, checkDigit: true })).body;
    await call(d, 'PUT', '/v1/admin/privileges/gift', { name: 'gift', voucher: { value: 500, validDays: 30, rangeId: range.id } });
    const campaign = { rangeId: range.id, privilegeId: 'gift', count: 100_000 };

    const first = call(d, 'POST', '/v1/admin/voucher-campaigns', campaign, 'campaign-1').catch((e: unknown) => ({
      status: 0,
      body: { error: String(e) } as J,
    }));
    await waitFor(() => voucherCount(dbPath) > 0, 'the campaign to start', 30_000);
    d.proc.kill('SIGTERM');
    const exit = await d.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    const answer = await first;
    // the campaign stopped after its current chunk and said so: the caller retries with the same key
    expect(answer).toMatchObject({ status: 503, body: { code: 'shutting_down' } });
    expect(d.logs.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
    const issued = voucherCount(dbPath);
    expect(issued).toBeGreaterThan(0);
    expect(issued).toBeLessThan(100_000);

    d = await spawnDaemon(file);
    try {
      const retry = await call(d, 'POST', '/v1/admin/voucher-campaigns', campaign, 'campaign-1');
      expect(retry.status).toBe(200);
      expect(retry.body.count).toBe(100_000);
      expect(voucherCount(dbPath)).toBe(100_000);
      const again = await call(d, 'POST', '/v1/admin/voucher-campaigns', campaign, 'campaign-1');
      expect(again.body.campaignId).toBe(retry.body.campaignId);
      expect(voucherCount(dbPath)).toBe(100_000);
    } finally {
      d.proc.kill('SIGTERM');
    }
    expect((await d.exited).code).toBe(0);
  }, 120_000);
});
