package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
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

// Helpers shared by the black-box API tests of this package: a test's
// server and clients, customers and payment methods through stripe-go,
// expected Stripe errors (through stripe-go and over raw HTTP), raw HTTP
// requests, lists, live keys and objects seeded on a stopped clock.

// apiEnv is one test's server, a stripe-go client on its default account
// (test mode), Stripe's OpenAPI schemas and a context. The environments of
// the test files embed it.
type apiEnv struct {
	srv  *remittest.Server
	sc   *stripe.Client
	spec *openapitest.Spec
	ctx  context.Context
}

func newAPIEnv(t *testing.T) *apiEnv {
	t.Helper()
	srv := remittest.Start(t)
	return &apiEnv{srv: srv, sc: srv.Client(""), spec: openapitest.Load(t), ctx: context.Background()}
}

// Customers.

// createCustomer creates a customer with the default client, which must
// succeed, and checks the answer against the customer schema. p may be nil.
func (e *apiEnv) createCustomer(t *testing.T, p *stripe.CustomerCreateParams) *stripe.Customer {
	t.Helper()
	return e.createCustomerWith(t, e.sc, p)
}

// createCustomerWith is createCustomer with another client (another
// account, live mode).
func (e *apiEnv) createCustomerWith(t *testing.T, sc *stripe.Client, p *stripe.CustomerCreateParams) *stripe.Customer {
	t.Helper()
	if p == nil {
		p = &stripe.CustomerCreateParams{}
	}
	c, err := sc.V1Customers.Create(e.ctx, p)
	if err != nil {
		t.Fatalf("create customer: %v", err)
	}
	e.spec.Check(t, "customer", c.LastResponse.RawJSON)
	return c
}

// createCustomerExpecting creates a customer with p and checks the outcome:
// with a zero want the create must succeed and the customer is returned,
// checked against the schema; otherwise it must fail as want says, and nil
// is returned.
func (e *apiEnv) createCustomerExpecting(t *testing.T, p *stripe.CustomerCreateParams, want wantErr) *stripe.Customer {
	t.Helper()
	c, err := e.sc.V1Customers.Create(e.ctx, p)
	if want.status != 0 {
		e.checkErr(t, err, want)
		return nil
	}
	if err != nil {
		t.Fatalf("create customer: %v", err)
	}
	e.spec.Check(t, "customer", c.LastResponse.RawJSON)
	return c
}

// retrieveCustomer retrieves a customer with the given expansions, which
// must succeed, and checks the answer against the customer schema.
func (e *apiEnv) retrieveCustomer(t *testing.T, id string, expand ...string) *stripe.Customer {
	t.Helper()
	p := &stripe.CustomerRetrieveParams{}
	for _, x := range expand {
		p.AddExpand(x)
	}
	c, err := e.sc.V1Customers.Retrieve(e.ctx, id, p)
	if err != nil {
		t.Fatalf("retrieve customer %s: %v", id, err)
	}
	e.spec.Check(t, "customer", c.LastResponse.RawJSON)
	return c
}

// updateCustomer updates a customer, which must succeed, and checks the
// answer against the customer schema.
func (e *apiEnv) updateCustomer(t *testing.T, id string, p *stripe.CustomerUpdateParams) *stripe.Customer {
	t.Helper()
	c, err := e.sc.V1Customers.Update(e.ctx, id, p)
	if err != nil {
		t.Fatalf("update customer %s: %v", id, err)
	}
	e.spec.Check(t, "customer", c.LastResponse.RawJSON)
	return c
}

// withDefaultCard makes p attach pm_card_visa to the new customer and name
// it the default payment method of its invoices.
func withDefaultCard(p *stripe.CustomerCreateParams) *stripe.CustomerCreateParams {
	p.PaymentMethod = stripe.String("pm_card_visa")
	p.InvoiceSettings = &stripe.CustomerCreateInvoiceSettingsParams{DefaultPaymentMethod: stripe.String("pm_card_visa")}
	return p
}

func customerIDs(cs []*stripe.Customer) []string {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return ids
}

// countCustomers counts the customers sc sees, through auto-pagination.
func countCustomers(t *testing.T, sc *stripe.Client) int {
	t.Helper()
	ctx := context.Background()
	return len(collect(t, sc.V1Customers.List(ctx, &stripe.CustomerListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(100)}}).All(ctx)))
}

