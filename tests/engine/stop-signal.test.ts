import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recomputeTiers } from '../../src/engine/tiers/tiers.js';
import { runCampaign } from '../../src/engine/vouchers/voucher-campaigns.js';
import { createRange } from '../../src/engine/vouchers/voucher-ranges.js';
import { engineFixture, type EngineFixture } from '../helpers/engine-fixture.js';
import { aPerson } from '../helpers/factories.js';

describe("long work stops between chunks on the daemon's stop signal (issue 9 item 14)", () => {
  let f: EngineFixture;
  const stop = new AbortController();
  beforeEach(() => (f = engineFixture()));
  afterEach(() => f.close());

  it('GW-7 item 14 / VOUCH-6: a campaign stops after the chunk in progress with its vouchers committed; the retry with the same key finishes it once', async () => {
    const range = createRange(f.ctx, { code: 'B', digits: 6, from: 0, to: 999_999, random: false, checkDigit: false });
    f.ctx.store.db.tx(() =>
      f.ctx.store.master.put('privileges', 'p', { name: 'p', voucher: { value: 100, validDays: 10, rangeId: range.id } }, '2026-01-01T00:00:00Z'),
    );
    const input = { rangeId: range.id, privilegeId: 'p', count: 50 };
    const ctx = { ...f.ctx, stopSignal: stop.signal };
    const pending = runCampaign(ctx, input, 'key-1', 10);
    stop.abort(); // lands while the first chunk's yield is pending
    await expect(pending).rejects.toMatchObject({ code: 'shutting_down', status: 503 });
    const issued = (f.ctx.store.db.prepare('SELECT COUNT(*) AS n FROM vouchers').get() as { n: number }).n;
    expect(issued).toBe(10);
    const done = await runCampaign(f.ctx, input, 'key-1', 10);
    expect((f.ctx.store.db.prepare('SELECT COUNT(*) AS n FROM vouchers WHERE campaign_id = ?').get(done.campaignId) as { n: number }).n).toBe(50);
    expect((f.ctx.store.db.prepare('SELECT COUNT(*) AS n FROM vouchers').get() as { n: number }).n).toBe(50);
  });

  it('GW-7 item 14 / CARD-10: a tier recompute stops between chunks with shutting_down', async () => {
    f.ctx.store.db.tx(() =>
      f.ctx.store.master.put('tiers', 'default', { mode: 'batch', levels: [{ turnover: 1000, discountId: 't5' }] }, '2026-01-01T00:00:00Z'),
    );
    for (let i = 0; i < 3; i++) aPerson(f.ctx);
    await expect(recomputeTiers({ ...f.ctx, stopSignal: AbortSignal.abort() }, 1)).rejects.toMatchObject({ code: 'shutting_down' });
    expect(await recomputeTiers(f.ctx, 1)).toMatchObject({ customers: 3 });
  });
});
