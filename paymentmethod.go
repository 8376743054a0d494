package remit

import (
	"context"
	"errors"

	"remit/testcard"
)

// PaymentMethod is Stripe's payment_method object. remit supports the card
// type, made from Stripe's test payment-method ids (pm_card_visa, ...).
type PaymentMethod struct {
	ID             string            `json:"id"`
	Object         string            `json:"object"`
	AllowRedisplay string            `json:"allow_redisplay"`
	BillingDetails BillingDetails    `json:"billing_details"`
	Card           *Card             `json:"card,omitempty"`
	Created        int64             `json:"created"`
	Customer       *string           `json:"customer"`
	CustomerAcct   *string           `json:"customer_account"`
	Livemode       bool              `json:"livemode"`
	Metadata       map[string]string `json:"metadata"`
	Type           string            `json:"type"`

	// CreatedNano orders lists within one second; storage detail.
	CreatedNano int64 `json:"-"`
	// Detached is true once the payment method was detached from a
	// customer: Stripe never lets it be attached again.
	Detached bool `json:"-"`
}

// BillingDetails are the billing details of a payment method.
type BillingDetails struct {
	Address *Address `json:"address"`
	Email   *string  `json:"email"`
	Name    *string  `json:"name"`
	Phone   *string  `json:"phone"`
	TaxID   *string  `json:"tax_id"`
}

// Card is the card sub-object of a card payment method.
type Card struct {
	Brand             string        `json:"brand"`
	Checks            *CardChecks   `json:"checks"`
	Country           *string       `json:"country"`
	DisplayBrand      *string       `json:"display_brand"`
	ExpMonth          int64         `json:"exp_month"`
	ExpYear           int64         `json:"exp_year"`
	Fingerprint       *string       `json:"fingerprint"`
	Funding           string        `json:"funding"`
	GeneratedFrom     any           `json:"generated_from"`
	Last4             string        `json:"last4"`
	Networks          *CardNetworks `json:"networks"`
	RegulatedStatus   *string       `json:"regulated_status"`
	ThreeDSecureUsage *ThreeDSUsage `json:"three_d_secure_usage"`
	Wallet            any           `json:"wallet"`
}

// CardChecks are the results of address and CVC checks.
type CardChecks struct {
	AddressLine1Check      *string `json:"address_line1_check"`
	AddressPostalCodeCheck *string `json:"address_postal_code_check"`
	CVCCheck               *string `json:"cvc_check"`
}

// CardNetworks lists the networks a card can be charged on.
type CardNetworks struct {
	Available []string `json:"available"`
	Preferred *string  `json:"preferred"`
}

// ThreeDSUsage says whether 3D Secure is supported on the card.
type ThreeDSUsage struct {
	Supported bool `json:"supported"`
}

// PaymentMethodListParams are the parameters of GET /v1/customers/{id}/payment_methods.
type PaymentMethodListParams struct {
	ListParams
	Type           *string `form:"type,max=5000"`
	AllowRedisplay *string `form:"allow_redisplay,enum=always|limited|unspecified"`
}

// PaymentMethodAttachParams are the parameters of POST /v1/payment_methods/{id}/attach.
type PaymentMethodAttachParams struct {
	Customer *string `form:"customer,max=5000"`
}

// attachable resolves the payment method a client wants attached: a Stripe
// test id (pm_card_visa, tok_visa, ...; test mode only) becomes a new card
// payment method, stored unattached; an existing id must be unattached and
// never detached. Cards that Stripe's tests decline cannot be attached and
// answer a card_error, as Stripe does.
func (svc *Service) attachable(ctx context.Context, tx Tx, s Scope, id, param string) (*PaymentMethod, error) {
	if !s.Livemode {
		if card, ok := testcard.Lookup(id); ok {
			if d := card.AttachDecline; d != nil {
				return nil, &Error{Kind: KindCard, Code: d.Code, DeclineCode: d.DeclineCode, AdviceCode: d.AdviceCode,
					Param: d.Param, Message: d.Message}
			}
			pm := svc.newCardPaymentMethod(s, card)
			if err := tx.InsertPaymentMethod(ctx, s, pm); err != nil {
				return nil, err
			}
			return pm, nil
		}
	}
	pm, err := tx.FindPaymentMethod(ctx, s, id)
	if err != nil {
		return nil, missingParam(err, "PaymentMethod", param, id)
	}
	if pm.Detached {
		return nil, Errorf("", param, "This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.")
	}
	if pm.Customer != nil {
		return nil, Errorf("", param, "The payment method you provided has already been attached to a customer.")
	}
	return pm, nil
}

// attach attaches pm to the customer id and stores it.
func (svc *Service) attach(ctx context.Context, tx Tx, s Scope, pm *PaymentMethod, customer string) error {
	pm.Customer = &customer
	return tx.UpdatePaymentMethod(ctx, s, pm)
}

