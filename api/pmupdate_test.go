package api_test

import (
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v85"
)

// POST /v1/payment_methods/{id} through stripe-go v85: billing details
// (set, merge, clear), card expiry (Stripe's card errors), the preferred
// network of a co-branded card, metadata, allow_redisplay, and the
// customer's list by type. Every body is checked against Stripe's OpenAPI
// schemas.

// pmuEnv is one test's server, client and schemas (see apiEnv), with the
// payment method updates.
type pmuEnv struct{ *apiEnv }

func newPMUEnv(t *testing.T) *pmuEnv { return &pmuEnv{newAPIEnv(t)} }

// attached attaches a new payment method made from the test id magic to a
// new customer and returns both ids.
func (e *pmuEnv) attached(t *testing.T, magic string) (customer, pm string) {
	t.Helper()
	c := e.createCustomer(t, &stripe.CustomerCreateParams{Name: stripe.String("Holder of " + magic)})
	return c.ID, e.attachPaymentMethod(t, magic, c.ID).ID
}

// update updates a payment method, which must succeed, and checks that
// retrieve answers the same.
func (e *pmuEnv) update(t *testing.T, id string, p *stripe.PaymentMethodUpdateParams) *stripe.PaymentMethod {
	t.Helper()
	pm, err := e.sc.V1PaymentMethods.Update(e.ctx, id, p)
	if err != nil {
		t.Fatalf("update %s: %v", id, err)
	}
	e.spec.Check(t, "payment_method", pm.LastResponse.RawJSON)
	if len(p.Expand) == 0 {
		got := e.retrievePaymentMethod(t, id)
		if string(got.LastResponse.RawJSON) != string(pm.LastResponse.RawJSON) {
			t.Errorf("retrieve after update:\n%s\nupdate answered:\n%s", got.LastResponse.RawJSON, pm.LastResponse.RawJSON)
		}
	}
	return pm
}

func (e *pmuEnv) updateErr(t *testing.T, id string, p *stripe.PaymentMethodUpdateParams, want wantErr) {
	t.Helper()
	pm, err := e.sc.V1PaymentMethods.Update(e.ctx, id, p)
	if err == nil {
		t.Fatalf("update %s succeeded: %s", id, pm.LastResponse.RawJSON)
	}
	e.checkErr(t, err, want)
}

// pmuBilling returns the raw billing_details of a payment method body.
func pmuBilling(t *testing.T, pm *stripe.PaymentMethod) map[string]any {
	t.Helper()
	bd, _ := jsonObject(t, pm.LastResponse.RawJSON)["billing_details"].(map[string]any)
	if bd == nil {
		t.Fatalf("no billing_details: %s", pm.LastResponse.RawJSON)
	}
	return bd
}

