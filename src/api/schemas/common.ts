import { z } from '@hono/zod-openapi';
import { validitySchema, ymd } from '../../config/schema.js';

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
  .union([z.strictObject({ all: z.literal(true) }), z.strictObject({ skus: z.array(text(64)).max(10_000).optional(), groups: z.array(text(64)).max(1000).optional() })])
  .openapi('Covers');

export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    code: z.string(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

export const problemResponses = {
  400: { description: 'Invalid request', content: { 'application/problem+json': { schema: problem } } },
  404: { description: 'Not found', content: { 'application/problem+json': { schema: problem } } },
  409: { description: 'Conflict', content: { 'application/problem+json': { schema: problem } } },
  422: { description: 'Rule violated', content: { 'application/problem+json': { schema: problem } } },
} as const;

export const idempotencyHeader = z.object({
  'idempotency-key': z.string().min(1).max(200).openapi({ description: 'Same key + same body returns the first response' }),
});

/** A JSON response whose shape is documented in API.md; kept loose here. */
export const anyJson = z.looseObject({}).openapi({ type: 'object' });
