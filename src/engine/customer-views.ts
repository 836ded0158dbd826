import { AppError } from '../common/errors.js';
import type { Customer } from './model/types.js';
import type { EngineContext } from './context.js';
import { accountBalance } from './account.js';
import { cardBalances } from './cards.js';

/** CUST-6: the customer with cards, balances, tier and account. */
export function customerDetail(ctx: EngineContext, c: Customer) {
  const cards = ctx.store.cards.byCustomer(c.id).map((card) => ({
    number: card.number,
    type: card.type,
    status: card.status,
    message: card.message,
    balances: cardBalances(ctx, card.number),
  }));
  return {
    ...c,
    tier: c.tierLevel,
    account: { balance: accountBalance(ctx, c.id), creditLimit: c.creditLimit },
    turnover: ctx.store.ledger.balance(c.id, 'turnover'),
    cards,
  };
}

export interface TransactionEntry {
  id: number;
  eventId: string;
  at: string;
  kind: string;
  asset: string;
  cardNumber: string | null;
  programId: string;
  delta: number;
  docType: string | null;
  docId: string | null;
}

/** CUST-6 transaction history: the customer's ledger entries, newest first, cursor `before`. */
export function customerTransactions(ctx: EngineContext, customerId: string, limit: number, before?: number) {
  if (!ctx.store.customers.exists(customerId)) throw new AppError('customer_not_found', `no customer ${customerId}`);
  const rows = ctx.store.db
    .prepare(
      `SELECT id, event_id, at, kind, asset, card_number, program_id, delta, doc_type, doc_id FROM ledger
       WHERE customer_id = ? AND id < ? ORDER BY id DESC LIMIT ?`,
    )
    .all(customerId, before ?? Number.MAX_SAFE_INTEGER, limit) as Record<string, unknown>[];
  const items: TransactionEntry[] = rows.map((r) => ({
    id: r.id as number,
    eventId: r.event_id as string,
    at: r.at as string,
    kind: r.kind as string,
    asset: r.asset as string,
    cardNumber: (r.card_number as string | null) ?? null,
    programId: r.program_id as string,
    delta: r.delta as number,
    docType: (r.doc_type as string | null) ?? null,
    docId: (r.doc_id as string | null) ?? null,
  }));
  const last = items[items.length - 1];
  return { items, next: items.length === limit && last ? last.id : null };
}
