package api_test

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v85"
)

// The Customer resource through the official client, stripe-go v85: every
// field on create and update, clearing, validation, invoice prefixes,
// locales, invoice settings, metadata, deletion, lists and pagination, and
// the isolation of accounts and of test and live mode. Every successful
// response is checked against Stripe's OpenAPI schemas, and every error
// response against the error schema.

// custEnv is one test's server, client and schemas (see apiEnv), with the
// customer lists and searches.
type custEnv struct{ *apiEnv }

func newCustEnv(t *testing.T) *custEnv { return &custEnv{newAPIEnv(t)} }

// list fetches one page with sc, which must succeed, checks it against the
// list schema and returns the ids on it and has_more.
func (e *custEnv) list(t *testing.T, sc *stripe.Client, p *stripe.CustomerListParams) ([]string, bool) {
	t.Helper()
	if p == nil {
		p = &stripe.CustomerListParams{}
	}
	p.Single = true
	cs, more := checkPage(t, e.spec, sc.V1Customers.List(e.ctx, p), "customer", "/v1/customers")
	return customerIDs(cs), more
}

// walk lists customers through stripe-go's auto-pagination and returns
// the ids in the order visited, checking each customer against the schema.
func (e *custEnv) walk(t *testing.T, p *stripe.CustomerListParams) []string {
	t.Helper()
	cs := collect(t, e.sc.V1Customers.List(e.ctx, p).All(e.ctx))
	for _, c := range cs {
		e.spec.Check(t, "customer", c.LastResponse.RawJSON)
	}
	return customerIDs(cs)
}

// listErr lists customers expecting an error.
func (e *custEnv) listErr(t *testing.T, p *stripe.CustomerListParams) error {
	t.Helper()
	p.Single = true
	l := e.sc.V1Customers.List(e.ctx, p)
	if l.Err() == nil {
		t.Fatalf("list with %+v succeeded, want an error", p)
	}
	return l.Err()
}

var custInvoicePrefix = regexp.MustCompile(`^[0-9A-F]{8}$`)

func TestCustomerCreateDefaults(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	before := time.Now().Unix()
	c := e.createCustomer(t, nil)
	after := time.Now().Unix()
	raw := jsonObject(t, c.LastResponse.RawJSON)

	if !regexp.MustCompile(`^cus_[0-9A-Za-z]{14}$`).MatchString(c.ID) {
		t.Errorf("id = %q, want cus_ and 14 alphanumerics", c.ID)
	}
	if c.Object != "customer" || c.Livemode || c.Balance != 0 || c.Delinquent {
		t.Errorf("object %q livemode %v balance %d delinquent %v, want customer false 0 false", c.Object, c.Livemode, c.Balance, c.Delinquent)
	}
	if c.Created < before || c.Created > after {
		t.Errorf("created = %d, want between %d and %d", c.Created, before, after)
	}
	if !custInvoicePrefix.MatchString(c.InvoicePrefix) {
		t.Errorf("invoice_prefix = %q, want 8 uppercase hex digits", c.InvoicePrefix)
	}
	if c.NextInvoiceSequence != 1 || c.TaxExempt != stripe.CustomerTaxExemptNone {
		t.Errorf("next_invoice_sequence %d tax_exempt %q, want 1 none", c.NextInvoiceSequence, c.TaxExempt)
	}
	for _, k := range []string{"address", "currency", "default_source", "description", "discount", "email", "name", "phone", "shipping", "test_clock"} {
		if v, ok := raw[k]; !ok || v != nil {
			t.Errorf("%s = %v (present %v), want null", k, v, ok)
		}
	}
	if md, ok := raw["metadata"].(map[string]any); !ok || len(md) != 0 {
		t.Errorf("metadata = %v, want {}", raw["metadata"])
	}
	if pl, ok := raw["preferred_locales"].([]any); !ok || len(pl) != 0 {
		t.Errorf("preferred_locales = %v, want []", raw["preferred_locales"])
	}
	is, _ := raw["invoice_settings"].(map[string]any)
	for _, k := range []string{"custom_fields", "default_payment_method", "footer", "rendering_options"} {
		if v, ok := is[k]; !ok || v != nil {
			t.Errorf("invoice_settings.%s = %v (present %v), want null", k, v, ok)
		}
	}
	for _, k := range []string{"tax_ids", "sources", "subscriptions", "invoice_credit_balance", "cash_balance", "tax"} {
		if _, ok := raw[k]; ok {
			t.Errorf("includable %s is present without expand", k)
		}
	}

	t.Run("invoice prefixes differ", func(t *testing.T) {
		seen := map[string]bool{c.InvoicePrefix: true}
		for range 5 {
			p := e.createCustomer(t, nil).InvoicePrefix
			if !custInvoicePrefix.MatchString(p) || seen[p] {
				t.Errorf("invoice_prefix %q: want 8 uppercase hex digits, unique (have %v)", p, seen)
			}
			seen[p] = true
		}
	})
}

// custFullParams sets every create parameter remit supports.
func custFullParams() *stripe.CustomerCreateParams {
	return &stripe.CustomerCreateParams{
		Address: &stripe.AddressParams{
			City: stripe.String("Paris"), Country: stripe.String("FR"), Line1: stripe.String("1 rue de Rivoli"),
			Line2: stripe.String("Bâtiment B"), PostalCode: stripe.String("75001"), State: stripe.String("IDF"),
		},
		Balance:        stripe.Int64(-1500),
		BusinessName:   stripe.String("Rosen SARL"),
		Description:    stripe.String("Customer for the invoicing guide"),
		Email:          stripe.String("jenny.rosen@example.com"),
		IndividualName: stripe.String("Jenny Rosen"),
		InvoiceSettings: &stripe.CustomerCreateInvoiceSettingsParams{
			CustomFields: []*stripe.CustomerCreateInvoiceSettingsCustomFieldParams{
				{Name: stripe.String("PO number"), Value: stripe.String("PO-1234")},
				{Name: stripe.String("VAT"), Value: stripe.String("FR123")},
			},
			Footer: stripe.String("Thank you for your business."),
			RenderingOptions: &stripe.CustomerCreateInvoiceSettingsRenderingOptionsParams{
				AmountTaxDisplay: stripe.String("include_inclusive_tax"),
				Template:         stripe.String("inrtem_123"),
			},
		},
		Metadata:            map[string]string{"order_id": "6735", "plan": "pro"},
		Name:                stripe.String("Jenny Rosen"),
		NextInvoiceSequence: stripe.Int64(42),
		Phone:               stripe.String("+33123456789"),
		PreferredLocales:    stripe.StringSlice([]string{"fr-ca", "en"}),
		Shipping: &stripe.CustomerCreateShippingParams{
			Address: &stripe.AddressParams{
				City: stripe.String("Lyon"), Country: stripe.String("FR"), Line1: stripe.String("2 place Bellecour"),
				PostalCode: stripe.String("69002"),
			},
			Name:  stripe.String("Jenny Rosen (shipping)"),
			Phone: stripe.String("+33400000000"),
		},
		TaxExempt: stripe.String("reverse"),
	}
}

