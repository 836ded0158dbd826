import { createRoute, z } from '@hono/zod-openapi';
import { body, json } from '../../api/route-helpers.js';
import { anyJson, id, problemResponses } from '../../api/schemas/common.js';
import { cardTemplateBody, discountBody, privilegeBody, redemptionRuleBody, stampProgramBody, tiersBody } from '../../api/schemas/master-data.js';
import { AppError } from '../../common/errors.js';
import type { Sql } from '../db/database.js';
import type { CentralApp, CentralDeps } from '../env.js';
import { touchChanges } from '../feed.js';

/** The store's master-data kinds with the store's own request schemas (SYNC-3; API.md "Master data"). */
const KINDS: [string, z.ZodType][] = [
  ['discounts', discountBody],
  ['stamp-programs', stampProgramBody],
  ['privileges', privilegeBody],
  ['redemption-rules', redemptionRuleBody],
  ['card-templates', cardTemplateBody],
];
const TIERS_ID = 'default';

interface Row {
  id: string;
  body: Record<string, unknown> | null;
  version: number;
  updated_at: Date;
}
const view = (r: Row) => ({ id: r.id, ...r.body, version: r.version, updatedAt: r.updated_at.toISOString() });

/** Create or replace; the version goes up by one and the change enters the pull feed. */
async function put(q: Sql, kind: string, recId: string, doc: object): Promise<number> {
  const [r] = await q.query<{ version: number }>(
    `INSERT INTO master_data (kind, id, body, version, deleted, updated_at) VALUES ($1, $2, $3, 1, false, now())
     ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body, version = master_data.version + 1, deleted = false, updated_at = now()
     RETURNING version`,
    [kind, recId, JSON.stringify(doc)],
  );
  await touchChanges(q, [{ entity: 'master', key: `${kind}/${recId}` }]);
  return r?.version ?? 1;
}

/**
 * Master data at central: the same paths and bodies as the store's admin API; stores pull the
 * versions and tombstones. GET list, GET/PUT/DELETE /{id}; tiers is one document.
 */
export function masterDataRoutes(app: CentralApp, { db }: CentralDeps): void {
  for (const [kind, schema] of KINDS) {
    const path = `/v1/admin/${kind}`;
    const params = z.object({ id });
    app.openapi(createRoute({ method: 'get', path, tags: ['Master data'], responses: { 200: json(anyJson) } }), async (c) => {
      const rows = await db.query<Row>('SELECT id, body, version, updated_at FROM master_data WHERE kind = $1 AND NOT deleted ORDER BY id', [kind]);
      return c.json({ items: rows.map(view) }, 200);
    });
    app.openapi(
      createRoute({ method: 'get', path: `${path}/{id}`, tags: ['Master data'], request: { params }, responses: { 200: json(anyJson), ...problemResponses } }),
      async (c) => {
        const recId = c.req.valid('param').id;
        const [r] = await db.query<Row>('SELECT id, body, version, updated_at FROM master_data WHERE kind = $1 AND id = $2 AND NOT deleted', [kind, recId]);
        if (!r) throw new AppError('master_data_not_found', `no ${kind} ${recId}`);
        return c.json(view(r), 200);
      },
    );
    app.openapi(
      createRoute({
        method: 'put',
        path: `${path}/{id}`,
        tags: ['Master data'],
        request: { params, ...body(schema) },
        responses: { 200: json(anyJson), ...problemResponses },
      }),
      async (c) => {
        const recId = c.req.valid('param').id;
        const doc = c.req.valid('json') as object;
        const version = await db.tx((q) => put(q, kind, recId, doc));
        return c.json({ id: recId, ...doc, version }, 200);
      },
    );
    app.openapi(
      createRoute({
        method: 'delete',
        path: `${path}/{id}`,
        tags: ['Master data'],
        request: { params },
        responses: { 204: { description: 'Deleted (a tombstone stays for sync)' }, ...problemResponses },
      }),
      async (c) => {
        const recId = c.req.valid('param').id;
        const gone = await db.tx(async (q) => {
          const r = await q.query(
            'UPDATE master_data SET body = NULL, deleted = true, version = version + 1, updated_at = now() WHERE kind = $1 AND id = $2 AND NOT deleted RETURNING id',
            [kind, recId],
          );
          if (r.length > 0) await touchChanges(q, [{ entity: 'master', key: `${kind}/${recId}` }]);
          return r.length > 0;
        });
        if (!gone) throw new AppError('master_data_not_found', `no ${kind} ${recId}`);
        return c.body(null, 204);
      },
    );
  }

  app.openapi(createRoute({ method: 'get', path: '/v1/admin/tiers', tags: ['Master data'], responses: { 200: json(anyJson) } }), async (c) => {
    const [r] = await db.query<Row>("SELECT id, body, version, updated_at FROM master_data WHERE kind = 'tiers' AND id = $1 AND NOT deleted", [TIERS_ID]);
    return c.json(r ? { ...r.body, version: r.version } : { mode: 'online', levels: [], version: 0 }, 200);
  });
  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/admin/tiers',
      tags: ['Master data'],
      request: body(tiersBody),
      responses: { 200: json(anyJson), ...problemResponses },
    }),
    async (c) => {
      const doc = c.req.valid('json');
      const version = await db.tx(async (q) => {
        const ids = doc.levels.map((l) => l.discountId);
        const found = new Set(
          (await q.query<{ id: string }>("SELECT id FROM master_data WHERE kind = 'discounts' AND id = ANY($1) AND NOT deleted", [ids])).map((r) => r.id),
        );
        doc.levels.forEach((l, i) => {
          if (!found.has(l.discountId))
            throw new AppError('reference_not_found', `no discount ${l.discountId}`, [{ path: `levels.${i}.discountId`, message: 'no such discount' }]);
        });
        return put(q, 'tiers', TIERS_ID, doc);
      });
      return c.json({ ...doc, version }, 200);
    },
  );
}
