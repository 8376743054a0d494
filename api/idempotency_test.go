package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v85"
)

// Black-box tests of Idempotency-Key (stripe-customer-api.md 4.8,
// stripe-tables.md 4.4), through stripe-go and raw HTTP.

// idemID returns the id in a raw answer's body.
func idemID(t *testing.T, res rawResponse) string {
	t.Helper()
	var o struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(res.body, &o); err != nil || o.ID == "" {
		t.Fatalf("status %d: no id in body (%v): %s", res.status, err, res.body)
	}
	return o.ID
}

// idemWantReplay checks that again is a replay of first: same status, same
// body, Idempotent-Replayed: true.
func idemWantReplay(t *testing.T, first, again rawResponse) {
	t.Helper()
	if got := first.header.Get("Idempotent-Replayed"); got != "" {
		t.Errorf("first answer carries Idempotent-Replayed: %q", got)
	}
	if again.status != first.status || !bytes.Equal(again.body, first.body) {
		t.Fatalf("replay: status %d body %s\nwant status %d body %s", again.status, again.body, first.status, first.body)
	}
	if got := again.header.Get("Idempotent-Replayed"); got != "true" {
		t.Errorf("replay: Idempotent-Replayed = %q, want true", got)
	}
}

// race sends n raw requests at once: send(i) runs in the i-th goroutine,
// all released together once each has run warm (when not nil, e.g. to open
// its connection first). It returns the answers and errors by i; like
// rawRequest, neither warm nor send may call t.Fatal.
func race(n int, warm func() error, send func(i int) (rawResponse, error)) ([]rawResponse, []error) {
	results := make([]rawResponse, n)
	errs := make([]error, n)
	ready := make(chan struct{}, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if warm != nil {
				errs[i] = warm()
			}
			ready <- struct{}{}
			<-start
			if errs[i] == nil {
				results[i], errs[i] = send(i)
			}
		})
	}
	for range n {
		<-ready
	}
	close(start)
	wg.Wait()
	return results, errs
}

const idemMismatchPrefix = "Keys for idempotent requests can only be used with the same parameters they were first used with."

