import { AppError } from '../../common/errors.js';
import { percentOf } from '../../common/money.js';
import type { Card, Privilege, RedemptionRule } from '../model/types.js';
import type { EngineContext } from '../context.js';
import { issueVouchers, redeemVoucher } from './vouchers.js';
import { tryDrawCodes, type DrawProblem, type Drawn } from './voucher-ranges.js';

/**
 * VOUCH-7 at the till: each `voucher` tender redeems its voucher in the receipt's transaction.
 * A value voucher pays at most its value; a percent voucher at most that share of the total.
 */
export function redeemVoucherPayments(
  ctx: EngineContext,
  receiptId: string,
  payments: readonly { method: string; amount: number; voucherCode?: string }[],
  net: number,
): void {
  payments.forEach((p, i) => {
    if (p.method !== 'voucher' || p.voucherCode === undefined) return;
    const v = redeemVoucher(ctx, p.voucherCode, receiptId, `payments.${i}.voucherCode`);
    const cap = v.value ?? percentOf(net, v.percent ?? 0);
    if (p.amount > cap) {
      throw new AppError(
        'voucher_amount_exceeds_value',
        `voucher ${v.code} covers at most ${cap}`,
        [{ path: `payments.${i}.amount`, message: `at most ${cap}` }],
        { voucherCovers: cap },
      );
    }
  });
}

export interface IssuedVoucher {
  code: string;
  privilege: string;
  value: number | null;
  percent: number | null;
  validUntil: string;
}

const MAX_PER_RULE = 10;

/** A redemption-rule voucher that was not issued, and why (VOUCH-5): the sale closes anyway. */
export interface SkippedVoucher {
  ruleId: string;
  privilegeId: string;
  code: DrawProblem | 'privilege_has_no_range' | 'reference_not_found';
  reason: string;
}

/** The privilege's next code, or why there is none. Never throws: a voucher never blocks a sale. */
function nextCode(ctx: EngineContext, p: Privilege): { drawn: Drawn } | { code: SkippedVoucher['code']; reason: string } {
  if (!p.voucher.rangeId) return { code: 'privilege_has_no_range', reason: `privilege ${p.id} has no voucher range` };
  const range = ctx.store.vouchers.range(p.voucher.rangeId);
  if (!range) return { code: 'reference_not_found', reason: `voucher range ${p.voucher.rangeId} does not exist` };
  const r = tryDrawCodes(ctx, range, 1);
  return 'problem' in r ? { code: r.problem, reason: r.detail } : { drawn: r };
}

/**
 * VOUCH-5: when a bonus card's points reach a rule's threshold, spend the points (a ledger
 * entry) and issue the privilege's voucher from its range — in the receipt's transaction.
 * Rules with higher thresholds go first; one receipt issues at most MAX_PER_RULE per rule.
 * A voucher that cannot be issued (range used up or inactive, privilege or range missing) is
 * skipped: the points stay on the card, the response says why and the back office gets an alert.
 */
export function applyRedemptionRules(ctx: EngineContext, card: Card, receiptId: string, at: string): { issued: IssuedVoucher[]; skipped: SkippedVoucher[] } {
  const rules = ctx.store.master
    .list<Omit<RedemptionRule, 'id'>>('redemption-rules')
    .map((r) => ({ ...r.body, id: r.id }))
    .sort((a, b) => b.pointsAtLeast - a.pointsAtLeast);
  const issued: IssuedVoucher[] = [];
  const skipped: SkippedVoucher[] = [];
  for (const rule of rules) {
    if (ctx.store.ledger.balance(card.number, 'bonus') < rule.pointsAtLeast) continue;
    const row = ctx.store.master.get<Omit<Privilege, 'id'>>('privileges', rule.privilegeId);
    const privilege: Privilege | null = row ? { ...row.body, id: row.id } : null;
    const cost = privilege?.pointsCost ?? rule.pointsAtLeast;
    for (let n = 0; n < MAX_PER_RULE && cost > 0 && ctx.store.ledger.balance(card.number, 'bonus') >= rule.pointsAtLeast; n++) {
      const next = privilege ? nextCode(ctx, privilege) : { code: 'reference_not_found' as const, reason: `privilege ${rule.privilegeId} does not exist` };
      if (!privilege || !('drawn' in next)) {
        const skip: SkippedVoucher = {
          ruleId: rule.id,
          privilegeId: rule.privilegeId,
          code: 'code' in next ? next.code : 'reference_not_found',
          reason: 'reason' in next ? next.reason : '',
        };
        skipped.push(skip);
        raiseAlert(ctx, at, skip, receiptId, card.number);
        break;
      }
      ctx.store.ledger.append({
        type: 'bonus.redeemed',
        at,
        docType: 'receipt',
        docId: receiptId,
        data: { ruleId: rule.id, privilegeId: privilege.id },
        entries: [{ kind: 'redemption', asset: 'bonus', cardNumber: card.number, customerId: card.customerId, delta: -cost }],
      });
      const [v] = issueVouchers(ctx, privilege, 1, { customerId: card.customerId, source: 'redemption', drawn: next.drawn });
      if (v) issued.push({ code: v.code, privilege: privilege.name, value: v.value, percent: v.percent, validUntil: v.validUntil });
    }
  }
  return { issued, skipped };
}

/** An alert row for the back office and an outbox event for central, in the receipt's transaction. */
function raiseAlert(ctx: EngineContext, at: string, s: SkippedVoucher, receiptId: string, cardNumber: string): void {
  const data = { ruleId: s.ruleId, privilegeId: s.privilegeId, receiptId, cardEnding: cardNumber.slice(-4) };
  ctx.store.alerts.insert({ at, code: s.code, message: `redemption voucher skipped: ${s.reason}`, data });
  ctx.store.ledger.append({ type: 'alert.raised', at, docType: 'receipt', docId: receiptId, entries: [], data: { code: s.code, reason: s.reason, ...data } });
  ctx.logger.warn({ code: s.code, ruleId: s.ruleId, privilegeId: s.privilegeId }, 'redemption voucher skipped; the sale closed');
}