// wantCustomerCount stops the test unless sc sees want customers.
func wantCustomerCount(t *testing.T, sc *stripe.Client, want int) {
	t.Helper()
	if got := countCustomers(t, sc); got != want {
		t.Fatalf("%d customers, want %d", got, want)
	}
}

// liveKey stores a new sk_live_ key for the server's default account, as
// `remit serve --api-key sk_live_...` does, and returns it.
func liveKey(t *testing.T, srv *remittest.Server) string {
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

// seedStore runs f in one transaction of the server's store with remit's
// service, bypassing the API: f sets svc.Now to create objects at exact
// times (or already expired).
func seedStore(t *testing.T, srv *remittest.Server, f func(ctx context.Context, tx remit.Tx, svc *remit.Service) error) {
	t.Helper()
	ctx := context.Background()
	svc := remit.NewService()
	if err := srv.Store.Update(ctx, func(tx remit.Tx) error { return f(ctx, tx, svc) }); err != nil {
		t.Fatalf("seed: %v", err)
	}
}

// seedCustomers creates customers through remit's service in scope, the
// i-th with the clock stopped at at[i] and params[i] (empty when params is
// nil): lists and searches can then be tested on exact timestamps.
func seedCustomers(t *testing.T, srv *remittest.Server, scope remit.Scope, at []time.Time, params []*remit.CustomerCreateParams) []*remit.Customer {
	t.Helper()
	var out []*remit.Customer
	seedStore(t, srv, func(ctx context.Context, tx remit.Tx, svc *remit.Service) error {
		for i, ts := range at {
			p := &remit.CustomerCreateParams{}
			if params != nil {
				p = params[i]
			}
			svc.Now = func() time.Time { return ts }
			c, err := svc.CreateCustomer(ctx, tx, scope, p)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	return out
}

// Payment methods.

// attachPaymentMethod attaches id (a test id such as pm_card_visa, or a
// payment method) to customer, which must succeed, and checks the answer
// against the schema and its customer.
func (e *apiEnv) attachPaymentMethod(t *testing.T, id, customer string) *stripe.PaymentMethod {
	t.Helper()
	pm, err := e.sc.V1PaymentMethods.Attach(e.ctx, id, &stripe.PaymentMethodAttachParams{Customer: stripe.String(customer)})
	if err != nil {
		t.Fatalf("attach %s to %s: %v", id, customer, err)
	}
	e.spec.Check(t, "payment_method", pm.LastResponse.RawJSON)
	if pm.Customer == nil || pm.Customer.ID != customer {
		t.Fatalf("attach %s: customer %+v, want %s", id, pm.Customer, customer)
	}
	return pm
}

// retrievePaymentMethod retrieves a payment method, which must succeed, and
// checks the answer against the schema.
func (e *apiEnv) retrievePaymentMethod(t *testing.T, id string) *stripe.PaymentMethod {
	t.Helper()
	pm, err := e.sc.V1PaymentMethods.Retrieve(e.ctx, id, nil)
	if err != nil {
		t.Fatalf("retrieve %s: %v", id, err)
	}
	e.spec.Check(t, "payment_method", pm.LastResponse.RawJSON)
	return pm
}

// asCardError tells whether stripe-go classified err as a card error.
func asCardError(err error, target **stripe.CardError) bool {
	se, ok := err.(*stripe.Error)
	if !ok {
		return false
	}
	ce, ok := se.Err.(*stripe.CardError)
	*target = ce
	return ok
}

// Errors.

// wantErr is an expected Stripe error. typ defaults to
// invalid_request_error; msg must be contained in the message.
type wantErr struct {
	status int
	typ    string
	code   string
	param  string
	msg    string
}

func noSuchCustomer(id string) wantErr {
	return wantErr{status: 404, code: "resource_missing", param: "id", msg: "No such customer: '" + id + "'"}
}

var requestIDPattern = regexp.MustCompile(`^req_[0-9A-Za-z]{14}$`)

// asStripeError returns err as a *stripe.Error, or stops the test.
func asStripeError(t *testing.T, err error) *stripe.Error {
	t.Helper()
	var se *stripe.Error
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T), want a *stripe.Error", err, err)
	}
	return se
}

// wantStripeError stops the test unless err is a *stripe.Error with the
// HTTP status, type, code and param ("*": any param), and returns it.
func wantStripeError(t *testing.T, err error, status int, typ stripe.ErrorType, code stripe.ErrorCode, param string) *stripe.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %d %s %s", status, typ, code)
	}
	se := asStripeError(t, err)
	if se.HTTPStatusCode != status || se.Type != typ || se.Code != code || (param != "*" && se.Param != param) {
		t.Fatalf("error %d %s code=%q param=%q (%s), want %d %s code=%q param=%q",
			se.HTTPStatusCode, se.Type, se.Code, se.Param, se.Msg, status, typ, code, param)
	}
	return se
}

