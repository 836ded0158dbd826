-- Receipts closed at this store, their lines, and refunds against them (issue 3).

CREATE TABLE receipts (
  id            TEXT PRIMARY KEY,            -- UUIDv7
  till_id       TEXT NOT NULL,
  receipt_no    TEXT NOT NULL,
  at            TEXT NOT NULL,               -- ISO instant (UTC)
  local_date    TEXT NOT NULL,               -- store-local YYYY-MM-DD, for reports
  card_number   TEXT,
  customer_id   TEXT,
  gross         INTEGER NOT NULL,
  discount      INTEGER NOT NULL,
  net           INTEGER NOT NULL,
  bonus_earned  INTEGER NOT NULL,
  bonus_used    INTEGER NOT NULL,
  card_paid     INTEGER NOT NULL,            -- paid with the card (credit money or invoice)
  payments      TEXT NOT NULL,               -- JSON as sent, validated
  store_seq     INTEGER NOT NULL,            -- the outbox event of this receipt
  UNIQUE (till_id, receipt_no)
);
CREATE INDEX receipts_customer ON receipts(customer_id, at);
CREATE INDEX receipts_local_date ON receipts(local_date);

CREATE TABLE receipt_lines (
  receipt_id    TEXT NOT NULL REFERENCES receipts(id),
  idx           INTEGER NOT NULL,
  sku           TEXT NOT NULL,
  grp           TEXT,
  qty           INTEGER NOT NULL,
  unit_price    INTEGER NOT NULL,
  gross         INTEGER NOT NULL,
  discount      INTEGER NOT NULL,
  net           INTEGER NOT NULL,
  discount_id   TEXT,
  bonus         INTEGER NOT NULL,
  stamp_free    INTEGER NOT NULL,
  refunded_qty  INTEGER NOT NULL DEFAULT 0 CHECK (refunded_qty BETWEEN 0 AND qty),
  PRIMARY KEY (receipt_id, idx)
);
CREATE INDEX receipt_lines_discount ON receipt_lines(discount_id) WHERE discount_id IS NOT NULL;

CREATE TABLE refunds (
  id            TEXT PRIMARY KEY,
  receipt_id    TEXT NOT NULL REFERENCES receipts(id),
  at            TEXT NOT NULL,
  lines         TEXT NOT NULL,               -- JSON [{index, qty, gross, discount, net}]
  net           INTEGER NOT NULL,
  card_refund   INTEGER NOT NULL,
  store_seq     INTEGER NOT NULL
);
CREATE INDEX refunds_receipt ON refunds(receipt_id);
