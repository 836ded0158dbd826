-- Vouchers (issue 4): numbering ranges, the index blocks this store numbers from, vouchers, campaigns.

CREATE TABLE voucher_ranges (
  id           TEXT PRIMARY KEY,
  code         TEXT NOT NULL UNIQUE,
  description  TEXT NOT NULL DEFAULT '',
  digits       INTEGER NOT NULL,
  range_from   INTEGER NOT NULL,
  range_to     INTEGER NOT NULL,
  random       INTEGER NOT NULL,
  check_digit  INTEGER NOT NULL,
  check_scheme TEXT NOT NULL CHECK (check_scheme IN ('luhn', 'damm')),
  active       INTEGER NOT NULL DEFAULT 1,
  perm_key     INTEGER NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);

-- A store draws only from blocks of draw indices it holds (standalone: one block, the whole
-- range; in a chain, central leases blocks), so codes never repeat across stores.
CREATE TABLE voucher_blocks (
  range_id     TEXT NOT NULL REFERENCES voucher_ranges(id),
  start_index  INTEGER NOT NULL,
  end_index    INTEGER NOT NULL,             -- exclusive
  next_index   INTEGER NOT NULL,
  source       TEXT NOT NULL DEFAULT 'local',
  PRIMARY KEY (range_id, start_index),
  CHECK (start_index <= next_index AND next_index <= end_index)
);

CREATE TABLE voucher_campaigns (
  id            TEXT PRIMARY KEY,
  request_key   TEXT UNIQUE,                 -- Idempotency-Key: a retry continues the same campaign
  range_id      TEXT NOT NULL,
  privilege_id  TEXT NOT NULL,
  count         INTEGER NOT NULL,
  created_at    TEXT NOT NULL
);

CREATE TABLE vouchers (
  code           TEXT PRIMARY KEY,
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
  redeemed_receipt_id TEXT
);
CREATE INDEX vouchers_campaign ON vouchers(campaign_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX vouchers_customer ON vouchers(customer_id) WHERE customer_id IS NOT NULL;
