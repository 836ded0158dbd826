-- Issue 14 (VOUCH-6): a campaign of 100,000 random codes inserted into a UNIQUE index on the code
-- dirtied ~one index page per voucher on a store holding 1M vouchers (12k vouchers/s). A voucher
-- drawn from a range now carries its draw index and is unique by (range_id, draw_index), an index
-- a campaign appends to in order; its code is found through the range (the keyed permutation
-- runs backwards: voucher-numbering drawIndexOf). Manual vouchers and those issued before this
-- migration (draw_index NULL) stay unique by code. Rebuilt once, the code index built at the end.
CREATE TABLE vouchers_v17 (
  code           TEXT NOT NULL,
  range_id       TEXT,
  privilege_id   TEXT NOT NULL,
  customer_id    TEXT,
  campaign_id    TEXT REFERENCES voucher_campaigns(id),
  value          INTEGER,                    -- minor units, or NULL for a percent voucher
  percent        INTEGER,                    -- basis points, or NULL
  status         TEXT NOT NULL CHECK (status IN ('issued', 'redeemed', 'void')),
  source         TEXT NOT NULL,              -- manual, redemption, campaign
  issued_at      TEXT NOT NULL,
  valid_until    TEXT NOT NULL,              -- store-local YYYY-MM-DD, inclusive
  redeemed_at    TEXT,
  redeemed_receipt_id TEXT,
  draw_index     INTEGER,                    -- VOUCH-2 index in the range's draw order; NULL: manual or legacy
  CHECK (draw_index IS NULL OR range_id IS NOT NULL)
);
INSERT INTO vouchers_v17 (rowid, code, range_id, privilege_id, customer_id, campaign_id, value, percent, status, source, issued_at, valid_until,
  redeemed_at, redeemed_receipt_id)
SELECT rowid, code, range_id, privilege_id, customer_id, campaign_id, value, percent, status, source, issued_at, valid_until,
  redeemed_at, redeemed_receipt_id FROM vouchers;
DROP TABLE vouchers;
ALTER TABLE vouchers_v17 RENAME TO vouchers;
CREATE UNIQUE INDEX vouchers_code ON vouchers(code) WHERE draw_index IS NULL;
CREATE UNIQUE INDEX vouchers_drawn ON vouchers(range_id, draw_index) WHERE draw_index IS NOT NULL;
CREATE INDEX vouchers_campaign ON vouchers(campaign_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX vouchers_customer ON vouchers(customer_id) WHERE customer_id IS NOT NULL;
