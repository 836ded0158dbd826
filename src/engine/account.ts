import { AppError } from '../common/errors.js';
import { nowIso, type EngineContext } from './context.js';
import { getCustomer } from './customers.js';

/** CUST-4: a charge is allowed only while balance - amount >= -creditLimit. */
export function canCharge(balance: number, creditLimit: number, amount: number): boolean {
  return balance - amount >= -creditLimit;
}

/** The customer account balance (credit customers negative, deposit customers positive). */
export function accountBalance(ctx: EngineContext, customerId: string): number {
  return ctx.store.ledger.balance(customerId, 'account');
}

export interface AccountMove {
  customerId: string;
  amount: number;
  docType: string;
  docId: string;
}

/** Charge the customer account (a ledger entry); refuses beyond the credit limit. */
export function chargeAccount(ctx: EngineContext, m: AccountMove): number {
  return ctx.store.db.tx(() => {
    const c = getCustomer(ctx, m.customerId);
    const balance = accountBalance(ctx, c.id);
    if (!canCharge(balance, c.creditLimit, m.amount)) {
      throw new AppError('credit_limit_exceeded', `balance ${balance} and credit limit ${c.creditLimit} do not cover ${m.amount}`, [
        { path: 'amount', message: 'exceeds balance plus credit limit' },
      ]);
    }
    ctx.store.ledger.append({
      type: 'account.charge', at: nowIso(ctx), docType: m.docType, docId: m.docId,
      entries: [{ kind: 'charge', asset: 'account', customerId: c.id, delta: -m.amount }],
    });
    return balance - m.amount;
  });
}

/** Pay into the customer account (deposit, or paying off debt). */
export function depositAccount(ctx: EngineContext, m: AccountMove): number {
  return ctx.store.db.tx(() => {
    const c = getCustomer(ctx, m.customerId);
    ctx.store.ledger.append({
      type: 'account.deposit', at: nowIso(ctx), docType: m.docType, docId: m.docId,
      entries: [{ kind: 'deposit', asset: 'account', customerId: c.id, delta: m.amount }],
    });
    return accountBalance(ctx, c.id);
  });
}