func TestPMUpdateBillingDetails(t *testing.T) {
	t.Parallel()
	e := newPMUEnv(t)
	_, id := e.attached(t, "pm_card_visa")
	fresh := e.retrievePaymentMethod(t, id)
	for k, v := range pmuBilling(t, fresh) {
		if v != nil {
			t.Errorf("new payment method: billing_details.%s = %v, want null", k, v)
		}
	}

	addr := &stripe.AddressParams{Line1: stripe.String("1 Rue de Rivoli"), Line2: stripe.String("Bât. B"), City: stripe.String("Paris"),
		PostalCode: stripe.String("75001"), State: stripe.String("IDF"), Country: stripe.String("FR")}
	pm := e.update(t, id, &stripe.PaymentMethodUpdateParams{BillingDetails: &stripe.PaymentMethodUpdateBillingDetailsParams{
		Address: addr, Email: stripe.String("jenny@example.com"), Name: stripe.String("Jenny Rosen"), Phone: stripe.String("+33 1 23 45 67 89")}})
	bd := pm.BillingDetails
	if bd == nil || bd.Email != "jenny@example.com" || bd.Name != "Jenny Rosen" || bd.Phone != "+33 1 23 45 67 89" || bd.Address == nil ||
		bd.Address.Line1 != "1 Rue de Rivoli" || bd.Address.Line2 != "Bât. B" || bd.Address.City != "Paris" ||
		bd.Address.PostalCode != "75001" || bd.Address.State != "IDF" || bd.Address.Country != "FR" {
		t.Fatalf("billing details: %s", pm.LastResponse.RawJSON)
	}
	// Nothing else changed.
	if pm.Card == nil || pm.Card.Last4 != fresh.Card.Last4 || pm.Card.ExpYear != fresh.Card.ExpYear || pm.Customer == nil || pm.Customer.ID != fresh.Customer.ID {
		t.Errorf("update changed the card or customer: %s", pm.LastResponse.RawJSON)
	}

	// Fields not sent are kept.
	pm = e.update(t, id, &stripe.PaymentMethodUpdateParams{BillingDetails: &stripe.PaymentMethodUpdateBillingDetailsParams{Email: stripe.String("j@example.org")}})
	if bd := pm.BillingDetails; bd.Email != "j@example.org" || bd.Name != "Jenny Rosen" || bd.Address == nil || bd.Address.City != "Paris" {
		t.Errorf("email only: %s", pm.LastResponse.RawJSON)
	}
	pm = e.update(t, id, &stripe.PaymentMethodUpdateParams{Metadata: map[string]string{"k": "v"}})
	if bd := pm.BillingDetails; bd.Email != "j@example.org" || bd.Phone != "+33 1 23 45 67 89" {
		t.Errorf("metadata-only update touched billing details: %s", pm.LastResponse.RawJSON)
	}

	// "" clears each field.
	for _, f := range []stripe.PaymentMethodUpdateBillingDetailsParamsUnsetField{
		stripe.PaymentMethodUpdateBillingDetailsParamsUnsetFieldName,
		stripe.PaymentMethodUpdateBillingDetailsParamsUnsetFieldEmail,
		stripe.PaymentMethodUpdateBillingDetailsParamsUnsetFieldPhone,
		stripe.PaymentMethodUpdateBillingDetailsParamsUnsetFieldAddress,
	} {
		p := &stripe.PaymentMethodUpdateParams{BillingDetails: &stripe.PaymentMethodUpdateBillingDetailsParams{}}
		p.BillingDetails.AddUnsetField(f)
		pm = e.update(t, id, p)
		if v, ok := pmuBilling(t, pm)[string(f)]; !ok || v != nil {
			t.Errorf("after clearing %s: %v", f, v)
		}
	}
	for k, v := range pmuBilling(t, pm) {
		if v != nil {
			t.Errorf("after clearing all: billing_details.%s = %v", k, v)
		}
	}
	// A partial address after clearing: the fields sent, the others null.
	pm = e.update(t, id, &stripe.PaymentMethodUpdateParams{BillingDetails: &stripe.PaymentMethodUpdateBillingDetailsParams{
		Address: &stripe.AddressParams{PostalCode: stripe.String("10115"), Country: stripe.String("DE")}}})
	if a := pm.BillingDetails.Address; a == nil || a.PostalCode != "10115" || a.Country != "DE" || a.City != "" || a.Line1 != "" {
		t.Errorf("partial address: %s", pm.LastResponse.RawJSON)
	}

	// Bad parameters.
	path := "/v1/payment_methods/" + id
	for _, tc := range []struct {
		body string
		want wantErr
	}{
		{"billing_details[nickname]=x", wantErr{status: 400, code: "parameter_unknown", param: "billing_details[nickname]"}},
		{"billing_details[address][street]=x", wantErr{status: 400, code: "parameter_unknown", param: "billing_details[address][street]"}},
		{"billing_details=x", wantErr{status: 400, param: "billing_details"}},
		{"type=sepa_debit", wantErr{status: 400, code: "parameter_unknown", param: "type"}},
		{"customer=cus_x", wantErr{status: 400, code: "parameter_unknown", param: "customer"}},
	} {
		e.rawFail(t, tc.want, "POST", path, tc.body)
	}
	// Unknown, magic and other accounts' ids are 404.
	for _, bad := range []string{"pm_nope", "pm_card_visa"} {
		e.updateErr(t, bad, &stripe.PaymentMethodUpdateParams{Metadata: map[string]string{"k": "v"}},
			wantErr{status: 404, code: "resource_missing", param: "id", msg: "No such PaymentMethod: '" + bad + "'"})
	}
	otherKey := e.srv.NewAccount(t).SecretKey
	_, err := e.srv.Client(otherKey).V1PaymentMethods.Update(e.ctx, id, &stripe.PaymentMethodUpdateParams{Metadata: map[string]string{"k": "v"}})
	e.checkErr(t, err, wantErr{status: 404, code: "resource_missing", param: "id", msg: id})
}

