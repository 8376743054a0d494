-- The substring-search indexes of 0001 led with account_id and livemode
-- (btree_gin). A GIN index does not narrow by its first column the way a
-- b-tree does: it intersects the posting list of every condition it
-- serves, and account_id's list holds every customer of the account, so
-- each search walked it whole (15 ms for one search among 200,000
-- customers; 0.2 ms without it). The trigram indexes now hold only the
-- folded column; the account, mode and exact match are checked on the
-- few rows the trigrams leave (the recheck reads them anyway). Non-unique
-- indexes need not carry the distribution column under Citus: each shard
-- has its own.
DROP INDEX customers_email_trgm;
DROP INDEX customers_name_trgm;
DROP INDEX customers_phone_trgm;
CREATE INDEX customers_email_trgm ON customers USING gin (email_ci gin_trgm_ops) WHERE NOT deleted;
CREATE INDEX customers_name_trgm ON customers USING gin (name_ci gin_trgm_ops) WHERE NOT deleted;
CREATE INDEX customers_phone_trgm ON customers USING gin (phone_ci gin_trgm_ops) WHERE NOT deleted;
