import { createRoute, z } from '@hono/zod-openapi';
import { body, json } from '../../api/route-helpers.js';
import { problemResponses } from '../../api/schemas/common.js';
import { blockLeaseRequest, numberBlock, pullQuery, pullResponse, pushRequest, pushResponse } from '../../sync/protocol/index.js';
import { leaseBlock } from '../blocks.js';
import type { CentralApp, CentralDeps } from '../env.js';
import { ingestPush } from '../ingest/push.js';
import { pullWaiting } from '../pull.js';
import { AppError } from '../../common/errors.js';

const security = [{ storeToken: [] }];
const gone = { 410: { description: 'Cursor expired: pull a snapshot', content: { 'application/problem+json': { schema: z.looseObject({}) } } } };

/** The store-facing sync protocol (GW-6, SYNC-2..8), store token required. */
export function syncRoutes(app: CentralApp, { db, config, signal }: CentralDeps): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/sync/v1/push',
      tags: ['Sync'],
      security,
      request: body(pushRequest),
      responses: { 200: json(pushResponse), ...problemResponses },
    }),
    async (c) => {
      const req = c.req.valid('json');
      if (req.storeId !== c.get('storeId'))
        throw new AppError('forbidden', 'storeId is not the store this token belongs to', [{ path: 'storeId', message: 'not your store' }]);
      return c.json(await ingestPush(db, req.storeId, req, config.exceptions), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/sync/v1/pull',
      tags: ['Sync'],
      security,
      request: { query: pullQuery },
      responses: { 200: json(pullResponse), ...problemResponses, ...gone },
    }),
    async (c) => {
      const { cursor, wait } = c.req.valid('query');
      const page = await pullWaiting(db, signal, c.get('storeId'), cursor || undefined, config.sync.pageSize, wait, c.req.raw.signal);
      return c.json(page, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/sync/v1/blocks',
      tags: ['Sync'],
      security,
      request: body(blockLeaseRequest),
      responses: { 200: json(numberBlock), ...problemResponses },
    }),
    async (c) => c.json(await leaseBlock(db, c.get('storeId'), c.req.valid('json'), config.numbering.blockSize), 200),
  );
}
