import { z } from '@hono/zod-openapi';
import { AppError } from '../common/errors.js';
import { createRange, getRange, patchRange, rangeView } from '../engine/vouchers/voucher-ranges.js';
import { campaignCodesPage, runCampaign } from '../engine/vouchers/voucher-campaigns.js';
import { findVoucher, getPrivilege, issueVouchers, redeemVoucher, voucherView } from '../engine/vouchers/vouchers.js';
import { jsonOrCsv } from './csv.js';
import type { Context } from 'hono';
import type { App, ApiDeps } from './env.js';
import { idempotencyKey, idempotent, idempotentAsync } from './idempotent.js';
import { DEFAULT_LIMIT, decodeCursor, intKey, nextCursorHeader, pageQuery, stringKey, toPage } from './page.js';
import { body, json, jsonPage, route } from './route-helpers.js';
import { id, idempotencyHeader, nextCursorHeaderDoc, problemResponses } from './schemas/common.js';
import {
  campaignCodes as campaignCodesView,
  campaignResult,
  csvText,
  rangeList,
  rangeView as rangeSchema,
  voucherView as voucherSchema,
} from './schemas/voucher-views.js';
import { campaignBody, issueBody, rangeBody, rangePatch, redeemBody, voucherCodeParam } from './schemas/voucher.js';

const csvOrJson = <T extends z.ZodType>(schema: T) => ({
  200: {
    description: 'JSON, or this page of codes as CSV with Accept: text/csv (next page in X-Next-Cursor)',
    headers: nextCursorHeaderDoc,
    content: { 'application/json': { schema }, 'text/csv': { schema: csvText } },
  },
});

