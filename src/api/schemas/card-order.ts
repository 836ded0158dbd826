import { z } from '@hono/zod-openapi';
import { id, ymd } from './common.js';

/** POST /v1/card-orders (ORDER-2). */
export const cardOrderCreate = z
  .strictObject({
    customerId: id,
    templateId: id.optional().openapi({ description: 'Card template; required when there are several' }),
    validUntil: ymd.optional().openapi({ description: 'Last day the card may be used (store-local); required when the order service or template says so' }),
    comment: z.string().max(500).optional().openapi({ description: 'Free text for the card maker, e.g. "ship to the shop"' }),
  })
  .openapi('CardOrderCreate');
