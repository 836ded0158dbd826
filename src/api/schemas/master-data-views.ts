import { z } from '@hono/zod-openapi';
import { cardTemplateBody, discountBody, privilegeBody, redemptionRuleBody, stampProgramBody } from './master-data.js';
import { nextCursor } from './common.js';

const stamp = { id: z.string(), version: z.number().int().openapi({ description: 'Increases with every change' }), updatedAt: z.string() };

/** A master-data record as the admin API returns it: the body plus id, version and updatedAt. */
const recordOf = <T extends z.ZodObject>(body: T, name: string) => z.object({ ...body.shape, ...stamp }).openapi(`${name}Record`);

export const masterRecords = {
  discounts: recordOf(discountBody, 'Discount'),
  'stamp-programs': recordOf(stampProgramBody, 'StampProgram'),
  privileges: recordOf(privilegeBody, 'Privilege'),
  'redemption-rules': recordOf(redemptionRuleBody, 'RedemptionRule'),
  'card-templates': recordOf(cardTemplateBody, 'CardTemplate'),
} as const;

export const listOf = <T extends z.ZodType>(item: T, name: string) => z.object({ items: z.array(item), nextCursor }).openapi(`${name}List`);

/** GET/PUT /v1/admin/tiers: the one tiers document with its version (0 = never set). */
export const tiersRecord = z
  .object({
    mode: z.enum(['online', 'batch']),
    windowMonths: z.number().int().optional(),
    levels: z.array(z.object({ turnover: z.number().int(), discountId: z.string() })),
    version: z.number().int(),
  })
  .openapi('TiersRecord');