// checkErr checks that err, from stripe-go, is the Stripe error described
// by want, with its doc_url and request id, and that its body matches the
// error schema.
func (e *apiEnv) checkErr(t *testing.T, err error, want wantErr) {
	t.Helper()
	se := asStripeError(t, err)
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
	if !requestIDPattern.MatchString(se.RequestID) {
		t.Errorf("error Request-Id = %q, want req_ and 14 alphanumerics", se.RequestID)
	}
	if se.LastResponse == nil {
		t.Fatal("error without a response")
	}
	e.spec.Check(t, "error", se.LastResponse.RawJSON)
}

// checkRawErr checks a raw answer against want (msg: contained in the
// message), the headers every answer carries and the error schema, and
// returns the error object.
func (e *apiEnv) checkRawErr(t *testing.T, res rawResponse, want wantErr) map[string]any {
	t.Helper()
	wantCommonHeaders(t, res.header)
	e.spec.Check(t, "error", res.body)
	var eb struct {
		Error map[string]any `json:"error"`
	}
	if err := json.Unmarshal(res.body, &eb); err != nil || eb.Error == nil {
		t.Fatalf("%s: %d %s: not a Stripe error envelope (%v)", res.request, res.status, res.body, err)
	}
	typ := want.typ
	if typ == "" {
		typ = "invalid_request_error"
	}
	str := func(k string) string { s, _ := eb.Error[k].(string); return s }
	if res.status != want.status || str("type") != typ || str("code") != want.code || str("param") != want.param {
		t.Errorf("%s:\nerror = %d %s code=%q param=%q (%s)\nwant    %d %s code=%q param=%q", res.request,
			res.status, str("type"), str("code"), str("param"), str("message"), want.status, typ, want.code, want.param)
	}
	if !strings.Contains(str("message"), want.msg) {
		t.Errorf("%s: error message %q does not contain %q", res.request, str("message"), want.msg)
	}
	return eb.Error
}

// wantCommonHeaders checks the headers every answer carries.
func wantCommonHeaders(t *testing.T, h http.Header) {
	t.Helper()
	if id := h.Get("Request-Id"); !requestIDPattern.MatchString(id) {
		t.Errorf("Request-Id = %q, want req_ and 14 alphanumerics", id)
	}
	if ct := h.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if h.Get("Stripe-Version") == "" {
		t.Error("no Stripe-Version header")
	}
}

// Raw HTTP.

// rawResponse is one raw HTTP answer, and the request it answers (for
// messages).
type rawResponse struct {
	request string
	status  int
	header  http.Header
	body    []byte
}

// rawRequest sends a raw request through client with apiKey as the bearer
// token; header holds pairs of names and values, set after the defaults
// (so that "Authorization" replaces the key). Unlike rawCall it never calls
// t.Fatal, so goroutines may use it.
func rawRequest(client *http.Client, baseURL, apiKey, method, path, body string, header ...string) (rawResponse, error) {
	res := rawResponse{request: method + " " + path}
	if len(header) > 0 {
		res.request += fmt.Sprintf(" %q", header)
	}
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, baseURL+path, r)
	if err != nil {
		return res, err
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
		return res, err
	}
	defer resp.Body.Close()
	if res.body, err = io.ReadAll(resp.Body); err != nil {
		return res, err
	}
	res.status, res.header = resp.StatusCode, resp.Header
	return res, nil
}

