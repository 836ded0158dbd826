import { cardPaymentAccount } from '../model/card-accounts.js';
import { AppError } from '../../common/errors.js';
import { checkOfflineSpend } from '../offline-caps.js';
import { newId } from '../../common/ids.js';
import { cardPaymentProblem } from '../model/payment.js';
import type { EvalLine } from '../model/evaluation-types.js';
import type { Card, CardBalancesView } from '../model/types.js';
import type { LedgerEntryInput } from '../store/ledger.js';
import type { EngineContext } from '../context.js';
import { cardBalancesView } from '../cards/cards.js';
import { loadAndEvaluate } from './evaluate.js';
import { applyOnlineTier } from '../tiers/tiers.js';
import { cardUpdatedEvent } from '../records/record-events.js';
import { applyRedemptionRules, redeemVoucherPayments, type IssuedVoucher, type SkippedVoucher } from '../vouchers/voucher-receipts.js';

export const PAYMENT_METHODS = ['cash', 'external', 'card', 'bonus', 'voucher'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export interface PaymentInput {
  method: PaymentMethod;
  amount: number;
  voucherCode?: string;
}

export interface ReceiptInput {
  tillId: string;
  receiptNo: string;
  at: string;
  card?: string;
  customerId?: string;
  lines: EvalLine[];
  payments: PaymentInput[];
}

export interface ReceiptResult {
  receiptId: string;
  totals: { gross: number; discount: number; net: number };
  bonusEarned: number;
  balances: CardBalancesView | null;
  tier: number | null;
  vouchersIssued: IssuedVoucher[];
  /** VOUCH-5: redemption vouchers not issued, with why; the sale closed anyway. */
  vouchersSkipped: SkippedVoucher[];
  messages: string[];
  /** CUST-11: where central will e-mail this receipt; null when the customer did not ask for it. */
  emailReceipt: { to: string } | null;
}

function paymentError(code: 'payments_do_not_match' | 'card_type_mismatch', path: string, message: string): AppError {
  return new AppError(code, message, [{ path, message }]);
}

/**
 * POST /v1/receipts: re-evaluate the lines (never trust the till's discount), check payments,
 * and commit receipt, turnover, ledger entries, stamps and the tier change in ONE transaction.
 */
export function closeReceipt(ctx: EngineContext, input: ReceiptInput): ReceiptResult {
  return ctx.store.db.tx(() => {
    const prior = ctx.store.receipts.findByTillNo(input.tillId, input.receiptNo);
    if (prior) {
      throw new AppError(
        'receipt_already_closed',
        `till ${input.tillId} closed receipt ${input.receiptNo} as ${prior.id}`,
        [{ path: 'receiptNo', message: 'already closed' }],
        { receiptId: prior.id },
      );
    }
    const payWithCard = input.payments.some((p) => p.method === 'card' || p.method === 'bonus');
    const b = loadAndEvaluate(ctx, { card: input.card, customerId: input.customerId, at: input.at, lines: input.lines, payWithCard });
    const { card, customer, payer, result } = b;
    if (card?.status === 'blocked') throw new AppError('card_blocked', undefined, [{ path: 'card', message: 'blocked' }]);

    // Payments: the card pays through `card`/`bonus`; everything else must make up what is due.
    let cardPaid = 0;
    let bonusPaid = 0;
    let tendered = 0;
    input.payments.forEach((p, i) => {
      if (p.method === 'card') {
        if (!card || (card.type !== 'credit' && card.type !== 'discount_payment')) {
          throw paymentError('card_type_mismatch', `payments.${i}.method`, 'only a credit or payment card on the receipt can pay by card');
        }
        cardPaid += p.amount;
      } else if (p.method === 'bonus') {
        if (card?.type !== 'bonus') throw paymentError('card_type_mismatch', `payments.${i}.method`, 'only a bonus card can pay with bonus');
        bonusPaid += p.amount;
      } else tendered += p.amount;
    });
    const pay = result.payment;
    if (card?.type === 'bonus' && bonusPaid > 0 && pay.problem) throw new AppError(pay.problem, undefined, [{ path: 'payments', message: pay.problem }]);
    if (cardPaid > 0) {
      const problem = cardPaymentProblem(pay, cardPaid);
      if (problem)
        throw new AppError(problem, `the card can pay at most ${pay.cardPayable}`, [{ path: 'payments', message: problem }], { cardPayable: pay.cardPayable });
    }
    if (bonusPaid > 0 && bonusPaid !== pay.bonusUsed) {
      throw paymentError('payments_do_not_match', 'payments', `bonus pays ${pay.bonusUsed}, not ${bonusPaid}`);
    }
    if (cardPaid + tendered !== pay.due) {
      throw new AppError('payments_do_not_match', `due ${pay.due}, paid ${cardPaid + tendered}`, [{ path: 'payments', message: `must add up to ${pay.due}` }], {
        due: pay.due,
        totals: result.totals,
      });
    }

    const receiptId = newId();
    const at = b.at.toISOString();
    redeemVoucherPayments(ctx, receiptId, input.payments, result.totals.net);

    const entries: LedgerEntryInput[] = [];
    if (card && cardPaid > 0) {
      entries.push({ kind: 'payment', ...cardPaymentAccount(card, payer?.id ?? null), cardNumber: card.number, delta: -cardPaid });
    }
    if (card) {
      entries.push({ kind: 'bonus_earn', asset: 'bonus', cardNumber: card.number, customerId: card.customerId, delta: result.bonusEarned });
      entries.push({ kind: 'bonus_spend', asset: 'bonus', cardNumber: card.number, customerId: card.customerId, delta: -pay.bonusUsed });
      for (const s of result.stamps) {
        entries.push({ kind: 'stamp_earn', asset: 'stamps', cardNumber: card.number, customerId: card.customerId, programId: s.programId, delta: s.earned });
        entries.push({
          kind: 'stamp_reward',
          asset: 'stamps',
          cardNumber: card.number,
          customerId: card.customerId,
          programId: s.programId,
          delta: -s.consumed,
        });
      }
    }
    // A receipt dated before the cutoff of a balance reset that already ran: the reset zeroed
    // what the card held at that cutoff, so what this receipt earned before it expires as well.
    if (card && ctx.store.ledger.resetCoversInstant(at, card.type))
      entries.push(...expiredByReset(ctx, card, result.bonusEarned - pay.bonusUsed, result.bonusEarned, result.stamps));
    if (customer && result.turnover !== null) {
      entries.push({ kind: 'turnover', asset: 'turnover', cardNumber: card?.number ?? null, customerId: customer.id, delta: result.turnover });
    }
    checkOfflineSpend(ctx, entries);
    // CUST-11: the store only records where to mail it; central sends it. The sale never waits on mail.
    const emailReceipt = customer?.emailReceipts && customer.email ? { to: customer.email } : null;
    const ev = ctx.store.ledger.append({
      type: 'receipt.closed',
      at,
      docType: 'receipt',
      docId: receiptId,
      entries,
      data: {
        tillId: input.tillId,
        receiptNo: input.receiptNo,
        totals: result.totals,
        payments: input.payments,
        // SYNC-1: the receipt travels with its lines
        lines: result.lines.map((l) => ({
          index: l.index,
          sku: l.sku,
          qty: l.qty,
          unitPrice: l.unitPrice,
          gross: l.gross,
          discount: l.discount,
          net: l.net,
          discountId: l.applied?.discountId ?? null,
        })),
        ...(emailReceipt ? { emailReceipt } : {}),
      },
    });
    ctx.store.receipts.insert(
      {
        id: receiptId,
        tillId: input.tillId,
        receiptNo: input.receiptNo,
        at,
        localDate: b.local.date,
        cardNumber: card?.number ?? null,
        customerId: customer?.id ?? null,
        gross: result.totals.gross,
        discount: result.totals.discount,
        net: result.totals.net,
        bonusEarned: result.bonusEarned,
        bonusUsed: pay.bonusUsed,
        cardPaid,
        payments: input.payments,
        storeSeq: ev.storeSeq,
      },
      result.lines,
    );
    // CARD-15: an ordered card presented at a till has reached its holder: it is active now.
    if (card?.status === 'ordered') {
      const active: Card = { ...card, status: 'active', updatedAt: at };
      ctx.store.cards.update(active);
      cardUpdatedEvent(ctx, card, active); // SYNC-1: in the receipt's transaction, like every card change
    }
    const tier = customer ? applyOnlineTier(ctx, customer, b.at) : null;
    const vouchers = card?.type === 'bonus' ? applyRedemptionRules(ctx, card, receiptId, at) : { issued: [], skipped: [] };
    return {
      receiptId,
      totals: result.totals,
      bonusEarned: result.bonusEarned,
      balances: card ? cardBalancesView(ctx, card.number) : null,
      tier,
      vouchersIssued: vouchers.issued,
      vouchersSkipped: vouchers.skipped,
      messages: card?.message ? [card.message] : [],
      emailReceipt,
    };
  });
}

/** `reset` entries that take back what a backdated receipt earned, never more than the card will hold. */
function expiredByReset(
  ctx: EngineContext,
  card: Card,
  bonusNet: number,
  bonusEarned: number,
  stamps: readonly { programId: string; earned: number; consumed: number }[],
): LedgerEntryInput[] {
  const out: LedgerEntryInput[] = [];
  const base = { kind: 'reset', cardNumber: card.number, customerId: card.customerId } as const;
  const bonus = Math.min(bonusEarned, Math.max(0, ctx.store.ledger.balance(card.number, 'bonus') + bonusNet));
  if (bonus > 0) out.push({ ...base, asset: 'bonus', delta: -bonus });
  for (const s of stamps) {
    const n = Math.min(s.earned, Math.max(0, ctx.store.ledger.balance(card.number, 'stamps', s.programId) + s.earned - s.consumed));
    if (n > 0) out.push({ ...base, asset: 'stamps', programId: s.programId, delta: -n });
  }
  return out;
}