func TestCustomerCreateEveryField(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	p := custFullParams()
	p.InvoicePrefix = stripe.String("ROSEN1")
	c := e.createCustomer(t, p)

	got := map[string]any{
		"address":               *c.Address,
		"balance":               c.Balance,
		"business_name":         c.BusinessName,
		"description":           c.Description,
		"email":                 c.Email,
		"individual_name":       c.IndividualName,
		"invoice_prefix":        c.InvoicePrefix,
		"metadata":              c.Metadata,
		"name":                  c.Name,
		"next_invoice_sequence": c.NextInvoiceSequence,
		"phone":                 c.Phone,
		"preferred_locales":     c.PreferredLocales,
		"tax_exempt":            c.TaxExempt,
		"footer":                c.InvoiceSettings.Footer,
	}
	want := map[string]any{
		"address":               stripe.Address{City: "Paris", Country: "FR", Line1: "1 rue de Rivoli", Line2: "Bâtiment B", PostalCode: "75001", State: "IDF"},
		"balance":               int64(-1500),
		"business_name":         "Rosen SARL",
		"description":           "Customer for the invoicing guide",
		"email":                 "jenny.rosen@example.com",
		"individual_name":       "Jenny Rosen",
		"invoice_prefix":        "ROSEN1",
		"metadata":              map[string]string{"order_id": "6735", "plan": "pro"},
		"name":                  "Jenny Rosen",
		"next_invoice_sequence": int64(42),
		"phone":                 "+33123456789",
		"preferred_locales":     []string{"fr-CA", "en"},
		"tax_exempt":            stripe.CustomerTaxExemptReverse,
		"footer":                "Thank you for your business.",
	}
	for k, w := range want {
		if !reflect.DeepEqual(got[k], w) {
			t.Errorf("%s = %#v, want %#v", k, got[k], w)
		}
	}
	if s := c.Shipping; s == nil || s.Name != "Jenny Rosen (shipping)" || s.Phone != "+33400000000" || s.Address == nil ||
		*s.Address != (stripe.Address{City: "Lyon", Country: "FR", Line1: "2 place Bellecour", PostalCode: "69002"}) {
		t.Errorf("shipping = %+v", s)
	}
	cf := c.InvoiceSettings.CustomFields
	if len(cf) != 2 || *cf[0] != (stripe.CustomerInvoiceSettingsCustomField{Name: "PO number", Value: "PO-1234"}) ||
		*cf[1] != (stripe.CustomerInvoiceSettingsCustomField{Name: "VAT", Value: "FR123"}) {
		t.Errorf("custom_fields = %v", cf)
	}
	if ro := c.InvoiceSettings.RenderingOptions; ro == nil || ro.AmountTaxDisplay != "include_inclusive_tax" || ro.Template != "inrtem_123" {
		t.Errorf("rendering_options = %+v", ro)
	}
	raw := jsonObject(t, c.LastResponse.RawJSON)
	ship := raw["shipping"].(map[string]any)
	if v, ok := ship["carrier"]; !ok || v != nil {
		t.Errorf("shipping.carrier = %v, want null", v)
	}
	if addr := raw["address"].(map[string]any); addr["line2"] != "Bâtiment B" {
		t.Errorf("address.line2 = %v", addr["line2"])
	}

	t.Run("retrieve returns the same object", func(t *testing.T) {
		r := e.retrieveCustomer(t, c.ID)
		if got, want := jsonObject(t, r.LastResponse.RawJSON), raw; !reflect.DeepEqual(got, want) {
			t.Errorf("retrieve:\n%s\ncreate:\n%s", r.LastResponse.RawJSON, c.LastResponse.RawJSON)
		}
	})
}

func TestCustomerUpdate(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	cases := []struct {
		name    string
		params  *stripe.CustomerUpdateParams
		changes []string // the top-level fields the update may change
		check   func(t *testing.T, c *stripe.Customer, raw map[string]any)
	}{
		{"address", &stripe.CustomerUpdateParams{Address: &stripe.AddressParams{
			City: stripe.String("Berlin"), Country: stripe.String("DE"), Line1: stripe.String("Unter den Linden 1"), PostalCode: stripe.String("10117"),
		}}, []string{"address"}, func(t *testing.T, c *stripe.Customer, raw map[string]any) {
			want := stripe.Address{City: "Berlin", Country: "DE", Line1: "Unter den Linden 1", PostalCode: "10117"}
			if c.Address == nil || *c.Address != want {
				t.Errorf("address = %+v, want %+v", c.Address, want)
			}
		}},
		{"shipping", &stripe.CustomerUpdateParams{Shipping: &stripe.CustomerUpdateShippingParams{
			Address: &stripe.AddressParams{City: stripe.String("Madrid"), Country: stripe.String("ES")}, Name: stripe.String("Ana"),
		}}, []string{"shipping"}, func(t *testing.T, c *stripe.Customer, raw map[string]any) {
			if s := c.Shipping; s == nil || s.Name != "Ana" || s.Phone != "" || s.Address.City != "Madrid" || s.Address.Country != "ES" || s.Address.Line1 != "" {
				t.Errorf("shipping = %+v", s)
			}
		}},
		{"contact fields", &stripe.CustomerUpdateParams{
			Name: stripe.String("Ana García"), Email: stripe.String("ana@example.es"), Phone: stripe.String("+34910000000"),
			Description: stripe.String("moved to Spain"),
		}, []string{"name", "email", "phone", "description"}, func(t *testing.T, c *stripe.Customer, raw map[string]any) {
			if c.Name != "Ana García" || c.Email != "ana@example.es" || c.Phone != "+34910000000" || c.Description != "moved to Spain" {
				t.Errorf("name %q email %q phone %q description %q", c.Name, c.Email, c.Phone, c.Description)
			}
		}},
		{"business and individual name", &stripe.CustomerUpdateParams{
			BusinessName: stripe.String("García SL"), IndividualName: stripe.String("Ana García"),
		}, []string{"business_name", "individual_name"}, func(t *testing.T, c *stripe.Customer, raw map[string]any) {
			if c.BusinessName != "García SL" || c.IndividualName != "Ana García" {
				t.Errorf("business_name %q individual_name %q", c.BusinessName, c.IndividualName)
			}
		}},
		{"balance", &stripe.CustomerUpdateParams{Balance: stripe.Int64(2500)}, []string{"balance"},
			func(t *testing.T, c *stripe.Customer, raw map[string]any) {
				if c.Balance != 2500 {
					t.Errorf("balance = %d, want 2500", c.Balance)
				}
			}},
		{"balance zero", &stripe.CustomerUpdateParams{Balance: stripe.Int64(0)}, []string{"balance"},
			func(t *testing.T, c *stripe.Customer, raw map[string]any) {
				if raw["balance"] != float64(0) {
					t.Errorf("balance = %v, want 0", raw["balance"])
				}
			}},
		{"next_invoice_sequence", &stripe.CustomerUpdateParams{NextInvoiceSequence: stripe.Int64(7)}, []string{"next_invoice_sequence"},
			func(t *testing.T, c *stripe.Customer, raw map[string]any) {
				if c.NextInvoiceSequence != 7 {
					t.Errorf("next_invoice_sequence = %d, want 7", c.NextInvoiceSequence)
				}
			}},
		{"tax_exempt", &stripe.CustomerUpdateParams{TaxExempt: stripe.String("exempt")}, []string{"tax_exempt"},
			func(t *testing.T, c *stripe.Customer, raw map[string]any) {
				if c.TaxExempt != stripe.CustomerTaxExemptExempt {
					t.Errorf("tax_exempt = %q, want exempt", c.TaxExempt)
				}
			}},
		{"preferred_locales replaced", &stripe.CustomerUpdateParams{PreferredLocales: stripe.StringSlice([]string{"DE", "pt-br"})},
			[]string{"preferred_locales"}, func(t *testing.T, c *stripe.Customer, raw map[string]any) {
				if !slices.Equal(c.PreferredLocales, []string{"de", "pt-BR"}) {
					t.Errorf("preferred_locales = %q, want [de pt-BR]", c.PreferredLocales)
				}
			}},
		{"invoice_prefix", &stripe.CustomerUpdateParams{InvoicePrefix: stripe.String("NEWPFX")}, []string{"invoice_prefix"},
			func(t *testing.T, c *stripe.Customer, raw map[string]any) {
				if c.InvoicePrefix != "NEWPFX" {
					t.Errorf("invoice_prefix = %q", c.InvoicePrefix)
				}
			}},
		{"custom_fields replaced wholesale", &stripe.CustomerUpdateParams{InvoiceSettings: &stripe.CustomerUpdateInvoiceSettingsParams{
			CustomFields: []*stripe.CustomerUpdateInvoiceSettingsCustomFieldParams{{Name: stripe.String("Ref"), Value: stripe.String("R-9")}},
		}}, []string{"invoice_settings"}, func(t *testing.T, c *stripe.Customer, raw map[string]any) {
			cf := c.InvoiceSettings.CustomFields
			if len(cf) != 1 || cf[0].Name != "Ref" || cf[0].Value != "R-9" {
				t.Errorf("custom_fields = %v, want only Ref=R-9", cf)
			}
			if c.InvoiceSettings.Footer != "Thank you for your business." || c.InvoiceSettings.RenderingOptions == nil ||
				c.InvoiceSettings.RenderingOptions.AmountTaxDisplay != "include_inclusive_tax" {
				t.Errorf("footer or rendering options changed: %+v", c.InvoiceSettings)
			}
		}},
		{"footer and rendering options", &stripe.CustomerUpdateParams{InvoiceSettings: &stripe.CustomerUpdateInvoiceSettingsParams{
			Footer:           stripe.String("Merci !"),
			RenderingOptions: &stripe.CustomerUpdateInvoiceSettingsRenderingOptionsParams{AmountTaxDisplay: stripe.String("exclude_tax")},
		}}, []string{"invoice_settings"}, func(t *testing.T, c *stripe.Customer, raw map[string]any) {
			if c.InvoiceSettings.Footer != "Merci !" || c.InvoiceSettings.RenderingOptions == nil ||
				c.InvoiceSettings.RenderingOptions.AmountTaxDisplay != "exclude_tax" {
				t.Errorf("invoice_settings = %+v", c.InvoiceSettings)
			}
			if len(c.InvoiceSettings.CustomFields) != 2 {
				t.Errorf("custom_fields changed to %v", c.InvoiceSettings.CustomFields)
			}
		}},
		{"metadata merges", &stripe.CustomerUpdateParams{Metadata: map[string]string{"plan": "enterprise", "seats": "40"}}, []string{"metadata"},
			func(t *testing.T, c *stripe.Customer, raw map[string]any) {
				want := map[string]string{"order_id": "6735", "plan": "enterprise", "seats": "40"}
				if !reflect.DeepEqual(c.Metadata, want) {
					t.Errorf("metadata = %v, want %v", c.Metadata, want)
				}
			}},
		{"nothing sent changes nothing", &stripe.CustomerUpdateParams{}, nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			orig := e.createCustomer(t, custFullParams())
			c := e.updateCustomer(t, orig.ID, tc.params)
			raw := jsonObject(t, c.LastResponse.RawJSON)
			if tc.check != nil {
				tc.check(t, c, raw)
			}
			// What was not sent is unchanged, and the update is stored.
			before := jsonObject(t, orig.LastResponse.RawJSON)
			for k, v := range before {
				if !slices.Contains(tc.changes, k) && !reflect.DeepEqual(raw[k], v) {
					t.Errorf("%s changed from %v to %v", k, v, raw[k])
				}
			}
			for k := range raw {
				if _, ok := before[k]; !ok && !slices.Contains(tc.changes, k) {
					t.Errorf("%s appeared: %v", k, raw[k])
				}
			}
			if got := jsonObject(t, e.retrieveCustomer(t, c.ID).LastResponse.RawJSON); !reflect.DeepEqual(got, raw) {
				t.Errorf("retrieve after update:\n%v\nupdate answered:\n%v", got, raw)
			}
		})
	}
}

