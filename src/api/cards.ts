import { createCard, listCards, topUp, updateCard, useVisit } from '../engine/cards/cards.js';
import { cardView } from '../engine/cards/card-view.js';
import type { App, ApiDeps } from './env.js';
import { idempotent, idempotentIfKeyed } from './idempotent.js';
import { decodeCursor, nextCursorHeader, stringKey, toPage } from './page.js';
import { body, json, jsonPage, route } from './route-helpers.js';
import { idempotencyHeader, problemResponses } from './schemas/common.js';
import { card, cardList, cardLookup, topupResult, visitResult } from './schemas/card-views.js';
import { cardCreate, cardFilter, cardNumberParam, cardPatch, topupBody } from './schemas/card.js';
import { customerIdParam } from './schemas/customer.js';

/** Cards: lookup (CARD-2, 7), filter (CUST-12), create (CARD-1, 8), patch, top-ups (CARD-9), visits. */
export function cardRoutes(app: App, { ctx }: ApiDeps): void {
  app.openapi(
    route({
      method: 'get',
      path: '/v1/cards',
      tags: ['Cards'],
      summary: 'Cards by usage type, status and holder, in number order, one page (CUST-12)',
      operationId: 'listCards',
      request: { query: cardFilter },
      responses: { 200: jsonPage(cardList), ...problemResponses },
    }),
    (c) => {
      const { limit, cursor, ...f } = c.req.valid('query');
      const page = toPage(listCards(ctx, f, decodeCursor(cursor, stringKey), limit + 1), limit, (card) => card.number);
      nextCursorHeader(c, page.nextCursor);
      return c.json(page, 200);
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/v1/cards/{number}',
      tags: ['Cards'],
      summary: 'Look a card up: holder, balances, message, validity (CARD-2, CARD-7)',
      operationId: 'getCard',
      description: "A number that fails its scheme's check digit is 422 `check_digit_invalid` without a lookup; an unknown one is 404 `card_not_found`.",
      request: { params: cardNumberParam },
      responses: { 200: json(cardLookup), ...problemResponses },
    }),
    (c) => c.json(cardView(ctx, c.req.valid('param').number), 200),
  );

  app.openapi(
    route({
      method: 'post',
      path: '/v1/customers/{id}/cards',
      tags: ['Cards'],
      summary: 'Issue a card to a customer; no number = generated (CARD-1, CARD-8)',
      operationId: 'createCard',
      request: { params: customerIdParam, ...body(cardCreate) },
      responses: { 201: json(card, 'Created'), ...problemResponses },
    }),
    (c) => {
      const input = c.req.valid('json');
      const { id } = c.req.valid('param');
      return idempotentIfKeyed(c, ctx, input, 201, () => createCard(ctx, id, input));
    },
  );

  app.openapi(
    route({
      method: 'patch',
      path: '/v1/cards/{number}',
      tags: ['Cards'],
      summary: 'Block a card or change its validity, discounts, message or limits',
      operationId: 'updateCard',
      request: { params: cardNumberParam, ...body(cardPatch) },
      responses: { 200: json(card), ...problemResponses },
    }),
    (c) => c.json(updateCard(ctx, c.req.valid('param').number, c.req.valid('json')), 200),
  );

  app.openapi(
    route({
      method: 'post',
      path: '/v1/cards/{number}/topups',
      tags: ['Cards'],
      summary: 'Load money onto a credit card or visits onto a service card (CARD-9)',
      operationId: 'topUpCard',
      request: { params: cardNumberParam, headers: idempotencyHeader, ...body(topupBody) },
      responses: { 201: json(topupResult, 'Loaded'), ...problemResponses },
    }),
    (c) => {
      const { number } = c.req.valid('param');
      const input = c.req.valid('json');
      return idempotent(c, ctx, input, () => ({ status: 201, body: topUp(ctx, number, input) }));
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/v1/cards/{number}/visits',
      tags: ['Cards'],
      summary: 'Use one visit of a service card (check-in)',
      operationId: 'useCardVisit',
      request: { params: cardNumberParam, headers: idempotencyHeader },
      responses: { 201: json(visitResult, 'Visit used'), ...problemResponses },
    }),
    (c) => {
      const { number } = c.req.valid('param');
      return idempotent(c, ctx, null, () => ({ status: 201, body: useVisit(ctx, number) }));
    },
  );
}
