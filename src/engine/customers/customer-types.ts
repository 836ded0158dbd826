import { AppError } from '../../common/errors.js';
import { nowIso, type EngineContext } from '../context.js';

export interface CustomerType {
  code: string;
  name: string;
}

/** The customer-type list is one master-data document (kind `customer-types`). */
const KIND = 'customer-types';
const DOC_ID = 'default';

function allTypes(ctx: EngineContext): CustomerType[] {
  return ctx.store.master.get<{ items: CustomerType[] }>(KIND, DOC_ID)?.body.items ?? [];
}

/** CUST-12 (seed 003 "Klienditüübid"): the codes of the customer-type list (empty = any type allowed). */
export function customerTypeCodes(ctx: EngineContext): string[] {
  return allTypes(ctx).map((t) => t.code);
}

/**
 * CUST-12: one page of the customer-type list by code: `limit` types after `after` (the caller
 * asks for one more to learn whether more exist). The list is one bounded document (≤ 500).
 */
export function customerTypesPage(ctx: EngineContext, after: string | null, limit: number): CustomerType[] {
  return allTypes(ctx)
    .filter((t) => after === null || t.code > after)
    .sort((a, b) => (a.code < b.code ? -1 : 1))
    .slice(0, limit);
}

/**
 * Replace the customer-type list. A type still used by a customer cannot be dropped. Once the
 * list has entries, a customer's `customerType` must be one of them.
 */
export function putCustomerTypes(ctx: EngineContext, items: CustomerType[]): { items: CustomerType[]; version: number } {
  const seen = new Set<string>();
  items.forEach((t, i) => {
    if (seen.has(t.code))
      throw new AppError('validation_failed', `customer type ${t.code} listed twice`, [{ path: `items.${i}.code`, message: 'listed twice' }]);
    seen.add(t.code);
  });
  return ctx.store.db.tx(() => {
    const dropped = allTypes(ctx)
      .map((t) => t.code)
      .find((code) => !seen.has(code) && ctx.store.customers.customerTypeUsed(code));
    if (dropped !== undefined) {
      throw new AppError('validation_failed', `customer type ${dropped} is still used`, [{ path: 'items', message: `${dropped} is still used by customers` }]);
    }
    const sorted = [...items].sort((a, b) => (a.code < b.code ? -1 : 1));
    const version = ctx.store.master.put(KIND, DOC_ID, { items: sorted }, nowIso(ctx));
    return { items: sorted, version };
  });
}
