package remit

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Scope names the tenant and the world (test or live) that a request acts in.
// Every stored object belongs to exactly one scope, and every store method
// takes one: objects of another scope are invisible.
type Scope struct {
	Account  string // acct_...
	Livemode bool
}

// Account is a tenant of remit.
type Account struct {
	ID      string
	Created time.Time
}

// Key kinds.
const (
	KeySecret      = "secret"
	KeyPublishable = "publishable"
)

// APIKey is a stored API key. The key itself is never stored, only its hash.
type APIKey struct {
	Hash     string // hex SHA-256 of the key
	Account  string
	Kind     string // KeySecret or KeyPublishable
	Livemode bool
	Display  string // e.g. "sk_test_...abcd", safe to show
	Created  time.Time
}

// NewKey returns a fresh random key of kind for livemode, e.g. "sk_test_" + 40
// base62 characters, and its stored description.
func NewKey(account, kind string, livemode bool, now time.Time) (string, APIKey) {
	prefix := "sk_"
	if kind == KeyPublishable {
		prefix = "pk_"
	}
	if livemode {
		prefix += "live_"
	} else {
		prefix += "test_"
	}
	key := prefix + RandomString(40, base62)
	return key, DescribeKey(key, account, now)
}

// DescribeKey returns the stored description of key: hash, kind, mode and
// masked display.
func DescribeKey(key, account string, now time.Time) APIKey {
	kind, live, _ := KeyKind(key)
	return APIKey{
		Hash:     HashKey(key),
		Account:  account,
		Kind:     kind,
		Livemode: live,
		Display:  MaskKey(key),
		Created:  now,
	}
}

// KeyKind reports the kind and mode a key's prefix declares; ok is false for
// anything that is not sk_test_, sk_live_, pk_test_ or pk_live_.
func KeyKind(key string) (kind string, livemode, ok bool) {
	switch {
	case len(key) > 8 && key[:8] == "sk_test_":
		return KeySecret, false, true
	case len(key) > 8 && key[:8] == "sk_live_":
		return KeySecret, true, true
	case len(key) > 8 && key[:8] == "pk_test_":
		return KeyPublishable, false, true
	case len(key) > 8 && key[:8] == "pk_live_":
		return KeyPublishable, true, true
	}
	return "", false, false
}

// MaskKey shows a key the way Stripe does in errors: its prefix, four stars
// and its last four characters ("sk_test_****abcd").
func MaskKey(key string) string {
	prefix := ""
	if _, _, ok := KeyKind(key); ok {
		prefix = key[:8]
	}
	if len(key) <= len(prefix)+4 {
		return prefix + "****"
	}
	return prefix + "****" + key[len(key)-4:]
}

// NewAccount is an account just created with its first keys; the keys are
// shown once and never again.
type NewAccount struct {
	ID             string `json:"id"`
	SecretKey      string `json:"secret_key"`
	PublishableKey string `json:"publishable_key"`
}

// CreateAccount creates an account with a test secret key and a test
// publishable key.
func (svc *Service) CreateAccount(ctx context.Context, store Store) (*NewAccount, error) {
	var created *NewAccount
	err := store.Update(ctx, func(tx Tx) (err error) {
		created, _, err = svc.createAccount(ctx, tx)
		return err
	})
	return created, err
}

// createAccount creates an account and its first keys within tx.
func (svc *Service) createAccount(ctx context.Context, tx Tx) (*NewAccount, *Account, error) {
	now := svc.Now()
	acct := Account{ID: svc.IDs.NewID(PrefixAccount, 16), Created: now}
	secret, sk := NewKey(acct.ID, KeySecret, false, now)
	publishable, pk := NewKey(acct.ID, KeyPublishable, false, now)
	if err := tx.CreateAccount(ctx, acct); err != nil {
		return nil, nil, err
	}
	if err := tx.CreateAPIKey(ctx, sk); err != nil {
		return nil, nil, err
	}
	if err := tx.CreateAPIKey(ctx, pk); err != nil {
		return nil, nil, err
	}
	return &NewAccount{ID: acct.ID, SecretKey: secret, PublishableKey: publishable}, &acct, nil
}

// Bootstrap prepares a store for `remit serve`. It makes sure a default
// account exists and, when key is not empty, that key (sk_test_... or
// sk_live_...) belongs to it. It returns the default account and, only when
// it created the account just now and no key was given, that account's new
// keys so they can be printed once. Finding or creating the account and
// attaching the key are one transaction, so replicas starting together on
// an empty database agree on one default account.
func (svc *Service) Bootstrap(ctx context.Context, store Store, key string) (*Account, *NewAccount, error) {
	if key != "" {
		if kind, _, ok := KeyKind(key); !ok || kind != KeySecret {
			return nil, nil, fmt.Errorf("the API key must start with sk_test_ or sk_live_")
		}
	}
	var acct *Account
	var fresh *NewAccount
	err := store.Update(ctx, func(tx Tx) error {
		// The function may run again after a serialization conflict.
		acct, fresh = nil, nil
		a, err := tx.DefaultAccount(ctx)
		switch {
		case errors.Is(err, ErrNotFound):
			if fresh, a, err = svc.createAccount(ctx, tx); err != nil {
				return err
			}
		case err != nil:
			return err
		}
		acct = a
		if key == "" {
			return nil
		}
		k, err := tx.FindAPIKey(ctx, HashKey(key))
		switch {
		case err == nil && k.Account != acct.ID:
			return fmt.Errorf("the API key %s belongs to account %s, not to the default account %s", MaskKey(key), k.Account, acct.ID)
		case err == nil:
			return nil
		case !errors.Is(err, ErrNotFound):
			return err
		}
		return tx.CreateAPIKey(ctx, DescribeKey(key, acct.ID, svc.Now()))
	})
	if err != nil {
		return nil, nil, err
	}
	if key != "" {
		fresh = nil
	}
	return acct, fresh, nil
}