// TestCustomerClear clears each emptyable field by sending "" for it, as
// stripe-go does for stripe.String(""), an empty slice or AddExtra(k, "").
func TestCustomerClear(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	isNull := func(path ...string) func(t *testing.T, raw map[string]any) {
		return func(t *testing.T, raw map[string]any) {
			m := raw
			for _, k := range path[:len(path)-1] {
				m, _ = m[k].(map[string]any)
			}
			if v, ok := m[path[len(path)-1]]; !ok || v != nil {
				t.Errorf("%s = %v (present %v), want null", strings.Join(path, "."), v, ok)
			}
		}
	}
	isAbsent := func(k string) func(t *testing.T, raw map[string]any) {
		return func(t *testing.T, raw map[string]any) {
			if v, ok := raw[k]; ok && v != nil {
				t.Errorf("%s = %v, want it absent or null once cleared", k, v)
			}
		}
	}
	extra := func(k string) *stripe.CustomerUpdateParams {
		p := &stripe.CustomerUpdateParams{}
		p.AddExtra(k, "")
		return p
	}
	cases := []struct {
		name   string
		params *stripe.CustomerUpdateParams
		check  func(t *testing.T, raw map[string]any)
	}{
		{"address", extra("address"), isNull("address")},
		{"shipping", extra("shipping"), isNull("shipping")},
		{"business_name", &stripe.CustomerUpdateParams{BusinessName: stripe.String("")}, isAbsent("business_name")},
		{"individual_name", &stripe.CustomerUpdateParams{IndividualName: stripe.String("")}, isAbsent("individual_name")},
		{"tax_exempt", &stripe.CustomerUpdateParams{TaxExempt: stripe.String("")}, func(t *testing.T, raw map[string]any) {
			if raw["tax_exempt"] != "none" {
				t.Errorf("tax_exempt = %v, want none", raw["tax_exempt"])
			}
		}},
		{"preferred_locales", &stripe.CustomerUpdateParams{PreferredLocales: []*string{}}, func(t *testing.T, raw map[string]any) {
			if pl, ok := raw["preferred_locales"].([]any); !ok || len(pl) != 0 {
				t.Errorf("preferred_locales = %v, want []", raw["preferred_locales"])
			}
		}},
		{"metadata", extra("metadata"), func(t *testing.T, raw map[string]any) {
			if md, ok := raw["metadata"].(map[string]any); !ok || len(md) != 0 {
				t.Errorf("metadata = %v, want {}", raw["metadata"])
			}
		}},
		{"invoice_settings custom_fields", &stripe.CustomerUpdateParams{InvoiceSettings: &stripe.CustomerUpdateInvoiceSettingsParams{
			CustomFields: []*stripe.CustomerUpdateInvoiceSettingsCustomFieldParams{},
		}}, isNull("invoice_settings", "custom_fields")},
		{"invoice_settings rendering_options", extra("invoice_settings[rendering_options]"), isNull("invoice_settings", "rendering_options")},
		{"invoice_settings rendering_options amount_tax_display", &stripe.CustomerUpdateParams{InvoiceSettings: &stripe.CustomerUpdateInvoiceSettingsParams{
			RenderingOptions: &stripe.CustomerUpdateInvoiceSettingsRenderingOptionsParams{AmountTaxDisplay: stripe.String("")},
		}}, isNull("invoice_settings", "rendering_options", "amount_tax_display")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			orig := e.createCustomer(t, custFullParams())
			c := e.updateCustomer(t, orig.ID, tc.params)
			tc.check(t, jsonObject(t, c.LastResponse.RawJSON))
			tc.check(t, jsonObject(t, e.retrieveCustomer(t, orig.ID).LastResponse.RawJSON))
			// The other fields survive.
			if c.Email != "jenny.rosen@example.com" || c.Name != "Jenny Rosen" {
				t.Errorf("clearing %s changed email %q or name %q", tc.name, c.Email, c.Name)
			}
		})
	}
}

// TestCustomerCreateValidation sends bad values for single fields and checks
// Stripe's error, and the longest accepted values.
func TestCustomerCreateValidation(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	addr := &stripe.AddressParams{Line1: stripe.String("1 Main St")}
	cases := []struct {
		name   string
		params *stripe.CustomerCreateParams
		want   wantErr // zero status: the request must succeed
	}{
		{"name 256 accepted", &stripe.CustomerCreateParams{Name: stripe.String(strings.Repeat("n", 256))}, wantErr{}},
		{"name 257", &stripe.CustomerCreateParams{Name: stripe.String(strings.Repeat("n", 257))},
			wantErr{status: 400, param: "name", msg: "must be at most 256 characters"}},
		{"name counts characters not bytes", &stripe.CustomerCreateParams{Name: stripe.String(strings.Repeat("é", 256))}, wantErr{}},
		{"phone 20 accepted", &stripe.CustomerCreateParams{Phone: stripe.String(strings.Repeat("1", 20))}, wantErr{}},
		{"phone 21", &stripe.CustomerCreateParams{Phone: stripe.String(strings.Repeat("1", 21))},
			wantErr{status: 400, param: "phone", msg: "must be at most 20 characters"}},
		{"email 512 accepted", &stripe.CustomerCreateParams{Email: stripe.String(strings.Repeat("a", 500) + "@example.com")}, wantErr{}},
		{"email 513", &stripe.CustomerCreateParams{Email: stripe.String(strings.Repeat("a", 501) + "@example.com")},
			wantErr{status: 400, param: "email", msg: "must be at most 512 characters"}},
		{"email malformed", &stripe.CustomerCreateParams{Email: stripe.String("jenny.rosen")},
			wantErr{status: 400, code: "email_invalid", param: "email", msg: "Invalid email address: jenny.rosen"}},
		{"description 5000 accepted", &stripe.CustomerCreateParams{Description: stripe.String(strings.Repeat("d", 5000))}, wantErr{}},
		{"description 5001", &stripe.CustomerCreateParams{Description: stripe.String(strings.Repeat("d", 5001))},
			wantErr{status: 400, param: "description", msg: "must be at most 5000 characters"}},
		{"business_name 150 accepted", &stripe.CustomerCreateParams{BusinessName: stripe.String(strings.Repeat("b", 150))}, wantErr{}},
		{"business_name 151", &stripe.CustomerCreateParams{BusinessName: stripe.String(strings.Repeat("b", 151))},
			wantErr{status: 400, param: "business_name", msg: "must be at most 150 characters"}},
		{"individual_name 151", &stripe.CustomerCreateParams{IndividualName: stripe.String(strings.Repeat("i", 151))},
			wantErr{status: 400, param: "individual_name", msg: "must be at most 150 characters"}},
		{"tax_exempt bogus", &stripe.CustomerCreateParams{TaxExempt: stripe.String("bogus")},
			wantErr{status: 400, param: "tax_exempt", msg: "Invalid tax_exempt"}},
		{"next_invoice_sequence 0", &stripe.CustomerCreateParams{NextInvoiceSequence: stripe.Int64(0)},
			wantErr{status: 400, code: "parameter_invalid_integer", param: "next_invoice_sequence", msg: "next_invoice_sequence"}},
		{"shipping without name", &stripe.CustomerCreateParams{Shipping: &stripe.CustomerCreateShippingParams{Address: addr}},
			wantErr{status: 400, code: "parameter_missing", param: "shipping[name]", msg: "Missing required param: shipping[name]."}},
		{"shipping without address", &stripe.CustomerCreateParams{Shipping: &stripe.CustomerCreateShippingParams{Name: stripe.String("J")}},
			wantErr{status: 400, code: "parameter_missing", param: "shipping[address]", msg: "Missing required param: shipping[address]."}},
		{"rendering_options amount_tax_display bogus", &stripe.CustomerCreateParams{InvoiceSettings: &stripe.CustomerCreateInvoiceSettingsParams{
			RenderingOptions: &stripe.CustomerCreateInvoiceSettingsRenderingOptionsParams{AmountTaxDisplay: stripe.String("bogus")},
		}}, wantErr{status: 400, param: "invoice_settings[rendering_options][amount_tax_display]", msg: "Invalid invoice_settings[rendering_options][amount_tax_display]"}},
		{"footer 5001", &stripe.CustomerCreateParams{InvoiceSettings: &stripe.CustomerCreateInvoiceSettingsParams{
			Footer: stripe.String(strings.Repeat("f", 5001)),
		}}, wantErr{status: 400, param: "invoice_settings[footer]", msg: "must be at most 5000 characters"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.createCustomerExpecting(t, tc.params, tc.want)
		})
	}
}

