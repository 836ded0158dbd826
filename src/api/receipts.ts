import { createRoute } from '@hono/zod-openapi';
import { evaluateForTill } from '../engine/evaluate.js';
import { closeReceipt } from '../engine/receipts.js';
import { refundReceipt } from '../engine/refunds.js';
import { recomputeTiers } from '../engine/tiers.js';
import type { App, ApiDeps } from './env.js';
import { idempotent } from './idempotent.js';
import { body, json } from './route-helpers.js';
import { anyJson, idempotencyHeader, problemResponses } from './schemas/common.js';
import { basketBody, receiptBody, receiptIdParam, refundBody } from './schemas/receipt.js';

/** Baskets (pure evaluation), receipts (close, exactly once), refunds, tier recompute. */
export function receiptRoutes(app: App, { ctx }: ApiDeps): void {
  app.openapi(
    createRoute({ method: 'post', path: '/v1/baskets/evaluate', tags: ['Baskets'], request: body(basketBody), responses: { 200: json(anyJson), ...problemResponses } }),
    (c) => c.json(evaluateForTill(ctx, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/receipts', tags: ['Receipts'],
      request: { headers: idempotencyHeader, ...body(receiptBody) }, responses: { 201: json(anyJson, 'Closed'), ...problemResponses },
    }),
    (c) => {
      const input = c.req.valid('json');
      return idempotent(c, ctx, input, () => ({ status: 201, body: closeReceipt(ctx, input) }));
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/receipts/{receiptId}/refunds', tags: ['Receipts'],
      request: { params: receiptIdParam, headers: idempotencyHeader, ...body(refundBody) }, responses: { 201: json(anyJson, 'Refunded'), ...problemResponses },
    }),
    (c) => {
      const input = c.req.valid('json');
      const { receiptId } = c.req.valid('param');
      return idempotent(c, ctx, input, () => ({ status: 201, body: refundReceipt(ctx, receiptId, input) }));
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/v1/admin/tiers/recompute', tags: ['Operations'], responses: { 200: json(anyJson) } }),
    async (c) => c.json(await recomputeTiers(ctx), 200),
  );
}
