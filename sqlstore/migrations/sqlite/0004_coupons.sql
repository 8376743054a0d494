-- Coupons and promotion codes. Coupon ids are chosen by callers, so the
-- same id may exist in test and in live mode: livemode is part of the key.
-- Deleted coupons stay (discounts made from them keep showing them) and
-- keep their ids. redeem_by, max_redemptions and times_redeemed are copies
-- of the JSON's fields, for the promotion code filter on active.
CREATE TABLE coupons (
	account_id      TEXT NOT NULL,
	livemode        INTEGER NOT NULL,
	id              TEXT NOT NULL,
	created_ns      INTEGER NOT NULL,
	deleted         INTEGER NOT NULL DEFAULT 0,
	redeem_by       INTEGER,
	max_redemptions INTEGER,
	times_redeemed  INTEGER NOT NULL DEFAULT 0,
	data            TEXT NOT NULL,
	PRIMARY KEY (account_id, livemode, id)
);
CREATE INDEX coupons_by_created ON coupons (account_id, livemode, created_ns, id) WHERE deleted = 0;

-- Promotion codes. code_ci is the code in lowercase (codes are ASCII); the
-- active column is the code's own flag, authoritative over the JSON's.
CREATE TABLE promotion_codes (
	account_id  TEXT NOT NULL,
	id          TEXT NOT NULL,
	livemode    INTEGER NOT NULL,
	created_ns  INTEGER NOT NULL,
	code_ci     TEXT NOT NULL,
	active      INTEGER NOT NULL,
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
CREATE UNIQUE INDEX promotion_codes_active_code ON promotion_codes (account_id, livemode, code_ci) WHERE active = 1;
