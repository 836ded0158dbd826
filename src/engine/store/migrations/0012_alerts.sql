-- Issue 12 item 4 (VOUCH-5): problems the back office must see but that never block a sale
-- (a redemption voucher skipped because its range is used up or inactive, …). Append-only.
CREATE TABLE alerts (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  code        TEXT NOT NULL,      -- stable code, e.g. voucher_range_exhausted
  message     TEXT NOT NULL,
  data        TEXT NOT NULL DEFAULT '{}'  -- JSON: ruleId, privilegeId, rangeId, receiptId …
);
