-- Issue 11 (SYNC-1, SYNC-6, SYNC-7): what the store keeps for replication with central.

-- SYNC-1/SYNC-7: every outbox row carries the hybrid logical clock of its event (src/sync/hlc.ts).
-- Rows written before this migration have none; the sync client stamps them when it sends them.
-- The store's last HLC lives in counters ('hlc_wall', 'hlc_counter') so it never goes back.
ALTER TABLE outbox ADD COLUMN hlc TEXT;

-- SYNC-7: the HLC of the write that set each field of a customer or a card (a local edit or a
-- record pulled from central), so a pulled merged record is merged per field with local edits.
-- Compact, as a million customers are normal: `base` is the clock of most fields (the create),
-- `fields` a JSON object of only the fields set later by another clock.
CREATE TABLE field_clocks (
  entity  TEXT NOT NULL CHECK (entity IN ('customer', 'card')),
  key     TEXT NOT NULL,          -- customer id or card number
  base    TEXT,                   -- HLC of every field not in `fields`; NULL = none known
  fields  TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (entity, key)
) WITHOUT ROWID;

-- SYNC-6: blocks of serials leased from central, per card scheme or voucher range. Card blocks
-- hold scheme serials (number = prefix + serial + Luhn); voucher blocks hold draw indices of the
-- range. `next_serial` is the next one to issue; a block is used up when it passes `to_serial`.
CREATE TABLE number_blocks (
  id           TEXT PRIMARY KEY,  -- central's block id (the lease requestId)
  kind         TEXT NOT NULL CHECK (kind IN ('card', 'voucher')),
  key          TEXT NOT NULL,     -- card scheme id or voucher range id
  from_serial  INTEGER NOT NULL,
  to_serial    INTEGER NOT NULL,  -- inclusive
  next_serial  INTEGER NOT NULL,
  added_at     TEXT NOT NULL,
  CHECK (from_serial <= to_serial AND from_serial <= next_serial AND next_serial <= to_serial + 1)
);
CREATE INDEX number_blocks_open ON number_blocks(kind, key, from_serial) WHERE next_serial <= to_serial;