func TestIdempotencyStripeGo(t *testing.T) {
	e := newAPIEnv(t)
	sc, ctx := e.sc, e.ctx

	params := func(key string) *stripe.CustomerCreateParams {
		return &stripe.CustomerCreateParams{
			Params:   stripe.Params{IdempotencyKey: stripe.String(key)},
			Email:    stripe.String("replay@example.com"),
			Name:     stripe.String("Replay"),
			Metadata: map[string]string{"order": "1", "plan": "pro"},
		}
	}

	first, err := sc.V1Customers.Create(ctx, params("go-key-1"))
	if err != nil {
		t.Fatal(err)
	}
	if got := first.LastResponse.Header.Get("Idempotent-Replayed"); got != "" {
		t.Errorf("first create: Idempotent-Replayed = %q", got)
	}
	if first.LastResponse.IdempotencyKey != "go-key-1" {
		t.Errorf("first create: Idempotency-Key echoed as %q", first.LastResponse.IdempotencyKey)
	}

	again, err := sc.V1Customers.Create(ctx, params("go-key-1"))
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != first.ID {
		t.Fatalf("replay made %s, want %s", again.ID, first.ID)
	}
	if !bytes.Equal(again.LastResponse.RawJSON, first.LastResponse.RawJSON) || again.LastResponse.StatusCode != first.LastResponse.StatusCode {
		t.Fatalf("replay body %s\nwant %s", again.LastResponse.RawJSON, first.LastResponse.RawJSON)
	}
	if got := again.LastResponse.Header.Get("Idempotent-Replayed"); got != "true" {
		t.Errorf("replay: Idempotent-Replayed = %q, want true", got)
	}
	if again.LastResponse.IdempotencyKey != "go-key-1" {
		t.Errorf("replay: Idempotency-Key echoed as %q", again.LastResponse.IdempotencyKey)
	}
	if got := again.LastResponse.Header.Get("Original-Request"); got != first.LastResponse.RequestID {
		t.Errorf("replay: Original-Request = %q, want the first request's id %q", got, first.LastResponse.RequestID)
	}
	if again.LastResponse.RequestID == "" || again.LastResponse.RequestID == first.LastResponse.RequestID {
		t.Errorf("replay: Request-Id %q, want a new one (first %q)", again.LastResponse.RequestID, first.LastResponse.RequestID)
	}
	wantCustomerCount(t, sc, 1)

	// The same key with other parameters is an idempotency_error.
	other := params("go-key-1")
	other.Name = stripe.String("Someone else")
	_, err = sc.V1Customers.Create(ctx, other)
	se := wantStripeError(t, err, 400, stripe.ErrorTypeIdempotency, "", "*")
	var ie *stripe.IdempotencyError
	if !errors.As(err, &ie) {
		t.Errorf("mismatch: stripe-go did not classify %v as an IdempotencyError", err)
	}
	if !strings.HasPrefix(se.Msg, idemMismatchPrefix) || !strings.Contains(se.Msg, "'go-key-1'") {
		t.Errorf("mismatch message %q", se.Msg)
	}
	wantCustomerCount(t, sc, 1)

	// The same key on another endpoint is a mismatch too.
	_, err = sc.V1Customers.Update(ctx, first.ID, &stripe.CustomerUpdateParams{
		Params: stripe.Params{IdempotencyKey: stripe.String("go-key-1")},
		Email:  stripe.String("replay@example.com"),
		Name:   stripe.String("Replay"),
	})
	wantStripeError(t, err, 400, stripe.ErrorTypeIdempotency, "", "*")

	// An update with its own key replays, even after a later change.
	up := func(name string) *stripe.CustomerUpdateParams {
		p := &stripe.CustomerUpdateParams{Name: stripe.String(name)}
		p.SetIdempotencyKey("go-update-1")
		return p
	}
	u1, err := sc.V1Customers.Update(ctx, first.ID, up("Renamed"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sc.V1Customers.Update(ctx, first.ID, &stripe.CustomerUpdateParams{Name: stripe.String("Later")}); err != nil {
		t.Fatal(err)
	}
	u2, err := sc.V1Customers.Update(ctx, first.ID, up("Renamed"))
	if err != nil {
		t.Fatal(err)
	}
	if u2.Name != "Renamed" || !bytes.Equal(u1.LastResponse.RawJSON, u2.LastResponse.RawJSON) || u2.LastResponse.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("update replay: name %q replayed %q body %s\nwant %s", u2.Name, u2.LastResponse.Header.Get("Idempotent-Replayed"), u2.LastResponse.RawJSON, u1.LastResponse.RawJSON)
	}
	cur, err := sc.V1Customers.Retrieve(ctx, first.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cur.Name != "Later" {
		t.Fatalf("replay changed the customer: name %q, want Later", cur.Name)
	}

	// A declined card is a result: stored and replayed, and nothing is created.
	decl := func() *stripe.CustomerCreateParams {
		p := &stripe.CustomerCreateParams{Email: stripe.String("declined@example.com"), PaymentMethod: stripe.String("pm_card_visa_chargeDeclined")}
		p.SetIdempotencyKey("go-declined")
		return p
	}
	_, err1 := sc.V1Customers.Create(ctx, decl())
	_, err2 := sc.V1Customers.Create(ctx, decl())
	e1, e2 := wantStripeError(t, err1, 402, stripe.ErrorTypeCard, stripe.ErrorCodeCardDeclined, "*"), asStripeError(t, err2)
	if e1.DeclineCode != "generic_decline" {
		t.Fatalf("declined create: decline_code %s", e1.DeclineCode)
	}
	if e2.HTTPStatusCode != 402 || !bytes.Equal(e1.LastResponse.RawJSON, e2.LastResponse.RawJSON) {
		t.Fatalf("declined replay: %d %s\nwant 402 %s", e2.HTTPStatusCode, e2.LastResponse.RawJSON, e1.LastResponse.RawJSON)
	}
	if e1.LastResponse.Header.Get("Idempotent-Replayed") != "" || e2.LastResponse.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("declined: Idempotent-Replayed first %q, replay %q", e1.LastResponse.Header.Get("Idempotent-Replayed"), e2.LastResponse.Header.Get("Idempotent-Replayed"))
	}
	wantCustomerCount(t, sc, 1)

	// DELETE with a key replays its answer, although the customer is gone.
	victim := e.createCustomer(t, &stripe.CustomerCreateParams{Name: stripe.String("Victim")})
	del := func() *stripe.CustomerDeleteParams {
		p := &stripe.CustomerDeleteParams{}
		p.SetIdempotencyKey("go-delete")
		return p
	}
	d1, err := sc.V1Customers.Delete(ctx, victim.ID, del())
	if err != nil {
		t.Fatal(err)
	}
	d2, err := sc.V1Customers.Delete(ctx, victim.ID, del())
	if err != nil {
		t.Fatalf("delete replay: %v", err)
	}
	if !d1.Deleted || !bytes.Equal(d1.LastResponse.RawJSON, d2.LastResponse.RawJSON) || d2.LastResponse.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("delete replay: %s (replayed %q), want %s", d2.LastResponse.RawJSON, d2.LastResponse.Header.Get("Idempotent-Replayed"), d1.LastResponse.RawJSON)
	}
	// Without the key, deleting again is an error.
	_, err = sc.V1Customers.Delete(ctx, victim.ID, nil)
	wantStripeError(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "id")
	wantCustomerCount(t, sc, 1)
}

