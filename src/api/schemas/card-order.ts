import { z } from '@hono/zod-openapi';
import { DISPATCH_SCHEDULES } from '../../engine/model/working-days.js';
import { id, nextCursor, ymd } from './common.js';
import { cardCreate } from './card.js';

/** POST /v1/card-orders (ORDER-2). */
export const cardOrderCreate = z
  .strictObject({
    customerId: id,
    templateId: id.optional().openapi({ description: 'Card template; required when there are several' }),
    validUntil: ymd.optional().openapi({ description: 'Last day the card may be used (store-local); required when the order service or template says so' }),
    comment: z.string().max(500).optional().openapi({ description: 'Free text for the card maker, e.g. "ship to the shop"' }),
    type: cardCreate.shape.type.openapi({ description: 'Usage type of the ordered card (CARD-15); default: the card defaults' }),
    discounts: cardCreate.shape.discounts,
  })
  .openapi('CardOrderCreate');

/** GET /v1/card-templates (ORDER-1): without an order service only the information text. */
const templateItem = z.object({ id: z.string(), name: z.string(), validityRequired: z.boolean() });
export const cardTemplatesView = z
  .union([
    z.object({ orderService: z.literal(false), info: z.string(), items: z.array(templateItem).max(0), nextCursor }),
    z.object({
      orderService: z.literal(true),
      schedule: z.enum(DISPATCH_SCHEDULES),
      validityRequired: z.boolean(),
      dispatchDate: z.string().openapi({ description: 'When a card ordered now would be dispatched (ORDER-4)' }),
      items: z.array(templateItem),
      nextCursor,
    }),
  ])
  .openapi('CardTemplates');

/** POST /v1/card-orders (ORDER-2..4). */
export const cardOrderResult = z
  .object({
    orderId: z.string(),
    customerId: z.string(),
    cardNumber: z.string(),
    templateId: z.string().nullable(),
    validUntil: z.string().nullable(),
    comment: z.string().nullable(),
    schedule: z.enum(DISPATCH_SCHEDULES),
    orderedAt: z.string(),
    localDate: z.string(),
    dispatchDate: z.string(),
    status: z.literal('ordered'),
  })
  .openapi('CardOrder');
