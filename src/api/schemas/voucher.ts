import { z } from '@hono/zod-openapi';
import { id, text } from './common.js';

export const voucherCode = z.string().regex(/^\d{2,15}$/, '2-15 digits');
export const voucherCodeParam = z.object({ code: voucherCode });
export const redeemBody = z.strictObject({ receiptId: id.optional() }).openapi('VoucherRedeem');
export const issueBody = z
  .strictObject({ privilegeId: id, customerId: id.optional(), code: voucherCode.optional().openapi({ description: 'Only for a privilege without a range' }) })
  .openapi('VoucherIssue');

export const rangeBody = z
  .strictObject({
    code: text(32),
    description: z.string().max(200).optional(),
    digits: z.number().int().min(2).max(15),
    from: z.number().int().min(0),
    to: z.number().int().min(0),
    random: z.boolean().default(false),
    checkDigit: z.boolean().default(false),
    checkScheme: z.enum(['luhn', 'damm']).optional(),
    active: z.boolean().optional(),
  })
  .openapi('VoucherRange', { description: 'from/to are serials without the check digit; digits counts the check digit' });
export const rangePatch = z.strictObject({ description: z.string().max(200).optional(), active: z.boolean().optional() }).openapi('VoucherRangePatch');
export const campaignBody = z
  .strictObject({
    rangeId: id.optional().openapi({ description: "Omit to use the privilege's range (VOUCH-6)" }),
    privilegeId: id,
    count: z.number().int().min(1).max(1_000_000),
  })
  .openapi('VoucherCampaign');
