package sqlstore

import (
	"context"
	"testing"

	"remit/internal/pgtest"
)

func TestRebindPostgres(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`SELECT a FROM t WHERE x = ? AND y IN (?, ?) LIMIT ?`, `SELECT a FROM t WHERE x = $1 AND y IN ($2, $3) LIMIT $4`},
		{`SELECT data FROM customers c WHERE c.deleted = 0 AND c.id = ?`, `SELECT data FROM customers c WHERE c.deleted = FALSE AND c.id = $1`},
		{`UPDATE promotion_codes SET active = 0 WHERE coupon_id = ? AND active = 1`, `UPDATE promotion_codes SET active = FALSE WHERE coupon_id = $1 AND active = TRUE`},
	} {
		if got := rebindPostgres(tc.in); got != tc.want {
			t.Errorf("rebindPostgres(%q) = %q, want %q", tc.in, got, tc.want)
		}
		// The cached form is the same.
		if got := rebindPostgres(tc.in); got != tc.want {
			t.Errorf("rebindPostgres(%q) again = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLikeContains(t *testing.T) {
	for in, want := range map[string]string{
		"jenny":  "%jenny%",
		"100%":   `%100\%%`,
		"a_b":    `%a\_b%`,
		`c:\dir`: `%c:\\dir%`,
	} {
		if got := likeContains(in); got != want {
			t.Errorf("likeContains(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPostgresStatics prepares every static query, in its PostgreSQL form,
// on a migrated PostgreSQL database: the SQL that only some API paths run
// is checked against the schema too.
func TestPostgresStatics(t *testing.T) {
	t.Parallel()
	s, err := Open(pgtest.NewDatabase(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if len(statics) < 20 {
		t.Fatalf("only %d static queries registered", len(statics))
	}
	for q := range statics {
		if q == sqlSelectCustomerRow || q == sqlInsertTrigrams || q == sqlDeleteTrigrams {
			continue // SQLite only: rowid and the FTS4 trigram documents
		}
		st, err := s.write.PrepareContext(context.Background(), s.d.rebind(q))
		if err != nil {
			t.Errorf("prepare %q: %v", s.d.rebind(q), err)
			continue
		}
		st.Close()
	}
	st, err := s.write.PrepareContext(context.Background(), s.d.rebind(sqlSelectCustomerRowPostgres))
	if err != nil {
		t.Errorf("prepare %q: %v", sqlSelectCustomerRowPostgres, err)
	} else {
		st.Close()
	}
}
