import { INVOICE_DELIVERY, type Card, type Customer } from './types.js';

/**
 * SYNC-7: the customer and card fields that travel between stores and central and merge one by
 * one, with a check of each value's shape (a pulled value of the wrong shape is ignored, never
 * written into a column it does not fit).
 */
type Check = (v: unknown) => boolean;

const text: Check = (v) => v === null || typeof v === 'string';
const flag: Check = (v) => typeof v === 'boolean';
const count: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const countOrNull: Check = (v) => v === null || count(v);
const object: Check = (v) => v === null || (typeof v === 'object' && !Array.isArray(v));
const list: Check = (v) => Array.isArray(v);
const listOrNull: Check = (v) => v === null || Array.isArray(v);
const oneOf =
  (...xs: string[]): Check =>
  (v) =>
    typeof v === 'string' && xs.includes(v);

const CUSTOMER_TEXT = [
  'firstName',
  'lastName',
  'companyName',
  'phone',
  'email',
  'birthDate',
  'gender',
  'personalCode',
  'address',
  'city',
  'district',
  'postcode',
  'country',
  'language',
  'citizenship',
  'customerType',
  'info1',
  'info2',
  'info3',
  'photo',
  'billingCustomerId',
  'fax',
] as const;

export const CUSTOMER_FIELD_CHECKS: Readonly<Record<string, Check>> = {
  kind: oneOf('person', 'company'),
  ...Object.fromEntries(CUSTOMER_TEXT.map((f) => [f, text])),
  marketingAllowed: flag,
  invoiceDelivery: (v) => v === null || oneOf(...INVOICE_DELIVERY)(v),
  emailReceipts: flag,
  autoTierOptOut: flag,
  creditLimit: count,
  tierLevel: countOrNull,
};

export const CARD_FIELD_CHECKS: Readonly<Record<string, Check>> = {
  customerId: (v) => typeof v === 'string' && v.length > 0,
  type: oneOf('discount', 'discount_payment', 'bonus', 'credit', 'stamp', 'service'),
  status: oneOf('active', 'blocked', 'ordered'),
  luhn: flag,
  validity: object,
  discounts: list,
  birthdayWindow: object,
  message: text,
  dailyLimit: countOrNull,
  creditLimit: count,
  stampPrograms: listOrNull,
  templateId: text,
};

/** Keys that are the record's identity or bookkeeping, never a merged field. */
const NOT_FIELDS = new Set(['id', 'number', 'createdAt', 'updatedAt']);

/**
 * The mergeable fields of a customer (everything but id and timestamps). The web password hash
 * (CUST-12) is not a field of Customer: it lives in its own column and never travels.
 */
export function customerFieldsOf(c: Customer): Record<string, unknown> {
  return Object.fromEntries(Object.entries(c).filter(([k]) => !NOT_FIELDS.has(k)));
}

/** The mergeable fields of a card (everything but number and timestamps). */
export function cardFieldsOf(c: Card): Record<string, unknown> {
  return Object.fromEntries(Object.entries(c).filter(([k]) => !NOT_FIELDS.has(k)));
}

/** Fields whose value differs between two versions of a record, with the new values. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) if (JSON.stringify(before[k]) !== JSON.stringify(v)) out[k] = v;
  return out;
}
