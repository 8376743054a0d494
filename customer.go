package remit

import (
	"context"
	"errors"
	"strconv"
)

// Customer is Stripe's customer object as remit stores and returns it. Field
// names and JSON tags follow components.schemas.customer of Stripe's OpenAPI
// description; nullable fields are pointers so they encode as null.
type Customer struct {
	ID                  string            `json:"id"`
	Object              string            `json:"object"`
	Address             *Address          `json:"address"`
	Balance             int64             `json:"balance"`
	BusinessName        *string           `json:"business_name,omitempty"`
	Created             int64             `json:"created"`
	Currency            *string           `json:"currency"`
	CustomerAccount     *string           `json:"customer_account"`
	DefaultSource       *string           `json:"default_source"`
	Delinquent          bool              `json:"delinquent"`
	Description         *string           `json:"description"`
	Discount            *Discount         `json:"discount"`
	Email               *string           `json:"email"`
	IndividualName      *string           `json:"individual_name,omitempty"`
	InvoicePrefix       *string           `json:"invoice_prefix"`
	InvoiceSettings     InvoiceSettings   `json:"invoice_settings"`
	Livemode            bool              `json:"livemode"`
	Metadata            map[string]string `json:"metadata"`
	Name                *string           `json:"name"`
	NextInvoiceSequence int64             `json:"next_invoice_sequence"`
	Phone               *string           `json:"phone"`
	PreferredLocales    []string          `json:"preferred_locales"`
	Shipping            *Shipping         `json:"shipping"`
	TaxExempt           string            `json:"tax_exempt"`
	TestClock           *string           `json:"test_clock"`

	// Deleted is true once the customer was deleted; the API then shows
	// only {id, object, deleted}. It is never encoded with the live object.
	Deleted bool `json:"-"`
	// CreatedNano orders lists within one second (newest first); it is
	// storage detail, not part of Stripe's object.
	CreatedNano int64 `json:"-"`
	// TaxIPAddress is tax[ip_address], shown only in the includable tax
	// field. Lists and searches do not load it.
	TaxIPAddress *string `json:"-"`
}

// DeletedCustomer is what Stripe returns for a deleted customer.
type DeletedCustomer struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Deleted bool   `json:"deleted"`
}

// Address is a postal address; every field may be null.
type Address struct {
	City       *string `json:"city" form:"city,max=5000"`
	Country    *string `json:"country" form:"country,max=5000"`
	Line1      *string `json:"line1" form:"line1,max=5000"`
	Line2      *string `json:"line2" form:"line2,max=5000"`
	PostalCode *string `json:"postal_code" form:"postal_code,max=5000"`
	State      *string `json:"state" form:"state,max=5000"`
}

// Shipping is a customer's shipping details.
type Shipping struct {
	Address        Address `json:"address"`
	Carrier        *string `json:"carrier"`
	Name           string  `json:"name"`
	Phone          *string `json:"phone"`
	TrackingNumber *string `json:"tracking_number"`
}

// InvoiceSettings are the customer's defaults for new invoices.
type InvoiceSettings struct {
	CustomFields         []CustomField     `json:"custom_fields"`
	DefaultPaymentMethod *string           `json:"default_payment_method"`
	Footer               *string           `json:"footer"`
	RenderingOptions     *RenderingOptions `json:"rendering_options"`
}

// CustomField is a name/value pair printed on invoices.
type CustomField struct {
	Name  string `json:"name" form:"name,required,max=40"`
	Value string `json:"value" form:"value,required,max=140"`
}

// RenderingOptions control how invoices are rendered.
type RenderingOptions struct {
	AmountTaxDisplay *string `json:"amount_tax_display"`
	Template         *string `json:"template"`
}

// Tax-exempt statuses.
const (
	TaxExemptNone    = "none"
	TaxExemptExempt  = "exempt"
	TaxExemptReverse = "reverse"
)

