import { z } from '@hono/zod-openapi';
import { cardNo, hlcText, isoInstant, ledgerEntry, recordId, seq, uuidV7 } from './common.js';
import { cardBlocked, cardCreated, cardUpdated, customerCreated, customerTierChanged, customerUpdated } from './records.js';

/**
 * SYNC-1: every kind of outbox event and its `data`. Ledger-moving kinds are what the store's
 * outbox already writes (src/engine/store/ledger.ts: type, docType, docId, entries, data); the
 * record kinds (customers, cards, tiers) are what issue 11 item 1 adds. Data objects are not
 * strict: a newer store may add fields, central keeps the whole payload.
 */
const money = z.number().int().min(-1e12).max(1e12);
const totals = z.object({ gross: money, discount: money, net: money });
const payment = z.object({ method: z.string().max(32), amount: money, voucherCode: z.string().max(64).optional() });
const receiptLine = z.object({
  index: z.number().int().min(0),
  sku: z.string().max(64),
  qty: z.number().int(),
  unitPrice: money,
  gross: money,
  discount: money,
  net: money,
  discountId: recordId.nullable().optional(),
});

export const EVENT_DATA = {
  'receipt.closed': z.object({
    tillId: z.string().max(64),
    receiptNo: z.string().max(64),
    totals,
    payments: z.array(payment).max(100),
    lines: z.array(receiptLine).max(10_000).optional(),
    /** The customer asked for e-mail receipts (CUST-3 `emailReceipts`): central mails this receipt there. */
    emailReceipt: z.strictObject({ to: z.email().max(254) }).optional(),
  }),
  'receipt.refunded': z.object({ receiptId: recordId, lines: z.array(z.object({}).loose()).max(10_000) }),
  'card.topup': z.object({}),
  'card.visit': z.object({}),
  'card.balance_reset': z.object({ asOf: z.string().max(40), cardType: z.string().max(32).nullable() }),
  'account.charge': z.object({}),
  'account.deposit': z.object({ note: z.string().max(200).nullable().optional() }),
  /** CUST-10: a customer created with an opening account balance (entry kind `opening`). */
  'account.opening': z.object({}),
  /** VOUCH-5: a problem for the back office that did not block the sale (no entries). */
  'alert.raised': z.object({ code: z.string().max(64), reason: z.string().max(500) }),
  'bonus.redeemed': z.object({ ruleId: recordId, privilegeId: recordId }),
  'voucher.issued': z.object({
    privilegeId: recordId,
    rangeId: recordId.nullable(),
    customerId: recordId.nullable(),
    campaignId: recordId.nullable(),
    validUntil: z.string().max(10),
    codes: z.array(z.string().min(1).max(64)).min(1).max(10_000),
  }),
  'voucher.redeemed': z.object({ code: z.string().min(1).max(64), receiptId: recordId.nullable() }),
  'card.ordered': z.object({
    orderId: recordId,
    customerId: recordId,
    cardNumber: cardNo,
    templateId: recordId.nullable(),
    validUntil: z.string().max(10).nullable(),
    comment: z.string().max(500).nullable(),
    schedule: z.enum(['daily', 'weekly', 'monthly']),
    orderedAt: isoInstant,
    localDate: z.string().max(10),
    dispatchDate: z.string().max(10),
  }),
  'customer.created': customerCreated,
  'customer.updated': customerUpdated,
  'customer.tier_changed': customerTierChanged,
  'card.created': cardCreated,
  'card.updated': cardUpdated,
  'card.blocked': cardBlocked,
} as const;

export type EventKind = keyof typeof EVENT_DATA;
export const EVENT_KINDS = Object.keys(EVENT_DATA) as EventKind[];
export type EventData<K extends EventKind> = z.infer<(typeof EVENT_DATA)[K]>;

/** Kinds whose `data` is a customer or card edit that central merges per field (SYNC-7). */
export const RECORD_KINDS: ReadonlySet<EventKind> = new Set([
  'customer.created',
  'customer.updated',
  'customer.tier_changed',
  'card.created',
  'card.updated',
  'card.blocked',
]);

function envelopeFor<K extends EventKind>(kind: K) {
  return z.strictObject({
    eventId: uuidV7,
    storeSeq: seq,
    kind: z.literal(kind),
    at: isoInstant,
    hlc: hlcText,
    payload: z.strictObject({
      docType: z.string().max(32).nullable().optional(),
      docId: z.string().max(64).nullable().optional(),
      entries: z.array(ledgerEntry).max(10_000),
      data: EVENT_DATA[kind],
    }),
  });
}

const envelopes = EVENT_KINDS.map((k) => envelopeFor(k));

/**
 * One event on the wire. `eventId` (UUIDv7) makes it idempotent; `storeSeq` is the store's
 * gapless outbox sequence; `hlc` orders record edits chain-wide; `payload.entries` are the ledger
 * deltas the event carries (possibly none).
 */
// The union is built from a list, so zod infers one flat object type; the cast restores the
// discriminated type (EventEnvelope below) that the schema actually checks.
export const eventEnvelope = z
  .discriminatedUnion('kind', envelopes as unknown as [ReturnType<typeof envelopeFor>, ...ReturnType<typeof envelopeFor>[]])
  .openapi('SyncEvent') as unknown as z.ZodType<EventEnvelope>;
export type EventEnvelope = {
  [K in EventKind]: {
    eventId: string;
    storeSeq: number;
    kind: K;
    at: string;
    hlc: string;
    payload: { docType?: string | null; docId?: string | null; entries: z.infer<typeof ledgerEntry>[]; data: EventData<K> };
  };
}[EventKind];
