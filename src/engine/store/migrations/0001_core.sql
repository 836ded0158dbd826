-- Core store schema: customers, cards, the append-only ledger with its outbox, master data,
-- idempotency keys and counters. Money in minor units, percent in basis points.

CREATE TABLE customers (
  seq               INTEGER PRIMARY KEY,          -- stable rowid for the FTS index
  id                TEXT NOT NULL UNIQUE,         -- UUIDv7, chain-wide
  kind              TEXT NOT NULL CHECK (kind IN ('person','company')),
  first_name        TEXT, last_name TEXT, company_name TEXT,
  phone             TEXT, email TEXT,
  birth_date        TEXT, gender TEXT, personal_code TEXT,
  address TEXT, city TEXT, district TEXT, postcode TEXT, country TEXT,
  language TEXT, citizenship TEXT, customer_type TEXT,
  info1 TEXT, info2 TEXT, info3 TEXT, photo TEXT,
  marketing_allowed INTEGER NOT NULL DEFAULT 0,
  email_receipts    INTEGER NOT NULL DEFAULT 0,
  auto_tier_opt_out INTEGER NOT NULL DEFAULT 0,
  credit_limit      INTEGER NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
  billing_customer_id TEXT REFERENCES customers(id),
  tier_level        INTEGER,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
CREATE INDEX customers_billing ON customers(billing_customer_id) WHERE billing_customer_id IS NOT NULL;
CREATE INDEX customers_personal_code ON customers(personal_code) WHERE personal_code IS NOT NULL;

-- CUST-5: substring search on names, e-mail and phone.
CREATE VIRTUAL TABLE customers_fts USING fts5(
  first_name, last_name, company_name, email, phone,
  content='customers', content_rowid='seq', tokenize='trigram'
);
CREATE TRIGGER customers_fts_ai AFTER INSERT ON customers BEGIN
  INSERT INTO customers_fts(rowid, first_name, last_name, company_name, email, phone)
  VALUES (new.seq, new.first_name, new.last_name, new.company_name, new.email, new.phone);
END;
CREATE TRIGGER customers_fts_ad AFTER DELETE ON customers BEGIN
  INSERT INTO customers_fts(customers_fts, rowid, first_name, last_name, company_name, email, phone)
  VALUES ('delete', old.seq, old.first_name, old.last_name, old.company_name, old.email, old.phone);
END;
CREATE TRIGGER customers_fts_au AFTER UPDATE OF first_name, last_name, company_name, email, phone ON customers BEGIN
  INSERT INTO customers_fts(customers_fts, rowid, first_name, last_name, company_name, email, phone)
  VALUES ('delete', old.seq, old.first_name, old.last_name, old.company_name, old.email, old.phone);
  INSERT INTO customers_fts(rowid, first_name, last_name, company_name, email, phone)
  VALUES (new.seq, new.first_name, new.last_name, new.company_name, new.email, new.phone);
END;

CREATE TABLE cards (
  number        TEXT PRIMARY KEY,
  customer_id   TEXT NOT NULL REFERENCES customers(id),
  type          TEXT NOT NULL CHECK (type IN ('discount','discount_payment','bonus','credit','stamp','service')),
  status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','blocked','ordered')),
  luhn          INTEGER NOT NULL DEFAULT 0,
  validity      TEXT,            -- JSON Validity
  discounts     TEXT NOT NULL DEFAULT '[]', -- JSON [{discountId, birthday?}] in order
  birthday_window TEXT,          -- JSON {daysBefore, daysAfter}
  message       TEXT,
  daily_limit   INTEGER,
  credit_limit  INTEGER NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
  stamp_programs TEXT,           -- JSON [programId] or NULL = all
  template_id   TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX cards_customer ON cards(customer_id);

-- The outbox is the store's replication stream: one row per event, store_seq gapless.
CREATE TABLE outbox (
  store_seq   INTEGER PRIMARY KEY,
  event_id    TEXT NOT NULL UNIQUE,
  type        TEXT NOT NULL,
  payload     TEXT NOT NULL,     -- JSON, what central receives
  created_at  TEXT NOT NULL,
  acked_at    TEXT
);

-- Append-only ledger: every change of money, bonus, visits, stamps, customer account and
-- turnover. Balances are sums of deltas; rows are never updated or deleted.
CREATE TABLE ledger (
  id            INTEGER PRIMARY KEY,
  event_id      TEXT NOT NULL,   -- the outbox event this entry belongs to
  store_seq     INTEGER NOT NULL REFERENCES outbox(store_seq),
  at            TEXT NOT NULL,   -- ISO instant
  kind          TEXT NOT NULL,   -- topup, visit_topup, visit_use, payment, bonus_earn, bonus_spend, stamp_earn, stamp_reward, reset, refund, turnover, charge, deposit
  asset         TEXT NOT NULL CHECK (asset IN ('money','bonus','visits','stamps','account','turnover')),
  card_number   TEXT,
  customer_id   TEXT,
  program_id    TEXT NOT NULL DEFAULT '', -- stamp program; '' otherwise
  delta         INTEGER NOT NULL,
  doc_type      TEXT,            -- receipt, refund, topup, reset, …
  doc_id        TEXT
);
CREATE INDEX ledger_card ON ledger(card_number, asset, at) WHERE card_number IS NOT NULL;
CREATE INDEX ledger_customer ON ledger(customer_id, asset, at);
CREATE INDEX ledger_doc ON ledger(doc_type, doc_id);
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;

-- Cache of ledger sums per (card or customer, asset, program), updated in the same transaction.
CREATE TABLE balances (
  owner       TEXT NOT NULL,     -- card number, or customer id for account/turnover
  asset       TEXT NOT NULL,
  program_id  TEXT NOT NULL DEFAULT '',
  amount      INTEGER NOT NULL,
  PRIMARY KEY (owner, asset, program_id)
) WITHOUT ROWID;

-- Master data (discounts, tiers, stamp programs, privileges, redemption rules, card
-- templates): versioned JSON documents; a delete leaves a tombstone for sync.
CREATE TABLE master_data (
  kind        TEXT NOT NULL,
  id          TEXT NOT NULL,
  body        TEXT,              -- JSON, NULL when deleted
  version     INTEGER NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (kind, id)
);

-- Idempotency keys: stored in the same transaction as the write they protect.
CREATE TABLE idempotency_keys (
  key           TEXT PRIMARY KEY,
  request_hash  TEXT NOT NULL,
  status        INTEGER NOT NULL,
  response      TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE INDEX idempotency_created ON idempotency_keys(created_at);

CREATE TABLE counters (
  name   TEXT PRIMARY KEY,
  value  INTEGER NOT NULL
);
