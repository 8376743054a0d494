package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v85"

	"remit"
	"remit/internal/openapitest"
	"remit/internal/remittest"
)

// The Customer resource through the official client, stripe-go v85: every
// field on create and update, clearing, validation, invoice prefixes,
// locales, invoice settings, metadata, deletion, lists and pagination, and
// the isolation of accounts and of test and live mode. Every successful
// response is checked against Stripe's OpenAPI schemas, and every error
// response against the error schema.

// custEnv is one test's server, a stripe-go client on its default account
// (test mode) and Stripe's schemas.
type custEnv struct {
	srv  *remittest.Server
	sc   *stripe.Client
	spec *openapitest.Spec
	ctx  context.Context
}

func newCustEnv(t *testing.T) *custEnv {
	t.Helper()
	srv := remittest.Start(t)
	return &custEnv{srv: srv, sc: srv.Client(""), spec: openapitest.Load(t), ctx: context.Background()}
}

// create creates a customer, which must succeed, and checks the response
// against the customer schema.
func (e *custEnv) create(t *testing.T, p *stripe.CustomerCreateParams) *stripe.Customer {
	t.Helper()
	if p == nil {
		p = &stripe.CustomerCreateParams{}
	}
	c, err := e.sc.V1Customers.Create(e.ctx, p)
	if err != nil {
		t.Fatalf("create customer: %v", err)
	}
	e.spec.Check(t, "customer", c.LastResponse.RawJSON)
	return c
}

func (e *custEnv) update(t *testing.T, id string, p *stripe.CustomerUpdateParams) *stripe.Customer {
	t.Helper()
	c, err := e.sc.V1Customers.Update(e.ctx, id, p)
	if err != nil {
		t.Fatalf("update customer %s: %v", id, err)
	}
	e.spec.Check(t, "customer", c.LastResponse.RawJSON)
	return c
}

func (e *custEnv) retrieve(t *testing.T, id string) *stripe.Customer {
	t.Helper()
	c, err := e.sc.V1Customers.Retrieve(e.ctx, id, nil)
	if err != nil {
		t.Fatalf("retrieve customer %s: %v", id, err)
	}
	e.spec.Check(t, "customer", c.LastResponse.RawJSON)
	return c
}

// list fetches one page, which must succeed, checks it against the list
// schema and returns the ids on it and has_more.
func (e *custEnv) list(t *testing.T, sc *stripe.Client, p *stripe.CustomerListParams) ([]string, bool) {
	t.Helper()
	if p == nil {
		p = &stripe.CustomerListParams{}
	}
	p.Single = true
	l := sc.V1Customers.List(e.ctx, p)
	if err := l.Err(); err != nil {
		t.Fatalf("list customers: %v", err)
	}
	e.spec.CheckList(t, "customer", l.LastResponse().RawJSON)
	if m := l.Meta(); m.URL != "/v1/customers" {
		t.Errorf("list url = %q, want /v1/customers", m.URL)
	}
	return custIDs(l.Data()), l.Meta().HasMore
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

func custIDs(cs []*stripe.Customer) []string {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return ids
}

// custJSON decodes a raw response body, to look at what the typed client
// cannot tell apart (null, absent, empty).
func custJSON(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("response is not a JSON object: %v\n%s", err, raw)
	}
	return m
}

// custWantErr is an expected Stripe error. typ defaults to
// invalid_request_error; msg must be contained in the message.
type custWantErr struct {
	status int
	typ    string
	code   string
	param  string
	msg    string
}

var custRequestID = regexp.MustCompile(`^req_[0-9A-Za-z]{14}$`)

// custCheckErr checks that err is the Stripe error described by want and
// that its body matches the error schema.
func custCheckErr(t *testing.T, spec *openapitest.Spec, err error, want custWantErr) {
	t.Helper()
	var se *stripe.Error
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T), want a *stripe.Error", err, err)
	}
	typ := want.typ
	if typ == "" {
		typ = "invalid_request_error"
	}
	if se.HTTPStatusCode != want.status || string(se.Type) != typ || string(se.Code) != want.code || se.Param != want.param {
		t.Errorf("error = %d %s code=%q param=%q (%s)\nwant    %d %s code=%q param=%q",
			se.HTTPStatusCode, se.Type, se.Code, se.Param, se.Msg, want.status, typ, want.code, want.param)
	}
	if !strings.Contains(se.Msg, want.msg) {
		t.Errorf("error message %q does not contain %q", se.Msg, want.msg)
	}
	wantDoc := ""
	if want.code != "" {
		wantDoc = "https://stripe.com/docs/error-codes/" + strings.ReplaceAll(want.code, "_", "-")
	}
	if se.DocURL != wantDoc {
		t.Errorf("doc_url = %q, want %q", se.DocURL, wantDoc)
	}
	if !custRequestID.MatchString(se.RequestID) {
		t.Errorf("error Request-Id = %q, want req_ and 14 alphanumerics", se.RequestID)
	}
	if se.LastResponse == nil {
		t.Fatal("error without a response")
	}
	spec.Check(t, "error", se.LastResponse.RawJSON)
}

func custNoSuchCustomer(id string) custWantErr {
	return custWantErr{status: 404, code: "resource_missing", param: "id", msg: "No such customer: '" + id + "'"}
}

