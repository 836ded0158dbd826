-- Issue 9 (GW-7): an O(1) pending-outbox count for /v1/health, and an outbox that can be pruned.

-- The number of unacknowledged outbox rows, kept by triggers in the same transaction as every
-- insert, ack and delete, so code that writes the outbox (ledger, sync acks) cannot forget it.
INSERT OR REPLACE INTO counters (name, value)
  SELECT 'outbox_pending', COUNT(*) FROM outbox WHERE acked_at IS NULL;

CREATE TRIGGER outbox_pending_insert AFTER INSERT ON outbox WHEN NEW.acked_at IS NULL
BEGIN UPDATE counters SET value = value + 1 WHERE name = 'outbox_pending'; END;
CREATE TRIGGER outbox_pending_ack AFTER UPDATE OF acked_at ON outbox
  WHEN OLD.acked_at IS NULL AND NEW.acked_at IS NOT NULL
BEGIN UPDATE counters SET value = value - 1 WHERE name = 'outbox_pending'; END;
CREATE TRIGGER outbox_pending_unack AFTER UPDATE OF acked_at ON outbox
  WHEN OLD.acked_at IS NOT NULL AND NEW.acked_at IS NULL
BEGIN UPDATE counters SET value = value + 1 WHERE name = 'outbox_pending'; END;
CREATE TRIGGER outbox_pending_delete AFTER DELETE ON outbox WHEN OLD.acked_at IS NULL
BEGIN UPDATE counters SET value = value - 1 WHERE name = 'outbox_pending'; END;

-- Acknowledged outbox rows are pruned after sync.keepAckedDays; the ledger is kept for ever, so
-- ledger.store_seq can no longer be a foreign key to outbox. The ledger is rebuilt without it
-- (same columns, indexes and append-only triggers). DROP TABLE's implicit delete fires no trigger.
CREATE TABLE ledger_new (
  id            INTEGER PRIMARY KEY,
  event_id      TEXT NOT NULL,   -- the outbox event this entry belongs to
  store_seq     INTEGER NOT NULL, -- its outbox sequence (the outbox row may be pruned once acked)
  at            TEXT NOT NULL,
  kind          TEXT NOT NULL,
  asset         TEXT NOT NULL CHECK (asset IN ('money','bonus','visits','stamps','account','turnover')),
  card_number   TEXT,
  customer_id   TEXT,
  program_id    TEXT NOT NULL DEFAULT '',
  delta         INTEGER NOT NULL,
  doc_type      TEXT,
  doc_id        TEXT
);
INSERT INTO ledger_new SELECT id, event_id, store_seq, at, kind, asset, card_number, customer_id, program_id, delta, doc_type, doc_id FROM ledger;
DROP TABLE ledger;
ALTER TABLE ledger_new RENAME TO ledger;
CREATE INDEX ledger_card ON ledger(card_number, asset, at) WHERE card_number IS NOT NULL;
CREATE INDEX ledger_customer ON ledger(customer_id, asset, at);
CREATE INDEX ledger_doc ON ledger(doc_type, doc_id);
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;

-- Acked rows are found by age without a scan.
CREATE INDEX outbox_acked ON outbox(acked_at) WHERE acked_at IS NOT NULL;

-- Issue 9 item 11: who this database is. Written once when the daemon creates the database and
-- mirrored in <db>.identity beside it, so a deleted, emptied or swapped file is noticed at start.
CREATE TABLE store_identity (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  store_id     TEXT NOT NULL,
  database_id  TEXT NOT NULL,   -- random, per database file
  created_at   TEXT NOT NULL
);