func TestPMUpdateExpiry(t *testing.T) {
	t.Parallel()
	e := newPMUEnv(t)
	_, id := e.attached(t, "pm_card_mastercard")
	now := time.Now()
	year := int64(now.Year())

	pm := e.update(t, id, &stripe.PaymentMethodUpdateParams{Card: &stripe.PaymentMethodUpdateCardParams{ExpMonth: stripe.Int64(12), ExpYear: stripe.Int64(year + 3)}})
	if pm.Card.ExpMonth != 12 || pm.Card.ExpYear != year+3 {
		t.Fatalf("expiry %d/%d", pm.Card.ExpMonth, pm.Card.ExpYear)
	}
	// One of the two alone keeps the other.
	pm = e.update(t, id, &stripe.PaymentMethodUpdateParams{Card: &stripe.PaymentMethodUpdateCardParams{ExpMonth: stripe.Int64(1)}})
	if pm.Card.ExpMonth != 1 || pm.Card.ExpYear != year+3 {
		t.Errorf("month only: %d/%d", pm.Card.ExpMonth, pm.Card.ExpYear)
	}
	pm = e.update(t, id, &stripe.PaymentMethodUpdateParams{Card: &stripe.PaymentMethodUpdateCardParams{ExpYear: stripe.Int64(year + 5)}})
	if pm.Card.ExpMonth != 1 || pm.Card.ExpYear != year+5 {
		t.Errorf("year only: %d/%d", pm.Card.ExpMonth, pm.Card.ExpYear)
	}
	// The current month is still valid.
	pm = e.update(t, id, &stripe.PaymentMethodUpdateParams{Card: &stripe.PaymentMethodUpdateCardParams{ExpMonth: stripe.Int64(int64(now.Month())), ExpYear: stripe.Int64(year)}})
	if pm.Card.ExpMonth != int64(now.Month()) || pm.Card.ExpYear != year {
		t.Errorf("this month: %d/%d", pm.Card.ExpMonth, pm.Card.ExpYear)
	}
	e.update(t, id, &stripe.PaymentMethodUpdateParams{Card: &stripe.PaymentMethodUpdateCardParams{ExpMonth: stripe.Int64(6), ExpYear: stripe.Int64(year + 2)}})

	badMonth := wantErr{status: 402, typ: "card_error", code: "invalid_expiry_month", param: "card[exp_month]", msg: "expiration month"}
	badYear := wantErr{status: 402, typ: "card_error", code: "invalid_expiry_year", param: "card[exp_year]", msg: "expiration year"}
	card := func(m, y *int64) *stripe.PaymentMethodUpdateParams {
		return &stripe.PaymentMethodUpdateParams{Card: &stripe.PaymentMethodUpdateCardParams{ExpMonth: m, ExpYear: y}}
	}
	for _, tc := range []struct {
		name string
		p    *stripe.PaymentMethodUpdateParams
		want wantErr
	}{
		{"month 13", card(stripe.Int64(13), nil), badMonth},
		{"month 0", card(stripe.Int64(0), nil), badMonth},
		{"month -1", card(stripe.Int64(-1), stripe.Int64(year+1)), badMonth},
		{"last year", card(nil, stripe.Int64(year-1)), badYear},
		{"long ago", card(stripe.Int64(5), stripe.Int64(2001)), badYear},
		{"too far", card(nil, stripe.Int64(year+51)), badYear},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.updateErr(t, id, tc.p, tc.want)
			_, err := e.sc.V1PaymentMethods.Update(e.ctx, id, tc.p)
			var ce *stripe.CardError
			if !asCardError(err, &ce) {
				t.Errorf("stripe-go did not see a CardError: %v", err)
			}
		})
	}
	if now.Month() > 1 {
		// Earlier this year: expired.
		_, err := e.sc.V1PaymentMethods.Update(e.ctx, id, card(stripe.Int64(int64(now.Month())-1), stripe.Int64(year)))
		se := asStripeError(t, err)
		if se.HTTPStatusCode != 402 || se.Type != "card_error" || (se.Code != "invalid_expiry_month" && se.Code != "invalid_expiry_year") {
			t.Errorf("expired this year: %d %s %s", se.HTTPStatusCode, se.Type, se.Code)
		}
	}
	// A refused expiry changes nothing, not even the other fields sent with it.
	p := card(stripe.Int64(13), nil)
	p.Metadata = map[string]string{"refused": "yes"}
	p.BillingDetails = &stripe.PaymentMethodUpdateBillingDetailsParams{Name: stripe.String("Refused")}
	e.updateErr(t, id, p, badMonth)
	got := e.retrievePaymentMethod(t, id)
	if got.Card.ExpMonth != 6 || got.Card.ExpYear != year+2 || len(got.Metadata) != 0 || got.BillingDetails.Name != "" {
		t.Errorf("after refused updates: %s", got.LastResponse.RawJSON)
	}
	// Non-integers are a parameter error, not a card error.
	e.rawFail(t, wantErr{status: 400, code: "parameter_invalid_integer", param: "card[exp_month]"},
		"POST", "/v1/payment_methods/"+id, "card[exp_month]=June")
	e.rawFail(t, wantErr{status: 400, code: "parameter_unknown", param: "card[number]"},
		"POST", "/v1/payment_methods/"+id, "card[number]=4242424242424242")
}

