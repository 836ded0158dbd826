import { z } from '@hono/zod-openapi';
import { LINE_OUTCOMES, SKIP_CODES, type CardPaymentProblem } from '../../engine/model/evaluation-types.js';
import { CARD_TYPES } from '../../engine/model/types.js';
import type { SkippedVoucher } from '../../engine/vouchers/voucher-receipts.js';
import { cardBalances, cardStatus } from './card-views.js';
import { enumOf } from './domain-enum.js';
import { nextCursor } from './common.js';

const money = z.number().int();
const totals = z.object({ gross: money, discount: money, net: money }).openapi('Totals');
const applied = z.object({ discountId: z.string(), name: z.string(), percent: z.number().int() }).openapi('AppliedDiscount');
const paymentProblem = enumOf<CardPaymentProblem>()(['insufficient_balance', 'credit_limit_exceeded', 'daily_limit_exceeded', 'card_type_mismatch']);

/** POST /v1/baskets/evaluate (API.md): per line what applied and why. */
export const evaluation = z
  .object({
    lines: z.array(
      z.object({
        index: z.number().int(),
        sku: z.string(),
        qty: z.number().int(),
        gross: money,
        discount: money,
        net: money,
        applied: z.union([applied, z.null()]),
        bonus: money,
        stampFree: z.number().int(),
        reason: z.object({
          code: z.enum(LINE_OUTCOMES),
          discountId: z.string().nullable(),
          skipped: z.array(z.object({ discountId: z.string(), code: z.enum(SKIP_CODES) })),
          text: z.string(),
        }),
      }),
    ),
    totals,
    bonusEarned: money,
    stamps: z.array(
      z.object({ programId: z.string(), earned: z.number().int(), rewards: z.number().int(), count: z.number().int(), threshold: z.number().int() }),
    ),
    card: z.object({ number: z.string(), type: z.enum(CARD_TYPES), status: cardStatus, message: z.string().nullable(), validNow: z.boolean() }).nullable(),
    payment: z.object({
      moneyAvailable: money.nullable(),
      dailyRemaining: money.nullable(),
      bonusCoversTotal: z.boolean(),
      due: money,
      visitsAvailable: z.number().int().nullable(),
      problem: paymentProblem.nullable().openapi({ description: 'With payWithCard: why paying `due` with the card fails' }),
    }),
  })
  .openapi('Evaluation');

export const issuedVoucher = z
  .object({ code: z.string(), privilege: z.string(), value: money.nullable(), percent: z.number().int().nullable(), validUntil: z.string() })
  .openapi('IssuedVoucher');

/** POST /v1/receipts (API.md). */
export const receiptResult = z
  .object({
    receiptId: z.string(),
    totals,
    bonusEarned: money,
    balances: z.union([cardBalances, z.null()]).openapi({ description: 'null without a card' }),
    tier: z.number().int().nullable(),
    vouchersIssued: z.array(issuedVoucher),
    vouchersSkipped: z
      .array(
        z.object({
          ruleId: z.string(),
          privilegeId: z.string(),
          code: enumOf<SkippedVoucher['code']>()([
            'voucher_range_exhausted',
            'voucher_range_inactive',
            'number_block_empty',
            'privilege_has_no_range',
            'reference_not_found',
          ]),
          reason: z.string(),
        }),
      )
      .openapi({ description: 'Redemption vouchers not issued, with why; the sale closed anyway and the back office got an alert (VOUCH-5)' }),
    messages: z.array(z.string()),
    emailReceipt: z
      .object({ to: z.string() })
      .nullable()
      .openapi({ description: 'Where central will e-mail this receipt; null when the customer did not ask for e-mail receipts (CUST-11)' }),
  })
  .openapi('ReceiptResult');

export const refundResult = z
  .object({
    refundId: z.string(),
    receiptId: z.string(),
    lines: z.array(z.object({ index: z.number().int(), qty: z.number().int(), gross: money, discount: money, net: money })),
    totals,
    cardRefund: money,
    bonusReversed: money,
    balances: z.union([cardBalances, z.null()]).openapi({ description: 'null without a card' }),
  })
  .openapi('RefundResult');

export const tierRecompute = z.object({ customers: z.number().int(), changed: z.number().int() }).openapi('TierRecompute');
export const balanceResetResult = z
  .object({ resetId: z.string(), asOf: z.string(), cards: z.number().int(), entries: z.number().int() })
  .openapi('BalanceResetResult');

/** GET /v1/admin/alerts (VOUCH-5): back-office alerts, newest first. */
export const alertView = z
  .object({
    id: z.number().int(),
    at: z.string(),
    code: z.string().openapi({ description: 'Stable code, e.g. voucher_range_exhausted' }),
    message: z.string(),
    data: z.record(z.string(), z.unknown()).openapi({ description: 'What the alert is about: ruleId, privilegeId, rangeId, receiptId, …' }),
  })
  .openapi('Alert');
export const alertList = z.object({ items: z.array(alertView), nextCursor }).openapi('AlertList');
