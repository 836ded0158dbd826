import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/engine/store/store.js';
import { TEST_CONFIG_YAML } from '../helpers/engine-fixture.js';
import { spawnDaemon, writeDaemonConfig, type SpawnedDaemon } from '../helpers/spawn-daemon.js';

type J = Record<string, unknown>;

async function call(d: SpawnedDaemon, method: string, path: string, body?: unknown, key?: string): Promise<{ status: number; body: J }> {
  const res = await d.fetch(path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(key ? { 'idempotency-key': key } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as J };
}

describe('campaign durability (whole process)', () => {
  it('VOUCH-6: kill -9 mid-campaign leaves a pending key that the next boot takes over; the retry finishes the campaign with exactly N vouchers', async () => {
    const { dir, file } = writeDaemonConfig(TEST_CONFIG_YAML.replace('./unused.db', './store.db'));
    let d = await spawnDaemon(file);
    const COUNT = 50_000;
    const range = (await call(d, 'POST', '/v1/admin/voucher-ranges', { code: 'GIFT', digits: 8, from: 0, to: 9_999_999, random: true, checkDigit: true })).body;
    const rangeId = String(range.id);
    await call(d, 'PUT', '/v1/admin/privileges/gift10', { name: 'gift', voucher: { value: 1000, validDays: 30, rangeId } });
    const campaign = { rangeId, privilegeId: 'gift10', count: COUNT };

    const running = call(d, 'POST', '/v1/admin/voucher-campaigns', campaign, 'campaign-9').catch(() => null);
    // Kill as soon as some chunks have committed (bounded: the campaign finishes by itself otherwise).
    let issued = 0;
    for (let i = 0; i < 2000 && issued === 0; i++) {
      const r = await call(d, 'GET', `/v1/admin/voucher-ranges/${rangeId}`);
      issued = 10_000_000 - Number(r.body.remaining);
      if (issued === 0) await new Promise((res) => setTimeout(res, 5));
    }
    d.proc.kill('SIGKILL');
    await d.exited;
    const answered = await running;
    expect(issued).toBeGreaterThan(0);

    const mid = openStore(join(dir, 'store.db'), 'test-store');
    const midCount = (mid.db.prepare('SELECT COUNT(*) AS n FROM vouchers').get() as { n: number }).n;
    const key = mid.idempotency.find('campaign-9');
    mid.close();
    if (answered?.status !== 200) {
      expect(midCount).toBeLessThan(COUNT);
      expect(key).toMatchObject({ state: 'pending' });
    }

    d = await spawnDaemon(file);
    try {
      const [a, b] = await Promise.all([
        call(d, 'POST', '/v1/admin/voucher-campaigns', campaign, 'campaign-9'),
        call(d, 'POST', '/v1/admin/voucher-campaigns', campaign, 'campaign-9'),
      ]);
      for (const r of [a, b]) expect([200, 409]).toContain(r.status);
      const done = [a, b].find((r) => r.status === 200) ?? (await call(d, 'POST', '/v1/admin/voucher-campaigns', campaign, 'campaign-9'));
      expect(done.body.count).toBe(COUNT);
    } finally {
      d.proc.kill('SIGTERM');
      await d.exited;
    }
    const store = openStore(join(dir, 'store.db'), 'test-store');
    try {
      expect((store.db.prepare('SELECT COUNT(*) AS n FROM vouchers').get() as { n: number }).n).toBe(COUNT);
      expect(store.idempotency.find('campaign-9')).toMatchObject({ state: 'done', status: 200 });
    } finally {
      store.close();
    }
  }, 120_000);
});
