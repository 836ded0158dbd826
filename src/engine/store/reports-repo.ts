import { CARD_ASSET } from '../model/card-accounts.js';
import type { Db } from './db.js';

export interface CardUsageRow {
  cardNumber: string;
  type: string;
  customerId: string;
  opening: number;
  credits: number;
  debits: number;
  closing: number;
}

export interface DiscountSalesRow {
  discountId: string;
  lines: number;
  units: number;
  gross: number;
  discount: number;
  net: number;
  bonus: number;
  refundedUnits: number;
}

export interface AccountRow {
  customerId: string;
  opening: number;
  deposits: number;
  charges: number;
  closing: number;
}

export interface InvoiceLineRow {
  payerId: string;
  at: string;
  cardNumber: string;
  holderId: string | null;
  kind: 'payment' | 'refund';
  docType: string | null;
  docId: string | null;
  delta: number;
}

/** The ledger asset that carries a money-moving card's balance; the same in the page and the sums, so every card picked has rows. */
const CARD_ASSET_SQL = (t: string) =>
  `CASE ${t}.type ${Object.entries(CARD_ASSET)
    .map(([type, asset]) => `WHEN '${type}' THEN '${asset}'`)
    .join(' ')} END`;
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));
const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * The SQL of the CARD-12 reports and CARD-3/CUST-7 invoices, one bounded slice at a time (GW-5):
 * a page of cards, one store-local day of receipt lines, a page of payers.
 */
export class ReportsRepo {
  constructor(private readonly db: Db) {}

  /**
   * Money-moving cards after `afterNumber` by number, with balances around [from, to) (UTC
   * instants). The page of cards is chosen first (walking the primary key, stopping at `limit`)
   * and only its ledger rows are summed: a GROUP BY over the join with a LIMIT summed every card.
   */
  cardUsagePage(from: string, to: string, afterNumber: string | null, limit: number): CardUsageRow[] {
    const rows = this.db
      .prepare(
        `SELECT c.number, c.type, c.customer_id,
                COALESCE(SUM(CASE WHEN g.at < ?1 THEN g.delta END), 0) AS opening,
                COALESCE(SUM(CASE WHEN g.at >= ?1 AND g.at < ?2 AND g.delta > 0 THEN g.delta END), 0) AS credits,
                COALESCE(SUM(CASE WHEN g.at >= ?1 AND g.at < ?2 AND g.delta < 0 THEN -g.delta END), 0) AS debits,
                COALESCE(SUM(CASE WHEN g.at < ?2 THEN g.delta END), 0) AS closing
         FROM (SELECT number, type, customer_id FROM cards
               WHERE number > ?3 AND type IN ('credit', 'bonus', 'discount_payment')
                 AND EXISTS (SELECT 1 FROM ledger WHERE card_number = cards.number AND asset = ${CARD_ASSET_SQL('cards')})
               ORDER BY number LIMIT ?4) AS c
         JOIN ledger g ON g.card_number = c.number AND g.asset = ${CARD_ASSET_SQL('c')}
         GROUP BY c.number ORDER BY c.number`,
      )
      .all(from, to, afterNumber ?? '', limit) as Record<string, unknown>[];
    return rows.map((r) => ({
      cardNumber: str(r.number),
      type: str(r.type),
      customerId: str(r.customer_id),
      opening: num(r.opening),
      credits: num(r.credits),
      debits: num(r.debits),
      closing: num(r.closing),
    }));
  }

  /**
   * CARD-12 discount sales of one store-local day, per discount id after `afterId`: receipt lines
   * of receipts dated `localDate` less what was refunded in [from, to) (that day's UTC instants),
   * in proportion to the quantity refunded (rounded half away from zero per line). Discounts
   * credited as bonus count under their discount; receipts paid with bonus under
   * `@bonus-payment`; units a stamp program gave free under `@stamp-reward` (the rest of such a
   * line under its discount). `net` is gross - discount.
   */
  discountSalesOfDay(localDate: string, from: string, to: string, afterId: string | null): DiscountSalesRow[] {
    const rows = this.db
      .prepare(
        `WITH moves AS (
           SELECT l.discount_id, l.qty, l.unit_price, l.discount, l.bonus, l.stamp_free, l.qty AS q
           FROM receipts r JOIN receipt_lines l ON l.receipt_id = r.id
           WHERE r.local_date = ?1 AND (l.discount_id IS NOT NULL OR l.stamp_free > 0)
           UNION ALL
           SELECT l.discount_id, l.qty, l.unit_price, l.discount, l.bonus, l.stamp_free, -CAST(json_extract(j.value, '$.qty') AS INTEGER) AS q
           FROM refunds f, json_each(f.lines) j
           JOIN receipt_lines l ON l.receipt_id = f.receipt_id AND l.idx = json_extract(j.value, '$.index')
           WHERE f.at >= ?2 AND f.at < ?3 AND (l.discount_id IS NOT NULL OR l.stamp_free > 0)
         ), parts AS (
           SELECT discount_id AS k, q, qty, qty - stamp_free AS units, (qty - stamp_free) * unit_price AS gross,
                  discount - stamp_free * unit_price AS discount, bonus
           FROM moves WHERE discount_id IS NOT NULL
           UNION ALL
           SELECT '@stamp-reward', q, qty, stamp_free, stamp_free * unit_price, stamp_free * unit_price, 0 FROM moves WHERE stamp_free > 0
         )
         SELECT k, SUM(q > 0) AS lines,
                CAST(SUM(ROUND(units * 1.0 * q / qty)) AS INTEGER) AS units,
                CAST(SUM(ROUND(gross * 1.0 * q / qty)) AS INTEGER) AS gross,
                CAST(SUM(ROUND(discount * 1.0 * q / qty)) AS INTEGER) AS discount,
                CAST(SUM(ROUND(bonus * 1.0 * q / qty)) AS INTEGER) AS bonus,
                CAST(SUM(CASE WHEN q < 0 THEN ROUND(units * 1.0 * -q / qty) ELSE 0 END) AS INTEGER) AS refunded_units
         FROM parts WHERE (units > 0 OR discount <> 0 OR bonus <> 0) AND k > ?4 GROUP BY k`,
      )
      .all(localDate, from, to, afterId ?? '') as Record<string, unknown>[];
    return rows.map((r) => {
      const gross = num(r.gross);
      const discount = num(r.discount);
      return {
        discountId: str(r.k),
        lines: num(r.lines),
        units: num(r.units),
        gross,
        discount,
        net: gross - discount,
        bonus: num(r.bonus),
        refundedUnits: num(r.refunded_units),
      };
    });
  }

