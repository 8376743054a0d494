package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v85"

	"remit"
	"remit/internal/remittest"
)

// Black-box tests of Idempotency-Key (stripe-customer-api.md 4.8,
// stripe-tables.md 4.4), through stripe-go and raw HTTP.

// idemResult is one raw HTTP answer.
type idemResult struct {
	status int
	header http.Header
	body   []byte
}

// idemRaw sends a raw request with key as the bearer token; unlike
// remittest.Server.Do it never calls t.Fatal, so goroutines may use it.
func idemRaw(client *http.Client, baseURL, apiKey, method, path, body string, header ...string) (idemResult, error) {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, baseURL+path, r)
	if err != nil {
		return idemResult{}, err
	}
	req.Header.Set("Authorization", "Bearer "+apiKey)
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		return idemResult{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return idemResult{}, err
	}
	return idemResult{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

// idemCall is idemRaw for the test goroutine.
func idemCall(t *testing.T, srv *remittest.Server, apiKey, method, path, body string, header ...string) idemResult {
	t.Helper()
	if apiKey == "" {
		apiKey = srv.Key
	}
	res, err := idemRaw(http.DefaultClient, srv.URL, apiKey, method, path, body, header...)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return res
}

// idemErr is the error envelope of a raw answer.
type idemErr struct {
	Error struct {
		Type        string `json:"type"`
		Code        string `json:"code"`
		DeclineCode string `json:"decline_code"`
		Message     string `json:"message"`
		Param       string `json:"param"`
	} `json:"error"`
}

func idemDecodeErr(t *testing.T, res idemResult) idemErr {
	t.Helper()
	var e idemErr
	if err := json.Unmarshal(res.body, &e); err != nil || e.Error.Type == "" {
		t.Fatalf("status %d: not a Stripe error body (%v): %s", res.status, err, res.body)
	}
	return e
}

func idemID(t *testing.T, res idemResult) string {
	t.Helper()
	var o struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(res.body, &o); err != nil || o.ID == "" {
		t.Fatalf("status %d: no id in body (%v): %s", res.status, err, res.body)
	}
	return o.ID
}

// idemWantStatus fails unless res has the status.
func idemWantStatus(t *testing.T, res idemResult, status int) {
	t.Helper()
	if res.status != status {
		t.Fatalf("status %d, want %d: %s", res.status, status, res.body)
	}
}

// idemWantReplay checks that again is a replay of first: same status, same
// body, Idempotent-Replayed: true.
func idemWantReplay(t *testing.T, first, again idemResult) {
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

// idemCountCustomers counts the live customers visible to the client.
func idemCountCustomers(t *testing.T, sc *stripe.Client) int {
	t.Helper()
	ctx := context.Background()
	n := 0
	for _, err := range sc.V1Customers.List(ctx, &stripe.CustomerListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(100)}}).All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if n > 10000 {
			t.Fatal("customer list does not end")
		}
	}
	return n
}

func idemWantCount(t *testing.T, sc *stripe.Client, want int) {
	t.Helper()
	if got := idemCountCustomers(t, sc); got != want {
		t.Fatalf("%d customers, want %d", got, want)
	}
}

// idemStripeErr returns err as a *stripe.Error.
func idemStripeErr(t *testing.T, err error) *stripe.Error {
	t.Helper()
	var se *stripe.Error
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T), want a *stripe.Error", err, err)
	}
	return se
}

// idemLiveKey gives the default account of srv a live secret key.
func idemLiveKey(t *testing.T, srv *remittest.Server) string {
	t.Helper()
	ctx := context.Background()
	key := "sk_live_" + strings.Repeat("L", 24) + fmt.Sprint(time.Now().UnixNano())
	k := remit.DescribeKey(key, srv.Scope.Account, time.Now())
	if err := srv.Store.Update(ctx, func(tx remit.Tx) error { return tx.CreateAPIKey(ctx, k) }); err != nil {
		t.Fatal(err)
	}
	return key
}

const idemMismatchPrefix = "Keys for idempotent requests can only be used with the same parameters they were first used with."

