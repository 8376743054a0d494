package api_test

import (
	"cmp"
	"context"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/stripe/stripe-go/v85"

	"remit"
	"remit/internal/remittest"
)

// Customer search (GET /v1/customers/search) through stripe-go v85: every
// operator of the Search Query Language, reads that follow writes at once,
// the isolation of accounts and modes, errors, expansions, pagination, and
// a differential test against a brute-force filter over random data.

// search runs query through stripe-go's auto-pagination, pages of limit,
// and returns the ids in the order visited. Every page is checked against
// the search_result schema and for a coherent has_more / next_page.
func (e *custEnv) search(t *testing.T, sc *stripe.Client, query string, limit int64) []string {
	t.Helper()
	p := &stripe.CustomerSearchParams{SearchParams: stripe.SearchParams{Query: query, Limit: stripe.Int64(limit)}}
	l := sc.V1Customers.Search(e.ctx, p)
	var ids []string
	var seen *stripe.APIResponse
	checkPage := func() {
		t.Helper()
		r := l.LastResponse()
		if r == nil || r == seen {
			return
		}
		seen = r
		e.spec.CheckSearchResult(t, "customer", r.RawJSON)
		m := l.Meta()
		if m.URL != "/v1/customers/search" {
			t.Errorf("%s: url = %q, want /v1/customers/search", query, m.URL)
		}
		if m.HasMore != (m.NextPage != nil) {
			t.Errorf("%s: has_more %v with next_page %v", query, m.HasMore, m.NextPage)
		}
		if n := int64(len(l.Data())); n > limit || (m.HasMore && n != limit) {
			t.Errorf("%s: page of %d customers with limit %d and has_more %v", query, n, limit, m.HasMore)
		}
		if m.TotalCount != nil {
			t.Errorf("%s: total_count %d without expand[]=total_count", query, *m.TotalCount)
		}
	}
	checkPage()
	for c, err := range l.All(e.ctx) {
		if err != nil {
			t.Fatalf("search %q: %v", query, err)
		}
		checkPage()
		ids = append(ids, c.ID)
	}
	checkPage()
	if err := l.Err(); err != nil {
		t.Fatalf("search %q: %v", query, err)
	}
	for i, id := range ids {
		if slices.Contains(ids[:i], id) {
			t.Errorf("%s: %s visited twice: %v", query, id, ids)
		}
	}
	return ids
}

// searchPage fetches one page, which must succeed, and checks it against
// the schema.
func (e *custEnv) searchPage(t *testing.T, sc *stripe.Client, p *stripe.CustomerSearchParams) *stripe.V1SearchList[*stripe.Customer] {
	t.Helper()
	p.Single = true
	l := sc.V1Customers.Search(e.ctx, p)
	if err := l.Err(); err != nil {
		t.Fatalf("search %q: %v", p.Query, err)
	}
	e.spec.CheckSearchResult(t, "customer", l.LastResponse().RawJSON)
	return l
}

// searchErr runs a search that must fail.
func (e *custEnv) searchErr(t *testing.T, p *stripe.CustomerSearchParams) error {
	t.Helper()
	p.Single = true
	l := e.sc.V1Customers.Search(e.ctx, p)
	if l.Err() == nil {
		t.Fatalf("search %+v succeeded, want an error", p.SearchParams)
	}
	return l.Err()
}

func searchSet(v string) remit.Emptyable[string] { return remit.Emptyable[string]{Set: true, Value: v} }

func searchMetadata(md map[string]string) remit.Metadata { return remit.Metadata{Set: true, Value: md} }

