import { evaluateForTill } from '../engine/receipts/evaluate.js';
import { closeReceipt } from '../engine/receipts/receipts.js';
import { refundReceipt } from '../engine/receipts/refunds.js';
import { recomputeTiers } from '../engine/tiers/tiers.js';
import type { App, ApiDeps } from './env.js';
import { idempotentGrouped } from './idempotent.js';
import { timed } from './metrics-route.js';
import { body, json, jsonBody, parsed, route } from './route-helpers.js';
import { idempotencyHeader, problemResponses } from './schemas/common.js';
import { evaluation, receiptResult, refundResult, tierRecompute } from './schemas/receipt-views.js';
import { plainBasket } from './schemas/basket-check.js';
import { basketBody, receiptBody, receiptIdParam, refundBody } from './schemas/receipt.js';

/** Baskets (pure evaluation), receipts (close, exactly once), refunds, tier recompute. */
export function receiptRoutes(app: App, { ctx }: ApiDeps): void {
  // GW-8: the till's hottest route. Documented like every other; its body is checked by hand
  // first (plainBasket) and by zod only when that check does not plainly pass, so a till error
  // reads exactly as before (same problem+json, same field names).
  const evaluate = route({
    method: 'post',
    path: '/v1/baskets/evaluate',
    tags: ['Baskets'],
    summary: 'Evaluate a basket: discounts, bonus, stamps and payment room per line; writes nothing',
    operationId: 'evaluateBasket',
    request: body(basketBody),
    responses: { 200: json(evaluation), ...problemResponses },
  });
  app.openAPIRegistry.registerPath(evaluate);
  app.post(evaluate.path, async (c) => {
    const input = await jsonBody(c);
    const basket = plainBasket(input) ?? (await parsed(basketBody, input));
    return c.json(
      timed(c, 'evaluate', () => evaluateForTill(ctx, basket)),
      200,
    );
  });

  app.openapi(
    route({
      method: 'post',
      path: '/v1/receipts',
      tags: ['Receipts'],
      summary: 'Close a sale exactly once: re-evaluated, paid, recorded in one transaction',
      operationId: 'closeReceipt',
      request: { headers: idempotencyHeader, ...body(receiptBody) },
      responses: { 201: json(receiptResult, 'Closed'), ...problemResponses },
    }),
    (c) => {
      const input = c.req.valid('json');
      return idempotentGrouped(c, ctx, input, () => ({ status: 201, body: timed(c, 'receiptClose', () => closeReceipt(ctx, input)) }));
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/v1/receipts/{receiptId}/refunds',
      tags: ['Receipts'],
      summary: 'Refund a receipt wholly or by line',
      operationId: 'refundReceipt',
      request: { params: receiptIdParam, headers: idempotencyHeader, ...body(refundBody) },
      responses: { 201: json(refundResult, 'Refunded'), ...problemResponses },
    }),
    (c) => {
      const input = c.req.valid('json');
      const { receiptId } = c.req.valid('param');
      return idempotentGrouped(c, ctx, input, () => ({ status: 201, body: refundReceipt(ctx, receiptId, input) }));
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/v1/admin/tiers/recompute',
      tags: ['Operations'],
      summary: "Recompute every customer's tier from turnover (CARD-10 batch mode)",
      operationId: 'recomputeTiers',
      responses: { 200: json(tierRecompute) },
    }),
    async (c) => c.json(await recomputeTiers(ctx), 200),
  );
}
