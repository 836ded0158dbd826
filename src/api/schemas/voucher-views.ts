import { z } from '@hono/zod-openapi';
import type { CheckScheme } from '../../common/check-digits.js';
import type { VoucherState } from '../../engine/vouchers/vouchers.js';
import { nextCursor } from './common.js';
import { enumOf } from './domain-enum.js';

/** GET /v1/vouchers/{code}, redeem and issue (API.md). */
export const voucherView = z
  .object({
    code: z.string(),
    status: enumOf<VoucherState>()(['issued', 'redeemed', 'expired', 'void']),
    value: z.number().int().nullable().openapi({ description: 'Minor units; null for a percent voucher' }),
    percent: z.number().int().nullable().openapi({ description: 'Basis points; null for a value voucher' }),
    privilege: z.object({ id: z.string(), name: z.string().nullable() }),
    validUntil: z.string(),
    customerId: z.string().nullable(),
    redeemedAt: z.string().nullable(),
    receiptId: z.string().nullable(),
  })
  .openapi('Voucher');

/** A voucher range with its size and what is left (VOUCH-1, VOUCH-2). */
export const rangeView = z
  .object({
    id: z.string(),
    code: z.string(),
    description: z.string(),
    digits: z.number().int(),
    from: z.number().int(),
    to: z.number().int(),
    random: z.boolean(),
    checkDigit: z.boolean(),
    checkScheme: enumOf<CheckScheme>()(['luhn', 'damm']),
    active: z.boolean(),
    size: z.number().int(),
    remaining: z.number().int(),
  })
  .openapi('VoucherRangeView');

export const rangeList = z.object({ items: z.array(rangeView), nextCursor }).openapi('VoucherRangeList');

export const campaignResult = z
  .object({
    campaignId: z.string(),
    rangeId: z.string(),
    privilegeId: z.string(),
    count: z.number().int(),
    codes: z.array(z.string()).openapi({ description: 'The first page of codes (at most 100), in issue order' }),
    nextCursor: nextCursor.openapi({
      description: 'Pass as `cursor` to GET /v1/admin/voucher-campaigns/{id}/codes for the next page; null when `codes` holds them all',
    }),
  })
  .openapi('VoucherCampaignResult');
export const campaignCodes = z.object({ campaignId: z.string(), codes: z.array(z.string()), nextCursor }).openapi('VoucherCampaignCodes');
export const csvText = z.string().openapi({ description: 'RFC 4180 CSV with a header line' });
