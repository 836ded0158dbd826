import type { EventEnvelope } from '../../sync/protocol/index.js';
import type { Sql } from '../db/database.js';

/** NOTIFY channel that wakes the mail senders on every node. */
export const MAIL_CHANNEL = 'tillgate_mail';

export type MailStatus = 'queued' | 'sending' | 'sent' | 'failed';

/**
 * Ingest, in the push transaction: one mail row per receipt.closed event that carries
 * `emailReceipt`. Only events this transaction actually inserted are passed in (SYNC-2), and the
 * row is keyed by event_id, so a resent receipt never queues a second mail.
 */
export async function enqueueReceiptMails(q: Sql, storeId: string, events: readonly EventEnvelope[]): Promise<number> {
  const rows: { event_id: string; to_addr: string }[] = [];
  for (const e of events) {
    if (e.kind === 'receipt.closed' && e.payload.data.emailReceipt) rows.push({ event_id: e.eventId, to_addr: e.payload.data.emailReceipt.to });
  }
  if (rows.length === 0) return 0;
  const inserted = await q.query(
    `INSERT INTO mail_queue (event_id, store_id, to_addr)
     SELECT event_id, $2, to_addr FROM jsonb_to_recordset($1::jsonb) AS x(event_id uuid, to_addr text)
     ON CONFLICT (event_id) DO NOTHING
     RETURNING event_id`,
    [JSON.stringify(rows), storeId],
  );
  if (inserted.length > 0) await q.query('SELECT pg_notify($1, $2)', [MAIL_CHANNEL, '']);
  return inserted.length;
}

/** A claimed mail with what the receipt needs: the event's payload and the store's name. */
export interface ClaimedMail {
  event_id: string;
  store_id: string;
  store_name: string | null;
  to_addr: string;
  attempts: number;
  at: Date;
  payload: EventEnvelope['payload'];
}

/**
 * Claim up to `limit` due mails for `owner`: queued ones whose time has come, and ones another
 * sender claimed but never finished (its lease ran out: crashed node). FOR UPDATE SKIP LOCKED
 * makes two nodes claiming at once take different rows; the claim itself (status 'sending',
 * next_attempt_at = lease end, lease_owner) keeps them apart after the transaction.
 */
export async function claimDueMails(q: Sql, owner: string, limit: number, leaseMs: number): Promise<ClaimedMail[]> {
  return q.query<ClaimedMail>(
    `WITH due AS (
       SELECT event_id FROM mail_queue
       WHERE status IN ('queued', 'sending') AND next_attempt_at <= now()
       ORDER BY next_attempt_at
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     ), claimed AS (
       UPDATE mail_queue m
       SET status = 'sending', attempts = m.attempts + 1, lease_owner = $1, next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
       FROM due WHERE m.event_id = due.event_id
       RETURNING m.event_id, m.store_id, m.to_addr, m.attempts
     )
     SELECT c.event_id, c.store_id, s.name AS store_name, c.to_addr, c.attempts, e.at, e.payload
     FROM claimed c JOIN events e ON e.event_id = c.event_id LEFT JOIN stores s ON s.id = c.store_id`,
    [owner, limit, leaseMs],
  );
}

/** The claim's outcome; ignored when the lease was lost to another sender meanwhile. */
export async function finishMail(
  q: Sql,
  owner: string,
  eventId: string,
  outcome: { status: 'sent' } | { status: 'queued'; retryInMs: number; error: string } | { status: 'failed'; error: string },
): Promise<boolean> {
  const rows = await q.query(
    `UPDATE mail_queue
     SET status = $3,
         sent_at = CASE WHEN $3 = 'sent' THEN now() END,
         next_attempt_at = CASE WHEN $3 = 'queued' THEN now() + make_interval(secs => $4::double precision / 1000) ELSE next_attempt_at END,
         last_error = COALESCE($5, last_error),
         lease_owner = NULL
     WHERE event_id = $2 AND status = 'sending' AND lease_owner = $1
     RETURNING event_id`,
    [owner, eventId, outcome.status, outcome.status === 'queued' ? outcome.retryInMs : 0, outcome.status === 'sent' ? null : outcome.error.slice(0, 1000)],
  );
  return rows.length > 0;
}

/** Milliseconds until the next mail is due (0 if one is due now), or null when none waits. */
export async function msUntilNextMail(q: Sql): Promise<number | null> {
  const [r] = await q.query<{ ms: number | null }>(
    "SELECT GREATEST(0, EXTRACT(EPOCH FROM (min(next_attempt_at) - now())) * 1000)::float8 AS ms FROM mail_queue WHERE status IN ('queued', 'sending')",
  );
  return r?.ms ?? null;
}