func TestCustomerInvoicePrefix(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	taken := e.createCustomer(t, &stripe.CustomerCreateParams{InvoicePrefix: stripe.String("TAKEN1")})
	gone := e.createCustomer(t, &stripe.CustomerCreateParams{InvoicePrefix: stripe.String("GONE1")})
	if _, err := e.sc.V1Customers.Delete(e.ctx, gone.ID, nil); err != nil {
		t.Fatal(err)
	}
	other := e.createCustomer(t, nil)

	t.Run("create", func(t *testing.T) {
		cases := []struct {
			prefix string
			want   wantErr
		}{
			{"ABC", wantErr{}},
			{"ACME2026XYZ9", wantErr{}},
			{"0123", wantErr{}},
			{"abc", wantErr{status: 400, param: "invoice_prefix", msg: "abc"}},
			{"AB-12", wantErr{status: 400, param: "invoice_prefix", msg: "AB-12"}},
			{"ACME2026XYZ90", wantErr{status: 400, param: "invoice_prefix", msg: "ACME2026XYZ90"}},
			{"ÄBC", wantErr{status: 400, param: "invoice_prefix"}},
			{"TAKEN1", wantErr{status: 400, param: "invoice_prefix", msg: "TAKEN1"}},
			{"GONE1", wantErr{status: 400, param: "invoice_prefix", msg: "GONE1"}},
		}
		for _, tc := range cases {
			t.Run(tc.prefix, func(t *testing.T) {
				c := e.createCustomerExpecting(t, &stripe.CustomerCreateParams{InvoicePrefix: stripe.String(tc.prefix)}, tc.want)
				if c != nil && c.InvoicePrefix != tc.prefix {
					t.Errorf("invoice_prefix = %q, want %q", c.InvoicePrefix, tc.prefix)
				}
			})
		}
	})

	t.Run("update to a prefix another customer uses", func(t *testing.T) {
		_, err := e.sc.V1Customers.Update(e.ctx, other.ID, &stripe.CustomerUpdateParams{InvoicePrefix: stripe.String("TAKEN1")})
		e.checkErr(t, err, wantErr{status: 400, param: "invoice_prefix", msg: "TAKEN1"})
		if p := e.retrieveCustomer(t, other.ID).InvoicePrefix; p != other.InvoicePrefix {
			t.Errorf("refused update changed invoice_prefix to %q", p)
		}
	})
	t.Run("update to a prefix a deleted customer used", func(t *testing.T) {
		_, err := e.sc.V1Customers.Update(e.ctx, other.ID, &stripe.CustomerUpdateParams{InvoicePrefix: stripe.String("GONE1")})
		e.checkErr(t, err, wantErr{status: 400, param: "invoice_prefix", msg: "GONE1"})
	})
	t.Run("update to its own prefix", func(t *testing.T) {
		c := e.updateCustomer(t, taken.ID, &stripe.CustomerUpdateParams{InvoicePrefix: stripe.String("TAKEN1")})
		if c.InvoicePrefix != "TAKEN1" {
			t.Errorf("invoice_prefix = %q", c.InvoicePrefix)
		}
	})
	t.Run("update to an invalid prefix", func(t *testing.T) {
		_, err := e.sc.V1Customers.Update(e.ctx, other.ID, &stripe.CustomerUpdateParams{InvoicePrefix: stripe.String("lower")})
		e.checkErr(t, err, wantErr{status: 400, param: "invoice_prefix", msg: "lower"})
	})
	t.Run("released prefix of an updated customer is free", func(t *testing.T) {
		c := e.createCustomer(t, &stripe.CustomerCreateParams{InvoicePrefix: stripe.String("MOVING")})
		e.updateCustomer(t, c.ID, &stripe.CustomerUpdateParams{InvoicePrefix: stripe.String("MOVED")})
		if got := e.createCustomer(t, &stripe.CustomerCreateParams{InvoicePrefix: stripe.String("MOVING")}).InvoicePrefix; got != "MOVING" {
			t.Errorf("invoice_prefix = %q", got)
		}
	})
	t.Run("another account may use the same prefix", func(t *testing.T) {
		sc2 := e.srv.Client(e.srv.NewAccount(t).SecretKey)
		e.createCustomerWith(t, sc2, &stripe.CustomerCreateParams{InvoicePrefix: stripe.String("TAKEN1")})
	})
}

func TestCustomerPreferredLocales(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	cases := []struct {
		name string
		in   []string
		want []string
		err  wantErr
	}{
		{"canonical", []string{"fr-CA"}, []string{"fr-CA"}, wantErr{}},
		{"lower-case region", []string{"fr-ca"}, []string{"fr-CA"}, wantErr{}},
		{"upper-case language", []string{"EN-gb", "ZH-hk"}, []string{"en-GB", "zh-HK"}, wantErr{}},
		{"numeric region", []string{"es-419", "es"}, []string{"es-419", "es"}, wantErr{}},
		{"order kept", []string{"pt-br", "pt", "en"}, []string{"pt-BR", "pt", "en"}, wantErr{}},
		{"unsupported", []string{"xx"}, nil, wantErr{status: 400, param: "preferred_locales[0]", msg: `Invalid locale "xx"`}},
		{"unsupported second", []string{"en", "tlh-KX"}, nil, wantErr{status: 400, param: "preferred_locales[1]", msg: "tlh-KX"}},
		{"not a tag", []string{"en", "fr_FR!"}, nil, wantErr{status: 400, param: "preferred_locales[1]", msg: "fr_FR!"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := e.createCustomerExpecting(t, &stripe.CustomerCreateParams{PreferredLocales: stripe.StringSlice(tc.in)}, tc.err)
			if c == nil {
				return
			}
			if !slices.Equal(c.PreferredLocales, tc.want) {
				t.Errorf("preferred_locales = %q, want %q", c.PreferredLocales, tc.want)
			}
			// The same rules apply on update.
			u := e.updateCustomer(t, c.ID, &stripe.CustomerUpdateParams{PreferredLocales: stripe.StringSlice(tc.in)})
			if !slices.Equal(u.PreferredLocales, tc.want) {
				t.Errorf("after update preferred_locales = %q, want %q", u.PreferredLocales, tc.want)
			}
		})
	}
	t.Run("unsupported on update", func(t *testing.T) {
		c := e.createCustomer(t, &stripe.CustomerCreateParams{PreferredLocales: stripe.StringSlice([]string{"de"})})
		_, err := e.sc.V1Customers.Update(e.ctx, c.ID, &stripe.CustomerUpdateParams{PreferredLocales: stripe.StringSlice([]string{"xx"})})
		e.checkErr(t, err, wantErr{status: 400, param: "preferred_locales[0]", msg: `Invalid locale "xx"`})
		if got := e.retrieveCustomer(t, c.ID).PreferredLocales; !slices.Equal(got, []string{"de"}) {
			t.Errorf("refused update changed preferred_locales to %q", got)
		}
	})
}

