import { z } from '@hono/zod-openapi';
import { ERRORS, type ErrorCode } from '../../common/errors.js';

const CODES = Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]];

/** application/problem+json (RFC 9457) as every 4xx/5xx of this API sends it (src/api/problem.ts). */
export const problem = z
  .looseObject({
    type: z.string().openapi({ description: 'URI naming the problem type' }),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    code: z.enum(CODES).openapi({ description: 'Stable error code (the catalogue in src/common/errors.ts)' }),
    detail: z.string(),
    errors: z
      .array(z.object({ path: z.string().openapi({ description: 'The offending field: dotted JSON path, header or query name' }), message: z.string() }))
      .optional()
      .openapi({ description: 'Bad input: one entry per field' }),
  })
  .openapi('Problem', { description: 'Some problems add fields, e.g. `receiptId`, `info` or `retryAfterS`' });
