import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/common/logger.js';
import { openStore } from '../../../src/engine/store/store.js';
import { createRange } from '../../../src/engine/vouchers/voucher-ranges.js';
import { issueVouchers } from '../../../src/engine/vouchers/vouchers.js';
import type { EngineContext } from '../../../src/engine/context.js';
import type { Privilege } from '../../../src/engine/model/types.js';
import { engineFixture } from '../../helpers/engine-fixture.js';

describe('voucher numbering in the store', () => {
  it('VOUCH-2: numbering continues after a restart, for sequential and random ranges, and never repeats', () => {
    const f = engineFixture();
    const seq = createRange(f.ctx, { code: 'S', digits: 6, from: 500, to: 999_999, random: false, checkDigit: false });
    const rnd = createRange(f.ctx, { code: 'R', digits: 7, from: 0, to: 99_999, random: true, checkDigit: true, checkScheme: 'damm' });
    const p = (rangeId: string): Privilege => ({ id: 'p', name: 'P', voucher: { value: 100, validDays: 10, rangeId } });
    const before = [...issueVouchers(f.ctx, p(seq.id), 2, { source: 'manual' }), ...issueVouchers(f.ctx, p(rnd.id), 50, { source: 'manual' })].map(
      (v) => v.code,
    );
    f.ctx.store.close();
    const store = openStore(f.dbPath, 'test-store');
    const ctx: EngineContext = { ...f.ctx, store, logger: silentLogger() };
    const after = issueVouchers(ctx, p(seq.id), 1, { source: 'manual' }).map((v) => v.code);
    expect(before.slice(0, 2)).toEqual(['000500', '000501']);
    expect(after).toEqual(['000502']);
    const more = issueVouchers(ctx, p(rnd.id), 50, { source: 'manual' }).map((v) => v.code);
    expect(new Set([...before, ...more]).size).toBe(before.length + more.length);
    store.close();
  });
});
