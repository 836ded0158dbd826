import { z } from '@hono/zod-openapi';
import { CARD_STATUSES, CARD_TYPES } from '../../engine/model/types.js';
import { nextCursor, validity } from './common.js';

export const stampBalance = z
  .object({
    programId: z.string(),
    count: z.number().int(),
    threshold: z.number().int().nullable().openapi({ description: 'null when the program was deleted' }),
  })
  .openapi('StampBalance');

/** Card balances, the same shape in every response (card lookup, receipts, refunds, top-ups, customer detail). */
export const cardBalances = z
  .object({
    money: z.number().int().openapi({ description: 'Minor units' }),
    bonus: z.number().int().openapi({ description: 'Minor units' }),
    visits: z.number().int(),
    stamps: z.array(stampBalance),
  })
  .openapi('CardBalances');

export const cardType = z.enum(CARD_TYPES).openapi('CardType');
export const cardStatus = z.enum(CARD_STATUSES).openapi('CardStatus');

/** GET /v1/cards/{number} (API.md). */
export const cardLookup = z
  .object({
    number: z.string(),
    type: cardType,
    status: cardStatus,
    customer: z.object({ id: z.string(), name: z.string(), tier: z.number().int().nullable() }).nullable(),
    balances: cardBalances,
    message: z.string().nullable().openapi({ description: 'Show to the cashier whenever the card is used (CARD-7)' }),
    validNow: z.boolean().openapi({ description: 'The card validity allows its primary discount now (CARD-4)' }),
    dailyLimit: z.number().int().nullable(),
    dailyRemaining: z.number().int().nullable(),
  })
  .openapi('CardLookup');

/** A card as stored: POST /v1/customers/{id}/cards, PATCH /v1/cards/{number}. */
export const card = z
  .object({
    number: z.string(),
    customerId: z.string(),
    type: cardType,
    status: cardStatus,
    luhn: z.boolean(),
    validity: validity.nullable(),
    discounts: z.array(z.object({ discountId: z.string(), birthday: z.boolean().optional() })),
    birthdayWindow: z.object({ daysBefore: z.number().int(), daysAfter: z.number().int() }).nullable(),
    message: z.string().nullable(),
    dailyLimit: z.number().int().nullable(),
    creditLimit: z.number().int(),
    stampPrograms: z.array(z.string()).nullable(),
    templateId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Card');

export const cardList = z.object({ items: z.array(card), nextCursor }).openapi('CardList');

export const topupResult = z.object({ topupId: z.string(), balances: cardBalances }).openapi('TopupResult');
export const visitResult = z.object({ visitId: z.string(), balances: cardBalances }).openapi('VisitResult');