func TestIdempotencyStripeGo(t *testing.T) {
	srv := remittest.Start(t)
	sc := srv.Client("")
	ctx := context.Background()

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
	idemWantCount(t, sc, 1)

	// The same key with other parameters is an idempotency_error.
	other := params("go-key-1")
	other.Name = stripe.String("Someone else")
	_, err = sc.V1Customers.Create(ctx, other)
	se := idemStripeErr(t, err)
	if se.HTTPStatusCode != 400 || se.Type != stripe.ErrorTypeIdempotency || se.Code != "" {
		t.Fatalf("mismatch: %d %s %q, want 400 idempotency_error without code", se.HTTPStatusCode, se.Type, se.Code)
	}
	var ie *stripe.IdempotencyError
	if !errors.As(err, &ie) {
		t.Errorf("mismatch: stripe-go did not classify %v as an IdempotencyError", err)
	}
	if !strings.HasPrefix(se.Msg, idemMismatchPrefix) || !strings.Contains(se.Msg, "'go-key-1'") {
		t.Errorf("mismatch message %q", se.Msg)
	}
	idemWantCount(t, sc, 1)

	// The same key on another endpoint is a mismatch too.
	_, err = sc.V1Customers.Update(ctx, first.ID, &stripe.CustomerUpdateParams{
		Params: stripe.Params{IdempotencyKey: stripe.String("go-key-1")},
		Email:  stripe.String("replay@example.com"),
		Name:   stripe.String("Replay"),
	})
	if se := idemStripeErr(t, err); se.HTTPStatusCode != 400 || se.Type != stripe.ErrorTypeIdempotency {
		t.Fatalf("other endpoint: %d %s, want 400 idempotency_error", se.HTTPStatusCode, se.Type)
	}

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
	e1, e2 := idemStripeErr(t, err1), idemStripeErr(t, err2)
	if e1.HTTPStatusCode != 402 || e1.Type != stripe.ErrorTypeCard || e1.Code != stripe.ErrorCodeCardDeclined || e1.DeclineCode != "generic_decline" {
		t.Fatalf("declined create: %d %s %s %s", e1.HTTPStatusCode, e1.Type, e1.Code, e1.DeclineCode)
	}
	if e2.HTTPStatusCode != 402 || !bytes.Equal(e1.LastResponse.RawJSON, e2.LastResponse.RawJSON) {
		t.Fatalf("declined replay: %d %s\nwant 402 %s", e2.HTTPStatusCode, e2.LastResponse.RawJSON, e1.LastResponse.RawJSON)
	}
	if e1.LastResponse.Header.Get("Idempotent-Replayed") != "" || e2.LastResponse.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("declined: Idempotent-Replayed first %q, replay %q", e1.LastResponse.Header.Get("Idempotent-Replayed"), e2.LastResponse.Header.Get("Idempotent-Replayed"))
	}
	idemWantCount(t, sc, 1)

	// DELETE with a key replays its answer, although the customer is gone.
	victim, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{Name: stripe.String("Victim")})
	if err != nil {
		t.Fatal(err)
	}
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
	if _, err := sc.V1Customers.Delete(ctx, victim.ID, nil); err == nil {
		t.Fatal("second delete without the key succeeded")
	} else if se := idemStripeErr(t, err); se.Code != stripe.ErrorCodeResourceMissing {
		t.Fatalf("second delete: %v, want resource_missing", err)
	}
	idemWantCount(t, sc, 1)
}