  /**
   * CUST-10, CARD-12 customer accounts: customers after `afterId` (by id, `limit` of them) with
   * account entries before `to`, each with the opening balance at `from`, deposits and opening
   * balances booked in [from, to), charges (payments less refunds) in [from, to) and the closing
   * balance. The page of customers is chosen first; only its ledger rows are summed.
   */
  accountsPage(from: string, to: string, afterId: string | null, limit: number): AccountRow[] {
    const rows = this.db
      .prepare(
        `SELECT c.id,
                COALESCE(SUM(CASE WHEN g.at < ?1 THEN g.delta END), 0) AS opening,
                COALESCE(SUM(CASE WHEN g.at >= ?1 AND g.kind IN ('deposit', 'opening') THEN g.delta END), 0) AS deposits,
                COALESCE(SUM(CASE WHEN g.at >= ?1 AND g.kind NOT IN ('deposit', 'opening') THEN -g.delta END), 0) AS charges,
                COALESCE(SUM(g.delta), 0) AS closing
         FROM (SELECT id FROM customers
               WHERE id > ?3 AND EXISTS (SELECT 1 FROM ledger WHERE customer_id = customers.id AND asset = 'account' AND at < ?2)
               ORDER BY id LIMIT ?4) AS c
         JOIN ledger g ON g.customer_id = c.id AND g.asset = 'account' AND g.at < ?2
         GROUP BY c.id ORDER BY c.id`,
      )
      .all(from, to, afterId ?? '', limit) as Record<string, unknown>[];
    return rows.map((r) => ({ customerId: str(r.id), opening: num(r.opening), deposits: num(r.deposits), charges: num(r.charges), closing: num(r.closing) }));
  }

  /** Payers (customer ids) after `afterId` with discount_payment card payments or refunds in [from, to). */
  invoicePayersPage(from: string, to: string, afterId: string | null, limit: number): string[] {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT g.customer_id FROM ledger g JOIN cards c ON c.number = g.card_number
         WHERE g.asset = 'account' AND g.kind IN ('payment', 'refund') AND c.type = 'discount_payment'
           AND g.at >= ? AND g.at < ? AND g.customer_id > ?
         ORDER BY g.customer_id LIMIT ?`,
      )
      .all(from, to, afterId ?? '', limit) as Record<string, unknown>[];
    return rows.map((r) => str(r.customer_id));
  }

  /** The invoice lines of one payer in [from, to), in ledger order. */
  invoiceLines(payerId: string, from: string, to: string): InvoiceLineRow[] {
    const rows = this.db
      .prepare(
        `SELECT g.customer_id, g.at, g.card_number, c.customer_id AS holder_id, g.kind, g.doc_type, g.doc_id, g.delta
         FROM ledger g JOIN cards c ON c.number = g.card_number
         WHERE g.customer_id = ? AND g.asset = 'account' AND g.kind IN ('payment', 'refund') AND c.type = 'discount_payment' AND g.at >= ? AND g.at < ?
         ORDER BY g.id`,
      )
      .all(payerId, from, to) as Record<string, unknown>[];
    return rows.map((r) => ({
      payerId: str(r.customer_id),
      at: str(r.at),
      cardNumber: str(r.card_number),
      holderId: strOrNull(r.holder_id),
      kind: str(r.kind) as InvoiceLineRow['kind'],
      docType: strOrNull(r.doc_type),
      docId: strOrNull(r.doc_id),
      delta: num(r.delta),
    }));
  }
}
