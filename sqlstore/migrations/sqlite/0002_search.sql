-- Customer search: case-folded copies of the searchable strings (filled by
-- remit, which folds Unicode case), the metadata as rows, and a trigram
-- index for substring search. The data migration that follows this file
-- fills them for customers stored before it.

ALTER TABLE customers ADD COLUMN email_ci TEXT;
ALTER TABLE customers ADD COLUMN name_ci TEXT;
ALTER TABLE customers ADD COLUMN phone_ci TEXT;

-- The case-folded email serves both the case-insensitive search and the
-- case-sensitive list filter (which adds email = ? on the few rows found).
DROP INDEX customers_by_email;
CREATE INDEX customers_by_email ON customers (account_id, livemode, email_ci, created_ns, id) WHERE deleted = 0;
CREATE INDEX customers_by_name ON customers (account_id, livemode, name_ci, created_ns, id) WHERE deleted = 0;
CREATE INDEX customers_by_phone ON customers (account_id, livemode, phone_ci, created_ns, id) WHERE deleted = 0;

-- One row per metadata key of a live customer.
CREATE TABLE customer_metadata (
	account_id  TEXT NOT NULL,
	livemode    INTEGER NOT NULL,
	customer_id TEXT NOT NULL,
	key         TEXT NOT NULL,
	value       TEXT NOT NULL,
	created_ns  INTEGER NOT NULL,
	PRIMARY KEY (account_id, customer_id, key)
) WITHOUT ROWID;
CREATE INDEX customer_metadata_by_value ON customer_metadata (account_id, livemode, key, value, created_ns, customer_id);

-- Substring search: each live customer's name, email and phone as trigram
-- tokens (see trigram.go), one document per customer whose docid is the
-- customer's rowid. The tokens begin with a hash of the account and mode,
-- so one tenant's posting lists never hold another's documents. (SQLite's
-- FTS5 trigram tokenizer would do this itself, but the SQLite driver in use
-- compiles FTS5 only under a build tag, and the build must stay a plain
-- "go build"; FTS4 is always there.)
CREATE VIRTUAL TABLE customer_trigrams USING fts4(tokens);
INSERT INTO customer_trigrams (customer_trigrams) VALUES ('automerge=8');
