package remit

import (
	"context"
	"strings"
	"sync"

	"golang.org/x/text/currency"
)

// PrefixBalanceTransaction is the id prefix of customer balance transactions.
const PrefixBalanceTransaction = "cbtxn_"

// Balance transaction types that remit creates.
const (
	BalanceInitial    = "initial"    // balance set when the customer was created
	BalanceAdjustment = "adjustment" // balance set by an update, or a transaction created through the API
)

// BalanceTransaction is Stripe's customer_balance_transaction: one entry of
// a customer's credit balance ledger. The customer's balance is always the
// sum of its ledger.
type BalanceTransaction struct {
	ID              string            `json:"id"`
	Object          string            `json:"object"`
	Amount          int64             `json:"amount"`
	CheckoutSession *string           `json:"checkout_session"`
	Created         int64             `json:"created"`
	CreditNote      *string           `json:"credit_note"`
	Currency        string            `json:"currency"`
	Customer        string            `json:"customer"`
	CustomerAccount *string           `json:"customer_account"`
	Description     *string           `json:"description"`
	EndingBalance   int64             `json:"ending_balance"`
	Invoice         *string           `json:"invoice"`
	Livemode        bool              `json:"livemode"`
	Metadata        map[string]string `json:"metadata"`
	Type            string            `json:"type"`

	CreatedNano int64 `json:"-"`
}

// BalanceTransactionParams are the parameters of creating (amount,
// currency, description, metadata) and updating (description, metadata) a
// balance transaction.
type BalanceTransactionParams struct {
	Amount      *int64            `form:"amount"`
	Currency    *string           `form:"currency,max=3"`
	Description Emptyable[string] `form:"description,max=350"`
	Metadata    Metadata          `form:"metadata"`
}

// BalanceTransactionUpdateParams are the parameters of an update.
type BalanceTransactionUpdateParams struct {
	Description Emptyable[string] `form:"description,max=350"`
	Metadata    Metadata          `form:"metadata"`
}

// BalanceTransactionListParams are the parameters of the ledger list.
type BalanceTransactionListParams struct {
	ListParams
	Invoice *string `form:"invoice,max=5000"`
}

// BalanceTransactionFilter selects ledger entries for the store.
type BalanceTransactionFilter struct {
	Page
	Customer string
	Invoice  *string
}

// ParseCurrency checks a three-letter ISO 4217 code and returns it in
// lowercase, as Stripe writes currencies. Codes that are no money (XXX,
// XTS, precious metals, SDRs, funds codes such as USN) are refused.
func ParseCurrency(code, param string) (string, error) {
	u, err := currency.ParseISO(code)
	if err != nil || len(code) != 3 || !tender()[u] {
		return "", Errorf("", param, "Invalid currency: %s. Stripe currencies are three-letter ISO codes in lowercase, such as usd or eur.", truncated(code))
	}
	return strings.ToLower(u.String()), nil
}

// tender is every currency that is or was legal tender somewhere.
var tender = sync.OnceValue(func() map[currency.Unit]bool {
	m := map[currency.Unit]bool{}
	for it := currency.Query(currency.Historical); it.Next(); {
		m[it.Unit()] = true
	}
	return m
})

// LockCurrency enforces that a customer is single-currency: the first
// currency-bearing object (balance transaction, amount-off discount, and
// later invoice items) sets the customer's currency, and objects in
// another currency are refused. It is the one place of that rule.
func (c *Customer) LockCurrency(cur, param string) error {
	if c.Currency == nil {
		c.Currency = &cur
		return nil
	}
	if *c.Currency != cur {
		return Errorf("", param, "You cannot combine currencies on a single customer. This customer has had a balance transaction, coupon, or invoice item with currency %s.", *c.Currency)
	}
	return nil
}

// changeBalance moves c's balance to target by recording a ledger entry of
// the difference, in c's currency (the account's default currency when c
// has none yet, which it then locks). The caller stores c afterwards.
func (svc *Service) changeBalance(ctx context.Context, tx Tx, s Scope, c *Customer, target int64, typ string) error {
	if target > MaxBalance || target < -MaxBalance {
		return Errorf("parameter_invalid_integer", "balance", "Invalid balance: must be between -%d and %d.", int64(MaxBalance), int64(MaxBalance))
	}
	if target == c.Balance {
		return nil
	}
	cur := svc.DefaultCurrency
	if c.Currency != nil {
		cur = *c.Currency
	}
	if err := c.LockCurrency(cur, "balance"); err != nil {
		return err
	}
	_, err := svc.addBalanceTransaction(ctx, tx, s, c, target-c.Balance, cur, typ, nil, map[string]string{})
	return err
}

