-- Central schema (SYNC-1..10). Every table has a natural distribution key and no constraint
-- spans two keys, so the schema can be sharded (docs/scaling.md):
--   events by event_id, ledger/balances/exceptions by owner, customers by id, cards by number,
--   stores/blocks by store id, changes by key.

CREATE TABLE central_meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);
-- A cursor from another database (restored, replaced) is refused with 410 cursor_expired.
INSERT INTO central_meta (key, value) VALUES ('epoch', gen_random_uuid()::text);

CREATE TABLE stores (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  token_hash    bytea NOT NULL,             -- sha256 of the store token's secret; the token is shown once
  acked_seq     bigint NOT NULL DEFAULT 0,  -- SYNC-2: every event up to here is applied
  last_seen     timestamptz,
  last_event_at timestamptz,                -- `at` of the newest acked event
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- SYNC-2: each event exactly once (event_id); the per-store order is kept by stores.acked_seq.
CREATE TABLE events (
  event_id    uuid PRIMARY KEY,
  store_id    text NOT NULL,
  store_seq   bigint NOT NULL,
  kind        text NOT NULL,
  at          timestamptz NOT NULL,
  hlc         text COLLATE "C" NOT NULL,
  payload     jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_store_seq ON events (store_id, store_seq);
-- Reports scan by time; events arrive roughly in time order, so a BRIN index is enough and costs
-- next to nothing on ingest (a B-tree here cost ~15 % of ingest, bench/sync.bench.ts).
CREATE INDEX events_at ON events USING brin (at);

-- SYNC-4: the chain's ledger; balances are sums of these deltas, never copied values.
CREATE TABLE ledger (
  owner       text NOT NULL,                -- card number, or customer id for account/turnover
  event_id    uuid NOT NULL,
  entry_no    integer NOT NULL,
  store_id    text NOT NULL,
  store_seq   bigint NOT NULL,
  asset       text NOT NULL,
  program_id  text NOT NULL DEFAULT '',
  kind        text NOT NULL,
  card_number text,
  customer_id text,
  delta       bigint NOT NULL,
  at          timestamptz NOT NULL,
  doc_type    text,
  doc_id      text,
  PRIMARY KEY (owner, event_id, entry_no)
);
CREATE INDEX ledger_at ON ledger USING brin (at);

-- Every change to pull takes a rev from this one sequence (balances and the `changes` feed).
CREATE SEQUENCE change_rev;

-- Confirmed balances carry their own feed position (rev, xid): a push moves hundreds of
-- balances, and a separate feed row for each cost ~20 % of ingest (bench/sync.bench.ts).
CREATE TABLE balances (
  owner      text NOT NULL,
  asset      text NOT NULL,
  program_id text NOT NULL DEFAULT '',
  amount     bigint NOT NULL,
  rev        bigint NOT NULL DEFAULT nextval('change_rev'),
  xid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (owner, asset, program_id)
);
CREATE INDEX balances_rev ON balances (rev);
CREATE INDEX balances_xid ON balances (xid);

-- SYNC-5: completed sales are never rejected; what went wrong offline lands here.
CREATE TABLE exceptions (
  id         uuid NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('overdraft', 'voucher_double_redeemed')),
  owner      text NOT NULL,                 -- card number, customer id or voucher code
  store_id   text NOT NULL,
  event_id   uuid NOT NULL,
  detail     jsonb NOT NULL,
  at         timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner, id)
);
CREATE INDEX exceptions_created ON exceptions (created_at DESC);

-- SYNC-7: merged records: current value and HLC per field.
CREATE TABLE customers (
  id         text PRIMARY KEY,
  fields     jsonb NOT NULL DEFAULT '{}',
  hlc        jsonb NOT NULL DEFAULT '{}',
  search     text NOT NULL DEFAULT '',      -- lower-cased names, e-mail, phone (chain-wide search)
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cards (
  number      text PRIMARY KEY,
  customer_id text NOT NULL,
  fields      jsonb NOT NULL DEFAULT '{}',
  hlc         jsonb NOT NULL DEFAULT '{}',
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cards_customer ON cards (customer_id);

CREATE TABLE vouchers (
  code           text PRIMARY KEY,
  range_id       text,
  privilege_id   text,
  customer_id    text,
  valid_until    text,
  issued_store   text,
  issued_event   uuid,
  redeemed_store text,
  redeemed_event uuid,
  redeemed_at    timestamptz
);

-- SYNC-9: card orders from every store, exported for the card maker.
CREATE TABLE card_orders (
  id            text PRIMARY KEY,
  store_id      text NOT NULL,
  customer_id   text NOT NULL,
  card_number   text NOT NULL,
  template_id   text,
  valid_until   text,
  comment       text,
  schedule      text NOT NULL,
  ordered_at    timestamptz NOT NULL,
  dispatch_date text NOT NULL,
  status        text NOT NULL DEFAULT 'ordered' CHECK (status IN ('ordered', 'sent', 'produced', 'delivered')),
  status_at     timestamptz NOT NULL
);
CREATE INDEX card_orders_status ON card_orders (status, ordered_at);

-- SYNC-3: master data authored here; a delete leaves a tombstone (body NULL).
CREATE TABLE master_data (
  kind       text NOT NULL,
  id         text NOT NULL,
  body       jsonb,
  version    bigint NOT NULL,
  deleted    boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (kind, id)
);

-- SYNC-6: serial counters and the blocks leased from them (UPDATE … RETURNING, so two nodes
-- never hand out the same block).
CREATE TABLE number_counters (
  kind        text NOT NULL CHECK (kind IN ('card', 'voucher')),
  key         text NOT NULL,                -- card scheme id or voucher range id
  next_serial bigint NOT NULL,
  max_serial  bigint NOT NULL,
  PRIMARY KEY (kind, key)
);

CREATE TABLE number_blocks (
  store_id    text NOT NULL,
  request_id  uuid NOT NULL,                -- a retried lease returns the same block
  kind        text NOT NULL,
  key         text NOT NULL,
  from_serial bigint NOT NULL,
  to_serial   bigint NOT NULL,
  leased_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, request_id)
);

-- The pull feed for everything but balances: one row per changed entity (the newest change wins
-- the row), ordered by rev. `xid` is the writing transaction: a reader's cursor names the
-- transactions still running when it read, so a change committed later is never skipped
-- (docs/central.md "Pull").
CREATE TABLE changes (
  entity   text NOT NULL CHECK (entity IN ('master', 'customer', 'card', 'block')),
  key      text NOT NULL,
  store_id text NOT NULL DEFAULT '',        -- '' = for every store; else only for that store
  rev      bigint NOT NULL DEFAULT nextval('change_rev'),
  xid      xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (entity, key, store_id)
);
CREATE INDEX changes_rev ON changes (rev);
CREATE INDEX changes_xid ON changes (xid);
