-- allow_redisplay as a column, so that a customer's payment methods can be
-- listed by it.
ALTER TABLE payment_methods ADD COLUMN allow_redisplay TEXT NOT NULL DEFAULT 'unspecified';
UPDATE payment_methods SET allow_redisplay = COALESCE(json_extract(data, '$.allow_redisplay'), 'unspecified');
