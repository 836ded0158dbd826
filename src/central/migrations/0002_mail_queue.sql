-- E-mail receipts (issue 12 item 7): an outbox for mail. Ingest adds a row in the same
-- transaction that first inserts a receipt.closed event carrying `emailReceipt` (a resent event
-- inserts nothing, so nothing is sent twice); the sender (src/central/mail/sender.ts) claims due
-- rows with FOR UPDATE SKIP LOCKED, so two central nodes never send the same row at once.
-- Distribution key: event_id, like events.
CREATE TABLE mail_queue (
  event_id        uuid PRIMARY KEY,           -- the receipt.closed event; its payload is the receipt
  store_id        text NOT NULL,
  to_addr         text NOT NULL,
  status          text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  -- queued: when to try next; sending: when the claim (lease) runs out and another node may retry.
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_owner     uuid,                       -- the sender holding the claim; a late sender cannot overwrite a newer claim
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz
);
CREATE INDEX mail_queue_due ON mail_queue (next_attempt_at) WHERE status IN ('queued', 'sending');
CREATE INDEX mail_queue_created ON mail_queue (created_at DESC);
