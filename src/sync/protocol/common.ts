import { z } from '@hono/zod-openapi';
import { LEDGER_ASSETS } from '../../engine/model/types.js';
import { HLC_PATTERN } from '../hlc.js';

/** Wire pieces shared by the store's sync client and central (API.md "Central and sync"). */
export const storeId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, - and _ only (1-32)');
export const uuidV7 = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a lowercase UUIDv7');
export const hlcText = z
  .string()
  .regex(HLC_PATTERN, 'an HLC: 15-digit wall ms, 5-digit counter, node id')
  .openapi({ example: '001763900000000-00000-store-7' });
export const isoInstant = z.iso.datetime({ offset: true });
export const seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export const cardNo = z.string().regex(/^\d{4,24}$/, '4-24 digits');
export const recordId = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'letters, digits and . _ : - (1-64)');
/** A ledger amount: bounded so that sums over millions of rows stay exact in a double and a bigint. */
export const delta = z.number().int().min(-1e12).max(1e12);

/** One change of one asset, as the store's ledger (src/engine/store/ledger.ts) writes it. */
export const ledgerEntry = z
  .strictObject({
    kind: z.string().min(1).max(32),
    asset: z.enum(LEDGER_ASSETS),
    cardNumber: cardNo.nullable(),
    customerId: recordId.nullable(),
    programId: z.string().max(64),
    delta,
  })
  .refine((e) => (['account', 'turnover'].includes(e.asset) ? e.customerId : e.cardNumber) !== null, {
    message: 'an entry needs its owner: customerId for account/turnover, cardNumber otherwise',
  });
export type LedgerEntry = z.infer<typeof ledgerEntry>;

/** Assets owned by a customer; the rest are owned by a card (same rule as the store's ledger). */
export const CUSTOMER_ASSETS: ReadonlySet<string> = new Set(['account', 'turnover']);

/** The card or customer an entry belongs to (the schema guarantees it is there). */
export function ownerOfEntry(e: LedgerEntry): string {
  return (CUSTOMER_ASSETS.has(e.asset) ? e.customerId : e.cardNumber) ?? '';
}
