-- remit's schema on PostgreSQL, in one step: the current schema of the
-- SQLite series (migrations/sqlite), which PostgreSQL never had to follow.
-- This series is append-only like SQLite's.
--
-- Every tenant table leads its primary key and each of its indexes with
-- account_id, so that every query names the account and the schema can be
-- distributed by account. accounts and api_keys are the exceptions by
-- nature: api_keys is looked up by key hash before the account is known.
--
-- data columns hold the JSON exactly as remit wrote it (TEXT, not JSONB,
-- which would reorder keys and change whitespace). Times in created_ns are
-- Unix nanoseconds; other created columns are Unix seconds.

-- Substring search (name~, email~, phone~): GIN trigram indexes on the
-- case-folded columns, with account_id and livemode in the same index
-- (btree_gin) so that one tenant's search reads only its own entries.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE TABLE accounts (
	id      TEXT PRIMARY KEY,
	created BIGINT NOT NULL
);

CREATE TABLE api_keys (
	hash       TEXT PRIMARY KEY,
	account_id TEXT NOT NULL REFERENCES accounts (id),
	kind       TEXT NOT NULL,
	livemode   BOOLEAN NOT NULL,
	display    TEXT NOT NULL,
	created    BIGINT NOT NULL
);

CREATE TABLE customers (
	account_id     TEXT NOT NULL,
	id             TEXT NOT NULL,
	livemode       BOOLEAN NOT NULL,
	created_ns     BIGINT NOT NULL,
	deleted        BOOLEAN NOT NULL DEFAULT FALSE,
	email          TEXT,
	invoice_prefix TEXT,
	data           TEXT NOT NULL,
	-- Case-folded copies of the searchable strings (folded by remit, which
	-- folds Unicode case as Go does).
	email_ci       TEXT,
	name_ci        TEXT,
	phone_ci       TEXT,
	tax_ip_address TEXT,
	PRIMARY KEY (account_id, id)
);
CREATE INDEX customers_by_created ON customers (account_id, livemode, created_ns, id) WHERE NOT deleted;
-- The case-folded email serves both the case-insensitive search and the
-- case-sensitive list filter (which adds email = ? on the few rows found).
CREATE INDEX customers_by_email ON customers (account_id, livemode, email_ci, created_ns, id) WHERE NOT deleted;
CREATE INDEX customers_by_name ON customers (account_id, livemode, name_ci, created_ns, id) WHERE NOT deleted;
CREATE INDEX customers_by_phone ON customers (account_id, livemode, phone_ci, created_ns, id) WHERE NOT deleted;
CREATE INDEX customers_email_trgm ON customers USING gin (account_id, livemode, email_ci gin_trgm_ops) WHERE NOT deleted;
CREATE INDEX customers_name_trgm ON customers USING gin (account_id, livemode, name_ci gin_trgm_ops) WHERE NOT deleted;
CREATE INDEX customers_phone_trgm ON customers USING gin (account_id, livemode, phone_ci gin_trgm_ops) WHERE NOT deleted;
-- Invoice prefixes stay reserved after a customer is deleted, as on Stripe.
CREATE UNIQUE INDEX customers_invoice_prefix ON customers (account_id, livemode, invoice_prefix);

-- One row per metadata key of a live customer.
CREATE TABLE customer_metadata (
	account_id  TEXT NOT NULL,
	livemode    BOOLEAN NOT NULL,
	customer_id TEXT NOT NULL,
	key         TEXT NOT NULL,
	value       TEXT NOT NULL,
	created_ns  BIGINT NOT NULL,
	PRIMARY KEY (account_id, customer_id, key)
);
CREATE INDEX customer_metadata_by_value ON customer_metadata (account_id, livemode, key, value, created_ns, customer_id);

CREATE TABLE payment_methods (
	account_id      TEXT NOT NULL,
	id              TEXT NOT NULL,
	livemode        BOOLEAN NOT NULL,
	created_ns      BIGINT NOT NULL,
	customer_id     TEXT,
	detached        BOOLEAN NOT NULL DEFAULT FALSE,
	type            TEXT NOT NULL,
	allow_redisplay TEXT NOT NULL DEFAULT 'unspecified',
	data            TEXT NOT NULL,
	PRIMARY KEY (account_id, id)
);
CREATE INDEX payment_methods_by_customer ON payment_methods (account_id, livemode, customer_id, created_ns, id);