func TestCustomerSearchOperators(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	const t0 = 1_700_000_000
	at := []time.Time{
		time.Unix(t0, 0),
		time.Unix(t0+100, 100),
		time.Unix(t0+100, 900_000_000),
		time.Unix(t0+200, 0),
		time.Unix(t0+300, 0),
		time.Unix(t0+300, 0), // the same instant: the id breaks the tie
	}
	params := []*remit.CustomerCreateParams{
		// a
		{CustomerParams: remit.CustomerParams{Name: searchSet("Jenny Rosen"), Email: searchSet("Jenny.Rosen@Example.com"), Phone: searchSet("+1 555 0100"),
			Metadata: searchMetadata(map[string]string{"plan": "pro", "tier": "gold"})}},
		// b
		{CustomerParams: remit.CustomerParams{Name: searchSet("Jenkins"), Email: searchSet("jenkins@example.org"),
			Metadata: searchMetadata(map[string]string{"plan": "free"})}},
		// c
		{CustomerParams: remit.CustomerParams{Name: searchSet("Ölaf Öst"), Phone: searchSet("+49 30 123456")}},
		// d: nothing set
		{},
		// e
		{CustomerParams: remit.CustomerParams{Name: searchSet("JENNY ROSEN"), Email: searchSet("jenny.rosen@example.com"),
			Metadata: searchMetadata(map[string]string{"plan": "Pro", "note": "it's \"quoted\" \\ here"})}},
		// f
		{CustomerParams: remit.CustomerParams{Name: searchSet("Zoë O'Brien"), Email: searchSet("zoe.o'brien@example.ie"), Phone: searchSet("+353 1 555 0100")}},
	}
	cs := seedCustomers(t, e.srv, e.srv.Scope, at, params)
	id := map[string]string{}
	for i, c := range cs {
		id[string(rune('a'+i))] = c.ID
	}
	// want lists customers by letter, newest first: f and e share an
	// instant, so their order is the order of their ids.
	fe := "fe"
	if cs[4].ID > cs[5].ID {
		fe = "ef"
	}
	order := fe + "dcba"
	want := func(letters string) []string {
		var out []string
		for _, l := range order {
			if strings.ContainsRune(letters, l) {
				out = append(out, id[string(l)])
			}
		}
		return out
	}
	cases := []struct {
		query string
		want  string // letters of the customers found
	}{
		// email
		{`email:'jenny.rosen@example.com'`, "ae"},
		{`email:"JENNY.ROSEN@EXAMPLE.COM"`, "ae"},
		{`email:'jenny.rosen@example'`, ""},
		{`email~'example.com'`, "ae"},
		{`email~'EXAMPLE'`, "abef"},
		{`email~'o\'brien'`, "f"},
		{`email~'n@e'`, "aef"},
		{`email:null`, "cd"},
		{`-email:null`, "abef"},
		{`-email:'jenkins@example.org'`, "acdef"},
		{`-email~'example.com'`, "bcdf"},
		// name
		{`name:'jenny rosen'`, "ae"},
		{`name:'Jenny'`, ""},
		{`name~'jen'`, "abe"},
		{`name~'NNY R'`, "ae"},
		{`name~'ölaf'`, "c"},
		{`name~'ÖLAF Ö'`, "c"},
		{`name:'ölaf öst'`, "c"},
		{`name:'zoë o\'brien'`, "f"},
		{`name:"ZOË O'BRIEN"`, "f"},
		{`name~"ë o'"`, "f"},
		{`name:null`, "d"},
		{`-name~'jen'`, "cdf"},
		// phone
		{`phone:'+1 555 0100'`, "a"},
		{`phone~'555 0100'`, "af"},
		{`phone~'30 12'`, "c"},
		{`phone:null`, "bde"},
		{`-phone:null`, "acf"},
		// metadata: exact and case-sensitive, keys too
		{`metadata['plan']:'pro'`, "a"},
		{`metadata['plan']:'Pro'`, "e"},
		{`metadata["plan"]:"free"`, "b"},
		{`metadata['Plan']:'pro'`, ""},
		{`metadata['plan']:'pr'`, ""},
		{`metadata['note']:'it\'s "quoted" \\ here'`, "e"},
		{`metadata['plan']:null`, "cdf"},
		{`-metadata['plan']:null`, "abe"},
		{`-metadata['plan']:'pro'`, "bcdef"},
		{`metadata['nope']:null`, "abcdef"},
		// created, in seconds
		{fmt.Sprintf(`created:%d`, t0+100), "bc"},
		{fmt.Sprintf(`created=%d`, t0+100), "bc"},
		{fmt.Sprintf(`created>%d`, t0+100), "def"},
		{fmt.Sprintf(`created>=%d`, t0+100), "bcdef"},
		{fmt.Sprintf(`created<%d`, t0+100), "a"},
		{fmt.Sprintf(`created<=%d`, t0+100), "abc"},
		{fmt.Sprintf(`created>'%d'`, t0+200), "ef"},
		{fmt.Sprintf(`-created>%d`, t0), "a"},
		{fmt.Sprintf(`created:%d`, t0+50), ""},
		{`created>0`, "abcdef"},
		{`created>99999999999999`, ""},
		// AND: explicit, lowercase, implicit
		{`name~'jen' AND metadata['plan']:'free'`, "b"},
		{`name~'jen' metadata['plan']:'pro'`, "a"},
		{`name~'jen' and -email~'example.com'`, "b"},
		{`email~'example' AND phone:null AND -name:'jenkins'`, "e"},
		{fmt.Sprintf(`created>=%d AND created<%d`, t0+100, t0+300), "bcd"},
		{fmt.Sprintf(`metadata['plan']:'pro' AND created<%d`, t0+100), "a"},
		{fmt.Sprintf(`metadata['plan']:'pro' AND created>%d`, t0), ""},
		{`metadata['plan']:'pro' AND metadata['tier']:'gold' AND name~'rosen'`, "a"},
		// OR
		{`name:'jenkins' OR phone~'30 12'`, "bc"},
		{`metadata['plan']:'free' or email:null`, "bcd"},
		{`-name~'jen' OR metadata['plan']:'Pro'`, "cdef"},
		{fmt.Sprintf(`created<%d OR created>%d`, t0+1, t0+250), "aef"},
		// extra whitespace
		{"  name~'jen'\tAND\n metadata['plan'] : 'pro'  ", "a"},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			w := want(tc.want)
			for _, limit := range []int64{1, 2, 100} {
				if got := e.search(t, e.sc, tc.query, limit); !slices.Equal(got, w) {
					t.Errorf("limit %d: %v\nwant     %v (%s)", limit, got, w, tc.want)
				}
			}
			p := &stripe.CustomerSearchParams{SearchParams: stripe.SearchParams{Query: tc.query, Limit: stripe.Int64(1)}}
			p.AddExpand("total_count")
			l := e.searchPage(t, e.sc, p)
			if tc := l.Meta().TotalCount; tc == nil || int(*tc) != len(w) {
				t.Errorf("total_count = %v, want %d", tc, len(w))
			}
		})
	}
}