// CreateCustomer validates p and stores a new customer in scope s. With
// payment_method it also creates (from a test id such as pm_card_visa) or
// takes an existing payment method and attaches it; invoice_settings
// [default_payment_method] may then name that same payment method, either by
// its new id or by the id that was sent.
func (svc *Service) CreateCustomer(ctx context.Context, tx Tx, s Scope, p *CustomerCreateParams) (*Customer, error) {
	now := svc.Now()
	c := &Customer{
		ID:                  svc.IDs.NewID(PrefixCustomer, 14),
		Object:              "customer",
		Created:             now.Unix(),
		CreatedNano:         now.UnixNano(),
		Livemode:            s.Livemode,
		Metadata:            map[string]string{},
		NextInvoiceSequence: 1,
		PreferredLocales:    []string{},
		TaxExempt:           TaxExemptNone,
	}
	if p.TestClock != nil {
		// remit has no test clocks yet, so no id can name one.
		return nil, MissingParam("test_clock", "test_clock", *p.TestClock)
	}
	if err := svc.applyCustomerParams(ctx, tx, s, c, &p.CustomerParams); err != nil {
		return nil, err
	}
	if err := applyTax(c, p.Tax, true); err != nil {
		return nil, err
	}
	taxIDs := make([]*TaxID, len(p.TaxIDData))
	for i, d := range p.TaxIDData {
		t, err := svc.newTaxID(s, c.ID, d, "tax_id_data["+strconv.Itoa(i)+"]")
		if err != nil {
			return nil, err
		}
		taxIDs[i] = t
	}
	if p.Balance != nil {
		if err := svc.changeBalance(ctx, tx, s, c, *p.Balance, BalanceInitial); err != nil {
			return nil, err
		}
	}
	if c.InvoicePrefix != nil {
		if taken, err := tx.InvoicePrefixTaken(ctx, s, *c.InvoicePrefix); err != nil {
			return nil, err
		} else if taken {
			return nil, prefixTaken(*c.InvoicePrefix)
		}
	} else {
		prefix, err := svc.newInvoicePrefix(ctx, tx, s)
		if err != nil {
			return nil, err
		}
		c.InvoicePrefix = &prefix
	}

	// The default payment method is checked after the new payment method,
	// if any, is attached: it may name that payment method.
	var defaultPM *string
	if is := p.InvoiceSettings; is != nil && is.DefaultPaymentMethod.Present() {
		defaultPM = &is.DefaultPaymentMethod.Value
	}
	var attached *PaymentMethod
	if p.PaymentMethod != nil {
		pm, err := svc.attachable(ctx, tx, s, *p.PaymentMethod, "payment_method")
		if err != nil {
			return nil, err
		}
		attached = pm
	}
	if defaultPM != nil {
		if attached == nil || (*defaultPM != attached.ID && *defaultPM != *p.PaymentMethod) {
			return nil, notAttached(*defaultPM)
		}
		c.InvoiceSettings.DefaultPaymentMethod = &attached.ID
	}
	if err := tx.InsertCustomer(ctx, s, c); err != nil {
		return nil, err
	}
	if err := svc.addTaxIDs(ctx, tx, s, c.ID, taxIDs, "tax_id_data"); err != nil {
		return nil, err
	}
	if attached != nil {
		if err := svc.attach(ctx, tx, s, attached, c.ID); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// UpdateCustomer applies p to the live customer id.
func (svc *Service) UpdateCustomer(ctx context.Context, tx Tx, s Scope, id string, p *CustomerParams) (*Customer, error) {
	c, err := liveCustomer(ctx, tx, s, id)
	if err != nil {
		return nil, err
	}
	oldPrefix := c.InvoicePrefix
	if err := svc.applyCustomerParams(ctx, tx, s, c, p); err != nil {
		return nil, err
	}
	if err := applyTax(c, p.Tax, false); err != nil {
		return nil, err
	}
	if is := p.InvoiceSettings; is != nil && is.DefaultPaymentMethod.Present() {
		pmID := is.DefaultPaymentMethod.Value
		pm, err := tx.FindPaymentMethod(ctx, s, pmID)
		if errors.Is(err, ErrNotFound) || (err == nil && (pm.Customer == nil || *pm.Customer != c.ID)) {
			return nil, notAttached(pmID)
		}
		if err != nil {
			return nil, err
		}
		c.InvoiceSettings.DefaultPaymentMethod = &pm.ID
	}
	if p.Balance != nil {
		if err := svc.changeBalance(ctx, tx, s, c, *p.Balance, BalanceAdjustment); err != nil {
			return nil, err
		}
	}
	if c.InvoicePrefix != nil && (oldPrefix == nil || *oldPrefix != *c.InvoicePrefix) {
		if taken, err := tx.InvoicePrefixTaken(ctx, s, *c.InvoicePrefix); err != nil {
			return nil, err
		} else if taken {
			return nil, prefixTaken(*c.InvoicePrefix)
		}
	}
	if err := tx.UpdateCustomer(ctx, s, c); err != nil {
		return nil, err
	}
	return c, nil
}

// DeleteCustomer deletes the customer permanently and detaches its payment
// methods. The customer stays retrievable as {id, object, deleted: true}.
func (svc *Service) DeleteCustomer(ctx context.Context, tx Tx, s Scope, id string) (*Customer, error) {
	c, err := liveCustomer(ctx, tx, s, id)
	if err != nil {
		return nil, err
	}
	for {
		pms, _, err := tx.ListPaymentMethods(ctx, s, PaymentMethodFilter{Page: Page{Limit: 100}, Customer: c.ID})
		if err != nil {
			return nil, err
		}
		if len(pms) == 0 {
			break
		}
		for _, pm := range pms {
			pm.Customer, pm.Detached = nil, true
			if err := tx.UpdatePaymentMethod(ctx, s, pm); err != nil {
				return nil, err
			}
		}
	}
	if err := tx.DeleteCustomerTaxIDs(ctx, s, c.ID); err != nil {
		return nil, err
	}
	c.Deleted = true
	c.InvoiceSettings.DefaultPaymentMethod = nil
	if err := tx.UpdateCustomer(ctx, s, c); err != nil {
		return nil, err
	}
	return c, nil
}

// Customer returns the customer, deleted or not.
func (svc *Service) Customer(ctx context.Context, tx Tx, s Scope, id string) (*Customer, error) {
	c, err := tx.FindCustomer(ctx, s, id)
	return c, notFound(err, "customer", id)
}

// ListCustomers returns one page of live customers.
func (svc *Service) ListCustomers(ctx context.Context, tx Tx, s Scope, p *CustomerListParams) ([]*Customer, bool, error) {
	if p.TestClock != nil {
		return nil, false, MissingParam("test_clock", "test_clock", *p.TestClock)
	}
	page, err := p.ListParams.Page()
	if err != nil {
		return nil, false, err
	}
	return tx.ListCustomers(ctx, s, CustomerFilter{Page: page, Email: p.Email})
}

// applyCustomerParams sets every field of p on c; it is shared by create and update.
func (svc *Service) applyCustomerParams(ctx context.Context, tx Tx, s Scope, c *Customer, p *CustomerParams) error {
	if p.Address.Set {
		c.Address = nil
		if !p.Address.Empty {
			a := p.Address.Value
			c.Address = &a
		}
	}
	setString(&c.BusinessName, p.BusinessName)
	setString(&c.Description, p.Description)
	if p.Email.Present() {
		if err := ValidateEmail(p.Email.Value); err != nil {
			return err
		}
	}
	setString(&c.Email, p.Email)
	setString(&c.IndividualName, p.IndividualName)
	setString(&c.Name, p.Name)
	setString(&c.Phone, p.Phone)
	if p.InvoicePrefix != nil {
		if err := ValidateInvoicePrefix(*p.InvoicePrefix); err != nil {
			return err
		}
		c.InvoicePrefix = p.InvoicePrefix
	}
	if p.NextInvoiceSequence != nil {
		n := *p.NextInvoiceSequence
		if n < 1 || n > MaxInvoiceSequence {
			return Errorf("parameter_invalid_integer", "next_invoice_sequence", "Invalid next_invoice_sequence: must be between 1 and %d.", MaxInvoiceSequence)
		}
		c.NextInvoiceSequence = n
	}
	md, err := ApplyMetadata(c.Metadata, p.Metadata)
	if err != nil {
		return err
	}
	c.Metadata = md
	if p.PreferredLocales != nil {
		locales, err := NormalizeLocales(*p.PreferredLocales)
		if err != nil {
			return err
		}
		c.PreferredLocales = locales
	}
	if p.Shipping.Set {
		c.Shipping = nil
		if !p.Shipping.Empty {
			v := p.Shipping.Value
			c.Shipping = &Shipping{Address: v.Address, Name: v.Name, Phone: v.Phone}
		}
	}
	if p.TaxExempt.Set {
		c.TaxExempt = TaxExemptNone
		if !p.TaxExempt.Empty {
			c.TaxExempt = p.TaxExempt.Value
		}
	}
	if is := p.InvoiceSettings; is != nil {
		if err := applyInvoiceSettings(&c.InvoiceSettings, is); err != nil {
			return err
		}
	}
	return nil
}

// MaxCustomFields is how many custom fields a customer's invoices may carry.
const MaxCustomFields = 4

// applyInvoiceSettings applies everything but default_payment_method, which
// needs the store and is checked by the caller.
func applyInvoiceSettings(dst *InvoiceSettings, p *InvoiceSettingsParams) error {
	if p.CustomFields.Set {
		dst.CustomFields = nil
		if !p.CustomFields.Empty {
			if len(p.CustomFields.Value) > MaxCustomFields {
				return Errorf("", "invoice_settings[custom_fields]", "You can have at most %d custom fields; you passed %d.", MaxCustomFields, len(p.CustomFields.Value))
			}
			dst.CustomFields = p.CustomFields.Value
		}
	}
	if p.DefaultPaymentMethod.Set && p.DefaultPaymentMethod.Empty {
		dst.DefaultPaymentMethod = nil
	}
	setString(&dst.Footer, p.Footer)
	if p.RenderingOptions.Set {
		if p.RenderingOptions.Empty {
			dst.RenderingOptions = nil
		} else {
			ro := dst.RenderingOptions
			if ro == nil {
				ro = &RenderingOptions{}
			}
			setString(&ro.AmountTaxDisplay, p.RenderingOptions.Value.AmountTaxDisplay)
			if t := p.RenderingOptions.Value.Template; t != nil {
				ro.Template = t
			}
			dst.RenderingOptions = ro
		}
	}
	return nil
}

// setString applies an emptyable string parameter to a nullable field.
func setString(dst **string, p Emptyable[string]) {
	if !p.Set {
		return
	}
	if p.Empty {
		*dst = nil
		return
	}
	v := p.Value
	*dst = &v
}

// newInvoicePrefix returns a random prefix of 8 uppercase hex digits that no
// customer of the scope has used.
func (svc *Service) newInvoicePrefix(ctx context.Context, tx Tx, s Scope) (string, error) {
	for {
		prefix := RandomString(8, "0123456789ABCDEF")
		taken, err := tx.InvoicePrefixTaken(ctx, s, prefix)
		if err != nil || !taken {
			return prefix, err
		}
	}
}

func prefixTaken(prefix string) error {
	return Errorf("", "invoice_prefix", "The invoice prefix %s is already used by another customer (prefixes stay reserved after a customer is deleted). Choose another one.", prefix)
}

func notAttached(pm string) error {
	return Errorf("", "invoice_settings[default_payment_method]",
		"The customer does not have a payment method with the ID %s. The payment method must be attached to the customer.", truncated(pm))
}
