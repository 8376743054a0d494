package main_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"syscall"
	"testing"

	"remit/internal/pgtest"
)

// The commands that take --db, on PostgreSQL: remit accounts create and
// remit bench --seed (remit serve has replica_test.go). Each test gets a
// fresh database from pgtest: skipped without PostgreSQL, failed under
// CI=true.

// remit accounts create migrates a fresh PostgreSQL database by itself;
// the keys it prints authenticate on a remit serve of that database, each
// for its own account only, and an account created while the server runs
// works at once.
func TestAccountsCreateOnPostgres(t *testing.T) {
	db := pgtest.NewDatabase(t)
	first := accountsCreate(t, db)
	second := accountsCreate(t, db)
	if first.ID == second.ID || first.SecretKey == second.SecretKey {
		t.Fatalf("two runs created the same account or key: %+v %+v", first, second)
	}

	// The first account is the oldest: the server adopts it as its
	// default account and creates no other, so it prints no key.
	s := startServer(t, db, nil)
	if out := s.stdout.String(); strings.Contains(out, "sk_test_") || strings.Contains(out, "pk_test_") {
		t.Errorf("remit serve printed a key although accounts existed:\n%s", out)
	}
	if !strings.Contains(s.stderr.String(), `"account":"`+first.ID+`"`) {
		t.Errorf("remit serve's default account is not %s (the oldest):\n%s", first.ID, s.stderr)
	}

	third := accountsCreate(t, db) // while serving
	accts := []newAccount{first, second, third}
	ids := make([]string, len(accts))
	for i, a := range accts {
		wantStatus(t, s.do(t, a.SecretKey, "GET", "/v1/customers", ""), 200)
		c := s.do(t, a.SecretKey, "POST", "/v1/customers", "name=Tenant+"+a.ID)
		wantStatus(t, c, 200)
		ids[i] = jsonID(t, c.body)
		// Publishable keys cannot read customers.
		wantStatus(t, s.do(t, a.PublishableKey, "GET", "/v1/customers", ""), 401)
	}
	// Each key sees its own account's customer and no other.
	for i, a := range accts {
		for j, id := range ids {
			want := 404
			if i == j {
				want = 200
			}
			wantStatus(t, s.do(t, a.SecretKey, "GET", "/v1/customers/"+id, ""), want)
		}
		list := s.do(t, a.SecretKey, "GET", "/v1/customers", "")
		wantStatus(t, list, 200)
		if n := bytes.Count(list.body, []byte(`"object":"customer"`)); n != 1 {
			t.Errorf("account %s lists %d customers, want its own 1: %s", a.ID, n, list.body)
		}
	}
	wantStatus(t, s.do(t, "sk_test_notakey0123456789", "GET", "/v1/customers", ""), 401)
	if code := s.stop(t, syscall.SIGTERM); code != 0 {
		t.Fatalf("exit code %d\nstderr:\n%s", code, s.stderr)
	}
}