// TestCustomerSearchConsistency checks that search reads what the request
// before it wrote: remit is strongly consistent where Stripe lags.
func TestCustomerSearchConsistency(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	found := func(t *testing.T, query string, want ...string) {
		t.Helper()
		if got := e.search(t, e.sc, query, 2); !slices.Equal(got, want) {
			t.Errorf("%s = %v, want %v", query, got, want)
		}
	}
	c := e.createCustomer(t, &stripe.CustomerCreateParams{Name: stripe.String("Quentin Quux"), Email: stripe.String("Q.Quux@Example.net"),
		Phone: stripe.String("+33 1 23 45 67 89"), Metadata: map[string]string{"plan": "pro", "seats": "5"}})

	t.Run("created", func(t *testing.T) {
		found(t, "name:'quentin quux'", c.ID)
		found(t, "name~'TIN QU'", c.ID)
		found(t, "email:'q.quux@example.net'", c.ID)
		found(t, "email~'quux@'", c.ID)
		found(t, "phone~'45 67'", c.ID)
		found(t, "metadata['plan']:'pro'", c.ID)
		found(t, "metadata['seats']:'5' AND name~'quux'", c.ID)
		found(t, fmt.Sprintf("created:%d", c.Created), c.ID)
		found(t, "metadata['plan']:null")
	})
	t.Run("renamed", func(t *testing.T) {
		e.updateCustomer(t, c.ID, &stripe.CustomerUpdateParams{Name: stripe.String("Rita Rho")})
		found(t, "name:'quentin quux'")
		found(t, "name~'quux'")
		found(t, "name~'quux' OR name~'tin q'")
		found(t, "-name~'quux'", c.ID)
		found(t, "name:'RITA RHO'", c.ID)
		found(t, "name~'ta rh'", c.ID)
		found(t, "email~'quux@'", c.ID) // the other fields are still indexed
		found(t, "phone~'45 67'", c.ID)
	})
	t.Run("email and phone changed and cleared", func(t *testing.T) {
		u := &stripe.CustomerUpdateParams{Email: stripe.String("rita@example.org")}
		u.AddExtra("phone", "")
		e.updateCustomer(t, c.ID, u)
		found(t, "email~'quux'")
		found(t, "email:'q.quux@example.net'")
		found(t, "email:'RITA@example.org'", c.ID)
		found(t, "phone~'45 67'")
		found(t, "phone:null", c.ID)
		u = &stripe.CustomerUpdateParams{}
		u.AddExtra("name", "")
		e.updateCustomer(t, c.ID, u)
		found(t, "name:null", c.ID)
		found(t, "name~'rita'")
		found(t, "name:'rita rho'")
	})
	t.Run("metadata changed and removed", func(t *testing.T) {
		e.updateCustomer(t, c.ID, &stripe.CustomerUpdateParams{Metadata: map[string]string{"plan": "team"}})
		found(t, "metadata['plan']:'pro'")
		found(t, "metadata['plan']:'team'", c.ID)
		u := &stripe.CustomerUpdateParams{}
		u.AddMetadata("plan", "")
		e.updateCustomer(t, c.ID, u)
		found(t, "metadata['plan']:'team'")
		found(t, "metadata['plan']:null", c.ID)
		found(t, "-metadata['plan']:null")
		found(t, "metadata['seats']:'5'", c.ID)
		u = &stripe.CustomerUpdateParams{}
		u.AddExtra("metadata", "")
		e.updateCustomer(t, c.ID, u)
		found(t, "metadata['seats']:'5'")
		found(t, "metadata['seats']:null", c.ID)
		e.updateCustomer(t, c.ID, &stripe.CustomerUpdateParams{Metadata: map[string]string{"plan": "pro"}})
		found(t, "metadata['plan']:'pro'", c.ID)
	})
	t.Run("deleted", func(t *testing.T) {
		other := e.createCustomer(t, &stripe.CustomerCreateParams{Email: stripe.String("rita@example.org"), Metadata: map[string]string{"plan": "pro"}})
		if _, err := e.sc.V1Customers.Delete(e.ctx, c.ID, nil); err != nil {
			t.Fatal(err)
		}
		found(t, "email:'rita@example.org'", other.ID)
		found(t, "email~'rita'", other.ID)
		found(t, "metadata['plan']:'pro'", other.ID)
		found(t, "name:null", other.ID)
		found(t, "metadata['seats']:null", other.ID)
		found(t, "created>0", other.ID)
		found(t, "-email:'nobody@example.com'", other.ID)
		found(t, "email:'rita@example.org' OR phone:null", other.ID)
		p := &stripe.CustomerSearchParams{SearchParams: stripe.SearchParams{Query: "created>0"}}
		p.AddExpand("total_count")
		if tc := e.searchPage(t, e.sc, p).Meta().TotalCount; tc == nil || *tc != 1 {
			t.Errorf("total_count = %v, want 1", tc)
		}
	})
	t.Run("created in a burst", func(t *testing.T) {
		var ids []string
		for i := range 5 {
			ids = append(ids, e.createCustomer(t, &stripe.CustomerCreateParams{Name: stripe.String(fmt.Sprintf("Burst %d", i)),
				Metadata: map[string]string{"burst": "yes"}}).ID)
			found(t, "metadata['burst']:'yes'", reversed(ids)...)
			found(t, "name~'burst'", reversed(ids)...)
		}
	})
}