func TestPMUpdateNetworks(t *testing.T) {
	t.Parallel()
	e := newPMUEnv(t)
	_, co := e.attached(t, "pm_card_visa_cartesBancaires")
	networks := func(pm *stripe.PaymentMethod) ([]string, string) {
		t.Helper()
		if pm.Card == nil || pm.Card.Networks == nil {
			t.Fatalf("no card networks: %s", pm.LastResponse.RawJSON)
		}
		var av []string
		for _, n := range pm.Card.Networks.Available {
			av = append(av, string(n))
		}
		return av, string(pm.Card.Networks.Preferred)
	}
	if av, pref := networks(e.retrievePaymentMethod(t, co)); !slices.Equal(av, []string{"cartes_bancaires", "visa"}) || pref != "" {
		t.Fatalf("co-branded card: available %v preferred %q", av, pref)
	}
	for _, n := range []string{"cartes_bancaires", "visa"} {
		pm := e.update(t, co, &stripe.PaymentMethodUpdateParams{Card: &stripe.PaymentMethodUpdateCardParams{
			Networks: &stripe.PaymentMethodUpdateCardNetworksParams{Preferred: stripe.String(n)}}})
		if av, pref := networks(pm); pref != n || !slices.Equal(av, []string{"cartes_bancaires", "visa"}) {
			t.Errorf("preferred %s: available %v preferred %q", n, av, pref)
		}
	}
	// The expiry is untouched by a networks-only update.
	before := e.retrievePaymentMethod(t, co).Card
	// "" clears the preference.
	p := &stripe.PaymentMethodUpdateParams{Card: &stripe.PaymentMethodUpdateCardParams{Networks: &stripe.PaymentMethodUpdateCardNetworksParams{}}}
	p.Card.Networks.AddUnsetField(stripe.PaymentMethodUpdateCardNetworksParamsUnsetFieldPreferred)
	pm := e.update(t, co, p)
	raw := jsonObject(t, pm.LastResponse.RawJSON)
	if n, _ := raw["card"].(map[string]any)["networks"].(map[string]any); n == nil || n["preferred"] != nil {
		t.Errorf("preferred after clearing: %v", n)
	}
	if pm.Card.ExpMonth != before.ExpMonth || pm.Card.ExpYear != before.ExpYear {
		t.Errorf("networks update changed the expiry")
	}

	// A network the card does not have, or no network at all.
	refused := wantErr{status: 400, param: "card[networks][preferred]"}
	pref := func(n string) *stripe.PaymentMethodUpdateParams {
		return &stripe.PaymentMethodUpdateParams{Card: &stripe.PaymentMethodUpdateCardParams{
			Networks: &stripe.PaymentMethodUpdateCardNetworksParams{Preferred: stripe.String(n)}}}
	}
	e.updateErr(t, co, pref("mastercard"), refused)
	e.updateErr(t, co, pref("amex"), refused)
	e.updateErr(t, co, pref("invalid_preference"), refused)
	_, visa := e.attached(t, "pm_card_visa")
	for _, n := range []string{"cartes_bancaires", "mastercard"} {
		e.updateErr(t, visa, pref(n), wantErr{status: 400, param: "card[networks][preferred]", msg: n})
	}
	if _, p := networks(e.retrievePaymentMethod(t, visa)); p != "" {
		t.Errorf("visa-only card got preferred %q", p)
	}
	// The mastercard co-brand takes mastercard, not visa.
	_, mc := e.attached(t, "pm_card_mastercard_cartesBancaires")
	if _, p := networks(e.update(t, mc, pref("mastercard"))); p != "mastercard" {
		t.Errorf("mastercard co-brand: preferred %q", p)
	}
	e.updateErr(t, mc, pref("visa"), refused)
}

