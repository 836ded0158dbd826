import { z } from '@hono/zod-openapi';
import { resetBalances } from '../engine/cards/balance-reset.js';
import { idempotentAsync } from './idempotent.js';
import type { App, ApiDeps } from './env.js';
import { decodeCursor, intKey, nextCursorHeader, pageQuery, toPage } from './page.js';
import { body, json, jsonPage, route } from './route-helpers.js';
import { idempotencyHeader, problemResponses, ymd } from './schemas/common.js';
import { alertList, balanceResetResult } from './schemas/receipt-views.js';
import { CARD_TYPES } from '../engine/model/types.js';

const resetBody = z.strictObject({ type: z.enum(CARD_TYPES).optional(), asOf: ymd }).openapi('BalanceReset');

/** Admin operations: CARD-11 balance resets; VOUCH-5 alerts for the back office. */
export function adminOpsRoutes(app: App, { ctx }: ApiDeps): void {
  app.openapi(
    route({
      method: 'get',
      path: '/v1/admin/alerts',
      tags: ['Operations'],
      summary: 'Back-office alerts, newest first, one page (VOUCH-5)',
      operationId: 'listAlerts',
      description: 'Problems that never block a sale but need the back office (a redemption voucher skipped because its range is used up or inactive, …)',
      request: { query: pageQuery },
      responses: { 200: jsonPage(alertList), ...problemResponses },
    }),
    (c) => {
      const { limit, cursor } = c.req.valid('query');
      const page = toPage(ctx.store.alerts.list(limit + 1, decodeCursor(cursor, intKey) ?? undefined), limit, (a) => a.id);
      nextCursorHeader(c, page.nextCursor);
      return c.json(page, 200);
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/v1/admin/balance-resets',
      tags: ['Operations'],
      summary: 'Zero card balances as of a date, optionally of one card type (CARD-11)',
      operationId: 'resetBalances',
      request: { headers: idempotencyHeader, ...body(resetBody) },
      responses: { 201: json(balanceResetResult, 'Reset done'), ...problemResponses },
    }),
    async (c) => {
      const input = c.req.valid('json');
      // Chunked (async) so tills keep being served: the key is reserved before the first chunk,
      // so a duplicate never resets twice; the boot after a crash finishes the remaining cards.
      const r = await idempotentAsync(c, ctx, input, async () => ({ status: 201, body: await resetBalances(ctx, input) }));
      return c.json(r.body as z.infer<typeof balanceResetResult>, r.status as 201);
    },
  );
}
