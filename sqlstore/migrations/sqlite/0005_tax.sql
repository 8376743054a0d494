-- Customer tax IDs, and the IP address a customer's tax location may come from.
CREATE TABLE tax_ids (
	account_id  TEXT NOT NULL,
	id          TEXT NOT NULL,
	livemode    INTEGER NOT NULL,
	customer_id TEXT NOT NULL,
	created_ns  INTEGER NOT NULL,
	data        TEXT NOT NULL,
	PRIMARY KEY (account_id, id)
);
CREATE INDEX tax_ids_by_customer ON tax_ids (account_id, livemode, customer_id, created_ns, id);

ALTER TABLE customers ADD COLUMN tax_ip_address TEXT;
