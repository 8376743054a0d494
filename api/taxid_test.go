package api_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v85"

	"remit"
	"remit/taxid"
)

// Customer tax IDs (stripe-customer-api.md 2.4, 3.5, 6.5; stripe-tables.md
// section 2) and the customer's tax fields through stripe-go v85: every
// type of taxid.Types() with Stripe's example and a malformed value,
// verification in test and live mode, retrieve/delete/list, tax_id_data on
// customer create, expand, the per-customer bound, tax[ip_address],
// tax[validate_location], the includable tax field and tax_exempt. Every
// body is checked against Stripe's OpenAPI schemas.

// taxidEnv is one test's server, client and schemas (see apiEnv), with the
// customer tax IDs.
type taxidEnv struct{ *apiEnv }

func newTaxidEnv(t *testing.T) *taxidEnv { return &taxidEnv{newAPIEnv(t)} }

// create creates a tax ID with sc, which must succeed, and checks the
// common fields.
func (e *taxidEnv) create(t *testing.T, sc *stripe.Client, customer, typ, value string) *stripe.TaxID {
	t.Helper()
	ti, err := sc.V1TaxIDs.Create(e.ctx, &stripe.TaxIDCreateParams{Customer: stripe.String(customer), Type: stripe.String(typ), Value: stripe.String(value)})
	if err != nil {
		t.Fatalf("create %s %q: %v", typ, value, err)
	}
	e.spec.Check(t, "tax_id", ti.LastResponse.RawJSON)
	if !strings.HasPrefix(ti.ID, "txi_") || ti.Object != "tax_id" || string(ti.Type) != typ || ti.Value != value ||
		ti.Customer == nil || ti.Customer.ID != customer || ti.Owner == nil || ti.Owner.Type != "customer" ||
		ti.Owner.Customer == nil || ti.Owner.Customer.ID != customer || ti.Verification == nil {
		t.Errorf("create %s %q: %s", typ, value, ti.LastResponse.RawJSON)
	}
	raw := jsonObject(t, ti.LastResponse.RawJSON)
	if v, _ := raw["verification"].(map[string]any); v == nil || v["verified_name"] != nil || v["verified_address"] != nil {
		t.Errorf("verification %v", raw["verification"])
	}
	if v, ok := raw["customer_account"]; !ok || v != nil {
		t.Errorf("customer_account = %v", v)
	}
	return ti
}

func (e *taxidEnv) createErr(t *testing.T, sc *stripe.Client, customer, typ, value string, want wantErr) {
	t.Helper()
	ti, err := sc.V1TaxIDs.Create(e.ctx, &stripe.TaxIDCreateParams{Customer: stripe.String(customer), Type: stripe.String(typ), Value: stripe.String(value)})
	if err == nil {
		t.Fatalf("create %s %q succeeded: %s", typ, value, ti.LastResponse.RawJSON)
	}
	e.checkErr(t, err, want)
}

// list returns every tax ID of customer, newest first, checking each page.
func (e *taxidEnv) list(t *testing.T, customer string, limit int64) []*stripe.TaxID {
	t.Helper()
	var out []*stripe.TaxID
	var after *string
	for range 100 {
		p := &stripe.TaxIDListParams{Customer: stripe.String(customer)}
		p.Limit, p.StartingAfter, p.Single = stripe.Int64(limit), after, true
		page, more := checkPage(t, e.spec, e.sc.V1TaxIDs.List(e.ctx, p), "tax_id", "/v1/customers/"+customer+"/tax_ids")
		out = append(out, page...)
		if !more {
			return out
		}
		if len(page) == 0 {
			t.Fatal("has_more with an empty page")
		}
		after = stripe.String(page[len(page)-1].ID)
	}
	t.Fatal("tax ID list does not end")
	return nil
}

func taxidIDs(tis []*stripe.TaxID) []string {
	var out []string
	for _, ti := range tis {
		out = append(out, ti.ID)
	}
	return out
}

// taxidCountry is the country a value of t gives: the type's, or for
// eu_vat the country of the value's prefix (EL is Greece, XI Northern
// Ireland, so GB).
func taxidCountry(t taxid.Type, value string) string {
	if t.Name != "eu_vat" {
		return t.Country
	}
	switch p := strings.ToUpper(strings.TrimSpace(value))[:2]; p {
	case "EL":
		return "GR"
	case "XI":
		return "GB"
	default:
		return p
	}
}

// taxidValidVariant changes the last one to three digits of value until
// its check digits are right.
func taxidValidVariant(t *testing.T, typ, value string) string {
	t.Helper()
	for n, limit := 1, 10; n <= 3; n, limit = n+1, limit*10 {
		for i := range limit {
			v := value[:len(value)-n] + fmt.Sprintf("%0*d", n, i)
			if valid, ok := taxid.CheckDigitsValid(typ, v); ok && valid {
				return v
			}
		}
	}
	t.Fatalf("no variant of %s %s has valid check digits", typ, value)
	return ""
}