// custSeed creates customers directly through remit's service, with a
// clock stopped at each of the given times, in the test mode of the
// server's default account: lists can then be tested on exact timestamps.
func custSeed(t *testing.T, srv *remittest.Server, at ...time.Time) []string {
	t.Helper()
	ctx := context.Background()
	svc := remit.NewService()
	var ids []string
	err := srv.Store.Update(ctx, func(tx remit.Tx) error {
		for _, ts := range at {
			svc.Now = func() time.Time { return ts }
			c, err := svc.CreateCustomer(ctx, tx, srv.Scope, &remit.CustomerCreateParams{})
			if err != nil {
				return err
			}
			ids = append(ids, c.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed customers: %v", err)
	}
	return ids
}

// custLiveKey stores a new sk_live_ key for the server's default account,
// as `remit serve --api-key sk_live_...` does, and returns it.
func custLiveKey(t *testing.T, srv *remittest.Server) string {
	t.Helper()
	ctx := context.Background()
	key := "sk_live_" + remit.RandomString(32, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
	err := srv.Store.Update(ctx, func(tx remit.Tx) error {
		return tx.CreateAPIKey(ctx, remit.DescribeKey(key, srv.Scope.Account, time.Now()))
	})
	if err != nil {
		t.Fatalf("create live key: %v", err)
	}
	return key
}

func custReverse(ids []string) []string {
	out := slices.Clone(ids)
	slices.Reverse(out)
	return out
}

var custInvoicePrefix = regexp.MustCompile(`^[0-9A-F]{8}$`)

func TestCustomerCreateDefaults(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	before := time.Now().Unix()
	c := e.create(t, nil)
	after := time.Now().Unix()
	raw := custJSON(t, c.LastResponse.RawJSON)

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
			p := e.create(t, nil).InvoicePrefix
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
	c := e.create(t, p)

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
	raw := custJSON(t, c.LastResponse.RawJSON)
	ship := raw["shipping"].(map[string]any)
	if v, ok := ship["carrier"]; !ok || v != nil {
		t.Errorf("shipping.carrier = %v, want null", v)
	}
	if addr := raw["address"].(map[string]any); addr["line2"] != "Bâtiment B" {
		t.Errorf("address.line2 = %v", addr["line2"])
	}

	t.Run("retrieve returns the same object", func(t *testing.T) {
		r := e.retrieve(t, c.ID)
		if got, want := custJSON(t, r.LastResponse.RawJSON), raw; !reflect.DeepEqual(got, want) {
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
			orig := e.create(t, custFullParams())
			c := e.update(t, orig.ID, tc.params)
			raw := custJSON(t, c.LastResponse.RawJSON)
			if tc.check != nil {
				tc.check(t, c, raw)
			}
			// What was not sent is unchanged, and the update is stored.
			before := custJSON(t, orig.LastResponse.RawJSON)
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
			if got := custJSON(t, e.retrieve(t, c.ID).LastResponse.RawJSON); !reflect.DeepEqual(got, raw) {
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
			orig := e.create(t, custFullParams())
			c := e.update(t, orig.ID, tc.params)
			tc.check(t, custJSON(t, c.LastResponse.RawJSON))
			tc.check(t, custJSON(t, e.retrieve(t, orig.ID).LastResponse.RawJSON))
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
		want   custWantErr // zero status: the request must succeed
	}{
		{"name 256 accepted", &stripe.CustomerCreateParams{Name: stripe.String(strings.Repeat("n", 256))}, custWantErr{}},
		{"name 257", &stripe.CustomerCreateParams{Name: stripe.String(strings.Repeat("n", 257))},
			custWantErr{status: 400, param: "name", msg: "must be at most 256 characters"}},
		{"name counts characters not bytes", &stripe.CustomerCreateParams{Name: stripe.String(strings.Repeat("é", 256))}, custWantErr{}},
		{"phone 20 accepted", &stripe.CustomerCreateParams{Phone: stripe.String(strings.Repeat("1", 20))}, custWantErr{}},
		{"phone 21", &stripe.CustomerCreateParams{Phone: stripe.String(strings.Repeat("1", 21))},
			custWantErr{status: 400, param: "phone", msg: "must be at most 20 characters"}},
		{"email 512 accepted", &stripe.CustomerCreateParams{Email: stripe.String(strings.Repeat("a", 500) + "@example.com")}, custWantErr{}},
		{"email 513", &stripe.CustomerCreateParams{Email: stripe.String(strings.Repeat("a", 501) + "@example.com")},
			custWantErr{status: 400, param: "email", msg: "must be at most 512 characters"}},
		{"email malformed", &stripe.CustomerCreateParams{Email: stripe.String("jenny.rosen")},
			custWantErr{status: 400, code: "email_invalid", param: "email", msg: "Invalid email address: jenny.rosen"}},
		{"description 5000 accepted", &stripe.CustomerCreateParams{Description: stripe.String(strings.Repeat("d", 5000))}, custWantErr{}},
		{"description 5001", &stripe.CustomerCreateParams{Description: stripe.String(strings.Repeat("d", 5001))},
			custWantErr{status: 400, param: "description", msg: "must be at most 5000 characters"}},
		{"business_name 150 accepted", &stripe.CustomerCreateParams{BusinessName: stripe.String(strings.Repeat("b", 150))}, custWantErr{}},
		{"business_name 151", &stripe.CustomerCreateParams{BusinessName: stripe.String(strings.Repeat("b", 151))},
			custWantErr{status: 400, param: "business_name", msg: "must be at most 150 characters"}},
		{"individual_name 151", &stripe.CustomerCreateParams{IndividualName: stripe.String(strings.Repeat("i", 151))},
			custWantErr{status: 400, param: "individual_name", msg: "must be at most 150 characters"}},
		{"tax_exempt bogus", &stripe.CustomerCreateParams{TaxExempt: stripe.String("bogus")},
			custWantErr{status: 400, param: "tax_exempt", msg: "Invalid tax_exempt"}},
		{"next_invoice_sequence 0", &stripe.CustomerCreateParams{NextInvoiceSequence: stripe.Int64(0)},
			custWantErr{status: 400, code: "parameter_invalid_integer", param: "next_invoice_sequence", msg: "next_invoice_sequence"}},
		{"shipping without name", &stripe.CustomerCreateParams{Shipping: &stripe.CustomerCreateShippingParams{Address: addr}},
			custWantErr{status: 400, code: "parameter_missing", param: "shipping[name]", msg: "Missing required param: shipping[name]."}},
		{"shipping without address", &stripe.CustomerCreateParams{Shipping: &stripe.CustomerCreateShippingParams{Name: stripe.String("J")}},
			custWantErr{status: 400, code: "parameter_missing", param: "shipping[address]", msg: "Missing required param: shipping[address]."}},
		{"rendering_options amount_tax_display bogus", &stripe.CustomerCreateParams{InvoiceSettings: &stripe.CustomerCreateInvoiceSettingsParams{
			RenderingOptions: &stripe.CustomerCreateInvoiceSettingsRenderingOptionsParams{AmountTaxDisplay: stripe.String("bogus")},
		}}, custWantErr{status: 400, param: "invoice_settings[rendering_options][amount_tax_display]", msg: "Invalid invoice_settings[rendering_options][amount_tax_display]"}},
		{"footer 5001", &stripe.CustomerCreateParams{InvoiceSettings: &stripe.CustomerCreateInvoiceSettingsParams{
			Footer: stripe.String(strings.Repeat("f", 5001)),
		}}, custWantErr{status: 400, param: "invoice_settings[footer]", msg: "must be at most 5000 characters"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := e.sc.V1Customers.Create(e.ctx, tc.params)
			if tc.want.status == 0 {
				if err != nil {
					t.Fatalf("create: %v", err)
				}
				e.spec.Check(t, "customer", c.LastResponse.RawJSON)
				return
			}
			custCheckErr(t, e.spec, err, tc.want)
		})
	}
}

func TestCustomerInvoicePrefix(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	taken := e.create(t, &stripe.CustomerCreateParams{InvoicePrefix: stripe.String("TAKEN1")})
	gone := e.create(t, &stripe.CustomerCreateParams{InvoicePrefix: stripe.String("GONE1")})
	if _, err := e.sc.V1Customers.Delete(e.ctx, gone.ID, nil); err != nil {
		t.Fatal(err)
	}
	other := e.create(t, nil)

	t.Run("create", func(t *testing.T) {
		cases := []struct {
			prefix string
			want   custWantErr
		}{
			{"ABC", custWantErr{}},
			{"ACME2026XYZ9", custWantErr{}},
			{"0123", custWantErr{}},
			{"abc", custWantErr{status: 400, param: "invoice_prefix", msg: "abc"}},
			{"AB-12", custWantErr{status: 400, param: "invoice_prefix", msg: "AB-12"}},
			{"ACME2026XYZ90", custWantErr{status: 400, param: "invoice_prefix", msg: "ACME2026XYZ90"}},
			{"ÄBC", custWantErr{status: 400, param: "invoice_prefix"}},
			{"TAKEN1", custWantErr{status: 400, param: "invoice_prefix", msg: "TAKEN1"}},
			{"GONE1", custWantErr{status: 400, param: "invoice_prefix", msg: "GONE1"}},
		}
		for _, tc := range cases {
			t.Run(tc.prefix, func(t *testing.T) {
				c, err := e.sc.V1Customers.Create(e.ctx, &stripe.CustomerCreateParams{InvoicePrefix: stripe.String(tc.prefix)})
				if tc.want.status == 0 {
					if err != nil {
						t.Fatalf("create: %v", err)
					}
					e.spec.Check(t, "customer", c.LastResponse.RawJSON)
					if c.InvoicePrefix != tc.prefix {
						t.Errorf("invoice_prefix = %q, want %q", c.InvoicePrefix, tc.prefix)
					}
					return
				}
				custCheckErr(t, e.spec, err, tc.want)
			})
		}
	})

	t.Run("update to a prefix another customer uses", func(t *testing.T) {
		_, err := e.sc.V1Customers.Update(e.ctx, other.ID, &stripe.CustomerUpdateParams{InvoicePrefix: stripe.String("TAKEN1")})
		custCheckErr(t, e.spec, err, custWantErr{status: 400, param: "invoice_prefix", msg: "TAKEN1"})
		if p := e.retrieve(t, other.ID).InvoicePrefix; p != other.InvoicePrefix {
			t.Errorf("refused update changed invoice_prefix to %q", p)
		}
	})
	t.Run("update to a prefix a deleted customer used", func(t *testing.T) {
		_, err := e.sc.V1Customers.Update(e.ctx, other.ID, &stripe.CustomerUpdateParams{InvoicePrefix: stripe.String("GONE1")})
		custCheckErr(t, e.spec, err, custWantErr{status: 400, param: "invoice_prefix", msg: "GONE1"})
	})
	t.Run("update to its own prefix", func(t *testing.T) {
		c := e.update(t, taken.ID, &stripe.CustomerUpdateParams{InvoicePrefix: stripe.String("TAKEN1")})
		if c.InvoicePrefix != "TAKEN1" {
			t.Errorf("invoice_prefix = %q", c.InvoicePrefix)
		}
	})
	t.Run("update to an invalid prefix", func(t *testing.T) {
		_, err := e.sc.V1Customers.Update(e.ctx, other.ID, &stripe.CustomerUpdateParams{InvoicePrefix: stripe.String("lower")})
		custCheckErr(t, e.spec, err, custWantErr{status: 400, param: "invoice_prefix", msg: "lower"})
	})
	t.Run("released prefix of an updated customer is free", func(t *testing.T) {
		c := e.create(t, &stripe.CustomerCreateParams{InvoicePrefix: stripe.String("MOVING")})
		e.update(t, c.ID, &stripe.CustomerUpdateParams{InvoicePrefix: stripe.String("MOVED")})
		if got := e.create(t, &stripe.CustomerCreateParams{InvoicePrefix: stripe.String("MOVING")}).InvoicePrefix; got != "MOVING" {
			t.Errorf("invoice_prefix = %q", got)
		}
	})
	t.Run("another account may use the same prefix", func(t *testing.T) {
		sc2 := e.srv.Client(e.srv.NewAccount(t).SecretKey)
		c, err := sc2.V1Customers.Create(e.ctx, &stripe.CustomerCreateParams{InvoicePrefix: stripe.String("TAKEN1")})
		if err != nil {
			t.Fatal(err)
		}
		e.spec.Check(t, "customer", c.LastResponse.RawJSON)
	})
}

func TestCustomerPreferredLocales(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	cases := []struct {
		name string
		in   []string
		want []string
		err  custWantErr
	}{
		{"canonical", []string{"fr-CA"}, []string{"fr-CA"}, custWantErr{}},
		{"lower-case region", []string{"fr-ca"}, []string{"fr-CA"}, custWantErr{}},
		{"upper-case language", []string{"EN-gb", "ZH-hk"}, []string{"en-GB", "zh-HK"}, custWantErr{}},
		{"numeric region", []string{"es-419", "es"}, []string{"es-419", "es"}, custWantErr{}},
		{"order kept", []string{"pt-br", "pt", "en"}, []string{"pt-BR", "pt", "en"}, custWantErr{}},
		{"unsupported", []string{"xx"}, nil, custWantErr{status: 400, param: "preferred_locales[0]", msg: `Invalid locale "xx"`}},
		{"unsupported second", []string{"en", "tlh-KX"}, nil, custWantErr{status: 400, param: "preferred_locales[1]", msg: "tlh-KX"}},
		{"not a tag", []string{"en", "fr_FR!"}, nil, custWantErr{status: 400, param: "preferred_locales[1]", msg: "fr_FR!"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := e.sc.V1Customers.Create(e.ctx, &stripe.CustomerCreateParams{PreferredLocales: stripe.StringSlice(tc.in)})
			if tc.err.status != 0 {
				custCheckErr(t, e.spec, err, tc.err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			e.spec.Check(t, "customer", c.LastResponse.RawJSON)
			if !slices.Equal(c.PreferredLocales, tc.want) {
				t.Errorf("preferred_locales = %q, want %q", c.PreferredLocales, tc.want)
			}
			// The same rules apply on update.
			u := e.update(t, c.ID, &stripe.CustomerUpdateParams{PreferredLocales: stripe.StringSlice(tc.in)})
			if !slices.Equal(u.PreferredLocales, tc.want) {
				t.Errorf("after update preferred_locales = %q, want %q", u.PreferredLocales, tc.want)
			}
		})
	}
	t.Run("unsupported on update", func(t *testing.T) {
		c := e.create(t, &stripe.CustomerCreateParams{PreferredLocales: stripe.StringSlice([]string{"de"})})
		_, err := e.sc.V1Customers.Update(e.ctx, c.ID, &stripe.CustomerUpdateParams{PreferredLocales: stripe.StringSlice([]string{"xx"})})
		custCheckErr(t, e.spec, err, custWantErr{status: 400, param: "preferred_locales[0]", msg: `Invalid locale "xx"`})
		if got := e.retrieve(t, c.ID).PreferredLocales; !slices.Equal(got, []string{"de"}) {
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
		want   custWantErr
	}{
		{"four fields", fields(4, "F", "v"), custWantErr{}},
		{"five fields", fields(5, "F", "v"), custWantErr{status: 400, param: "invoice_settings[custom_fields]", msg: "at most 4"}},
		{"name of 40", fields(1, strings.Repeat("n", 39), "v"), custWantErr{}},
		{"name of 41", fields(1, strings.Repeat("n", 40), "v"),
			custWantErr{status: 400, param: "invoice_settings[custom_fields][0][name]", msg: "must be at most 40 characters"}},
		{"value of 140", fields(1, "F", strings.Repeat("v", 140)), custWantErr{}},
		{"value of 141", fields(2, "F", strings.Repeat("v", 141)),
			custWantErr{status: 400, param: "invoice_settings[custom_fields][0][value]", msg: "must be at most 140 characters"}},
		{"value missing", []*stripe.CustomerCreateInvoiceSettingsCustomFieldParams{{Name: stripe.String("PO")}},
			custWantErr{status: 400, code: "parameter_missing", param: "invoice_settings[custom_fields][0][value]", msg: "Missing required param: invoice_settings[custom_fields][0][value]."}},
	}
	for _, tc := range cases {
		t.Run("custom_fields/"+tc.name, func(t *testing.T) {
			c, err := e.sc.V1Customers.Create(e.ctx, &stripe.CustomerCreateParams{
				InvoiceSettings: &stripe.CustomerCreateInvoiceSettingsParams{CustomFields: tc.fields},
			})
			if tc.want.status != 0 {
				custCheckErr(t, e.spec, err, tc.want)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			e.spec.Check(t, "customer", c.LastResponse.RawJSON)
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

	notAttached := func(pm string) custWantErr {
		return custWantErr{status: 400, param: "invoice_settings[default_payment_method]",
			msg: "The customer does not have a payment method with the ID " + pm + ". The payment method must be attached to the customer."}
	}
	t.Run("default_payment_method not attached on create", func(t *testing.T) {
		_, err := e.sc.V1Customers.Create(e.ctx, &stripe.CustomerCreateParams{
			InvoiceSettings: &stripe.CustomerCreateInvoiceSettingsParams{DefaultPaymentMethod: stripe.String("pm_card_visa")},
		})
		custCheckErr(t, e.spec, err, notAttached("pm_card_visa"))
	})

	owner := e.create(t, &stripe.CustomerCreateParams{PaymentMethod: stripe.String("pm_card_visa")})
	pms := e.sc.V1Customers.ListPaymentMethods(e.ctx, &stripe.CustomerListPaymentMethodsParams{Customer: stripe.String(owner.ID)})
	if pms.Err() != nil || len(pms.Data()) != 1 {
		t.Fatalf("payment methods of %s: %v %v", owner.ID, pms.Data(), pms.Err())
	}
	ownersPM := pms.Data()[0].ID
	c := e.create(t, nil)
	for _, tc := range []struct{ name, pm string }{
		{"unknown", "pm_doesnotexist"},
		{"attached to another customer", ownersPM},
		{"test id never attached", "pm_card_mastercard"},
	} {
		t.Run("default_payment_method "+tc.name+" on update", func(t *testing.T) {
			_, err := e.sc.V1Customers.Update(e.ctx, c.ID, &stripe.CustomerUpdateParams{
				InvoiceSettings: &stripe.CustomerUpdateInvoiceSettingsParams{DefaultPaymentMethod: stripe.String(tc.pm)},
			})
			custCheckErr(t, e.spec, err, notAttached(tc.pm))
		})
	}
	t.Run("default_payment_method attached", func(t *testing.T) {
		pm, err := e.sc.V1PaymentMethods.Attach(e.ctx, "pm_card_mastercard", &stripe.PaymentMethodAttachParams{Customer: stripe.String(c.ID)})
		if err != nil {
			t.Fatal(err)
		}
		u := e.update(t, c.ID, &stripe.CustomerUpdateParams{
			InvoiceSettings: &stripe.CustomerUpdateInvoiceSettingsParams{DefaultPaymentMethod: stripe.String(pm.ID)},
		})
		if d := u.InvoiceSettings.DefaultPaymentMethod; d == nil || d.ID != pm.ID {
			t.Errorf("default_payment_method = %+v, want %s", d, pm.ID)
		}
		if got := custJSON(t, u.LastResponse.RawJSON)["invoice_settings"].(map[string]any)["default_payment_method"]; got != pm.ID {
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
		want custWantErr
	}{
		{"50 keys", keys(50), custWantErr{}},
		{"51 keys", keys(51), custWantErr{status: 400, param: "metadata", msg: "50"}},
		{"key of 40", map[string]string{strings.Repeat("k", 40): "v"}, custWantErr{}},
		{"key of 41", map[string]string{strings.Repeat("k", 41): "v"},
			custWantErr{status: 400, param: "metadata[" + strings.Repeat("k", 41) + "]", msg: "40"}},
		{"value of 500", map[string]string{"k": strings.Repeat("v", 500)}, custWantErr{}},
		{"value of 501", map[string]string{"k": strings.Repeat("v", 501)}, custWantErr{status: 400, param: "metadata[k]", msg: "500"}},
		{"unicode value of 500 characters", map[string]string{"k": strings.Repeat("€", 500)}, custWantErr{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := e.sc.V1Customers.Create(e.ctx, &stripe.CustomerCreateParams{Metadata: tc.md})
			if tc.want.status != 0 {
				custCheckErr(t, e.spec, err, tc.want)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			e.spec.Check(t, "customer", c.LastResponse.RawJSON)
			if !reflect.DeepEqual(c.Metadata, tc.md) {
				t.Errorf("metadata = %v, want %v", c.Metadata, tc.md)
			}
		})
	}

	t.Run("update", func(t *testing.T) {
		c := e.create(t, &stripe.CustomerCreateParams{Metadata: map[string]string{"a": "1", "b": "2", "c": "3"}})
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
			u := e.update(t, c.ID, s.params())
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
		c := e.create(t, &stripe.CustomerCreateParams{Metadata: keys(50)})
		_, err := e.sc.V1Customers.Update(e.ctx, c.ID, &stripe.CustomerUpdateParams{Metadata: map[string]string{"one_more": "x"}})
		custCheckErr(t, e.spec, err, custWantErr{status: 400, param: "metadata", msg: "50"})
		// Replacing one key and adding another keeps 50: fine.
		p := &stripe.CustomerUpdateParams{Metadata: map[string]string{"one_more": "x"}}
		p.AddMetadata("key00", "")
		if u := e.update(t, c.ID, p); len(u.Metadata) != 50 || u.Metadata["one_more"] != "x" {
			t.Errorf("metadata has %d keys: %v", len(u.Metadata), u.Metadata)
		}
	})
}

func TestCustomerDelete(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	c := e.create(t, &stripe.CustomerCreateParams{
		Email:           stripe.String("deleted@example.com"),
		PaymentMethod:   stripe.String("pm_card_visa"),
		InvoiceSettings: &stripe.CustomerCreateInvoiceSettingsParams{DefaultPaymentMethod: stripe.String("pm_card_visa")},
	})
	pm := c.InvoiceSettings.DefaultPaymentMethod.ID
	keep := e.create(t, &stripe.CustomerCreateParams{Email: stripe.String("deleted@example.com")})

	checkDeleted := func(t *testing.T, d *stripe.Customer) {
		t.Helper()
		e.spec.Check(t, "deleted_customer", d.LastResponse.RawJSON)
		want := map[string]any{"id": c.ID, "object": "customer", "deleted": true}
		if got := custJSON(t, d.LastResponse.RawJSON); !reflect.DeepEqual(got, want) {
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
		custCheckErr(t, e.spec, err, custNoSuchCustomer(c.ID))
	})
	t.Run("delete again answers 404", func(t *testing.T) {
		_, err := e.sc.V1Customers.Delete(e.ctx, c.ID, nil)
		custCheckErr(t, e.spec, err, custNoSuchCustomer(c.ID))
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
		p, err := e.sc.V1PaymentMethods.Retrieve(e.ctx, pm, nil)
		if err != nil {
			t.Fatal(err)
		}
		if p.Customer != nil {
			t.Errorf("payment method %s still attached to %s", pm, p.Customer.ID)
		}
	})
	t.Run("attaching to it fails", func(t *testing.T) {
		_, err := e.sc.V1PaymentMethods.Attach(e.ctx, "pm_card_visa", &stripe.PaymentMethodAttachParams{Customer: stripe.String(c.ID)})
		custCheckErr(t, e.spec, err, custWantErr{status: 400, code: "resource_missing", param: "customer", msg: "No such customer: '" + c.ID + "'"})
	})
	t.Run("the other customer is untouched", func(t *testing.T) {
		if r := e.retrieve(t, keep.ID); r.Deleted || r.Email != "deleted@example.com" {
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
		custCheckErr(t, e.spec, err, custNoSuchCustomer(id))
	})
	t.Run("update", func(t *testing.T) {
		_, err := e.sc.V1Customers.Update(e.ctx, id, &stripe.CustomerUpdateParams{Name: stripe.String("x")})
		custCheckErr(t, e.spec, err, custNoSuchCustomer(id))
	})
	t.Run("delete", func(t *testing.T) {
		_, err := e.sc.V1Customers.Delete(e.ctx, id, nil)
		custCheckErr(t, e.spec, err, custNoSuchCustomer(id))
	})
	t.Run("exact message", func(t *testing.T) {
		_, err := e.sc.V1Customers.Retrieve(e.ctx, id, nil)
		var se *stripe.Error
		if errors.As(err, &se) && se.Msg != "No such customer: '"+id+"'" {
			t.Errorf("message = %q", se.Msg)
		}
	})
}

func TestCustomerList(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	var created []string // oldest first
	for i := range 12 {
		created = append(created, e.create(t, &stripe.CustomerCreateParams{Name: stripe.String(fmt.Sprintf("c%02d", i))}).ID)
	}
	newest := custReverse(created) // the order lists answer in

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
			custCheckErr(t, e.spec, err, custWantErr{status: 400, code: "parameter_invalid_integer", param: "limit", msg: "limit"})
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
			ids = custReverse(ids)
			if !slices.Equal(ids, tc.want) || more != tc.more {
				t.Errorf("ending_before newest[%d]: %v has_more %v, want %v %v", tc.before, ids, more, tc.want, tc.more)
			}
		}
	})
	t.Run("raw page order is newest first in both directions", func(t *testing.T) {
		for _, q := range []string{"starting_after=" + newest[2], "ending_before=" + newest[9]} {
			resp, body := e.srv.Do(t, "GET", "/v1/customers?limit=3&"+q, "")
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d %s", q, resp.StatusCode, body)
			}
			e.spec.CheckList(t, "customer", body)
			var l struct {
				Data []struct{ ID string }
			}
			json.Unmarshal(body, &l)
			var ids []string
			for _, c := range l.Data {
				ids = append(ids, c.ID)
			}
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
		var got []string
		p := &stripe.CustomerListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(5)}}
		for c, err := range e.sc.V1Customers.List(e.ctx, p).All(e.ctx) {
			if err != nil {
				t.Fatal(err)
			}
			e.spec.Check(t, "customer", c.LastResponse.RawJSON)
			got = append(got, c.ID)
		}
		if !slices.Equal(got, newest) {
			t.Errorf("visited %v\nwant    %v", got, newest)
		}
	})
	t.Run("auto-pagination backward visits each once", func(t *testing.T) {
		var got []string
		p := &stripe.CustomerListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(5), EndingBefore: stripe.String(created[0])}}
		for c, err := range e.sc.V1Customers.List(e.ctx, p).All(e.ctx) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, c.ID)
		}
		if !slices.Equal(got, created[1:]) {
			t.Errorf("visited %v\nwant    %v", got, created[1:])
		}
	})
	t.Run("auto-pagination with limit 1", func(t *testing.T) {
		var got []string
		p := &stripe.CustomerListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(1), StartingAfter: stripe.String(newest[5])}}
		for c, err := range e.sc.V1Customers.List(e.ctx, p).All(e.ctx) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, c.ID)
		}
		if !slices.Equal(got, newest[6:]) {
			t.Errorf("visited %v\nwant    %v", got, newest[6:])
		}
	})
	t.Run("cursor errors", func(t *testing.T) {
		err := e.listErr(t, &stripe.CustomerListParams{ListParams: stripe.ListParams{StartingAfter: stripe.String("cus_doesnotexist00")}})
		custCheckErr(t, e.spec, err, custWantErr{status: 400, code: "resource_missing", param: "starting_after", msg: "cus_doesnotexist00"})
		err = e.listErr(t, &stripe.CustomerListParams{ListParams: stripe.ListParams{EndingBefore: stripe.String("cus_doesnotexist00")}})
		custCheckErr(t, e.spec, err, custWantErr{status: 400, code: "resource_missing", param: "ending_before", msg: "cus_doesnotexist00"})
	})
	t.Run("starting_after and ending_before together", func(t *testing.T) {
		resp, body := e.srv.Do(t, "GET", "/v1/customers?starting_after="+newest[1]+"&ending_before="+newest[5], "")
		var eb struct{ Error struct{ Code, Type string } }
		json.Unmarshal(body, &eb)
		if resp.StatusCode != 400 || eb.Error.Code != "parameters_exclusive" || eb.Error.Type != "invalid_request_error" {
			t.Errorf("%d %s, want 400 parameters_exclusive", resp.StatusCode, body)
		}
		e.spec.Check(t, "error", body)
	})
}

func TestCustomerListEmail(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	lower := e.create(t, &stripe.CustomerCreateParams{Email: stripe.String("jenny@example.com")})
	upper := e.create(t, &stripe.CustomerCreateParams{Email: stripe.String("Jenny@Example.com")})
	lower2 := e.create(t, &stripe.CustomerCreateParams{Email: stripe.String("jenny@example.com")})
	e.create(t, &stripe.CustomerCreateParams{Email: stripe.String("jenny@example.org")})
	e.create(t, nil)
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
		e.update(t, upper.ID, &stripe.CustomerUpdateParams{Email: stripe.String("jenny@example.com")})
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
	ids := custSeed(t, e.srv,
		at(t0, 0),
		at(t0+100, 100),
		at(t0+100, 900_000_000),
		at(t0+200, 5),
		at(t0+200, 5),
		at(t0+300, 0),
	)
	byCreated := map[string]int64{}
	for i, id := range ids {
		byCreated[id] = []int64{t0, t0 + 100, t0 + 100, t0 + 200, t0 + 200, t0 + 300}[i]
	}
	// newest is the list order: newest first, ties by id descending.
	newest := custReverse(ids)
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
		var got []string
		p := &stripe.CustomerListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(1)}}
		for c, err := range e.sc.V1Customers.List(e.ctx, p).All(e.ctx) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, c.ID)
		}
		if !slices.Equal(got, newest) {
			t.Errorf("visited %v\nwant    %v", got, newest)
		}
		got = nil
		p = &stripe.CustomerListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(1), EndingBefore: stripe.String(newest[len(newest)-1])}}
		for c, err := range e.sc.V1Customers.List(e.ctx, p).All(e.ctx) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, c.ID)
		}
		if want := custReverse(newest[:len(newest)-1]); !slices.Equal(got, want) {
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
			if c := e.retrieve(t, id); c.Created != byCreated[id] {
				t.Errorf("%s created = %d, want %d", id, c.Created, byCreated[id])
			}
		}
	})
}