// remit bench --seed stores its customers in a PostgreSQL database too; a
// server of that database finds them by search, and the seeded ops of
// remit bench find every customer they look for.
func TestSeedOnPostgres(t *testing.T) {
	const seeded = 2000
	db := pgtest.NewDatabase(t)
	code, stdout, stderr := runRemit(t, "bench", "--seed", "2000", "--seed-batch", "500", "--db", db, "--api-key", fixedKey, "--json")
	if code != 0 {
		t.Fatalf("seed: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	var res struct {
		Customers int    `json:"customers"`
		Account   string `json:"account"`
		Livemode  bool   `json:"livemode"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("seed --json: %v\n%s", err, stdout)
	}
	if res.Customers != seeded || !strings.HasPrefix(res.Account, "acct_") || res.Livemode {
		t.Errorf("seed result %s", stdout)
	}
	if !strings.Contains(stderr, "seeded 500/2,000 (25%)") || !strings.Contains(stderr, "seeded 2,000/2,000 (100%)") {
		t.Errorf("seed progress:\n%s", stderr)
	}
	// A second seeding of the same database would repeat the numbers.
	if code, _, stderr := runRemit(t, "bench", "--seed", "10", "--db", db, "--api-key", fixedKey); code == 0 || !strings.Contains(stderr, "already holds seeded customers") {
		t.Errorf("reseeding: exit %d, stderr:\n%s", code, stderr)
	}

	s := startServer(t, db, nil, "--api-key", fixedKey)
	if !strings.Contains(s.stderr.String(), `"account":"`+res.Account+`"`) {
		t.Errorf("the server's default account is not the seeded %s:\n%s", res.Account, s.stderr)
	}
	type page struct {
		Data []struct {
			ID, Email, Name, Phone, Description string
			Metadata                            map[string]string
		}
		TotalCount *int64 `json:"total_count"`
	}
	searchFor := func(query string) page {
		t.Helper()
		a := s.do(t, fixedKey, "GET", "/v1/customers/search?limit=100&expand[]=total_count&query="+url.QueryEscape(query), "")
		wantStatus(t, a, 200)
		var p page
		if err := json.Unmarshal(a.body, &p); err != nil || p.TotalCount == nil {
			t.Fatalf("search %s: %v %s", query, err, a.body)
		}
		return p
	}
	// All 2,000 are stored, and only they.
	if p := searchFor("metadata['source']:'remit-seed'"); *p.TotalCount != seeded || len(p.Data) != 100 {
		t.Errorf("metadata search: total_count %d, %d on the page; want %d, 100", *p.TotalCount, len(p.Data), seeded)
	}
	if p := searchFor("-metadata['source']:'remit-seed'"); *p.TotalCount != 0 {
		t.Errorf("customers that were not seeded: %d", *p.TotalCount)
	}
	// One of them, by exact email and by name substring (trigram index).
	p := searchFor("email:'seed-1234@example.com'")
	if len(p.Data) != 1 {
		t.Fatalf("search seed-1234: %d customers", len(p.Data))
	}
	c := p.Data[0]
	if c.Name != "Seed Customer 1234" || c.Phone != "+15550001234" || c.Metadata["order"] != "1234" || c.Metadata["source"] != "remit-seed" || c.Description == "" {
		t.Errorf("seeded customer 1234: %+v", c)
	}
	if p := searchFor("name~'customer 1234'"); len(p.Data) != 1 || p.Data[0].ID != c.ID {
		t.Errorf("name~'customer 1234' found %+v, want only %s", p.Data, c.ID)
	}
	// The newest customer is number 2,000.
	a := s.do(t, fixedKey, "GET", "/v1/customers?limit=1", "")
	wantStatus(t, a, 200)
	if !bytes.Contains(a.body, []byte(`"email":"seed-2000@example.com"`)) {
		t.Errorf("newest customer: %s", a.body)
	}

	wantSeededOpsRun(t, s.url, 2000)
	if code := s.stop(t, syscall.SIGTERM); code != 0 {
		t.Fatalf("exit code %d\nstderr:\n%s", code, s.stderr)
	}
}

// An invalid pool_max_conns in a postgres:// URL stops remit serve and
// remit accounts create with an error naming it, before they connect: no
// PostgreSQL is needed.
func TestInvalidPoolMaxConns(t *testing.T) {
	for _, v := range []string{"0", "-1", "abc", "100000"} {
		// Nothing listens on port 1: the value is refused before connecting.
		bad := "postgres://postgres@127.0.0.1:1/remit?sslmode=disable&pool_max_conns=" + v
		s := startProcess(t, bad, nil, "--api-key", fixedKey)
		if code := s.wait(t); code != 1 {
			t.Errorf("serve with pool_max_conns=%s: exit code %d, want 1", v, code)
		}
		if want := `remit: sqlstore: postgres URL: pool_max_conns must be an integer from 1 to 1000, not "` + v + `"`; !strings.Contains(s.stderr.String(), want) {
			t.Errorf("serve with pool_max_conns=%s: stderr does not say %q:\n%s", v, want, s.stderr)
		}
		if code, _, stderr := runRemit(t, "accounts", "create", "--db", bad); code != 1 || !strings.Contains(stderr, "pool_max_conns") {
			t.Errorf("accounts create with pool_max_conns=%s: exit %d\n%s", v, code, stderr)
		}
	}
}

// pool_max_conns in a postgres:// URL sizes the connection pool; remit
// takes it out of the URL before connecting (PostgreSQL would refuse it as
// a run-time parameter), so both commands work with it.
func TestPoolMaxConnsOnPostgres(t *testing.T) {
	u, err := url.Parse(pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("pool_max_conns", "2")
	u.RawQuery = q.Encode()
	db := u.String()
	acct := accountsCreate(t, db)
	s := startServer(t, db, nil)
	wantStatus(t, s.do(t, acct.SecretKey, "POST", "/v1/customers", "name=Pooled"), 200)
	wantStatus(t, s.do(t, acct.SecretKey, "GET", "/v1/customers/search?query="+url.QueryEscape("name~'pooled'"), ""), 200)
	if code := s.stop(t, syscall.SIGTERM); code != 0 {
		t.Fatalf("exit code %d\nstderr:\n%s", code, s.stderr)
	}
}
