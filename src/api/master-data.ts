import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '../common/errors.js';
import { nowIso } from '../engine/context.js';
import type { MasterKind } from '../engine/store/master-data-repo.js';
import type { App, ApiDeps } from './env.js';
import { body, json } from './route-helpers.js';
import { anyJson, id, problemResponses } from './schemas/common.js';
import { cardTemplateBody, discountBody, privilegeBody, redemptionRuleBody, stampProgramBody, tiersBody } from './schemas/master-data.js';

const KINDS: [Exclude<MasterKind, 'tiers'>, z.ZodType][] = [
  ['discounts', discountBody],
  ['stamp-programs', stampProgramBody],
  ['privileges', privilegeBody],
  ['redemption-rules', redemptionRuleBody],
  ['card-templates', cardTemplateBody],
];

const TIERS_ID = 'default';

/**
 * Master data (admin scope): GET list, PUT /{id} create-or-replace, DELETE /{id}; tiers is one
 * document. In a chain these come down by sync; a standalone shop edits them here.
 */
export function masterDataRoutes(app: App, { ctx }: ApiDeps): void {
  const { master } = ctx.store;
  for (const [kind, schema] of KINDS) {
    const path = `/v1/admin/${kind}`;
    const params = z.object({ id });
    app.openapi(createRoute({ method: 'get', path, tags: ['Master data'], responses: { 200: json(anyJson) } }), (c) =>
      c.json({ items: master.list<object>(kind).map((r) => ({ id: r.id, ...r.body, version: r.version, updatedAt: r.updatedAt })) }, 200),
    );
    app.openapi(
      createRoute({ method: 'get', path: `${path}/{id}`, tags: ['Master data'], request: { params }, responses: { 200: json(anyJson), ...problemResponses } }),
      (c) => {
        const r = master.get<object>(kind, c.req.valid('param').id);
        if (!r) throw new AppError('master_data_not_found', `no ${kind} ${c.req.valid('param').id}`);
        return c.json({ id: r.id, ...r.body, version: r.version, updatedAt: r.updatedAt }, 200);
      },
    );
    app.openapi(
      createRoute({ method: 'put', path: `${path}/{id}`, tags: ['Master data'], request: { params, ...body(schema) }, responses: { 200: json(anyJson), ...problemResponses } }),
      (c) => {
        const recId = c.req.valid('param').id;
        const doc = c.req.valid('json') as object;
        const version = ctx.store.db.tx(() => master.put(kind, recId, doc, nowIso(ctx)));
        return c.json({ id: recId, ...doc, version }, 200);
      },
    );
    app.openapi(
      createRoute({ method: 'delete', path: `${path}/{id}`, tags: ['Master data'], request: { params }, responses: { 204: { description: 'Deleted' }, ...problemResponses } }),
      (c) => {
        const recId = c.req.valid('param').id;
        if (!ctx.store.db.tx(() => master.delete(kind, recId, nowIso(ctx)))) throw new AppError('master_data_not_found', `no ${kind} ${recId}`);
        return c.body(null, 204);
      },
    );
  }

  app.openapi(createRoute({ method: 'get', path: '/v1/admin/tiers', tags: ['Master data'], responses: { 200: json(anyJson) } }), (c) => {
    const r = master.get<object>('tiers', TIERS_ID);
    return c.json(r ? { ...r.body, version: r.version } : { mode: 'online', levels: [], version: 0 }, 200);
  });
  app.openapi(
    createRoute({ method: 'put', path: '/v1/admin/tiers', tags: ['Master data'], request: body(tiersBody), responses: { 200: json(anyJson), ...problemResponses } }),
    (c) => {
      const doc = c.req.valid('json');
      const version = ctx.store.db.tx(() => {
        doc.levels.forEach((l, i) => {
          if (!master.get('discounts', l.discountId)) {
            throw new AppError('reference_not_found', `no discount ${l.discountId}`, [{ path: `levels.${i}.discountId`, message: 'no such discount' }]);
          }
        });
        return master.put('tiers', TIERS_ID, doc, nowIso(ctx));
      });
      return c.json({ ...doc, version }, 200);
    },
  );
}
