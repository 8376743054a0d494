package api_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v85"

	"remit/testcard"
)

// Black-box tests of payment methods made from Stripe's magic test ids
// (stripe-tables.md section 1) and of their customer endpoints.

// pmEnv is one test's server, client and schemas (see apiEnv), with the
// customer's payment method lists.
type pmEnv struct{ *apiEnv }

func newPMEnv(t *testing.T) *pmEnv { return &pmEnv{newAPIEnv(t)} }

// customer creates a customer named name.
func (e *pmEnv) customer(t *testing.T, name string) *stripe.Customer {
	t.Helper()
	return e.createCustomer(t, &stripe.CustomerCreateParams{Name: stripe.String(name)})
}

// listIDs lists one page of a customer's payment method ids through raw
// HTTP (see rawList), checking that they are the customer's; it also
// returns has_more. header may set another key.
func (e *pmEnv) listIDs(t *testing.T, customer, query string, header ...string) ([]string, bool) {
	t.Helper()
	l := e.rawList(t, "payment_method", "/v1/customers/"+customer+"/payment_methods?"+query, header...)
	if l.Object != "list" || l.URL != "/v1/customers/"+customer+"/payment_methods" {
		t.Fatalf("list envelope: object %q url %q", l.Object, l.URL)
	}
	for _, pm := range l.Data {
		if pm["customer"] != customer {
			t.Fatalf("list of %s holds %s of customer %v", customer, pm["id"], pm["customer"])
		}
	}
	return l.ids(), l.HasMore
}