func TestCustomerInvoiceSettings(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	fields := func(n int, name, value string) []*stripe.CustomerCreateInvoiceSettingsCustomFieldParams {
		var out []*stripe.CustomerCreateInvoiceSettingsCustomFieldParams
		for i := range n {
			out = append(out, &stripe.CustomerCreateInvoiceSettingsCustomFieldParams{
				Name: stripe.String(fmt.Sprintf("%s%d", name, i)), Value: stripe.String(value),
			})
		}
		return out
	}
	cases := []struct {
		name   string
		fields []*stripe.CustomerCreateInvoiceSettingsCustomFieldParams
		want   wantErr
	}{
		{"four fields", fields(4, "F", "v"), wantErr{}},
		{"five fields", fields(5, "F", "v"), wantErr{status: 400, param: "invoice_settings[custom_fields]", msg: "at most 4"}},
		{"name of 40", fields(1, strings.Repeat("n", 39), "v"), wantErr{}},
		{"name of 41", fields(1, strings.Repeat("n", 40), "v"),
			wantErr{status: 400, param: "invoice_settings[custom_fields][0][name]", msg: "must be at most 40 characters"}},
		{"value of 140", fields(1, "F", strings.Repeat("v", 140)), wantErr{}},
		{"value of 141", fields(2, "F", strings.Repeat("v", 141)),
			wantErr{status: 400, param: "invoice_settings[custom_fields][0][value]", msg: "must be at most 140 characters"}},
		{"value missing", []*stripe.CustomerCreateInvoiceSettingsCustomFieldParams{{Name: stripe.String("PO")}},
			wantErr{status: 400, code: "parameter_missing", param: "invoice_settings[custom_fields][0][value]", msg: "Missing required param: invoice_settings[custom_fields][0][value]."}},
	}
	for _, tc := range cases {
		t.Run("custom_fields/"+tc.name, func(t *testing.T) {
			c := e.createCustomerExpecting(t, &stripe.CustomerCreateParams{
				InvoiceSettings: &stripe.CustomerCreateInvoiceSettingsParams{CustomFields: tc.fields},
			}, tc.want)
			if c == nil {
				return
			}
			if len(c.InvoiceSettings.CustomFields) != len(tc.fields) {
				t.Fatalf("custom_fields = %v", c.InvoiceSettings.CustomFields)
			}
			for i, f := range tc.fields {
				if got := c.InvoiceSettings.CustomFields[i]; got.Name != *f.Name || got.Value != *f.Value {
					t.Errorf("custom_fields[%d] = %+v, want %s=%s", i, got, *f.Name, *f.Value)
				}
			}
		})
	}

	notAttached := func(pm string) wantErr {
		return wantErr{status: 400, param: "invoice_settings[default_payment_method]",
			msg: "The customer does not have a payment method with the ID " + pm + ". The payment method must be attached to the customer."}
	}
	t.Run("default_payment_method not attached on create", func(t *testing.T) {
		_, err := e.sc.V1Customers.Create(e.ctx, &stripe.CustomerCreateParams{
			InvoiceSettings: &stripe.CustomerCreateInvoiceSettingsParams{DefaultPaymentMethod: stripe.String("pm_card_visa")},
		})
		e.checkErr(t, err, notAttached("pm_card_visa"))
	})

	owner := e.createCustomer(t, &stripe.CustomerCreateParams{PaymentMethod: stripe.String("pm_card_visa")})
	pms := e.sc.V1Customers.ListPaymentMethods(e.ctx, &stripe.CustomerListPaymentMethodsParams{Customer: stripe.String(owner.ID)})
	if pms.Err() != nil || len(pms.Data()) != 1 {
		t.Fatalf("payment methods of %s: %v %v", owner.ID, pms.Data(), pms.Err())
	}
	ownersPM := pms.Data()[0].ID
	c := e.createCustomer(t, nil)
	for _, tc := range []struct{ name, pm string }{
		{"unknown", "pm_doesnotexist"},
		{"attached to another customer", ownersPM},
		{"test id never attached", "pm_card_mastercard"},
	} {
		t.Run("default_payment_method "+tc.name+" on update", func(t *testing.T) {
			_, err := e.sc.V1Customers.Update(e.ctx, c.ID, &stripe.CustomerUpdateParams{
				InvoiceSettings: &stripe.CustomerUpdateInvoiceSettingsParams{DefaultPaymentMethod: stripe.String(tc.pm)},
			})
			e.checkErr(t, err, notAttached(tc.pm))
		})
	}
	t.Run("default_payment_method attached", func(t *testing.T) {
		pm := e.attachPaymentMethod(t, "pm_card_mastercard", c.ID)
		u := e.updateCustomer(t, c.ID, &stripe.CustomerUpdateParams{
			InvoiceSettings: &stripe.CustomerUpdateInvoiceSettingsParams{DefaultPaymentMethod: stripe.String(pm.ID)},
		})
		if d := u.InvoiceSettings.DefaultPaymentMethod; d == nil || d.ID != pm.ID {
			t.Errorf("default_payment_method = %+v, want %s", d, pm.ID)
		}
		if got := jsonObject(t, u.LastResponse.RawJSON)["invoice_settings"].(map[string]any)["default_payment_method"]; got != pm.ID {
			t.Errorf("default_payment_method = %v, want the id %s when not expanded", got, pm.ID)
		}
	})
}

func TestCustomerMetadata(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	keys := func(n int) map[string]string {
		m := map[string]string{}
		for i := range n {
			m[fmt.Sprintf("key%02d", i)] = fmt.Sprintf("value %d", i)
		}
		return m
	}
	cases := []struct {
		name string
		md   map[string]string
		want wantErr
	}{
		{"50 keys", keys(50), wantErr{}},
		{"51 keys", keys(51), wantErr{status: 400, param: "metadata", msg: "50"}},
		{"key of 40", map[string]string{strings.Repeat("k", 40): "v"}, wantErr{}},
		{"key of 41", map[string]string{strings.Repeat("k", 41): "v"},
			wantErr{status: 400, param: "metadata[" + strings.Repeat("k", 41) + "]", msg: "40"}},
		{"value of 500", map[string]string{"k": strings.Repeat("v", 500)}, wantErr{}},
		{"value of 501", map[string]string{"k": strings.Repeat("v", 501)}, wantErr{status: 400, param: "metadata[k]", msg: "500"}},
		{"unicode value of 500 characters", map[string]string{"k": strings.Repeat("€", 500)}, wantErr{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := e.createCustomerExpecting(t, &stripe.CustomerCreateParams{Metadata: tc.md}, tc.want)
			if c == nil {
				return
			}
			if !reflect.DeepEqual(c.Metadata, tc.md) {
				t.Errorf("metadata = %v, want %v", c.Metadata, tc.md)
			}
		})
	}

	t.Run("update", func(t *testing.T) {
		c := e.createCustomer(t, &stripe.CustomerCreateParams{Metadata: map[string]string{"a": "1", "b": "2", "c": "3"}})
		steps := []struct {
			name   string
			params func() *stripe.CustomerUpdateParams
			want   map[string]string
		}{
			{"merge", func() *stripe.CustomerUpdateParams {
				return &stripe.CustomerUpdateParams{Metadata: map[string]string{"b": "two", "d": "4"}}
			}, map[string]string{"a": "1", "b": "two", "c": "3", "d": "4"}},
			{"remove one key", func() *stripe.CustomerUpdateParams {
				p := &stripe.CustomerUpdateParams{}
				p.AddMetadata("a", "")
				return p
			}, map[string]string{"b": "two", "c": "3", "d": "4"}},
			{"remove a key that is not there", func() *stripe.CustomerUpdateParams {
				p := &stripe.CustomerUpdateParams{}
				p.AddMetadata("zzz", "")
				return p
			}, map[string]string{"b": "two", "c": "3", "d": "4"}},
			{"other fields leave metadata alone", func() *stripe.CustomerUpdateParams {
				return &stripe.CustomerUpdateParams{Name: stripe.String("x")}
			}, map[string]string{"b": "two", "c": "3", "d": "4"}},
			{"clear all", func() *stripe.CustomerUpdateParams {
				p := &stripe.CustomerUpdateParams{}
				p.AddExtra("metadata", "")
				return p
			}, map[string]string{}},
		}
		for _, s := range steps {
			u := e.updateCustomer(t, c.ID, s.params())
			got := u.Metadata
			if got == nil {
				got = map[string]string{}
			}
			if !reflect.DeepEqual(got, s.want) {
				t.Errorf("%s: metadata = %v, want %v", s.name, got, s.want)
			}
		}
	})

	t.Run("update past 50 keys", func(t *testing.T) {
		c := e.createCustomer(t, &stripe.CustomerCreateParams{Metadata: keys(50)})
		_, err := e.sc.V1Customers.Update(e.ctx, c.ID, &stripe.CustomerUpdateParams{Metadata: map[string]string{"one_more": "x"}})
		e.checkErr(t, err, wantErr{status: 400, param: "metadata", msg: "50"})
		// Replacing one key and adding another keeps 50: fine.
		p := &stripe.CustomerUpdateParams{Metadata: map[string]string{"one_more": "x"}}
		p.AddMetadata("key00", "")
		if u := e.updateCustomer(t, c.ID, p); len(u.Metadata) != 50 || u.Metadata["one_more"] != "x" {
			t.Errorf("metadata has %d keys: %v", len(u.Metadata), u.Metadata)
		}
	})
}

