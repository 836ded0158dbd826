import type { Db } from '../../src/engine/store/db.js';

/** An outbox row as the sync client sends it (docs/central.md "What the store side does with it"). */
export interface WireEvent {
  eventId: string;
  storeSeq: number;
  kind: string;
  at: string;
  hlc: string;
  payload: { docType: string | null; docId: string | null; entries: unknown[]; data: Record<string, unknown> };
}

/** Every outbox row from `afterSeq` on, mapped to the protocol's envelope, in store_seq order. */
export function outboxEnvelopes(db: Db, afterSeq = 0): WireEvent[] {
  const rows = db.prepare('SELECT store_seq, event_id, type, payload, hlc FROM outbox WHERE store_seq > ? ORDER BY store_seq').all(afterSeq) as {
    store_seq: number;
    event_id: string;
    type: string;
    payload: string;
    hlc: string;
  }[];
  return rows.map((r) => {
    const p = JSON.parse(r.payload) as { at: string; docType: string | null; docId: string | null; entries: unknown[]; data: Record<string, unknown> };
    return {
      eventId: r.event_id,
      storeSeq: r.store_seq,
      kind: r.type,
      at: p.at,
      hlc: r.hlc,
      payload: { docType: p.docType, docId: p.docId, entries: p.entries, data: p.data },
    };
  });
}

export function lastSeq(db: Db): number {
  return (db.prepare('SELECT COALESCE(MAX(store_seq), 0) AS s FROM outbox').get() as { s: number }).s;
}