func TestPMUpdateMetadataRedisplay(t *testing.T) {
	t.Parallel()
	e := newPMUEnv(t)
	customer, id := e.attached(t, "pm_card_amex")
	if pm := e.retrievePaymentMethod(t, id); pm.AllowRedisplay != "unspecified" || len(pm.Metadata) != 0 {
		t.Fatalf("defaults: %s", pm.LastResponse.RawJSON)
	}
	pm := e.update(t, id, &stripe.PaymentMethodUpdateParams{Metadata: map[string]string{"a": "1", "b": "2"}})
	if !reflect.DeepEqual(pm.Metadata, map[string]string{"a": "1", "b": "2"}) {
		t.Errorf("metadata %v", pm.Metadata)
	}
	pm = e.update(t, id, &stripe.PaymentMethodUpdateParams{Metadata: map[string]string{"b": "", "c": "3"}})
	if !reflect.DeepEqual(pm.Metadata, map[string]string{"a": "1", "c": "3"}) {
		t.Errorf("merged metadata %v", pm.Metadata)
	}
	p := &stripe.PaymentMethodUpdateParams{}
	p.AddUnsetField(stripe.PaymentMethodUpdateParamsUnsetFieldMetadata)
	pm = e.update(t, id, p)
	if m, ok := jsonObject(t, pm.LastResponse.RawJSON)["metadata"].(map[string]any); !ok || len(m) != 0 {
		t.Errorf("metadata after metadata= : %s", pm.LastResponse.RawJSON)
	}
	many := map[string]string{}
	for i := range 51 {
		many["k"+strconv.Itoa(i)] = "v"
	}
	e.updateErr(t, id, &stripe.PaymentMethodUpdateParams{Metadata: many}, wantErr{status: 400, param: "metadata"})

	for _, v := range []string{"always", "limited", "unspecified", "always"} {
		pm = e.update(t, id, &stripe.PaymentMethodUpdateParams{AllowRedisplay: stripe.String(v)})
		if string(pm.AllowRedisplay) != v {
			t.Errorf("allow_redisplay %s: %q", v, pm.AllowRedisplay)
		}
	}
	e.updateErr(t, id, &stripe.PaymentMethodUpdateParams{AllowRedisplay: stripe.String("sometimes")}, wantErr{status: 400, param: "allow_redisplay"})
	e.rawFail(t, wantErr{status: 400, code: "parameter_invalid_empty", param: "allow_redisplay"}, "POST", "/v1/payment_methods/"+id, "allow_redisplay=")
	if pm := e.retrievePaymentMethod(t, id); pm.AllowRedisplay != "always" {
		t.Errorf("refused allow_redisplay changed it to %q", pm.AllowRedisplay)
	}

	// expand[]=customer on the answer.
	p = &stripe.PaymentMethodUpdateParams{Metadata: map[string]string{"x": "y"}}
	p.AddExpand("customer")
	pm = e.update(t, id, p)
	if pm.Customer == nil || pm.Customer.ID != customer || pm.Customer.Name != "Holder of pm_card_amex" {
		t.Errorf("expanded customer: %s", pm.LastResponse.RawJSON)
	}
}

