-- Issue 11 (SYNC-4, SYNC-5, SYNC-3): what the store's sync client keeps (number blocks and field
-- clocks are 0010_sync_store's).

-- SYNC-4: the balance central confirmed per owner/asset/program, and the store sequence it
-- includes. The balances cache then holds amount + this store's ledger deltas after includes_seq
-- (kept in step when a confirmed balance is applied), so a balance read stays one row.
CREATE TABLE confirmed_balances (
  owner         TEXT NOT NULL,
  asset         TEXT NOT NULL,
  program_id    TEXT NOT NULL DEFAULT '',
  amount        INTEGER NOT NULL,
  includes_seq  INTEGER NOT NULL,
  PRIMARY KEY (owner, asset, program_id)
) WITHOUT ROWID;


-- Sync state: pull cursor, last contact with central (name/value text pairs).
CREATE TABLE sync_state (
  name   TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);

-- SYNC-5: stored value spent while offline, per outage (the instant central was last reached),
-- per card and asset; owner '*' is the store's total. Rows of past outages are deleted on reconnect.
CREATE TABLE offline_spend (
  outage   TEXT NOT NULL,
  owner    TEXT NOT NULL,
  asset    TEXT NOT NULL,
  spent    INTEGER NOT NULL,
  PRIMARY KEY (outage, owner, asset)
) WITHOUT ROWID;
