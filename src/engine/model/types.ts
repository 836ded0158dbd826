/**
 * Domain types shared by the pure rules (evaluation, tiers, vouchers), the store and the API.
 * Money: integer minor units. Percent: basis points. Dates: "YYYY-MM-DD" store-local.
 * Times of day: "HH:MM" store-local.
 */

export const CARD_TYPES = ['discount', 'discount_payment', 'bonus', 'credit', 'stamp', 'service'] as const;
export type CardType = (typeof CARD_TYPES)[number];

export const CARD_STATUSES = ['active', 'blocked', 'ordered'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

/** Optional date range, weekdays (1 = Monday … 7 = Sunday) and daily time window (CARD-4). */
export interface Validity {
  from?: string;
  to?: string;
  weekdays?: number[];
  timeFrom?: string;
  timeTo?: string;
}

/** Which products a discount or stamp program covers. */
export type Covers = { all: true } | { skus?: string[]; groups?: string[] };

export interface Discount {
  id: string;
  name: string;
  /** Basis points: 500 = 5 %. */
  percent: number;
  covers: Covers;
  validity?: Validity;
}

/** One entry of a card's ordered discount list (CARD-5, CARD-6). */
export interface CardDiscountRef {
  discountId: string;
  birthday?: boolean;
}

export interface BirthdayWindow {
  daysBefore: number;
  daysAfter: number;
}

export interface Card {
  number: string;
  customerId: string;
  type: CardType;
  status: CardStatus;
  luhn: boolean;
  validity: Validity | null;
  discounts: CardDiscountRef[];
  birthdayWindow: BirthdayWindow | null;
  message: string | null;
  /** discount_payment and credit: the most the card may pay per store-local day; null = no limit (CARD-13). */
  dailyLimit: number | null;
  /** credit: how far below zero the card's money may go; 0 = prepaid only. */
  creditLimit: number;
  /** stamp cards: programs this card collects; null = every program. */
  stampPrograms: string[] | null;
  templateId: string | null;
  createdAt: string;
  updatedAt: string;
}

export const CUSTOMER_KINDS = ['person', 'company'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];

export const INVOICE_DELIVERY = ['email', 'post', 'pickup', 'e-invoice'] as const;
export type InvoiceDelivery = (typeof INVOICE_DELIVERY)[number];

export interface Customer {
  id: string;
  kind: CustomerKind;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  phone: string | null;
  email: string | null;
  birthDate: string | null;
  gender: string | null;
  personalCode: string | null;
  address: string | null;
  city: string | null;
  district: string | null;
  postcode: string | null;
  country: string | null;
  language: string | null;
  citizenship: string | null;
  customerType: string | null;
  info1: string | null;
  info2: string | null;
  info3: string | null;
  photo: string | null;
  /** CUST-12 (seed 003): fax number. */
  fax: string | null;
  /** CUST-12 (seed 003 "arve saatmise viis"): how the consolidated invoice is sent. */
  invoiceDelivery: InvoiceDelivery | null;
  marketingAllowed: boolean;
  emailReceipts: boolean;
  autoTierOptOut: boolean;
  /** CUST-4: how far below zero the customer account may go; 0 = deposit customer. */
  creditLimit: number;
  /** CUST-7: who receives the consolidated invoice for this holder's card payments. */
  billingCustomerId: string | null;
  /** CARD-10: index into the tier levels, or null when below the first level. */
  tierLevel: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface StampProgram {
  id: string;
  name: string;
  covers: Covers;
  /** Every `threshold`-th qualifying unit is free. */
  threshold: number;
}

export interface Privilege {
  id: string;
  name: string;
  pointsCost?: number;
  voucher: { value?: number; percent?: number; validDays: number; rangeId?: string };
}

export interface RedemptionRule {
  id: string;
  privilegeId: string;
  pointsAtLeast: number;
}

export interface CardTemplate {
  id: string;
  name: string;
  validityRequired?: boolean;
}

export interface TierLevel {
  turnover: number;
  discountId: string;
}

export interface TierConfig {
  mode: 'online' | 'batch';
  windowMonths?: number;
  levels: TierLevel[];
}

/** Stored-value balances of one card, derived from the ledger. */
export interface CardBalances {
  money: number;
  bonus: number;
  visits: number;
  /** programId → stamps collected. */
  stamps: Record<string, number>;
}

/** One stamp program's count on a card, with the program's threshold (null: program deleted). */
export interface StampBalance {
  programId: string;
  count: number;
  threshold: number | null;
}

/** Card balances as every API response shows them: stamps as a list (API.md card lookup). */
export interface CardBalancesView {
  money: number;
  bonus: number;
  visits: number;
  stamps: StampBalance[];
}

/** Assets that the ledger moves. `account` and `turnover` belong to a customer, the rest to a card. */
export const LEDGER_ASSETS = ['money', 'bonus', 'visits', 'stamps', 'account', 'turnover'] as const;
export type LedgerAsset = (typeof LEDGER_ASSETS)[number];
