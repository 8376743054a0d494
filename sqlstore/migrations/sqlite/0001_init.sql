-- remit's first schema. Every tenant table leads its primary key and each of
-- its indexes with account_id, so that every query names the account and the
-- schema can be distributed by account later. accounts and api_keys are the
-- two exceptions by nature: api_keys is looked up by key hash before the
-- account is known (a reference table when distributed).

CREATE TABLE accounts (
	id      TEXT PRIMARY KEY,
	created INTEGER NOT NULL
);

CREATE TABLE api_keys (
	hash       TEXT PRIMARY KEY,
	account_id TEXT NOT NULL REFERENCES accounts (id),
	kind       TEXT NOT NULL,
	livemode   INTEGER NOT NULL,
	display    TEXT NOT NULL,
	created    INTEGER NOT NULL
);

CREATE TABLE customers (
	account_id     TEXT NOT NULL,
	id             TEXT NOT NULL,
	livemode       INTEGER NOT NULL,
	created_ns     INTEGER NOT NULL,
	deleted        INTEGER NOT NULL DEFAULT 0,
	email          TEXT,
	invoice_prefix TEXT,
	data           TEXT NOT NULL,
	PRIMARY KEY (account_id, id)
);
CREATE INDEX customers_by_created ON customers (account_id, livemode, created_ns, id) WHERE deleted = 0;
CREATE INDEX customers_by_email ON customers (account_id, livemode, email, created_ns, id) WHERE deleted = 0;
-- Invoice prefixes stay reserved after a customer is deleted, as on Stripe.
CREATE UNIQUE INDEX customers_invoice_prefix ON customers (account_id, livemode, invoice_prefix);

CREATE TABLE payment_methods (
	account_id  TEXT NOT NULL,
	id          TEXT NOT NULL,
	livemode    INTEGER NOT NULL,
	created_ns  INTEGER NOT NULL,
	customer_id TEXT,
	detached    INTEGER NOT NULL DEFAULT 0,
	type        TEXT NOT NULL,
	data        TEXT NOT NULL,
	PRIMARY KEY (account_id, id)
);
CREATE INDEX payment_methods_by_customer ON payment_methods (account_id, livemode, customer_id, created_ns, id);

CREATE TABLE idempotency_keys (
	account_id  TEXT NOT NULL,
	livemode    INTEGER NOT NULL,
	key         TEXT NOT NULL,
	method      TEXT NOT NULL,
	path        TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	status      INTEGER NOT NULL,
	body        BLOB NOT NULL,
	request_id  TEXT NOT NULL,
	created     INTEGER NOT NULL,
	PRIMARY KEY (account_id, livemode, key)
);
CREATE INDEX idempotency_keys_by_created ON idempotency_keys (account_id, created);