func TestIdempotencyRawReplay(t *testing.T) {
	srv := remittest.Start(t)
	sc := srv.Client("")

	body := "email=raw%40example.com&name=Raw&metadata[a]=1&metadata[b]=2"
	first := idemCall(t, srv, "", "POST", "/v1/customers", body, "Idempotency-Key", "raw-1")
	idemWantStatus(t, first, 200)
	if got := first.header.Get("Idempotency-Key"); got != "raw-1" {
		t.Errorf("Idempotency-Key echoed as %q", got)
	}
	again := idemCall(t, srv, "", "POST", "/v1/customers", body, "Idempotency-Key", "raw-1")
	idemWantReplay(t, first, again)
	if got := again.header.Get("Idempotency-Key"); got != "raw-1" {
		t.Errorf("replay: Idempotency-Key echoed as %q", got)
	}
	if again.header.Get("Request-Id") == first.header.Get("Request-Id") {
		t.Errorf("replay reuses Request-Id %s", first.header.Get("Request-Id"))
	}
	idemWantCount(t, sc, 1)

	// Other parameters: idempotency_error, and nothing is created.
	mis := idemCall(t, srv, "", "POST", "/v1/customers", "email=raw%40example.com&name=Other", "Idempotency-Key", "raw-1")
	idemWantStatus(t, mis, 400)
	e := idemDecodeErr(t, mis)
	if e.Error.Type != "idempotency_error" || e.Error.Code != "" ||
		e.Error.Message != idemMismatchPrefix+" Try using a key other than 'raw-1' if you meant to execute a different request." {
		t.Fatalf("mismatch error: %s", mis.body)
	}
	// Fewer parameters are other parameters too.
	mis = idemCall(t, srv, "", "POST", "/v1/customers", "email=raw%40example.com&name=Raw&metadata[a]=1", "Idempotency-Key", "raw-1")
	idemWantStatus(t, mis, 400)
	if e := idemDecodeErr(t, mis); e.Error.Type != "idempotency_error" {
		t.Fatalf("subset mismatch: %s", mis.body)
	}
	// The same key on another endpoint.
	id := idemID(t, first)
	mis = idemCall(t, srv, "", "POST", "/v1/customers/"+id, body, "Idempotency-Key", "raw-1")
	idemWantStatus(t, mis, 400)
	if e := idemDecodeErr(t, mis); e.Error.Type != "idempotency_error" {
		t.Fatalf("other endpoint: %s", mis.body)
	}
	mis = idemCall(t, srv, "", "DELETE", "/v1/customers/"+id, "", "Idempotency-Key", "raw-1")
	idemWantStatus(t, mis, 400)
	if e := idemDecodeErr(t, mis); e.Error.Type != "idempotency_error" {
		t.Fatalf("other method: %s", mis.body)
	}
	// Still the original answer afterwards.
	idemWantReplay(t, first, idemCall(t, srv, "", "POST", "/v1/customers", body, "Idempotency-Key", "raw-1"))
	idemWantCount(t, sc, 1)
	if got := idemCall(t, srv, "", "GET", "/v1/customers/"+id, ""); got.status != 200 || !bytes.Contains(got.body, []byte(`"name":"Raw"`)) {
		t.Fatalf("customer after mismatches: %d %s", got.status, got.body)
	}
}

func TestIdempotencyEncodings(t *testing.T) {
	srv := remittest.Start(t)
	sc := srv.Client("")

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
			before := idemCountCustomers(t, sc)
			first := idemCall(t, srv, "", "POST", "/v1/customers", tc.first, "Idempotency-Key", key)
			idemWantStatus(t, first, 200)
			for _, body := range tc.same {
				idemWantReplay(t, first, idemCall(t, srv, "", "POST", "/v1/customers", body, "Idempotency-Key", key))
			}
			for _, body := range tc.differ {
				res := idemCall(t, srv, "", "POST", "/v1/customers", body, "Idempotency-Key", key)
				idemWantStatus(t, res, 400)
				if e := idemDecodeErr(t, res); e.Error.Type != "idempotency_error" {
					t.Fatalf("%s: %s, want idempotency_error", body, res.body)
				}
			}
			idemWantCount(t, sc, before+1)
		})
	}

	// Query string parameters of a POST count like body parameters.
	t.Run("query", func(t *testing.T) {
		first := idemCall(t, srv, "", "POST", "/v1/customers?expand[]=invoice_settings.default_payment_method", "name=Q", "Idempotency-Key", "enc-query")
		idemWantStatus(t, first, 200)
		idemWantReplay(t, first, idemCall(t, srv, "", "POST", "/v1/customers", "name=Q&expand[0]=invoice_settings.default_payment_method", "Idempotency-Key", "enc-query"))
	})
}

