import { z } from '@hono/zod-openapi';
import { CARD_STATUSES, CARD_TYPES } from '../../engine/model/types.js';
import { cursorParam, limitParam } from '../page.js';
import { cardNumber, id, minor, optText, validity } from './common.js';

const discountRefs = z.array(z.strictObject({ discountId: id, birthday: z.boolean().optional() })).max(50);
const birthdayWindow = z.strictObject({ daysBefore: z.number().int().min(0).max(366), daysAfter: z.number().int().min(0).max(366) });

export const cardCreate = z
  .strictObject({
    number: cardNumber.optional().openapi({ description: 'Omit to generate one from the default scheme' }),
    type: z.enum(['discount', 'discount_payment', 'bonus', 'credit', 'stamp', 'service']).optional(),
    luhn: z.boolean().optional(),
    validity: validity.nullable().optional(),
    discounts: discountRefs.optional(),
    birthdayWindow: birthdayWindow.nullable().optional(),
    message: optText(500),
    dailyLimit: minor.nullable().optional(),
    creditLimit: minor.optional(),
    stampPrograms: z.array(id).max(50).nullable().optional(),
    templateId: id.nullable().optional(),
  })
  .openapi('CardCreate');

/** PATCH /v1/cards/{number}: what may change after issue (not the number or scheme; the type only while ordered). */
export const cardPatch = cardCreate
  .omit({ number: true, luhn: true, templateId: true })
  .extend({
    type: cardCreate.shape.type.openapi({ description: 'Only while the card is ordered (CARD-15)' }),
    status: z.enum(['active', 'blocked']).optional(),
  })
  .openapi('CardPatch');

export const topupBody = z
  .union([z.strictObject({ amount: z.number().int().min(1).max(100_000_000) }), z.strictObject({ visits: z.number().int().min(1).max(10_000) })])
  .openapi('Topup', { description: '{amount} for credit cards (minor units) or {visits} for service cards' });

export const cardNumberParam = z.object({ number: cardNumber });

/** GET /v1/cards (CUST-12, seed 003 "Filter"): cards by usage type, status and holder. */
export const cardFilter = z.object({
  type: z.enum(CARD_TYPES).optional(),
  status: z.enum(CARD_STATUSES).optional(),
  customerId: id.optional(),
  limit: limitParam(),
  cursor: cursorParam,
});
