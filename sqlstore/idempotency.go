package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"remit"
)

var (
	sqlSelectIdempotency = static(`SELECT method, path, fingerprint, status, body, request_id, created FROM idempotency_keys
		WHERE account_id = ? AND livemode = ? AND key = ?`)
	sqlUpsertIdempotency = static(`INSERT INTO idempotency_keys (account_id, livemode, key, method, path, fingerprint, status, body, request_id, created)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (account_id, livemode, key) DO UPDATE SET method = excluded.method, path = excluded.path,
			fingerprint = excluded.fingerprint, status = excluded.status, body = excluded.body,
			request_id = excluded.request_id, created = excluded.created`)
	sqlSelectAccountIDs  = static(`SELECT id FROM accounts`)
	sqlDeleteIdempotency = static(`DELETE FROM idempotency_keys WHERE account_id = ? AND created < ?`)
)

func (t *tx) FindIdempotency(ctx context.Context, s remit.Scope, key string) (*remit.IdempotencyRecord, error) {
	r := remit.IdempotencyRecord{Key: key}
	var created int64
	err := t.queryRow(ctx, sqlSelectIdempotency, s.Account, s.Livemode, key).
		Scan(&r.Method, &r.Path, &r.Fingerprint, &r.Status, &r.Body, &r.RequestID, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, remit.ErrNotFound
	}
	r.Created = time.Unix(created, 0)
	return &r, err
}

// SaveIdempotency stores r, replacing an expired record of the same key.
func (t *tx) SaveIdempotency(ctx context.Context, s remit.Scope, r *remit.IdempotencyRecord) error {
	_, err := t.exec(ctx, sqlUpsertIdempotency,
		s.Account, s.Livemode, r.Key, r.Method, r.Path, r.Fingerprint, r.Status, r.Body, r.RequestID, r.Created.Unix())
	return err
}

// PruneIdempotency deletes old records account by account, so that each
// delete is an index range on (account_id, created).
func (t *tx) PruneIdempotency(ctx context.Context, cutoff time.Time) (int64, error) {
	rows, err := t.query(ctx, sqlSelectAccountIDs)
	if err != nil {
		return 0, err
	}
	var accounts []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		accounts = append(accounts, id)
	}
	rows.Close()
	var total int64
	for _, a := range accounts {
		res, err := t.exec(ctx, sqlDeleteIdempotency, a, cutoff.Unix())
		if err != nil {
			return total, err
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}
