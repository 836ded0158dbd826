import { describe, expect, it } from 'vitest';
import { HlcClock } from '../../../src/engine/store/hlc-clock.js';
import { openStore } from '../../../src/engine/store/store.js';
import { engineFixture } from '../../helpers/engine-fixture.js';

describe('the store HLC (SYNC-1, SYNC-7)', () => {
  it('SYNC-1: every outbox row carries an HLC; the clock is persisted and never goes back across a restart, even with the wall clock set back', () => {
    const f = engineFixture();
    const early = new HlcClock(f.ctx.store.db, 'test-store', () => Date.parse('2030-01-01T00:00:00Z'));
    const a = f.ctx.store.db.tx(() => early.send());
    f.ctx.store.close();
    const store = openStore(f.dbPath, 'test-store');
    const setBack = new HlcClock(store.db, 'test-store', () => Date.parse('2020-01-01T00:00:00Z'));
    const b = store.db.tx(() => setBack.send());
    const c = store.db.tx(() => store.ledger.append({ type: 'card.topup', at: '2026-01-01T00:00:00Z', entries: [] }).hlc);
    expect(b > a && c > b).toBe(true);
    expect(b.startsWith('001893456000000-00001-')).toBe(true); // 2030-01-01 in ms, counter + 1
    expect((store.db.prepare('SELECT hlc FROM outbox ORDER BY store_seq DESC LIMIT 1').get() as { hlc: string }).hlc).toBe(c);
    store.close();
    f.close();
  });

  it('SYNC-7: receiving a remote clock moves the local one past it; a remote clock far in the future is not followed', () => {
    const f = engineFixture();
    const now = Date.parse('2026-11-22T10:00:00Z');
    const clock = new HlcClock(f.ctx.store.db, 'a', () => now);
    f.ctx.store.db.tx(() => clock.receive(`${String(now + 1000).padStart(15, '0')}-00007-b`));
    expect(f.ctx.store.db.tx(() => clock.send())).toBe(`${String(now + 1000).padStart(15, '0')}-00009-a`);
    f.ctx.store.db.tx(() => clock.receive(`${String(now + 3_600_000).padStart(15, '0')}-00000-b`));
    expect(f.ctx.store.db.tx(() => clock.send())).toBe(`${String(now + 1000).padStart(15, '0')}-00010-a`);
    f.close();
  });
});
