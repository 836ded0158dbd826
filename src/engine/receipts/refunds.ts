import { cardPaymentAccount } from '../model/card-accounts.js';
import { AppError } from '../../common/errors.js';
import { newId } from '../../common/ids.js';
import { mulDivHalfAway } from '../../common/money.js';
import { coversLine } from '../model/catalog.js';
import type { LedgerEntryInput } from '../store/ledger.js';
import type { EngineContext } from '../context.js';
import { cardBalancesView } from '../cards/cards.js';
import { masterSnapshot } from './catalog-cache.js';

export interface RefundInput {
  /** Lines to refund by index and quantity; absent = everything not refunded yet. */
  lines?: { index: number; qty: number }[];
}

/** Share of `total` for `k` of `n` units; cumulative use telescopes to exactly `total`. */
const share = (total: number, k: number, n: number): number => (n === 0 ? 0 : mulDivHalfAway(total, k, n));

/**
 * POST /v1/receipts/{id}/refunds: reverse turnover, bonus, stamps and card payments of a
 * receipt, wholly or by line, as new ledger entries in one transaction. Never more than sold.
 */
export function refundReceipt(ctx: EngineContext, receiptId: string, input: RefundInput) {
  return ctx.store.db.tx(() => {
    const receipt = ctx.store.receipts.get(receiptId);
    if (!receipt) throw new AppError('receipt_not_found', `no receipt ${receiptId}`);
    const lines = ctx.store.receipts.lines(receiptId);
    const wanted = input.lines ?? lines.map((l) => ({ index: l.idx, qty: l.qty - l.refundedQty })).filter((l) => l.qty > 0);
    if (wanted.length === 0)
      throw new AppError('refund_exceeds_sale', 'everything on this receipt was refunded already', [{ path: 'lines', message: 'nothing left to refund' }]);
    const seen = new Set<number>();
    const out: { index: number; qty: number; gross: number; discount: number; net: number }[] = [];
    let gross = 0;
    let net = 0;
    let bonus = 0;
    const stampsBack = new Map<string, number>();
    const { catalog } = masterSnapshot(ctx);
    wanted.forEach((w, i) => {
      const l = lines.find((x) => x.idx === w.index);
      if (!l || seen.has(w.index))
        throw new AppError('validation_failed', undefined, [{ path: `lines.${i}.index`, message: l ? 'listed twice' : 'no such line' }]);
      seen.add(w.index);
      if (w.qty > l.qty - l.refundedQty) {
        throw new AppError('refund_exceeds_sale', `line ${w.index}: ${l.qty - l.refundedQty} left to refund`, [
          { path: `lines.${i}.qty`, message: `at most ${l.qty - l.refundedQty}` },
        ]);
      }
      const from = l.refundedQty;
      const to = from + w.qty;
      const d = share(l.discount, to, l.qty) - share(l.discount, from, l.qty);
      const g = l.unitPrice * w.qty;
      out.push({ index: w.index, qty: w.qty, gross: g, discount: d, net: g - d });
      gross += g;
      net += g - d;
      bonus += share(l.bonus, to, l.qty) - share(l.bonus, from, l.qty);
      for (const p of catalog.stampPrograms) {
        if (!coversLine(p, l.sku, l.group ?? undefined)) continue;
        const earning = l.qty - l.stampFree;
        const back = Math.max(0, Math.min(to, earning) - Math.min(from, earning));
        if (back > 0) stampsBack.set(p.id, (stampsBack.get(p.id) ?? 0) + back);
      }
      ctx.store.receipts.addRefundedQty(receiptId, w.index, w.qty);
    });

    // Card money and bonus used come back in proportion to the receipt's gross refunded so far.
    const refundedBefore = lines.reduce((s, l) => s + l.unitPrice * l.refundedQty, 0);
    const cardRefund = share(receipt.cardPaid, refundedBefore + gross, receipt.gross) - share(receipt.cardPaid, refundedBefore, receipt.gross);
    const bonusUsedBack = share(receipt.bonusUsed, refundedBefore + gross, receipt.gross) - share(receipt.bonusUsed, refundedBefore, receipt.gross);
    const card = receipt.cardNumber ? ctx.store.cards.get(receipt.cardNumber) : null;
    const entries: LedgerEntryInput[] = [];
    let bonusTaken = 0;
    if (receipt.customerId)
      entries.push({ kind: 'refund', asset: 'turnover', customerId: receipt.customerId, cardNumber: card?.number ?? null, delta: -(net + bonusUsedBack) });
    if (card) {
      if (cardRefund > 0) {
        entries.push({ kind: 'refund', ...cardPaymentAccount(card, billingPayer(ctx, card.customerId)), cardNumber: card.number, delta: cardRefund });
      }
      // Take back only what this receipt earned and the card still holds: points or stamps spent
      // since (a reward, a bonus payment) or zeroed by a reset are gone, and a refund never
      // drives a balance below zero.
      bonusTaken = Math.min(bonus, Math.max(0, ctx.store.ledger.balance(card.number, 'bonus') + bonusUsedBack));
      entries.push({ kind: 'refund', asset: 'bonus', cardNumber: card.number, customerId: card.customerId, delta: bonusUsedBack - bonusTaken });
      for (const [programId, n] of stampsBack) {
        const taken = Math.min(n, Math.max(0, ctx.store.ledger.balance(card.number, 'stamps', programId)));
        entries.push({ kind: 'refund', asset: 'stamps', cardNumber: card.number, customerId: card.customerId, programId, delta: -taken });
      }
    }
    const refundId = newId();
    const at = ctx.clock.now().toISOString();
    const ev = ctx.store.ledger.append({ type: 'receipt.refunded', at, docType: 'refund', docId: refundId, entries, data: { receiptId, lines: out } });
    ctx.store.receipts.insertRefund({ id: refundId, receiptId, at, lines: out, net, cardRefund, storeSeq: ev.storeSeq });
    return {
      refundId,
      receiptId,
      lines: out,
      totals: { gross, discount: gross - net, net },
      cardRefund,
      bonusReversed: bonusTaken,
      balances: card ? cardBalancesView(ctx, card.number) : null,
    };
  });
}

function billingPayer(ctx: EngineContext, holderId: string): string {
  return ctx.store.customers.get(holderId)?.billingCustomerId ?? holderId;
}