func TestCustomerDelete(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	c := e.createCustomer(t, withDefaultCard(&stripe.CustomerCreateParams{Email: stripe.String("deleted@example.com")}))
	pm := c.InvoiceSettings.DefaultPaymentMethod.ID
	keep := e.createCustomer(t, &stripe.CustomerCreateParams{Email: stripe.String("deleted@example.com")})

	checkDeleted := func(t *testing.T, d *stripe.Customer) {
		t.Helper()
		e.spec.Check(t, "deleted_customer", d.LastResponse.RawJSON)
		want := map[string]any{"id": c.ID, "object": "customer", "deleted": true}
		if got := jsonObject(t, d.LastResponse.RawJSON); !reflect.DeepEqual(got, want) {
			t.Errorf("deleted customer = %s, want exactly %v", d.LastResponse.RawJSON, want)
		}
	}

	d, err := e.sc.V1Customers.Delete(e.ctx, c.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkDeleted(t, d)

	t.Run("retrieve answers the deleted shape", func(t *testing.T) {
		r, err := e.sc.V1Customers.Retrieve(e.ctx, c.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.LastResponse.StatusCode != 200 || !r.Deleted {
			t.Errorf("status %d deleted %v, want 200 true", r.LastResponse.StatusCode, r.Deleted)
		}
		checkDeleted(t, r)
	})
	t.Run("retrieve with expand answers the deleted shape", func(t *testing.T) {
		p := &stripe.CustomerRetrieveParams{}
		p.AddExpand("tax_ids")
		p.AddExpand("invoice_settings.default_payment_method")
		r, err := e.sc.V1Customers.Retrieve(e.ctx, c.ID, p)
		if err != nil {
			t.Fatal(err)
		}
		checkDeleted(t, r)
	})
	t.Run("update answers 404", func(t *testing.T) {
		_, err := e.sc.V1Customers.Update(e.ctx, c.ID, &stripe.CustomerUpdateParams{Name: stripe.String("zombie")})
		e.checkErr(t, err, noSuchCustomer(c.ID))
	})
	t.Run("delete again answers 404", func(t *testing.T) {
		_, err := e.sc.V1Customers.Delete(e.ctx, c.ID, nil)
		e.checkErr(t, err, noSuchCustomer(c.ID))
	})
	t.Run("lists leave it out", func(t *testing.T) {
		if ids, _ := e.list(t, e.sc, nil); !slices.Equal(ids, []string{keep.ID}) {
			t.Errorf("list = %v, want only %s", ids, keep.ID)
		}
		if ids, _ := e.list(t, e.sc, &stripe.CustomerListParams{Email: stripe.String("deleted@example.com")}); !slices.Equal(ids, []string{keep.ID}) {
			t.Errorf("list by email = %v, want only %s", ids, keep.ID)
		}
	})
	t.Run("its payment methods are detached", func(t *testing.T) {
		if p := e.retrievePaymentMethod(t, pm); p.Customer != nil {
			t.Errorf("payment method %s still attached to %s", pm, p.Customer.ID)
		}
	})
	t.Run("attaching to it fails", func(t *testing.T) {
		_, err := e.sc.V1PaymentMethods.Attach(e.ctx, "pm_card_visa", &stripe.PaymentMethodAttachParams{Customer: stripe.String(c.ID)})
		e.checkErr(t, err, wantErr{status: 400, code: "resource_missing", param: "customer", msg: "No such customer: '" + c.ID + "'"})
	})
	t.Run("the other customer is untouched", func(t *testing.T) {
		if r := e.retrieveCustomer(t, keep.ID); r.Deleted || r.Email != "deleted@example.com" {
			t.Errorf("other customer = %+v", r)
		}
	})
}

func TestCustomerMissing(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	const id = "cus_doesnotexist00"
	t.Run("retrieve", func(t *testing.T) {
		_, err := e.sc.V1Customers.Retrieve(e.ctx, id, nil)
		e.checkErr(t, err, noSuchCustomer(id))
	})
	t.Run("update", func(t *testing.T) {
		_, err := e.sc.V1Customers.Update(e.ctx, id, &stripe.CustomerUpdateParams{Name: stripe.String("x")})
		e.checkErr(t, err, noSuchCustomer(id))
	})
	t.Run("delete", func(t *testing.T) {
		_, err := e.sc.V1Customers.Delete(e.ctx, id, nil)
		e.checkErr(t, err, noSuchCustomer(id))
	})
	t.Run("exact message", func(t *testing.T) {
		_, err := e.sc.V1Customers.Retrieve(e.ctx, id, nil)
		if se := wantStripeError(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "id"); se.Msg != "No such customer: '"+id+"'" {
			t.Errorf("message = %q", se.Msg)
		}
	})
}

func TestCustomerList(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	var created []string // oldest first
	for i := range 12 {
		created = append(created, e.createCustomer(t, &stripe.CustomerCreateParams{Name: stripe.String(fmt.Sprintf("c%02d", i))}).ID)
	}
	newest := reversed(created) // the order lists answer in

	t.Run("newest first with the default limit of 10", func(t *testing.T) {
		ids, more := e.list(t, e.sc, nil)
		if !slices.Equal(ids, newest[:10]) || !more {
			t.Errorf("list = %v has_more %v\nwant   %v true", ids, more, newest[:10])
		}
	})
	t.Run("limit", func(t *testing.T) {
		for _, tc := range []struct {
			limit int64
			n     int
			more  bool
		}{{1, 1, true}, {11, 11, true}, {12, 12, false}, {100, 12, false}} {
			ids, more := e.list(t, e.sc, &stripe.CustomerListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(tc.limit)}})
			if !slices.Equal(ids, newest[:tc.n]) || more != tc.more {
				t.Errorf("limit %d: %v has_more %v, want the %d newest and has_more %v", tc.limit, ids, more, tc.n, tc.more)
			}
		}
	})
	t.Run("limit out of range", func(t *testing.T) {
		for _, limit := range []int64{0, 101, -1} {
			err := e.listErr(t, &stripe.CustomerListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(limit)}})
			e.checkErr(t, err, wantErr{status: 400, code: "parameter_invalid_integer", param: "limit", msg: "limit"})
		}
	})
	t.Run("starting_after", func(t *testing.T) {
		for _, tc := range []struct {
			after int // index in newest
			limit int64
			want  []string
			more  bool
		}{
			{0, 3, newest[1:4], true},
			{8, 3, newest[9:12], false},
			{9, 3, newest[10:12], false},
			{11, 3, nil, false},
		} {
			ids, more := e.list(t, e.sc, &stripe.CustomerListParams{ListParams: stripe.ListParams{
				Limit: stripe.Int64(tc.limit), StartingAfter: stripe.String(newest[tc.after]),
			}})
			if !slices.Equal(ids, tc.want) || more != tc.more {
				t.Errorf("starting_after newest[%d]: %v has_more %v, want %v %v", tc.after, ids, more, tc.want, tc.more)
			}
		}
	})
	t.Run("ending_before", func(t *testing.T) {
		for _, tc := range []struct {
			before int // index in newest
			limit  int64
			want   []string
			more   bool
		}{
			{11, 3, newest[8:11], true},
			{3, 3, newest[0:3], false},
			{2, 3, newest[0:2], false},
			{0, 3, nil, false},
		} {
			ids, more := e.list(t, e.sc, &stripe.CustomerListParams{ListParams: stripe.ListParams{
				Limit: stripe.Int64(tc.limit), EndingBefore: stripe.String(newest[tc.before]),
			}})
			// stripe-go hands the page of an ending_before list over in
			// reverse (oldest first) so that it can page backwards.
			ids = reversed(ids)
			if !slices.Equal(ids, tc.want) || more != tc.more {
				t.Errorf("ending_before newest[%d]: %v has_more %v, want %v %v", tc.before, ids, more, tc.want, tc.more)
			}
		}
	})
	t.Run("raw page order is newest first in both directions", func(t *testing.T) {
		for _, q := range []string{"starting_after=" + newest[2], "ending_before=" + newest[9]} {
			ids := e.rawList(t, "customer", "/v1/customers?limit=3&"+q).ids()
			want := newest[3:6]
			if strings.HasPrefix(q, "ending_before") {
				want = newest[6:9]
			}
			if !slices.Equal(ids, want) {
				t.Errorf("%s: %v, want %v", q, ids, want)
			}
		}
	})
	t.Run("auto-pagination forward visits each once", func(t *testing.T) {
		got := e.walk(t, &stripe.CustomerListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(5)}})
		if !slices.Equal(got, newest) {
			t.Errorf("visited %v\nwant    %v", got, newest)
		}
	})
	t.Run("auto-pagination backward visits each once", func(t *testing.T) {
		got := e.walk(t, &stripe.CustomerListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(5), EndingBefore: stripe.String(created[0])}})
		if !slices.Equal(got, created[1:]) {
			t.Errorf("visited %v\nwant    %v", got, created[1:])
		}
	})
	t.Run("auto-pagination with limit 1", func(t *testing.T) {
		got := e.walk(t, &stripe.CustomerListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(1), StartingAfter: stripe.String(newest[5])}})
		if !slices.Equal(got, newest[6:]) {
			t.Errorf("visited %v\nwant    %v", got, newest[6:])
		}
	})
	t.Run("cursor errors", func(t *testing.T) {
		err := e.listErr(t, &stripe.CustomerListParams{ListParams: stripe.ListParams{StartingAfter: stripe.String("cus_doesnotexist00")}})
		e.checkErr(t, err, wantErr{status: 400, code: "resource_missing", param: "starting_after", msg: "cus_doesnotexist00"})
		err = e.listErr(t, &stripe.CustomerListParams{ListParams: stripe.ListParams{EndingBefore: stripe.String("cus_doesnotexist00")}})
		e.checkErr(t, err, wantErr{status: 400, code: "resource_missing", param: "ending_before", msg: "cus_doesnotexist00"})
	})
	t.Run("starting_after and ending_before together", func(t *testing.T) {
		e.rawFail(t, wantErr{status: 400, code: "parameters_exclusive", param: "ending_before"},
			"GET", "/v1/customers?starting_after="+newest[1]+"&ending_before="+newest[5], "")
	})
}

