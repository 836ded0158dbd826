import { z } from '@hono/zod-openapi';
import { id, minor, optText, ymd } from './common.js';

const fields = {
  firstName: optText(100),
  lastName: optText(100),
  companyName: optText(200),
  phone: z.string().trim().regex(/^\+?[0-9 ()-]{3,32}$/, 'digits, spaces, + ( ) - only (3-32)').nullable().optional(),
  email: z.email().max(254).nullable().optional(),
  birthDate: ymd.nullable().optional(),
  gender: z.enum(['male', 'female', 'other']).nullable().optional(),
  personalCode: optText(32),
  address: optText(200),
  city: optText(100),
  district: optText(100),
  postcode: optText(20),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166 alpha-2').nullable().optional(),
  language: z.string().regex(/^[a-z]{2,3}$/, 'ISO 639 code').nullable().optional(),
  citizenship: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166 alpha-2').nullable().optional(),
  customerType: optText(50),
  info1: optText(500),
  info2: optText(500),
  info3: optText(500),
  photo: z.string().max(200_000).nullable().optional().openapi({ description: 'Data URL or reference' }),
  marketingAllowed: z.boolean().optional(),
  emailReceipts: z.boolean().optional(),
  autoTierOptOut: z.boolean().optional(),
  creditLimit: minor.optional(),
  billingCustomerId: id.nullable().optional(),
};

export const customerCreate = z.strictObject({ kind: z.enum(['person', 'company']), ...fields }).openapi('CustomerCreate');
export const customerPatch = z.strictObject({ kind: z.enum(['person', 'company']).optional(), ...fields }).openapi('CustomerPatch');

export const customerSearchQuery = z.object({
  q: z.string().max(100).openapi({ description: 'Substring of name, e-mail or phone (till ≥ 4 chars, admin ≥ 1)' }),
  limit: z.coerce.number().int().min(1).max(500).default(20),
});

export const transactionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce.number().int().min(1).optional().openapi({ description: 'Cursor: entries older than this id' }),
});

export const customerIdParam = z.object({ id: id });
