import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/common/errors.js';
import type { EngineContext } from '../../src/engine/context.js';
import { runIdempotent, runIdempotentAsync, type Outcome } from '../../src/engine/idempotency.js';
import { openStore } from '../../src/engine/store/store.js';
import { engineFixture, type EngineFixture } from '../helpers/engine-fixture.js';

const noWait = { waitMs: 0, pollMs: 1, retryAfterS: 3 };

/** A promise the test settles by hand: the "work" of a request that is still running. */
function held<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('engine: idempotency keys reserved before long work (issue 9 item 5)', () => {
  let f: EngineFixture;
  beforeEach(() => (f = engineFixture()));
  afterEach(() => f.close());

  it('VOUCH-6: the key is committed as pending before the work starts; a duplicate while it runs is 409 idempotency_in_progress with Retry-After', async () => {
    const work = held<Outcome>();
    let runs = 0;
    const first = runIdempotentAsync(f.ctx, 'k', 'h', () => (runs++, work.promise), noWait);
    const row = f.ctx.store.idempotency.find('k');
    expect(row).toMatchObject({ state: 'pending', requestHash: 'h', bootId: f.ctx.store.idempotency.bootId, startedAt: '2026-11-22T10:00:00.000Z' });
    const dup = await runIdempotentAsync(f.ctx, 'k', 'h', () => (runs++, work.promise), noWait).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(AppError);
    expect(dup).toMatchObject({ code: 'idempotency_in_progress', status: 409, extra: { retryAfterS: 3 }, errors: [{ path: 'Idempotency-Key' }] });
    expect(() => runIdempotent(f.ctx, 'k', 'h', () => ({ status: 201, body: {} }))).toThrowError(
      expect.objectContaining({ code: 'idempotency_in_progress' }) as Error,
    );
    work.resolve({ status: 201, body: { done: 1 } });
    expect(await first).toEqual({ status: 201, body: { done: 1 }, replayed: false });
    expect(await runIdempotentAsync(f.ctx, 'k', 'h', () => (runs++, work.promise), noWait)).toEqual({ status: 201, body: { done: 1 }, replayed: true });
    expect(runs).toBe(1);
  });

  it('VOUCH-6: a duplicate that arrives while the work runs waits for it and replays its answer', async () => {
    const work = held<Outcome>();
    let runs = 0;
    const first = runIdempotentAsync(f.ctx, 'k', 'h', () => (runs++, work.promise));
    const dup = runIdempotentAsync(f.ctx, 'k', 'h', () => (runs++, work.promise), { waitMs: 60_000, pollMs: 1, retryAfterS: 1 });
    work.resolve({ status: 200, body: { n: 5 } });
    expect(await first).toMatchObject({ body: { n: 5 }, replayed: false });
    expect(await dup).toMatchObject({ status: 200, body: { n: 5 }, replayed: true });
    expect(runs).toBe(1);
  });

  it('VOUCH-6: the same key with another request is 409 idempotency_key_reused, pending or done', async () => {
    const work = held<Outcome>();
    const first = runIdempotentAsync(f.ctx, 'k', 'h', () => work.promise, noWait);
    await expect(runIdempotentAsync(f.ctx, 'k', 'other', () => work.promise, noWait)).rejects.toMatchObject({ code: 'idempotency_key_reused' });
    work.resolve({ status: 200, body: {} });
    await first;
    await expect(runIdempotentAsync(f.ctx, 'k', 'other', () => work.promise, noWait)).rejects.toMatchObject({ code: 'idempotency_key_reused' });
  });

  it('VOUCH-6: failed work releases the key, so the same key may be retried', async () => {
    await expect(runIdempotentAsync(f.ctx, 'k', 'h', () => Promise.reject(new AppError('voucher_range_exhausted')), noWait)).rejects.toMatchObject({
      code: 'voucher_range_exhausted',
    });
    expect(f.ctx.store.idempotency.find('k')).toBeNull();
    expect(await runIdempotentAsync(f.ctx, 'k', 'h', () => Promise.resolve({ status: 200, body: { ok: true } }), noWait)).toMatchObject({ replayed: false });
  });

  it('VOUCH-6: a pending key left by a process that died (another boot) is taken over, not blocked for ever', async () => {
    // Boot 1 reserves the key and "dies" mid-work: the pending row stays in the file.
    const work = held<Outcome>();
    void runIdempotentAsync(f.ctx, 'k', 'h', () => work.promise, noWait);
    const boot1 = f.ctx.store.idempotency.bootId;
    // Boot 2 opens the same file.
    const store2 = openStore(f.dbPath, 'test-store');
    try {
      const ctx2: EngineContext = { ...f.ctx, store: store2 };
      expect(store2.idempotency.bootId).not.toBe(boot1);
      const r = await runIdempotentAsync(ctx2, 'k', 'h', () => Promise.resolve({ status: 201, body: { resumed: true } }), noWait);
      expect(r).toEqual({ status: 201, body: { resumed: true }, replayed: false });
      expect(store2.idempotency.find('k')).toMatchObject({ state: 'done', bootId: store2.idempotency.bootId });
      // The dead boot can no longer complete or release a key it no longer owns.
      work.resolve({ status: 201, body: { late: true } });
      await new Promise((r) => setImmediate(r));
      expect(store2.idempotency.find('k')).toMatchObject({ state: 'done', body: { resumed: true } });
    } finally {
      store2.close();
    }
  });
});