/** Vouchers at the till (VOUCH-3, 4, 7) and ranges and campaigns for the back office (VOUCH-1, 2, 6). */
export function voucherRoutes(app: App, { ctx }: ApiDeps): void {
  app.openapi(
    route({
      method: 'get',
      path: '/v1/vouchers/{code}',
      tags: ['Vouchers'],
      summary: 'Validate a voucher: status, value, privilege, valid until (VOUCH-3, VOUCH-7)',
      operationId: 'getVoucher',
      request: { params: voucherCodeParam },
      responses: { 200: json(voucherSchema), ...problemResponses },
    }),
    (c) => c.json(voucherView(ctx, findVoucher(ctx, c.req.valid('param').code)), 200),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/v1/vouchers/{code}/redeem',
      tags: ['Vouchers'],
      summary: 'Redeem a voucher once (VOUCH-7)',
      operationId: 'redeemVoucher',
      request: { params: voucherCodeParam, headers: idempotencyHeader, ...body(redeemBody) },
      responses: { 200: json(voucherSchema, 'Redeemed'), ...problemResponses },
    }),
    (c) => {
      const input = c.req.valid('json');
      const { code } = c.req.valid('param');
      return idempotent(c, ctx, input, () => ({ status: 200, body: voucherView(ctx, redeemVoucher(ctx, code, input.receiptId ?? null)) }));
    },
  );
  app.openapi(
    route({
      method: 'post',
      path: '/v1/vouchers',
      tags: ['Vouchers'],
      summary: 'Issue a voucher for a privilege; the number comes from its range (VOUCH-4)',
      operationId: 'issueVoucher',
      request: { headers: idempotencyHeader, ...body(issueBody) },
      responses: { 201: json(voucherSchema, 'Issued'), ...problemResponses },
    }),
    (c) => {
      const input = c.req.valid('json');
      return idempotent(c, ctx, input, () => {
        if (input.customerId && !ctx.store.customers.exists(input.customerId))
          throw new AppError('customer_not_found', undefined, [{ path: 'customerId', message: 'no such customer' }]);
        const [v] = issueVouchers(ctx, getPrivilege(ctx, input.privilegeId), 1, { customerId: input.customerId ?? null, source: 'manual', code: input.code });
        return { status: 201, body: voucherView(ctx, v!) };
      });
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/v1/admin/voucher-ranges',
      tags: ['Vouchers'],
      summary: 'List voucher ranges with size and numbers left, one page by code (VOUCH-1)',
      operationId: 'listVoucherRanges',
      description: 'One page by code: `{items, nextCursor}` (README "Lists")',
      request: { query: pageQuery },
      responses: { 200: jsonPage(rangeList), ...problemResponses },
    }),
    (c) => {
      const { limit, cursor } = c.req.valid('query');
      const page = toPage(ctx.store.vouchers.rangesPage(decodeCursor(cursor, stringKey), limit + 1), limit, (r) => r.code);
      nextCursorHeader(c, page.nextCursor);
      return c.json({ items: page.items.map((r) => rangeView(ctx, r)), nextCursor: page.nextCursor }, 200);
    },
  );
  app.openapi(
    route({
      method: 'post',
      path: '/v1/admin/voucher-ranges',
      tags: ['Vouchers'],
      summary: 'Create a voucher range (VOUCH-1..3)',
      operationId: 'createVoucherRange',
      request: body(rangeBody),
      responses: { 201: json(rangeSchema, 'Created'), ...problemResponses },
    }),
    (c) => c.json(rangeView(ctx, createRange(ctx, c.req.valid('json'))), 201),
  );
  app.openapi(
    route({
      method: 'patch',
      path: '/v1/admin/voucher-ranges/{id}',
      tags: ['Vouchers'],
      summary: "Change a range's description or active flag",
      operationId: 'updateVoucherRange',
      request: { params: z.object({ id }), ...body(rangePatch) },
      responses: { 200: json(rangeSchema), ...problemResponses },
    }),
    (c) => c.json(rangeView(ctx, patchRange(ctx, c.req.valid('param').id, c.req.valid('json'))), 200),
  );
  app.openapi(
    route({
      method: 'get',
      path: '/v1/admin/voucher-ranges/{id}',
      tags: ['Vouchers'],
      summary: 'One voucher range',
      operationId: 'getVoucherRange',
      request: { params: z.object({ id }) },
      responses: { 200: json(rangeSchema), ...problemResponses },
    }),
    (c) => c.json(rangeView(ctx, getRange(ctx, c.req.valid('param').id)), 200),
  );

  app.openapi(
    route({
      method: 'post',
      path: '/v1/admin/voucher-campaigns',
      tags: ['Vouchers'],
      summary: 'Create N vouchers from a range for a privilege (VOUCH-6)',
      operationId: 'runVoucherCampaign',
      request: { headers: idempotencyHeader, ...body(campaignBody) },
      responses: { ...csvOrJson(campaignResult), ...problemResponses },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const key = idempotencyKey(c);
      // Chunked and async: the key is reserved before the first chunk, so a concurrent duplicate
      // waits for (or replays) this answer; the campaign row carries the key too, so the boot
      // after a crash continues the same campaign instead of starting another.
      const r = await idempotentAsync(c, ctx, input, async () => ({ status: 200, body: await runCampaign(ctx, input, key) }));
      const result = r.body as Awaited<ReturnType<typeof runCampaign>>;
      // The first page of codes; the rest from GET .../codes?cursor= (a campaign may hold 100,000).
      return codesPage(c, result, result.campaignId, DEFAULT_LIMIT, undefined) as never; // JSON or CSV: checked against the document in tests
    },
  );
  app.openapi(
    route({
      method: 'get',
      path: '/v1/admin/voucher-campaigns/{id}/codes',
      tags: ['Vouchers'],
      summary: 'The codes a campaign created, one page in issue order (VOUCH-6)',
      operationId: 'listVoucherCampaignCodes',
      description: "A page of the campaign's codes in issue order: `{campaignId, codes, nextCursor}`, or CSV with X-Next-Cursor",
      request: { params: z.object({ id }), query: pageQuery },
      responses: { ...csvOrJson(campaignCodesView), ...problemResponses },
    }),
    (c) => {
      const campaignId = c.req.valid('param').id;
      const { limit, cursor } = c.req.valid('query');
      return codesPage(c, { campaignId }, campaignId, limit, cursor) as never;
    },
  );

  function codesPage(c: Context, head: Record<string, unknown>, campaignId: string, limit: number, cursor: string | undefined): Response {
    const page = toPage(campaignCodesPage(ctx, campaignId, decodeCursor(cursor, intKey) ?? 0, limit), limit, (r) => r.seq);
    const codes = page.items.map((r) => r.code);
    nextCursorHeader(c, page.nextCursor);
    return jsonOrCsv(c, { ...head, codes, nextCursor: page.nextCursor }, `campaign-${campaignId}`, () => codes.map((code) => ({ code }))) as never;
  }
}
