import { newId } from '../../common/ids.js';
import type { EventEnvelope } from '../../sync/protocol/index.js';
import type { Sql } from '../db/database.js';

/**
 * Vouchers and card orders, in the caller's transaction. A voucher redeemed a second time (two
 * stores offline, SYNC-5) is accepted and becomes an exception row: the sale already happened.
 */
export async function applyDocuments(q: Sql, storeId: string, events: readonly EventEnvelope[]): Promise<void> {
  for (const e of events) {
    if (e.kind === 'voucher.issued') {
      const d = e.payload.data;
      const rows = d.codes.map((code) => ({ code, range_id: d.rangeId, privilege_id: d.privilegeId, customer_id: d.customerId, valid_until: d.validUntil }));
      await q.query(
        `INSERT INTO vouchers (code, range_id, privilege_id, customer_id, valid_until, issued_store, issued_event)
         SELECT code, range_id, privilege_id, customer_id, valid_until, $2, $3 FROM jsonb_to_recordset($1::jsonb)
           AS x(code text, range_id text, privilege_id text, customer_id text, valid_until text)
         ON CONFLICT (code) DO UPDATE SET range_id = excluded.range_id, privilege_id = excluded.privilege_id, customer_id = excluded.customer_id,
           valid_until = excluded.valid_until, issued_store = excluded.issued_store, issued_event = excluded.issued_event
         WHERE vouchers.issued_event IS NULL`,
        [JSON.stringify(rows), storeId, e.eventId],
      );
    } else if (e.kind === 'voucher.redeemed') {
      await redeem(q, storeId, e.eventId, e.at, e.payload.data.code, e.payload.data.receiptId);
    } else if (e.kind === 'card.ordered') {
      const o = e.payload.data;
      await q.query(
        `INSERT INTO card_orders (id, store_id, customer_id, card_number, template_id, valid_until, comment, schedule, ordered_at, dispatch_date, status_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9) ON CONFLICT (id) DO NOTHING`,
        [o.orderId, storeId, o.customerId, o.cardNumber, o.templateId, o.validUntil, o.comment, o.schedule, o.orderedAt, o.dispatchDate],
      );
    }
  }
}

async function redeem(q: Sql, storeId: string, eventId: string, at: string, code: string, receiptId: string | null): Promise<void> {
  const first = await q.query(
    `INSERT INTO vouchers (code, redeemed_store, redeemed_event, redeemed_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (code) DO UPDATE SET redeemed_store = excluded.redeemed_store, redeemed_event = excluded.redeemed_event, redeemed_at = excluded.redeemed_at
     WHERE vouchers.redeemed_event IS NULL
     RETURNING code`,
    [code, storeId, eventId, at],
  );
  if (first.length > 0) return;
  const [prev] = await q.query<{ redeemed_store: string; redeemed_event: string; redeemed_at: Date }>(
    'SELECT redeemed_store, redeemed_event, redeemed_at FROM vouchers WHERE code = $1',
    [code],
  );
  await q.query(`INSERT INTO exceptions (id, kind, owner, store_id, event_id, at, detail) VALUES ($1, 'voucher_double_redeemed', $2, $3, $4, $5, $6)`, [
    newId(),
    code,
    storeId,
    eventId,
    at,
    JSON.stringify({
      receiptId,
      firstStoreId: prev?.redeemed_store ?? null,
      firstEventId: prev?.redeemed_event ?? null,
      firstRedeemedAt: prev?.redeemed_at ?? null,
    }),
  ]);
}