func TestIdempotencyRawReplay(t *testing.T) {
	e := newAPIEnv(t)
	srv, sc := e.srv, e.sc

	body := "email=raw%40example.com&name=Raw&metadata[a]=1&metadata[b]=2"
	first := rawCall(t, srv, "", "POST", "/v1/customers", body, "Idempotency-Key", "raw-1")
	wantStatus(t, first, 200)
	if got := first.header.Get("Idempotency-Key"); got != "raw-1" {
		t.Errorf("Idempotency-Key echoed as %q", got)
	}
	again := rawCall(t, srv, "", "POST", "/v1/customers", body, "Idempotency-Key", "raw-1")
	idemWantReplay(t, first, again)
	if got := again.header.Get("Idempotency-Key"); got != "raw-1" {
		t.Errorf("replay: Idempotency-Key echoed as %q", got)
	}
	if again.header.Get("Request-Id") == first.header.Get("Request-Id") {
		t.Errorf("replay reuses Request-Id %s", first.header.Get("Request-Id"))
	}
	wantCustomerCount(t, sc, 1)

	// Other parameters: idempotency_error, and nothing is created.
	mismatch := wantErr{status: 400, typ: "idempotency_error"}
	er := e.rawFail(t, mismatch, "POST", "/v1/customers", "email=raw%40example.com&name=Other", "Idempotency-Key", "raw-1")
	if want := idemMismatchPrefix + " Try using a key other than 'raw-1' if you meant to execute a different request."; er["message"] != want {
		t.Fatalf("mismatch message %q, want %q", er["message"], want)
	}
	id := idemID(t, first)
	for _, rq := range []struct{ method, path, body string }{
		{"POST", "/v1/customers", "email=raw%40example.com&name=Raw&metadata[a]=1"}, // fewer parameters are other parameters too
		{"POST", "/v1/customers/" + id, body},                                       // the same key on another endpoint
		{"DELETE", "/v1/customers/" + id, ""},                                       // and with another method
	} {
		e.rawFail(t, mismatch, rq.method, rq.path, rq.body, "Idempotency-Key", "raw-1")
	}
	// Still the original answer afterwards.
	idemWantReplay(t, first, rawCall(t, srv, "", "POST", "/v1/customers", body, "Idempotency-Key", "raw-1"))
	wantCustomerCount(t, sc, 1)
	if got := rawCall(t, srv, "", "GET", "/v1/customers/"+id, ""); got.status != 200 || !bytes.Contains(got.body, []byte(`"name":"Raw"`)) {
		t.Fatalf("customer after mismatches: %d %s", got.status, got.body)
	}
}

