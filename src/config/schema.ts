import { z } from 'zod';
import { deviceSchema } from './devices-schema.js';
import { cardOrdersSchema, checkCardOrders } from './card-orders-schema.js';
import { CARD_TYPES } from '../engine/model/types.js';
import { isValidTimeZone } from '../common/clock.js';

/** The config file, validated in one place (GW-4). The JSON Schema for editors is generated from this. */

export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

function realDate(s: string): boolean {
  const d = new Date(s + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
export const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').refine(realDate, 'not a real date');

export const validitySchema = z
  .strictObject({
    from: ymd.optional(),
    to: ymd.optional(),
    weekdays: z.array(z.number().int().min(1).max(7)).max(7).optional(),
    timeFrom: hhmm.optional(),
    timeTo: hhmm.optional(),
  })
  .describe('Optional date range (inclusive), ISO weekdays 1=Mon..7=Sun and daily time window');

const storeSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, - and _ only (1-32)').describe('Store id, unique in the chain'),
  name: z.string().min(1).max(120),
  timeZone: z
    .string()
    .refine(isValidTimeZone, 'unknown IANA time zone')
    .describe('IANA time zone for store-local rules, e.g. Europe/Tallinn'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code such as EUR'),
});

const tokenSchema = z.strictObject({
  name: z.string().min(1).max(64).describe('Who holds the token, for logs'),
  token: z.string().min(16, 'at least 16 characters').max(256),
  scope: z.enum(['till', 'admin']),
});

const apiSchema = z.strictObject({
  listen: z.string().min(1).default('127.0.0.1').describe('Address to bind; 127.0.0.1 unless tills on the LAN call in'),
  port: z.number().int().min(1).max(65535).default(8700),
  requireTokenOnLoopback: z.boolean().default(false).describe('Ask for a token even from 127.0.0.1'),
  tokens: z.array(tokenSchema).default([]),
  maxBodyBytes: z.number().int().min(1024).max(16 * 1024 * 1024).default(1024 * 1024),
});

const cardSchemeSchema = z.strictObject({
  id: z.string().min(1).max(32),
  prefix: z.string().regex(/^\d{0,12}$/, 'digits only, at most 12'),
  length: z.number().int().min(4).max(24),
  luhn: z.boolean().default(true).describe('Last digit is a Luhn check digit'),
});

const cardDefaultsSchema = z.strictObject({
  scheme: z.string().min(1).describe('Card scheme used to generate numbers at the till'),
  type: z.enum(CARD_TYPES).default('discount'),
  discounts: z
    .array(z.strictObject({ discountId: z.string().min(1), birthday: z.boolean().optional() }))
    .default([]),
  validity: validitySchema.optional(),
  birthdayWindow: z.strictObject({ daysBefore: z.number().int().min(0).max(366), daysAfter: z.number().int().min(0).max(366) }).optional(),
  dailyLimit: z.number().int().min(0).optional(),
  creditLimit: z.number().int().min(0).default(0),
  message: z.string().max(500).optional(),
});

const centralSchema = z.strictObject({
  url: z.url().describe('Base URL of the chain central service'),
  token: z.string().min(16),
  pushIntervalS: z.number().int().min(1).max(3600).default(5),
  pullIntervalS: z.number().int().min(1).max(86400).default(60),
});

export const configSchema = z
  .strictObject({
    store: storeSchema,
    api: apiSchema.prefault({}),
    database: z.strictObject({ path: z.string().min(1).describe('libSQL file; relative paths are relative to the config file') }),
    cardSchemes: z.array(cardSchemeSchema).min(1),
    cardDefaults: cardDefaultsSchema,
    search: z
      .strictObject({ tillMinLength: z.number().int().min(1).max(20).default(4), maxResults: z.number().int().min(1).max(500).default(50) })
      .prefault({}),
    loyalty: z
      .strictObject({ partialBonusPayment: z.boolean().default(false).describe('Allow paying part of a receipt with bonus') })
      .prefault({}),
    devices: z.array(deviceSchema).default([]),
    central: centralSchema.optional(),
    cardOrders: cardOrdersSchema.optional(),
    logging: z.strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info') }).prefault({}),
  })
  .superRefine((cfg, ctx) => {
    const ids = new Set<string>();
    cfg.cardSchemes.forEach((s, i) => {
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['cardSchemes', i, 'id'], message: `duplicate scheme id "${s.id}"` });
      ids.add(s.id);
      if (s.prefix.length >= s.length) ctx.addIssue({ code: 'custom', path: ['cardSchemes', i, 'prefix'], message: 'prefix must be shorter than length' });
    });
    if (!ids.has(cfg.cardDefaults.scheme)) {
      ctx.addIssue({ code: 'custom', path: ['cardDefaults', 'scheme'], message: `no card scheme with id "${cfg.cardDefaults.scheme}"` });
    }
    checkCardOrders(cfg, ctx);
    const deviceIds = new Set<string>();
    cfg.devices.forEach((d, i) => {
      if (deviceIds.has(d.id)) ctx.addIssue({ code: 'custom', path: ['devices', i, 'id'], message: `duplicate device id "${d.id}"` });
      deviceIds.add(d.id);
    });
    const loopback = ['127.0.0.1', 'localhost', '::1'].includes(cfg.api.listen);
    if (!loopback && cfg.api.tokens.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['api', 'tokens'], message: 'listening beyond loopback needs at least one token (GW-5)' });
    }
  });

export type Config = z.infer<typeof configSchema>;
export type CardScheme = Config['cardSchemes'][number];
export type CardDefaults = Config['cardDefaults'];