func TestTaxIDEveryType(t *testing.T) {
	t.Parallel()
	e := newTaxidEnv(t)
	types := taxid.Types()
	if len(types) != 117 {
		t.Fatalf("%d types, want the 117 of the spec", len(types))
	}
	var c *stripe.Customer
	for i, typ := range types {
		if i%20 == 0 { // stay below MaxTaxIDs per customer
			c = e.createCustomer(t, nil)
		}
		ti := e.create(t, e.sc, c.ID, typ.Name, typ.Example)
		if want := taxidCountry(typ, typ.Example); ti.Country != want {
			t.Errorf("%s %s: country %q, want %q", typ.Name, typ.Example, ti.Country, want)
		}
		want := taxid.TestVerification(typ.Name, typ.Example)
		if !typ.Verified {
			want = taxid.StatusUnavailable
		}
		if got := string(ti.Verification.Status); got != want {
			t.Errorf("%s %s: verification %q, want %q", typ.Name, typ.Example, got, want)
		}
		if typ.Verified && want != taxid.StatusPending {
			t.Errorf("%s: Stripe's example %s should stay pending in test mode, not %s", typ.Name, typ.Example, want)
		}
		if ti.Livemode {
			t.Errorf("%s: livemode in test mode", typ.Name)
		}
		// A clearly malformed value is refused with Stripe's code.
		e.createErr(t, e.sc, c.ID, typ.Name, "x", wantErr{status: 400, code: "tax_id_invalid", param: "value", msg: "Invalid value for " + typ.Name})
	}
}

func TestTaxIDEUVATCountries(t *testing.T) {
	t.Parallel()
	e := newTaxidEnv(t)
	c := e.createCustomer(t, nil)
	for _, tc := range []struct{ value, country string }{
		{"ATU12345678", "AT"}, {"BE0123456789", "BE"}, {"EL123456789", "GR"}, {"XI123456789", "GB"},
		{"FRAB123456789", "FR"}, {"NL123456789B12", "NL"}, {"ESA1234567Z", "ES"}, {"SE123456789123", "SE"},
		{"de 123 456 789", "DE"}, // stored as given, checked normalised
	} {
		ti := e.create(t, e.sc, c.ID, "eu_vat", tc.value)
		if ti.Country != tc.country || ti.Verification.Status != "pending" {
			t.Errorf("eu_vat %s: country %q status %q, want %s pending", tc.value, ti.Country, ti.Verification.Status, tc.country)
		}
	}
	for _, v := range []string{"US123456789", "DE12345678", "GB123456789", "123456789", "DE", ""} {
		want := wantErr{status: 400, code: "tax_id_invalid", param: "value", msg: "Invalid value for eu_vat"}
		if v == "" {
			want = wantErr{status: 400, code: "parameter_invalid_empty", param: "value"}
		}
		e.createErr(t, e.sc, c.ID, "eu_vat", v, want)
	}
}

func TestTaxIDBadParameters(t *testing.T) {
	t.Parallel()
	e := newTaxidEnv(t)
	c := e.createCustomer(t, nil)
	for _, typ := range []string{"xx_vat", "unknown", "EU_VAT", "fr_siren"} {
		e.createErr(t, e.sc, c.ID, typ, "DE123456789", wantErr{status: 400, param: "type", msg: "Invalid type"})
	}
	path := "/v1/customers/" + c.ID + "/tax_ids"
	for _, tc := range []struct {
		body string
		want wantErr
	}{
		{"value=DE123456789", wantErr{status: 400, code: "parameter_missing", param: "type"}},
		{"type=eu_vat", wantErr{status: 400, code: "parameter_missing", param: "value"}},
		{"type=&value=DE123456789", wantErr{status: 400, code: "parameter_invalid_empty", param: "type"}},
		{"type=eu_vat&value=DE123456789&country=DE", wantErr{status: 400, code: "parameter_unknown", param: "country"}},
	} {
		e.rawFail(t, tc.want, "POST", path, tc.body)
	}
	e.createErr(t, e.sc, "cus_nope", "eu_vat", "DE123456789", noSuchCustomer("cus_nope"))
	if got := e.list(t, c.ID, 10); len(got) != 0 {
		t.Errorf("refused creates left %v", taxidIDs(got))
	}
}

func TestTaxIDTestModeVerification(t *testing.T) {
	t.Parallel()
	e := newTaxidEnv(t)
	c := e.createCustomer(t, nil)
	for _, tc := range []struct{ typ, value, status string }{
		{"eu_vat", "DE000000000", "verified"},
		{"eu_vat", "DE111111111", "unverified"},
		{"eu_vat", "DE222222222", "pending"},
		{"eu_vat", "DE123456789", "pending"},
		{"gb_vat", "GB000000000", "verified"},
		{"gb_vat", "GB111111111", "unverified"},
		{"gb_vat", "GB222222222", "pending"},
		{"au_abn", "12000000000", "verified"},
		{"au_abn", "12111111111", "unverified"},
		{"au_abn", "12222222222", "pending"},
		{"au_abn", "12345678912", "pending"},
		// Types Stripe does not verify have no magic values.
		{"us_ein", "00-0000000", "unavailable"},
		{"ch_vat", "CHE-111.111.111 MWST", "unavailable"},
	} {
		ti := e.create(t, e.sc, c.ID, tc.typ, tc.value)
		if string(ti.Verification.Status) != tc.status {
			t.Errorf("%s %s: status %q, want %q", tc.typ, tc.value, ti.Verification.Status, tc.status)
		}
		// The status is stored, not recomputed.
		got, err := e.sc.V1TaxIDs.Retrieve(e.ctx, ti.ID, &stripe.TaxIDRetrieveParams{Customer: stripe.String(c.ID)})
		if err != nil || string(got.Verification.Status) != tc.status {
			t.Errorf("retrieve %s: %v %+v", ti.ID, err, got.Verification)
		}
	}
}

