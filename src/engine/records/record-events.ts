import { cardFieldsOf, changedFields, customerFieldsOf } from '../model/record-fields.js';
import type { Card, Customer } from '../model/types.js';
import { nowIso, type EngineContext } from '../context.js';

/**
 * SYNC-1, SYNC-7: customer and card changes as outbox events (src/sync/protocol/records.ts), in
 * the caller's transaction, with each written field stamped with the event's HLC so a record
 * pulled later merges per field against edits not yet pushed. Updates carry only the changed
 * fields; a change that changes nothing writes no event.
 */
function recordEvent(ctx: EngineContext, type: string, docType: 'customer' | 'card', docId: string, data: Record<string, unknown>): string {
  return ctx.store.ledger.append({ type, at: nowIso(ctx), docType, docId, entries: [], data }).hlc;
}

export function customerCreatedEvent(ctx: EngineContext, c: Customer): void {
  const fields = customerFieldsOf(c);
  const hlc = recordEvent(ctx, 'customer.created', 'customer', c.id, { customerId: c.id, fields });
  ctx.store.fieldClocks.stampAll('customer', c.id, hlc);
}

export function customerUpdatedEvent(ctx: EngineContext, before: Customer, after: Customer): void {
  const fields = changedFields(customerFieldsOf(before), customerFieldsOf(after));
  if (Object.keys(fields).length === 0) return;
  const hlc = recordEvent(ctx, 'customer.updated', 'customer', after.id, { customerId: after.id, fields });
  ctx.store.fieldClocks.stamp('customer', after.id, Object.keys(fields), hlc);
}

/** CARD-10: the customer's tier moved (online on a receipt, batch recompute). */
export function tierChangedEvent(ctx: EngineContext, customerId: string, tierLevel: number | null, discountId: string | null): void {
  const hlc = recordEvent(ctx, 'customer.tier_changed', 'customer', customerId, { customerId, tierLevel, discountId });
  ctx.store.fieldClocks.stamp('customer', customerId, ['tierLevel'], hlc);
}

export function cardCreatedEvent(ctx: EngineContext, c: Card): void {
  const { customerId, ...fields } = cardFieldsOf(c);
  const hlc = recordEvent(ctx, 'card.created', 'card', c.number, { number: c.number, customerId, fields });
  ctx.store.fieldClocks.stampAll('card', c.number, hlc);
}

/**
 * A card edit: blocking is its own `card.blocked` event (central merges it as `status`); the
 * other changed fields (unblocking included) go in one `card.updated`.
 */
export function cardUpdatedEvent(ctx: EngineContext, before: Card, after: Card, reason: string | null = null): void {
  const { status, ...fields } = changedFields(cardFieldsOf(before), cardFieldsOf(after));
  if (status === 'blocked') {
    const hlc = recordEvent(ctx, 'card.blocked', 'card', after.number, { number: after.number, reason });
    ctx.store.fieldClocks.stamp('card', after.number, ['status'], hlc);
  } else if (status !== undefined) fields.status = status;
  if (Object.keys(fields).length === 0) return;
  const hlc = recordEvent(ctx, 'card.updated', 'card', after.number, { number: after.number, fields });
  ctx.store.fieldClocks.stamp('card', after.number, Object.keys(fields), hlc);
}
