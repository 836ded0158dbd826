import { z } from '@hono/zod-openapi';
import { cardNumber, id, minor, text } from './common.js';

export const isoInstant = z.iso.datetime({ offset: true }).openapi({ description: 'ISO 8601 with offset' });

export const basketLine = z.strictObject({
  sku: text(64),
  group: text(64).optional(),
  qty: z.number().int().min(1).max(100_000),
  unitPrice: minor.max(100_000_000),
});

export const basketBody = z
  .strictObject({
    card: cardNumber.optional(),
    customerId: id.optional(),
    at: isoInstant.optional(),
    lines: z.array(basketLine).min(1).max(500),
    payWithCard: z.boolean().optional(),
  })
  .openapi('Basket');

export const paymentBody = z.strictObject({
  method: z.enum(['cash', 'external', 'card', 'bonus', 'voucher']),
  amount: minor.min(1),
  voucherCode: z
    .string()
    .regex(/^\d{1,24}$/, 'digits only')
    .optional(),
});

export const receiptBody = z
  .strictObject({
    tillId: text(64),
    receiptNo: text(64),
    at: isoInstant,
    card: cardNumber.optional(),
    customerId: id.optional(),
    lines: z.array(basketLine).min(1).max(500),
    payments: z.array(paymentBody).max(20),
  })
  .refine((r) => r.payments.every((p) => p.method !== 'voucher' || p.voucherCode !== undefined), {
    path: ['payments'],
    message: 'a voucher payment needs voucherCode',
  })
  .openapi('Receipt');

export const refundBody = z
  .strictObject({
    lines: z
      .array(z.strictObject({ index: z.number().int().min(0), qty: z.number().int().min(1) }))
      .min(1)
      .max(500)
      .optional(),
  })
  .openapi('Refund');

export const receiptIdParam = z.object({ receiptId: id });