func TestIdempotencyEncodings(t *testing.T) {
	e := newAPIEnv(t)
	srv, sc := e.srv, e.sc

	cases := []struct {
		name   string
		first  string
		same   []string // other encodings of the same parameters: replays
		differ []string // other parameters: idempotency_error
	}{
		{
			name:  "expand",
			first: "email=enc%40example.com&expand[]=invoice_settings.default_payment_method",
			same: []string{
				"email=enc%40example.com&expand[0]=invoice_settings.default_payment_method",
				"expand[0]=invoice_settings.default_payment_method&email=enc%40example.com",
				"expand%5B%5D=invoice_settings.default_payment_method&email=enc%40example.com",
				"expand%5B0%5D=invoice_settings.default_payment_method&email=enc%40example.com",
			},
			differ: []string{
				"email=enc%40example.com",
				"email=enc%40example.com&expand[]=invoice_settings.default_payment_method&expand[]=test_clock",
			},
		},
		{
			name:  "reordered keys",
			first: "name=Ada&email=ada%40example.com&metadata[a]=1&metadata[b]=2&address[city]=Paris&address[country]=FR",
			same: []string{
				"email=ada%40example.com&name=Ada&metadata[b]=2&metadata[a]=1&address[country]=FR&address[city]=Paris",
				"address%5Bcountry%5D=FR&metadata%5Bb%5D=2&name=Ada&address%5Bcity%5D=Paris&email=ada%40example.com&metadata%5Ba%5D=1",
				"metadata[a]=1&address[city]=Paris&email=ada@example.com&metadata[b]=2&name=Ada&address[country]=FR",
			},
			differ: []string{
				"name=Ada&email=ada%40example.com&metadata[a]=1&metadata[b]=3&address[city]=Paris&address[country]=FR",
				"name=Ada&email=ada%40example.com&metadata[a]=1&metadata[b]=2&address[city]=Paris&address[country]=DE",
			},
		},
		{
			name:  "arrays",
			first: "preferred_locales[]=fr&preferred_locales[]=de",
			same: []string{
				"preferred_locales[0]=fr&preferred_locales[1]=de",
				"preferred_locales[1]=de&preferred_locales[0]=fr",
				"preferred_locales%5B%5D=fr&preferred_locales%5B%5D=de",
			},
			differ: []string{
				// Arrays keep their order.
				"preferred_locales[]=de&preferred_locales[]=fr",
				"preferred_locales[]=fr",
			},
		},
		{
			// Metadata keys that look like indexes are still keys.
			name:  "numeric metadata keys",
			first: "metadata[0]=a&metadata[5]=b",
			same: []string{
				"metadata[5]=b&metadata[0]=a",
				"metadata%5B5%5D=b&metadata%5B0%5D=a",
			},
			differ: []string{
				"metadata[0]=a&metadata[1]=b",
				"metadata[0]=b&metadata[5]=a",
				"metadata[00]=a&metadata[5]=b",
				"metadata[0]=a&metadata[+5]=b",
				"metadata[0]=a",
			},
		},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			key := fmt.Sprintf("enc-%d", i)
			before := countCustomers(t, sc)
			first := rawCall(t, srv, "", "POST", "/v1/customers", tc.first, "Idempotency-Key", key)
			wantStatus(t, first, 200)
			for _, body := range tc.same {
				idemWantReplay(t, first, rawCall(t, srv, "", "POST", "/v1/customers", body, "Idempotency-Key", key))
			}
			for _, body := range tc.differ {
				e.rawFail(t, wantErr{status: 400, typ: "idempotency_error"}, "POST", "/v1/customers", body, "Idempotency-Key", key)
			}
			wantCustomerCount(t, sc, before+1)
		})
	}

	// Query string parameters of a POST count like body parameters.
	t.Run("query", func(t *testing.T) {
		first := rawCall(t, srv, "", "POST", "/v1/customers?expand[]=invoice_settings.default_payment_method", "name=Q", "Idempotency-Key", "enc-query")
		wantStatus(t, first, 200)
		idemWantReplay(t, first, rawCall(t, srv, "", "POST", "/v1/customers", "name=Q&expand[0]=invoice_settings.default_payment_method", "Idempotency-Key", "enc-query"))
	})
}

