import type { EngineContext } from './context.js';
import { customerName } from './customers.js';
import { localDateRange } from './period.js';

/** Which ledger asset carries a money-moving card's balance (CARD-12). */
const CARD_ASSET: Record<string, string> = { credit: 'money', bonus: 'bonus', discount_payment: 'account' };

/**
 * CARD-12 card usage: per money-moving card (payment, credit, bonus) the opening balance, what
 * came in and went out in the period, and the closing balance. For discount_payment cards the
 * balance is what the card has put on its payer's account (negative = owed).
 */
export function cardUsageReport(ctx: EngineContext, fromDate: string, toDate: string) {
  const { from, to } = localDateRange(fromDate, toDate, ctx.config.store.timeZone);
  const rows = ctx.store.db
    .prepare(
      `SELECT c.number, c.type, c.customer_id,
              COALESCE(SUM(CASE WHEN g.at < ?1 THEN g.delta END), 0) AS opening,
              COALESCE(SUM(CASE WHEN g.at >= ?1 AND g.at < ?2 AND g.delta > 0 THEN g.delta END), 0) AS credits,
              COALESCE(SUM(CASE WHEN g.at >= ?1 AND g.at < ?2 AND g.delta < 0 THEN -g.delta END), 0) AS debits,
              COALESCE(SUM(CASE WHEN g.at < ?2 THEN g.delta END), 0) AS closing
       FROM cards c JOIN ledger g ON g.card_number = c.number
        AND g.asset = CASE c.type WHEN 'credit' THEN 'money' WHEN 'bonus' THEN 'bonus' ELSE 'account' END
       WHERE c.type IN ('credit', 'bonus', 'discount_payment')
       GROUP BY c.number ORDER BY c.number`,
    )
    .all(from, to) as Record<string, unknown>[];
  return {
    from: fromDate,
    to: toDate,
    rows: rows.map((r) => ({
      cardNumber: r.number as string, type: r.type as string, asset: CARD_ASSET[r.type as string] ?? null, customerId: r.customer_id as string,
      opening: r.opening as number, credits: r.credits as number, debits: r.debits as number, closing: r.closing as number,
    })),
  };
}

/** CARD-12 discount sales: per discount, lines, units, gross, discount and net sold in the period. */
export function discountSalesReport(ctx: EngineContext, fromDate: string, toDate: string) {
  const rows = ctx.store.db
    .prepare(
      `SELECT l.discount_id, COUNT(*) AS lines, SUM(l.qty) AS units, SUM(l.gross) AS gross, SUM(l.discount) AS discount, SUM(l.net) AS net, SUM(l.bonus) AS bonus
       FROM receipt_lines l JOIN receipts r ON r.id = l.receipt_id
       WHERE r.local_date BETWEEN ? AND ? AND l.discount_id IS NOT NULL
       GROUP BY l.discount_id ORDER BY l.discount_id`,
    )
    .all(fromDate, toDate) as Record<string, unknown>[];
  const names = new Map(ctx.store.master.list<{ name: string }>('discounts').map((d) => [d.id, d.body.name]));
  return {
    from: fromDate,
    to: toDate,
    rows: rows.map((r) => ({
      discountId: r.discount_id as string, name: names.get(r.discount_id as string) ?? null, lines: r.lines as number, units: r.units as number,
      gross: r.gross as number, discount: r.discount as number, net: r.net as number, bonus: r.bonus as number,
    })),
  };
}

/** CARD-12 per-customer card report: each customer's cards with balances and turnover. */
export function customerCardsReport(ctx: EngineContext, opts: { customerId?: string; limit: number; after?: string }) {
  const customers = opts.customerId
    ? [ctx.store.customers.get(opts.customerId)].filter((c) => c !== null)
    : (ctx.store.db.prepare('SELECT DISTINCT customer_id FROM cards WHERE customer_id > ? ORDER BY customer_id LIMIT ?').all(opts.after ?? '', opts.limit) as { customer_id: string }[])
        .map((r) => ctx.store.customers.get(r.customer_id))
        .filter((c) => c !== null);
  const rows = [];
  for (const c of customers) {
    for (const card of ctx.store.cards.byCustomer(c.id)) {
      const b = Object.fromEntries(ctx.store.ledger.balancesOf(card.number).filter((x) => x.asset !== 'stamps').map((x) => [x.asset, x.amount]));
      rows.push({
        customerId: c.id, name: customerName(c), tier: c.tierLevel, turnover: ctx.store.ledger.balance(c.id, 'turnover'),
        cardNumber: card.number, type: card.type, status: card.status, money: b.money ?? 0, bonus: b.bonus ?? 0, visits: b.visits ?? 0,
      });
    }
  }
  const last = customers[customers.length - 1];
  return { rows, next: !opts.customerId && customers.length === opts.limit && last ? last.id : null };
}
