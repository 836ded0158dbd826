import { z } from '@hono/zod-openapi';
import { deleteMasterData, getMasterData, getTiers, listMasterData, putMasterData, putTiers, type MasterKind } from '../engine/master-data/master-data.js';
import type { App, ApiDeps } from './env.js';
import { decodeCursor, nextCursorHeader, pageQuery, stringKey, toPage } from './page.js';
import { body, json, jsonPage, route } from './route-helpers.js';
import { id, problemResponses } from './schemas/common.js';
import { listOf, masterRecords, tiersRecord } from './schemas/master-data-views.js';
import { cardTemplateBody, discountBody, privilegeBody, redemptionRuleBody, stampProgramBody, tiersBody } from './schemas/master-data.js';

/** Kind, request schema, and the singular/plural names its operationIds use. */
const KINDS: [Exclude<MasterKind, 'tiers' | 'customer-types'>, z.ZodType, string, string][] = [
  ['discounts', discountBody, 'Discount', 'Discounts'],
  ['stamp-programs', stampProgramBody, 'StampProgram', 'StampPrograms'],
  ['privileges', privilegeBody, 'Privilege', 'Privileges'],
  ['redemption-rules', redemptionRuleBody, 'RedemptionRule', 'RedemptionRules'],
  ['card-templates', cardTemplateBody, 'CardTemplate', 'CardTemplates'],
];

/**
 * Master data (admin scope): GET list, PUT /{id} create-or-replace, DELETE /{id}; tiers is one
 * document. In a chain these come down by sync; a standalone shop edits them here.
 */
export function masterDataRoutes(app: App, { ctx }: ApiDeps): void {
  for (const [kind, schema, one, many] of KINDS) {
    const path = `/v1/admin/${kind}`;
    const params = z.object({ id });
    const record: z.ZodType = masterRecords[kind];
    const tags = ['Master data'];
    app.openapi(
      route({
        method: 'get',
        path,
        tags,
        summary: `List ${kind}, one page by id`,
        operationId: `list${many}`,
        description: 'One page by id: `{items, nextCursor}` (README "Lists")',
        request: { query: pageQuery },
        responses: { 200: jsonPage(listOf(record, `${one}Record`)), ...problemResponses },
      }),
      (c) => {
        const { limit, cursor } = c.req.valid('query');
        const rows = listMasterData<object>(ctx, kind, decodeCursor(cursor, stringKey), limit + 1);
        const page = toPage(rows, limit, (r) => r.id);
        nextCursorHeader(c, page.nextCursor);
        return c.json(
          { items: page.items.map((r) => ({ id: r.id, ...r.body, version: r.version, updatedAt: r.updatedAt })), nextCursor: page.nextCursor },
          200,
        );
      },
    );
    app.openapi(
      route({
        method: 'get',
        path: `${path}/{id}`,
        tags,
        summary: `One of ${kind}`,
        operationId: `get${one}`,
        request: { params },
        responses: { 200: json(record), ...problemResponses },
      }),
      (c) => {
        const r = getMasterData<object>(ctx, kind, c.req.valid('param').id);
        return c.json({ id: r.id, ...r.body, version: r.version, updatedAt: r.updatedAt }, 200);
      },
    );
    app.openapi(
      route({
        method: 'put',
        path: `${path}/{id}`,
        tags,
        summary: `Create or replace one of ${kind}`,
        operationId: `put${one}`,
        request: { params, ...body(schema) },
        responses: { 200: json(record), ...problemResponses },
      }),
      (c) => {
        const recId = c.req.valid('param').id;
        const doc = c.req.valid('json') as object;
        const { version, updatedAt } = putMasterData(ctx, kind, recId, doc);
        return c.json({ id: recId, ...doc, version, updatedAt }, 200);
      },
    );
    app.openapi(
      route({
        method: 'delete',
        path: `${path}/{id}`,
        tags,
        summary: `Delete one of ${kind}`,
        operationId: `delete${one}`,
        request: { params },
        responses: { 204: { description: 'Deleted' }, ...problemResponses },
      }),
      (c) => {
        deleteMasterData(ctx, kind, c.req.valid('param').id);
        return c.body(null, 204);
      },
    );
  }

  app.openapi(
    route({
      method: 'get',
      path: '/v1/admin/tiers',
      tags: ['Master data'],
      summary: 'The discount tiers by turnover (CARD-10)',
      operationId: 'getTiers',
      responses: { 200: json(tiersRecord) },
    }),
    (c) => {
      return c.json(getTiers(ctx), 200);
    },
  );
  app.openapi(
    route({
      method: 'put',
      path: '/v1/admin/tiers',
      tags: ['Master data'],
      summary: 'Replace the discount tiers (CARD-10)',
      operationId: 'putTiers',
      request: body(tiersBody),
      responses: { 200: json(tiersRecord), ...problemResponses },
    }),
    (c) => {
      const doc = c.req.valid('json');
      const version = putTiers(ctx, doc);
      return c.json({ ...doc, version }, 200);
    },
  );
}
