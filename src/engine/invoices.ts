import type { EngineContext } from './context.js';
import { customerName } from './customers.js';
import { localDateRange, monthDates } from './period.js';

export interface InvoiceLine {
  at: string;
  cardNumber: string;
  holderId: string | null;
  kind: 'payment' | 'refund';
  docType: string | null;
  docId: string | null;
  amount: number;
}

/**
 * CARD-3 discount_payment, CUST-7: card payments of a billing period accrue to the billing
 * customer (or the holder). They are ledger entries of kind payment/refund on the payer's
 * account, tagged with the card; an invoice is their sum per payer for the store-local month.
 */
export function invoicesForPeriod(ctx: EngineContext, period: string) {
  const { first, last } = monthDates(period);
  const { from, to } = localDateRange(first, last, ctx.config.store.timeZone);
  const rows = ctx.store.db
    .prepare(
      `SELECT g.customer_id, g.at, g.card_number, c.customer_id AS holder_id, g.kind, g.doc_type, g.doc_id, g.delta
       FROM ledger g JOIN cards c ON c.number = g.card_number
       WHERE g.asset = 'account' AND g.kind IN ('payment', 'refund') AND c.type = 'discount_payment' AND g.at >= ? AND g.at < ?
       ORDER BY g.customer_id, g.id`,
    )
    .all(from, to) as Record<string, unknown>[];
  const byPayer = new Map<string, InvoiceLine[]>();
  for (const r of rows) {
    const payer = r.customer_id as string;
    const lines = byPayer.get(payer) ?? [];
    lines.push({
      at: r.at as string, cardNumber: r.card_number as string, holderId: (r.holder_id as string | null) ?? null,
      kind: r.kind as InvoiceLine['kind'], docType: (r.doc_type as string | null) ?? null, docId: (r.doc_id as string | null) ?? null, amount: -(r.delta as number),
    });
    byPayer.set(payer, lines);
  }
  return {
    period,
    invoices: [...byPayer.entries()].map(([customerId, lines]) => {
      const c = ctx.store.customers.get(customerId);
      return { customerId, name: c ? customerName(c) : null, email: c?.email ?? null, total: lines.reduce((s, l) => s + l.amount, 0), lines };
    }),
  };
}
