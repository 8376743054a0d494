package remit

import (
	"context"
	"errors"
	"time"
)

// Service holds remit's business rules. Its methods run inside a transaction
// that the caller opened (one request, one transaction), so that the API layer
// can record an idempotent result in the same commit as the data it describes.
type Service struct {
	Now func() time.Time // injected clock
	IDs IDGenerator      // injected id source
	// DefaultCurrency is the account currency used when a balance is set
	// on a customer that has no currency yet.
	DefaultCurrency string
}

// NewService returns a Service on the real clock and crypto/rand ids.
func NewService() *Service {
	svc := &Service{Now: time.Now, DefaultCurrency: "usd"}
	// Ids follow the service's clock, so a test that moves it moves both.
	svc.IDs = RandomIDs{Now: func() time.Time { return svc.Now() }}
	return svc
}

// notFound maps a store ErrNotFound to Stripe's 404 for an id in the URL.
func notFound(err error, resource, id string) error {
	if errors.Is(err, ErrNotFound) {
		return NotFound(resource, id)
	}
	return err
}

// missingParam maps a store ErrNotFound to Stripe's 400 for an id passed in a parameter.
func missingParam(err error, resource, param, id string) error {
	if errors.Is(err, ErrNotFound) {
		return MissingParam(resource, param, id)
	}
	return err
}

// liveCustomer loads a customer that writes may touch: a deleted customer
// answers resource_missing like one that never existed.
func liveCustomer(ctx context.Context, tx Tx, s Scope, id string) (*Customer, error) {
	c, err := tx.FindCustomer(ctx, s, id)
	if err != nil {
		return nil, notFound(err, "customer", id)
	}
	if c.Deleted {
		return nil, NotFound("customer", id)
	}
	return c, nil
}
