package openapitest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestLoad runs first (tests run in source order), so it times the real parse.
func TestLoad(t *testing.T) {
	start := time.Now()
	s := Load(t)
	elapsed := time.Since(start)
	t.Logf("loaded %s (version %s, %d schemas) in %v", s.Path, s.Version, len(s.schemas), elapsed)
	if elapsed > 10*time.Second {
		t.Errorf("loading took %v, want a few seconds at most", elapsed)
	}
	if s.Version == "" || len(s.Schemas()) < 1000 {
		t.Errorf("version %q, %d schemas: not Stripe's description?", s.Version, len(s.Schemas()))
	}
	if again := Load(t); again != s {
		t.Error("second Load returned another Spec")
	}
}

// VisitJSON's contract wants schemas that pass Validate; check this spec's do
// (after makeStrict), rather than paying for it at every Load.
func TestSchemasAreValid(t *testing.T) {
	s := Load(t)
	for _, name := range s.Schemas() {
		if err := s.schemas[name].Value.Validate(context.Background()); err != nil {
			t.Errorf("components.schemas.%s: %v", name, err)
		}
	}
}

func TestStrictEverywhere(t *testing.T) {
	s := Load(t)
	// Running it again finds nothing left to do: every object schema with
	// properties now says additionalProperties.
	if n := makeStrict(s.schemas); n != 0 {
		t.Errorf("makeStrict changed %d schemas on its second run", n)
	}
	cus := s.schemas["customer"].Value
	if h := cus.AdditionalProperties.Has; h == nil || *h {
		t.Error("customer allows additional properties")
	}
	// metadata keeps its own additionalProperties (strings).
	if md := cus.Properties["metadata"].Value; md.AdditionalProperties.Has != nil || md.AdditionalProperties.Schema == nil {
		t.Errorf("metadata's additionalProperties changed: %+v", md.AdditionalProperties)
	}
}

type fixtures map[string]json.RawMessage

// fixturesCache holds fixtures3.json, Stripe's example objects, by resource.
var fixturesCache struct {
	sync.Once
	f   fixtures
	err error
}

func loadFixtures(t *testing.T, s *Spec) fixtures {
	t.Helper()
	fixturesCache.Do(func() {
		var data []byte
		data, fixturesCache.err = os.ReadFile(filepath.Join(filepath.Dir(s.Path), "fixtures3.json"))
		if fixturesCache.err == nil {
			var doc struct{ Resources fixtures }
			fixturesCache.err = json.Unmarshal(data, &doc)
			fixturesCache.f = doc.Resources
		}
	})
	if fixturesCache.err != nil {
		t.Fatal(fixturesCache.err)
	}
	return fixturesCache.f
}

// fixture returns Stripe's example object for name, decoded for editing.
func fixture(t *testing.T, s *Spec, name string) map[string]any {
	t.Helper()
	raw, ok := loadFixtures(t, s)[name]
	if !ok {
		t.Fatalf("no fixture %q", name)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFixturesPass(t *testing.T) {
	s := Load(t)
	f := loadFixtures(t, s)
	for _, name := range []string{"customer", "payment_method", "deleted_customer", "card", "bank_account", "setup_intent", "refund"} {
		t.Run(name, func(t *testing.T) { s.Check(t, name, f[name]) })
	}
}

// Stripe's own fixtures that break its own schemas once undeclared properties
// count as errors. Pinned so that a change (new spec, or a validator change)
// shows up here.
var fixtureDeviations = map[string][]string{
	"account":               {"$.settings.payments.statement_descriptor_prefix_kana", "$.settings.payments.statement_descriptor_prefix_kanji"},
	"payment_source":        {"$.settings.payments.statement_descriptor_prefix_kana", "$.settings.payments.statement_descriptor_prefix_kanji"},
	"charge":                {"$.source"},
	"payment_intent":        {"$.source"},
	"invoice":               {"$.subscription"},
	"item":                  {"$.price.recurring.trial_period_days"},
	"price":                 {"$.recurring.trial_period_days"},
	"product":               {"$.type"},
	"sigma.sigma_api_query": {"$.created_via", "$.error", "$.result", "$.status"},
	"subscription":          {"$.items.data[0].plan", "$.items.data[0].price.recurring.trial_period_days", "$.pending_update.cancel_at_period_end"},
	"subscription_item":     {"$.plan", "$.price.recurring.trial_period_days"},
	"subscription_schedule": {"$.phases[0].items[0].plan"},
	"terminal.refund":       {"$.object"}, // its schema declares `properties: {}`
}

func TestAllFixtures(t *testing.T) {
	s := Load(t)
	f := loadFixtures(t, s)
	names := make([]string, 0, len(f))
	for name := range f {
		names = append(names, name)
	}
	slices.Sort(names)
	checked := 0
	for _, name := range names {
		if _, ok := s.schemas[name]; !ok {
			continue // e.g. reserve.hold: fixture without a schema
		}
		checked++
		err := s.Validate(name, f[name])
		var got []string
		if err != nil {
			var verr *ValidationError
			if !errors.As(err, &verr) {
				t.Errorf("%s: %v", name, err)
				continue
			}
			for _, p := range verr.Problems {
				if p.Message != "property not declared by the schema" {
					t.Errorf("%s: unexpected kind of problem %v", name, p)
				}
				got = append(got, p.Path)
			}
		}
		if want := fixtureDeviations[name]; !slices.Equal(got, want) {
			t.Errorf("fixture %s: problems at %q, want %q (error: %v)", name, got, want, err)
		}
	}
	if checked < 150 {
		t.Errorf("only %d fixtures have a schema", checked)
	}
}

// problems validates and returns the problem paths and messages, failing the
// test on errors other than *ValidationError.
func problems(t *testing.T, err error) []Problem {
	t.Helper()
	if err == nil {
		return nil
	}
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("error %v is not a *ValidationError", err)
	}
	return verr.Problems
}

func paths(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Path)
	}
	return out
}

