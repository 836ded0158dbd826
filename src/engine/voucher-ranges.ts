import { randomInt } from 'node:crypto';
import { AppError } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { rangeProblems, rangeSize, voucherCodeAt, type VoucherRange } from './model/voucher-numbering.js';
import { nowIso, type EngineContext } from './context.js';

export type RangeInput = Omit<VoucherRange, 'id' | 'key' | 'checkScheme' | 'active' | 'description'> & Partial<Pick<VoucherRange, 'checkScheme' | 'active' | 'description'>>;

/** VOUCH-1: create a range; a standalone store holds the whole index space as one block. */
export function createRange(ctx: EngineContext, input: RangeInput): VoucherRange {
  const problems = rangeProblems(input);
  if (problems.length) throw new AppError('validation_failed', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  const r: VoucherRange = {
    id: newId(), description: '', checkScheme: 'luhn', active: true, ...input, key: randomInt(0, 2 ** 32 - 1),
  };
  return ctx.store.db.tx(() => {
    for (const o of ctx.store.vouchers.ranges()) {
      if (o.code === r.code) throw new AppError('validation_failed', `range code ${r.code} exists`, [{ path: 'code', message: 'already used' }]);
      if (o.digits === r.digits && r.from <= o.to && o.from <= r.to) {
        throw new AppError('voucher_range_overlaps', `overlaps range ${o.code}`, [{ path: 'from', message: `overlaps range ${o.code}` }]);
      }
    }
    ctx.store.vouchers.insertRange(r, nowIso(ctx));
    ctx.store.vouchers.addBlock(r.id, 0, rangeSize(r));
    return r;
  });
}

export function getRange(ctx: EngineContext, id: string): VoucherRange {
  const r = ctx.store.vouchers.range(id);
  if (!r) throw new AppError('not_found', `no voucher range ${id}`, [{ path: 'rangeId', message: 'no such range' }]);
  return r;
}

/** Description and the active flag may change; the numbering itself never does. */
export function patchRange(ctx: EngineContext, id: string, patch: { description?: string; active?: boolean }): VoucherRange {
  return ctx.store.db.tx(() => {
    const r = { ...getRange(ctx, id), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    ctx.store.vouchers.updateRange(r, nowIso(ctx));
    return r;
  });
}

export function rangeView(ctx: EngineContext, r: VoucherRange) {
  const { key: _key, ...rest } = r;
  return { ...rest, size: rangeSize(r), remaining: ctx.store.vouchers.remaining(r.id) };
}

/**
 * VOUCH-2: take the next `n` codes of a range from the blocks this store holds, and persist the
 * new next index, inside the caller's transaction. Fails whole when fewer than `n` are left.
 */
export function drawCodes(ctx: EngineContext, range: VoucherRange, n: number): string[] {
  if (!range.active) throw new AppError('voucher_range_inactive', `range ${range.code} is not active`, [{ path: 'rangeId', message: 'inactive' }]);
  const codes: string[] = [];
  for (const b of ctx.store.vouchers.openBlocks(range.id)) {
    const take = Math.min(n - codes.length, b.end - b.next);
    for (let i = 0; i < take; i++) codes.push(voucherCodeAt(range, b.next + i));
    ctx.store.vouchers.setNext(range.id, b.start, b.next + take);
    if (codes.length === n) return codes;
  }
  throw new AppError('voucher_range_exhausted', `range ${range.code} has ${codes.length} numbers left, ${n} needed`, [{ path: 'rangeId', message: 'used up' }]);
}