// TestTaxIDLiveMode: remit cannot ask the registries, so in live mode a
// value of a verified type is pending, or unverified at once when its
// check digits are wrong; other types are unavailable.
func TestTaxIDLiveMode(t *testing.T) {
	t.Parallel()
	e := newTaxidEnv(t)
	live := e.srv.Client(liveKey(t, e.srv))
	var c *stripe.Customer
	for i, typ := range taxid.Types() {
		if i%20 == 0 {
			c = e.createCustomerWith(t, live, nil)
			if !c.Livemode {
				t.Fatal("live key made a test customer")
			}
		}
		ti := e.create(t, live, c.ID, typ.Name, typ.Example)
		want := taxid.StatusUnavailable
		if typ.Verified {
			want = taxid.StatusPending
			if valid, ok := taxid.CheckDigitsValid(typ.Name, typ.Example); ok && !valid {
				want = taxid.StatusUnverified
			}
		}
		if string(ti.Verification.Status) != want || !ti.Livemode || ti.Country != taxidCountry(typ, typ.Example) {
			t.Errorf("live %s %s: status %q livemode %v country %q, want %s", typ.Name, typ.Example, ti.Verification.Status, ti.Livemode, ti.Country, want)
		}
		e.createErr(t, live, c.ID, typ.Name, "x", wantErr{status: 400, code: "tax_id_invalid", param: "value"})
	}

	c = e.createCustomerWith(t, live, nil)
	for _, tc := range []struct{ typ, value, status string }{
		{"eu_vat", "DE123456789", "unverified"}, // Stripe's example; its check digit is wrong
		{"eu_vat", taxidValidVariant(t, "eu_vat", "DE123456789"), "pending"},
		{"gb_vat", taxidValidVariant(t, "gb_vat", "GB123456789"), "pending"},
		{"au_abn", taxidValidVariant(t, "au_abn", "12345678912"), "pending"},
		{"au_abn", "51824753556", "pending"}, // the ATO's own example ABN
		{"us_ein", "12-3456789", "unavailable"},
	} {
		ti := e.create(t, live, c.ID, tc.typ, tc.value)
		if string(ti.Verification.Status) != tc.status {
			t.Errorf("live %s %s: status %q, want %q", tc.typ, tc.value, ti.Verification.Status, tc.status)
		}
	}
	// Test-mode magic values mean nothing in live mode.
	for _, v := range []string{"DE000000000", "GB000000000", "12000000000"} {
		typ := map[byte]string{'D': "eu_vat", 'G': "gb_vat", '1': "au_abn"}[v[0]]
		ti := e.create(t, live, c.ID, typ, v)
		if ti.Verification.Status == "verified" {
			t.Errorf("live %s %s verified", typ, v)
		}
	}
	// Test and live mode do not see each other's customers.
	e.createErr(t, e.sc, c.ID, "eu_vat", "DE123456789", noSuchCustomer(c.ID))
	tc := e.createCustomer(t, nil)
	e.createErr(t, live, tc.ID, "eu_vat", "DE123456789", noSuchCustomer(tc.ID))
}

