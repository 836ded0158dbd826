import { AppError } from '../../common/errors.js';
import { newId } from '../../common/ids.js';
import { creditRoom } from '../model/payment.js';
import { nowIso, type EngineContext } from '../context.js';
import { getCustomer } from './customers.js';
import { checkOfflineSpend } from '../offline-caps.js';

/** CUST-4: a charge is allowed only while it fits the credit room (the one rule, in the model). */
export function canCharge(balance: number, creditLimit: number, amount: number): boolean {
  return amount <= creditRoom(balance, creditLimit);
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
    const entries = [{ kind: 'charge', asset: 'account' as const, customerId: c.id, delta: -m.amount }];
    checkOfflineSpend(ctx, entries);
    ctx.store.ledger.append({ type: 'account.charge', at: nowIso(ctx), docType: m.docType, docId: m.docId, entries });
    return balance - m.amount;
  });
}

/** Pay into the customer account (deposit, or paying off debt). */
export function depositAccount(ctx: EngineContext, m: AccountMove): number {
  return ctx.store.db.tx(() => {
    const c = getCustomer(ctx, m.customerId);
    ctx.store.ledger.append({
      type: 'account.deposit',
      at: nowIso(ctx),
      docType: m.docType,
      docId: m.docId,
      entries: [{ kind: 'deposit', asset: 'account', customerId: c.id, delta: m.amount }],
    });
    return accountBalance(ctx, c.id);
  });
}

export interface DepositInput {
  amount: number;
  note?: string | null;
}

/**
 * CUST-10: fund or settle a customer account (a deposit, or an invoice payment by a billing
 * customer). One `account.deposit` ledger event of kind `deposit`; the caller makes it
 * idempotent. Returns the account afterwards.
 */
export function recordDeposit(ctx: EngineContext, customerId: string, input: DepositInput) {
  return ctx.store.db.tx(() => {
    const c = getCustomer(ctx, customerId);
    const depositId = newId();
    const at = nowIso(ctx);
    ctx.store.ledger.append({
      type: 'account.deposit',
      at,
      docType: 'deposit',
      docId: depositId,
      entries: [{ kind: 'deposit', asset: 'account', customerId: c.id, delta: input.amount }],
      data: { note: input.note ?? null },
    });
    return {
      depositId,
      customerId: c.id,
      amount: input.amount,
      note: input.note ?? null,
      at,
      account: { balance: accountBalance(ctx, c.id), creditLimit: c.creditLimit },
    };
  });
}