func TestIdempotencyErrorsStored(t *testing.T) {
	e := newAPIEnv(t)
	srv, sc := e.srv, e.sc

	t.Run("card declined", func(t *testing.T) {
		body := "email=d%40example.com&payment_method=pm_card_visa_chargeDeclinedInsufficientFunds"
		first := rawCall(t, srv, "", "POST", "/v1/customers", body, "Idempotency-Key", "err-declined")
		if er := e.checkRawErr(t, first, wantErr{status: 402, typ: "card_error", code: "card_declined"}); er["decline_code"] != "insufficient_funds" {
			t.Fatalf("declined: %s", first.body)
		}
		idemWantReplay(t, first, rawCall(t, srv, "", "POST", "/v1/customers", body, "Idempotency-Key", "err-declined"))
		// The stored error is the answer: a working card under the same key
		// is a different request.
		e.rawFail(t, wantErr{status: 400, typ: "idempotency_error"},
			"POST", "/v1/customers", "email=d%40example.com&payment_method=pm_card_visa", "Idempotency-Key", "err-declined")
		wantCustomerCount(t, sc, 0)
	})

	t.Run("resource_missing on update", func(t *testing.T) {
		first := rawCall(t, srv, "", "POST", "/v1/customers/cus_doesnotexist", "name=X", "Idempotency-Key", "err-missing")
		e.checkRawErr(t, first, noSuchCustomer("cus_doesnotexist"))
		idemWantReplay(t, first, rawCall(t, srv, "", "POST", "/v1/customers/cus_doesnotexist", "name=X", "Idempotency-Key", "err-missing"))
	})

	t.Run("business rule error", func(t *testing.T) {
		// The endpoint ran and refused: stored, even once the refusal no
		// longer applies.
		c := e.createCustomer(t, &stripe.CustomerCreateParams{Name: stripe.String("Later deleted")})
		body := "invoice_settings[default_payment_method]=pm_nope"
		first := rawCall(t, srv, "", "POST", "/v1/customers/"+c.ID, body, "Idempotency-Key", "err-rule")
		e.checkRawErr(t, first, wantErr{status: 400, param: "invoice_settings[default_payment_method]", msg: "pm_nope"})
		idemWantReplay(t, first, rawCall(t, srv, "", "POST", "/v1/customers/"+c.ID, body, "Idempotency-Key", "err-rule"))
		if _, err := sc.V1Customers.Delete(context.Background(), c.ID, nil); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("parameter validation is not stored", func(t *testing.T) {
		// A request rejected before the endpoint runs may be retried with
		// the same key and other (fixed) parameters.
		bad := rawCall(t, srv, "", "POST", "/v1/customers", "name=V&no_such_param=1", "Idempotency-Key", "err-validation")
		e.checkRawErr(t, bad, wantErr{status: 400, code: "parameter_unknown", param: "no_such_param"})
		if bad.header.Get("Idempotent-Replayed") != "" {
			t.Fatal("validation error marked as replayed")
		}
		good := rawCall(t, srv, "", "POST", "/v1/customers", "name=V", "Idempotency-Key", "err-validation")
		wantStatus(t, good, 200)
		idemWantReplay(t, good, rawCall(t, srv, "", "POST", "/v1/customers", "name=V", "Idempotency-Key", "err-validation"))
	})

	t.Run("authentication errors are not stored", func(t *testing.T) {
		res := rawCall(t, srv, "sk_test_notavalidkey0000", "POST", "/v1/customers", "name=A", "Idempotency-Key", "err-auth")
		e.checkRawErr(t, res, wantErr{status: 401, msg: "Invalid API Key provided"})
		good := rawCall(t, srv, "", "POST", "/v1/customers", "name=A", "Idempotency-Key", "err-auth")
		wantStatus(t, good, 200)
		if good.header.Get("Idempotent-Replayed") != "" {
			t.Fatal("a 401 was stored under the key")
		}
	})
}

func TestIdempotencyScope(t *testing.T) {
	e := newAPIEnv(t)
	srv := e.srv
	other := srv.NewAccount(t)
	live := liveKey(t, srv)

	body := "name=Scoped&email=s%40example.com"
	a := rawCall(t, srv, "", "POST", "/v1/customers", body, "Idempotency-Key", "shared-key")
	wantStatus(t, a, 200)

	// Another account may use the same key: it runs, and is its own.
	b := rawCall(t, srv, other.SecretKey, "POST", "/v1/customers", body, "Idempotency-Key", "shared-key")
	wantStatus(t, b, 200)
	if b.header.Get("Idempotent-Replayed") != "" || idemID(t, a) == idemID(t, b) {
		t.Fatalf("other account got a replay: %s", b.body)
	}
	// Even with other parameters.
	b2 := rawCall(t, srv, other.SecretKey, "POST", "/v1/customers", "name=Different", "Idempotency-Key", "shared-key-2")
	wantStatus(t, b2, 200)
	a2 := rawCall(t, srv, "", "POST", "/v1/customers", "name=Mine", "Idempotency-Key", "shared-key-2")
	wantStatus(t, a2, 200)
	if a2.header.Get("Idempotent-Replayed") != "" || !bytes.Contains(a2.body, []byte(`"name":"Mine"`)) {
		t.Fatalf("key of another account leaked: %s", a2.body)
	}

	// Live mode of the same account is another scope.
	l := rawCall(t, srv, live, "POST", "/v1/customers", body, "Idempotency-Key", "shared-key")
	wantStatus(t, l, 200)
	if l.header.Get("Idempotent-Replayed") != "" || !bytes.Contains(l.body, []byte(`"livemode":true`)) || idemID(t, l) == idemID(t, a) {
		t.Fatalf("live mode got the test-mode answer: %s", l.body)
	}

	// Each scope replays its own answer.
	idemWantReplay(t, a, rawCall(t, srv, "", "POST", "/v1/customers", body, "Idempotency-Key", "shared-key"))
	idemWantReplay(t, b, rawCall(t, srv, other.SecretKey, "POST", "/v1/customers", body, "Idempotency-Key", "shared-key"))
	idemWantReplay(t, l, rawCall(t, srv, live, "POST", "/v1/customers", body, "Idempotency-Key", "shared-key"))

	wantCustomerCount(t, srv.Client(""), 2)
	wantCustomerCount(t, srv.Client(other.SecretKey), 2)
	wantCustomerCount(t, srv.Client(live), 1)
}

func TestIdempotencyKeyLength(t *testing.T) {
	e := newAPIEnv(t)
	srv, sc := e.srv, e.sc

	long := strings.Repeat("k", 256)
	e.rawFail(t, wantErr{status: 400}, "POST", "/v1/customers", "name=Long", "Idempotency-Key", long)
	wantCustomerCount(t, sc, 0)

	// 255 characters is the limit, not over it.
	max := strings.Repeat("k", 255)
	first := rawCall(t, srv, "", "POST", "/v1/customers", "name=Max", "Idempotency-Key", max)
	wantStatus(t, first, 200)
	idemWantReplay(t, first, rawCall(t, srv, "", "POST", "/v1/customers", "name=Max", "Idempotency-Key", max))
	wantCustomerCount(t, sc, 1)

	// stripe-go refuses a long key itself; the server never sees it.
	p := &stripe.CustomerCreateParams{Name: stripe.String("Long")}
	p.SetIdempotencyKey(long)
	if _, err := sc.V1Customers.Create(context.Background(), p); err == nil {
		t.Fatal("stripe-go sent a 256-character key")
	}
	wantCustomerCount(t, sc, 1)
}

func TestIdempotencyGetIgnoresKey(t *testing.T) {
	srv := newAPIEnv(t).srv

	created := rawCall(t, srv, "", "POST", "/v1/customers", "name=Before", "Idempotency-Key", "get-key")
	wantStatus(t, created, 200)
	id := idemID(t, created)

	// A key already used by a POST: the GET is served, not replayed or refused.
	g1 := rawCall(t, srv, "", "GET", "/v1/customers/"+id, "", "Idempotency-Key", "get-key")
	wantStatus(t, g1, 200)
	if g1.header.Get("Idempotent-Replayed") != "" {
		t.Fatal("GET was replayed")
	}
	// A fresh key on GET is not remembered either.
	g2 := rawCall(t, srv, "", "GET", "/v1/customers/"+id, "", "Idempotency-Key", "get-only")
	wantStatus(t, g2, 200)
	wantStatus(t, rawCall(t, srv, "", "POST", "/v1/customers/"+id, "name=After"), 200)
	g3 := rawCall(t, srv, "", "GET", "/v1/customers/"+id, "", "Idempotency-Key", "get-only")
	wantStatus(t, g3, 200)
	if g3.header.Get("Idempotent-Replayed") != "" || !bytes.Contains(g3.body, []byte(`"name":"After"`)) {
		t.Fatalf("second GET with the same key: %s", g3.body)
	}
	// Nor is a list, nor does an over-long key matter there.
	l := rawCall(t, srv, "", "GET", "/v1/customers?limit=1", "", "Idempotency-Key", strings.Repeat("g", 300))
	wantStatus(t, l, 200)
	// The key a GET used is still free for a POST.
	p := rawCall(t, srv, "", "POST", "/v1/customers", "name=Fresh", "Idempotency-Key", "get-only")
	wantStatus(t, p, 200)
	if p.header.Get("Idempotent-Replayed") != "" || !bytes.Contains(p.body, []byte(`"name":"Fresh"`)) {
		t.Fatalf("POST after GET with the same key: %s", p.body)
	}
}

func TestIdempotencyDeleteReplays(t *testing.T) {
	e := newAPIEnv(t)
	srv, sc := e.srv, e.sc
	id := idemID(t, rawCall(t, srv, "", "POST", "/v1/customers", "name=Gone"))

	first := rawCall(t, srv, "", "DELETE", "/v1/customers/"+id, "", "Idempotency-Key", "del-1")
	wantStatus(t, first, 200)
	if want := `{"id":"` + id + `","object":"customer","deleted":true}`; string(first.body) != want {
		t.Fatalf("delete: %s, want %s", first.body, want)
	}
	idemWantReplay(t, first, rawCall(t, srv, "", "DELETE", "/v1/customers/"+id, "", "Idempotency-Key", "del-1"))
	// Another key runs the delete again, which fails now.
	res := rawCall(t, srv, "", "DELETE", "/v1/customers/"+id, "", "Idempotency-Key", "del-2")
	e.checkRawErr(t, res, noSuchCustomer(id))
	idemWantReplay(t, res, rawCall(t, srv, "", "DELETE", "/v1/customers/"+id, "", "Idempotency-Key", "del-2"))
	wantCustomerCount(t, sc, 0)
}

func TestIdempotencyConcurrentSameKey(t *testing.T) {
	e := newAPIEnv(t)
	srv, sc := e.srv, e.sc
	const n, rounds = 20, 5
	client := pooledClient(t, n, 20*time.Second)

	totalOK, totalConflicts := 0, 0
	for round := range rounds {
		key := fmt.Sprintf("race-key-%d", round)
		body := fmt.Sprintf("email=race%d%%40example.com&name=Race&metadata[k]=v&metadata[round]=%d", round, round)
		// Each goroutine opens its connection first so that the creates leave together.
		results, errs := race(n, func() error {
			_, err := rawRequest(client, srv.URL, srv.Key, "GET", "/healthz", "")
			return err
		}, func(int) (rawResponse, error) {
			return rawRequest(client, srv.URL, srv.Key, "POST", "/v1/customers", body, "Idempotency-Key", key)
		})

		var ok []rawResponse
		conflicts := 0
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("round %d request %d: %v", round, i, errs[i])
			}
			switch r := results[i]; r.status {
			case 200:
				ok = append(ok, r)
			case 409:
				e.checkRawErr(t, r, wantErr{status: 409, code: "idempotency_key_in_use"})
				if r.header.Get("Idempotent-Replayed") != "" {
					t.Fatalf("round %d request %d: a 409 marked as replayed", round, i)
				}
				conflicts++
			default:
				t.Fatalf("round %d request %d: status %d %s, want 200 or 409", round, i, r.status, r.body)
			}
		}
		if len(ok) == 0 {
			t.Fatalf("round %d: no request succeeded (%d conflicts)", round, conflicts)
		}
		for _, r := range ok[1:] {
			if !bytes.Equal(r.body, ok[0].body) {
				t.Fatalf("round %d: different 200 bodies:\n%s\n%s", round, r.body, ok[0].body)
			}
		}
		wantCustomerCount(t, sc, round+1)
		totalOK += len(ok)
		totalConflicts += conflicts

		// A conflict was not stored: retrying the same key now replays.
		again := rawCall(t, srv, "", "POST", "/v1/customers", body, "Idempotency-Key", key)
		wantStatus(t, again, 200)
		if !bytes.Equal(again.body, ok[0].body) || again.header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("round %d: retry after the race: %s", round, again.body)
		}
	}
	t.Logf("%d answered 200, %d answered 409", totalOK, totalConflicts)
}

func TestIdempotencyConcurrentDistinctKeys(t *testing.T) {
	e := newAPIEnv(t)
	srv, sc := e.srv, e.sc
	const n = 50
	client := pooledClient(t, n, 30*time.Second)

	results, errs := race(n, nil, func(i int) (rawResponse, error) {
		return rawRequest(client, srv.URL, srv.Key, "POST", "/v1/customers",
			fmt.Sprintf("name=Parallel+%d&email=p%d%%40example.com", i, i), "Idempotency-Key", fmt.Sprintf("distinct-%d", i))
	})

	ids := map[string]bool{}
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("request %d: %v", i, errs[i])
		}
		wantStatus(t, results[i], 200)
		if results[i].header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("request %d was replayed", i)
		}
		id := idemID(t, results[i])
		if ids[id] {
			t.Fatalf("id %s answered twice", id)
		}
		ids[id] = true
		if !bytes.Contains(results[i].body, []byte(fmt.Sprintf(`"name":"Parallel %d"`, i))) {
			t.Fatalf("request %d got another's customer: %s", i, results[i].body)
		}
	}
	wantCustomerCount(t, sc, n)
}
