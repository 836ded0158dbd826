import { z } from '@hono/zod-openapi';
import { recordId, uuidV7 } from './common.js';

/**
 * SYNC-6: blocks of serials central hands to one store. Card blocks are serials of a card scheme
 * (the store builds prefix + serial + Luhn); voucher blocks are serial indices of a voucher range
 * (sequential ranges use them in order, random ranges feed them through their permutation).
 * Leasing is idempotent by `requestId`: a retried lease returns the same block.
 */
export const blockLeaseRequest = z
  .discriminatedUnion('kind', [
    z.strictObject({ requestId: uuidV7, kind: z.literal('card'), scheme: recordId }),
    z.strictObject({ requestId: uuidV7, kind: z.literal('voucher'), rangeId: recordId }),
  ])
  .openapi('BlockLeaseRequest');
export type BlockLeaseRequest = z.infer<typeof blockLeaseRequest>;

export const numberBlock = z
  .discriminatedUnion('kind', [
    z.object({ id: z.string(), kind: z.literal('card'), scheme: recordId, from: z.number().int(), to: z.number().int() }),
    z.object({ id: z.string(), kind: z.literal('voucher'), rangeId: recordId, from: z.number().int(), to: z.number().int() }),
  ])
  .openapi('NumberBlock');
export type NumberBlock = z.infer<typeof numberBlock>;