func TestCustomerAccountIsolation(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	mine := e.create(t, &stripe.CustomerCreateParams{Email: stripe.String("shared@example.com")})
	acct := e.srv.NewAccount(t)
	other := e.srv.Client(acct.SecretKey)
	theirs, err := other.V1Customers.Create(e.ctx, &stripe.CustomerCreateParams{Email: stripe.String("shared@example.com")})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("retrieve", func(t *testing.T) {
		_, err := other.V1Customers.Retrieve(e.ctx, mine.ID, nil)
		custCheckErr(t, e.spec, err, custNoSuchCustomer(mine.ID))
		_, err = e.sc.V1Customers.Retrieve(e.ctx, theirs.ID, nil)
		custCheckErr(t, e.spec, err, custNoSuchCustomer(theirs.ID))
	})
	t.Run("update", func(t *testing.T) {
		_, err := other.V1Customers.Update(e.ctx, mine.ID, &stripe.CustomerUpdateParams{Name: stripe.String("hijacked")})
		custCheckErr(t, e.spec, err, custNoSuchCustomer(mine.ID))
	})
	t.Run("delete", func(t *testing.T) {
		_, err := other.V1Customers.Delete(e.ctx, mine.ID, nil)
		custCheckErr(t, e.spec, err, custNoSuchCustomer(mine.ID))
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
		custCheckErr(t, e.spec, l.Err(), custWantErr{status: 400, code: "resource_missing", param: "starting_after", msg: mine.ID})
	})
	t.Run("payment method of another account", func(t *testing.T) {
		c := e.create(t, &stripe.CustomerCreateParams{PaymentMethod: stripe.String("pm_card_visa")})
		pms := e.sc.V1Customers.ListPaymentMethods(e.ctx, &stripe.CustomerListPaymentMethodsParams{Customer: stripe.String(c.ID)})
		if pms.Err() != nil || len(pms.Data()) != 1 {
			t.Fatalf("payment methods: %v %v", pms.Data(), pms.Err())
		}
		pm := pms.Data()[0].ID
		_, err := other.V1Customers.Update(e.ctx, theirs.ID, &stripe.CustomerUpdateParams{
			InvoiceSettings: &stripe.CustomerUpdateInvoiceSettingsParams{DefaultPaymentMethod: stripe.String(pm)},
		})
		custCheckErr(t, e.spec, err, custWantErr{status: 400, param: "invoice_settings[default_payment_method]", msg: pm})
	})
	t.Run("nothing changed", func(t *testing.T) {
		if c := e.retrieve(t, mine.ID); c.Deleted || c.Name != "" {
			t.Errorf("customer after the other account's attempts: %+v", c)
		}
	})
}

