-- Issue 12 item 9 (CUST-12): fields seed 003 names that the store did not keep: fax, how the
-- customer wants the consolidated invoice (invoice delivery method), and the web-booking
-- password, kept only as a scrypt hash and never returned.
ALTER TABLE customers ADD COLUMN fax TEXT;
ALTER TABLE customers ADD COLUMN invoice_delivery TEXT;
ALTER TABLE customers ADD COLUMN web_password_hash TEXT;
CREATE INDEX cards_type_status ON cards(type, status, number);
CREATE INDEX customers_type ON customers(customer_type) WHERE customer_type IS NOT NULL;
-- CARD-12: the discount-sales report subtracts each store-local day's refunds by their time.
CREATE INDEX refunds_at ON refunds(at);
