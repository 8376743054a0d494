package remit

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned by store lookups that find nothing. Services turn
// it into a Stripe resource_missing error naming the resource.
var ErrNotFound = errors.New("not found")

// Store keeps remit's data. One request is one transaction: the API layer
// runs all of a request's reads and writes inside a single Update or View.
type Store interface {
	// Update runs fn in a read-write transaction and commits when fn returns
	// nil; any error rolls everything back. Once Update returns nil the data
	// is durable.
	Update(ctx context.Context, fn func(Tx) error) error
	// View runs fn in a read-only transaction over a consistent snapshot.
	View(ctx context.Context, fn func(Tx) error) error
	// Close waits for running transactions and releases the database.
	Close() error
}

// Tx is one transaction. Methods that find nothing return ErrNotFound.
// Every method that touches tenant data takes the Scope it acts in.
type Tx interface {
	// Nested runs fn inside a savepoint: when fn fails its writes are
	// undone and the enclosing transaction goes on. It returns fn's error.
	Nested(ctx context.Context, fn func() error) error

	CreateAccount(ctx context.Context, a Account) error
	// DefaultAccount returns the oldest account (the one `remit serve` creates).
	DefaultAccount(ctx context.Context) (*Account, error)
	CreateAPIKey(ctx context.Context, k APIKey) error
	FindAPIKey(ctx context.Context, hash string) (*APIKey, error)

	// InsertCustomer stores a new customer. It fails with an invoice_prefix
	// error if the prefix is taken in the scope.
	InsertCustomer(ctx context.Context, s Scope, c *Customer) error
	// UpdateCustomer replaces the stored customer with c (same id).
	UpdateCustomer(ctx context.Context, s Scope, c *Customer) error
	// FindCustomer returns the customer, deleted or not.
	FindCustomer(ctx context.Context, s Scope, id string) (*Customer, error)
	// FindCustomerJSON returns the stored JSON encoding of a customer (the
	// live object's, even when deleted) and whether it is deleted; it spares
	// the hot retrieve path a decode and an encode.
	FindCustomerJSON(ctx context.Context, s Scope, id string) ([]byte, bool, error)
	// ListCustomers returns one page of live (not deleted) customers,
	// newest first, and whether more exist in the paging direction.
	ListCustomers(ctx context.Context, s Scope, f CustomerFilter) ([]*Customer, bool, error)
	// SearchCustomers returns one page of the live customers matching a
	// search query, newest first, and the number of matches when f.Total.
	SearchCustomers(ctx context.Context, s Scope, f CustomerSearch) (*CustomerSearchResult, error)
	// InvoicePrefixTaken reports whether any customer of the scope, deleted
	// or not, uses prefix.
	InvoicePrefixTaken(ctx context.Context, s Scope, prefix string) (bool, error)

	InsertBalanceTransaction(ctx context.Context, s Scope, bt *BalanceTransaction) error
	UpdateBalanceTransaction(ctx context.Context, s Scope, bt *BalanceTransaction) error
	FindBalanceTransaction(ctx context.Context, s Scope, id string) (*BalanceTransaction, error)
	// ListBalanceTransactions returns one page of a customer's ledger, newest first.
	ListBalanceTransactions(ctx context.Context, s Scope, f BalanceTransactionFilter) ([]*BalanceTransaction, bool, error)

	InsertTaxID(ctx context.Context, s Scope, t *TaxID) error
	FindTaxID(ctx context.Context, s Scope, id string) (*TaxID, error)
	DeleteTaxID(ctx context.Context, s Scope, id string) error
	// DeleteCustomerTaxIDs deletes every tax ID of a customer.
	DeleteCustomerTaxIDs(ctx context.Context, s Scope, customer string) error
	CountTaxIDs(ctx context.Context, s Scope, customer string) (int, error)
	// ListTaxIDs returns one page of a customer's tax IDs, newest first.
	ListTaxIDs(ctx context.Context, s Scope, f TaxIDFilter) ([]*TaxID, bool, error)

	InsertPaymentMethod(ctx context.Context, s Scope, pm *PaymentMethod) error
	UpdatePaymentMethod(ctx context.Context, s Scope, pm *PaymentMethod) error
	FindPaymentMethod(ctx context.Context, s Scope, id string) (*PaymentMethod, error)
	// ListPaymentMethods returns one page of the payment methods attached
	// to a customer, newest first.
	ListPaymentMethods(ctx context.Context, s Scope, f PaymentMethodFilter) ([]*PaymentMethod, bool, error)

	// FindIdempotency returns the stored result for an idempotency key.
	FindIdempotency(ctx context.Context, s Scope, key string) (*IdempotencyRecord, error)
	// SaveIdempotency stores the result of a request made with a key.
	SaveIdempotency(ctx context.Context, s Scope, r *IdempotencyRecord) error
	// PruneIdempotency deletes records created before cutoff and returns
	// how many it deleted.
	PruneIdempotency(ctx context.Context, cutoff time.Time) (int64, error)

	// InsertCoupon stores a new coupon. Coupon ids are chosen by callers:
	// an id taken in the scope, by a deleted coupon too, fails with a
	// resource_already_exists error (param id).
	InsertCoupon(ctx context.Context, s Scope, c *Coupon) error
	// UpdateCoupon replaces the stored coupon with c (same id), deleted
	// flag and times_redeemed included.
	UpdateCoupon(ctx context.Context, s Scope, c *Coupon) error
	// FindCoupon returns the coupon, deleted or not.
	FindCoupon(ctx context.Context, s Scope, id string) (*Coupon, error)
	// ListCoupons returns one page of the coupons that are not deleted,
	// newest first.
	ListCoupons(ctx context.Context, s Scope, f CouponFilter) ([]*Coupon, bool, error)

	// InsertPromotionCode stores a new promotion code. An active code
	// whose code another active code of the scope has (regardless of
	// case) fails with the error of CodeTaken.
	InsertPromotionCode(ctx context.Context, s Scope, pc *PromotionCode) error
	// UpdatePromotionCode replaces the stored promotion code with pc (same
	// id); it fails like InsertPromotionCode when it activates a taken code.
	UpdatePromotionCode(ctx context.Context, s Scope, pc *PromotionCode) error
	// FindPromotionCode returns the promotion code with its stored active flag.
	FindPromotionCode(ctx context.Context, s Scope, id string) (*PromotionCode, error)
	// ListPromotionCodes returns one page of promotion codes, newest first,
	// with their stored active flags.
	ListPromotionCodes(ctx context.Context, s Scope, f PromotionCodeFilter) ([]*PromotionCode, bool, error)
	// PromotionCodeTaken reports whether an active promotion code of the
	// scope has code, compared regardless of case.
	PromotionCodeTaken(ctx context.Context, s Scope, code string) (bool, error)
	// DeactivatePromotionCodes clears the active flag of every promotion
	// code of a coupon.
	DeactivatePromotionCodes(ctx context.Context, s Scope, coupon string) error
}

// Page selects one page of a newest-first list. At most one of
// StartingAfter and EndingBefore is set.
type Page struct {
	Limit         int    // 1..100
	StartingAfter string // return objects older than this id
	EndingBefore  string // return objects newer than this id
	Created       RangeFilter
}

// CustomerFilter selects customers for ListCustomers.
type CustomerFilter struct {
	Page
	Email *string // exact, case-sensitive
}

// PaymentMethodFilter selects payment methods for ListPaymentMethods.
type PaymentMethodFilter struct {
	Page
	Customer       string
	Type           string // "" for any
	AllowRedisplay string // "" for any
}

// IdempotencyRecord is the stored outcome of a request sent with an
// Idempotency-Key: a replay returns Status and Body unchanged.
type IdempotencyRecord struct {
	Key         string
	Method      string
	Path        string
	Fingerprint string // hash of the parsed parameters
	Status      int
	Body        []byte
	RequestID   string
	Created     time.Time
}
