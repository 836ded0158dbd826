import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, parseYamlWith } from '../config/load.js';

/** `tillgate central --config FILE` (API.md "Central and sync"); validated in one place like the store's. */
const adminToken = z.strictObject({
  name: z.string().min(1).max(64).describe('Who holds the token, for logs'),
  token: z.string().min(16, 'at least 16 characters').max(256),
});

const cardScheme = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/),
  prefix: z.string().regex(/^\d{0,12}$/, 'digits only, at most 12'),
  length: z.number().int().min(4).max(24),
  luhn: z.boolean().default(true),
});

const voucherRange = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/)
    .describe('The range id the stores use'),
  from: z.number().int().min(0).describe('First serial index'),
  to: z.number().int().min(0).describe('Last serial index'),
});

const validTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** E-mail receipts (issue 12 item 7): where central sends them; without it mail waits in the queue. */
const smtp = z
  .strictObject({
    host: z.string().min(1).max(255).describe('SMTP server host name or address'),
    port: z.number().int().min(1).max(65535).describe('SMTP port: 587 (STARTTLS), 465 (implicit TLS, set secure) or 25'),
    secure: z.boolean().default(false).describe('TLS from the first byte (port 465); otherwise STARTTLS is used when the server offers it'),
    user: z.string().min(1).max(255).optional().describe('SMTP AUTH user name (with password)'),
    password: z.string().min(1).max(255).optional().describe('SMTP AUTH password'),
    from: z.string().min(3).max(320).describe('The From header, e.g. "Tillgate Stores <receipts@example.com>"'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'ISO 4217 code such as EUR')
      .optional()
      .describe('Currency the receipt amounts (minor units) are shown in; without it amounts are shown as plain numbers'),
    timeZone: z
      .string()
      .max(64)
      .refine(validTimeZone, 'an IANA time zone such as Europe/Berlin')
      .default('UTC')
      .describe('Time zone of the receipt date in the mail'),
    maxAttempts: z.number().int().min(1).max(100).default(10).describe("Attempts before a mail is given up ('failed', listed by GET /v1/admin/mail)"),
    retryMinMs: z.number().int().min(1).max(86_400_000).default(30_000).describe('Wait before the first retry; doubles per attempt'),
    retryMaxMs: z.number().int().min(1).max(86_400_000).default(3_600_000).describe('Longest wait between retries'),
    pollMs: z.number().int().min(10).max(600_000).default(10_000).describe('Longest idle wait of the sender; a new mail wakes it at once (LISTEN/NOTIFY)'),
  })
  .refine((s) => (s.user === undefined) === (s.password === undefined), { path: ['password'], message: 'user and password go together' });

export const centralConfigSchema = z
  .strictObject({
    listen: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8800),
    database: z.union([
      z.strictObject({
        url: z
          .string()
          .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
          .describe('PostgreSQL connection URL'),
      }),
      z.strictObject({ path: z.string().min(1).describe('PGlite data directory (embedded PostgreSQL, for trying central out)') }),
    ]),
    adminTokens: z.array(adminToken).min(1, 'at least one admin token'),
    numbering: z
      .strictObject({
        blockSize: z.number().int().min(1).max(1_000_000).default(1000).describe('Serials per block handed to a store (SYNC-6)'),
        cardSchemes: z.array(cardScheme).default([]),
        voucherRanges: z.array(voucherRange).default([]),
      })
      .prefault({}),
    sync: z
      .strictObject({
        pageSize: z.number().int().min(10).max(5000).default(500).describe('Changes per pull response'),
        maxBodyBytes: z
          .number()
          .int()
          .min(1024)
          .max(64 * 1024 * 1024)
          .default(4 * 1024 * 1024)
          .describe('Largest request body, before and after gzip'),
      })
      .prefault({}),
    exceptions: z
      .strictObject({ blockCardOnOverdraft: z.boolean().default(false).describe('Block a card chain-wide when an offline spend overdraws it (SYNC-5)') })
      .prefault({}),
    smtp: smtp.optional().describe('Send e-mail receipts by SMTP; without it they are queued but not sent'),
    logging: z.strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info') }).prefault({}),
  })
  .superRefine((cfg, ctx) => {
    cfg.numbering.voucherRanges.forEach((r, i) => {
      if (r.to < r.from) ctx.addIssue({ code: 'custom', path: ['numbering', 'voucherRanges', i, 'to'], message: 'must be ≥ from' });
    });
    cfg.numbering.cardSchemes.forEach((s, i) => {
      if (s.prefix.length + (s.luhn ? 1 : 0) >= s.length)
        ctx.addIssue({ code: 'custom', path: ['numbering', 'cardSchemes', i, 'prefix'], message: 'leaves no digits for serials' });
    });
  });

export type CentralConfig = z.output<typeof centralConfigSchema>;
export type CentralCardScheme = CentralConfig['numbering']['cardSchemes'][number];

export function parseCentralConfig(text: string, file = 'central.yaml'): CentralConfig {
  return parseYamlWith(centralConfigSchema, text, file);
}

/** Load a central config file; a relative PGlite path is relative to the file. */
export function loadCentralConfig(file: string): CentralConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [{ line: 1, column: 1, path: '', message: `cannot read: ${(e as Error).message}` }]);
  }
  const cfg = parseCentralConfig(text, file);
  if ('path' in cfg.database && !isAbsolute(cfg.database.path) && !cfg.database.path.startsWith('memory://')) {
    cfg.database = { path: resolve(dirname(resolve(file)), cfg.database.path) };
  }
  return cfg;
}
