-- Issue 12 item 3 (CUST-5): till search finds phone numbers by their digits whatever the
-- spacing or punctuation ("0612" finds "06 12 34 56 78"). `phone_digits` is the phone with
-- the characters the API allows besides digits (space + ( ) - .) removed; it is indexed by
-- the trigram FTS table next to the other searchable fields.
ALTER TABLE customers ADD COLUMN phone_digits TEXT
  GENERATED ALWAYS AS (replace(replace(replace(replace(replace(replace(phone, ' ', ''), '+', ''), '(', ''), ')', ''), '-', ''), '.', '')) VIRTUAL;

DROP TRIGGER customers_fts_ai;
DROP TRIGGER customers_fts_ad;
DROP TRIGGER customers_fts_au;
DROP TABLE customers_fts;

CREATE VIRTUAL TABLE customers_fts USING fts5(
  first_name, last_name, company_name, email, phone, phone_digits,
  content='customers', content_rowid='seq', tokenize='trigram'
);
CREATE TRIGGER customers_fts_ai AFTER INSERT ON customers BEGIN
  INSERT INTO customers_fts(rowid, first_name, last_name, company_name, email, phone, phone_digits)
  VALUES (new.seq, new.first_name, new.last_name, new.company_name, new.email, new.phone, new.phone_digits);
END;
CREATE TRIGGER customers_fts_ad AFTER DELETE ON customers BEGIN
  INSERT INTO customers_fts(customers_fts, rowid, first_name, last_name, company_name, email, phone, phone_digits)
  VALUES ('delete', old.seq, old.first_name, old.last_name, old.company_name, old.email, old.phone, old.phone_digits);
END;
CREATE TRIGGER customers_fts_au AFTER UPDATE OF first_name, last_name, company_name, email, phone ON customers BEGIN
  INSERT INTO customers_fts(customers_fts, rowid, first_name, last_name, company_name, email, phone, phone_digits)
  VALUES ('delete', old.seq, old.first_name, old.last_name, old.company_name, old.email, old.phone, old.phone_digits);
  INSERT INTO customers_fts(rowid, first_name, last_name, company_name, email, phone, phone_digits)
  VALUES (new.seq, new.first_name, new.last_name, new.company_name, new.email, new.phone, new.phone_digits);
END;
INSERT INTO customers_fts(customers_fts) VALUES ('rebuild');
