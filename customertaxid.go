package remit

import (
	"context"
	"errors"
	"strings"

	"remit/taxid"
)

// PrefixTaxID is the id prefix of tax IDs.
const PrefixTaxID = "txi_"

// MaxTaxIDs bounds the tax IDs of one customer, so that a customer's
// invoices stay printable.
const MaxTaxIDs = 25

// TaxID is Stripe's tax_id object, owned by a customer.
type TaxID struct {
	ID              string             `json:"id"`
	Object          string             `json:"object"`
	Country         *string            `json:"country"`
	Created         int64              `json:"created"`
	Customer        *string            `json:"customer"`
	CustomerAccount *string            `json:"customer_account"`
	Livemode        bool               `json:"livemode"`
	Owner           *TaxIDOwner        `json:"owner"`
	Type            string             `json:"type"`
	Value           string             `json:"value"`
	Verification    *TaxIDVerification `json:"verification"`

	CreatedNano int64 `json:"-"`
}

// TaxIDOwner says whom a tax ID belongs to.
type TaxIDOwner struct {
	Customer        *string `json:"customer,omitempty"`
	CustomerAccount *string `json:"customer_account"`
	Type            string  `json:"type"`
}

// TaxIDVerification is the verification state of a tax ID.
type TaxIDVerification struct {
	Status          string  `json:"status"`
	VerifiedAddress *string `json:"verified_address"`
	VerifiedName    *string `json:"verified_name"`
}

// DeletedTaxID is what deleting a tax ID returns.
type DeletedTaxID struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Deleted bool   `json:"deleted"`
}

// TaxIDParams are the parameters of creating a tax ID (and of each
// tax_id_data entry on customer create).
type TaxIDParams struct {
	Type  string `form:"type,required,max=5000"`
	Value string `form:"value,required,max=5000"`
}

// TaxIDFilter selects a customer's tax IDs for the store.
type TaxIDFilter struct {
	Page
	Customer string
}

// newTaxID checks p and returns the tax ID it describes for customer.
// param prefixes the names in errors ("" or "tax_id_data[0]").
//
// Formats are checked as Stripe checks them (taxid.Check); check digits
// never refuse a value, because Stripe's own documented examples fail
// theirs. Verification follows Stripe's test mode in test mode (magic
// values for the types Stripe verifies); in live mode remit cannot ask the
// registries, so a verified type is pending, except that a value whose
// country defines check digits and whose digits are wrong is unverified at
// once. Types Stripe does not verify are unavailable.
func (svc *Service) newTaxID(s Scope, customer string, p TaxIDParams, param string) (*TaxID, error) {
	name := func(n string) string {
		if param == "" {
			return n
		}
		return param + "[" + n + "]"
	}
	t, ok := taxid.Lookup(p.Type)
	if !ok {
		return nil, Errorf("", name("type"), "Invalid type: %q is not a tax ID type. Examples: eu_vat, gb_vat, us_ein, au_abn.", truncated(p.Type))
	}
	country, err := taxid.Check(p.Type, p.Value)
	if err != nil {
		msg := "Invalid value for " + p.Type + "."
		if errors.Is(err, taxid.ErrFormat) {
			detail := strings.TrimPrefix(err.Error(), "taxid: invalid format for "+p.Type+": ")
			msg = "Invalid value for " + p.Type + ": " + detail + ". Stripe's example: " + t.Example + "."
		}
		return nil, &Error{Kind: KindInvalid, Code: "tax_id_invalid", Param: name("value"), Message: msg}
	}
	status := taxid.TestVerification(p.Type, p.Value)
	if s.Livemode {
		status = taxid.StatusUnavailable
		if t.Verified {
			status = taxid.StatusPending
			if valid, ok := taxid.CheckDigitsValid(p.Type, p.Value); ok && !valid {
				status = taxid.StatusUnverified
			}
		}
	}
	now := svc.Now()
	var c *string
	if country != "" {
		c = &country
	}
	cus := customer
	return &TaxID{
		ID: svc.IDs.NewID(PrefixTaxID, 24), Object: "tax_id", Country: c, Created: now.Unix(), CreatedNano: now.UnixNano(),
		Customer: &cus, Livemode: s.Livemode, Owner: &TaxIDOwner{Customer: &cus, Type: "customer"},
		Type: p.Type, Value: p.Value, Verification: &TaxIDVerification{Status: status},
	}, nil
}

// addTaxIDs stores new tax IDs for a customer, within MaxTaxIDs.
func (svc *Service) addTaxIDs(ctx context.Context, tx Tx, s Scope, customer string, ids []*TaxID, param string) error {
	if len(ids) == 0 {
		return nil
	}
	n, err := tx.CountTaxIDs(ctx, s, customer)
	if err != nil {
		return err
	}
	if n+len(ids) > MaxTaxIDs {
		return Errorf("", param, "A customer can have at most %d tax IDs; this one has %d.", MaxTaxIDs, n)
	}
	for _, t := range ids {
		if err := tx.InsertTaxID(ctx, s, t); err != nil {
			return err
		}
	}
	return nil
}

// CreateTaxID adds a tax ID to a live customer.
func (svc *Service) CreateTaxID(ctx context.Context, tx Tx, s Scope, customer string, p *TaxIDParams) (*TaxID, error) {
	if _, err := liveCustomer(ctx, tx, s, customer); err != nil {
		return nil, err
	}
	t, err := svc.newTaxID(s, customer, *p, "")
	if err != nil {
		return nil, err
	}
	return t, svc.addTaxIDs(ctx, tx, s, customer, []*TaxID{t}, "type")
}

// TaxID returns one of a customer's tax IDs.
func (svc *Service) TaxID(ctx context.Context, tx Tx, s Scope, customer, id string) (*TaxID, error) {
	if _, err := liveCustomer(ctx, tx, s, customer); err != nil {
		return nil, err
	}
	t, err := tx.FindTaxID(ctx, s, id)
	if err == nil && (t.Customer == nil || *t.Customer != customer) {
		err = ErrNotFound
	}
	return t, notFound(err, "tax_id", id)
}

// DeleteTaxID deletes one of a customer's tax IDs.
func (svc *Service) DeleteTaxID(ctx context.Context, tx Tx, s Scope, customer, id string) (*DeletedTaxID, error) {
	t, err := svc.TaxID(ctx, tx, s, customer, id)
	if err != nil {
		return nil, err
	}
	if err := tx.DeleteTaxID(ctx, s, t.ID); err != nil {
		return nil, err
	}
	return &DeletedTaxID{ID: t.ID, Object: "tax_id", Deleted: true}, nil
}

// TaxIDs lists a customer's tax IDs, newest first.
func (svc *Service) TaxIDs(ctx context.Context, tx Tx, s Scope, customer string, p *ListParams) ([]*TaxID, bool, error) {
	if _, err := liveCustomer(ctx, tx, s, customer); err != nil {
		return nil, false, err
	}
	page, err := p.Page()
	if err != nil {
		return nil, false, err
	}
	return tx.ListTaxIDs(ctx, s, TaxIDFilter{Page: page, Customer: customer})
}
