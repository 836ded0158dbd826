import { AppError } from '../common/errors.js';
import { percentOf } from '../common/money.js';
import type { Card, RedemptionRule } from './model/types.js';
import type { EngineContext } from './context.js';
import { getPrivilege, issueVouchers, redeemVoucher } from './vouchers.js';

/**
 * VOUCH-7 at the till: each `voucher` tender redeems its voucher in the receipt's transaction.
 * A value voucher pays at most its value; a percent voucher at most that share of the total.
 */
export function redeemVoucherPayments(ctx: EngineContext, receiptId: string, payments: readonly { method: string; amount: number; voucherCode?: string }[], net: number): void {
  payments.forEach((p, i) => {
    if (p.method !== 'voucher' || p.voucherCode === undefined) return;
    const v = redeemVoucher(ctx, p.voucherCode, receiptId, `payments.${i}.voucherCode`);
    const cap = v.value ?? percentOf(net, v.percent ?? 0);
    if (p.amount > cap) {
      throw new AppError('voucher_amount_exceeds_value', `voucher ${v.code} covers at most ${cap}`, [{ path: `payments.${i}.amount`, message: `at most ${cap}` }], { voucherCovers: cap });
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

/**
 * VOUCH-5: when a bonus card's points reach a rule's threshold, spend the points (a ledger
 * entry) and issue the privilege's voucher from its range — in the receipt's transaction.
 * Rules with higher thresholds go first; one receipt issues at most MAX_PER_RULE per rule.
 */
export function applyRedemptionRules(ctx: EngineContext, card: Card, receiptId: string, at: string): IssuedVoucher[] {
  const rules = ctx.store.master
    .list<Omit<RedemptionRule, 'id'>>('redemption-rules')
    .map((r) => ({ ...r.body, id: r.id }))
    .sort((a, b) => b.pointsAtLeast - a.pointsAtLeast);
  const issued: IssuedVoucher[] = [];
  for (const rule of rules) {
    const privilege = getPrivilege(ctx, rule.privilegeId, 'redemption-rules');
    const cost = privilege.pointsCost ?? rule.pointsAtLeast;
    for (let n = 0; n < MAX_PER_RULE && cost > 0 && ctx.store.ledger.balance(card.number, 'bonus') >= rule.pointsAtLeast; n++) {
      ctx.store.ledger.append({
        type: 'bonus.redeemed', at, docType: 'receipt', docId: receiptId, data: { ruleId: rule.id, privilegeId: privilege.id },
        entries: [{ kind: 'redemption', asset: 'bonus', cardNumber: card.number, customerId: card.customerId, delta: -cost }],
      });
      const [v] = issueVouchers(ctx, privilege, 1, { customerId: card.customerId, source: 'redemption' });
      if (v) issued.push({ code: v.code, privilege: privilege.name, value: v.value, percent: v.percent, validUntil: v.validUntil });
    }
  }
  return issued;
}