func TestPaymentMethodAttachEveryTestCard(t *testing.T) {
	e := newPMEnv(t)
	ids := testcard.IDs()
	if len(ids) < 50 {
		t.Fatalf("only %d test ids in the catalog", len(ids))
	}
	fingerprints := map[string]string{} // card number -> fingerprint
	numbers := map[string]string{}      // fingerprint -> card number
	declines := 0
	for _, id := range ids {
		card, ok := testcard.Lookup(id)
		if !ok {
			t.Fatalf("catalog lists %s but Lookup does not know it", id)
		}
		c := e.customer(t, "Holder of "+id)
		pm, err := e.sc.V1PaymentMethods.Attach(e.ctx, id, &stripe.PaymentMethodAttachParams{Customer: stripe.String(c.ID)})
		if d := card.AttachDecline; d != nil {
			declines++
			se := wantStripeError(t, err, 402, stripe.ErrorTypeCard, stripe.ErrorCode(d.Code), d.Param)
			if string(se.DeclineCode) != d.DeclineCode {
				t.Errorf("%s: decline_code %q, want %q", id, se.DeclineCode, d.DeclineCode)
			}
			var ce *stripe.CardError
			if !asCardError(err, &ce) {
				t.Errorf("%s: stripe-go did not see a CardError", id)
			}
			var raw struct {
				Error struct {
					AdviceCode string `json:"advice_code"`
					Message    string `json:"message"`
				} `json:"error"`
			}
			if err := json.Unmarshal(se.LastResponse.RawJSON, &raw); err != nil {
				t.Fatal(err)
			}
			if raw.Error.AdviceCode != d.AdviceCode || raw.Error.Message == "" {
				t.Errorf("%s: advice_code %q message %q, want %q", id, raw.Error.AdviceCode, raw.Error.Message, d.AdviceCode)
			}
			// Nothing was attached.
			if got, _ := e.listIDs(t, c.ID, ""); len(got) != 0 {
				t.Errorf("%s: declined card left payment methods %v", id, got)
			}
			continue
		}
		if err != nil {
			t.Fatalf("attach %s: %v", id, err)
		}
		e.spec.Check(t, "payment_method", pm.LastResponse.RawJSON)
		if !strings.HasPrefix(pm.ID, "pm_") || pm.ID == id || strings.HasPrefix(pm.ID, "pm_card_") {
			t.Errorf("%s: new payment method id %q", id, pm.ID)
		}
		if pm.Object != "payment_method" || pm.Type != stripe.PaymentMethodTypeCard || pm.Livemode || pm.Card == nil {
			t.Fatalf("%s: %s", id, pm.LastResponse.RawJSON)
		}
		if pm.Customer == nil || pm.Customer.ID != c.ID {
			t.Errorf("%s: customer %+v, want %s", id, pm.Customer, c.ID)
		}
		got := pm.Card
		if string(got.Brand) != card.Brand || got.Last4 != card.Last4 || got.Country != card.Country ||
			string(got.Funding) != card.Funding || got.DisplayBrand != card.DisplayBrand {
			t.Errorf("%s: card brand=%s last4=%s country=%s funding=%s display_brand=%s, want %s %s %s %s %s",
				id, got.Brand, got.Last4, got.Country, got.Funding, got.DisplayBrand,
				card.Brand, card.Last4, card.Country, card.Funding, card.DisplayBrand)
		}
		var networks []string
		if got.Networks != nil {
			for _, n := range got.Networks.Available {
				networks = append(networks, string(n))
			}
		}
		if got.Networks == nil || strings.Join(networks, ",") != strings.Join(card.Networks, ",") {
			t.Errorf("%s: networks %+v, want %v", id, got.Networks, card.Networks)
		}
		if got.ThreeDSecureUsage == nil || got.ThreeDSecureUsage.Supported != card.ThreeDSecureSupported {
			t.Errorf("%s: three_d_secure_usage %+v, want supported=%v", id, got.ThreeDSecureUsage, card.ThreeDSecureSupported)
		}
		if got.ExpMonth < 1 || got.ExpMonth > 12 || time.Date(int(got.ExpYear), time.Month(got.ExpMonth), 1, 0, 0, 0, 0, time.UTC).Before(time.Now()) {
			t.Errorf("%s: expiry %d/%d is not in the future", id, got.ExpMonth, got.ExpYear)
		}
		// One fingerprint per card number within the account.
		if got.Fingerprint == "" {
			t.Errorf("%s: no fingerprint", id)
		} else {
			if fp, seen := fingerprints[card.Number]; seen && fp != got.Fingerprint {
				t.Errorf("%s: fingerprint %s, but %s had %s for the same number", id, got.Fingerprint, card.Number, fp)
			}
			if n, seen := numbers[got.Fingerprint]; seen && n != card.Number {
				t.Errorf("%s: fingerprint %s shared by numbers %s and %s", id, got.Fingerprint, n, card.Number)
			}
			fingerprints[card.Number], numbers[got.Fingerprint] = got.Fingerprint, card.Number
		}
		// Retrieve shows the same object.
		again := e.retrievePaymentMethod(t, pm.ID)
		if string(again.LastResponse.RawJSON) != string(pm.LastResponse.RawJSON) {
			t.Errorf("%s: retrieve %s\nattach %s", id, again.LastResponse.RawJSON, pm.LastResponse.RawJSON)
		}
		if ids, _ := e.listIDs(t, c.ID, ""); len(ids) != 1 || ids[0] != pm.ID {
			t.Errorf("%s: customer's payment methods %v, want [%s]", id, ids, pm.ID)
		}
	}
	if declines == 0 || declines == len(ids) {
		t.Fatalf("%d declining cards among %d", declines, len(ids))
	}

	// The same magic id twice makes two payment methods.
	c := e.customer(t, "Twice")
	a, b := e.attachPaymentMethod(t, "pm_card_visa", c.ID), e.attachPaymentMethod(t, "pm_card_visa", c.ID)
	if a.ID == b.ID || a.Card.Fingerprint != b.Card.Fingerprint {
		t.Fatalf("two attaches of pm_card_visa: %s/%s, fingerprints %s/%s", a.ID, b.ID, a.Card.Fingerprint, b.Card.Fingerprint)
	}
}

func TestPaymentMethodChargeCustomerFailAttaches(t *testing.T) {
	e := newPMEnv(t)
	c := e.customer(t, "Fails later")
	pm := e.attachPaymentMethod(t, "pm_card_chargeCustomerFail", c.ID)
	if pm.ID == "pm_card_chargeCustomerFail" || pm.Card.Last4 != "0341" || pm.Card.Brand != "visa" {
		t.Fatalf("pm_card_chargeCustomerFail: %s", pm.LastResponse.RawJSON)
	}
	// It can be the customer's default payment method.
	u, err := e.sc.V1Customers.Update(e.ctx, c.ID, &stripe.CustomerUpdateParams{
		InvoiceSettings: &stripe.CustomerUpdateInvoiceSettingsParams{DefaultPaymentMethod: stripe.String(pm.ID)}})
	if err != nil {
		t.Fatal(err)
	}
	if u.InvoiceSettings.DefaultPaymentMethod == nil || u.InvoiceSettings.DefaultPaymentMethod.ID != pm.ID {
		t.Fatalf("default payment method %+v", u.InvoiceSettings.DefaultPaymentMethod)
	}
}

