-- Issue 9 item 6: each balance reset (CARD-11) is recorded with its cutoff, so a receipt dated
-- before a reset that already ran is judged by it: what it earns before the cutoff expires too.
CREATE TABLE balance_resets (
  id          TEXT PRIMARY KEY,
  as_of       TEXT NOT NULL,              -- store-local YYYY-MM-DD
  cutoff      TEXT NOT NULL,              -- UTC instant: the end of as_of in the store's time zone
  card_type   TEXT,                       -- NULL = every card type
  created_at  TEXT NOT NULL
);
CREATE INDEX balance_resets_cutoff ON balance_resets(cutoff);
