/** Input and output of `evaluateBasket` (API.md "Baskets and receipts", "Evaluation rules"). */
import type { LocalTime } from '../../common/clock.js';
import type { ErrorCode } from '../../common/errors.js';
import type { AppliedDiscount, Catalog } from './catalog.js';
import type { Card, CardBalances, CardStatus, CardType, Customer } from './types.js';

export interface EvalLine {
  sku: string;
  group?: string;
  /** Positive integer (validated by the caller). */
  qty: number;
  /** Minor units, integer ≥ 0 (validated by the caller). */
  unitPrice: number;
}

/** The card fields evaluation reads: a card row without its template and timestamps. */
export type EvalCard = Omit<Card, 'templateId' | 'createdAt' | 'updatedAt'>;

/** The customer fields evaluation reads: birth date (CARD-6), credit limit (CUST-4), billing customer (CUST-7), tier (CARD-14). */
export type EvalCustomer = Pick<Customer, 'id' | 'birthDate' | 'creditLimit' | 'billingCustomerId' | 'tierLevel'>;

export interface EvalInput {
  /** The sale's moment; store-local rules use `localTime(at, timeZone)`, computed once. */
  at: Date;
  timeZone: string;
  /** Optional: the store-local time of `at` when the caller already has it. */
  local?: LocalTime;
  card: EvalCard | null;
  /** The card holder (birth date for CARD-6); or the customer identified without a card. */
  customer: EvalCustomer | null;
  /** Master data compiled by `compileCatalog`, cached by the caller. */
  catalog: Catalog;
  /** The card's current balances; null without a card. */
  balances: CardBalances | null;
  /** discount_payment: what the card has paid since store-local midnight of `at` (startOfLocalDay). */
  spentToday: number;
  /** CUST-4: the paying customer's account (card holder, or billing customer for discount_payment). */
  customerAccount?: { balance: number; creditLimit: number } | null;
  lines: readonly EvalLine[];
  /** CARD-14: the discount of the customer's tier level, beside the card's own list; null/absent = none. */
  tierDiscountId?: string | null;
  /** The receipt is paid with the card: credit/discount_payment money, or a bonus card's bonus. */
  payWithCard: boolean;
  options: { partialBonusPayment: boolean };
}

/** Why a discount of the card's list did not apply to a line (stable codes). */
export const SKIP_CODES = [
  'unknown_discount', // the card names a discount that is not in master data
  'card_validity', // CARD-4: the card's validity excludes now; only the first discount is gated
  'outside_validity', // the discount's own validity excludes now
  'no_birth_date', // CARD-6: birthday entry, but the customer has no birth date
  'outside_birthday_window', // CARD-6: birthday entry, now is outside birth date − before … + after
  'not_covered', // the discount does not cover this SKU or group
] as const;
export type SkipCode = (typeof SKIP_CODES)[number];

export interface SkippedDiscount {
  readonly discountId: string;
  readonly code: SkipCode;
}

/** What happened to a line (stable codes). */
export const LINE_OUTCOMES = [
  'discount_applied', // the discount is deducted from the line
  'bonus_credited', // bonus card: the discount is credited as bonus, not deducted
  'paid_with_bonus', // bonus card paid with bonus: reported as a 100 % discount
  'card_payment_required', // credit card: the discount applies only when paid with the card
  'stamp_reward', // no discount, but units are free by a stamp reward
  'no_applicable_discount', // the card has discounts, none applies to this line
  'no_discounts', // the card has no discounts
  'no_card', // no card on the receipt
  'card_blocked', // blocked card: no benefits (the caller rejects it)
  'card_not_active', // kept for compatibility; no longer produced (ordered cards are usable, CARD-15)
] as const;
export type LineOutcome = (typeof LINE_OUTCOMES)[number];

export interface LineReason {
  code: LineOutcome;
  /** The discount the card's list resolved to (applied, credited as bonus or pending card payment). */
  discountId: string | null;
  /** Discounts ahead of it in the card's order that were passed over, with why. */
  skipped: SkippedDiscount[];
  /** The same in words, for the till's display. */
  text: string;
}

export interface EvaluatedLine {
  index: number;
  sku: string;
  group: string | null;
  qty: number;
  unitPrice: number;
  gross: number;
  /** Deducted from the line: percent discount (rounded once) plus stamp-free units. */
  discount: number;
  net: number;
  applied: AppliedDiscount | null;
  /** Bonus card: the discount amount credited as bonus instead of deducted. */
  bonus: number;
  /** Units of this line made free by stamp rewards. */
  stampFree: number;
  reason: LineReason;
}

export interface StampOutcome {
  programId: string;
  name: string;
  threshold: number;
  /** Stamps on the card before this receipt. */
  before: number;
  /** Stamps added: qualifying units that were not free. */
  earned: number;
  /** Free units given. */
  rewards: number;
  /** Stamps used up by the rewards: rewards × (threshold − 1). */
  consumed: number;
  /** before + earned − consumed. Ledger: +earned, −consumed. */
  after: number;
  /** Which lines got the free units. */
  free: { index: number; units: number }[];
}

/** Error codes a card payment can fail with (AppError codes). */
export type CardPaymentProblem = Extract<ErrorCode, 'insufficient_balance' | 'credit_limit_exceeded' | 'daily_limit_exceeded' | 'card_type_mismatch'>;

export interface PaymentOutcome {
  /** Stored value the card can spend: credit = min(money + card limit, customer balance + limit);
   * bonus = bonus balance; discount_payment = customer-wide room or null (invoice); else null. */
  moneyAvailable: number | null;
  /** discount_payment with a daily limit: what is left of it today (store-local day); else null. */
  dailyRemaining: number | null;
  /** The most a card payment may be now; null = no limit; 0 for card types that cannot pay. */
  cardPayable: number | null;
  /** The error a card payment above `cardPayable` gets. */
  overLimitCode: CardPaymentProblem | null;
  /** Bonus card: the bonus balance covers the whole receipt. */
  bonusCoversTotal: boolean;
  /** Bonus debited when paying with the bonus card (the whole gross, or part if config allows). */
  bonusUsed: number;
  /** What other tenders (or the card) still have to pay: totals.net − partial bonus. */
  due: number;
  /** Service card: visits left. */
  visitsAvailable: number | null;
  /** With payWithCard: why paying `due` with the card fails, or null. */
  problem: CardPaymentProblem | null;
}

export interface EvalResult {
  lines: EvaluatedLine[];
  totals: { gross: number; discount: number; net: number };
  bonusEarned: number;
  stamps: StampOutcome[];
  card: { number: string; type: CardType; status: CardStatus; message: string | null; validNow: boolean } | null;
  payment: PaymentOutcome;
  /** CUST-8: turnover to record for the customer (net before any bonus payment); null without card or customer. */
  turnover: number | null;
}