func TestTaxIDRetrieveDeleteList(t *testing.T) {
	t.Parallel()
	e := newTaxidEnv(t)
	c := e.createCustomer(t, &stripe.CustomerCreateParams{Email: stripe.String("tax@example.com")})
	other := e.createCustomer(t, nil)
	a := e.create(t, e.sc, c.ID, "eu_vat", "DE123456789")
	b := e.create(t, e.sc, c.ID, "us_ein", "12-3456789")
	d := e.create(t, e.sc, c.ID, "gb_vat", "GB123456789")
	e.create(t, e.sc, other.ID, "au_abn", "12345678912")

	// Retrieve answers what create answered.
	for _, ti := range []*stripe.TaxID{a, b, d} {
		got, err := e.sc.V1TaxIDs.Retrieve(e.ctx, ti.ID, &stripe.TaxIDRetrieveParams{Customer: stripe.String(c.ID)})
		if err != nil {
			t.Fatal(err)
		}
		e.spec.Check(t, "tax_id", got.LastResponse.RawJSON)
		if string(got.LastResponse.RawJSON) != string(ti.LastResponse.RawJSON) {
			t.Errorf("retrieve %s:\n%s\ncreate:\n%s", ti.ID, got.LastResponse.RawJSON, ti.LastResponse.RawJSON)
		}
	}
	// expand[]=customer.
	rp := &stripe.TaxIDRetrieveParams{Customer: stripe.String(c.ID)}
	rp.AddExpand("customer")
	got, err := e.sc.V1TaxIDs.Retrieve(e.ctx, a.ID, rp)
	if err != nil {
		t.Fatal(err)
	}
	e.spec.Check(t, "tax_id", got.LastResponse.RawJSON)
	if got.Customer == nil || got.Customer.Email != "tax@example.com" {
		t.Errorf("expanded customer: %s", got.LastResponse.RawJSON)
	}
	// Another customer's tax ID and unknown ids are 404.
	_, err = e.sc.V1TaxIDs.Retrieve(e.ctx, a.ID, &stripe.TaxIDRetrieveParams{Customer: stripe.String(other.ID)})
	e.checkErr(t, err, wantErr{status: 404, code: "resource_missing", param: "id", msg: "No such tax_id: '" + a.ID + "'"})
	_, err = e.sc.V1TaxIDs.Retrieve(e.ctx, "txi_nope", &stripe.TaxIDRetrieveParams{Customer: stripe.String(c.ID)})
	e.checkErr(t, err, wantErr{status: 404, code: "resource_missing", param: "id", msg: "txi_nope"})
	_, err = e.sc.V1TaxIDs.Delete(e.ctx, a.ID, &stripe.TaxIDDeleteParams{Customer: stripe.String(other.ID)})
	e.checkErr(t, err, wantErr{status: 404, code: "resource_missing", param: "id", msg: a.ID})

	// The list: newest first, paged.
	want := []string{d.ID, b.ID, a.ID}
	if got := taxidIDs(e.list(t, c.ID, 10)); !slices.Equal(got, want) {
		t.Errorf("list %v, want %v", got, want)
	}
	if got := taxidIDs(e.list(t, c.ID, 1)); !slices.Equal(got, want) {
		t.Errorf("list by ones %v, want %v", got, want)
	}
	p := &stripe.TaxIDListParams{Customer: stripe.String(c.ID)}
	p.Limit, p.Single = stripe.Int64(2), true
	l := e.sc.V1TaxIDs.List(e.ctx, p)
	if l.Err() != nil || !l.Meta().HasMore || len(l.Data()) != 2 {
		t.Errorf("page of 2: %v more=%v", l.Err(), l.Meta().HasMore)
	}
	e.rawFail(t, wantErr{status: 400, code: "parameter_invalid_integer", param: "limit"}, "GET", "/v1/customers/"+c.ID+"/tax_ids?limit=0", "")
	e.rawList(t, "tax_id", "/v1/customers/"+c.ID+"/tax_ids?expand[]=data.customer")

	// Delete answers deleted_tax_id, once.
	del, err := e.sc.V1TaxIDs.Delete(e.ctx, b.ID, &stripe.TaxIDDeleteParams{Customer: stripe.String(c.ID)})
	if err != nil {
		t.Fatal(err)
	}
	e.spec.Check(t, "deleted_tax_id", del.LastResponse.RawJSON)
	if m := jsonObject(t, del.LastResponse.RawJSON); len(m) != 3 || m["id"] != b.ID || m["object"] != "tax_id" || m["deleted"] != true {
		t.Errorf("delete: %s", del.LastResponse.RawJSON)
	}
	_, err = e.sc.V1TaxIDs.Delete(e.ctx, b.ID, &stripe.TaxIDDeleteParams{Customer: stripe.String(c.ID)})
	e.checkErr(t, err, wantErr{status: 404, code: "resource_missing", param: "id", msg: b.ID})
	_, err = e.sc.V1TaxIDs.Retrieve(e.ctx, b.ID, &stripe.TaxIDRetrieveParams{Customer: stripe.String(c.ID)})
	e.checkErr(t, err, wantErr{status: 404, code: "resource_missing", param: "id", msg: b.ID})
	if got := taxidIDs(e.list(t, c.ID, 10)); !slices.Equal(got, []string{d.ID, a.ID}) {
		t.Errorf("list after delete %v", got)
	}
	// The other customer's tax ID is untouched.
	if got := e.list(t, other.ID, 10); len(got) != 1 {
		t.Errorf("other customer: %v", taxidIDs(got))
	}
}

