import { createRoute } from '@hono/zod-openapi';
import { listCardTemplates, orderCard } from '../engine/card-orders.js';
import type { App, ApiDeps } from './env.js';
import { idempotent } from './idempotent.js';
import { body, json } from './route-helpers.js';
import { cardOrderCreate } from './schemas/card-order.js';
import { anyJson, idempotencyHeader, problemResponses } from './schemas/common.js';

/** Ordering physical customer cards (ORDER-1..5). */
export function cardOrderRoutes(app: App, { ctx }: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'get', path: '/v1/card-templates', tags: ['Card orders'],
      description: 'Card templates a till may order, the dispatch schedule and the next dispatch date; without an order service `{orderService: false, info}`',
      responses: { 200: json(anyJson) },
    }),
    (c) => c.json(listCardTemplates(ctx), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/card-orders', tags: ['Card orders'],
      description: 'Order a physical card: registered to the customer at once with status `ordered`; 422 `order_service_not_configured` (with `info`) without an order service',
      request: { headers: idempotencyHeader, ...body(cardOrderCreate) },
      responses: { 201: json(anyJson, 'Ordered'), ...problemResponses },
    }),
    (c) => {
      const input = c.req.valid('json');
      return idempotent(c, ctx, input, () => ({ status: 201, body: orderCard(ctx, input) }));
    },
  );
}