func TestCustomer(t *testing.T) {
	s := Load(t)
	card := fixture(t, s, "card")
	tests := []struct {
		name  string
		edit  func(c map[string]any)
		want  []string // problem paths; nil: valid
		words string   // in the message of the first problem
	}{
		{name: "fixture", edit: func(map[string]any) {}},
		{name: "balance string", edit: func(c map[string]any) { c["balance"] = "x" }, want: []string{"$.balance"}, words: "must be an integer"},
		{name: "balance fraction", edit: func(c map[string]any) { c["balance"] = 1.5 }, want: []string{"$.balance"}},
		{name: "unknown property", edit: func(c map[string]any) { c["foo"] = 1 }, want: []string{"$.foo"}, words: "not declared"},
		{name: "missing id", edit: func(c map[string]any) { delete(c, "id") }, want: []string{"$.id"}, words: "missing"},
		{name: "bad enum", edit: func(c map[string]any) { c["tax_exempt"] = "bogus" }, want: []string{"$.tax_exempt"}, words: `"bogus"`},
		{name: "address null", edit: func(c map[string]any) { c["address"] = nil }},
		{name: "tax_exempt null", edit: func(c map[string]any) { c["tax_exempt"] = nil }},
		{name: "id null", edit: func(c map[string]any) { c["id"] = nil }, want: []string{"$.id"}, words: "null"},
		{name: "object wrong", edit: func(c map[string]any) { c["object"] = "charge" }, want: []string{"$.object"}},
		{name: "unknown nested property", edit: func(c map[string]any) { c["address"].(map[string]any)["planet"] = "Mars" }, want: []string{"$.address.planet"}},
		{name: "nested type", edit: func(c map[string]any) { c["address"].(map[string]any)["city"] = 7 }, want: []string{"$.address.city"}},
		{name: "maxLength", edit: func(c map[string]any) { c["business_name"] = strings.Repeat("x", 151) }, want: []string{"$.business_name"}, words: "maximum string length is 150, got 151"},
		{name: "metadata", edit: func(c map[string]any) { c["metadata"] = map[string]any{"order id": "1", "n": "2"} }},
		{name: "metadata not string", edit: func(c map[string]any) { c["metadata"] = map[string]any{"order id": 1} }, want: []string{`$.metadata["order id"]`}},
		{name: "array item", edit: func(c map[string]any) { c["preferred_locales"] = []any{"en", 3} }, want: []string{"$.preferred_locales[1]"}},
		{name: "expandable as id", edit: func(c map[string]any) { c["default_source"] = "card_123" }},
		{name: "expandable expanded", edit: func(c map[string]any) { c["default_source"] = card }},
		{name: "expandable too long", edit: func(c map[string]any) { c["default_source"] = strings.Repeat("x", 5001) }, want: []string{"$.default_source"}, words: "maximum string length"},
		{name: "expandable number", edit: func(c map[string]any) { c["default_source"] = 12 }, want: []string{"$.default_source"}, words: "matches none of anyOf [string, bank_account, card, source]"},
		{name: "expanded object broken", edit: func(c map[string]any) {
			bad := map[string]any{}
			for k, v := range card {
				bad[k] = v
			}
			bad["exp_month"] = "8"
			bad["colour"] = "blue"
			delete(bad, "id")
			c["default_source"] = bad
		}, want: []string{"$.default_source.colour", "$.default_source.exp_month", "$.default_source.id"}},
		{name: "several at once", edit: func(c map[string]any) {
			c["balance"] = "x"
			c["foo"] = 1
			delete(c, "id")
		}, want: []string{"$.balance", "$.foo", "$.id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := fixture(t, s, "customer")
			tt.edit(c)
			err := s.Validate("customer", mustJSON(t, c))
			ps := problems(t, err)
			if got := paths(ps); !slices.Equal(got, tt.want) {
				t.Fatalf("problems at %q, want %q; error: %v", got, tt.want, err)
			}
			if tt.words != "" && !strings.Contains(ps[0].Message, tt.words) {
				t.Errorf("message %q lacks %q", ps[0].Message, tt.words)
			}
			if err != nil {
				t.Logf("%v", err)
			}
		})
	}
}