func TestPaymentMethodDeclinedOnCustomerCreate(t *testing.T) {
	e := newPMEnv(t)
	for _, id := range []string{"pm_card_visa_chargeDeclined", "pm_card_chargeDeclinedExpiredCard", "pm_card_visa_chargeDeclinedStolenCard", "tok_chargeDeclinedIncorrectCvc"} {
		card, _ := testcard.Lookup(id)
		d := card.AttachDecline
		if d == nil {
			t.Fatalf("%s does not decline in the catalog", id)
		}
		_, err := e.sc.V1Customers.Create(e.ctx, &stripe.CustomerCreateParams{
			Email:         stripe.String("declined@example.com"),
			PaymentMethod: stripe.String(id),
			InvoiceSettings: &stripe.CustomerCreateInvoiceSettingsParams{
				DefaultPaymentMethod: stripe.String(id),
			},
		})
		se := wantStripeError(t, err, 402, stripe.ErrorTypeCard, stripe.ErrorCode(d.Code), d.Param)
		if string(se.DeclineCode) != d.DeclineCode {
			t.Errorf("%s: decline_code %q, want %q", id, se.DeclineCode, d.DeclineCode)
		}
	}
	wantCustomerCount(t, e.sc, 0)
	// A working card creates the customer with it attached.
	c := e.createCustomer(t, &stripe.CustomerCreateParams{PaymentMethod: stripe.String("pm_card_mastercard")})
	ids, _ := e.listIDs(t, c.ID, "")
	if len(ids) != 1 {
		t.Fatalf("customer created with a card has payment methods %v", ids)
	}
	if pm := e.retrievePaymentMethod(t, ids[0]); pm.Card.Brand != "mastercard" || pm.Customer == nil || pm.Customer.ID != c.ID {
		t.Fatalf("%s", pm.LastResponse.RawJSON)
	}
	wantCustomerCount(t, e.sc, 1)
}

func TestPaymentMethodRetrieve(t *testing.T) {
	e := newPMEnv(t)
	c := e.customer(t, "R")
	pm := e.attachPaymentMethod(t, "pm_card_amex", c.ID)
	got := e.retrievePaymentMethod(t, pm.ID)
	if got.ID != pm.ID || got.Card.Brand != "amex" || got.Card.DisplayBrand != "american_express" || got.Customer.ID != c.ID {
		t.Fatalf("%s", got.LastResponse.RawJSON)
	}
	// Expanding the customer.
	p := &stripe.PaymentMethodRetrieveParams{}
	p.AddExpand("customer")
	x, err := e.sc.V1PaymentMethods.Retrieve(e.ctx, pm.ID, p)
	if err != nil {
		t.Fatal(err)
	}
	if x.Customer == nil || x.Customer.Name != "R" {
		t.Fatalf("expanded customer: %s", x.LastResponse.RawJSON)
	}

	_, err = e.sc.V1PaymentMethods.Retrieve(e.ctx, "pm_doesnotexist", nil)
	wantStripeError(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "id")
	// A magic id is not a stored object.
	_, err = e.sc.V1PaymentMethods.Retrieve(e.ctx, "pm_card_visa", nil)
	wantStripeError(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "id")
	// Another account does not see it.
	other := e.srv.Client(e.srv.NewAccount(t).SecretKey)
	_, err = other.V1PaymentMethods.Retrieve(e.ctx, pm.ID, nil)
	wantStripeError(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "id")
}