// newCardPaymentMethod materialises a test card as a payment method with a
// fresh id; the magic id is never the id of the result.
func (svc *Service) newCardPaymentMethod(s Scope, c testcard.Card) *PaymentMethod {
	now := svc.Now()
	// Test cards expire in April of the year after next, like the cards
	// Stripe's test tokens produce, so they are always in the future.
	expYear := int64(now.Year() + 2)
	unchecked := "unchecked"
	var country, display *string
	if c.Country != "" {
		country = &c.Country
	}
	if c.DisplayBrand != "" {
		display = &c.DisplayBrand
	}
	fp := testcard.Fingerprint(s.Account, c.Number)
	return &PaymentMethod{
		ID:             svc.IDs.NewID(PrefixPaymentMethod, 24),
		Object:         "payment_method",
		AllowRedisplay: "unspecified",
		BillingDetails: BillingDetails{},
		Card: &Card{
			Brand:             c.Brand,
			Checks:            &CardChecks{CVCCheck: &unchecked},
			Country:           country,
			DisplayBrand:      display,
			ExpMonth:          4,
			ExpYear:           expYear,
			Fingerprint:       &fp,
			Funding:           c.Funding,
			Last4:             c.Last4,
			Networks:          &CardNetworks{Available: c.Networks},
			ThreeDSecureUsage: &ThreeDSUsage{Supported: c.ThreeDSecureSupported},
		},
		Created:     now.Unix(),
		CreatedNano: now.UnixNano(),
		Livemode:    s.Livemode,
		Metadata:    map[string]string{},
		Type:        "card",
	}
}

// PaymentMethod returns a payment method of the scope.
func (svc *Service) PaymentMethod(ctx context.Context, tx Tx, s Scope, id string) (*PaymentMethod, error) {
	pm, err := tx.FindPaymentMethod(ctx, s, id)
	return pm, notFound(err, "PaymentMethod", id)
}

// AttachPaymentMethod attaches the payment method id (or a new one made from
// a test id) to the live customer named by p.Customer.
func (svc *Service) AttachPaymentMethod(ctx context.Context, tx Tx, s Scope, id string, p *PaymentMethodAttachParams) (*PaymentMethod, error) {
	if p.Customer == nil {
		return nil, Errorf("parameter_missing", "customer", "Missing required param: customer.")
	}
	c, err := tx.FindCustomer(ctx, s, *p.Customer)
	if err == nil && c.Deleted {
		err = ErrNotFound
	}
	if err != nil {
		return nil, missingParam(err, "customer", "customer", *p.Customer)
	}
	if existing, err := tx.FindPaymentMethod(ctx, s, id); err == nil && existing.Customer != nil && *existing.Customer == c.ID {
		return existing, nil // attaching again to the same customer changes nothing
	}
	pm, err := svc.attachable(ctx, tx, s, id, "payment_method")
	if err != nil {
		var e *Error
		if errors.As(err, &e) && e.Code == "resource_missing" {
			return nil, NotFound("PaymentMethod", id)
		}
		return nil, err
	}
	return pm, svc.attach(ctx, tx, s, pm, c.ID)
}

// DetachPaymentMethod detaches the payment method from its customer; it can
// never be attached again. If it was the customer's default payment method
// for invoices, that default is cleared.
func (svc *Service) DetachPaymentMethod(ctx context.Context, tx Tx, s Scope, id string) (*PaymentMethod, error) {
	pm, err := tx.FindPaymentMethod(ctx, s, id)
	if err != nil {
		return nil, notFound(err, "PaymentMethod", id)
	}
	if pm.Customer == nil {
		return nil, Errorf("", "payment_method", "The payment method %s is not attached to a customer.", pm.ID)
	}
	c, err := tx.FindCustomer(ctx, s, *pm.Customer)
	if err != nil {
		return nil, err
	}
	if d := c.InvoiceSettings.DefaultPaymentMethod; d != nil && *d == pm.ID {
		c.InvoiceSettings.DefaultPaymentMethod = nil
		if err := tx.UpdateCustomer(ctx, s, c); err != nil {
			return nil, err
		}
	}
	pm.Customer, pm.Detached = nil, true
	return pm, tx.UpdatePaymentMethod(ctx, s, pm)
}

// CustomerPaymentMethods lists the payment methods attached to a live customer.
func (svc *Service) CustomerPaymentMethods(ctx context.Context, tx Tx, s Scope, customer string, p *PaymentMethodListParams) ([]*PaymentMethod, bool, error) {
	if _, err := liveCustomer(ctx, tx, s, customer); err != nil {
		return nil, false, err
	}
	page, err := p.ListParams.Page()
	if err != nil {
		return nil, false, err
	}
	f := PaymentMethodFilter{Page: page, Customer: customer}
	if p.Type != nil {
		f.Type = *p.Type
	}
	if p.AllowRedisplay != nil {
		f.AllowRedisplay = *p.AllowRedisplay
	}
	return tx.ListPaymentMethods(ctx, s, f)
}

