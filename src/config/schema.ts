import cron from 'node-cron';
import { z } from 'zod';
import { deviceSchema } from './devices-schema.js';
import { cardOrdersSchema, checkCardOrders } from './card-orders-schema.js';
import { CARD_TYPES } from '../engine/model/types.js';
import { isValidTimeZone } from '../common/clock.js';
import { isIsoDate } from '../common/calendar.js';

/** The config file, validated in one place (GW-4). The JSON Schema for editors is generated from this. */

export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

export const ymd = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine(isIsoDate, 'not a real date');

export const validitySchema = z
  .strictObject({
    from: ymd.optional().describe('First valid date, YYYY-MM-DD (inclusive)'),
    to: ymd.optional().describe('Last valid date, YYYY-MM-DD (inclusive)'),
    weekdays: z.array(z.number().int().min(1).max(7)).max(7).optional().describe('ISO weekdays the card is valid on: 1 = Monday … 7 = Sunday'),
    timeFrom: hhmm.optional().describe('Start of the daily time window, HH:MM store-local'),
    timeTo: hhmm.optional().describe('End of the daily time window, HH:MM store-local'),
  })
  .describe('Optional date range (inclusive), ISO weekdays 1=Mon..7=Sun and daily time window');

const storeSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, - and _ only (1-32)')
      .describe('Store id, unique in the chain'),
    name: z.string().min(1).max(120).describe('Store name, shown in logs and on the technician pages'),
    timeZone: z.string().refine(isValidTimeZone, 'unknown IANA time zone').describe('IANA time zone for store-local rules, e.g. Europe/Tallinn'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'ISO 4217 code such as EUR')
      .describe('ISO 4217 currency; amounts are in its minor unit (cents)'),
  })
  .describe('Who this store is');

const tokenSchema = z.strictObject({
  name: z.string().min(1).max(64).describe('Who holds the token, for logs'),
  token: z.string().min(16, 'at least 16 characters').max(256).describe('The secret a client sends as Authorization: Bearer <token>; at least 16 characters'),
  scope: z.enum(['till', 'admin']).describe('till: the till routes; admin: also /v1/admin/*'),
});

/** "http://host[:port]" exactly as a browser sends it in Origin (lower case, no default port, no path). */
function isOrigin(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === s;
  } catch {
    return false;
  }
}

const hostName = z
  .string()
  .max(253)
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*|[A-Za-z0-9_.-]+)$/, 'a host name or IP address, without port');

const apiSchema = z.strictObject({
  listen: z.string().min(1).default('127.0.0.1').describe('Address to bind; 127.0.0.1 unless tills on the LAN call in'),
  port: z.number().int().min(1).max(65535).default(8700).describe('TCP port the API listens on'),
  requireTokenOnLoopback: z.boolean().default(false).describe('Ask for a token even from 127.0.0.1'),
  tokens: z.array(tokenSchema).default([]).describe('Bearer tokens; required as soon as api.listen is not loopback (GW-5)'),
  maxBodyBytes: z
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(1024 * 1024)
    .describe('Largest request body in bytes; larger is 413 payload_too_large'),
  allowedHosts: z
    .array(hostName)
    .max(64)
    .default([])
    .describe(
      "Host header names the API answers to besides localhost, 127.0.0.1, [::1] and api.listen (with 0.0.0.0 or ::, the box's own addresses), " +
        "e.g. the box's LAN name; any other Host gets 421 host_not_allowed (guards against DNS rebinding)",
    ),
  allowedOrigins: z
    .array(z.string().max(300).refine(isOrigin, 'an origin such as https://office.example:8443 (lower case; scheme, host and port only)'))
    .max(64)
    .default([])
    .describe(
      'Web origins allowed to call the API from a browser; they get CORS headers. A request with any other Origin header ' +
        "(except the daemon's own) gets 403 origin_not_allowed",
    ),
});

const cardSchemeSchema = z.strictObject({
  id: z.string().min(1).max(32).describe('Scheme id, referred to by cardDefaults.scheme and cardOrders.scheme'),
  prefix: z
    .string()
    .regex(/^\d{0,12}$/, 'digits only, at most 12')
    .describe('Digits every number of this scheme starts with'),
  length: z.number().int().min(4).max(24).describe('Total number of digits, check digit included'),
  luhn: z.boolean().default(true).describe('Last digit is a Luhn check digit'),
});

const cardDefaultsSchema = z
  .strictObject({
    scheme: z.string().min(1).describe('Card scheme used to generate numbers at the till'),
    type: z.enum(CARD_TYPES).default('discount').describe('Usage type of a new card (CARD-3)'),
    discounts: z
      .array(
        z.strictObject({
          discountId: z.string().min(1).describe('A discount id from the master data'),
          birthday: z.boolean().optional().describe('Applies only in the birthday window (CARD-6)'),
        }),
      )
      .default([])
      .describe('Ordered discount list of a new card; the first applicable one wins (CARD-5)'),
    validity: validitySchema.optional(),
    birthdayWindow: z
      .strictObject({
        daysBefore: z.number().int().min(0).max(366).describe('Days before the birthday the birthday discount starts'),
        daysAfter: z.number().int().min(0).max(366).describe('Days after the birthday it still applies'),
      })
      .optional()
      .describe('Birthday window for birthday discounts (CARD-6)'),
    dailyLimit: z.number().int().min(0).optional().describe('Daily spending limit of payment cards, minor units (CARD-3)'),
    creditLimit: z.number().int().min(0).default(0).describe('Card credit limit, minor units; 0 = prepaid only (CARD-3)'),
    message: z.string().max(500).optional().describe('Message returned to the till whenever the card is used (CARD-7)'),
  })
  .describe('Defaults for cards created at the till (CARD-8)');

