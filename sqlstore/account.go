package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"remit"
)

var (
	sqlInsertAccount        = static(`INSERT INTO accounts (id, created) VALUES (?, ?)`)
	sqlSelectDefaultAccount = static(`SELECT id, created FROM accounts ORDER BY created, id LIMIT 1`)
	sqlInsertAPIKey         = static(`INSERT INTO api_keys (hash, account_id, kind, livemode, display, created) VALUES (?, ?, ?, ?, ?, ?)`)
	sqlSelectAPIKey         = static(`SELECT account_id, kind, livemode, display, created FROM api_keys WHERE hash = ?`)
)

func (t *tx) CreateAccount(ctx context.Context, a remit.Account) error {
	_, err := t.exec(ctx, sqlInsertAccount, a.ID, a.Created.Unix())
	return err
}

func (t *tx) DefaultAccount(ctx context.Context) (*remit.Account, error) {
	var a remit.Account
	var created int64
	err := t.queryRow(ctx, sqlSelectDefaultAccount).Scan(&a.ID, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, remit.ErrNotFound
	}
	a.Created = time.Unix(created, 0)
	return &a, err
}

func (t *tx) CreateAPIKey(ctx context.Context, k remit.APIKey) error {
	_, err := t.exec(ctx, sqlInsertAPIKey,
		k.Hash, k.Account, k.Kind, k.Livemode, k.Display, k.Created.Unix())
	return err
}

func (t *tx) FindAPIKey(ctx context.Context, hash string) (*remit.APIKey, error) {
	k := remit.APIKey{Hash: hash}
	var created int64
	err := t.queryRow(ctx, sqlSelectAPIKey, hash).
		Scan(&k.Account, &k.Kind, &k.Livemode, &k.Display, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, remit.ErrNotFound
	}
	k.Created = time.Unix(created, 0)
	return &k, err
}