CREATE TABLE idempotency_keys (
	account_id  TEXT NOT NULL,
	livemode    BOOLEAN NOT NULL,
	key         TEXT NOT NULL,
	method      TEXT NOT NULL,
	path        TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	status      INTEGER NOT NULL,
	body        BYTEA NOT NULL,
	request_id  TEXT NOT NULL,
	created     BIGINT NOT NULL,
	PRIMARY KEY (account_id, livemode, key)
);
CREATE INDEX idempotency_keys_by_created ON idempotency_keys (account_id, created);

-- Customer credit balance ledger.
CREATE TABLE customer_balance_transactions (
	account_id  TEXT NOT NULL,
	id          TEXT NOT NULL,
	livemode    BOOLEAN NOT NULL,
	customer_id TEXT NOT NULL,
	created_ns  BIGINT NOT NULL,
	invoice_id  TEXT,
	data        TEXT NOT NULL,
	PRIMARY KEY (account_id, id)
);
CREATE INDEX customer_balance_transactions_by_customer ON customer_balance_transactions (account_id, livemode, customer_id, created_ns, id);

-- Coupons: ids are chosen by callers, so livemode is part of the key.
-- Deleted coupons stay and keep their ids. redeem_by, max_redemptions and
-- times_redeemed are copies of the JSON's fields, for the promotion code
-- filter on active.
CREATE TABLE coupons (
	account_id      TEXT NOT NULL,
	livemode        BOOLEAN NOT NULL,
	id              TEXT NOT NULL,
	created_ns      BIGINT NOT NULL,
	deleted         BOOLEAN NOT NULL DEFAULT FALSE,
	redeem_by       BIGINT,
	max_redemptions BIGINT,
	times_redeemed  BIGINT NOT NULL DEFAULT 0,
	data            TEXT NOT NULL,
	PRIMARY KEY (account_id, livemode, id)
);
CREATE INDEX coupons_by_created ON coupons (account_id, livemode, created_ns, id) WHERE NOT deleted;

-- Promotion codes. code_ci is the code in lowercase (codes are ASCII); the
-- active column is the code's own flag, authoritative over the JSON's.
CREATE TABLE promotion_codes (
	account_id  TEXT NOT NULL,
	id          TEXT NOT NULL,
	livemode    BOOLEAN NOT NULL,
	created_ns  BIGINT NOT NULL,
	code_ci     TEXT NOT NULL,
	active      BOOLEAN NOT NULL,
	coupon_id   TEXT NOT NULL,
	customer_id TEXT,
	data        TEXT NOT NULL,
	PRIMARY KEY (account_id, id)
);
CREATE INDEX promotion_codes_by_created ON promotion_codes (account_id, livemode, created_ns, id);
CREATE INDEX promotion_codes_by_code ON promotion_codes (account_id, livemode, code_ci, created_ns, id);
CREATE INDEX promotion_codes_by_coupon ON promotion_codes (account_id, livemode, coupon_id, created_ns, id);
CREATE INDEX promotion_codes_by_customer ON promotion_codes (account_id, livemode, customer_id, created_ns, id);
-- Regardless of case, no two active codes of an account and mode are alike.
CREATE UNIQUE INDEX promotion_codes_active_code ON promotion_codes (account_id, livemode, code_ci) WHERE active;

-- Customer tax IDs.
CREATE TABLE tax_ids (
	account_id  TEXT NOT NULL,
	id          TEXT NOT NULL,
	livemode    BOOLEAN NOT NULL,
	customer_id TEXT NOT NULL,
	created_ns  BIGINT NOT NULL,
	data        TEXT NOT NULL,
	PRIMARY KEY (account_id, id)
);
CREATE INDEX tax_ids_by_customer ON tax_ids (account_id, livemode, customer_id, created_ns, id);
