import { z } from '@hono/zod-openapi';
import { cardCreate } from '../../api/schemas/card.js';
import { customerPatch } from '../../api/schemas/customer.js';
import { cardNo, recordId } from './common.js';

/**
 * Customer and card fields as they travel between stores and central (SYNC-7). The field rules
 * are the store API's own (src/api/schemas), so a value central accepts is one a store accepts.
 * `customer.updated` / `card.updated` carry only the fields that changed; every field merges on
 * its own by the event's HLC. A web password never travels (the store keeps only its hash).
 */
export const customerFields = customerPatch.omit({ webPassword: true }).extend({ tierLevel: z.number().int().min(0).max(1000).nullable().optional() });
export type CustomerFields = z.infer<typeof customerFields>;

export const cardFields = cardCreate.omit({ number: true }).extend({
  customerId: recordId.optional(),
  status: z.enum(['active', 'blocked', 'ordered']).optional(),
});
export type CardFields = z.infer<typeof cardFields>;

export const customerCreated = z.strictObject({ customerId: recordId, fields: customerFields });
export const customerUpdated = z.strictObject({ customerId: recordId, fields: customerFields });
/** CARD-10: the tier moved (online mode, batch recompute or by hand). */
export const customerTierChanged = z.strictObject({
  customerId: recordId,
  tierLevel: z.number().int().min(0).max(1000).nullable(),
  discountId: recordId.nullable(),
});
export const cardCreated = z.strictObject({ number: cardNo, customerId: recordId, fields: cardFields });
export const cardUpdated = z.strictObject({ number: cardNo, fields: cardFields });
export const cardBlocked = z.strictObject({ number: cardNo, reason: z.string().max(200).nullable().optional() });

/** A merged record as central sends it down: current values and the HLC of each field. */
export const mergedCustomer = z
  .object({ id: recordId, fields: z.record(z.string(), z.unknown()), hlc: z.record(z.string(), z.string()) })
  .openapi('MergedCustomer');
export const mergedCard = z
  .object({ number: cardNo, customerId: recordId, fields: z.record(z.string(), z.unknown()), hlc: z.record(z.string(), z.string()) })
  .openapi('MergedCard');
export type MergedCustomer = z.infer<typeof mergedCustomer>;
export type MergedCard = z.infer<typeof mergedCard>;
