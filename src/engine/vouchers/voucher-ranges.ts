import { randomInt } from 'node:crypto';
import { AppError } from '../../common/errors.js';
import { newId } from '../../common/ids.js';
import { rangeProblems, rangeSize, voucherCodeAt, type VoucherRange } from '../model/voucher-numbering.js';
import { nowIso, type EngineContext } from '../context.js';
import { takeLeased, usesLeasedNumbers } from '../numbering/leased-numbers.js';

export type RangeInput = Omit<VoucherRange, 'id' | 'key' | 'checkScheme' | 'active' | 'description'> &
  Partial<Pick<VoucherRange, 'checkScheme' | 'active' | 'description'>>;

/** VOUCH-1: create a range; a standalone store holds the whole index space as one block. */
export function createRange(ctx: EngineContext, input: RangeInput): VoucherRange {
  const problems = rangeProblems(input);
  if (problems.length) throw new AppError('validation_failed', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  const r: VoucherRange = {
    id: newId(),
    description: '',
    checkScheme: 'luhn',
    active: true,
    ...input,
    key: randomInt(0, 2 ** 32 - 1),
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

export type DrawProblem = 'voucher_range_inactive' | 'voucher_range_exhausted' | 'number_block_empty';

/** Codes drawn from a range and the draw index of each (stored with the voucher: its unique key). */
export interface Drawn {
  codes: string[];
  indices: number[];
}

/**
 * VOUCH-2: take the next `n` codes of a range from the blocks this store holds, and persist the
 * new next index, inside the caller's transaction. A code already taken (a number entered by
 * hand inside the range) is skipped. Returns a problem instead of throwing, so a receipt can
 * skip the voucher and still close (VOUCH-5).
 */
export function tryDrawCodes(ctx: EngineContext, range: VoucherRange, n: number): Drawn | { problem: DrawProblem; detail: string } {
  if (!range.active) return { problem: 'voucher_range_inactive', detail: `range ${range.code} is not active` };
  if (usesLeasedNumbers(ctx)) return drawLeased(ctx, range, n);
  const codes: string[] = [];
  const indices: number[] = [];
  for (const b of ctx.store.vouchers.openBlocks(range.id)) {
    let next = b.next;
    while (next < b.end && codes.length < n) {
      // The codes still needed, checked against hand-entered ones in one statement.
      const batch: number[] = [];
      for (let i = next; i < Math.min(b.end, next + n - codes.length); i++) batch.push(i);
      next += batch.length;
      const batchCodes = batch.map((i) => voucherCodeAt(range, i));
      const taken = ctx.store.vouchers.codesTaken(batchCodes);
      batchCodes.forEach((code, k) => {
        if (taken.has(code)) return;
        codes.push(code);
        indices.push(batch[k]!);
      });
    }
    ctx.store.vouchers.setNext(range.id, b.start, next);
    if (codes.length === n) return { codes, indices };
  }
  return { problem: 'voucher_range_exhausted', detail: `range ${range.code} has ${codes.length} numbers left, ${n} needed` };
}

/**
 * SYNC-6: in a chain the draw indices come from blocks leased from central. A code already taken
 * by hand is skipped as above (each pass takes at least one serial, so this ends). No leased
 * serials left is a problem like a used-up range, so a receipt still closes (VOUCH-5).
 */
function drawLeased(ctx: EngineContext, range: VoucherRange, n: number): Drawn | { problem: DrawProblem; detail: string } {
  const codes: string[] = [];
  const indices: number[] = [];
  while (codes.length < n) {
    let leased: number[];
    try {
      leased = takeLeased(ctx, 'voucher', range.id, n - codes.length, 'rangeId');
    } catch (e) {
      if (e instanceof AppError && e.code === 'number_block_empty') return { problem: e.code, detail: e.message };
      throw e;
    }
    if (leased.some((i) => i >= rangeSize(range)))
      return { problem: 'voucher_range_exhausted', detail: `a leased block of range ${range.code} lies outside the range` };
    const leasedCodes = leased.map((i) => voucherCodeAt(range, i));
    const taken = ctx.store.vouchers.codesTaken(leasedCodes);
    leasedCodes.forEach((code, k) => {
      if (taken.has(code)) return;
      codes.push(code);
      indices.push(leased[k]!);
    });
  }
  return { codes, indices };
}

const DRAW_MESSAGE: Record<DrawProblem, string> = {
  voucher_range_inactive: 'inactive',
  voucher_range_exhausted: 'used up',
  number_block_empty: 'no leased serials left',
};

/** `tryDrawCodes` for callers that fail whole (manual issue, campaigns): the problem is a 4xx (503 for number_block_empty). */
export function drawCodes(ctx: EngineContext, range: VoucherRange, n: number): Drawn {
  const r = tryDrawCodes(ctx, range, n);
  if ('problem' in r) throw new AppError(r.problem, r.detail, [{ path: 'rangeId', message: DRAW_MESSAGE[r.problem] }]);
  return r;
}
