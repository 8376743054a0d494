package sqlstore

import (
	"context"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"remit"
	"remit/internal/pgtest"
	"remit/search"
)

// The pool_max_conns parameter of postgres:// URLs: parsing, and the pool
// that Open makes of it.

func TestPostgresPoolSizeParam(t *testing.T) {
	def := 4 * runtime.GOMAXPROCS(0)
	for _, tc := range []struct {
		dsn, want string
		n         int
	}{
		// Without the parameter, the URL is untouched and the default holds.
		{"postgres://u@h/db", "postgres://u@h/db", def},
		{"postgres://u:p%40ss@h:5432/db?sslmode=disable", "postgres://u:p%40ss@h:5432/db?sslmode=disable", def},
		// With it, it is taken out; the other parameters stay.
		{"postgres://u@h/db?pool_max_conns=16", "postgres://u@h/db", 16},
		{"postgresql://u:p%40ss@h:5432/db?sslmode=disable&pool_max_conns=1&application_name=remit",
			"postgresql://u:p%40ss@h:5432/db?application_name=remit&sslmode=disable", 1},
		{"postgres://u@h1:5432,h2:5433/db?pool_max_conns=1000", "postgres://u@h1:5432,h2:5433/db", 1000},
	} {
		got, n, err := postgresPoolSize(tc.dsn)
		if err != nil || got != tc.want || n != tc.n {
			t.Errorf("postgresPoolSize(%q) = %q, %d, %v; want %q, %d, nil", tc.dsn, got, n, err, tc.want, tc.n)
		}
	}
	for _, v := range []string{"0", "-1", "abc", "100000", "1001", "", "1.5", "16x"} {
		dsn := "postgres://u@h/db?sslmode=disable&pool_max_conns=" + url.QueryEscape(v)
		_, _, err := postgresPoolSize(dsn)
		if err == nil || !strings.Contains(err.Error(), "pool_max_conns") || !strings.Contains(err.Error(), `"`+v+`"`) {
			t.Errorf("postgresPoolSize(%q): error %v, want one naming pool_max_conns and %q", dsn, err, v)
		}
	}
	if _, _, err := postgresPoolSize("postgres://u@h/db?pool_max_conns=4&pool_max_conns=8"); err == nil || !strings.Contains(err.Error(), "pool_max_conns") {
		t.Errorf("pool_max_conns given twice: error %v", err)
	}
}

// An invalid pool_max_conns fails Open before it connects: no PostgreSQL
// is needed (nothing listens on port 1).
func TestOpenPostgresInvalidPoolMaxConns(t *testing.T) {
	for _, v := range []string{"0", "-1", "abc", "100000"} {
		s, err := Open("postgres://postgres@127.0.0.1:1/remit?sslmode=disable&pool_max_conns="+v, Options{})
		if err == nil {
			s.Close()
			t.Errorf("pool_max_conns=%s: Open succeeded", v)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "pool_max_conns must be an integer from 1 to 1000") || !strings.Contains(msg, `"`+v+`"`) {
			t.Errorf("pool_max_conns=%s: error %q does not name the parameter, the range and the value", v, msg)
		}
	}
}

// withPoolMaxConns returns dsn with pool_max_conns=v added to its query.
func withPoolMaxConns(t *testing.T, dsn, v string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set(poolMaxConnsParam, v)
	u.RawQuery = q.Encode()
	return u.String()
}

func TestPostgresPoolMaxConns(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	open := func(t *testing.T, dsn string) *Store {
		t.Helper()
		s, err := Open(dsn, Options{})
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}

	t.Run("default", func(t *testing.T) {
		s := open(t, dsn)
		if got, want := s.write.Stats().MaxOpenConnections, 4*runtime.GOMAXPROCS(0); got != want {
			t.Errorf("MaxOpenConnections = %d, want 4 × GOMAXPROCS = %d", got, want)
		}
	})

	// PostgreSQL would refuse a connection that sent pool_max_conns as a
	// run-time parameter, so Open succeeding shows that it was taken out.
	t.Run("16", func(t *testing.T) {
		s := open(t, withPoolMaxConns(t, dsn, "16"))
		if got := s.write.Stats().MaxOpenConnections; got != 16 {
			t.Errorf("MaxOpenConnections = %d, want 16", got)
		}
	})

	// One connection is enough: no Update or View needs a second one
	// while it holds the first (a deadlock would hit the timeout).
	t.Run("1", func(t *testing.T) {
		s := open(t, withPoolMaxConns(t, dsn, "1"))
		if got := s.write.Stats().MaxOpenConnections; got != 1 {
			t.Fatalf("MaxOpenConnections = %d, want 1", got)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		svc := remit.NewService()
		acct, _, err := svc.Bootstrap(ctx, s, "")
		if err != nil {
			t.Fatal(err)
		}
		scope := remit.Scope{Account: acct.ID}
		var id string
		err = s.Update(ctx, func(tx remit.Tx) error {
			c, err := svc.CreateCustomer(ctx, tx, scope, &remit.CustomerCreateParams{CustomerParams: remit.CustomerParams{
				Name: remit.Emptyable[string]{Set: true, Value: "Pool Of One"},
			}})
			if c != nil {
				id = c.ID
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		q, err := search.Parse("name~'of one'", remit.CustomerSearchFields)
		if err != nil {
			t.Fatal(err)
		}
		err = s.View(ctx, func(tx remit.Tx) error {
			res, err := tx.SearchCustomers(ctx, scope, remit.CustomerSearch{Query: q, Limit: 10, Total: true})
			if err != nil {
				return err
			}
			if len(res.Customers) != 1 || res.Customers[0].ID != id {
				t.Errorf("search found %d customers, want %s", len(res.Customers), id)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if open := s.write.Stats().OpenConnections; open > 1 {
			t.Errorf("%d connections open, want at most 1", open)
		}
	})
}
