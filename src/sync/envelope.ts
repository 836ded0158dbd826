import { formatHlc, HLC_PATTERN } from './hlc.js';
import type { EventEnvelope } from './protocol/index.js';

/** An outbox row as src/engine/store writes it (the `payload` JSON of src/engine/store/ledger.ts). */
export interface OutboxRecord {
  storeSeq: number;
  eventId: string;
  type: string;
  payload: string;
  createdAt: string;
  /** The row's hybrid logical clock, when the store keeps one per row (issue 11 item 1). */
  hlc?: string | null;
}

interface StoredPayload {
  at?: string;
  docType?: string | null;
  docId?: string | null;
  entries?: EventEnvelope['payload']['entries'];
  data?: Record<string, unknown>;
  hlc?: string;
}

/**
 * The wire envelope of one outbox row: kind = the outbox type, payload = {docType, docId,
 * entries, data} as the ledger wrote them. The HLC is the row's own when the store keeps one;
 * otherwise (ledger events, which central does not merge) the store clock's write time, node =
 * this store. Central validates the result against the protocol schema.
 */
export function toEnvelope(row: OutboxRecord, storeId: string): EventEnvelope {
  const p = JSON.parse(row.payload) as StoredPayload;
  const own = row.hlc ?? p.hlc;
  const hlc = own && HLC_PATTERN.test(own) ? own : formatHlc({ wall: Date.parse(row.createdAt), counter: 0, node: storeId });
  return {
    eventId: row.eventId,
    storeSeq: row.storeSeq,
    kind: row.type,
    at: p.at ?? row.createdAt,
    hlc,
    payload: { docType: p.docType ?? null, docId: p.docId ?? null, entries: p.entries ?? [], data: p.data ?? {} },
  } as EventEnvelope; // kind is checked by central's schema: the outbox holds only protocol kinds
}
