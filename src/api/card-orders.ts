import { listCardTemplates, orderCard } from '../engine/orders/card-orders.js';
import type { App, ApiDeps } from './env.js';
import { decodeCursor, nextCursorHeader, pageQuery, stringKey, toPage } from './page.js';
import { idempotent } from './idempotent.js';
import { body, json, jsonPage, route } from './route-helpers.js';
import { cardOrderCreate, cardOrderResult, cardTemplatesView } from './schemas/card-order.js';
import { idempotencyHeader, problemResponses } from './schemas/common.js';

/** Ordering physical customer cards (ORDER-1..5). */
export function cardOrderRoutes(app: App, { ctx }: ApiDeps): void {
  app.openapi(
    route({
      method: 'get',
      path: '/v1/card-templates',
      tags: ['Card orders'],
      summary: 'Card templates a till may order and the next dispatch date (ORDER-1)',
      operationId: 'listOrderableCardTemplates',
      description:
        'Card templates a till may order (one page by id: `items`, `nextCursor`), the dispatch schedule and the next dispatch date; without an order service `{orderService: false, info}`',
      request: { query: pageQuery },
      responses: { 200: jsonPage(cardTemplatesView), ...problemResponses },
    }),
    (c) => {
      const { limit, cursor } = c.req.valid('query');
      const view = listCardTemplates(ctx, decodeCursor(cursor, stringKey), limit + 1);
      const page = toPage(view.items, limit, (t) => t.id);
      nextCursorHeader(c, page.nextCursor);
      return c.json({ ...view, items: page.items, nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/v1/card-orders',
      tags: ['Card orders'],
      summary: 'Order a physical card for a customer (ORDER-2..4)',
      operationId: 'orderCard',
      description:
        'Order a physical card: registered to the customer at once with status `ordered`; 422 `order_service_not_configured` (with `info`) without an order service',
      request: { headers: idempotencyHeader, ...body(cardOrderCreate) },
      responses: { 201: json(cardOrderResult, 'Ordered'), ...problemResponses },
    }),
    (c) => {
      const input = c.req.valid('json');
      return idempotent(c, ctx, input, () => ({ status: 201, body: orderCard(ctx, input) }));
    },
  );
}