const centralSchema = z
  .strictObject({
    url: z.url().describe('Base URL of the chain central service'),
    token: z.string().min(16).describe("This store's token, as central showed it once when the store was created"),
    pushIntervalS: z
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(5)
      .describe(
        'Longest pause between push attempts while central fails (capped exponential backoff with jitter); new events are pushed within ~0.2 s while it answers',
      ),
    pullIntervalS: z
      .number()
      .int()
      .min(1)
      .max(86400)
      .default(60)
      .describe('Long-poll wait per pull, capped at 25 s (central answers at once when something changed)'),
    timeoutS: z.number().int().min(1).max(300).default(30).describe('Longest one HTTP call to central may take (a long-poll adds its wait)'),
  })
  .describe('The chain central service (GW-6); leave out for a standalone store');

/** SYNC-5: what a store may spend of stored value while central does not answer. */
const offlineSchema = z
  .strictObject({
    afterS: z
      .number()
      .int()
      .min(1)
      .max(86400)
      .default(120)
      .describe('Seconds without an answer from central after which the store counts as offline and the caps below apply'),
    cardSpendCap: z
      .strictObject({
        money: z.number().int().min(0).default(5000).describe('Minor units of money (credit card balance or customer account) one card may spend per outage'),
        bonus: z.number().int().min(0).default(5000).describe('Bonus one card may spend per outage'),
        visits: z.number().int().min(0).default(5).describe('Visits one service card may use per outage'),
      })
      .prefault({})
      .describe('Per card and per outage; beyond it a spend is 409 offline_limit_exceeded naming the cap'),
    storeBudget: z.number().int().min(0).default(100_000).describe('Minor units of stored value (money, account, bonus) the whole store may spend per outage'),
    vouchers: z
      .enum(['allow', 'deny'])
      .default('allow')
      .describe('Whether vouchers may be redeemed while offline (a double redemption becomes an exception at central)'),
  })
  .prefault({})
  .describe('Offline spending caps, used only when `central` is configured (SYNC-5); earning and top-ups are always accepted');

export const configSchema = z
  .strictObject({
    store: storeSchema,
    api: apiSchema.prefault({}).describe('The HTTP API tills call (GW-5)'),
    database: z
      .strictObject({
        path: z.string().min(1).describe('libSQL file; relative paths are relative to the config file'),
        cachedRows: z
          .number()
          .int()
          .min(0)
          .max(1_000_000)
          .default(10_000)
          .describe('Cards, and customers, each kept in memory for basket evaluation (least recently used leave first; every write of one drops it); 0 = none'),
      })
      .describe('The store database'),
    cardSchemes: z.array(cardSchemeSchema).min(1).describe('Card number formats (CARD-1, CARD-2); at least one'),
    cardDefaults: cardDefaultsSchema,
    search: z
      .strictObject({
        tillMinLength: z.number().int().min(1).max(20).default(4).describe('Characters a till must type to search customers (CUST-5); admins need 1'),
        maxResults: z.number().int().min(1).max(500).default(50).describe('Most results one search returns'),
      })
      .prefault({})
      .describe('Customer search (CUST-5)'),
    loyalty: z
      .strictObject({
        partialBonusPayment: z.boolean().default(false).describe('Allow paying part of a receipt with bonus'),
        maxBackdateHours: z
          .number()
          .int()
          .min(0)
          .max(24 * 31)
          .default(72)
          .describe(
            'How many hours into the past a till may date a receipt or basket (`at`) or an admin a balance reset (`asOf`); more is 422 timestamp_out_of_range. Times more than 5 minutes ahead of the store clock are always refused.',
          ),
      })
      .prefault({})
      .describe('Loyalty rules that are store policy rather than master data'),
    devices: z.array(deviceSchema).default([]).describe('Printers, magstripe and smart-card readers (docs/devices.md)'),
    central: centralSchema.optional(),
    offline: offlineSchema,
    sync: z
      .strictObject({
        keepAckedDays: z
          .number()
          .int()
          .min(1)
          .max(3650)
          .default(14)
          .describe('Days an outbox event is kept after central acknowledged it; a nightly job prunes older ones'),
      })
      .prefault({})
      .describe('Store-side replication housekeeping'),
    cardOrders: cardOrdersSchema.optional(),
    backup: z
      .strictObject({
        dir: z
          .string()
          .min(1)
          .describe('Folder the nightly backups go to; relative paths are relative to the config file. Best on another disk than the database'),
        keep: z
          .number()
          .int()
          .min(1)
          .max(365)
          .default(7)
          .describe('How many nightly backups to keep; older ones are deleted only after a new one was verified'),
        schedule: z
          .string()
          .min(1)
          .refine((s) => cron.validate(s), 'not a cron expression (minute hour day month weekday)')
          .default('15 1 * * *')
          .describe('node-cron expression, store-local time (store.timeZone), of the nightly backup'),
      })
      .optional()
      .describe('Nightly online backups of the store database (GW-7); leave out for none. `tillgate backup FILE` works either way'),
    logging: z
      .strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info').describe('pino log level') })
      .prefault({})
      .describe('Logs (JSON on stdout, for journald)'),
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
