import { createRoute, z } from '@hono/zod-openapi';
import { body, json } from '../../api/route-helpers.js';
import { anyJson, problemResponses, text } from '../../api/schemas/common.js';
import { AppError } from '../../common/errors.js';
import { storeId } from '../../sync/protocol/index.js';
import { newStoreToken } from '../auth.js';
import { sqlState } from '../db/database.js';
import type { CentralApp, CentralDeps } from '../env.js';

const storeCreate = z.strictObject({ id: storeId, name: text(120) }).openapi('StoreCreate');
const storeCreated = z
  .object({ id: z.string(), name: z.string(), token: z.string().openapi({ description: 'Shown once; central keeps only a hash' }) })
  .openapi('StoreCreated');

interface StoreRow {
  id: string;
  name: string;
  acked_seq: number;
  last_seen: Date | null;
  last_event_at: Date | null;
  created_at: Date;
}

/** POST|GET /v1/admin/stores (API.md): register a store (token shown once), list with sync state. */
export function storeRoutes(app: CentralApp, { db }: CentralDeps): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/admin/stores',
      tags: ['Stores'],
      request: body(storeCreate),
      responses: { 201: json(storeCreated, 'Created'), ...problemResponses },
    }),
    async (c) => {
      const { id, name } = c.req.valid('json');
      const { token, hash } = newStoreToken(id);
      try {
        await db.query('INSERT INTO stores (id, name, token_hash) VALUES ($1, $2, $3)', [id, name, hash]);
      } catch (e) {
        if (sqlState(e) === '23505') throw new AppError('store_exists', `store ${id} exists`, [{ path: 'id', message: 'already registered' }]);
        throw e;
      }
      return c.json({ id, name, token }, 201);
    },
  );
  app.openapi(createRoute({ method: 'get', path: '/v1/admin/stores', tags: ['Stores'], responses: { 200: json(anyJson) } }), async (c) => {
    const rows = await db.query<StoreRow>('SELECT id, name, acked_seq, last_seen, last_event_at, created_at FROM stores ORDER BY id');
    const items = rows.map((r) => ({
      id: r.id,
      name: r.name,
      ackedSeq: r.acked_seq,
      lastSeen: r.last_seen?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(),
      // How far behind the store's push stream ran at its last push: newest acked event's age then.
      lagS: r.last_seen && r.last_event_at ? Math.max(0, Math.round((r.last_seen.getTime() - r.last_event_at.getTime()) / 1000)) : null,
    }));
    return c.json({ items }, 200);
  });
}