func TestPaymentMethodCustomerList(t *testing.T) {
	e := newPMEnv(t)
	c := e.customer(t, "Lister")
	magic := []string{"pm_card_visa", "pm_card_mastercard", "pm_card_amex", "pm_card_discover", "pm_card_jcb"}
	var want []string // newest first
	for _, id := range magic {
		pm := e.attachPaymentMethod(t, id, c.ID)
		want = append([]string{pm.ID}, want...)
	}
	// Another customer's payment method never shows.
	e.attachPaymentMethod(t, "pm_card_visa", e.customer(t, "Other").ID)

	all, more := e.listIDs(t, c.ID, "")
	if strings.Join(all, ",") != strings.Join(want, ",") || more {
		t.Fatalf("list %v (has_more %v), want %v", all, more, want)
	}
	card, _ := e.listIDs(t, c.ID, "type=card")
	if strings.Join(card, ",") != strings.Join(want, ",") {
		t.Fatalf("type=card %v, want %v", card, want)
	}
	for _, typ := range []string{"sepa_debit", "us_bank_account"} {
		if got, more := e.listIDs(t, c.ID, "type="+typ); len(got) != 0 || more {
			t.Fatalf("type=%s: %v", typ, got)
		}
	}

	// Pages of two, forward.
	var paged []string
	query := "limit=2"
	for i := 0; ; i++ {
		if i > 5 {
			t.Fatal("pagination does not end")
		}
		ids, more := e.listIDs(t, c.ID, query)
		if len(ids) == 0 || len(ids) > 2 {
			t.Fatalf("page %d: %v", i, ids)
		}
		paged = append(paged, ids...)
		if !more {
			break
		}
		query = "limit=2&starting_after=" + url.QueryEscape(ids[len(ids)-1])
	}
	if strings.Join(paged, ",") != strings.Join(want, ",") {
		t.Fatalf("forward pages %v, want %v", paged, want)
	}
	// Backward from the oldest.
	ids, more := e.listIDs(t, c.ID, "limit=2&ending_before="+want[4])
	if strings.Join(ids, ",") != strings.Join(want[2:4], ",") || !more {
		t.Fatalf("ending_before: %v (has_more %v), want %v and more", ids, more, want[2:4])
	}

	// stripe-go's iterator walks the pages the same way.
	var viaGo []string
	lp := &stripe.CustomerListPaymentMethodsParams{Customer: stripe.String(c.ID), Type: stripe.String("card")}
	lp.Limit = stripe.Int64(2)
	list := e.sc.V1Customers.ListPaymentMethods(e.ctx, lp)
	for pm, err := range list.All(e.ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if pm.Card == nil || pm.Customer == nil || pm.Customer.ID != c.ID {
			t.Fatalf("listed %+v", pm)
		}
		viaGo = append(viaGo, pm.ID)
		if len(viaGo) > 10 {
			t.Fatal("stripe-go iteration does not end")
		}
	}
	if strings.Join(viaGo, ",") != strings.Join(want, ",") {
		t.Fatalf("stripe-go list %v, want %v", viaGo, want)
	}
	lp = &stripe.CustomerListPaymentMethodsParams{Customer: stripe.String(c.ID), Type: stripe.String("sepa_debit")}
	for pm, err := range e.sc.V1Customers.ListPaymentMethods(e.ctx, lp).All(e.ctx) {
		t.Fatalf("sepa_debit listed %v, %v", pm, err)
	}

	// Errors.
	for _, tc := range []struct {
		path string
		want wantErr
	}{
		{"/v1/customers/cus_doesnotexist/payment_methods", noSuchCustomer("cus_doesnotexist")},
		{"/v1/customers/" + c.ID + "/payment_methods?limit=101", wantErr{status: 400, code: "parameter_invalid_integer", param: "limit"}},
		{"/v1/customers/" + c.ID + "/payment_methods?allow_redisplay=sometimes", wantErr{status: 400, param: "allow_redisplay"}},
	} {
		e.rawFail(t, tc.want, "GET", tc.path, "")
	}
}

func TestPaymentMethodCustomerRetrieve(t *testing.T) {
	e := newPMEnv(t)
	c1, c2 := e.customer(t, "One"), e.customer(t, "Two")
	pm1, pm2 := e.attachPaymentMethod(t, "pm_card_visa", c1.ID), e.attachPaymentMethod(t, "pm_card_mastercard", c2.ID)

	got, err := e.sc.V1Customers.RetrievePaymentMethod(e.ctx, pm1.ID, &stripe.CustomerRetrievePaymentMethodParams{Customer: stripe.String(c1.ID)})
	if err != nil {
		t.Fatal(err)
	}
	e.spec.Check(t, "payment_method", got.LastResponse.RawJSON)
	if got.ID != pm1.ID || got.Customer.ID != c1.ID || string(got.LastResponse.RawJSON) != string(pm1.LastResponse.RawJSON) {
		t.Fatalf("%s", got.LastResponse.RawJSON)
	}

	// A payment method of another customer: 404, and it names the customer
	// (stripe-tables.md 4.3).
	_, err = e.sc.V1Customers.RetrievePaymentMethod(e.ctx, pm2.ID, &stripe.CustomerRetrievePaymentMethodParams{Customer: stripe.String(c1.ID)})
	wantStripeError(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "customer")
	// An unknown payment method or customer.
	_, err = e.sc.V1Customers.RetrievePaymentMethod(e.ctx, "pm_doesnotexist", &stripe.CustomerRetrievePaymentMethodParams{Customer: stripe.String(c1.ID)})
	wantStripeError(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "*")
	_, err = e.sc.V1Customers.RetrievePaymentMethod(e.ctx, pm1.ID, &stripe.CustomerRetrievePaymentMethodParams{Customer: stripe.String("cus_doesnotexist")})
	wantStripeError(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "*")
	// Once detached it is no longer the customer's.
	if _, err := e.sc.V1PaymentMethods.Detach(e.ctx, pm1.ID, nil); err != nil {
		t.Fatal(err)
	}
	_, err = e.sc.V1Customers.RetrievePaymentMethod(e.ctx, pm1.ID, &stripe.CustomerRetrievePaymentMethodParams{Customer: stripe.String(c1.ID)})
	wantStripeError(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "*")
}