// TestTaxIDCustomerIncludes: tax_id_data on customer create and the
// includable tax_ids list.
func TestTaxIDCustomerIncludes(t *testing.T) {
	t.Parallel()
	e := newTaxidEnv(t)
	p := &stripe.CustomerCreateParams{TaxIDData: []*stripe.CustomerCreateTaxIDDataParams{
		{Type: stripe.String("eu_vat"), Value: stripe.String("DE123456789")},
		{Type: stripe.String("us_ein"), Value: stripe.String("12-3456789")},
	}}
	p.AddExpand("tax_ids")
	c := e.createCustomer(t, p)
	if c.TaxIDs == nil || len(c.TaxIDs.Data) != 2 || c.TaxIDs.URL != "/v1/customers/"+c.ID+"/tax_ids" || c.TaxIDs.HasMore {
		t.Fatalf("tax_ids on create: %s", c.LastResponse.RawJSON)
	}
	byType := map[string]*stripe.TaxID{}
	for _, ti := range c.TaxIDs.Data {
		byType[string(ti.Type)] = ti
		if ti.Customer == nil || ti.Customer.ID != c.ID {
			t.Errorf("%s belongs to %+v", ti.ID, ti.Customer)
		}
	}
	if v := byType["eu_vat"]; v == nil || v.Value != "DE123456789" || v.Country != "DE" || v.Verification.Status != "pending" {
		t.Errorf("eu_vat from tax_id_data: %+v", v)
	}
	if v := byType["us_ein"]; v == nil || v.Country != "US" || v.Verification.Status != "unavailable" {
		t.Errorf("us_ein from tax_id_data: %+v", v)
	}
	// The same list through its own endpoint and through retrieve.
	listed := e.list(t, c.ID, 10)
	if len(listed) != 2 {
		t.Errorf("listed %v", taxidIDs(listed))
	}
	again := e.retrieveCustomer(t, c.ID, "tax_ids")
	if again.TaxIDs == nil || !slices.Equal(taxidIDs(again.TaxIDs.Data), taxidIDs(listed)) {
		t.Errorf("expanded tax_ids %s, listed %v", again.LastResponse.RawJSON, taxidIDs(listed))
	}
	// tax_ids is shown only when expanded; a customer without tax IDs has an empty list.
	if _, ok := jsonObject(t, e.retrieveCustomer(t, c.ID).LastResponse.RawJSON)["tax_ids"]; ok {
		t.Error("tax_ids shown without expand")
	}
	bare := e.createCustomer(t, nil)
	if got := e.retrieveCustomer(t, bare.ID, "tax_ids"); got.TaxIDs == nil || len(got.TaxIDs.Data) != 0 {
		t.Errorf("empty tax_ids: %s", got.LastResponse.RawJSON)
	}
	// A list of customers can include them too.
	e.rawList(t, "customer", "/v1/customers?expand[]=data.tax_ids")

	// An invalid entry refuses the whole customer.
	before := countCustomers(t, e.sc)
	for _, tc := range []struct {
		data []*stripe.CustomerCreateTaxIDDataParams
		want wantErr
	}{
		{[]*stripe.CustomerCreateTaxIDDataParams{{Type: stripe.String("eu_vat"), Value: stripe.String("x")}},
			wantErr{status: 400, code: "tax_id_invalid", param: "tax_id_data[0][value]", msg: "eu_vat"}},
		{[]*stripe.CustomerCreateTaxIDDataParams{{Type: stripe.String("eu_vat"), Value: stripe.String("DE123456789")}, {Type: stripe.String("us_ein"), Value: stripe.String("12")}},
			wantErr{status: 400, code: "tax_id_invalid", param: "tax_id_data[1][value]", msg: "us_ein"}},
		{[]*stripe.CustomerCreateTaxIDDataParams{{Type: stripe.String("zz_tin"), Value: stripe.String("123")}},
			wantErr{status: 400, param: "tax_id_data[0][type]"}},
		{[]*stripe.CustomerCreateTaxIDDataParams{{Type: stripe.String("eu_vat")}},
			wantErr{status: 400, code: "parameter_missing", param: "tax_id_data[0][value]"}},
	} {
		_, err := e.sc.V1Customers.Create(e.ctx, &stripe.CustomerCreateParams{Name: stripe.String("Refused"), TaxIDData: tc.data})
		e.checkErr(t, err, tc.want)
	}
	if after := countCustomers(t, e.sc); after != before {
		t.Errorf("refused creates left customers: %d, was %d", after, before)
	}
	// tax_id_data is create-only.
	e.rawFail(t, wantErr{status: 400, code: "parameter_unknown", param: "tax_id_data"},
		"POST", "/v1/customers/"+c.ID, "tax_id_data[0][type]=eu_vat&tax_id_data[0][value]=DE123456789")
}

