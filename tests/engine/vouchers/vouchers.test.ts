import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/common/logger.js';
import { openStore } from '../../../src/engine/store/store.js';
import { createRange } from '../../../src/engine/vouchers/voucher-ranges.js';
import { findVoucher, issueVouchers, redeemVoucher } from '../../../src/engine/vouchers/vouchers.js';
import { AppError } from '../../../src/common/errors.js';
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

  it('VOUCH-2, VOUCH-7: a drawn voucher is keyed by its range and draw index, found and redeemed by its code without an index on the code', () => {
    const f = engineFixture();
    const rnd = createRange(f.ctx, { code: 'R', digits: 8, from: 0, to: 9_999_999, random: true, checkDigit: true });
    const p: Privilege = { id: 'p', name: 'P', voucher: { value: 100, validDays: 10, rangeId: rnd.id } };
    const vs = issueVouchers(f.ctx, p, 30, { source: 'campaign' });
    const db = f.ctx.store.db;
    expect(db.prepare('SELECT COUNT(*) AS n FROM vouchers WHERE draw_index IS NOT NULL').get()).toMatchObject({ n: 30 });
    const v = vs[17]!;
    expect(findVoucher(f.ctx, v.code)).toMatchObject({ code: v.code, rangeId: rnd.id, status: 'issued' });
    expect(redeemVoucher(f.ctx, v.code, null).status).toBe('redeemed');
    expect(findVoucher(f.ctx, v.code).status).toBe('redeemed');
    expect(findVoucher(f.ctx, vs[18]!.code).status).toBe('issued');
    // Every lookup goes through an index: a code never scans the table.
    for (const sql of ['SELECT code FROM vouchers WHERE code = ? AND draw_index IS NULL', 'SELECT code FROM vouchers WHERE range_id = ? AND draw_index = ?']) {
      const plan = (db.raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('["x"]', 1) as { detail: string }[]).map((r) => r.detail).join('; ');
      expect(plan).toMatch(/USING (COVERING )?INDEX vouchers_(code|drawn)/);
    }
    // A manual voucher cannot take a drawn code (privilege without a range, code given by hand).
    const manual: Privilege = { id: 'm', name: 'M', voucher: { value: 100, validDays: 10 } };
    let err: unknown;
    try {
      issueVouchers(f.ctx, manual, 1, { source: 'manual', code: vs[3]!.code });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('validation_failed');
    f.ctx.store.close();
  });

  it('VOUCH-2: a code entered by hand inside a range is skipped by later draws (it is keyed by its code)', () => {
    const f = engineFixture();
    const seq = createRange(f.ctx, { code: 'S', digits: 6, from: 0, to: 999_999, random: false, checkDigit: false });
    const manual: Privilege = { id: 'm', name: 'M', voucher: { value: 100, validDays: 10 } };
    issueVouchers(f.ctx, manual, 1, { source: 'manual', code: '000001' });
    const p: Privilege = { id: 'p', name: 'P', voucher: { value: 100, validDays: 10, rangeId: seq.id } };
    expect(issueVouchers(f.ctx, p, 3, { source: 'manual' }).map((v) => v.code)).toEqual(['000000', '000002', '000003']);
    expect(findVoucher(f.ctx, '000001').privilegeId).toBe('m');
    expect(findVoucher(f.ctx, '000002').privilegeId).toBe('p');
    f.ctx.store.close();
  });
});