func TestErrorEnvelope(t *testing.T) {
	s := Load(t)
	s.Check(t, "error", []byte(`{"error":{"type":"invalid_request_error","message":"x"}}`))
	s.Check(t, "error", []byte(`{"error":{"type":"card_error","code":"card_declined","decline_code":"generic_decline","message":"Your card was declined.","param":"","doc_url":"https://stripe.com/docs/error-codes/card-declined","request_log_url":"https://dashboard.stripe.com/test/logs/req_1"}}`))
	for body, want := range map[string][]string{
		`{"error":{"type":"bogus_error","message":"x"}}`: {"$.error.type"},
		`{"error":{"message":"x"}}`:                      {"$.error.type"},
		`{"error":{"type":"api_error","msg":"x"}}`:       {"$.error.msg"},
		`{"type":"api_error"}`:                           {"$.error", "$.type"},
		`[]`:                                             {"$"},
	} {
		if got := paths(problems(t, s.Validate("error", []byte(body)))); !slices.Equal(got, want) {
			t.Errorf("%s: problems at %q, want %q", body, got, want)
		}
	}
}

func TestNotJSONOrUnknownSchema(t *testing.T) {
	s := Load(t)
	for _, body := range []string{``, `{"id":`, `{} {}`, `{"id":"x"} trailing`} {
		err := s.Validate("deleted_customer", []byte(body))
		var verr *ValidationError
		if err == nil || errors.As(err, &verr) {
			t.Errorf("%q: error %v, want a JSON syntax error", body, err)
		}
	}
	if err := s.Validate("no_such_schema", []byte(`{}`)); err == nil || !strings.Contains(err.Error(), "no_such_schema") {
		t.Errorf("unknown schema: error %v", err)
	}
}

func listOf(t *testing.T, object, url string, items ...any) map[string]any {
	t.Helper()
	if items == nil {
		items = []any{}
	}
	return map[string]any{"object": object, "url": url, "has_more": false, "data": items}
}

func TestLists(t *testing.T) {
	s := Load(t)
	c1, c2 := fixture(t, s, "customer"), fixture(t, s, "customer")
	s.CheckList(t, "customer", mustJSON(t, listOf(t, "list", "/v1/customers", c1, c2)))
	s.CheckList(t, "customer", mustJSON(t, listOf(t, "list", "/v1/customers")))
	search := listOf(t, "search_result", "/v1/customers/search", c1)
	search["next_page"] = nil
	search["total_count"] = 1
	s.CheckSearchResult(t, "customer", mustJSON(t, search))
	search["next_page"] = "page_abc"
	s.CheckSearchResult(t, "customer", mustJSON(t, search))

	bad := fixture(t, s, "customer")
	bad["balance"] = "x"
	tests := []struct {
		name   string
		search bool
		body   map[string]any
		want   []string
	}{
		{"bad item", false, listOf(t, "list", "/v1/customers", c1, bad), []string{"$.data[1].balance"}},
		{"deleted item", false, listOf(t, "list", "/v1/customers", fixture(t, s, "deleted_customer")), []string{"$.data[0].created", "$.data[0].deleted", "$.data[0].livemode"}},
		{"wrong object", false, listOf(t, "list_object", "/v1/customers"), []string{"$.object"}},
		{"url not /v1/", false, listOf(t, "list", "customers"), []string{"$.url"}},
		{"search envelope as list", false, search, []string{"$.next_page", "$.object", "$.total_count"}},
		{"list as search", true, listOf(t, "list", "/v1/customers/search"), []string{"$.object"}},
		{"search total_count string", true, map[string]any{"object": "search_result", "url": "/v1/customers/search", "has_more": false, "data": []any{}, "total_count": "1"}, []string{"$.total_count"}},
		{"envelope broken", false, map[string]any{"object": "list", "has_more": "no", "data": map[string]any{}, "extra": true}, []string{"$.data", "$.extra", "$.has_more", "$.url"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			validate := s.ValidateList
			if tt.search {
				validate = s.ValidateSearchResult
			}
			err := validate("customer", mustJSON(t, tt.body))
			if got := paths(problems(t, err)); !slices.Equal(got, tt.want) {
				t.Errorf("problems at %q, want %q; error: %v", got, tt.want, err)
			}
		})
	}
	if err := s.ValidateList("no_such_schema", []byte(`{}`)); err == nil {
		t.Error("unknown item schema accepted")
	}
}