// addBalanceTransaction stores a ledger entry and applies it to c.Balance.
func (svc *Service) addBalanceTransaction(ctx context.Context, tx Tx, s Scope, c *Customer, amount int64, cur, typ string, desc *string, md map[string]string) (*BalanceTransaction, error) {
	ending := c.Balance + amount
	if ending > MaxBalance || ending < -MaxBalance {
		return nil, Errorf("parameter_invalid_integer", "amount", "This transaction would take the balance to %d; balances must stay between -%d and %d.", ending, int64(MaxBalance), int64(MaxBalance))
	}
	now := svc.Now()
	bt := &BalanceTransaction{
		ID: svc.IDs.NewID(PrefixBalanceTransaction, 24), Object: "customer_balance_transaction",
		Amount: amount, Created: now.Unix(), CreatedNano: now.UnixNano(), Currency: cur, Customer: c.ID,
		Description: desc, EndingBalance: ending, Livemode: s.Livemode, Metadata: md, Type: typ,
	}
	if err := tx.InsertBalanceTransaction(ctx, s, bt); err != nil {
		return nil, err
	}
	c.Balance = ending
	return bt, nil
}

// CreateBalanceTransaction adds an entry to a live customer's ledger:
// amount (negative is a credit) in currency, which sets the customer's
// currency if it has none and must equal it otherwise.
func (svc *Service) CreateBalanceTransaction(ctx context.Context, tx Tx, s Scope, customer string, p *BalanceTransactionParams) (*BalanceTransaction, error) {
	if p.Amount == nil {
		return nil, Errorf("parameter_missing", "amount", "Missing required param: amount.")
	}
	if p.Currency == nil {
		return nil, Errorf("parameter_missing", "currency", "Missing required param: currency.")
	}
	if *p.Amount == 0 {
		return nil, Errorf("parameter_invalid_integer", "amount", "Invalid amount: a balance transaction must change the balance, so it cannot be 0.")
	}
	cur, err := ParseCurrency(*p.Currency, "currency")
	if err != nil {
		return nil, err
	}
	c, err := liveCustomer(ctx, tx, s, customer)
	if err != nil {
		return nil, err
	}
	if err := c.LockCurrency(cur, "currency"); err != nil {
		return nil, err
	}
	md, err := ApplyMetadata(nil, p.Metadata)
	if err != nil {
		return nil, err
	}
	var desc *string
	setString(&desc, p.Description)
	bt, err := svc.addBalanceTransaction(ctx, tx, s, c, *p.Amount, cur, BalanceAdjustment, desc, md)
	if err != nil {
		return nil, err
	}
	return bt, tx.UpdateCustomer(ctx, s, c)
}

// BalanceTransaction returns one entry of a live customer's ledger; a
// deleted customer's ledger is gone, as its list is.
func (svc *Service) BalanceTransaction(ctx context.Context, tx Tx, s Scope, customer, id string) (*BalanceTransaction, error) {
	if _, err := liveCustomer(ctx, tx, s, customer); err != nil {
		return nil, err
	}
	bt, err := tx.FindBalanceTransaction(ctx, s, id)
	if err == nil && bt.Customer != customer {
		err = ErrNotFound
	}
	return bt, notFound(err, "customer balance transaction", id)
}

// UpdateBalanceTransaction changes the description and metadata of an
// entry; everything else of a ledger entry is immutable.
func (svc *Service) UpdateBalanceTransaction(ctx context.Context, tx Tx, s Scope, customer, id string, p *BalanceTransactionUpdateParams) (*BalanceTransaction, error) {
	if _, err := liveCustomer(ctx, tx, s, customer); err != nil {
		return nil, err
	}
	bt, err := svc.BalanceTransaction(ctx, tx, s, customer, id)
	if err != nil {
		return nil, err
	}
	setString(&bt.Description, p.Description)
	if bt.Metadata, err = ApplyMetadata(bt.Metadata, p.Metadata); err != nil {
		return nil, err
	}
	return bt, tx.UpdateBalanceTransaction(ctx, s, bt)
}

// BalanceTransactions lists a customer's ledger, newest first.
func (svc *Service) BalanceTransactions(ctx context.Context, tx Tx, s Scope, customer string, p *BalanceTransactionListParams) ([]*BalanceTransaction, bool, error) {
	if _, err := liveCustomer(ctx, tx, s, customer); err != nil {
		return nil, false, err
	}
	page, err := p.ListParams.Page()
	if err != nil {
		return nil, false, err
	}
	return tx.ListBalanceTransactions(ctx, s, BalanceTransactionFilter{Page: page, Customer: customer, Invoice: p.Invoice})
}
