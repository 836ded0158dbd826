import type { Card, CardType } from './types.js';

/**
 * Which ledger asset, and whose, a card's stored value lives in (CARD-3, CUST-7, CARD-12): the
 * one definition used by receipts, refunds and reports.
 * - `credit` cards pay from their own `money`;
 * - `discount_payment` cards pay from the payer's `account` (the billing customer's, else the
 *   holder's) and are invoiced;
 * - `bonus` cards hold `bonus`, reported like money.
 */
export const CARD_ASSET = { credit: 'money', discount_payment: 'account', bonus: 'bonus' } as const satisfies Partial<Record<CardType, string>>;

/** The asset a card reports in the card-usage report (money-moving cards only), or null. */
export function reportedAsset(type: CardType): 'money' | 'account' | 'bonus' | null {
  return (CARD_ASSET as Partial<Record<CardType, 'money' | 'account' | 'bonus'>>)[type] ?? null;
}

/** Where a card payment (or its refund) is booked: the asset and the customer it belongs to. */
export function cardPaymentAccount(card: Pick<Card, 'type' | 'customerId'>, payerId: string | null): { asset: 'money' | 'account'; customerId: string } {
  return card.type === 'credit' ? { asset: 'money', customerId: card.customerId } : { asset: 'account', customerId: payerId ?? card.customerId };
}
