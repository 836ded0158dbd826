import { z } from '@hono/zod-openapi';
import { basisPoints, covers, id, minor, text, validity } from './common.js';

export const discountBody = z.strictObject({ name: text(100), percent: basisPoints, covers, validity: validity.optional() }).openapi('Discount');
export const tiersBody = z
  .strictObject({
    mode: z.enum(['online', 'batch']),
    windowMonths: z.number().int().min(1).max(120).optional(),
    levels: z.array(z.strictObject({ turnover: minor, discountId: id })).max(100),
  })
  .refine((t) => t.levels.every((l, i) => i === 0 || l.turnover > (t.levels[i - 1]?.turnover ?? -1)), {
    path: ['levels'],
    message: 'turnover thresholds must increase',
  })
  .openapi('Tiers');
export const stampProgramBody = z.strictObject({ name: text(100), covers, threshold: z.number().int().min(2).max(1000) }).openapi('StampProgram');
export const privilegeBody = z
  .strictObject({
    name: text(100),
    pointsCost: z.number().int().min(0).optional(),
    voucher: z
      .strictObject({ value: minor.optional(), percent: basisPoints.optional(), validDays: z.number().int().min(1).max(3660), rangeId: id.optional() })
      .refine((v) => (v.value === undefined) !== (v.percent === undefined), { message: 'give exactly one of value or percent', path: ['value'] }),
  })
  .openapi('Privilege');
export const redemptionRuleBody = z.strictObject({ privilegeId: id, pointsAtLeast: z.number().int().min(1) }).openapi('RedemptionRule');
export const cardTemplateBody = z.strictObject({ name: text(100), validityRequired: z.boolean().optional() }).openapi('CardTemplate');
