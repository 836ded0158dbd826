import { localTime } from '../../common/clock.js';
import { addDays } from '../../common/calendar.js';
import { checkDigitValid } from '../../common/check-digits.js';
import { AppError } from '../../common/errors.js';
import type { Privilege } from '../model/types.js';
import type { VoucherRow } from '../store/vouchers-repo.js';
import { nowIso, type EngineContext } from '../context.js';
import { drawCodes, getRange, type Drawn } from './voucher-ranges.js';
import { checkOfflineSpend } from '../offline-caps.js';

export function getPrivilege(ctx: EngineContext, id: string, path = 'privilegeId'): Privilege {
  const r = ctx.store.master.get<Omit<Privilege, 'id'>>('privileges', id);
  if (!r) throw new AppError('reference_not_found', `no privilege ${id}`, [{ path, message: 'no such privilege' }]);
  return { ...r.body, id: r.id };
}

/** Store-local date `days` after `at`. */
function validUntil(ctx: EngineContext, at: Date, days: number): string {
  return addDays(localTime(at, ctx.config.store.timeZone).date, days);
}

export interface IssueOptions {
  customerId?: string | null;
  campaignId?: string | null;
  source: VoucherRow['source'];
  /** Only for a privilege without a range: the code written on a pre-printed voucher. */
  code?: string;
  /** Codes already drawn from the privilege's range by the caller (`tryDrawCodes`). */
  drawn?: Drawn;
}

/**
 * VOUCH-4: issue `n` vouchers for a privilege, numbered from the privilege's range, inside the
 * caller's transaction, with one outbox event for central.
 */
export function issueVouchers(ctx: EngineContext, p: Privilege, n: number, o: IssueOptions): VoucherRow[] {
  return ctx.store.db.tx(() => {
    let drawn: Drawn | { codes: string[]; indices?: undefined };
    if (o.drawn) drawn = o.drawn;
    else if (p.voucher.rangeId) drawn = drawCodes(ctx, getRange(ctx, p.voucher.rangeId), n);
    else if (o.code !== undefined && n === 1) {
      if (ctx.store.vouchers.voucher(o.code)) throw new AppError('validation_failed', 'this code exists', [{ path: 'code', message: 'already issued' }]);
      drawn = { codes: [o.code] };
    } else
      throw new AppError('privilege_has_no_range', `privilege ${p.id} has no voucher range`, [
        { path: 'code', message: 'required: the privilege has no range' },
      ]);
    const now = ctx.clock.now();
    const at = now.toISOString();
    const until = validUntil(ctx, now, p.voucher.validDays);
    const { codes, indices } = drawn;
    const rows: VoucherRow[] = codes.map((code, i) => ({
      code,
      rangeId: p.voucher.rangeId ?? null,
      privilegeId: p.id,
      customerId: o.customerId ?? null,
      campaignId: o.campaignId ?? null,
      value: p.voucher.value ?? null,
      percent: p.voucher.percent ?? null,
      status: 'issued',
      source: o.source,
      issuedAt: at,
      validUntil: until,
      redeemedAt: null,
      redeemedReceiptId: null,
      drawIndex: indices?.[i] ?? null,
    }));
    ctx.store.vouchers.insertVouchers(rows);
    ctx.store.ledger.append({
      type: 'voucher.issued',
      at,
      docType: 'voucher',
      docId: codes.length === 1 ? codes[0] : (o.campaignId ?? undefined),
      entries: [],
      data: {
        privilegeId: p.id,
        rangeId: p.voucher.rangeId ?? null,
        customerId: o.customerId ?? null,
        campaignId: o.campaignId ?? null,
        validUntil: until,
        codes,
      },
    });
    return rows;
  });
}

/** Check digit first (against every range of that length), then the store (VOUCH-3, VOUCH-7). */
export function findVoucher(ctx: EngineContext, code: string, path = 'code'): VoucherRow {
  const ranges = ctx.store.vouchers.ranges().filter((r) => r.digits === code.length);
  if (ranges.length > 0 && ranges.every((r) => r.checkDigit && !checkDigitValid(r.checkScheme, code))) {
    throw new AppError('check_digit_invalid', 'Check digit wrong in voucher number', [{ path, message: 'check digit wrong' }]);
  }
  const v = ctx.store.vouchers.voucher(code);
  if (!v) throw new AppError('voucher_not_found', undefined, [{ path, message: 'unknown voucher' }]);
  return v;
}

export type VoucherState = 'issued' | 'redeemed' | 'expired' | 'void';

export function voucherState(ctx: EngineContext, v: VoucherRow, at = ctx.clock.now()): VoucherState {
  if (v.status !== 'issued') return v.status;
  return localTime(at, ctx.config.store.timeZone).date > v.validUntil ? 'expired' : 'issued';
}

/** GET /v1/vouchers/{code} (API.md). */
export function voucherView(ctx: EngineContext, v: VoucherRow) {
  const name = ctx.store.master.get<{ name: string }>('privileges', v.privilegeId)?.body.name ?? null;
  return {
    code: v.code,
    status: voucherState(ctx, v),
    value: v.value,
    percent: v.percent,
    privilege: { id: v.privilegeId, name },
    validUntil: v.validUntil,
    customerId: v.customerId,
    redeemedAt: v.redeemedAt,
    receiptId: v.redeemedReceiptId,
  };
}

/** VOUCH-7: redeem once; a second redemption is voucher_already_redeemed. Runs in the caller's transaction. */
export function redeemVoucher(ctx: EngineContext, code: string, receiptId: string | null, path = 'code'): VoucherRow {
  return ctx.store.db.tx(() => {
    const v = findVoucher(ctx, code, path);
    const state = voucherState(ctx, v);
    if (state === 'redeemed')
      throw new AppError('voucher_already_redeemed', `redeemed at ${v.redeemedAt}`, [{ path, message: 'already redeemed' }], { redeemedAt: v.redeemedAt });
    if (state === 'expired') throw new AppError('voucher_expired', `valid until ${v.validUntil}`, [{ path, message: 'expired' }]);
    if (state === 'void') throw new AppError('voucher_void', undefined, [{ path, message: 'void' }]);
    checkOfflineSpend(ctx, [], { vouchers: 1 });
    const at = nowIso(ctx);
    ctx.store.vouchers.markRedeemed(v.code, at, receiptId);
    ctx.store.ledger.append({ type: 'voucher.redeemed', at, docType: 'voucher', docId: v.code, entries: [], data: { code: v.code, receiptId } });
    return { ...v, status: 'redeemed', redeemedAt: at, redeemedReceiptId: receiptId };
  });
}