// recorder is a testing.TB that keeps what Errorf reports.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestCheckReports(t *testing.T) {
	s := Load(t)
	r := &recorder{TB: t}
	s.Check(r, "customer", []byte(`{"id":"cus_1","object":"customer","created":1,"livemode":false}`))
	if len(r.errs) != 0 {
		t.Fatalf("valid customer reported: %q", r.errs)
	}
	s.Check(r, "customer", []byte(`{"id":"cus_1","object":"customer","created":1,"livemode":"no"}`))
	s.CheckList(r, "customer", []byte(`{"object":"list"}`))
	s.CheckSearchResult(r, "customer", []byte(`not json`))
	long := fmt.Sprintf(`{"id":"cus_1","object":"customer","created":1,"livemode":false,"description":%q,"foo":1}`, strings.Repeat("é", 3000))
	s.Check(r, "customer", []byte(long))
	if len(r.errs) != 4 {
		t.Fatalf("%d reports, want 4: %q", len(r.errs), r.errs)
	}
	for i, want := range [][]string{
		{`"customer"`, "$.livemode", `"livemode":"no"`},
		{`"list of customer"`, "$.data", "$.has_more", "$.url", `{"object":"list"}`},
		{`"search_result of customer"`, "not JSON", "not json"},
		{`"customer"`, "$.foo", "bytes in all"},
	} {
		for _, w := range want {
			if !strings.Contains(r.errs[i], w) {
				t.Errorf("report %d lacks %q:\n%s", i, w, r.errs[i])
			}
		}
	}
	if n := len(r.errs[3]); n > excerptLen+500 {
		t.Errorf("report of a long body is %d bytes", n)
	}
}

func TestFindSpec(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "spec.json")
	if err := os.WriteFile(spec, []byte(`{}`), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvSpecPath, spec)
	if got, err := findSpec(); err != nil || got != spec {
		t.Errorf("with %s set: %q, %v", EnvSpecPath, got, err)
	}
	t.Setenv(EnvSpecPath, filepath.Join(dir, "missing.json"))
	if _, err := findSpec(); err == nil {
		t.Errorf("missing %s file accepted", EnvSpecPath)
	}

	t.Setenv(EnvSpecPath, "")
	repo := filepath.Join(dir, "repo")
	deep := filepath.Join(repo, "internal", "x")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(deep)
	if _, err := findSpec(); err == nil || !strings.Contains(err.Error(), EnvSpecPath) {
		t.Errorf("no shared/ next to the repo: %v", err)
	}
	want := filepath.Join(dir, "shared", "stripe-openapi", "spec3.json")
	if err := os.MkdirAll(filepath.Dir(want), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(want, []byte(`{}`), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := findSpec()
	if err != nil {
		t.Fatal(err)
	}
	if a, b := evalPath(t, got), evalPath(t, want); a != b {
		t.Errorf("found %s, want %s", a, b)
	}
}

func evalPath(t *testing.T, p string) string {
	t.Helper()
	p, err := filepath.EvalSymlinks(p)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Validate may be called from parallel tests.
func TestConcurrentUse(t *testing.T) {
	s := Load(t)
	f := loadFixtures(t, s)
	for i := range 8 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			for range 20 {
				s.Check(t, "customer", f["customer"])
				s.CheckList(t, "payment_method", mustJSON(t, listOf(t, "list", "/v1/payment_methods", fixture(t, s, "payment_method"))))
				if s.Validate("subscription", f["subscription"]) == nil {
					t.Error("subscription fixture passed")
				}
			}
		})
	}
}