func TestCustomerSearchIsolation(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	params := func() *stripe.CustomerCreateParams {
		return &stripe.CustomerCreateParams{Name: stripe.String("Shared Name"), Email: stripe.String("shared@example.com"),
			Phone: stripe.String("+1 555 0199"), Metadata: map[string]string{"team": "x"}}
	}
	mine := e.createCustomer(t, params())
	acct := e.srv.NewAccount(t)
	other := e.srv.Client(acct.SecretKey)
	theirs := e.createCustomerWith(t, other, params())
	live := e.srv.Client(liveKey(t, e.srv))
	liveC := e.createCustomerWith(t, live, params())
	queries := []string{
		"email:'shared@example.com'", "email~'shared'", "name:'shared name'", "name~'red na'", "phone~'555 0199'",
		"metadata['team']:'x'", "metadata['nope']:null", "name:null OR -name:null", "created>0", "-email:'nobody@example.com'",
		"metadata['team']:'x' AND email~'shared'",
	}
	for _, q := range queries {
		t.Run(q, func(t *testing.T) {
			for _, tc := range []struct {
				who  string
				sc   *stripe.Client
				want string
			}{{"test mode", e.sc, mine.ID}, {"other account", other, theirs.ID}, {"live mode", live, liveC.ID}} {
				if got := e.search(t, tc.sc, q, 1); !slices.Equal(got, []string{tc.want}) {
					t.Errorf("%s finds %v, want only %s", tc.who, got, tc.want)
				}
			}
		})
	}
	t.Run("live results are live", func(t *testing.T) {
		l := e.searchPage(t, live, &stripe.CustomerSearchParams{SearchParams: stripe.SearchParams{Query: "email:'shared@example.com'"}})
		if d := l.Data(); len(d) != 1 || !d[0].Livemode {
			t.Errorf("live search = %+v", d)
		}
	})
	t.Run("a cursor does not cross accounts", func(t *testing.T) {
		for range 3 {
			e.createCustomer(t, params())
		}
		l := e.searchPage(t, e.sc, &stripe.CustomerSearchParams{SearchParams: stripe.SearchParams{Query: "created>0", Limit: stripe.Int64(1)}})
		next := l.Meta().NextPage
		if next == nil {
			t.Fatal("no next_page")
		}
		// Another account may send the cursor; it only says where to start.
		l = e.searchPage(t, other, &stripe.CustomerSearchParams{SearchParams: stripe.SearchParams{Query: "created>0"}, Page: next})
		for _, c := range l.Data() {
			if c.ID != theirs.ID {
				t.Errorf("other account's page after a foreign cursor holds %s", c.ID)
			}
		}
	})
}