func TestIdempotencyErrorsStored(t *testing.T) {
	srv := remittest.Start(t)
	sc := srv.Client("")

	t.Run("card declined", func(t *testing.T) {
		body := "email=d%40example.com&payment_method=pm_card_visa_chargeDeclinedInsufficientFunds"
		first := idemCall(t, srv, "", "POST", "/v1/customers", body, "Idempotency-Key", "err-declined")
		idemWantStatus(t, first, 402)
		e := idemDecodeErr(t, first)
		if e.Error.Type != "card_error" || e.Error.Code != "card_declined" || e.Error.DeclineCode != "insufficient_funds" {
			t.Fatalf("declined: %s", first.body)
		}
		idemWantReplay(t, first, idemCall(t, srv, "", "POST", "/v1/customers", body, "Idempotency-Key", "err-declined"))
		// The stored error is the answer: a working card under the same key
		// is a different request.
		res := idemCall(t, srv, "", "POST", "/v1/customers", "email=d%40example.com&payment_method=pm_card_visa", "Idempotency-Key", "err-declined")
		idemWantStatus(t, res, 400)
		if e := idemDecodeErr(t, res); e.Error.Type != "idempotency_error" {
			t.Fatalf("after decline: %s", res.body)
		}
		idemWantCount(t, sc, 0)
	})

	t.Run("resource_missing on update", func(t *testing.T) {
		first := idemCall(t, srv, "", "POST", "/v1/customers/cus_doesnotexist", "name=X", "Idempotency-Key", "err-missing")
		idemWantStatus(t, first, 404)
		if e := idemDecodeErr(t, first); e.Error.Code != "resource_missing" || e.Error.Param != "id" {
			t.Fatalf("missing: %s", first.body)
		}
		idemWantReplay(t, first, idemCall(t, srv, "", "POST", "/v1/customers/cus_doesnotexist", "name=X", "Idempotency-Key", "err-missing"))
	})

	t.Run("business rule error", func(t *testing.T) {
		// The endpoint ran and refused: stored, even once the refusal no
		// longer applies.
		c, err := sc.V1Customers.Create(context.Background(), &stripe.CustomerCreateParams{Name: stripe.String("Later deleted")})
		if err != nil {
			t.Fatal(err)
		}
		body := "invoice_settings[default_payment_method]=pm_nope"
		first := idemCall(t, srv, "", "POST", "/v1/customers/"+c.ID, body, "Idempotency-Key", "err-rule")
		idemWantStatus(t, first, 400)
		if e := idemDecodeErr(t, first); e.Error.Type != "invalid_request_error" || e.Error.Param != "invoice_settings[default_payment_method]" {
			t.Fatalf("rule: %s", first.body)
		}
		idemWantReplay(t, first, idemCall(t, srv, "", "POST", "/v1/customers/"+c.ID, body, "Idempotency-Key", "err-rule"))
		if _, err := sc.V1Customers.Delete(context.Background(), c.ID, nil); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("parameter validation is not stored", func(t *testing.T) {
		// A request rejected before the endpoint runs may be retried with
		// the same key and other (fixed) parameters.
		bad := idemCall(t, srv, "", "POST", "/v1/customers", "name=V&no_such_param=1", "Idempotency-Key", "err-validation")
		idemWantStatus(t, bad, 400)
		if e := idemDecodeErr(t, bad); e.Error.Type != "invalid_request_error" || e.Error.Code != "parameter_unknown" {
			t.Fatalf("unknown param: %s", bad.body)
		}
		if bad.header.Get("Idempotent-Replayed") != "" {
			t.Fatal("validation error marked as replayed")
		}
		good := idemCall(t, srv, "", "POST", "/v1/customers", "name=V", "Idempotency-Key", "err-validation")
		idemWantStatus(t, good, 200)
		idemWantReplay(t, good, idemCall(t, srv, "", "POST", "/v1/customers", "name=V", "Idempotency-Key", "err-validation"))
	})

	t.Run("authentication errors are not stored", func(t *testing.T) {
		res := idemCall(t, srv, "sk_test_notavalidkey0000", "POST", "/v1/customers", "name=A", "Idempotency-Key", "err-auth")
		idemWantStatus(t, res, 401)
		good := idemCall(t, srv, "", "POST", "/v1/customers", "name=A", "Idempotency-Key", "err-auth")
		idemWantStatus(t, good, 200)
		if good.header.Get("Idempotent-Replayed") != "" {
			t.Fatal("a 401 was stored under the key")
		}
	})
}

func TestIdempotencyScope(t *testing.T) {
	srv := remittest.Start(t)
	other := srv.NewAccount(t)
	live := idemLiveKey(t, srv)

	body := "name=Scoped&email=s%40example.com"
	a := idemCall(t, srv, "", "POST", "/v1/customers", body, "Idempotency-Key", "shared-key")
	idemWantStatus(t, a, 200)

	// Another account may use the same key: it runs, and is its own.
	b := idemCall(t, srv, other.SecretKey, "POST", "/v1/customers", body, "Idempotency-Key", "shared-key")
	idemWantStatus(t, b, 200)
	if b.header.Get("Idempotent-Replayed") != "" || idemID(t, a) == idemID(t, b) {
		t.Fatalf("other account got a replay: %s", b.body)
	}
	// Even with other parameters.
	b2 := idemCall(t, srv, other.SecretKey, "POST", "/v1/customers", "name=Different", "Idempotency-Key", "shared-key-2")
	idemWantStatus(t, b2, 200)
	a2 := idemCall(t, srv, "", "POST", "/v1/customers", "name=Mine", "Idempotency-Key", "shared-key-2")
	idemWantStatus(t, a2, 200)
	if a2.header.Get("Idempotent-Replayed") != "" || !bytes.Contains(a2.body, []byte(`"name":"Mine"`)) {
		t.Fatalf("key of another account leaked: %s", a2.body)
	}

	// Live mode of the same account is another scope.
	l := idemCall(t, srv, live, "POST", "/v1/customers", body, "Idempotency-Key", "shared-key")
	idemWantStatus(t, l, 200)
	if l.header.Get("Idempotent-Replayed") != "" || !bytes.Contains(l.body, []byte(`"livemode":true`)) || idemID(t, l) == idemID(t, a) {
		t.Fatalf("live mode got the test-mode answer: %s", l.body)
	}

	// Each scope replays its own answer.
	idemWantReplay(t, a, idemCall(t, srv, "", "POST", "/v1/customers", body, "Idempotency-Key", "shared-key"))
	idemWantReplay(t, b, idemCall(t, srv, other.SecretKey, "POST", "/v1/customers", body, "Idempotency-Key", "shared-key"))
	idemWantReplay(t, l, idemCall(t, srv, live, "POST", "/v1/customers", body, "Idempotency-Key", "shared-key"))

	idemWantCount(t, srv.Client(""), 2)
	idemWantCount(t, srv.Client(other.SecretKey), 2)
	idemWantCount(t, srv.Client(live), 1)
}

func TestIdempotencyKeyLength(t *testing.T) {
	srv := remittest.Start(t)
	sc := srv.Client("")

	long := strings.Repeat("k", 256)
	res := idemCall(t, srv, "", "POST", "/v1/customers", "name=Long", "Idempotency-Key", long)
	idemWantStatus(t, res, 400)
	if e := idemDecodeErr(t, res); e.Error.Type != "invalid_request_error" {
		t.Fatalf("long key: %s", res.body)
	}
	idemWantCount(t, sc, 0)

	// 255 characters is the limit, not over it.
	max := strings.Repeat("k", 255)
	first := idemCall(t, srv, "", "POST", "/v1/customers", "name=Max", "Idempotency-Key", max)
	idemWantStatus(t, first, 200)
	idemWantReplay(t, first, idemCall(t, srv, "", "POST", "/v1/customers", "name=Max", "Idempotency-Key", max))
	idemWantCount(t, sc, 1)

	// stripe-go refuses a long key itself; the server never sees it.
	p := &stripe.CustomerCreateParams{Name: stripe.String("Long")}
	p.SetIdempotencyKey(long)
	if _, err := sc.V1Customers.Create(context.Background(), p); err == nil {
		t.Fatal("stripe-go sent a 256-character key")
	}
	idemWantCount(t, sc, 1)
}

func TestIdempotencyGetIgnoresKey(t *testing.T) {
	srv := remittest.Start(t)

	created := idemCall(t, srv, "", "POST", "/v1/customers", "name=Before", "Idempotency-Key", "get-key")
	idemWantStatus(t, created, 200)
	id := idemID(t, created)

	// A key already used by a POST: the GET is served, not replayed or refused.
	g1 := idemCall(t, srv, "", "GET", "/v1/customers/"+id, "", "Idempotency-Key", "get-key")
	idemWantStatus(t, g1, 200)
	if g1.header.Get("Idempotent-Replayed") != "" {
		t.Fatal("GET was replayed")
	}
	// A fresh key on GET is not remembered either.
	g2 := idemCall(t, srv, "", "GET", "/v1/customers/"+id, "", "Idempotency-Key", "get-only")
	idemWantStatus(t, g2, 200)
	idemWantStatus(t, idemCall(t, srv, "", "POST", "/v1/customers/"+id, "name=After"), 200)
	g3 := idemCall(t, srv, "", "GET", "/v1/customers/"+id, "", "Idempotency-Key", "get-only")
	idemWantStatus(t, g3, 200)
	if g3.header.Get("Idempotent-Replayed") != "" || !bytes.Contains(g3.body, []byte(`"name":"After"`)) {
		t.Fatalf("second GET with the same key: %s", g3.body)
	}
	// Nor is a list, nor does an over-long key matter there.
	l := idemCall(t, srv, "", "GET", "/v1/customers?limit=1", "", "Idempotency-Key", strings.Repeat("g", 300))
	idemWantStatus(t, l, 200)
	// The key a GET used is still free for a POST.
	p := idemCall(t, srv, "", "POST", "/v1/customers", "name=Fresh", "Idempotency-Key", "get-only")
	idemWantStatus(t, p, 200)
	if p.header.Get("Idempotent-Replayed") != "" || !bytes.Contains(p.body, []byte(`"name":"Fresh"`)) {
		t.Fatalf("POST after GET with the same key: %s", p.body)
	}
}

func TestIdempotencyDeleteReplays(t *testing.T) {
	srv := remittest.Start(t)
	sc := srv.Client("")
	id := idemID(t, idemCall(t, srv, "", "POST", "/v1/customers", "name=Gone"))

	first := idemCall(t, srv, "", "DELETE", "/v1/customers/"+id, "", "Idempotency-Key", "del-1")
	idemWantStatus(t, first, 200)
	if want := `{"id":"` + id + `","object":"customer","deleted":true}`; string(first.body) != want {
		t.Fatalf("delete: %s, want %s", first.body, want)
	}
	idemWantReplay(t, first, idemCall(t, srv, "", "DELETE", "/v1/customers/"+id, "", "Idempotency-Key", "del-1"))
	// Another key runs the delete again, which fails now.
	res := idemCall(t, srv, "", "DELETE", "/v1/customers/"+id, "", "Idempotency-Key", "del-2")
	idemWantStatus(t, res, 404)
	idemWantReplay(t, res, idemCall(t, srv, "", "DELETE", "/v1/customers/"+id, "", "Idempotency-Key", "del-2"))
	idemWantCount(t, sc, 0)
}

func TestIdempotencyConcurrentSameKey(t *testing.T) {
	srv := remittest.Start(t)
	sc := srv.Client("")
	const n, rounds = 20, 5
	client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: n, MaxConnsPerHost: n}}
	defer client.CloseIdleConnections()

	totalOK, totalConflicts := 0, 0
	for round := range rounds {
		key := fmt.Sprintf("race-key-%d", round)
		body := fmt.Sprintf("email=race%d%%40example.com&name=Race&metadata[k]=v&metadata[round]=%d", round, round)
		results := make([]idemResult, n)
		errs := make([]error, n)
		ready := make(chan struct{}, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Open a connection first so that the creates leave together.
				if _, err := idemRaw(client, srv.URL, srv.Key, "GET", "/healthz", ""); err != nil {
					errs[i] = err
				}
				ready <- struct{}{}
				<-start
				if errs[i] == nil {
					results[i], errs[i] = idemRaw(client, srv.URL, srv.Key, "POST", "/v1/customers", body, "Idempotency-Key", key)
				}
			}()
		}
		for range n {
			<-ready
		}
		close(start)
		wg.Wait()

		var ok []idemResult
		conflicts := 0
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("round %d request %d: %v", round, i, errs[i])
			}
			switch r := results[i]; r.status {
			case 200:
				ok = append(ok, r)
			case 409:
				e := idemDecodeErr(t, r)
				if e.Error.Code != "idempotency_key_in_use" || e.Error.Type != "invalid_request_error" {
					t.Fatalf("round %d request %d: 409 %s", round, i, r.body)
				}
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
		idemWantCount(t, sc, round+1)
		totalOK += len(ok)
		totalConflicts += conflicts

		// A conflict was not stored: retrying the same key now replays.
		again := idemCall(t, srv, "", "POST", "/v1/customers", body, "Idempotency-Key", key)
		idemWantStatus(t, again, 200)
		if !bytes.Equal(again.body, ok[0].body) || again.header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("round %d: retry after the race: %s", round, again.body)
		}
	}
	t.Logf("%d answered 200, %d answered 409", totalOK, totalConflicts)
}

func TestIdempotencyConcurrentDistinctKeys(t *testing.T) {
	srv := remittest.Start(t)
	sc := srv.Client("")
	const n = 50
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: n, MaxConnsPerHost: n}}
	defer client.CloseIdleConnections()

	results := make([]idemResult, n)
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i], errs[i] = idemRaw(client, srv.URL, srv.Key, "POST", "/v1/customers",
				fmt.Sprintf("name=Parallel+%d&email=p%d%%40example.com", i, i), "Idempotency-Key", fmt.Sprintf("distinct-%d", i))
		}()
	}
	close(start)
	wg.Wait()

	ids := map[string]bool{}
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("request %d: %v", i, errs[i])
		}
		idemWantStatus(t, results[i], 200)
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
	idemWantCount(t, sc, n)
}