// TestTaxIDCustomerDelete: deleting a customer deletes its tax IDs.
func TestTaxIDCustomerDelete(t *testing.T) {
	t.Parallel()
	e := newTaxidEnv(t)
	c := e.createCustomer(t, &stripe.CustomerCreateParams{TaxIDData: []*stripe.CustomerCreateTaxIDDataParams{
		{Type: stripe.String("eu_vat"), Value: stripe.String("DE123456789")}}})
	keep := e.createCustomer(t, nil)
	ti := e.create(t, e.sc, c.ID, "gb_vat", "GB123456789")
	kept := e.create(t, e.sc, keep.ID, "gb_vat", "GB123456789")
	ids := taxidIDs(e.list(t, c.ID, 10))
	if len(ids) != 2 {
		t.Fatalf("tax IDs %v", ids)
	}
	if _, err := e.sc.V1Customers.Delete(e.ctx, c.ID, nil); err != nil {
		t.Fatal(err)
	}
	// Through the API the customer is gone...
	_, err := e.sc.V1TaxIDs.Retrieve(e.ctx, ti.ID, &stripe.TaxIDRetrieveParams{Customer: stripe.String(c.ID)})
	e.checkErr(t, err, noSuchCustomer(c.ID))
	l := e.sc.V1TaxIDs.List(e.ctx, &stripe.TaxIDListParams{Customer: stripe.String(c.ID)})
	e.checkErr(t, l.Err(), noSuchCustomer(c.ID))
	e.createErr(t, e.sc, c.ID, "eu_vat", "DE123456789", noSuchCustomer(c.ID))
	// ...and in the store its tax IDs are too.
	err = e.srv.Store.View(e.ctx, func(tx remit.Tx) error {
		for _, id := range ids {
			if _, err := tx.FindTaxID(e.ctx, e.srv.Scope, id); !errors.Is(err, remit.ErrNotFound) {
				t.Errorf("tax ID %s of the deleted customer: %v", id, err)
			}
		}
		n, err := tx.CountTaxIDs(e.ctx, e.srv.Scope, c.ID)
		if n != 0 {
			t.Errorf("%d tax IDs left", n)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// Other customers keep theirs.
	if got := taxidIDs(e.list(t, keep.ID, 10)); !slices.Equal(got, []string{kept.ID}) {
		t.Errorf("other customer's tax IDs %v", got)
	}
}

func TestTaxIDMax(t *testing.T) {
	t.Parallel()
	e := newTaxidEnv(t)
	c := e.createCustomer(t, nil)
	var last *stripe.TaxID
	for i := range remit.MaxTaxIDs {
		last = e.create(t, e.sc, c.ID, "us_ein", fmt.Sprintf("12-34567%02d", i))
	}
	e.createErr(t, e.sc, c.ID, "us_ein", "98-7654321", wantErr{status: 400, param: "type", msg: fmt.Sprintf("at most %d tax IDs", remit.MaxTaxIDs)})
	if got := e.list(t, c.ID, 100); len(got) != remit.MaxTaxIDs {
		t.Errorf("%d tax IDs, want %d", len(got), remit.MaxTaxIDs)
	}
	// Deleting one makes room for one.
	if _, err := e.sc.V1TaxIDs.Delete(e.ctx, last.ID, &stripe.TaxIDDeleteParams{Customer: stripe.String(c.ID)}); err != nil {
		t.Fatal(err)
	}
	e.create(t, e.sc, c.ID, "us_ein", "98-7654321")
	e.createErr(t, e.sc, c.ID, "us_ein", "98-7654322", wantErr{status: 400, param: "type"})

	// The same bound on customer create.
	data := func(n int) []*stripe.CustomerCreateTaxIDDataParams {
		var out []*stripe.CustomerCreateTaxIDDataParams
		for i := range n {
			out = append(out, &stripe.CustomerCreateTaxIDDataParams{Type: stripe.String("us_ein"), Value: stripe.String(fmt.Sprintf("12-34567%02d", i))})
		}
		return out
	}
	before := countCustomers(t, e.sc)
	_, err := e.sc.V1Customers.Create(e.ctx, &stripe.CustomerCreateParams{TaxIDData: data(remit.MaxTaxIDs + 1)})
	e.checkErr(t, err, wantErr{status: 400, param: "tax_id_data"})
	if after := countCustomers(t, e.sc); after != before {
		t.Errorf("refused create left a customer")
	}
	full := e.createCustomer(t, &stripe.CustomerCreateParams{TaxIDData: data(remit.MaxTaxIDs)})
	if got := e.list(t, full.ID, 10); len(got) != remit.MaxTaxIDs {
		t.Errorf("created with %d tax IDs", len(got))
	}
	e.createErr(t, e.sc, full.ID, "us_ein", "98-7654321", wantErr{status: 400, param: "type"})
	// The expanded list shows the first page of ten, with has_more.
	p := &stripe.CustomerRetrieveParams{}
	p.AddExpand("tax_ids")
	got, err := e.sc.V1Customers.Retrieve(e.ctx, full.ID, p)
	if err != nil {
		t.Fatal(err)
	}
	e.spec.Check(t, "customer", got.LastResponse.RawJSON)
	if got.TaxIDs == nil || len(got.TaxIDs.Data) != 10 || !got.TaxIDs.HasMore {
		t.Errorf("expanded tax_ids of a full customer: %d has_more=%v", len(got.TaxIDs.Data), got.TaxIDs.HasMore)
	}
}

// taxOf retrieves the customer's includable tax field.
func (e *taxidEnv) taxOf(t *testing.T, id string) *stripe.CustomerTax {
	t.Helper()
	c := e.retrieveCustomer(t, id, "tax")
	if c.Tax == nil {
		t.Fatalf("no tax field: %s", c.LastResponse.RawJSON)
	}
	return c.Tax
}

func taxidLocation(tax *stripe.CustomerTax) string {
	if tax.Location == nil {
		return string(tax.AutomaticTax) + " -"
	}
	return fmt.Sprintf("%s %s/%s/%s", tax.AutomaticTax, tax.Location.Source, tax.Location.Country, tax.Location.State)
}

func TestTaxIDCustomerTax(t *testing.T) {
	t.Parallel()
	e := newTaxidEnv(t)

	// ip_address alone cannot be located.
	p := &stripe.CustomerCreateParams{Tax: &stripe.CustomerCreateTaxParams{IPAddress: stripe.String("203.0.113.7")}}
	p.AddExpand("tax")
	c := e.createCustomer(t, p)
	if c.Tax == nil || c.Tax.IPAddress != "203.0.113.7" || c.Tax.Provider != "stripe" || taxidLocation(c.Tax) != "unrecognized_location -" {
		t.Errorf("tax on create: %s", c.LastResponse.RawJSON)
	}
	if m, _ := jsonObject(t, c.LastResponse.RawJSON)["tax"].(map[string]any); m == nil || m["location"] != nil {
		t.Errorf("tax.location not null: %s", c.LastResponse.RawJSON)
	}
	// Without expand the field is absent, and the IP address never shows.
	plain := e.retrieveCustomer(t, c.ID)
	if strings.Contains(string(plain.LastResponse.RawJSON), "203.0.113.7") || plain.Tax != nil {
		t.Errorf("tax shown without expand: %s", plain.LastResponse.RawJSON)
	}
	// The address gives the location; the shipping address wins over it.
	e.updateCustomer(t, c.ID, &stripe.CustomerUpdateParams{Address: &stripe.AddressParams{Country: stripe.String("US"), State: stripe.String("CA"), PostalCode: stripe.String("94107")}})
	if got := taxidLocation(e.taxOf(t, c.ID)); got != "supported billing_address/US/CA" {
		t.Errorf("with an address: %s", got)
	}
	e.updateCustomer(t, c.ID, &stripe.CustomerUpdateParams{Shipping: &stripe.CustomerUpdateShippingParams{
		Name: stripe.String("Dock"), Address: &stripe.AddressParams{Country: stripe.String("DE"), City: stripe.String("Berlin")}}})
	if got := taxidLocation(e.taxOf(t, c.ID)); got != "supported shipping_destination/DE/" {
		t.Errorf("with shipping: %s", got)
	}
	tax := e.taxOf(t, c.ID)
	if tax.IPAddress != "203.0.113.7" {
		t.Errorf("ip_address lost: %q", tax.IPAddress)
	}
	// Clearing the shipping address falls back to the billing address,
	// clearing that leaves no location.
	up := &stripe.CustomerUpdateParams{}
	up.AddUnsetField(stripe.CustomerUpdateParamsUnsetFieldShipping)
	e.updateCustomer(t, c.ID, up)
	if got := taxidLocation(e.taxOf(t, c.ID)); got != "supported billing_address/US/CA" {
		t.Errorf("shipping cleared: %s", got)
	}
	up = &stripe.CustomerUpdateParams{}
	up.AddUnsetField(stripe.CustomerUpdateParamsUnsetFieldAddress)
	e.updateCustomer(t, c.ID, up)
	if got := taxidLocation(e.taxOf(t, c.ID)); got != "unrecognized_location -" {
		t.Errorf("address cleared: %s", got)
	}
	// An address without a country locates nothing.
	e.updateCustomer(t, c.ID, &stripe.CustomerUpdateParams{Address: &stripe.AddressParams{City: stripe.String("Paris")}})
	if got := taxidLocation(e.taxOf(t, c.ID)); got != "unrecognized_location -" {
		t.Errorf("address without country: %s", got)
	}

	// ip_address: IPv6 accepted, garbage refused, "" clears.
	e.updateCustomer(t, c.ID, &stripe.CustomerUpdateParams{Tax: &stripe.CustomerUpdateTaxParams{IPAddress: stripe.String("2001:db8::1")}})
	if got := e.taxOf(t, c.ID).IPAddress; got != "2001:db8::1" {
		t.Errorf("IPv6 ip_address %q", got)
	}
	for _, ip := range []string{"999.1.1.1", "not-an-ip", "1.2.3", "203.0.113.7/24"} {
		_, err := e.sc.V1Customers.Update(e.ctx, c.ID, &stripe.CustomerUpdateParams{Tax: &stripe.CustomerUpdateTaxParams{IPAddress: stripe.String(ip)}})
		e.checkErr(t, err, wantErr{status: 400, param: "tax[ip_address]", msg: "Invalid IP address"})
		_, err = e.sc.V1Customers.Create(e.ctx, &stripe.CustomerCreateParams{Tax: &stripe.CustomerCreateTaxParams{IPAddress: stripe.String(ip)}})
		e.checkErr(t, err, wantErr{status: 400, param: "tax[ip_address]", msg: "Invalid IP address"})
	}
	if got := e.taxOf(t, c.ID).IPAddress; got != "2001:db8::1" {
		t.Errorf("refused ip_address changed it to %q", got)
	}
	clear := &stripe.CustomerUpdateParams{Tax: &stripe.CustomerUpdateTaxParams{}}
	clear.Tax.AddUnsetField(stripe.CustomerUpdateTaxParamsUnsetFieldIPAddress)
	e.updateCustomer(t, c.ID, clear)
	if m, _ := jsonObject(t, e.retrieveCustomer(t, c.ID, "tax").LastResponse.RawJSON)["tax"].(map[string]any); m == nil || m["ip_address"] != nil {
		t.Errorf("ip_address after clearing: %v", m)
	}

	// The includable tax field in lists, with the IP address.
	ipc := e.createCustomer(t, &stripe.CustomerCreateParams{Email: stripe.String("ip@example.com"),
		Tax: &stripe.CustomerCreateTaxParams{IPAddress: stripe.String("198.51.100.4")}})
	lp := &stripe.CustomerListParams{Email: stripe.String("ip@example.com")}
	lp.AddExpand("data.tax")
	lp.Single = true
	l := e.sc.V1Customers.List(e.ctx, lp)
	if d, _ := checkPage(t, e.spec, l, "customer", "/v1/customers"); len(d) != 1 || d[0].ID != ipc.ID || d[0].Tax == nil || d[0].Tax.IPAddress != "198.51.100.4" {
		t.Errorf("listed tax: %s", l.LastResponse().RawJSON)
	}
}

func TestTaxIDValidateLocation(t *testing.T) {
	t.Parallel()
	e := newTaxidEnv(t)
	before := countCustomers(t, e.sc)
	invalid := wantErr{status: 400, code: "customer_tax_location_invalid", param: "tax[validate_location]"}
	// immediately without anything to locate the customer by.
	for _, p := range []*stripe.CustomerCreateParams{
		{Tax: &stripe.CustomerCreateTaxParams{ValidateLocation: stripe.String("immediately")}},
		{Tax: &stripe.CustomerCreateTaxParams{ValidateLocation: stripe.String("immediately"), IPAddress: stripe.String("203.0.113.7")}},
		{Address: &stripe.AddressParams{City: stripe.String("Nowhere")}, Tax: &stripe.CustomerCreateTaxParams{ValidateLocation: stripe.String("immediately")}},
	} {
		_, err := e.sc.V1Customers.Create(e.ctx, p)
		e.checkErr(t, err, invalid)
	}
	// auto is an update-only value; unknown values are refused.
	for _, v := range []string{"auto", "sometimes"} {
		_, err := e.sc.V1Customers.Create(e.ctx, &stripe.CustomerCreateParams{
			Address: &stripe.AddressParams{Country: stripe.String("FR")}, Tax: &stripe.CustomerCreateTaxParams{ValidateLocation: stripe.String(v)}})
		e.checkErr(t, err, wantErr{status: 400, param: "tax[validate_location]"})
	}
	if after := countCustomers(t, e.sc); after != before {
		t.Fatalf("refused creates left customers")
	}
	// With an address (or a shipping address) in the same request it passes.
	c := e.createCustomer(t, &stripe.CustomerCreateParams{Address: &stripe.AddressParams{Country: stripe.String("FR")},
		Tax: &stripe.CustomerCreateTaxParams{ValidateLocation: stripe.String("immediately")}})
	e.createCustomer(t, &stripe.CustomerCreateParams{
		Shipping: &stripe.CustomerCreateShippingParams{Name: stripe.String("S"), Address: &stripe.AddressParams{Country: stripe.String("IT")}},
		Tax:      &stripe.CustomerCreateTaxParams{ValidateLocation: stripe.String("immediately")}})
	deferred := e.createCustomer(t, &stripe.CustomerCreateParams{Tax: &stripe.CustomerCreateTaxParams{ValidateLocation: stripe.String("deferred")}})

	// Update: auto and deferred are accepted without a location,
	// immediately needs one.
	for _, v := range []string{"auto", "deferred"} {
		e.updateCustomer(t, deferred.ID, &stripe.CustomerUpdateParams{Tax: &stripe.CustomerUpdateTaxParams{ValidateLocation: stripe.String(v)}})
	}
	_, err := e.sc.V1Customers.Update(e.ctx, deferred.ID, &stripe.CustomerUpdateParams{Name: stripe.String("Refused"),
		Tax: &stripe.CustomerUpdateTaxParams{ValidateLocation: stripe.String("immediately")}})
	e.checkErr(t, err, invalid)
	if got := e.retrieveCustomer(t, deferred.ID); got.Name == "Refused" {
		t.Error("refused update was applied")
	}
	e.updateCustomer(t, deferred.ID, &stripe.CustomerUpdateParams{Address: &stripe.AddressParams{Country: stripe.String("NL")},
		Tax: &stripe.CustomerUpdateTaxParams{ValidateLocation: stripe.String("immediately")}})
	// Removing the only address while validating immediately is refused.
	up := &stripe.CustomerUpdateParams{Tax: &stripe.CustomerUpdateTaxParams{ValidateLocation: stripe.String("immediately")}}
	up.AddUnsetField(stripe.CustomerUpdateParamsUnsetFieldAddress)
	_, err = e.sc.V1Customers.Update(e.ctx, c.ID, up)
	e.checkErr(t, err, invalid)
	if got := taxidLocation(e.taxOf(t, c.ID)); got != "supported billing_address/FR/" {
		t.Errorf("after the refused update: %s", got)
	}
	_, err = e.sc.V1Customers.Update(e.ctx, c.ID, &stripe.CustomerUpdateParams{Tax: &stripe.CustomerUpdateTaxParams{ValidateLocation: stripe.String("never")}})
	e.checkErr(t, err, wantErr{status: 400, param: "tax[validate_location]"})
}

func TestTaxIDTaxExempt(t *testing.T) {
	t.Parallel()
	e := newTaxidEnv(t)
	c := e.createCustomer(t, nil)
	if c.TaxExempt != "none" {
		t.Errorf("default tax_exempt %q", c.TaxExempt)
	}
	ex := e.createCustomer(t, &stripe.CustomerCreateParams{TaxExempt: stripe.String("exempt")})
	if ex.TaxExempt != "exempt" {
		t.Errorf("created exempt: %q", ex.TaxExempt)
	}
	for _, v := range []string{"reverse", "exempt", "none", "reverse"} {
		if got := e.updateCustomer(t, c.ID, &stripe.CustomerUpdateParams{TaxExempt: stripe.String(v)}); got.TaxExempt != stripe.CustomerTaxExempt(v) {
			t.Errorf("tax_exempt %s: got %q", v, got.TaxExempt)
		}
	}
	// "" unsets, which is none.
	if got := e.updateCustomer(t, c.ID, &stripe.CustomerUpdateParams{TaxExempt: stripe.String("")}); got.TaxExempt != "none" {
		t.Errorf("tax_exempt after clearing: %q", got.TaxExempt)
	}
	if got := e.createCustomer(t, &stripe.CustomerCreateParams{TaxExempt: stripe.String("")}); got.TaxExempt != "none" {
		t.Errorf("tax_exempt \"\" on create: %q", got.TaxExempt)
	}
	if got := e.retrieveCustomer(t, c.ID); got.TaxExempt != "none" {
		t.Errorf("stored tax_exempt %q", got.TaxExempt)
	}
	for _, v := range []string{"partial", "EXEMPT", "true"} {
		_, err := e.sc.V1Customers.Update(e.ctx, c.ID, &stripe.CustomerUpdateParams{TaxExempt: stripe.String(v)})
		e.checkErr(t, err, wantErr{status: 400, param: "tax_exempt"})
	}
}
