import { z } from '@hono/zod-openapi';
import type { InvoiceLine } from '../../engine/reports/invoices.js';
import { cardStatus, cardType } from './card-views.js';
import { nextCursor } from './common.js';
import { enumOf } from './domain-enum.js';

const money = z.number().int();

export const cardUsageReport = z
  .object({
    from: z.string(),
    to: z.string(),
    rows: z.array(
      z.object({
        cardNumber: z.string(),
        type: z.string(),
        asset: z.string().nullable(),
        customerId: z.string(),
        opening: money,
        credits: money,
        debits: money,
        closing: money,
      }),
    ),
    nextCursor,
  })
  .openapi('CardUsageReport');

export const discountSalesReport = z
  .object({
    from: z.string(),
    to: z.string(),
    rows: z.array(
      z.object({
        discountId: z.string(),
        name: z.string().nullable(),
        lines: z.number().int(),
        units: z.number().int(),
        gross: money,
        discount: money,
        net: money,
        bonus: money,
        refundedUnits: z.number().int().openapi({ description: 'Units refunded in the period (already subtracted)' }),
      }),
    ),
    nextCursor,
  })
  .openapi('DiscountSalesReport');

/** GET /v1/admin/reports/accounts (CUST-10, CARD-12). */
export const accountsReport = z
  .object({
    from: z.string(),
    to: z.string(),
    rows: z.array(
      z.object({
        customerId: z.string(),
        name: z.string().nullable(),
        creditLimit: money,
        opening: money,
        deposits: money.openapi({ description: 'Deposits, invoice payments and opening balances booked in the period' }),
        charges: money.openapi({ description: 'Card payments and charges less refunds in the period' }),
        closing: money,
      }),
    ),
    nextCursor,
  })
  .openapi('AccountsReport');

export const customerCardsReport = z
  .object({
    rows: z.array(
      z.object({
        customerId: z.string(),
        name: z.string(),
        tier: z.number().int().nullable(),
        turnover: money,
        cardNumber: z.string(),
        type: cardType,
        status: cardStatus,
        money,
        bonus: money,
        visits: z.number().int(),
      }),
    ),
    next: z.string().nullable().openapi({ description: 'Pass as `after` for the next page; null at the end' }),
    nextCursor,
  })
  .openapi('CustomerCardsReport');

export const invoices = z
  .object({
    period: z.string(),
    invoices: z.array(
      z.object({
        customerId: z.string(),
        name: z.string().nullable(),
        email: z.string().nullable(),
        total: money,
        lines: z.array(
          z.object({
            at: z.string(),
            cardNumber: z.string(),
            holderId: z.string().nullable(),
            kind: enumOf<InvoiceLine['kind']>()(['payment', 'refund']),
            docType: z.string().nullable(),
            docId: z.string().nullable(),
            amount: money,
          }),
        ),
      }),
    ),
    nextCursor,
  })
  .openapi('Invoices');
