import { z } from '@hono/zod-openapi';
import { toAlpha2 } from '../../common/country.js';
import { INVOICE_DELIVERY } from '../../engine/model/types.js';
import { cursorParam } from '../page.js';
import { id, minor, optText, text, ymd } from './common.js';

const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{3,32}$/, 'digits, spaces, + ( ) - only (3-32)');

/**
 * CUST-12: ISO 3166 alpha-2, or the alpha-3 / ICAO code an ID card gives ("EST" → "EE",
 * CUST-9), stored as alpha-2.
 */
const countryCode = z
  .string()
  .regex(/^[A-Za-z]{1,3}$/, 'a country code: EE or EST')
  .transform((v, ctx) => {
    const a2 = toAlpha2(v);
    if (a2 === null) ctx.addIssue({ code: 'custom', message: 'not an ISO 3166 country code (EE or EST)' });
    return a2 ?? v;
  })
  .openapi({ type: 'string', description: 'ISO 3166 alpha-2 (EE) or alpha-3 as on an ID card (EST); stored as alpha-2' });

const fields = {
  firstName: optText(100),
  lastName: optText(100),
  companyName: optText(200),
  phone: phone.nullable().optional(),
  email: z.email().max(254).nullable().optional(),
  birthDate: ymd.nullable().optional(),
  gender: z.enum(['male', 'female', 'other']).nullable().optional(),
  personalCode: optText(32),
  address: optText(200),
  city: optText(100),
  district: optText(100),
  postcode: optText(20),
  country: countryCode.nullable().optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}$/, 'ISO 639 code')
    .nullable()
    .optional(),
  citizenship: countryCode.nullable().optional(),
  customerType: optText(50),
  info1: optText(500),
  info2: optText(500),
  info3: optText(500),
  photo: z.string().max(200_000).nullable().optional().openapi({ description: 'Data URL or reference' }),
  fax: phone.nullable().optional(),
  invoiceDelivery: z.enum(INVOICE_DELIVERY).nullable().optional().openapi({ description: 'How the consolidated invoice is sent (CUST-12)' }),
  webPassword: z
    .string()
    .min(8)
    .max(200)
    .nullable()
    .optional()
    .openapi({ description: 'Web-booking password; stored as a hash, never returned; null clears it (CUST-12)', writeOnly: true }),
  marketingAllowed: z.boolean().optional(),
  emailReceipts: z.boolean().optional(),
  autoTierOptOut: z.boolean().optional(),
  creditLimit: minor.optional(),
  billingCustomerId: id.nullable().optional(),
};

const signedMinor = z.number().int().min(-1_000_000_000_00).max(1_000_000_000_00);

export const customerCreate = z
  .strictObject({
    kind: z.enum(['person', 'company']),
    ...fields,
    openingBalance: signedMinor
      .optional()
      .openapi({ description: 'CUST-10: opening account balance (credit customers negative); needs Idempotency-Key when not 0' }),
  })
  .openapi('CustomerCreate');

/** CUST-10: POST /v1/customers/{id}/deposits — fund a deposit account or pay an invoice. */
export const depositBody = z.strictObject({ amount: z.number().int().min(1).max(100_000_000), note: optText(200) }).openapi('Deposit');
export const customerPatch = z.strictObject({ kind: z.enum(['person', 'company']).optional(), ...fields }).openapi('CustomerPatch');

export const customerSearchQuery = z.object({
  // No control characters (NUL, newline, DEL, C1 …): nobody types them, and NUL broke the FTS query (500).
  q: z
    .string()
    .max(100)
    .regex(/^\P{Cc}*$/u, 'no control characters')
    .openapi({ description: 'Substring of name, e-mail or phone (till ≥ 4 chars, admin ≥ 1)' }),
  limit: z.coerce.number().int().min(1).max(500).default(20),
});

export const transactionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce.number().int().min(1).optional().openapi({ description: 'Cursor: entries older than this id' }),
  cursor: cursorParam,
});

export const customerIdParam = z.object({ id: id });

/** PUT /v1/admin/customer-types (CUST-12): the whole customer-type list. */
export const customerTypesBody = z.strictObject({ items: z.array(z.strictObject({ code: text(50), name: text(100) })).max(500) }).openapi('CustomerTypes');