func TestPaymentMethodDetach(t *testing.T) {
	e := newPMEnv(t)

	// A customer created with a default payment method.
	c := e.createCustomer(t, withDefaultCard(&stripe.CustomerCreateParams{Name: stripe.String("Detacher")}))
	def := c.InvoiceSettings.DefaultPaymentMethod.ID
	other := e.attachPaymentMethod(t, "pm_card_mastercard", c.ID)

	// Detaching another payment method keeps the default.
	d, err := e.sc.V1PaymentMethods.Detach(e.ctx, other.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	e.spec.Check(t, "payment_method", d.LastResponse.RawJSON)
	if d.ID != other.ID || d.Customer != nil || !strings.Contains(string(d.LastResponse.RawJSON), `"customer":null`) {
		t.Fatalf("detached: %s", d.LastResponse.RawJSON)
	}
	if r := e.retrievePaymentMethod(t, other.ID); r.Customer != nil {
		t.Fatalf("retrieved after detach: %s", r.LastResponse.RawJSON)
	}
	cur, err := e.sc.V1Customers.Retrieve(e.ctx, c.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cur.InvoiceSettings.DefaultPaymentMethod == nil || cur.InvoiceSettings.DefaultPaymentMethod.ID != def {
		t.Fatalf("default after detaching another: %+v", cur.InvoiceSettings.DefaultPaymentMethod)
	}

	// Detaching the default clears invoice_settings.default_payment_method.
	if _, err := e.sc.V1PaymentMethods.Detach(e.ctx, def, nil); err != nil {
		t.Fatal(err)
	}
	cur, err = e.sc.V1Customers.Retrieve(e.ctx, c.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cur.InvoiceSettings.DefaultPaymentMethod != nil || !strings.Contains(string(cur.LastResponse.RawJSON), `"default_payment_method":null`) {
		t.Fatalf("default after detaching it: %s", cur.LastResponse.RawJSON)
	}
	if ids, _ := e.listIDs(t, c.ID, ""); len(ids) != 0 {
		t.Fatalf("payment methods after detaching all: %v", ids)
	}

	// A detached payment method can be neither detached nor attached again.
	_, err = e.sc.V1PaymentMethods.Detach(e.ctx, def, nil)
	wantStripeError(t, err, 400, stripe.ErrorTypeInvalidRequest, "", "*")
	_, err = e.sc.V1PaymentMethods.Attach(e.ctx, def, &stripe.PaymentMethodAttachParams{Customer: stripe.String(c.ID)})
	wantStripeError(t, err, 400, stripe.ErrorTypeInvalidRequest, "", "*")
	_, err = e.sc.V1PaymentMethods.Attach(e.ctx, other.ID, &stripe.PaymentMethodAttachParams{Customer: stripe.String(e.customer(t, "New").ID)})
	wantStripeError(t, err, 400, stripe.ErrorTypeInvalidRequest, "", "*")
	// Nor named as a default.
	_, err = e.sc.V1Customers.Update(e.ctx, c.ID, &stripe.CustomerUpdateParams{
		InvoiceSettings: &stripe.CustomerUpdateInvoiceSettingsParams{DefaultPaymentMethod: stripe.String(def)}})
	wantStripeError(t, err, 400, stripe.ErrorTypeInvalidRequest, "", "invoice_settings[default_payment_method]")

	// Unknown payment method.
	_, err = e.sc.V1PaymentMethods.Detach(e.ctx, "pm_doesnotexist", nil)
	wantStripeError(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "id")
}

func TestPaymentMethodAttachRules(t *testing.T) {
	e := newPMEnv(t)
	c1, c2 := e.customer(t, "First"), e.customer(t, "Second")
	pm := e.attachPaymentMethod(t, "pm_card_visa", c1.ID)

	// Already attached to another customer.
	_, err := e.sc.V1PaymentMethods.Attach(e.ctx, pm.ID, &stripe.PaymentMethodAttachParams{Customer: stripe.String(c2.ID)})
	wantStripeError(t, err, 400, stripe.ErrorTypeInvalidRequest, "", "*")
	if r := e.retrievePaymentMethod(t, pm.ID); r.Customer == nil || r.Customer.ID != c1.ID {
		t.Fatalf("after the refused attach: %s", r.LastResponse.RawJSON)
	}
	if ids, _ := e.listIDs(t, c2.ID, ""); len(ids) != 0 {
		t.Fatalf("second customer got %v", ids)
	}

	// Unknown customer: 400 resource_missing on param customer.
	_, err = e.sc.V1PaymentMethods.Attach(e.ctx, "pm_card_visa", &stripe.PaymentMethodAttachParams{Customer: stripe.String("cus_doesnotexist")})
	wantStripeError(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "customer")
	// Deleted customer: the same.
	gone := e.customer(t, "Gone")
	if _, err := e.sc.V1Customers.Delete(e.ctx, gone.ID, nil); err != nil {
		t.Fatal(err)
	}
	_, err = e.sc.V1PaymentMethods.Attach(e.ctx, "pm_card_visa", &stripe.PaymentMethodAttachParams{Customer: stripe.String(gone.ID)})
	wantStripeError(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "customer")
	// A customer of another account.
	foreign := e.srv.Client(e.srv.NewAccount(t).SecretKey)
	fc := e.createCustomerWith(t, foreign, &stripe.CustomerCreateParams{Name: stripe.String("Foreign")})
	_, err = e.sc.V1PaymentMethods.Attach(e.ctx, "pm_card_visa", &stripe.PaymentMethodAttachParams{Customer: stripe.String(fc.ID)})
	wantStripeError(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "customer")
	// No customer at all.
	_, err = e.sc.V1PaymentMethods.Attach(e.ctx, "pm_card_visa", &stripe.PaymentMethodAttachParams{})
	wantStripeError(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeParameterMissing, "customer")
	// Unknown payment method.
	_, err = e.sc.V1PaymentMethods.Attach(e.ctx, "pm_doesnotexist", &stripe.PaymentMethodAttachParams{Customer: stripe.String(c1.ID)})
	wantStripeError(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "*")
	// The magic ids are case-sensitive.
	_, err = e.sc.V1PaymentMethods.Attach(e.ctx, "pm_card_VISA", &stripe.PaymentMethodAttachParams{Customer: stripe.String(c1.ID)})
	wantStripeError(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "*")

	// Nor can customer create take a payment method attached elsewhere.
	before := countCustomers(t, e.sc)
	_, err = e.sc.V1Customers.Create(e.ctx, &stripe.CustomerCreateParams{PaymentMethod: stripe.String(pm.ID)})
	wantStripeError(t, err, 400, stripe.ErrorTypeInvalidRequest, "", "payment_method")
	_, err = e.sc.V1Customers.Create(e.ctx, &stripe.CustomerCreateParams{PaymentMethod: stripe.String("pm_doesnotexist")})
	wantStripeError(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "payment_method")
	wantCustomerCount(t, e.sc, before)

	if ids, _ := e.listIDs(t, c1.ID, ""); len(ids) != 1 || ids[0] != pm.ID {
		t.Fatalf("first customer's payment methods %v, want [%s]", ids, pm.ID)
	}
}

func TestPaymentMethodAttachIdempotent(t *testing.T) {
	e := newPMEnv(t)
	c := e.customer(t, "Retry")
	attach := func() *stripe.PaymentMethod {
		p := &stripe.PaymentMethodAttachParams{Customer: stripe.String(c.ID)}
		p.SetIdempotencyKey("attach-once")
		pm, err := e.sc.V1PaymentMethods.Attach(e.ctx, "pm_card_visa", p)
		if err != nil {
			t.Fatal(err)
		}
		e.spec.Check(t, "payment_method", pm.LastResponse.RawJSON)
		return pm
	}
	a, b := attach(), attach()
	if a.ID != b.ID || string(a.LastResponse.RawJSON) != string(b.LastResponse.RawJSON) || b.LastResponse.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retried attach: %s (replayed %q), want %s", b.LastResponse.RawJSON, b.LastResponse.Header.Get("Idempotent-Replayed"), a.LastResponse.RawJSON)
	}
	if ids, _ := e.listIDs(t, c.ID, ""); len(ids) != 1 || ids[0] != a.ID {
		t.Fatalf("payment methods after a retried attach: %v, want [%s]", ids, a.ID)
	}
}

func TestPaymentMethodCustomerDeleteDetaches(t *testing.T) {
	e := newPMEnv(t)
	c := e.createCustomer(t, withDefaultCard(&stripe.CustomerCreateParams{}))
	pms := []string{c.InvoiceSettings.DefaultPaymentMethod.ID}
	for _, id := range []string{"pm_card_mastercard", "pm_card_amex"} {
		pms = append(pms, e.attachPaymentMethod(t, id, c.ID).ID)
	}
	if _, err := e.sc.V1Customers.Delete(e.ctx, c.ID, nil); err != nil {
		t.Fatal(err)
	}
	other := e.customer(t, "Next owner")
	for _, id := range pms {
		pm := e.retrievePaymentMethod(t, id)
		if pm.Customer != nil || !strings.Contains(string(pm.LastResponse.RawJSON), `"customer":null`) {
			t.Fatalf("%s after its customer was deleted: %s", id, pm.LastResponse.RawJSON)
		}
		// Detached for good.
		_, err := e.sc.V1PaymentMethods.Attach(e.ctx, id, &stripe.PaymentMethodAttachParams{Customer: stripe.String(other.ID)})
		wantStripeError(t, err, 400, stripe.ErrorTypeInvalidRequest, "", "*")
	}
	// The deleted customer's payment methods cannot be listed.
	e.rawFail(t, noSuchCustomer(c.ID), "GET", "/v1/customers/"+c.ID+"/payment_methods", "")
}

func TestPaymentMethodLiveMode(t *testing.T) {
	e := newPMEnv(t)
	ctx := e.ctx
	key := liveKey(t, e.srv)
	live := e.srv.Client(key)

	c := e.createCustomerWith(t, live, &stripe.CustomerCreateParams{Name: stripe.String("Live")})
	if !c.Livemode {
		t.Fatalf("live key made a test customer: %s", c.LastResponse.RawJSON)
	}
	for _, id := range []string{"pm_card_visa", "pm_card_chargeDeclined", "tok_visa", "pm_card_chargeCustomerFail"} {
		_, err := live.V1PaymentMethods.Attach(ctx, id, &stripe.PaymentMethodAttachParams{Customer: stripe.String(c.ID)})
		se := wantStripeError(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "*")
		if se.Msg != fmt.Sprintf("No such PaymentMethod: '%s'", id) {
			t.Errorf("live attach %s: message %q", id, se.Msg)
		}
		_, err = live.V1PaymentMethods.Retrieve(ctx, id, nil)
		wantStripeError(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "id")
		// On customer create the id is a parameter: 400.
		_, err = live.V1Customers.Create(ctx, &stripe.CustomerCreateParams{PaymentMethod: stripe.String(id)})
		wantStripeError(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "payment_method")
	}
	wantCustomerCount(t, live, 1)
	if ids, _ := e.listIDs(t, c.ID, "", "Authorization", "Bearer "+key); len(ids) != 0 {
		t.Fatalf("live customer got payment methods %v", ids)
	}

	// A test-mode payment method is invisible in live mode and vice versa.
	tc := e.customer(t, "Test")
	pm := e.attachPaymentMethod(t, "pm_card_visa", tc.ID)
	_, err := live.V1PaymentMethods.Retrieve(ctx, pm.ID, nil)
	wantStripeError(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "id")
	_, err = live.V1PaymentMethods.Attach(ctx, pm.ID, &stripe.PaymentMethodAttachParams{Customer: stripe.String(c.ID)})
	wantStripeError(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "*")
	_, err = e.sc.V1PaymentMethods.Attach(ctx, "pm_card_visa", &stripe.PaymentMethodAttachParams{Customer: stripe.String(c.ID)})
	wantStripeError(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "customer")
}
