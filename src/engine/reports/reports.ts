import { reportedAsset } from '../model/card-accounts.js';
import type { CardType } from '../model/types.js';
import { datesFrom } from '../../common/calendar.js';
import { setImmediate as yieldToTills } from 'node:timers/promises';
import type { EngineContext } from '../context.js';
import type { DiscountSalesRow } from '../store/reports-repo.js';
import { customerName } from '../customers/customers.js';
import { localDateRange } from './period.js';

/** Which ledger asset carries a money-moving card's balance (CARD-12). */

/**
 * CARD-12 card usage: per money-moving card (payment, credit, bonus) the opening balance, what
 * came in and went out in the period, and the closing balance. For discount_payment cards the
 * balance is what the card has put on its payer's account (negative = owed). One page of cards
 * by number after `after`: `limit` rows (the caller asks for one more to learn if more exist).
 */
export function cardUsageReport(ctx: EngineContext, fromDate: string, toDate: string, after: string | null, limit: number) {
  const { from, to } = localDateRange(fromDate, toDate, ctx.config.store.timeZone);
  const rows = ctx.store.reports.cardUsagePage(from, to, after, limit);
  return rows.map((r) => ({
    cardNumber: r.cardNumber,
    type: r.type,
    asset: reportedAsset(r.type as CardType),
    customerId: r.customerId,
    opening: r.opening,
    credits: r.credits,
    debits: r.debits,
    closing: r.closing,
  }));
}

/** Names of the report's own rows: discounts that are not master data. */
const PSEUDO_DISCOUNTS: Record<string, string> = { '@bonus-payment': 'Paid with bonus (-100 %)', '@stamp-reward': 'Free stamp rewards' };

/**
 * CARD-12 discount sales: per discount, lines, units, gross, discount and net sold in the period
 * (receipts by store-local date), less what was refunded in the period (`refundedUnits` says how
 * many units). Discounts credited as bonus count under their discount (`bonus`); receipts paid
 * with bonus under `@bonus-payment`; units a stamp program gave free under `@stamp-reward`.
 * Summed one store-local day at a time with a yield between days, so a year's report never holds
 * the event loop for more than one day's receipt lines. `limit` rows by discount id after `after`.
 */
export async function discountSalesReport(ctx: EngineContext, fromDate: string, toDate: string, after: string | null, limit: number) {
  const sums = new Map<string, DiscountSalesRow>();
  for (const day of datesFrom(fromDate, toDate)) {
    const { from, to } = localDateRange(day, day, ctx.config.store.timeZone);
    for (const r of ctx.store.reports.discountSalesOfDay(day, from, to, after)) {
      const s = sums.get(r.discountId);
      if (!s) sums.set(r.discountId, { ...r });
      else for (const k of ['lines', 'units', 'gross', 'discount', 'net', 'bonus', 'refundedUnits'] as const) s[k] += r[k];
    }
    await yieldToTills();
  }
  const ids = [...sums.keys()].sort().slice(0, limit);
  return ids.map((id) => {
    const r = sums.get(id)!;
    const name = ctx.store.master.get<{ name: string }>('discounts', id)?.body.name ?? PSEUDO_DISCOUNTS[id] ?? null;
    return {
      discountId: id,
      name,
      lines: r.lines,
      units: r.units,
      gross: r.gross,
      discount: r.discount,
      net: r.net,
      bonus: r.bonus,
      refundedUnits: r.refundedUnits,
    };
  });
}

/** CARD-12 per-customer card report: each customer's cards with balances and turnover. */
export function customerCardsReport(ctx: EngineContext, opts: { customerId?: string; limit: number; after?: string }) {
  const customers = opts.customerId
    ? [ctx.store.customers.get(opts.customerId)].filter((c) => c !== null)
    : ctx.store.cards
        .customerIdsWithCards(opts.after ?? '', opts.limit)
        .map((id) => ctx.store.customers.get(id))
        .filter((c) => c !== null);
  const rows = [];
  for (const c of customers) {
    for (const card of ctx.store.cards.byCustomer(c.id)) {
      const b = Object.fromEntries(
        ctx.store.ledger
          .balancesOf(card.number)
          .filter((x) => x.asset !== 'stamps')
          .map((x) => [x.asset, x.amount]),
      );
      rows.push({
        customerId: c.id,
        name: customerName(c),
        tier: c.tierLevel,
        turnover: ctx.store.ledger.balance(c.id, 'turnover'),
        cardNumber: card.number,
        type: card.type,
        status: card.status,
        money: b.money ?? 0,
        bonus: b.bonus ?? 0,
        visits: b.visits ?? 0,
      });
    }
  }
  const last = customers[customers.length - 1];
  return { rows, next: !opts.customerId && customers.length === opts.limit && last ? last.id : null };
}

/**
 * CUST-10, CARD-12 customer accounts: per customer with account movements, the opening balance,
 * deposits and invoice payments in (`deposits`), card payments and charges out (`charges`, net
 * of refunds) and the closing balance of the period. `limit` customers by id after `after`.
 */
export function accountsReport(ctx: EngineContext, fromDate: string, toDate: string, after: string | null, limit: number) {
  const { from, to } = localDateRange(fromDate, toDate, ctx.config.store.timeZone);
  return ctx.store.reports.accountsPage(from, to, after, limit).map((r) => {
    const c = ctx.store.customers.get(r.customerId);
    return {
      customerId: r.customerId,
      name: c ? customerName(c) : null,
      creditLimit: c?.creditLimit ?? 0,
      opening: r.opening,
      deposits: r.deposits,
      charges: r.charges,
      closing: r.closing,
    };
  });
}
