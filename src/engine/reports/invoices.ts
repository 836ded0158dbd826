import type { EngineContext } from '../context.js';
import { customerName } from '../customers/customers.js';
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
 * Paged by payer: up to `limit` payers with an id after `after`.
 */
export function invoicePayers(ctx: EngineContext, period: string, after: string | null, limit: number): string[] {
  const { from, to } = periodRange(ctx, period);
  return ctx.store.reports.invoicePayersPage(from, to, after, limit);
}

/** The invoices of the given payers for the period (CARD-3, CUST-7). */
export function invoicesFor(ctx: EngineContext, period: string, payerIds: readonly string[]) {
  const { from, to } = periodRange(ctx, period);
  return payerIds.map((customerId) => {
    const lines: InvoiceLine[] = ctx.store.reports.invoiceLines(customerId, from, to).map((r) => ({
      at: r.at,
      cardNumber: r.cardNumber,
      holderId: r.holderId,
      kind: r.kind,
      docType: r.docType,
      docId: r.docId,
      amount: -r.delta,
    }));
    const c = ctx.store.customers.get(customerId);
    return { customerId, name: c ? customerName(c) : null, email: c?.email ?? null, total: lines.reduce((s, l) => s + l.amount, 0), lines };
  });
}

function periodRange(ctx: EngineContext, period: string): { from: string; to: string } {
  const { first, last } = monthDates(period);
  return localDateRange(first, last, ctx.config.store.timeZone);
}
