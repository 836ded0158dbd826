import type { EvaluatedLine } from '../model/evaluation-types.js';
import type { Db } from './db.js';

export interface ReceiptRow {
  id: string;
  tillId: string;
  receiptNo: string;
  at: string;
  localDate: string;
  cardNumber: string | null;
  customerId: string | null;
  gross: number;
  discount: number;
  net: number;
  bonusEarned: number;
  bonusUsed: number;
  cardPaid: number;
  payments: unknown;
  storeSeq: number;
}

/** A stored receipt line: the evaluated line as closed, by its position, plus what was refunded. */
export interface ReceiptLineRow extends Pick<EvaluatedLine, 'sku' | 'group' | 'qty' | 'unitPrice' | 'gross' | 'discount' | 'net' | 'bonus' | 'stampFree'> {
  idx: number;
  discountId: string | null;
  refundedQty: number;
}

const RECEIPT_COLS =
  'id, till_id, receipt_no, at, local_date, card_number, customer_id, gross, discount, net, bonus_earned, bonus_used, card_paid, payments, store_seq';

const LINES_PER_INSERT = 25;
const INSERT_LINES = 'INSERT INTO receipt_lines (receipt_id, idx, sku, grp, qty, unit_price, gross, discount, net, discount_id, bonus, stamp_free) VALUES ';
const LINE_VALUES = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

function receiptFromRow(r: Record<string, unknown>): ReceiptRow {
  return {
    id: r.id as string,
    tillId: r.till_id as string,
    receiptNo: r.receipt_no as string,
    at: r.at as string,
    localDate: r.local_date as string,
    cardNumber: (r.card_number as string | null) ?? null,
    customerId: (r.customer_id as string | null) ?? null,
    gross: r.gross as number,
    discount: r.discount as number,
    net: r.net as number,
    bonusEarned: r.bonus_earned as number,
    bonusUsed: r.bonus_used as number,
    cardPaid: r.card_paid as number,
    payments: JSON.parse(r.payments as string) as unknown,
    storeSeq: r.store_seq as number,
  };
}

/**
 * The discount a line was given, for reports (CARD-12): the applied one, or on a bonus card
 * the one credited as bonus. A credit-card discount pending card payment was not given.
 */
function lineDiscountId(l: EvaluatedLine): string | null {
  if (l.applied) return l.applied.discountId;
  return l.bonus > 0 ? l.reason.discountId : null;
}

/** Receipts, their lines and refunds. */
export class ReceiptsRepo {
  constructor(private readonly db: Db) {}

  insert(r: ReceiptRow, lines: readonly EvaluatedLine[]): void {
    this.db
      .prepare(`INSERT INTO receipts (${RECEIPT_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(
        r.id,
        r.tillId,
        r.receiptNo,
        r.at,
        r.localDate,
        r.cardNumber,
        r.customerId,
        r.gross,
        r.discount,
        r.net,
        r.bonusEarned,
        r.bonusUsed,
        r.cardPaid,
        JSON.stringify(r.payments),
        r.storeSeq,
      );
    // Multi-row INSERTs of up to LINES_PER_INSERT rows: one native call instead of one per line
    // (the per-call cost dominated receipt close in the profile).
    for (let i = 0; i < lines.length; i += LINES_PER_INSERT) {
      const chunk = lines.slice(i, i + LINES_PER_INSERT);
      const params: unknown[] = [];
      for (const l of chunk)
        params.push(r.id, l.index, l.sku, l.group, l.qty, l.unitPrice, l.gross, l.discount, l.net, lineDiscountId(l), l.bonus, l.stampFree);
      this.db.prepare(INSERT_LINES + Array(chunk.length).fill(LINE_VALUES).join(', ')).run(...params);
    }
  }

  get(id: string): ReceiptRow | null {
    const r = this.db.prepare(`SELECT ${RECEIPT_COLS} FROM receipts WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    return r ? receiptFromRow(r) : null;
  }

  findByTillNo(tillId: string, receiptNo: string): ReceiptRow | null {
    const r = this.db.prepare(`SELECT ${RECEIPT_COLS} FROM receipts WHERE till_id = ? AND receipt_no = ?`).get(tillId, receiptNo) as
      | Record<string, unknown>
      | undefined;
    return r ? receiptFromRow(r) : null;
  }

  lines(receiptId: string): ReceiptLineRow[] {
    const rows = this.db
      .prepare(
        'SELECT idx, sku, grp, qty, unit_price, gross, discount, net, discount_id, bonus, stamp_free, refunded_qty FROM receipt_lines WHERE receipt_id = ? ORDER BY idx',
      )
      .all(receiptId) as Record<string, unknown>[];
    return rows.map((r) => ({
      idx: r.idx as number,
      sku: r.sku as string,
      group: (r.grp as string | null) ?? null,
      qty: r.qty as number,
      unitPrice: r.unit_price as number,
      gross: r.gross as number,
      discount: r.discount as number,
      net: r.net as number,
      discountId: (r.discount_id as string | null) ?? null,
      bonus: r.bonus as number,
      stampFree: r.stamp_free as number,
      refundedQty: r.refunded_qty as number,
    }));
  }

  addRefundedQty(receiptId: string, idx: number, qty: number): void {
    this.db.prepare('UPDATE receipt_lines SET refunded_qty = refunded_qty + ? WHERE receipt_id = ? AND idx = ?').run(qty, receiptId, idx);
  }

  insertRefund(r: { id: string; receiptId: string; at: string; lines: unknown; net: number; cardRefund: number; storeSeq: number }): void {
    this.db
      .prepare('INSERT INTO refunds (id, receipt_id, at, lines, net, card_refund, store_seq) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(r.id, r.receiptId, r.at, JSON.stringify(r.lines), r.net, r.cardRefund, r.storeSeq);
  }

  /** Card money already given back by refunds of this receipt. */
  cardRefunded(receiptId: string): number {
    return (this.db.prepare('SELECT COALESCE(SUM(card_refund), 0) AS s FROM refunds WHERE receipt_id = ?').get(receiptId) as { s: number }).s;
  }
}