// rawCall is rawRequest to srv for the test goroutine; an empty apiKey is
// the default account's test key.
func rawCall(t *testing.T, srv *remittest.Server, apiKey, method, path, body string, header ...string) rawResponse {
	t.Helper()
	if apiKey == "" {
		apiKey = srv.Key
	}
	res, err := rawRequest(http.DefaultClient, srv.URL, apiKey, method, path, body, header...)
	if err != nil {
		t.Fatalf("%s: %v", res.request, err)
	}
	return res
}

// wantStatus stops the test unless res has the status.
func wantStatus(t *testing.T, res rawResponse, status int) {
	t.Helper()
	if res.status != status {
		t.Fatalf("%s: status %d, want %d: %s", res.request, res.status, status, res.body)
	}
}

// rawOK sends a raw request with the default key that must answer 200 with
// the headers every answer carries, and returns the body.
func (e *apiEnv) rawOK(t *testing.T, method, path, body string, header ...string) []byte {
	t.Helper()
	res := rawCall(t, e.srv, "", method, path, body, header...)
	wantStatus(t, res, http.StatusOK)
	wantCommonHeaders(t, res.header)
	return res.body
}

// rawFail sends a raw request with the default key that must fail as want
// says (see checkRawErr), and returns the error object.
func (e *apiEnv) rawFail(t *testing.T, want wantErr, method, path, body string, header ...string) map[string]any {
	t.Helper()
	return e.checkRawErr(t, rawCall(t, e.srv, "", method, path, body, header...), want)
}

// rawPage is a page of a list as it went over the wire.
type rawPage struct {
	Object  string           `json:"object"`
	URL     string           `json:"url"`
	HasMore bool             `json:"has_more"`
	Data    []map[string]any `json:"data"`
}

// ids returns the ids of the page's items, in the order of the wire.
func (p rawPage) ids() []string {
	var ids []string
	for _, d := range p.Data {
		id, _ := d["id"].(string)
		ids = append(ids, id)
	}
	return ids
}

// rawList GETs one page of a list over raw HTTP (see rawOK) and checks it
// against the list schema of item.
func (e *apiEnv) rawList(t *testing.T, item, path string, header ...string) rawPage {
	t.Helper()
	b := e.rawOK(t, "GET", path, "", header...)
	e.spec.CheckList(t, item, b)
	var p rawPage
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return p
}

// pooledClient is an HTTP client that keeps n connections to a server open,
// for concurrent requests; they are closed when the test ends.
func pooledClient(t *testing.T, n int, timeout time.Duration) *http.Client {
	client := &http.Client{Timeout: timeout, Transport: &http.Transport{MaxIdleConnsPerHost: n, MaxConnsPerHost: n}}
	t.Cleanup(client.CloseIdleConnections)
	return client
}

// Lists through stripe-go.

// checkPage checks a page that stripe-go fetched with Single set: the
// request must have succeeded, the body must match the list schema of item
// and its url must be url. It returns the items and has_more.
func checkPage[T any](t *testing.T, spec *openapitest.Spec, l *stripe.V1List[T], item, url string) ([]T, bool) {
	t.Helper()
	if err := l.Err(); err != nil {
		t.Fatalf("list %s: %v", url, err)
	}
	spec.CheckList(t, item, l.LastResponse().RawJSON)
	if u := l.Meta().URL; u != url {
		t.Errorf("list url = %q, want %q", u, url)
	}
	return l.Data(), l.Meta().HasMore
}

// collect drains a stripe-go auto-pagination, which must not fail, and
// returns the items in the order visited.
func collect[T any](t *testing.T, all stripe.Seq2[T, error]) []T {
	t.Helper()
	var out []T
	for v, err := range all {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
		if len(out) > 10000 {
			t.Fatal("list does not end")
		}
	}
	return out
}

// JSON and ids.

// jsonObject decodes a body that must be a JSON object, to look at what the
// typed client cannot tell apart (null, absent, empty).
func jsonObject(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("response is not a JSON object: %v\n%s", err, raw)
	}
	return m
}

// reversed returns a reversed copy of ids.
func reversed(ids []string) []string {
	out := slices.Clone(ids)
	slices.Reverse(out)
	return out
}