func TestCustomerSearchErrors(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	e.createCustomer(t, &stripe.CustomerCreateParams{Name: stripe.String("Jenny Rosen")})
	query := func(q string) *stripe.CustomerSearchParams {
		return &stripe.CustomerSearchParams{SearchParams: stripe.SearchParams{Query: q}}
	}
	t.Run("missing query", func(t *testing.T) {
		err := e.searchErr(t, &stripe.CustomerSearchParams{})
		e.checkErr(t, err, wantErr{status: 400, code: "parameter_missing", param: "query", msg: "query"})
		e.rawFail(t, wantErr{status: 400, code: "parameter_missing", param: "query", msg: "query"}, "GET", "/v1/customers/search?limit=3", "")
	})
	clauses := func(n int) string {
		return strings.TrimSpace(strings.Repeat("created>1 ", n))
	}
	bad := []struct {
		query string
		pos   int
	}{
		{"", 0},
		{"   ", 0},
		{"name:'jenny", 5},
		{`name:"jenny'`, 5},
		{"nickname:'x'", 0},
		{"email>'x'", 5},
		{"metadata['plan']~'pro'", 16},
		{"created~'123'", 7},
		{"name~'ab'", 5},
		{"name~'Öl'", 5},
		{"name:jenny", 5},
		{"name:'a' AND email:'b' OR phone:'c'", 23},
		{"name:'a' or email:'b' and phone:'c'", 22},
		{"name:'x' AND (email:'y')", 13},
		{"!name:'x'", 0},
		{"metadata[plan]:'x'", 9},
		{"metadata:'x'", 8},
		{"metadata['plan':'x'", 15},
		{"created>abc", 8},
		{"created>'12x'", 8},
		{"created>1.5", 8},
		{"created<-1", 8},
		{"created:null", 8},
		{"email:'a@b.c' AND", 17},
		{"email:'a@b.c' AND AND name:'x'", 18},
		{"-", 1},
		{"name:'x' -", 10},
		{"name 'x'", 5},
		{clauses(11), 100},
		{`name:'trailing\`, 14},
	}
	for _, tc := range bad {
		t.Run("query "+tc.query, func(t *testing.T) {
			if tc.query == "" {
				// stripe-go leaves an empty query out: send it raw. Like
				// every parameter sent empty, it is refused before parsing.
				e.rawFail(t, wantErr{status: 400, code: "parameter_invalid_empty", param: "query"}, "GET", "/v1/customers/search?query=", "")
				return
			}
			err := e.searchErr(t, query(tc.query))
			e.checkErr(t, err, wantErr{status: 400, param: "query", msg: fmt.Sprintf("Invalid query at position %d:", tc.pos)})
		})
	}
	t.Run("query of 10 clauses is fine", func(t *testing.T) {
		if got := e.search(t, e.sc, clauses(10), 10); len(got) != 1 {
			t.Errorf("10 clauses: %v", got)
		}
	})
	t.Run("query too long", func(t *testing.T) {
		q := "name:'" + strings.Repeat("x", 5000) + "'"
		err := e.searchErr(t, query(q))
		e.checkErr(t, err, wantErr{status: 400, param: "query", msg: "5000"})
	})
	t.Run("limit", func(t *testing.T) {
		for _, limit := range []int64{0, 101, -1} {
			p := query("name~'jen'")
			p.Limit = stripe.Int64(limit)
			err := e.searchErr(t, p)
			e.checkErr(t, err, wantErr{status: 400, code: "parameter_invalid_integer", param: "limit", msg: "limit"})
		}
		for _, limit := range []int64{1, 100} {
			p := query("name~'jen'")
			p.Limit = stripe.Int64(limit)
			if l := e.searchPage(t, e.sc, p); len(l.Data()) != 1 {
				t.Errorf("limit %d: %v", limit, l.Data())
			}
		}
	})
	t.Run("page", func(t *testing.T) {
		b64 := base64.RawURLEncoding.EncodeToString
		for _, page := range []string{
			"garbage!!",
			"not a cursor",
			b64([]byte("no colon")),
			b64([]byte("12:")),
			b64([]byte(":cus_123")),
			b64([]byte("1.5:cus_123")),
			b64([]byte("99999999999999999999:cus_123")),
			b64([]byte("12:" + strings.Repeat("x", 256))),
			base64.StdEncoding.EncodeToString([]byte("1700000000000000000:cus_12345678901234")) + "=",
		} {
			p := query("name~'jen'")
			p.Page = stripe.String(page)
			err := e.searchErr(t, p)
			e.checkErr(t, err, wantErr{status: 400, param: "page", msg: "Invalid page"})
		}
	})
	t.Run("starting_after is not a search parameter", func(t *testing.T) {
		e.rawFail(t, wantErr{status: 400, code: "parameter_unknown", param: "starting_after"},
			"GET", "/v1/customers/search?query="+url.QueryEscape("name~'jen'")+"&starting_after=cus_x", "")
	})
}

func TestCustomerSearchExpand(t *testing.T) {
	t.Parallel()
	e := newCustEnv(t)
	var ids []string
	for i := range 5 {
		p := &stripe.CustomerCreateParams{Name: stripe.String(fmt.Sprintf("Expand %d", i))}
		if i%2 == 0 {
			withDefaultCard(p)
		}
		ids = append(ids, e.createCustomer(t, p).ID)
	}
	newest := reversed(ids)
	e.createCustomer(t, &stripe.CustomerCreateParams{Name: stripe.String("Other")})

	t.Run("total_count", func(t *testing.T) {
		p := &stripe.CustomerSearchParams{SearchParams: stripe.SearchParams{Query: "name~'expand'", Limit: stripe.Int64(2)}}
		p.AddExpand("total_count")
		var got []string
		for page := 0; ; page++ {
			l := e.searchPage(t, e.sc, p)
			m := l.Meta()
			if m.TotalCount == nil || *m.TotalCount != 5 {
				t.Errorf("page %d: total_count = %v, want 5 on every page", page, m.TotalCount)
			}
			got = append(got, customerIDs(l.Data())...)
			if !m.HasMore {
				break
			}
			p.Page = m.NextPage
		}
		if !slices.Equal(got, newest) {
			t.Errorf("visited %v, want %v", got, newest)
		}
		p = &stripe.CustomerSearchParams{SearchParams: stripe.SearchParams{Query: "name:'nobody'"}}
		p.AddExpand("total_count")
		l := e.searchPage(t, e.sc, p)
		if m := l.Meta(); m.TotalCount == nil || *m.TotalCount != 0 || len(l.Data()) != 0 || m.HasMore || m.NextPage != nil {
			t.Errorf("empty search: %s", l.LastResponse().RawJSON)
		}
		raw := jsonObject(t, l.LastResponse().RawJSON)
		if d, ok := raw["data"].([]any); !ok || len(d) != 0 {
			t.Errorf("data = %v, want []", raw["data"])
		}
		if v, ok := raw["next_page"]; !ok || v != nil {
			t.Errorf("next_page = %v (present %v), want null", v, ok)
		}
	})
	t.Run("no total_count without expand", func(t *testing.T) {
		l := e.searchPage(t, e.sc, &stripe.CustomerSearchParams{SearchParams: stripe.SearchParams{Query: "name~'expand'"}})
		if _, ok := jsonObject(t, l.LastResponse().RawJSON)["total_count"]; ok {
			t.Errorf("total_count without expand: %s", l.LastResponse().RawJSON)
		}
	})
	t.Run("default payment method", func(t *testing.T) {
		for _, total := range []bool{false, true} {
			p := &stripe.CustomerSearchParams{SearchParams: stripe.SearchParams{Query: "name~'expand'", Limit: stripe.Int64(3)}}
			p.AddExpand("data.invoice_settings.default_payment_method")
			if total {
				p.AddExpand("total_count")
			}
			var got []string
			for page := 0; ; page++ {
				l := e.searchPage(t, e.sc, p)
				raw := jsonObject(t, l.LastResponse().RawJSON)
				data, _ := raw["data"].([]any)
				for i, c := range l.Data() {
					got = append(got, c.ID)
					is := data[i].(map[string]any)["invoice_settings"].(map[string]any)
					pm := c.InvoiceSettings.DefaultPaymentMethod
					switch hasPM := slices.Index(ids, c.ID)%2 == 0; {
					case hasPM && (pm == nil || !strings.HasPrefix(pm.ID, "pm_") || pm.Object != "payment_method" || pm.Card == nil):
						t.Errorf("%s: default_payment_method not expanded: %v", c.ID, is["default_payment_method"])
					case hasPM:
						if _, ok := is["default_payment_method"].(map[string]any); !ok {
							t.Errorf("%s: default_payment_method = %v, want an object", c.ID, is["default_payment_method"])
						}
					case is["default_payment_method"] != nil:
						t.Errorf("%s: default_payment_method = %v, want null", c.ID, is["default_payment_method"])
					}
				}
				if tc := l.Meta().TotalCount; total != (tc != nil) || (tc != nil && *tc != 5) {
					t.Errorf("total_count = %v with expand total_count %v", tc, total)
				}
				if !l.Meta().HasMore {
					break
				}
				p.Page = l.Meta().NextPage
			}
			if !slices.Equal(got, newest) {
				t.Errorf("visited %v, want %v", got, newest)
			}
		}
	})
	t.Run("not expandable", func(t *testing.T) {
		for _, path := range []string{"data.nope", "total", "data"} {
			p := &stripe.CustomerSearchParams{SearchParams: stripe.SearchParams{Query: "name~'expand'"}}
			p.AddExpand(path)
			err := e.searchErr(t, p)
			e.checkErr(t, err, wantErr{status: 400, param: "expand", msg: ""})
		}
	})
}

// TestCustomerSearchDifferential compares the API's answers with a brute
// force filter in Go over random customers and random queries: the same
// customers, in the same order (created desc, id desc), each page visited
// once, the same total_count. The seed is logged; REMIT_SEARCH_SEED replays
// one, REMIT_SEARCH_QUERIES changes how many queries run.
func TestCustomerSearchDifferential(t *testing.T) {
	t.Parallel()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("REMIT_SEARCH_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("REMIT_SEARCH_SEED: %v", err)
		}
		seed = v
	}
	nQueries := 400
	if s := os.Getenv("REMIT_SEARCH_QUERIES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("REMIT_SEARCH_QUERIES: %v", err)
		}
		nQueries = n
	}
	t.Logf("seed %d (replay with REMIT_SEARCH_SEED=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	start := time.Now()
	e := newCustEnv(t)
	g := newSearchGen(rng)
	customers := g.populate(t, e.srv)
	t.Logf("%d live customers (of %d created) in %v", len(customers), g.created, time.Since(start))

	failures, pages := 0, 0
	for i := range nQueries {
		q := g.query(customers)
		var want []string
		for _, c := range customers { // already newest first
			if q.match(c) {
				want = append(want, c.ID)
			}
		}
		limit := g.limit(len(want))
		total := rng.IntN(2) == 0
		got, n, problems := e.searchPages(t, q.text, limit, total, len(want))
		pages += n
		if !slices.Equal(got, want) {
			problems = append(problems, fmt.Sprintf("found %d customers, want %d; missing %v, extra %v", len(got), len(want),
				searchSubtract(want, got), searchSubtract(got, want)))
			if len(got) == len(want) {
				problems = append(problems, "same customers in another order")
			}
		}
		if len(problems) > 0 {
			failures++
			t.Errorf("query %d: %s (limit %d, seed %d)\n  %s", i, q.text, limit, seed, strings.Join(problems, "\n  "))
			if failures >= 10 {
				t.Fatalf("stopping after %d failing queries", failures)
			}
		}
	}
	t.Logf("%d queries, %d pages, %d matches on average; %v in all", nQueries, pages, g.matches/max(nQueries, 1), time.Since(start))
}

// searchPages fetches every page of a query through the page parameter and
// returns the ids, the number of pages and what was wrong with them.
func (e *custEnv) searchPages(t *testing.T, query string, limit int64, total bool, want int) ([]string, int, []string) {
	t.Helper()
	var ids, problems []string
	seen := map[string]bool{}
	p := &stripe.CustomerSearchParams{SearchParams: stripe.SearchParams{Query: query, Limit: stripe.Int64(limit)}}
	if total {
		p.AddExpand("total_count")
	}
	maxPages := want/int(limit) + 2
	for page := 1; ; page++ {
		p.Single = true
		l := e.sc.V1Customers.Search(e.ctx, p)
		if err := l.Err(); err != nil {
			return ids, page, append(problems, fmt.Sprintf("page %d: %v", page, err))
		}
		if page == 1 {
			e.spec.CheckSearchResult(t, "customer", l.LastResponse().RawJSON)
		}
		m := l.Meta()
		for _, c := range l.Data() {
			if seen[c.ID] {
				problems = append(problems, fmt.Sprintf("page %d: %s again", page, c.ID))
			}
			seen[c.ID] = true
			ids = append(ids, c.ID)
		}
		switch tc := m.TotalCount; {
		case total && (tc == nil || int(*tc) != want):
			problems = append(problems, fmt.Sprintf("page %d: total_count %v, want %d", page, tc, want))
		case !total && tc != nil:
			problems = append(problems, fmt.Sprintf("page %d: total_count %d without expand", page, *tc))
		}
		if n := len(l.Data()); n > int(limit) || (m.HasMore && n != int(limit)) {
			problems = append(problems, fmt.Sprintf("page %d: %d customers with limit %d and has_more %v", page, n, limit, m.HasMore))
		}
		if m.HasMore != (m.NextPage != nil) {
			problems = append(problems, fmt.Sprintf("page %d: has_more %v with next_page %v", page, m.HasMore, m.NextPage))
		}
		if !m.HasMore || m.NextPage == nil {
			return ids, page, problems
		}
		if page >= maxPages {
			return ids, page, append(problems, fmt.Sprintf("still has_more after %d pages", page))
		}
		p.Page = m.NextPage
	}
}

func searchSubtract(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	if len(out) > 10 {
		out = append(out[:10], "...")
	}
	return out
}

// searchGen makes random customers and random queries that match some of
// them: small vocabularies, so that values repeat and substrings hit.
type searchGen struct {
	rng     *rand.Rand
	created int
	matches int
}

func newSearchGen(rng *rand.Rand) *searchGen { return &searchGen{rng: rng} }

const searchT0 = 1_700_000_000

var (
	searchNames = []string{"Jenny Rosen", "jenny rosen", "JENNY ROSEN", "Jenkins", "Jenny Jenkins", "Ölaf Öst", "ÖLAF ÖST", "Zoë O'Brien",
		"Renée Müller", "Li Wei", "Al", `Back\slash "Quote"`, "100% Pure_Name", "  Spaced  Out "}
	searchEmails = []string{"jenny.rosen@example.com", "Jenny.Rosen@Example.COM", "jenkins@example.org", "JENKINS@EXAMPLE.ORG",
		"olaf@beispiel.de", "zoe.o'brien@example.ie", "li@wei.cn", "a@b.co", "Renée@Müller.de"}
	searchPhones  = []string{"+1 555 0100", "+15550100", "+44 20 7946 0958", "(555) 010-0199", "555-0100", "+49 30 123456"}
	searchKeys    = []string{"plan", "tier", "Plan", "region"}
	searchValues  = []string{"pro", "Pro", "free", "gold", "eu-west", "us", "it's"}
	searchPattern = []string{"jen", "ROS", "öst", "exa", "555", "xyz", "o'b", "e.c", "@ex", "0100", "%_%", "0% ", "e_n", "  o"}
)

func (g *searchGen) pick(vals []string) string { return vals[g.rng.IntN(len(vals))] }

// maybe returns one of vals, or "" (absent) with probability pNull.
func (g *searchGen) maybe(vals []string, pNull float64) string {
	if g.rng.Float64() < pNull {
		return ""
	}
	return g.pick(vals)
}

// populate creates the customers, updates and deletes some, and adds noise
// in another account and in live mode. It returns the live customers of
// the test mode of the default account, newest first.
func (g *searchGen) populate(t *testing.T, srv *remittest.Server) []*remit.Customer {
	t.Helper()
	other := srv.NewAccount(t)
	live := remit.Scope{Account: srv.Scope.Account, Livemode: true}
	var instants []time.Time
	now := func() time.Time {
		// Within five seconds, often in a shared second, sometimes at the
		// very same instant as an earlier customer.
		if len(instants) > 0 && g.rng.IntN(10) == 0 {
			return instants[g.rng.IntN(len(instants))]
		}
		ts := time.Unix(searchT0+int64(g.rng.IntN(5)), int64(g.rng.IntN(4))*250_000_000+int64(g.rng.IntN(3)))
		instants = append(instants, ts)
		return ts
	}
	fieldParam := func(v string) remit.Emptyable[string] {
		if v == "" {
			return remit.Emptyable[string]{}
		}
		return searchSet(v)
	}
	randomParams := func() remit.CustomerParams {
		p := remit.CustomerParams{
			Name:  fieldParam(g.maybe(searchNames, 0.2)),
			Email: fieldParam(g.maybe(searchEmails, 0.25)),
			Phone: fieldParam(g.maybe(searchPhones, 0.4)),
		}
		if n := g.rng.IntN(4); n > 0 {
			md := map[string]string{}
			for range n {
				md[g.pick(searchKeys)] = g.pick(searchValues)
			}
			p.Metadata = searchMetadata(md)
		}
		return p
	}
	alive := map[string]*remit.Customer{}
	var ids []string
	seedStore(t, srv, func(ctx context.Context, tx remit.Tx, svc *remit.Service) error {
		for range 300 {
			ts := now()
			svc.Now = func() time.Time { return ts }
			c, err := svc.CreateCustomer(ctx, tx, srv.Scope, &remit.CustomerCreateParams{CustomerParams: randomParams()})
			if err != nil {
				return err
			}
			g.created++
			alive[c.ID] = c
			ids = append(ids, c.ID)
		}
		// Noise that must never be found.
		for _, s := range []remit.Scope{{Account: other.ID}, live} {
			for range 20 {
				ts := now()
				svc.Now = func() time.Time { return ts }
				if _, err := svc.CreateCustomer(ctx, tx, s, &remit.CustomerCreateParams{CustomerParams: randomParams()}); err != nil {
					return err
				}
			}
		}
		// Updates: fields set, changed or cleared; metadata merged or removed.
		for range 60 {
			id := ids[g.rng.IntN(len(ids))]
			var p remit.CustomerParams
			clear := remit.Emptyable[string]{Set: true, Empty: true}
			for _, f := range []struct {
				param *remit.Emptyable[string]
				vocab []string
			}{{&p.Name, searchNames}, {&p.Email, searchEmails}, {&p.Phone, searchPhones}} {
				switch g.rng.IntN(4) {
				case 0:
					*f.param = clear
				case 1:
					*f.param = searchSet(g.pick(f.vocab))
				}
			}
			switch g.rng.IntN(4) {
			case 0:
				p.Metadata = remit.Metadata{Set: true, Empty: true}
			case 1, 2:
				md := map[string]string{}
				for range 1 + g.rng.IntN(2) {
					v := g.pick(searchValues)
					if g.rng.IntN(2) == 0 {
						v = "" // removes the key
					}
					md[g.pick(searchKeys)] = v
				}
				p.Metadata = searchMetadata(md)
			}
			c, err := svc.UpdateCustomer(ctx, tx, srv.Scope, id, &p)
			if err != nil {
				return err
			}
			alive[id] = c
		}
		// Deletions.
		for range 30 {
			id := ids[g.rng.IntN(len(ids))]
			if alive[id] == nil {
				continue
			}
			if _, err := svc.DeleteCustomer(ctx, tx, srv.Scope, id); err != nil {
				return err
			}
			delete(alive, id)
		}
		return nil
	})
	var out []*remit.Customer
	for _, c := range alive {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *remit.Customer) int {
		if a.CreatedNano != b.CreatedNano {
			return -cmp.Compare(a.CreatedNano, b.CreatedNano)
		}
		return -strings.Compare(a.ID, b.ID)
	})
	return out
}

// limit picks a page size: mostly small, so that queries take several
// pages, but never so small that a query takes more than 40.
func (g *searchGen) limit(matches int) int64 {
	g.matches += matches
	var l int
	switch r := g.rng.IntN(10); {
	case r < 5:
		l = 1 + g.rng.IntN(10)
	case r < 8:
		l = 1 + g.rng.IntN(40)
	default:
		l = 1 + g.rng.IntN(100)
	}
	return int64(max(l, (matches+39)/40))
}

// genQuery is a query's text and the brute-force predicate it means.
type genQuery struct {
	text  string
	match func(*remit.Customer) bool
}

func (g *searchGen) query(customers []*remit.Customer) genQuery {
	n := 1 + g.rng.IntN(4)
	or := n > 1 && g.rng.IntN(3) == 0
	var texts []string
	var preds []func(*remit.Customer) bool
	for range n {
		text, pred := g.clause(customers)
		if g.rng.IntN(4) == 0 {
			text = "-" + text
			p := pred
			pred = func(c *remit.Customer) bool { return !p(c) }
		}
		texts = append(texts, text)
		preds = append(preds, pred)
	}
	var b strings.Builder
	for i, text := range texts {
		if i > 0 {
			switch {
			case or:
				b.WriteString(g.pick([]string{" OR ", " or ", "  OR\t", " Or "}))
			default:
				b.WriteString(g.pick([]string{" AND ", " and ", " ", "\n", " And "}))
			}
		}
		b.WriteString(text)
	}
	return genQuery{text: b.String(), match: func(c *remit.Customer) bool {
		for _, p := range preds {
			if p(c) == or {
				return or
			}
		}
		return !or
	}}
}

// clause makes one clause (without negation) and its predicate.
func (g *searchGen) clause(customers []*remit.Customer) (string, func(*remit.Customer) bool) {
	switch r := g.rng.IntN(10); {
	case r < 2:
		return g.createdClause()
	case r < 4:
		return g.metadataClause(customers)
	}
	field := g.pick([]string{"email", "name", "phone"})
	get := map[string]func(*remit.Customer) *string{
		"email": func(c *remit.Customer) *string { return c.Email },
		"name":  func(c *remit.Customer) *string { return c.Name },
		"phone": func(c *remit.Customer) *string { return c.Phone },
	}[field]
	vocab := map[string][]string{"email": searchEmails, "name": searchNames, "phone": searchPhones}[field]
	// A value of the field from a random customer, or from the vocabulary.
	source := func() string {
		for range 5 {
			if c := customers[g.rng.IntN(len(customers))]; get(c) != nil {
				return *get(c)
			}
		}
		return g.pick(vocab)
	}
	switch r := g.rng.IntN(10); {
	case r < 2:
		return field + ":null", func(c *remit.Customer) bool { return get(c) == nil }
	case r < 5:
		v := g.randomCase(source())
		if g.rng.IntN(10) == 0 {
			v = string([]rune(v)[:utf8.RuneCountInString(v)/2]) // a prefix is not an exact match
		}
		return field + ":" + g.quote(v), func(c *remit.Customer) bool {
			return get(c) != nil && strings.ToLower(*get(c)) == strings.ToLower(v)
		}
	}
	var sub string
	if g.rng.IntN(8) == 0 {
		sub = g.pick(searchPattern)
	} else {
		for sub == "" {
			runes := []rune(source())
			if len(runes) < 3 {
				runes = []rune(g.pick(vocab))
				if len(runes) < 3 {
					continue
				}
			}
			k := 3 + g.rng.IntN(len(runes)-2)
			i := g.rng.IntN(len(runes) - k + 1)
			sub = string(runes[i : i+k])
		}
	}
	sub = g.randomCase(sub)
	return field + "~" + g.quote(sub), func(c *remit.Customer) bool {
		return get(c) != nil && strings.Contains(strings.ToLower(*get(c)), strings.ToLower(sub))
	}
}

func (g *searchGen) metadataClause(customers []*remit.Customer) (string, func(*remit.Customer) bool) {
	key := g.pick(searchKeys)
	if g.rng.IntN(10) == 0 {
		key = "missing"
	}
	field := "metadata[" + g.quote(key) + "]"
	if g.rng.IntN(3) == 0 {
		return field + ":null", func(c *remit.Customer) bool { _, ok := c.Metadata[key]; return !ok }
	}
	v := g.pick(searchValues)
	if g.rng.IntN(2) == 0 { // a value that some customer has for the key
		for range 5 {
			if cv, ok := customers[g.rng.IntN(len(customers))].Metadata[key]; ok {
				v = cv
				break
			}
		}
	}
	return field + ":" + g.quote(v), func(c *remit.Customer) bool { cv, ok := c.Metadata[key]; return ok && cv == v }
}

func (g *searchGen) createdClause() (string, func(*remit.Customer) bool) {
	n := int64(searchT0 - 1 + g.rng.IntN(7))
	op := g.pick([]string{":", "=", ">", "<", ">=", "<="})
	v := strconv.FormatInt(n, 10)
	if g.rng.IntN(5) == 0 {
		v = g.quote(v)
	}
	return "created" + op + v, func(c *remit.Customer) bool {
		switch op {
		case ">":
			return c.Created > n
		case "<":
			return c.Created < n
		case ">=":
			return c.Created >= n
		case "<=":
			return c.Created <= n
		}
		return c.Created == n
	}
}

// quote quotes v with single or double quotes, escaping as the language
// requires.
func (g *searchGen) quote(v string) string {
	q := g.pick([]string{"'", `"`})
	v = strings.ReplaceAll(v, `\`, `\\`)
	return q + strings.ReplaceAll(v, q, `\`+q) + q
}

// randomCase changes the case of some letters, only where the change keeps
// the same lower case (so that the brute force's notion of "the same
// letters" is unambiguous).
func (g *searchGen) randomCase(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch g.rng.IntN(3) {
		case 0:
			if u := unicode.ToUpper(r); unicode.ToLower(u) == unicode.ToLower(r) {
				r = u
			}
		case 1:
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
