-- Customer credit balance ledger.
CREATE TABLE customer_balance_transactions (
	account_id  TEXT NOT NULL,
	id          TEXT NOT NULL,
	livemode    INTEGER NOT NULL,
	customer_id TEXT NOT NULL,
	created_ns  INTEGER NOT NULL,
	invoice_id  TEXT,
	data        TEXT NOT NULL,
	PRIMARY KEY (account_id, id)
);
CREATE INDEX customer_balance_transactions_by_customer ON customer_balance_transactions (account_id, livemode, customer_id, created_ns, id);
