import { AppError } from '../../common/errors.js';
import type { Customer } from '../model/types.js';
import type { EngineContext } from '../context.js';
import { accountBalance } from './account.js';
import { cardBalancesView } from '../cards/cards.js';

/** CUST-6: the customer with cards, balances, tier and account. */
export function customerDetail(ctx: EngineContext, c: Customer) {
  const cards = ctx.store.cards.byCustomer(c.id).map((card) => ({
    number: card.number,
    type: card.type,
    status: card.status,
    message: card.message,
    balances: cardBalancesView(ctx, card.number),
  }));
  return {
    ...c,
    hasWebPassword: ctx.store.customers.webPasswordHash(c.id) !== null,
    tier: c.tierLevel,
    account: { balance: accountBalance(ctx, c.id), creditLimit: c.creditLimit },
    turnover: ctx.store.ledger.balance(c.id, 'turnover'),
    cards,
  };
}

export type { TransactionEntry } from '../store/ledger.js';

/** CUST-6 transaction history: the customer's ledger entries, newest first, cursor `before`. */
export function customerTransactions(ctx: EngineContext, customerId: string, limit: number, before?: number) {
  if (!ctx.store.customers.exists(customerId)) throw new AppError('customer_not_found', `no customer ${customerId}`);
  const items = ctx.store.ledger.transactionsOf(customerId, before ?? Number.MAX_SAFE_INTEGER, limit);
  const last = items[items.length - 1];
  return { items, next: items.length === limit && last ? last.id : null };
}