func TestCustomerListEmail(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	lower := e.createCustomer(t, &stripe.CustomerCreateParams{Email: stripe.String("jenny@example.com")})
	upper := e.createCustomer(t, &stripe.CustomerCreateParams{Email: stripe.String("Jenny@Example.com")})
	lower2 := e.createCustomer(t, &stripe.CustomerCreateParams{Email: stripe.String("jenny@example.com")})
	e.createCustomer(t, &stripe.CustomerCreateParams{Email: stripe.String("jenny@example.org")})
	e.createCustomer(t, nil)
	cases := []struct {
		email string
		want  []string
	}{
		{"jenny@example.com", []string{lower2.ID, lower.ID}},
		{"Jenny@Example.com", []string{upper.ID}},
		{"JENNY@EXAMPLE.COM", nil},
		{"jenny@example", nil},
		{"enny@example.com", nil},
	}
	for _, tc := range cases {
		t.Run(tc.email, func(t *testing.T) {
			ids, more := e.list(t, e.sc, &stripe.CustomerListParams{Email: stripe.String(tc.email)})
			if !slices.Equal(ids, tc.want) || more {
				t.Errorf("list email=%s: %v has_more %v, want %v", tc.email, ids, more, tc.want)
			}
		})
	}
	t.Run("paginated", func(t *testing.T) {
		ids, more := e.list(t, e.sc, &stripe.CustomerListParams{Email: stripe.String("jenny@example.com"), ListParams: stripe.ListParams{Limit: stripe.Int64(1)}})
		if !slices.Equal(ids, []string{lower2.ID}) || !more {
			t.Errorf("page 1: %v %v", ids, more)
		}
		ids, more = e.list(t, e.sc, &stripe.CustomerListParams{Email: stripe.String("jenny@example.com"),
			ListParams: stripe.ListParams{Limit: stripe.Int64(1), StartingAfter: stripe.String(lower2.ID)}})
		if !slices.Equal(ids, []string{lower.ID}) || more {
			t.Errorf("page 2: %v %v", ids, more)
		}
	})
	t.Run("updated email", func(t *testing.T) {
		e.updateCustomer(t, upper.ID, &stripe.CustomerUpdateParams{Email: stripe.String("jenny@example.com")})
		ids, _ := e.list(t, e.sc, &stripe.CustomerListParams{Email: stripe.String("jenny@example.com")})
		if !slices.Equal(ids, []string{lower2.ID, upper.ID, lower.ID}) {
			t.Errorf("list = %v", ids)
		}
	})
}

func TestCustomerListCreated(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	const t0 = 1_700_000_000
	at := func(sec, nsec int64) time.Time { return time.Unix(sec, nsec) }
	// Two customers share a second and two share the very same instant:
	// ties are broken by id, so that pages never skip or repeat one.
	var ids []string
	for _, c := range seedCustomers(t, e.srv, e.srv.Scope, []time.Time{
		at(t0, 0),
		at(t0+100, 100),
		at(t0+100, 900_000_000),
		at(t0+200, 5),
		at(t0+200, 5),
		at(t0+300, 0),
	}, nil) {
		ids = append(ids, c.ID)
	}
	byCreated := map[string]int64{}
	for i, id := range ids {
		byCreated[id] = []int64{t0, t0 + 100, t0 + 100, t0 + 200, t0 + 200, t0 + 300}[i]
	}
	// newest is the list order: newest first, ties by id descending.
	newest := reversed(ids)
	if newest[1] < newest[2] {
		newest[1], newest[2] = newest[2], newest[1]
	}
	match := func(pred func(int64) bool) []string {
		var out []string
		for _, id := range newest {
			if pred(byCreated[id]) {
				out = append(out, id)
			}
		}
		return out
	}
	cases := []struct {
		name string
		p    *stripe.CustomerListParams
		want []string
	}{
		{"exact", &stripe.CustomerListParams{Created: stripe.Int64(t0 + 100)}, match(func(c int64) bool { return c == t0+100 })},
		{"exact with no match", &stripe.CustomerListParams{Created: stripe.Int64(t0 + 50)}, nil},
		{"gt", &stripe.CustomerListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThan: t0 + 100}}, match(func(c int64) bool { return c > t0+100 })},
		{"gte", &stripe.CustomerListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThanOrEqual: t0 + 100}}, match(func(c int64) bool { return c >= t0+100 })},
		{"lt", &stripe.CustomerListParams{CreatedRange: &stripe.RangeQueryParams{LesserThan: t0 + 200}}, match(func(c int64) bool { return c < t0+200 })},
		{"lte", &stripe.CustomerListParams{CreatedRange: &stripe.RangeQueryParams{LesserThanOrEqual: t0 + 200}}, match(func(c int64) bool { return c <= t0+200 })},
		{"gt and lt", &stripe.CustomerListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThan: t0, LesserThan: t0 + 300}},
			match(func(c int64) bool { return c > t0 && c < t0+300 })},
		{"gte and lte", &stripe.CustomerListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThanOrEqual: t0 + 200, LesserThanOrEqual: t0 + 200}},
			match(func(c int64) bool { return c == t0+200 })},
		{"empty range", &stripe.CustomerListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThan: t0 + 200, LesserThan: t0 + 100}}, nil},
		{"far future", &stripe.CustomerListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThan: 1 << 62}}, nil},
		{"far past", &stripe.CustomerListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThan: -(1 << 62)}}, newest},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, more := e.list(t, e.sc, tc.p)
			if !slices.Equal(got, tc.want) || more {
				t.Errorf("list = %v has_more %v, want %v", got, more, tc.want)
			}
		})
	}
	t.Run("pages of one over ties", func(t *testing.T) {
		got := e.walk(t, &stripe.CustomerListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(1)}})
		if !slices.Equal(got, newest) {
			t.Errorf("visited %v\nwant    %v", got, newest)
		}
		got = e.walk(t, &stripe.CustomerListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(1), EndingBefore: stripe.String(newest[len(newest)-1])}})
		if want := reversed(newest[:len(newest)-1]); !slices.Equal(got, want) {
			t.Errorf("visited backwards %v\nwant              %v", got, want)
		}
	})
	t.Run("created and pagination", func(t *testing.T) {
		in := match(func(c int64) bool { return c >= t0+100 && c <= t0+200 })
		got, more := e.list(t, e.sc, &stripe.CustomerListParams{
			CreatedRange: &stripe.RangeQueryParams{GreaterThanOrEqual: t0 + 100, LesserThanOrEqual: t0 + 200},
			ListParams:   stripe.ListParams{Limit: stripe.Int64(2), StartingAfter: stripe.String(in[0])},
		})
		if !slices.Equal(got, in[1:3]) || !more {
			t.Errorf("list = %v has_more %v, want %v true", got, more, in[1:3])
		}
	})
	t.Run("created is reported in seconds", func(t *testing.T) {
		for _, id := range ids {
			if c := e.retrieveCustomer(t, id); c.Created != byCreated[id] {
				t.Errorf("%s created = %d, want %d", id, c.Created, byCreated[id])
			}
		}
	})
}

