import { z } from '@hono/zod-openapi';
import { validitySchema, ymd } from '../../config/schema.js';
import { problem } from './problem.js';

/** Shared request pieces. Strings are bounded so an over-long value is a 400, not a stored blob. */
export const text = (max = 200) => z.string().trim().min(1).max(max);
export const optText = (max = 200) => text(max).nullable().optional();
export const minor = z.number().int().min(0).max(1_000_000_000_00).openapi({ description: 'Money in minor units' });
export const basisPoints = z.number().int().min(0).max(10_000).openapi({ description: 'Percent in basis points (500 = 5 %)' });
export const id = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'letters, digits and . _ : - (1-64)');
export const cardNumber = z.string().regex(/^\d{4,24}$/, '4-24 digits');

/** The same date and validity rules as the config file (one definition, config/schema.ts). */
export { ymd };
export const validity = validitySchema;

export const covers = z
  .union([
    z.strictObject({ all: z.literal(true) }),
    z.strictObject({ skus: z.array(text(64)).max(10_000).optional(), groups: z.array(text(64)).max(1000).optional() }),
  ])
  .openapi('Covers');

export { problem };

/** Retry-After on 409 idempotency_in_progress, 429 and some 503s: seconds to wait before retrying. */
export const retryAfterHeaderDoc = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' as const, minimum: 0 } },
};

const problemJson = (description: string) => ({ description, content: { 'application/problem+json': { schema: problem } } });

/** 400/404/409/422: the error statuses most till and admin routes can return (each the one Problem schema). */
export const problemResponses = {
  400: problemJson('Invalid request: `errors[]` names each field (`validation_failed`, `malformed_json`, `idempotency_key_missing`, `cursor_invalid`, …)'),
  404: problemJson('Not found (`card_not_found`, `customer_not_found`, …)'),
  409: {
    ...problemJson(
      'Conflict with the current state (`idempotency_key_reused`, `card_blocked`, `voucher_already_redeemed`, …), or `idempotency_in_progress`: the first request with this Idempotency-Key is still running; retry after Retry-After seconds',
    ),
    headers: retryAfterHeaderDoc,
  },
  422: problemJson('A business rule refused the request (`check_digit_invalid`, `insufficient_balance`, `timestamp_out_of_range`, …)'),
} as const;

export const idempotencyHeader = z.object({
  'idempotency-key': z.string().min(1).max(200).openapi({ description: 'Same key + same body returns the first response' }),
});

/** Lists (README "Lists"): the next page's cursor, null on the last page (also in X-Next-Cursor). */
export const nextCursor = z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last page' });

/** The X-Next-Cursor response header of every list (absent on the last page). */
export const nextCursorHeaderDoc = {
  'X-Next-Cursor': { description: "The next page's cursor (same as `nextCursor`); absent on the last page", schema: { type: 'string' as const } },
};

/**
 * A JSON object whose schema is not spelled out yet. Only central's admin routes still use it
 * (the store's contract is fully typed and a test keeps it so).
 */
export const anyJson = z.looseObject({}).openapi({ type: 'object' });
