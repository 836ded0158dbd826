import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '../common/errors.js';
import { resetBalances } from '../engine/balance-reset.js';
import { requestHash, idempotencyKey } from './idempotent.js';
import type { App, ApiDeps } from './env.js';
import { body, json } from './route-helpers.js';
import { anyJson, idempotencyHeader, problemResponses, ymd } from './schemas/common.js';
import { CARD_TYPES } from '../engine/model/types.js';

const resetBody = z.strictObject({ type: z.enum(CARD_TYPES).optional(), asOf: ymd }).openapi('BalanceReset');

/** Admin operations: CARD-11 balance resets. */
export function adminOpsRoutes(app: App, { ctx }: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'post', path: '/v1/admin/balance-resets', tags: ['Operations'],
      request: { headers: idempotencyHeader, ...body(resetBody) }, responses: { 201: json(anyJson, 'Reset done'), ...problemResponses },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const key = idempotencyKey(c);
      const hash = requestHash(c, input);
      // Chunked (async) so tills keep being served: the key is stored after the last chunk. A
      // retry after a crash finishes the remaining cards; finished ones are not reset twice.
      const prior = ctx.store.idempotency.find(key);
      if (prior) {
        if (prior.requestHash !== hash) throw new AppError('idempotency_key_reused', undefined, [{ path: 'Idempotency-Key', message: 'already used with a different request' }]);
        return c.json(prior.body as object, prior.status as 201);
      }
      const result = await resetBalances(ctx, input);
      ctx.store.db.tx(() => ctx.store.idempotency.save(key, hash, 201, result, ctx.clock.now().toISOString()));
      return c.json(result, 201);
    },
  );
}
