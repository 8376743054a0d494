package remit

// Emptyable is a request parameter that Stripe lets a client clear by sending
// an empty string ("address=", "metadata="). The form decoder fills it through
// FormEmpty and FormTarget.
type Emptyable[T any] struct {
	Set   bool // the parameter was sent
	Empty bool // it was sent as "" and so clears the field
	Value T    // the value sent, when Set and not Empty
}

// FormEmpty records that the parameter was sent as "".
func (e *Emptyable[T]) FormEmpty() { e.Set, e.Empty = true, true }

// FormTarget records that the parameter was sent with a value and returns
// where the decoder should put it.
func (e *Emptyable[T]) FormTarget() any { e.Set = true; return &e.Value }

// Present reports whether the parameter was sent with a non-empty value.
func (e Emptyable[T]) Present() bool { return e.Set && !e.Empty }

// Metadata is a metadata parameter: keys map to values, and a value of ""
// removes that key on update.
type Metadata = Emptyable[map[string]string]

// CustomerParams are the parameters of POST /v1/customers and
// POST /v1/customers/{id}. Fields only valid on create are rejected on update
// by the API layer; see CustomerCreateParams.
type CustomerParams struct {
	Address             Emptyable[Address]        `form:"address"`
	Balance             *int64                    `form:"balance"`
	BusinessName        Emptyable[string]         `form:"business_name,max=150"`
	Description         Emptyable[string]         `form:"description,max=5000"`
	Email               Emptyable[string]         `form:"email,max=512"`
	IndividualName      Emptyable[string]         `form:"individual_name,max=150"`
	InvoicePrefix       *string                   `form:"invoice_prefix,max=5000"`
	InvoiceSettings     *InvoiceSettingsParams    `form:"invoice_settings"`
	Metadata            Metadata                  `form:"metadata"`
	Name                Emptyable[string]         `form:"name,max=256"`
	NextInvoiceSequence *int64                    `form:"next_invoice_sequence"`
	Phone               Emptyable[string]         `form:"phone,max=20"`
	PreferredLocales    *[]string                 `form:"preferred_locales,max=5000"`
	Shipping            Emptyable[ShippingParams] `form:"shipping"`
	TaxExempt           Emptyable[string]         `form:"tax_exempt,enum=exempt|none|reverse"`
	Tax                 *CustomerTaxParams        `form:"tax"`
}

// CustomerTaxParams are the parameters under tax. validate_location takes
// deferred or immediately on create, and also auto on update.
type CustomerTaxParams struct {
	IPAddress        Emptyable[string] `form:"ip_address,max=100"`
	ValidateLocation *string           `form:"validate_location,enum=auto|deferred|immediately"`
}

// CustomerCreateParams adds the create-only parameters.
type CustomerCreateParams struct {
	CustomerParams
	PaymentMethod *string       `form:"payment_method,max=5000"`
	TestClock     *string       `form:"test_clock,max=5000"`
	TaxIDData     []TaxIDParams `form:"tax_id_data"`
}

// InvoiceSettingsParams are the parameters under invoice_settings.
type InvoiceSettingsParams struct {
	CustomFields         Emptyable[[]CustomField]          `form:"custom_fields"`
	DefaultPaymentMethod Emptyable[string]                 `form:"default_payment_method,max=5000"`
	Footer               Emptyable[string]                 `form:"footer,max=5000"`
	RenderingOptions     Emptyable[RenderingOptionsParams] `form:"rendering_options"`
}

// RenderingOptionsParams are the parameters under invoice_settings[rendering_options].
type RenderingOptionsParams struct {
	AmountTaxDisplay Emptyable[string] `form:"amount_tax_display,enum=exclude_tax|include_inclusive_tax"`
	Template         *string           `form:"template,max=5000"`
}

// ShippingParams are the parameters under shipping.
type ShippingParams struct {
	Address Address `form:"address,required"`
	Name    string  `form:"name,required,max=5000"`
	Phone   *string `form:"phone,max=5000"`
}

// ListParams are the pagination and filter parameters shared by list endpoints.
type ListParams struct {
	Limit         *int64       `form:"limit"`
	StartingAfter *string      `form:"starting_after,max=5000"`
	EndingBefore  *string      `form:"ending_before,max=5000"`
	Created       *RangeFilter `form:"created"`
}

// RangeFilter is a timestamp filter: either an exact value ("created=123") or
// bounds ("created[gte]=123").
type RangeFilter struct {
	Equals *int64 `form:",scalar"`
	GT     *int64 `form:"gt"`
	GTE    *int64 `form:"gte"`
	LT     *int64 `form:"lt"`
	LTE    *int64 `form:"lte"`
}

// CustomerListParams are the parameters of GET /v1/customers.
type CustomerListParams struct {
	ListParams
	Email     *string `form:"email,max=512"`
	TestClock *string `form:"test_clock,max=5000"`
}

// Page checks the pagination parameters and returns the page they select:
// limit 1 to 100 (default 10), and starting_after and ending_before not both.
func (p ListParams) Page() (Page, error) {
	pg := Page{Limit: 10}
	if p.Limit != nil {
		if *p.Limit < 1 || *p.Limit > 100 {
			return pg, Errorf("parameter_invalid_integer", "limit", "Invalid limit: must be between 1 and 100, you passed %d.", *p.Limit)
		}
		pg.Limit = int(*p.Limit)
	}
	if p.StartingAfter != nil && p.EndingBefore != nil {
		return pg, Errorf("parameters_exclusive", "ending_before", "You may only specify one of these parameters: starting_after, ending_before.")
	}
	if p.StartingAfter != nil {
		pg.StartingAfter = *p.StartingAfter
	}
	if p.EndingBefore != nil {
		pg.EndingBefore = *p.EndingBefore
	}
	if p.Created != nil {
		pg.Created = *p.Created
	}
	return pg, nil
}
