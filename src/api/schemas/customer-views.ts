import { z } from '@hono/zod-openapi';
import { CUSTOMER_KINDS, INVOICE_DELIVERY } from '../../engine/model/types.js';
import { cardBalances, cardStatus, cardType } from './card-views.js';
import { nextCursor } from './common.js';

const str = z.string().nullable();

/** A customer as stored (CUST-1..4, 7). */
export const customer = z
  .object({
    id: z.string(),
    kind: z.enum(CUSTOMER_KINDS),
    firstName: str,
    lastName: str,
    companyName: str,
    phone: str,
    email: str,
    birthDate: str,
    gender: str,
    personalCode: str,
    address: str,
    city: str,
    district: str,
    postcode: str,
    country: str,
    language: str,
    citizenship: str,
    customerType: str,
    info1: str,
    info2: str,
    info3: str,
    photo: str,
    fax: str,
    invoiceDelivery: z.enum(INVOICE_DELIVERY).nullable().openapi({ description: 'How the consolidated invoice is sent (CUST-12)' }),
    marketingAllowed: z.boolean(),
    emailReceipts: z.boolean(),
    autoTierOptOut: z.boolean(),
    creditLimit: z.number().int(),
    billingCustomerId: str,
    tierLevel: z.number().int().nullable().openapi({ description: 'Index into the tier levels; null below the first' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Customer');

/** A search hit (CUST-5): the customer without the photo (a list never embeds photos), and whether it has one. */
export const customerSummary = customer.omit({ photo: true }).extend({ hasPhoto: z.boolean() }).openapi('CustomerSummary');

export const customerList = z.object({ items: z.array(customerSummary) }).openapi('CustomerList');

/** GET /v1/customers/{id} (CUST-6). */
export const customerDetail = customer
  .extend({
    hasWebPassword: z.boolean().openapi({ description: 'A web-booking password is set (the password and its hash are never returned; CUST-12)' }),
    tier: z.number().int().nullable(),
    account: z.object({ balance: z.number().int(), creditLimit: z.number().int() }),
    turnover: z.number().int(),
    cards: z.array(z.object({ number: z.string(), type: cardType, status: cardStatus, message: z.string().nullable(), balances: cardBalances })),
  })
  .openapi('CustomerDetail');

/** GET /v1/customers/{id}/transactions: ledger entries, newest first. */
export const transactionPage = z
  .object({
    items: z.array(
      z.object({
        id: z.number().int(),
        eventId: z.string(),
        at: z.string(),
        kind: z.string(),
        asset: z.string().openapi({ description: 'money, bonus, visits, stamps, account or turnover' }),
        cardNumber: str,
        programId: z.string(),
        delta: z.number().int(),
        docType: str,
        docId: str,
      }),
    ),
    next: z.number().int().nullable().openapi({ description: 'Pass as `before` for the next page; null at the end' }),
    nextCursor,
  })
  .openapi('TransactionPage');

/** POST /v1/customers/{id}/deposits (CUST-10): the booked deposit and the account afterwards. */
export const depositResult = z
  .object({
    depositId: z.string(),
    customerId: z.string(),
    amount: z.number().int(),
    note: str,
    at: z.string(),
    account: z.object({ balance: z.number().int(), creditLimit: z.number().int() }),
  })
  .openapi('DepositResult');

const customerType = z.object({ code: z.string(), name: z.string() }).openapi('CustomerType');
/** GET /v1/admin/customer-types (CUST-12): one page of the list, by code. */
export const customerTypeList = z.object({ items: z.array(customerType), nextCursor }).openapi('CustomerTypeList');
/** PUT /v1/admin/customer-types: the whole list as stored, with its version. */
export const customerTypesRecord = z.object({ items: z.array(customerType), version: z.number().int() }).openapi('CustomerTypesRecord');