func TestCustomerAccountIsolation(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	mine := e.createCustomer(t, &stripe.CustomerCreateParams{Email: stripe.String("shared@example.com")})
	acct := e.srv.NewAccount(t)
	other := e.srv.Client(acct.SecretKey)
	theirs := e.createCustomerWith(t, other, &stripe.CustomerCreateParams{Email: stripe.String("shared@example.com")})

	t.Run("retrieve", func(t *testing.T) {
		_, err := other.V1Customers.Retrieve(e.ctx, mine.ID, nil)
		e.checkErr(t, err, noSuchCustomer(mine.ID))
		_, err = e.sc.V1Customers.Retrieve(e.ctx, theirs.ID, nil)
		e.checkErr(t, err, noSuchCustomer(theirs.ID))
	})
	t.Run("update", func(t *testing.T) {
		_, err := other.V1Customers.Update(e.ctx, mine.ID, &stripe.CustomerUpdateParams{Name: stripe.String("hijacked")})
		e.checkErr(t, err, noSuchCustomer(mine.ID))
	})
	t.Run("delete", func(t *testing.T) {
		_, err := other.V1Customers.Delete(e.ctx, mine.ID, nil)
		e.checkErr(t, err, noSuchCustomer(mine.ID))
	})
	t.Run("list", func(t *testing.T) {
		if ids, _ := e.list(t, other, nil); !slices.Equal(ids, []string{theirs.ID}) {
			t.Errorf("other account lists %v, want only %s", ids, theirs.ID)
		}
		if ids, _ := e.list(t, other, &stripe.CustomerListParams{Email: stripe.String("shared@example.com")}); !slices.Equal(ids, []string{theirs.ID}) {
			t.Errorf("other account lists by email %v, want only %s", ids, theirs.ID)
		}
		if ids, _ := e.list(t, e.sc, nil); !slices.Equal(ids, []string{mine.ID}) {
			t.Errorf("first account lists %v, want only %s", ids, mine.ID)
		}
	})
	t.Run("cursor of another account", func(t *testing.T) {
		l := other.V1Customers.List(e.ctx, &stripe.CustomerListParams{ListParams: stripe.ListParams{StartingAfter: stripe.String(mine.ID), Single: true}})
		e.checkErr(t, l.Err(), wantErr{status: 400, code: "resource_missing", param: "starting_after", msg: mine.ID})
	})
	t.Run("payment method of another account", func(t *testing.T) {
		c := e.createCustomer(t, &stripe.CustomerCreateParams{PaymentMethod: stripe.String("pm_card_visa")})
		pms := e.sc.V1Customers.ListPaymentMethods(e.ctx, &stripe.CustomerListPaymentMethodsParams{Customer: stripe.String(c.ID)})
		if pms.Err() != nil || len(pms.Data()) != 1 {
			t.Fatalf("payment methods: %v %v", pms.Data(), pms.Err())
		}
		pm := pms.Data()[0].ID
		_, err := other.V1Customers.Update(e.ctx, theirs.ID, &stripe.CustomerUpdateParams{
			InvoiceSettings: &stripe.CustomerUpdateInvoiceSettingsParams{DefaultPaymentMethod: stripe.String(pm)},
		})
		e.checkErr(t, err, wantErr{status: 400, param: "invoice_settings[default_payment_method]", msg: pm})
	})
	t.Run("nothing changed", func(t *testing.T) {
		if c := e.retrieveCustomer(t, mine.ID); c.Deleted || c.Name != "" {
			t.Errorf("customer after the other account's attempts: %+v", c)
		}
	})
}

func TestCustomerLivemode(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	live := e.srv.Client(liveKey(t, e.srv))
	testC := e.createCustomer(t, &stripe.CustomerCreateParams{Email: stripe.String("both@example.com"), InvoicePrefix: stripe.String("MODE1")})
	liveC := e.createCustomerWith(t, live, &stripe.CustomerCreateParams{Email: stripe.String("both@example.com")})

	t.Run("livemode flag", func(t *testing.T) {
		if !liveC.Livemode || testC.Livemode {
			t.Errorf("live customer livemode %v, test customer livemode %v", liveC.Livemode, testC.Livemode)
		}
		if jsonObject(t, liveC.LastResponse.RawJSON)["livemode"] != true {
			t.Errorf("live customer JSON: %s", liveC.LastResponse.RawJSON)
		}
		r, err := live.V1Customers.Retrieve(e.ctx, liveC.ID, nil)
		if err != nil || !r.Livemode {
			t.Errorf("live retrieve: %+v %v", r, err)
		}
		ul, err := live.V1Customers.Update(e.ctx, liveC.ID, &stripe.CustomerUpdateParams{Name: stripe.String("Live")})
		if err != nil || !ul.Livemode || ul.Name != "Live" {
			t.Errorf("live update: %+v %v", ul, err)
		}
	})
	t.Run("test key cannot see live customers", func(t *testing.T) {
		_, err := e.sc.V1Customers.Retrieve(e.ctx, liveC.ID, nil)
		e.checkErr(t, err, noSuchCustomer(liveC.ID))
		_, err = e.sc.V1Customers.Update(e.ctx, liveC.ID, &stripe.CustomerUpdateParams{Name: stripe.String("x")})
		e.checkErr(t, err, noSuchCustomer(liveC.ID))
	})
	t.Run("live key cannot see test customers", func(t *testing.T) {
		_, err := live.V1Customers.Retrieve(e.ctx, testC.ID, nil)
		e.checkErr(t, err, noSuchCustomer(testC.ID))
		_, err = live.V1Customers.Delete(e.ctx, testC.ID, nil)
		e.checkErr(t, err, noSuchCustomer(testC.ID))
	})
	t.Run("lists are separate", func(t *testing.T) {
		if ids, _ := e.list(t, live, nil); !slices.Equal(ids, []string{liveC.ID}) {
			t.Errorf("live list = %v, want only %s", ids, liveC.ID)
		}
		if ids, _ := e.list(t, e.sc, &stripe.CustomerListParams{Email: stripe.String("both@example.com")}); !slices.Equal(ids, []string{testC.ID}) {
			t.Errorf("test list = %v, want only %s", ids, testC.ID)
		}
		l := live.V1Customers.List(e.ctx, &stripe.CustomerListParams{ListParams: stripe.ListParams{StartingAfter: stripe.String(testC.ID), Single: true}})
		e.checkErr(t, l.Err(), wantErr{status: 400, code: "resource_missing", param: "starting_after", msg: testC.ID})
	})
	t.Run("live delete", func(t *testing.T) {
		d, err := live.V1Customers.Delete(e.ctx, liveC.ID, nil)
		if err != nil || !d.Deleted {
			t.Fatalf("live delete: %+v %v", d, err)
		}
		e.spec.Check(t, "deleted_customer", d.LastResponse.RawJSON)
		if c := e.retrieveCustomer(t, testC.ID); c.Deleted {
			t.Error("deleting the live customer deleted the test one")
		}
	})
}