// TestPMUpdateListByType: a customer's payment methods listed with
// type=card show their updates.
func TestPMUpdateListByType(t *testing.T) {
	t.Parallel()
	e := newPMUEnv(t)
	c := e.createCustomer(t, &stripe.CustomerCreateParams{Name: stripe.String("Lister")})
	var want []string // newest first
	for i, magic := range []string{"pm_card_visa", "pm_card_mastercard", "pm_card_visa_cartesBancaires"} {
		pm := e.attachPaymentMethod(t, magic, c.ID)
		e.update(t, pm.ID, &stripe.PaymentMethodUpdateParams{
			BillingDetails: &stripe.PaymentMethodUpdateBillingDetailsParams{Name: stripe.String("Card " + strconv.Itoa(i))},
			Metadata:       map[string]string{"i": strconv.Itoa(i)},
		})
		want = append([]string{pm.ID}, want...)
	}
	e.update(t, want[0], &stripe.PaymentMethodUpdateParams{AllowRedisplay: stripe.String("always")})

	list := func(typ string, more ...string) []*stripe.PaymentMethod {
		t.Helper()
		p := &stripe.CustomerListPaymentMethodsParams{Customer: stripe.String(c.ID), Type: stripe.String(typ)}
		if len(more) > 0 {
			p.AllowRedisplay = stripe.String(more[0])
		}
		p.Single = true
		pms, _ := checkPage(t, e.spec, e.sc.V1Customers.ListPaymentMethods(e.ctx, p), "payment_method", "/v1/customers/"+c.ID+"/payment_methods")
		return pms
	}
	cards := list("card")
	var got []string
	for _, pm := range cards {
		got = append(got, pm.ID)
		i := strconv.Itoa(len(want) - len(got))
		if pm.Type != "card" || pm.BillingDetails == nil || pm.BillingDetails.Name != "Card "+i || pm.Metadata["i"] != i {
			t.Errorf("listed %s: %s", pm.ID, pm.LastResponse.RawJSON)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("type=card %v, want %v", got, want)
	}
	if got := list("sepa_debit"); len(got) != 0 {
		t.Errorf("type=sepa_debit listed %d", len(got))
	}
	if got := list("card", "always"); len(got) != 1 || got[0].ID != want[0] {
		t.Errorf("allow_redisplay=always: %v", got)
	}
	if got := list("card", "unspecified"); len(got) != 2 {
		t.Errorf("allow_redisplay=unspecified: %d", len(got))
	}

	// The allow_redisplay filter pages like any list: five more cards,
	// every other one redisplayable.
	for i := range 5 {
		pm := e.attachPaymentMethod(t, "pm_card_visa", c.ID)
		if i%2 == 0 {
			e.update(t, pm.ID, &stripe.PaymentMethodUpdateParams{AllowRedisplay: stripe.String("always")})
		}
		want = append([]string{pm.ID}, want...)
	}
	// Newest first: the three new "always" cards, then the first card
	// made redisplayable above.
	always := []string{want[0], want[2], want[4], want[5]}
	page := func(query string) ([]string, bool) {
		t.Helper()
		l := e.rawList(t, "payment_method", "/v1/customers/"+c.ID+"/payment_methods?allow_redisplay=always&"+query)
		for _, d := range l.Data {
			if d["allow_redisplay"] != "always" {
				t.Errorf("%s: listed %s with allow_redisplay %s", query, d["id"], d["allow_redisplay"])
			}
		}
		return l.ids(), l.HasMore
	}
	for _, tc := range []struct {
		query string
		ids   []string
		more  bool
	}{
		{"", always, false},
		{"limit=2", always[:2], true},
		{"limit=2&starting_after=" + always[1], always[2:], false},
		{"limit=1&starting_after=" + want[1], always[1:2], true}, // a cursor that does not match the filter
		{"limit=3&starting_after=" + always[3], nil, false},
		{"limit=2&ending_before=" + always[3], always[1:3], true},
		{"limit=2&ending_before=" + always[1], always[:1], false},
		{"limit=1&ending_before=" + want[6], always[3:], true}, // a cursor that does not match the filter
		{"type=card&limit=3", always[:3], true},
		{"type=sepa_debit", nil, false},
	} {
		ids, more := page(tc.query)
		if !slices.Equal(ids, tc.ids) || more != tc.more {
			t.Errorf("%s: %v more=%v, want %v more=%v", tc.query, ids, more, tc.ids, tc.more)
		}
	}
	e.rawFail(t, wantErr{status: 400, code: "resource_missing", param: "starting_after"},
		"GET", "/v1/customers/"+c.ID+"/payment_methods?allow_redisplay=always&starting_after=pm_nope", "")
}
