package api_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v85"

	"remit/api"
)

// Stripe's wire protocol through raw HTTP: form encoding, parameter
// errors, body limits, routing, headers, authentication and expand. Every
// JSON body is checked against Stripe's OpenAPI schemas.

// wireEnv is one test's server, client and schemas (see apiEnv).
type wireEnv struct{ *apiEnv }

func newWireEnv(t *testing.T) *wireEnv { return &wireEnv{newAPIEnv(t)} }

// ok sends a request that must answer 200 (see rawOK) and returns the
// decoded body. schema names what the body must match: a
// components.schemas name, or "list:<item>" for a list.
func (w *wireEnv) ok(t *testing.T, schema, method, path, body string, header ...string) map[string]any {
	t.Helper()
	b := w.rawOK(t, method, path, body, header...)
	if item, ok := strings.CutPrefix(schema, "list:"); ok {
		w.spec.CheckList(t, item, b)
	} else {
		w.spec.Check(t, schema, b)
	}
	return jsonObject(t, b)
}

func TestWireEncoding(t *testing.T) {
	t.Parallel()
	w := newWireEnv(t)
	cf := func(c map[string]any) []any {
		fields, _ := c["invoice_settings"].(map[string]any)["custom_fields"].([]any)
		return fields
	}
	cases := []struct {
		name  string
		body  string
		check func(t *testing.T, c map[string]any)
	}{
		{"raw brackets", "metadata[plan]=pro&invoice_settings[custom_fields][0][name]=PO&invoice_settings[custom_fields][0][value]=123",
			func(t *testing.T, c map[string]any) {
				if c["metadata"].(map[string]any)["plan"] != "pro" || len(cf(c)) != 1 || cf(c)[0].(map[string]any)["value"] != "123" {
					t.Errorf("customer %v", c)
				}
			}},
		{"percent-encoded brackets", "metadata%5Bplan%5D=pro&invoice_settings%5Bcustom_fields%5D%5B0%5D%5Bname%5D=PO&invoice_settings%5Bcustom_fields%5D%5B0%5D%5Bvalue%5D=123",
			func(t *testing.T, c map[string]any) {
				if c["metadata"].(map[string]any)["plan"] != "pro" || len(cf(c)) != 1 || cf(c)[0].(map[string]any)["name"] != "PO" {
					t.Errorf("customer %v", c)
				}
			}},
		{"lower-case escapes", "metadata%5bplan%5d=pro", func(t *testing.T, c map[string]any) {
			if c["metadata"].(map[string]any)["plan"] != "pro" {
				t.Errorf("metadata %v", c["metadata"])
			}
		}},
		{"appended array items", "preferred_locales[]=fr&preferred_locales[]=de", func(t *testing.T, c map[string]any) {
			if pl := c["preferred_locales"].([]any); len(pl) != 2 || pl[0] != "fr" || pl[1] != "de" {
				t.Errorf("preferred_locales %v", pl)
			}
		}},
		{"indexed array items out of order", "preferred_locales[1]=de&preferred_locales[0]=fr", func(t *testing.T, c map[string]any) {
			if pl := c["preferred_locales"].([]any); len(pl) != 2 || pl[0] != "fr" || pl[1] != "de" {
				t.Errorf("preferred_locales %v", pl)
			}
		}},
		{"indexed array of objects", "invoice_settings[custom_fields][1][name]=B&invoice_settings[custom_fields][1][value]=2" +
			"&invoice_settings[custom_fields][0][name]=A&invoice_settings[custom_fields][0][value]=1",
			func(t *testing.T, c map[string]any) {
				if f := cf(c); len(f) != 2 || f[0].(map[string]any)["name"] != "A" || f[1].(map[string]any)["name"] != "B" {
					t.Errorf("custom_fields %v", f)
				}
			}},
		{"plus and percent escapes in values", "name=Jenny+Rosen&description=50%25+off%20%26+more&metadata[note]=a%3Db",
			func(t *testing.T, c map[string]any) {
				if c["name"] != "Jenny Rosen" || c["description"] != "50% off & more" || c["metadata"].(map[string]any)["note"] != "a=b" {
					t.Errorf("name %v description %v metadata %v", c["name"], c["description"], c["metadata"])
				}
			}},
		{"utf-8", "name=J%C3%BCrgen+%E5%BC%A0&address[city]=K%C3%B6ln", func(t *testing.T, c map[string]any) {
			if c["name"] != "Jürgen 张" || c["address"].(map[string]any)["city"] != "Köln" {
				t.Errorf("name %v address %v", c["name"], c["address"])
			}
		}},
		{"query string of a POST", "", func(t *testing.T, c map[string]any) {
			if c["name"] != "from the query" {
				t.Errorf("name %v", c["name"])
			}
		}},
		{"empty pairs are ignored", "&&name=x&&", func(t *testing.T, c map[string]any) {
			if c["name"] != "x" {
				t.Errorf("name %v", c["name"])
			}
		}},
		{"nested emptyable object", "invoice_settings[rendering_options][amount_tax_display]=exclude_tax", func(t *testing.T, c map[string]any) {
			ro, _ := c["invoice_settings"].(map[string]any)["rendering_options"].(map[string]any)
			if ro["amount_tax_display"] != "exclude_tax" {
				t.Errorf("rendering_options %v", ro)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := "/v1/customers"
			if tc.body == "" {
				path += "?name=from+the+query"
			}
			tc.check(t, w.ok(t, "customer", "POST", path, tc.body))
		})
	}

	c := w.ok(t, "customer", "POST", "/v1/customers", "email=query@example.com")
	id := c["id"].(string)
	for _, q := range []string{"expand[]=tax_ids", "expand[0]=tax_ids", "expand%5B%5D=tax_ids", "expand%5B0%5D=tax_ids"} {
		t.Run("GET "+q, func(t *testing.T) {
			got := w.ok(t, "customer", "GET", "/v1/customers/"+id+"?"+q, "")
			if _, ok := got["tax_ids"].(map[string]any); !ok {
				t.Errorf("tax_ids not expanded: %v", got["tax_ids"])
			}
		})
	}
	t.Run("expand in a POST body, both forms", func(t *testing.T) {
		got := w.ok(t, "customer", "POST", "/v1/customers/"+id, "expand[0]=tax_ids&expand[]=sources")
		_, taxIDs := got["tax_ids"].(map[string]any)
		_, sources := got["sources"].(map[string]any)
		if !taxIDs || !sources {
			t.Errorf("tax_ids %v sources %v", got["tax_ids"], got["sources"])
		}
	})
	t.Run("content type with a charset", func(t *testing.T) {
		got := w.ok(t, "customer", "POST", "/v1/customers/"+id, "name=charset", "Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
		if got["name"] != "charset" {
			t.Errorf("name %v", got["name"])
		}
	})
	t.Run("query parameters of a list", func(t *testing.T) {
		got := w.ok(t, "list:customer", "GET", "/v1/customers?email="+url.QueryEscape("query@example.com")+"&limit=1", "")
		if data := got["data"].([]any); len(data) != 1 || data[0].(map[string]any)["id"] != id {
			t.Errorf("list %v", got)
		}
	})
	t.Run("created as an object in the query", func(t *testing.T) {
		created := int64(c["created"].(float64))
		got := w.ok(t, "list:customer", "GET", "/v1/customers?created%5Bgte%5D="+strconv.FormatInt(created, 10)+"&created[lte]="+strconv.FormatInt(created, 10), "")
		if len(got["data"].([]any)) == 0 {
			t.Errorf("list %v", got)
		}
	})
}

func TestWireParameterErrors(t *testing.T) {
	t.Parallel()
	w := newWireEnv(t)
	id := w.ok(t, "customer", "POST", "/v1/customers", "")["id"].(string)
	empty := func(p string) wantErr {
		return wantErr{status: 400, code: "parameter_invalid_empty", param: p,
			msg: "You passed an empty string for '" + p + "'. We assume empty values are an attempt to unset a parameter; however '" + p +
				"' cannot be unset. You should remove '" + p + "' from your request or supply a non-empty value."}
	}
	unknown := func(p string) wantErr {
		return wantErr{status: 400, code: "parameter_unknown", param: p, msg: "Received unknown parameter: " + p}
	}
	cases := []struct {
		name         string
		method, path string
		body         string
		want         wantErr
	}{
		{"unknown parameter", "POST", "/v1/customers", "foo=1", unknown("foo")},
		{"unknown nested parameter", "POST", "/v1/customers", "invoice_settings[foo]=1", unknown("invoice_settings[foo]")},
		{"unknown nested parameter, escaped", "POST", "/v1/customers", "invoice_settings%5Bfoo%5D=1", unknown("invoice_settings[foo]")},
		{"unknown deeper parameter", "POST", "/v1/customers", "invoice_settings[rendering_options][foo]=1", unknown("invoice_settings[rendering_options][foo]")},
		{"unknown address field", "POST", "/v1/customers", "address[planet]=mars", unknown("address[planet]")},
		{"create-only payment_method on update", "POST", "/v1/customers/" + id, "payment_method=pm_card_visa", unknown("payment_method")},
		{"create-only test_clock on update", "POST", "/v1/customers/" + id, "test_clock=clock_x", unknown("test_clock")},
		{"unknown parameter on delete", "DELETE", "/v1/customers/" + id + "?foo=bar", "", unknown("foo")},
		{"unknown parameter on retrieve", "GET", "/v1/customers/" + id + "?foo=bar", "", unknown("foo")},
		{"unknown parameter on list", "GET", "/v1/customers?foo=bar", "", unknown("foo")},
		{"empty balance", "POST", "/v1/customers", "balance=", empty("balance")},
		{"empty next_invoice_sequence", "POST", "/v1/customers", "next_invoice_sequence=", empty("next_invoice_sequence")},
		{"empty invoice_prefix", "POST", "/v1/customers", "invoice_prefix=", empty("invoice_prefix")},
		{"empty shipping name", "POST", "/v1/customers", "shipping[name]=&shipping[address][line1]=x", empty("shipping[name]")},
		{"empty limit", "GET", "/v1/customers?limit=", "", empty("limit")},
		{"balance not an integer", "POST", "/v1/customers", "balance=abc",
			wantErr{status: 400, code: "parameter_invalid_integer", param: "balance", msg: "Invalid integer: abc"}},
		{"balance a decimal", "POST", "/v1/customers", "balance=1.5",
			wantErr{status: 400, code: "parameter_invalid_integer", param: "balance", msg: "Invalid integer: 1.5"}},
		{"balance overflowing int64", "POST", "/v1/customers", "balance=99999999999999999999",
			wantErr{status: 400, code: "parameter_invalid_integer", param: "balance"}},
		{"limit not an integer", "GET", "/v1/customers?limit=ten", "",
			wantErr{status: 400, code: "parameter_invalid_integer", param: "limit", msg: "Invalid integer: ten"}},
		{"created not an integer", "GET", "/v1/customers?created[gt]=yesterday", "",
			wantErr{status: 400, code: "parameter_invalid_integer", param: "created[gt]", msg: "Invalid integer: yesterday"}},
		{"email of 513 characters", "POST", "/v1/customers", "email=" + strings.Repeat("a", 501) + "%40example.com",
			wantErr{status: 400, param: "email", msg: "must be at most 512 characters"}},
		{"list email of 513 characters", "GET", "/v1/customers?email=" + strings.Repeat("a", 501) + "%40example.com", "",
			wantErr{status: 400, param: "email", msg: "must be at most 512 characters"}},
		{"enum violation", "POST", "/v1/customers", "tax_exempt=bogus",
			wantErr{status: 400, param: "tax_exempt", msg: "Invalid tax_exempt: must be one of exempt, none, or reverse"}},
		{"nested enum violation", "POST", "/v1/customers", "invoice_settings[rendering_options][amount_tax_display]=all",
			wantErr{status: 400, param: "invoice_settings[rendering_options][amount_tax_display]", msg: "must be one of"}},
		{"hash sent as a value", "POST", "/v1/customers", "address=Paris", wantErr{status: 400, param: "address"}},
		{"array sent as a value", "POST", "/v1/customers", "preferred_locales=fr", wantErr{status: 400, param: "preferred_locales"}},
		{"value sent as a hash", "POST", "/v1/customers", "name[first]=Jenny", wantErr{status: 400, param: "name"}},
		{"metadata sent as a value", "POST", "/v1/customers", "metadata=x", wantErr{status: 400, param: "metadata"}},
		{"missing required nested parameter", "POST", "/v1/customers", "shipping[address][line1]=x",
			wantErr{status: 400, code: "parameter_missing", param: "shipping[name]", msg: "Missing required param: shipping[name]."}},
		{"unbalanced brackets", "POST", "/v1/customers", "metadata[a=1", wantErr{status: 400, param: "metadata[a"}},
		{"metadata key with brackets", "POST", "/v1/customers", "metadata%5Ba%5Db%5D=1", wantErr{status: 400, param: "metadata[a]b]"}},
		{"metadata without a key", "POST", "/v1/customers", "metadata[]=1", wantErr{status: 400, param: "metadata[]"}},
		{"bad percent escape", "POST", "/v1/customers", "name=%zz", wantErr{status: 400, param: "name"}},
		{"invalid UTF-8", "POST", "/v1/customers", "name=%ff%fe", wantErr{status: 400, param: "name"}},
		{"JSON body", "POST", "/v1/customers", `{"name":"x"}`, wantErr{status: 400, msg: "application/x-www-form-urlencoded"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var header []string
			if tc.name == "JSON body" {
				header = []string{"Content-Type", "application/json"}
			}
			w.rawFail(t, tc.want, tc.method, tc.path, tc.body, header...)
		})
	}
	t.Run("nothing was created", func(t *testing.T) {
		got := w.ok(t, "list:customer", "GET", "/v1/customers?limit=100", "")
		if n := len(got["data"].([]any)); n != 1 {
			t.Errorf("%d customers after refused requests, want 1", n)
		}
	})
}

func TestWireBodyLimit(t *testing.T) {
	t.Parallel()
	w := newWireEnv(t)
	t.Run("over 1 MiB", func(t *testing.T) {
		body := "description=" + strings.Repeat("a", api.MaxBodyBytes)
		w.rawFail(t, wantErr{status: http.StatusRequestEntityTooLarge, msg: "1 MiB"}, "POST", "/v1/customers", body)
	})
	t.Run("exactly 1 MiB is read", func(t *testing.T) {
		prefix := "metadata[k]="
		body := prefix + strings.Repeat("a", api.MaxBodyBytes-len(prefix))
		// Read and refused for its content, not for its size.
		w.rawFail(t, wantErr{status: 400, param: "metadata[k]", msg: "500"}, "POST", "/v1/customers", body)
	})
}

func TestWireRouting(t *testing.T) {
	t.Parallel()
	w := newWireEnv(t)
	const help = "Please see https://stripe.com/docs or we can help at https://support.stripe.com/."
	cases := []struct {
		name         string
		method, path string
		want         wantErr
		allow        string
	}{
		{"unknown URL", "GET", "/v1/nope", wantErr{status: 404, msg: "Unrecognized request URL (GET: /v1/nope). " + help}, ""},
		{"unknown URL with POST", "POST", "/v1/nope", wantErr{status: 404, msg: "Unrecognized request URL (POST: /v1/nope). " + help}, ""},
		{"unknown version prefix", "GET", "/v2/customers", wantErr{status: 404, msg: "Unrecognized request URL (GET: /v2/customers). "}, ""},
		{"root", "GET", "/", wantErr{status: 404, msg: "Unrecognized request URL (GET: /). "}, ""},
		{"trailing slash", "GET", "/v1/customers/", wantErr{status: 404,
			msg: "Unrecognized request URL (GET: /v1/customers/). If you are trying to list objects, remove the trailing slash."}, ""},
		{"unknown sub-resource", "GET", "/v1/customers/cus_x/nope", wantErr{status: 404, msg: "Unrecognized request URL (GET: /v1/customers/cus_x/nope). "}, ""},
		{"PUT on a collection", "PUT", "/v1/customers", wantErr{status: 405, msg: "PUT"}, "GET, POST"},
		{"DELETE on a collection", "DELETE", "/v1/customers", wantErr{status: 405, msg: "DELETE"}, "GET, POST"},
		{"PATCH on an object", "PATCH", "/v1/customers/cus_x", wantErr{status: 405, msg: "PATCH"}, "DELETE, GET, POST"},
		{"GET on an action", "GET", "/v1/payment_methods/pm_x/attach", wantErr{status: 405, msg: "GET"}, "POST"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := rawCall(t, w.srv, "", tc.method, tc.path, "")
			e := w.checkRawErr(t, res, tc.want)
			if got := res.header.Get("Allow"); got != tc.allow {
				t.Errorf("Allow = %q, want %q", got, tc.allow)
			}
			if _, ok := e["code"]; ok && tc.want.status == 405 {
				t.Errorf("unexpected code %v", e["code"])
			}
		})
	}
	t.Run("unknown URL without a key", func(t *testing.T) {
		res := rawCall(t, w.srv, "", "GET", "/v1/nope", "", "Authorization", "")
		if res.status != 404 && res.status != 401 {
			t.Errorf("%d %s, want a Stripe error", res.status, res.body)
		}
		wantCommonHeaders(t, res.header)
		w.spec.Check(t, "error", res.body)
	})
}

func TestWireHeaders(t *testing.T) {
	t.Parallel()
	w := newWireEnv(t)
	id := w.ok(t, "customer", "POST", "/v1/customers", "")["id"].(string)
	requests := []struct {
		name               string
		method, path, body string
		header             []string
		status             int
	}{
		{"create", "POST", "/v1/customers", "name=x", nil, 200},
		{"retrieve", "GET", "/v1/customers/" + id, "", nil, 200},
		{"list", "GET", "/v1/customers", "", nil, 200},
		{"bad parameter", "POST", "/v1/customers", "foo=1", nil, 400},
		{"missing object", "GET", "/v1/customers/cus_nope", "", nil, 404},
		{"unknown URL", "GET", "/v1/nope", "", nil, 404},
		{"wrong method", "PUT", "/v1/customers", "", nil, 405},
		{"no key", "GET", "/v1/customers", "", []string{"Authorization", ""}, 401},
		{"body too large", "POST", "/v1/customers", "name=" + strings.Repeat("x", api.MaxBodyBytes), nil, 413},
		{"health check", "GET", "/healthz", "", nil, 200},
	}
	seen := map[string]string{}
	for _, rq := range requests {
		t.Run("Request-Id on "+rq.name, func(t *testing.T) {
			res := rawCall(t, w.srv, "", rq.method, rq.path, rq.body, rq.header...)
			wantStatus(t, res, rq.status)
			wantCommonHeaders(t, res.header)
			rid := res.header.Get("Request-Id")
			if prev, dup := seen[rid]; dup {
				t.Errorf("Request-Id %s reused (also on %s)", rid, prev)
			}
			seen[rid] = rq.name
			if rq.status >= 400 {
				w.spec.Check(t, "error", res.body)
			}
		})
	}

	t.Run("Stripe-Version", func(t *testing.T) {
		for _, tc := range []struct{ sent, want string }{
			{"", api.DefaultVersion},
			{"2025-03-31.basil", "2025-03-31.basil"},
			{"2025-09-30.clover", "2025-09-30.clover"},
			{"2026-09-30.endive", "2026-09-30.endive"},
			{stripe.APIVersion, stripe.APIVersion},
		} {
			var header []string
			if tc.sent != "" {
				header = []string{"Stripe-Version", tc.sent}
			}
			for _, path := range []string{"/v1/customers/" + id, "/v1/customers/cus_nope"} {
				res := rawCall(t, w.srv, "", "GET", path, "", header...)
				if got := res.header.Get("Stripe-Version"); got != tc.want {
					t.Errorf("GET %s with Stripe-Version %q: answered %q, want %q", path, tc.sent, got, tc.want)
				}
			}
		}
		if api.DefaultVersion != w.spec.Version {
			t.Errorf("default version %s is not the version of the OpenAPI description, %s", api.DefaultVersion, w.spec.Version)
		}
	})
	t.Run("stripe-go sees the request id and its version", func(t *testing.T) {
		c, err := w.srv.Client("").V1Customers.Retrieve(t.Context(), id, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !requestIDPattern.MatchString(c.LastResponse.RequestID) || c.LastResponse.Header.Get("Stripe-Version") != stripe.APIVersion {
			t.Errorf("request id %q, version %q", c.LastResponse.RequestID, c.LastResponse.Header.Get("Stripe-Version"))
		}
		w.spec.Check(t, "customer", c.LastResponse.RawJSON)
	})
}

func TestWireAuth(t *testing.T) {
	t.Parallel()
	w := newWireEnv(t)
	acct := w.srv.NewAccount(t)
	basic := func(user, pass string) string {
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
	}
	const noKey = "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/."
	invalid := func(masked string) wantErr {
		return wantErr{status: 401, msg: "Invalid API Key provided: " + masked}
	}
	publishable := wantErr{status: 401, code: "secret_key_required", msg: "publishable API key"}
	cases := []struct {
		name string
		auth string
		want wantErr // zero status: 200
	}{
		{"bearer", "Bearer " + w.srv.Key, wantErr{}},
		{"bearer, lower-case scheme", "bearer " + w.srv.Key, wantErr{}},
		{"basic with empty password", basic(w.srv.Key, ""), wantErr{}},
		{"basic without colon", "Basic " + base64.StdEncoding.EncodeToString([]byte(w.srv.Key)), wantErr{}},
		{"basic with a password", basic(w.srv.Key, "ignored"), wantErr{}},
		{"no header", "", wantErr{status: 401, msg: noKey}},
		{"empty bearer", "Bearer ", wantErr{status: 401, msg: noKey}},
		{"unknown scheme", "Token " + w.srv.Key, wantErr{status: 401, msg: noKey}},
		{"invalid test key", "Bearer sk_test_thiskeydoesnotexistabcd", invalid("sk_test_****abcd")},
		{"invalid live key", "Bearer sk_live_thiskeydoesnotexistwxyz", invalid("sk_live_****wxyz")},
		{"invalid key via basic", basic("sk_test_nope1234", ""), invalid("sk_test_****1234")},
		{"not a key at all", "Bearer hello-world-9876", invalid("****9876")},
		{"secret key with a typo", "Bearer " + w.srv.Key[:len(w.srv.Key)-1] + "_", invalid("sk_test_****" + w.srv.Key[len(w.srv.Key)-4:len(w.srv.Key)-1] + "_")},
		{"publishable key", "Bearer " + acct.PublishableKey, publishable},
		{"publishable key via basic", basic(acct.PublishableKey, ""), publishable},
		{"other account's secret key", "Bearer " + acct.SecretKey, wantErr{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, rq := range []struct{ method, path, body string }{
				{"GET", "/v1/customers", ""},
				{"POST", "/v1/customers", "name=auth"},
			} {
				res := rawCall(t, w.srv, "", rq.method, rq.path, rq.body, "Authorization", tc.auth)
				if tc.want.status == 0 {
					if res.status != 200 {
						t.Errorf("%s %s: %d %s, want 200", rq.method, rq.path, res.status, res.body)
					}
					continue
				}
				w.checkRawErr(t, res, tc.want)
				if key, ok := strings.CutPrefix(tc.auth, "Bearer "); ok && key != "" && strings.Contains(string(res.body), key) {
					t.Errorf("the error shows the key: %s", res.body)
				}
			}
		})
	}
	t.Run("refused requests change nothing", func(t *testing.T) {
		got := w.ok(t, "list:customer", "GET", "/v1/customers?limit=100", "")
		n := 0
		for _, tc := range cases {
			if tc.want.status == 0 && tc.name != "other account's secret key" {
				n++
			}
		}
		if len(got["data"].([]any)) != n {
			t.Errorf("%d customers, want %d", len(got["data"].([]any)), n)
		}
	})
	t.Run("stripe-go with an invalid key", func(t *testing.T) {
		l := w.srv.Client("sk_test_invalidinvalidinvalid9999").V1Customers.List(t.Context(), nil)
		w.checkErr(t, l.Err(), invalid("sk_test_****9999"))
	})
}

func TestWireExpand(t *testing.T) {
	t.Parallel()
	w := newWireEnv(t)
	sc := w.sc
	withPM := w.createCustomer(t, withDefaultCard(&stripe.CustomerCreateParams{}))
	pm := withPM.InvoiceSettings.DefaultPaymentMethod.ID
	plain := w.ok(t, "customer", "POST", "/v1/customers", "name=plain")["id"].(string)
	dpm := func(c map[string]any) any { return c["invoice_settings"].(map[string]any)["default_payment_method"] }
	expandedPM := func(t *testing.T, v any) map[string]any {
		t.Helper()
		obj, ok := v.(map[string]any)
		if !ok || obj["object"] != "payment_method" || obj["id"] != pm {
			t.Fatalf("default_payment_method = %v, want the expanded payment method %s", v, pm)
		}
		return obj
	}
	emptyList := func(t *testing.T, v any, url string) {
		t.Helper()
		want := map[string]any{"object": "list", "data": []any{}, "has_more": false, "url": url}
		if !equalJSON(v, want) {
			t.Errorf("includable list = %v, want %v", v, want)
		}
	}

	t.Run("default_payment_method stays an id", func(t *testing.T) {
		if got := dpm(w.ok(t, "customer", "GET", "/v1/customers/"+withPM.ID, "")); got != pm {
			t.Errorf("default_payment_method = %v, want %s", got, pm)
		}
	})
	t.Run("invoice_settings.default_payment_method", func(t *testing.T) {
		card := expandedPM(t, dpm(w.ok(t, "customer", "GET", "/v1/customers/"+withPM.ID+"?expand[]=invoice_settings.default_payment_method", "")))["card"]
		if card.(map[string]any)["last4"] != "4242" {
			t.Errorf("card = %v", card)
		}
	})
	t.Run("null stays null", func(t *testing.T) {
		if got := dpm(w.ok(t, "customer", "GET", "/v1/customers/"+plain+"?expand[]=invoice_settings.default_payment_method", "")); got != nil {
			t.Errorf("default_payment_method = %v, want null", got)
		}
	})
	t.Run("three levels", func(t *testing.T) {
		c := w.ok(t, "customer", "GET", "/v1/customers/"+withPM.ID+"?expand[]=invoice_settings.default_payment_method.customer", "")
		owner, _ := expandedPM(t, dpm(c))["customer"].(map[string]any)
		if owner["object"] != "customer" || owner["id"] != withPM.ID {
			t.Errorf("payment method's customer = %v", owner)
		}
	})
	t.Run("four levels", func(t *testing.T) {
		w.ok(t, "customer", "GET", "/v1/customers/"+withPM.ID+"?expand[]=invoice_settings.default_payment_method.customer.invoice_settings", "")
	})
	t.Run("on update", func(t *testing.T) {
		c := w.ok(t, "customer", "POST", "/v1/customers/"+withPM.ID, "name=x&expand[]=invoice_settings.default_payment_method")
		expandedPM(t, dpm(c))
	})
	t.Run("tax_ids", func(t *testing.T) {
		c := w.ok(t, "customer", "GET", "/v1/customers/"+plain+"?expand[]=tax_ids", "")
		emptyList(t, c["tax_ids"], "/v1/customers/"+plain+"/tax_ids")
	})
	t.Run("several paths", func(t *testing.T) {
		c := w.ok(t, "customer", "GET", "/v1/customers/"+withPM.ID+"?expand[]=tax_ids&expand[]=invoice_settings.default_payment_method&expand[]=subscriptions", "")
		emptyList(t, c["tax_ids"], "/v1/customers/"+withPM.ID+"/tax_ids")
		emptyList(t, c["subscriptions"], "/v1/customers/"+withPM.ID+"/subscriptions")
		expandedPM(t, dpm(c))
	})
	t.Run("on a list", func(t *testing.T) {
		l := w.ok(t, "list:customer", "GET", "/v1/customers?expand[]=data.invoice_settings.default_payment_method&expand[]=data.tax_ids", "")
		data := l["data"].([]any)
		if len(data) != 2 {
			t.Fatalf("list %v", l)
		}
		for _, it := range data {
			c := it.(map[string]any)
			emptyList(t, c["tax_ids"], "/v1/customers/"+c["id"].(string)+"/tax_ids")
			if c["id"] == withPM.ID {
				expandedPM(t, dpm(c))
			} else if dpm(c) != nil {
				t.Errorf("%s default_payment_method = %v", c["id"], dpm(c))
			}
		}
	})
	t.Run("on a list, four levels after data", func(t *testing.T) {
		w.ok(t, "list:customer", "GET", "/v1/customers?expand[]=data.invoice_settings.default_payment_method.customer.invoice_settings", "")
	})
	t.Run("stripe-go", func(t *testing.T) {
		p := &stripe.CustomerRetrieveParams{}
		p.AddExpand("invoice_settings.default_payment_method")
		p.AddExpand("tax_ids")
		c, err := sc.V1Customers.Retrieve(t.Context(), withPM.ID, p)
		if err != nil {
			t.Fatal(err)
		}
		w.spec.Check(t, "customer", c.LastResponse.RawJSON)
		if d := c.InvoiceSettings.DefaultPaymentMethod; d == nil || d.Card == nil || d.Card.Last4 != "4242" || c.TaxIDs == nil {
			t.Errorf("default_payment_method %+v tax_ids %+v", d, c.TaxIDs)
		}
		lp := &stripe.CustomerListParams{}
		lp.AddExpand("data.invoice_settings.default_payment_method")
		for _, c := range collect(t, sc.V1Customers.List(t.Context(), lp).All(t.Context())) {
			if c.ID == withPM.ID && (c.InvoiceSettings.DefaultPaymentMethod == nil || c.InvoiceSettings.DefaultPaymentMethod.Card == nil) {
				t.Errorf("list item %s: default_payment_method not expanded", c.ID)
			}
		}
	})

	bad := func(msg string) wantErr { return wantErr{status: 400, param: "expand", msg: msg} }
	errCases := []struct {
		name, path string
		want       wantErr
	}{
		{"unknown field", "/v1/customers/" + plain + "?expand[]=nope", bad("nope")},
		{"field that is not expandable", "/v1/customers/" + plain + "?expand[]=email", bad("email")},
		{"unknown nested field", "/v1/customers/" + plain + "?expand[]=invoice_settings.nope", bad("invoice_settings.nope")},
		{"past an id", "/v1/customers/" + withPM.ID + "?expand[]=invoice_settings.default_payment_method.nope", bad("nope")},
		{"list path on an object", "/v1/customers/" + plain + "?expand[]=data.tax_ids", bad("data.tax_ids")},
		{"object path on a list", "/v1/customers?expand[]=tax_ids", bad("tax_ids")},
		{"empty segment", "/v1/customers/" + plain + "?expand[]=invoice_settings..default_payment_method", bad("")},
		{"five levels", "/v1/customers/" + withPM.ID + "?expand[]=invoice_settings.default_payment_method.customer.invoice_settings.default_payment_method",
			bad("4 levels")},
		{"five levels after data", "/v1/customers?expand[]=data.invoice_settings.default_payment_method.customer.invoice_settings.default_payment_method",
			bad("4 levels")},
		{"five levels on a missing object", "/v1/customers/cus_nope?expand[]=a.b.c.d.e", bad("4 levels")},
	}
	for _, tc := range errCases {
		t.Run("refused/"+tc.name, func(t *testing.T) {
			w.rawFail(t, tc.want, "GET", tc.path, "")
		})
	}
	t.Run("refused/on create, nothing is created", func(t *testing.T) {
		w.rawFail(t, bad("nope"), "POST", "/v1/customers", "name=ghost&expand[]=nope")
		l := w.ok(t, "list:customer", "GET", "/v1/customers", "")
		for _, it := range l["data"].([]any) {
			if it.(map[string]any)["name"] == "ghost" {
				t.Error("a create refused for its expand stored the customer")
			}
		}
	})
}

// equalJSON compares two JSON-shaped values through their encoding.
func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
