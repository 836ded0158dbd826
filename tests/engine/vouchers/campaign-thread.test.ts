import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/common/errors.js';
import type { Privilege } from '../../../src/engine/model/types.js';
import { runCampaign } from '../../../src/engine/vouchers/voucher-campaigns.js';
import { createRange, patchRange } from '../../../src/engine/vouchers/voucher-ranges.js';
import { issueVouchers } from '../../../src/engine/vouchers/vouchers.js';
import { engineFixture, type EngineFixture } from '../../helpers/engine-fixture.js';

/** Issue 14: a campaign's slices run in a worker thread on a connection of their own to the store's file. */
describe('voucher campaigns in a worker thread', () => {
  let f: EngineFixture;
  beforeEach(() => (f = engineFixture()));
  afterEach(() => f.close());

  const setup = () => {
    const range = createRange(f.ctx, { code: 'W', digits: 8, from: 0, to: 9_999_999, random: true, checkDigit: true });
    const p: Privilege = { id: 'p', name: 'p', voucher: { value: 100, validDays: 10, rangeId: range.id } };
    f.ctx.store.db.tx(() => f.ctx.store.master.put('privileges', 'p', { name: p.name, voucher: p.voucher }, '2026-01-01T00:00:00Z'));
    return { range, p };
  };
  const count = (sql: string, ...args: unknown[]) => (f.ctx.store.db.prepare(sql).get(...args) as { n: number }).n;

  it('VOUCH-6, SYNC-1: main-thread writes between the worker’s slices share one outbox sequence and one rising HLC; the vouchers carry the engine clock', async () => {
    const { range, p } = setup();
    const pending = runCampaign(f.ctx, { rangeId: range.id, privilegeId: 'p', count: 500 }, 'key-w', 50);
    let settled = false;
    void pending.finally(() => (settled = true));
    // Manual vouchers from the same range on the main connection while the campaign runs.
    const manual: string[] = [];
    while (!settled) {
      manual.push(...issueVouchers(f.ctx, p, 3, { source: 'manual' }).map((v) => v.code));
      await new Promise((r) => setImmediate(r));
    }
    const { campaignId } = await pending;
    expect(manual.length).toBeGreaterThan(0);
    expect(count('SELECT COUNT(*) AS n FROM vouchers WHERE campaign_id = ?', campaignId)).toBe(500);
    expect(count('SELECT COUNT(*) AS n FROM vouchers')).toBe(500 + manual.length);
    expect(count('SELECT COUNT(DISTINCT code) AS n FROM vouchers')).toBe(500 + manual.length);
    expect(count('SELECT COUNT(*) AS n FROM vouchers WHERE campaign_id = ? AND issued_at = ?', campaignId, '2026-11-22T10:00:00.000Z')).toBe(500);
    // Nothing the worker drew is remembered stale on the main side: what is left counts both.
    expect(f.ctx.store.vouchers.remaining(range.id)).toBe(10_000_000 - 500 - manual.length);
    const events = f.ctx.store.db.prepare('SELECT store_seq AS seq, hlc FROM outbox ORDER BY store_seq').all() as { seq: number; hlc: string }[];
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    for (let i = 1; i < events.length; i++) expect(events[i]!.hlc > events[i - 1]!.hlc).toBe(true);
  });

  it('VOUCH-6: a problem inside the worker is the same 4xx with the same field as on the main thread', async () => {
    const { range } = setup();
    patchRange(f.ctx, range.id, { active: false });
    const err = await runCampaign(f.ctx, { rangeId: range.id, privilegeId: 'p', count: 20 }, null, 5).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'voucher_range_inactive', status: 422, errors: [{ path: 'rangeId' }] });
    expect(count('SELECT COUNT(*) AS n FROM vouchers')).toBe(0);
  });
});
