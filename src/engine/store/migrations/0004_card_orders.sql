-- Physical customer cards ordered at this store (ORDER-1..5). The card itself is registered at
-- once in `cards` with status 'ordered'; this row keeps what was ordered and when it ships. The
-- order also goes to central as a 'card.ordered' outbox event (store_seq).

CREATE TABLE card_orders (
  id            TEXT PRIMARY KEY,            -- UUIDv7
  customer_id   TEXT NOT NULL REFERENCES customers(id),
  card_number   TEXT NOT NULL UNIQUE REFERENCES cards(number),
  template_id   TEXT,                        -- master data 'card-templates'; NULL when none exist
  valid_until   TEXT,                        -- YYYY-MM-DD, last day the card is valid
  comment       TEXT,
  schedule      TEXT NOT NULL CHECK (schedule IN ('daily','weekly','monthly')),
  ordered_at    TEXT NOT NULL,               -- ISO instant (UTC)
  local_date    TEXT NOT NULL,               -- store-local YYYY-MM-DD of the order
  dispatch_date TEXT NOT NULL,               -- store-local YYYY-MM-DD, always a working day
  store_seq     INTEGER NOT NULL             -- the outbox event of this order
);
CREATE INDEX card_orders_customer ON card_orders(customer_id, ordered_at);
CREATE INDEX card_orders_dispatch ON card_orders(dispatch_date);
