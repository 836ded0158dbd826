import { createRoute } from '@hono/zod-openapi';
import { createCard, topUp, updateCard, useVisit } from '../engine/cards.js';
import { cardView } from '../engine/card-view.js';
import type { App, ApiDeps } from './env.js';
import { idempotent, idempotentIfKeyed } from './idempotent.js';
import { body, json } from './route-helpers.js';
import { anyJson, idempotencyHeader, problemResponses } from './schemas/common.js';
import { cardCreate, cardNumberParam, cardPatch, topupBody } from './schemas/card.js';
import { customerIdParam } from './schemas/customer.js';

/** Cards: lookup (CARD-2, 7), create (CARD-1, 8), patch, top-ups (CARD-9), visits. */
export function cardRoutes(app: App, { ctx }: ApiDeps): void {
  app.openapi(
    createRoute({ method: 'get', path: '/v1/cards/{number}', tags: ['Cards'], request: { params: cardNumberParam }, responses: { 200: json(anyJson), ...problemResponses } }),
    (c) => c.json(cardView(ctx, c.req.valid('param').number), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/customers/{id}/cards', tags: ['Cards'],
      request: { params: customerIdParam, ...body(cardCreate) }, responses: { 201: json(anyJson, 'Created'), ...problemResponses },
    }),
    (c) => {
      const input = c.req.valid('json');
      const { id } = c.req.valid('param');
      return idempotentIfKeyed(c, ctx, input, 201, () => createCard(ctx, id, input));
    },
  );

  app.openapi(
    createRoute({ method: 'patch', path: '/v1/cards/{number}', tags: ['Cards'], request: { params: cardNumberParam, ...body(cardPatch) }, responses: { 200: json(anyJson), ...problemResponses } }),
    (c) => c.json(updateCard(ctx, c.req.valid('param').number, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/cards/{number}/topups', tags: ['Cards'],
      request: { params: cardNumberParam, headers: idempotencyHeader, ...body(topupBody) }, responses: { 201: json(anyJson, 'Loaded'), ...problemResponses },
    }),
    (c) => {
      const { number } = c.req.valid('param');
      const input = c.req.valid('json');
      return idempotent(c, ctx, input, () => ({ status: 201, body: topUp(ctx, number, input) }));
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/cards/{number}/visits', tags: ['Cards'],
      request: { params: cardNumberParam, headers: idempotencyHeader }, responses: { 201: json(anyJson, 'Visit used'), ...problemResponses },
    }),
    (c) => {
      const { number } = c.req.valid('param');
      return idempotent(c, ctx, null, () => ({ status: 201, body: useVisit(ctx, number) }));
    },
  );
}
