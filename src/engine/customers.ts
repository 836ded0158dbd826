import { AppError, type FieldError } from '../common/errors.js';
import { newId } from '../common/ids.js';
import type { Customer, CustomerKind } from './model/types.js';
import { nowIso, type EngineContext } from './context.js';

/** Writable customer fields (CUST-1..4, 7). */
export type CustomerInput = Partial<Omit<Customer, 'id' | 'tierLevel' | 'createdAt' | 'updatedAt'>> & { kind?: CustomerKind };

const EMPTY: Omit<Customer, 'id' | 'kind' | 'createdAt' | 'updatedAt'> = {
  firstName: null, lastName: null, companyName: null, phone: null, email: null, birthDate: null, gender: null,
  personalCode: null, address: null, city: null, district: null, postcode: null, country: null, language: null,
  citizenship: null, customerType: null, info1: null, info2: null, info3: null, photo: null,
  marketingAllowed: false, emailReceipts: false, autoTierOptOut: false, creditLimit: 0, billingCustomerId: null, tierLevel: null,
};

const blank = (v: string | null | undefined): boolean => v === null || v === undefined || v.trim() === '';

/** CUST-1: a person needs first and last name and a phone or an e-mail; a company, its name and an e-mail. */
export function customerRuleErrors(c: Customer): FieldError[] {
  const errors: FieldError[] = [];
  if (c.kind === 'person') {
    if (blank(c.firstName)) errors.push({ path: 'firstName', message: 'required for a person' });
    if (blank(c.lastName)) errors.push({ path: 'lastName', message: 'required for a person' });
    if (blank(c.phone) && blank(c.email)) errors.push({ path: 'phone', message: 'a person needs a phone or an e-mail' });
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
  if (errors.length) throw new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function createCustomer(ctx: EngineContext, input: CustomerInput & { kind: CustomerKind }): Customer {
  const at = nowIso(ctx);
  const c: Customer = { ...EMPTY, ...defined(input), id: newId(), kind: input.kind, tierLevel: null, createdAt: at, updatedAt: at };
  return ctx.store.db.tx(() => {
    assertValid(ctx, c);
    ctx.store.customers.insert(c);
    return c;
  });
}

/** PATCH semantics: absent fields keep their value, null clears an optional field. */
export function updateCustomer(ctx: EngineContext, id: string, patch: CustomerInput): Customer {
  return ctx.store.db.tx(() => {
    const old = ctx.store.customers.get(id);
    if (!old) throw new AppError('customer_not_found', `no customer ${id}`);
    const c: Customer = { ...old, ...defined(patch), id, tierLevel: old.tierLevel, createdAt: old.createdAt, updatedAt: nowIso(ctx) };
    assertValid(ctx, c);
    ctx.store.customers.update(c);
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
export function searchCustomers(ctx: EngineContext, q: string, scope: 'till' | 'admin', limit: number): Customer[] {
  const min = scope === 'admin' ? 1 : ctx.config.search.tillMinLength;
  const needle = q.trim();
  if (needle.length < min) {
    throw new AppError('search_query_too_short', `type at least ${min} characters`, [{ path: 'q', message: `at least ${min} characters` }]);
  }
  return ctx.store.customers.search(needle, Math.min(limit, ctx.config.search.maxResults));
}