func TestCustomerLivemode(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	live := e.srv.Client(custLiveKey(t, e.srv))
	testC := e.create(t, &stripe.CustomerCreateParams{Email: stripe.String("both@example.com"), InvoicePrefix: stripe.String("MODE1")})
	liveC, err := live.V1Customers.Create(e.ctx, &stripe.CustomerCreateParams{Email: stripe.String("both@example.com")})
	if err != nil {
		t.Fatal(err)
	}
	e.spec.Check(t, "customer", liveC.LastResponse.RawJSON)

	t.Run("livemode flag", func(t *testing.T) {
		if !liveC.Livemode || testC.Livemode {
			t.Errorf("live customer livemode %v, test customer livemode %v", liveC.Livemode, testC.Livemode)
		}
		if custJSON(t, liveC.LastResponse.RawJSON)["livemode"] != true {
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
		custCheckErr(t, e.spec, err, custNoSuchCustomer(liveC.ID))
		_, err = e.sc.V1Customers.Update(e.ctx, liveC.ID, &stripe.CustomerUpdateParams{Name: stripe.String("x")})
		custCheckErr(t, e.spec, err, custNoSuchCustomer(liveC.ID))
	})
	t.Run("live key cannot see test customers", func(t *testing.T) {
		_, err := live.V1Customers.Retrieve(e.ctx, testC.ID, nil)
		custCheckErr(t, e.spec, err, custNoSuchCustomer(testC.ID))
		_, err = live.V1Customers.Delete(e.ctx, testC.ID, nil)
		custCheckErr(t, e.spec, err, custNoSuchCustomer(testC.ID))
	})
	t.Run("lists are separate", func(t *testing.T) {
		if ids, _ := e.list(t, live, nil); !slices.Equal(ids, []string{liveC.ID}) {
			t.Errorf("live list = %v, want only %s", ids, liveC.ID)
		}
		if ids, _ := e.list(t, e.sc, &stripe.CustomerListParams{Email: stripe.String("both@example.com")}); !slices.Equal(ids, []string{testC.ID}) {
			t.Errorf("test list = %v, want only %s", ids, testC.ID)
		}
		l := live.V1Customers.List(e.ctx, &stripe.CustomerListParams{ListParams: stripe.ListParams{StartingAfter: stripe.String(testC.ID), Single: true}})
		custCheckErr(t, e.spec, l.Err(), custWantErr{status: 400, code: "resource_missing", param: "starting_after", msg: testC.ID})
	})
	t.Run("live delete", func(t *testing.T) {
		d, err := live.V1Customers.Delete(e.ctx, liveC.ID, nil)
		if err != nil || !d.Deleted {
			t.Fatalf("live delete: %+v %v", d, err)
		}
		e.spec.Check(t, "deleted_customer", d.LastResponse.RawJSON)
		if c := e.retrieve(t, testC.ID); c.Deleted {
			t.Error("deleting the live customer deleted the test one")
		}
	})
}
