import { AppError } from '../../common/errors.js';
import type { EventEnvelope, PushRequest } from '../../sync/protocol/index.js';
import type { Database } from '../db/database.js';
import { notifyChanges, touchChanges, type ChangeKey } from '../feed.js';
import { applyDocuments } from './documents.js';
import { applyLedger } from './ledger.js';
import { applyCardEdits, applyRecords } from './records.js';
import { enqueueReceiptMails } from '../mail/queue.js';
import { formatHlc, HLC_ZERO, hlcReceive, parseHlc } from '../../sync/hlc.js';

export interface IngestOptions {
  /** SYNC-5: block a card chain-wide when an offline spend overdraws it. */
  blockCardOnOverdraft: boolean;
}

/**
 * POST /sync/v1/push (SYNC-2): one transaction per batch. The store row is locked, so one store's
 * batches apply one at a time in sequence even across central nodes. Events at or below the acked
 * sequence are a resend and are skipped; the rest are inserted with ON CONFLICT (event_id) DO
 * NOTHING and only those actually inserted are applied: ledger, balances, exceptions, vouchers,
 * card orders, merged records and queued e-mail receipts, all in the same transaction as the ack.
 */
export async function ingestPush(
  db: Database,
  storeId: string,
  req: PushRequest,
  opts: IngestOptions = { blockCardOnOverdraft: false },
): Promise<{ ackedSeq: number }> {
  return db.tx(async (q) => {
    const [store] = await q.query<{ acked_seq: number }>('SELECT acked_seq FROM stores WHERE id = $1 FOR UPDATE', [storeId]);
    if (!store) throw new AppError('forbidden', `store ${storeId} is not registered`);
    const acked = store.acked_seq;
    if (req.fromSeq > acked + 1) {
      throw new AppError('sequence_gap', `expected events from ${acked + 1}, got ${req.fromSeq}`, [{ path: 'fromSeq', message: `expected ${acked + 1}` }], {
        expectedSeq: acked + 1,
      });
    }
    const fresh = req.events.filter((e) => e.storeSeq > acked);
    const last = fresh.at(-1);
    if (!last) {
      await q.query('UPDATE stores SET last_seen = now() WHERE id = $1', [storeId]);
      return { ackedSeq: acked };
    }
    const rows = fresh.map((e) => ({ event_id: e.eventId, store_seq: e.storeSeq, kind: e.kind, at: e.at, hlc: e.hlc, payload: e.payload }));
    const inserted = await q.query<{ event_id: string }>(
      `INSERT INTO events (event_id, store_id, store_seq, kind, at, hlc, payload)
       SELECT event_id, $2, store_seq, kind, at, hlc, payload
       FROM jsonb_to_recordset($1::jsonb) AS x(event_id uuid, store_seq bigint, kind text, at timestamptz, hlc text, payload jsonb)
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id`,
      [JSON.stringify(rows), storeId],
    );
    const ids = new Set(inserted.map((r) => r.event_id));
    const applied: EventEnvelope[] = fresh.filter((e) => ids.has(e.eventId));
    const { owners, overdrawnCards } = await applyLedger(q, storeId, applied);
    const records = await applyRecords(q, applied);
    if (opts.blockCardOnOverdraft && overdrawnCards.length > 0) {
      // Central's edit is later than every edit in this batch (HLC receive), so it wins the field.
      const hlc = formatHlc(applied.reduce((h, e) => hlcReceive(h, parseHlc(e.hlc), Date.now(), 'central', Infinity), HLC_ZERO));
      records.cards.push(
        ...(await applyCardEdits(
          q,
          overdrawnCards.map((number) => ({ number, fields: { status: 'blocked' }, hlc })),
        )),
      );
    }
    await applyDocuments(q, storeId, applied);
    await enqueueReceiptMails(q, storeId, applied); // sent later by the mail sender; never fails a push for mail
    const changes: ChangeKey[] = [
      ...records.customers.map((key) => ({ entity: 'customer' as const, key })),
      ...records.cards.map((key) => ({ entity: 'card' as const, key })),
    ];
    if (changes.length > 0) await touchChanges(q, changes);
    else if (owners.length > 0) await notifyChanges(q); // balances carry their own feed position
    await q.query('UPDATE stores SET acked_seq = $2, last_seen = now(), last_event_at = $3 WHERE id = $1', [storeId, last.storeSeq, last.at]);
    return { ackedSeq: last.storeSeq };
  });
}
