import { EMPTY_CUSTOMER } from '../model/customer-defaults.js';
import { AppError, fieldError, type FieldError } from '../../common/errors.js';
import { newId } from '../../common/ids.js';
import type { Customer, CustomerKind } from '../model/types.js';
import type { CustomerSummary } from '../store/customers-repo.js';
import { nowIso, type EngineContext } from '../context.js';
import { customerCreatedEvent, customerUpdatedEvent } from '../records/record-events.js';
import { customerTypeCodes } from './customer-types.js';

/** Write-only values that never come back in a customer (CUST-12): a hash, or null to clear. */
export interface CustomerSecrets {
  webPasswordHash?: string | null;
}

/** Writable customer fields (CUST-1..4, 7). */
export type CustomerInput = Partial<Omit<Customer, 'id' | 'tierLevel' | 'createdAt' | 'updatedAt'>> & { kind?: CustomerKind };

const blank = (v: string | null | undefined): boolean => v === null || v === undefined || v.trim() === '';

/** CUST-1: a person needs first and last name and a phone or an e-mail; a company, its name and an e-mail. */
export function customerRuleErrors(c: Customer): FieldError[] {
  const errors: FieldError[] = [];
  if (c.kind === 'person') {
    if (blank(c.firstName)) errors.push({ path: 'firstName', message: 'required for a person' });
    if (blank(c.lastName)) errors.push({ path: 'lastName', message: 'required for a person' });
    if (blank(c.phone) && blank(c.email)) errors.push({ path: 'phone', message: 'a person needs a phone or an e-mail' });
    // CARD-15 (seed 004: credit account customers need an e-mail): statements and invoices go
    // there. No company name is demanded of a person: seed 003 gives private persons a
    // customer-wide limit for their credit cards, and a made-up company name helps nobody.
    else if (c.creditLimit > 0 && blank(c.email)) errors.push({ path: 'email', message: 'required for a customer with a credit limit' });
  } else {
    if (blank(c.companyName)) errors.push({ path: 'companyName', message: 'required for a company' });
    if (blank(c.email)) errors.push({ path: 'email', message: 'required for a company' });
  }
  return errors;
}

function assertValid(ctx: EngineContext, c: Customer): void {
  const errors = customerRuleErrors(c);
  if (c.billingCustomerId !== null) {
    if (c.billingCustomerId === c.id) errors.push({ path: 'billingCustomerId', message: 'cannot bill a customer to itself' });
    else if (!ctx.store.customers.exists(c.billingCustomerId)) {
      throw new AppError('reference_not_found', `no customer ${c.billingCustomerId}`, [{ path: 'billingCustomerId', message: 'no such customer' }]);
    }
  }
  if (c.customerType !== null) {
    const types = customerTypeCodes(ctx);
    if (types.length > 0 && !types.includes(c.customerType)) {
      throw new AppError('reference_not_found', `no customer type ${c.customerType}`, [{ path: 'customerType', message: 'not in the customer-type list' }]);
    }
  }
  if (errors.length) throw new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * CUST-1..4, CUST-10: create a customer; an `openingBalance` (credit customers negative, deposit
 * customers positive) is an `opening` ledger entry on the account in the same transaction.
 */
export function createCustomer(
  ctx: EngineContext,
  input: CustomerInput & { kind: CustomerKind; openingBalance?: number },
  secrets: CustomerSecrets = {},
): Customer {
  const at = nowIso(ctx);
  const { openingBalance, ...fields } = input;
  const c: Customer = { ...EMPTY_CUSTOMER, ...defined(fields), id: newId(), kind: input.kind, tierLevel: null, createdAt: at, updatedAt: at };
  return ctx.store.db.tx(() => {
    assertValid(ctx, c);
    if (openingBalance !== undefined && openingBalance < -c.creditLimit) {
      throw new AppError('validation_failed', 'the opening debt is beyond the credit limit', [
        { path: 'openingBalance', message: `must be at least ${-c.creditLimit} (minus the credit limit)` },
      ]);
    }
    ctx.store.customers.insert(c);
    customerCreatedEvent(ctx, c); // SYNC-1: the write-only password hash is not a field and never travels
    if (secrets.webPasswordHash !== undefined) ctx.store.customers.setWebPasswordHash(c.id, secrets.webPasswordHash);
    if (openingBalance) {
      ctx.store.ledger.append({
        type: 'account.opening',
        at,
        docType: 'customer',
        docId: c.id,
        entries: [{ kind: 'opening', asset: 'account', customerId: c.id, delta: openingBalance }],
      });
    }
    return c;
  });
}

/** PATCH semantics: absent fields keep their value, null clears an optional field. */
export function updateCustomer(ctx: EngineContext, id: string, patch: CustomerInput, secrets: CustomerSecrets = {}): Customer {
  return ctx.store.db.tx(() => {
    const old = ctx.store.customers.get(id);
    if (!old) throw new AppError('customer_not_found', `no customer ${id}`);
    const c: Customer = { ...old, ...defined(patch), id, tierLevel: old.tierLevel, createdAt: old.createdAt, updatedAt: nowIso(ctx) };
    assertValid(ctx, c);
    ctx.store.customers.update(c);
    customerUpdatedEvent(ctx, old, c);
    if (secrets.webPasswordHash !== undefined) ctx.store.customers.setWebPasswordHash(c.id, secrets.webPasswordHash);
    return c;
  });
}

export function getCustomer(ctx: EngineContext, id: string): Customer {
  const c = ctx.store.customers.get(id);
  if (!c) throw new AppError('customer_not_found', `no customer ${id}`);
  return c;
}

/** Display name: "First Last" for persons, the company name for companies. */
export function customerName(c: Customer): string {
  return c.kind === 'company' ? (c.companyName ?? '') : [c.firstName, c.lastName].filter(Boolean).join(' ');
}

/** CUST-5: till scope needs the configured minimum length (default 4); admin scope accepts 1. */
export function searchCustomers(ctx: EngineContext, q: string, scope: 'till' | 'admin', limit: number): CustomerSummary[] {
  return ctx.store.customers.search(searchNeedle(ctx, q, scope), Math.min(limit, ctx.config.search.maxResults));
}

/** `searchCustomers` as the JSON text of the array of hits: what the till route sends without re-encoding it. */
export function searchCustomersJson(ctx: EngineContext, q: string, scope: 'till' | 'admin', limit: number): string {
  return ctx.store.customers.searchJson(searchNeedle(ctx, q, scope), Math.min(limit, ctx.config.search.maxResults));
}

function searchNeedle(ctx: EngineContext, q: string, scope: 'till' | 'admin'): string {
  const min = scope === 'admin' ? 1 : ctx.config.search.tillMinLength;
  const needle = q.trim();
  if (/\p{Cc}/u.test(needle)) throw fieldError('q', 'no control characters');
  if (needle.length < min) {
    throw new AppError('search_query_too_short', `type at least ${min} characters`, [{ path: 'q', message: `at least ${min} characters` }]);
  }
  return needle;
}