// CustomerPaymentMethod returns a payment method only if it is attached to
// the live customer; otherwise it answers 404 as Stripe does.
func (svc *Service) CustomerPaymentMethod(ctx context.Context, tx Tx, s Scope, customer, id string) (*PaymentMethod, error) {
	if _, err := liveCustomer(ctx, tx, s, customer); err != nil {
		return nil, err
	}
	pm, err := tx.FindPaymentMethod(ctx, s, id)
	if err == nil && (pm.Customer == nil || *pm.Customer != customer) {
		// Stripe names the customer as the offending parameter here.
		e := NotFound("PaymentMethod", id)
		e.Param = "customer"
		return nil, e
	}
	return pm, notFound(err, "PaymentMethod", id)
}

// PaymentMethodUpdateParams are the parameters of POST /v1/payment_methods/{id}.
type PaymentMethodUpdateParams struct {
	AllowRedisplay *string               `form:"allow_redisplay,enum=always|limited|unspecified"`
	BillingDetails *BillingDetailsParams `form:"billing_details"`
	Card           *CardUpdateParams     `form:"card"`
	Metadata       Metadata              `form:"metadata"`
}

// BillingDetailsParams are the parameters under billing_details; "" clears one.
type BillingDetailsParams struct {
	Address Emptyable[Address] `form:"address"`
	Email   Emptyable[string]  `form:"email,max=5000"`
	Name    Emptyable[string]  `form:"name,max=5000"`
	Phone   Emptyable[string]  `form:"phone,max=5000"`
	TaxID   *string            `form:"tax_id,max=5000"`
}

// CardUpdateParams are the card fields a payment method update may change.
type CardUpdateParams struct {
	ExpMonth *int64              `form:"exp_month"`
	ExpYear  *int64              `form:"exp_year"`
	Networks *CardNetworksParams `form:"networks"`
}

// CardNetworksParams choose the preferred network of a co-branded card.
type CardNetworksParams struct {
	Preferred Emptyable[string] `form:"preferred,enum=cartes_bancaires|mastercard|visa"`
}

// UpdatePaymentMethod changes a payment method's billing details, card
// expiry, metadata and redisplay setting. An expiry in the past or out of
// range is a card_error, as Stripe answers it.
func (svc *Service) UpdatePaymentMethod(ctx context.Context, tx Tx, s Scope, id string, p *PaymentMethodUpdateParams) (*PaymentMethod, error) {
	pm, err := tx.FindPaymentMethod(ctx, s, id)
	if err != nil {
		return nil, notFound(err, "PaymentMethod", id)
	}
	if p.AllowRedisplay != nil {
		pm.AllowRedisplay = *p.AllowRedisplay
	}
	if b := p.BillingDetails; b != nil {
		bd := &pm.BillingDetails
		if b.Address.Set {
			bd.Address = nil
			if !b.Address.Empty {
				a := b.Address.Value
				bd.Address = &a
			}
		}
		setString(&bd.Email, b.Email)
		setString(&bd.Name, b.Name)
		setString(&bd.Phone, b.Phone)
		if b.TaxID != nil {
			bd.TaxID = b.TaxID
		}
	}
	if c := p.Card; c != nil {
		if pm.Card == nil {
			return nil, Errorf("", "card", "The payment method %s is not a card.", pm.ID)
		}
		month, year := pm.Card.ExpMonth, pm.Card.ExpYear
		if c.ExpMonth != nil {
			month = *c.ExpMonth
		}
		if c.ExpYear != nil {
			year = *c.ExpYear
		}
		now := svc.Now()
		switch {
		case month < 1 || month > 12:
			return nil, &Error{Kind: KindCard, Code: "invalid_expiry_month", Param: "card[exp_month]", Message: "Your card's expiration month is invalid."}
		case year < int64(now.Year()) || year > int64(now.Year())+50 ||
			(year == int64(now.Year()) && month < int64(now.Month())):
			return nil, &Error{Kind: KindCard, Code: "invalid_expiry_year", Param: "card[exp_year]", Message: "Your card's expiration year is invalid."}
		}
		pm.Card.ExpMonth, pm.Card.ExpYear = month, year
		if n := c.Networks; n != nil && n.Preferred.Set {
			if pm.Card.Networks == nil {
				pm.Card.Networks = &CardNetworks{Available: []string{}}
			}
			pm.Card.Networks.Preferred = nil
			if !n.Preferred.Empty {
				v := n.Preferred.Value
				if !containsString(pm.Card.Networks.Available, v) {
					return nil, Errorf("", "card[networks][preferred]", "The card cannot be charged on the %s network; it supports %v.", v, pm.Card.Networks.Available)
				}
				pm.Card.Networks.Preferred = &v
			}
		}
	}
	if pm.Metadata, err = ApplyMetadata(pm.Metadata, p.Metadata); err != nil {
		return nil, err
	}
	return pm, tx.UpdatePaymentMethod(ctx, s, pm)
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
