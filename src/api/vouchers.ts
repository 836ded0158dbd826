import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '../common/errors.js';
import { createRange, getRange, patchRange, rangeView } from '../engine/voucher-ranges.js';
import { campaignCodes, runCampaign } from '../engine/voucher-campaigns.js';
import { findVoucher, getPrivilege, issueVouchers, redeemVoucher, voucherView } from '../engine/vouchers.js';
import { jsonOrCsv } from './csv.js';
import type { App, ApiDeps } from './env.js';
import { idempotencyKey, idempotent, requestHash } from './idempotent.js';
import { body, json } from './route-helpers.js';
import { anyJson, id, idempotencyHeader, problemResponses } from './schemas/common.js';
import { campaignBody, issueBody, rangeBody, rangePatch, redeemBody, voucherCodeParam } from './schemas/voucher.js';

const csvOrJson = { 200: { description: 'JSON, or CSV with Accept: text/csv', content: { 'application/json': { schema: anyJson }, 'text/csv': { schema: z.string() } } } };

/** Vouchers at the till (VOUCH-3, 4, 7) and ranges and campaigns for the back office (VOUCH-1, 2, 6). */
export function voucherRoutes(app: App, { ctx }: ApiDeps): void {
  app.openapi(
    createRoute({ method: 'get', path: '/v1/vouchers/{code}', tags: ['Vouchers'], request: { params: voucherCodeParam }, responses: { 200: json(anyJson), ...problemResponses } }),
    (c) => c.json(voucherView(ctx, findVoucher(ctx, c.req.valid('param').code)), 200),
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/v1/vouchers/{code}/redeem', tags: ['Vouchers'],
      request: { params: voucherCodeParam, headers: idempotencyHeader, ...body(redeemBody) }, responses: { 200: json(anyJson, 'Redeemed'), ...problemResponses },
    }),
    (c) => {
      const input = c.req.valid('json');
      const { code } = c.req.valid('param');
      return idempotent<200>(c, ctx, input, () => ({ status: 200, body: voucherView(ctx, redeemVoucher(ctx, code, input.receiptId ?? null)) }));
    },
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/vouchers', tags: ['Vouchers'], request: { headers: idempotencyHeader, ...body(issueBody) }, responses: { 201: json(anyJson, 'Issued'), ...problemResponses } }),
    (c) => {
      const input = c.req.valid('json');
      return idempotent(c, ctx, input, () => {
        if (input.customerId && !ctx.store.customers.exists(input.customerId)) throw new AppError('customer_not_found', undefined, [{ path: 'customerId', message: 'no such customer' }]);
        const [v] = issueVouchers(ctx, getPrivilege(ctx, input.privilegeId), 1, { customerId: input.customerId ?? null, source: 'manual', code: input.code });
        return { status: 201, body: voucherView(ctx, v!) };
      });
    },
  );

  app.openapi(createRoute({ method: 'get', path: '/v1/admin/voucher-ranges', tags: ['Vouchers'], responses: { 200: json(anyJson) } }), (c) =>
    c.json({ items: ctx.store.vouchers.ranges().map((r) => rangeView(ctx, r)) }, 200),
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/admin/voucher-ranges', tags: ['Vouchers'], request: body(rangeBody), responses: { 201: json(anyJson, 'Created'), ...problemResponses } }),
    (c) => c.json(rangeView(ctx, createRange(ctx, c.req.valid('json'))), 201),
  );
  app.openapi(
    createRoute({ method: 'patch', path: '/v1/admin/voucher-ranges/{id}', tags: ['Vouchers'], request: { params: z.object({ id }), ...body(rangePatch) }, responses: { 200: json(anyJson), ...problemResponses } }),
    (c) => c.json(rangeView(ctx, patchRange(ctx, c.req.valid('param').id, c.req.valid('json'))), 200),
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/admin/voucher-ranges/{id}', tags: ['Vouchers'], request: { params: z.object({ id }) }, responses: { 200: json(anyJson), ...problemResponses } }),
    (c) => c.json(rangeView(ctx, getRange(ctx, c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/admin/voucher-campaigns', tags: ['Vouchers'],
      request: { headers: idempotencyHeader, ...body(campaignBody) }, responses: { ...csvOrJson, ...problemResponses },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const key = idempotencyKey(c);
      // Chunked and async: the campaign row carries the key, so a retry continues the same campaign.
      const prior = ctx.store.idempotency.find(key);
      if (prior && prior.requestHash !== requestHash(c, input)) throw new AppError('idempotency_key_reused', undefined, [{ path: 'Idempotency-Key', message: 'already used with a different request' }]);
      const result = await runCampaign(ctx, input, key);
      if (!prior) ctx.store.db.tx(() => ctx.store.idempotency.save(key, requestHash(c, input), 200, result, new Date().toISOString()));
      const codes = campaignCodes(ctx, result.campaignId);
      return jsonOrCsv(c, { ...result, codes }, `campaign-${result.campaignId}`, () => codes.map((code) => ({ code }))) as never;
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/admin/voucher-campaigns/{id}/codes', tags: ['Vouchers'], request: { params: z.object({ id }) }, responses: { ...csvOrJson, ...problemResponses } }),
    (c) => {
      const campaignId = c.req.valid('param').id;
      const codes = campaignCodes(ctx, campaignId);
      return jsonOrCsv(c, { campaignId, codes }, `campaign-${campaignId}`, () => codes.map((code) => ({ code }))) as never;
    },
  );
}
