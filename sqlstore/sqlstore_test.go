package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"remit"
	"remit/sqlstore"
	"remit/storetest"
)

var ctx = context.Background()

func openStore(t *testing.T, path string, opts sqlstore.Options) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(path, opts)
	if err != nil {
		t.Fatalf("Open(%s, %+v): %v", path, opts, err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) remit.Store {
		return openStore(t, filepath.Join(t.TempDir(), "remit.db"), sqlstore.Options{})
	})
}

// rawDB opens the file directly, bypassing the store.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestReopenKeepsDataAndMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "remit.db")
	scope := remit.Scope{Account: "acct_reopen"}
	name := "Jenny Rosen"
	c := &remit.Customer{ID: "cus_reopen", Object: "customer", Created: 1_700_000_000, CreatedNano: 1_700_000_000_123_456_789,
		Metadata: map[string]string{"k": "v"}, Name: &name, PreferredLocales: []string{}, TaxExempt: "none", NextInvoiceSequence: 1}

	s := openStore(t, path, sqlstore.Options{})
	err := s.Update(ctx, func(tx remit.Tx) error {
		if err := tx.CreateAccount(ctx, remit.Account{ID: scope.Account, Created: time.Unix(1_700_000_000, 0)}); err != nil {
			return err
		}
		return tx.InsertCustomer(ctx, scope, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	entries, err := os.ReadDir("migrations/sqlite")
	if err != nil {
		t.Fatal(err)
	}
	versions := func() (n int) {
		t.Helper()
		if err := rawDB(t, path).QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got := versions(); got != len(entries) {
		t.Fatalf("schema_migrations has %d rows after first Open, want %d", got, len(entries))
	}

	// Migrations create their tables without IF NOT EXISTS, so reopening
	// fails if any of them runs again.
	for i := range 2 {
		s := openStore(t, path, sqlstore.Options{})
		err := s.View(ctx, func(tx remit.Tx) error {
			got, err := tx.FindCustomer(ctx, scope, c.ID)
			if err != nil {
				return err
			}
			if got.Name == nil || *got.Name != name || got.CreatedNano != c.CreatedNano || got.Metadata["k"] != "v" {
				t.Errorf("reopen %d: customer %+v", i, got)
			}
			a, err := tx.DefaultAccount(ctx)
			if err != nil {
				return err
			}
			if a.ID != scope.Account {
				t.Errorf("reopen %d: default account %s", i, a.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		if err := s.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if got := versions(); got != len(entries) {
			t.Fatalf("schema_migrations has %d rows after reopen %d, want %d", got, i, len(entries))
		}
	}
}

func TestOptions(t *testing.T) {
	for _, tc := range []struct {
		sync, want string
	}{
		{"", "1"}, {"normal", "1"}, {"full", "2"}, {"FULL", "2"}, {"Normal", "1"},
	} {
		t.Run("synchronous="+tc.sync, func(t *testing.T) {
			s := openStore(t, filepath.Join(t.TempDir(), "remit.db"), sqlstore.Options{Synchronous: tc.sync})
			defer s.Close()
			for pragma, want := range map[string]string{"synchronous": tc.want, "journal_mode": "wal", "foreign_keys": "1", "temp_store": "2"} {
				got, err := sqlstore.WritePragma(s, pragma)
				if err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("PRAGMA %s = %s, want %s", pragma, got, want)
				}
			}
			scope := remit.Scope{Account: "acct_opts"}
			err := s.Update(ctx, func(tx remit.Tx) error {
				return tx.InsertCustomer(ctx, scope, &remit.Customer{ID: "cus_opts", Object: "customer", CreatedNano: 1})
			})
			if err != nil {
				t.Fatal(err)
			}
			err = s.View(ctx, func(tx remit.Tx) error {
				_, err := tx.FindCustomer(ctx, scope, "cus_opts")
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
	for _, bad := range []string{"bogus", "off", "extra", "2"} {
		t.Run("synchronous="+bad, func(t *testing.T) {
			s, err := sqlstore.Open(filepath.Join(t.TempDir(), "remit.db"), sqlstore.Options{Synchronous: bad})
			if err == nil {
				s.Close()
				t.Fatalf("Open with synchronous %q succeeded", bad)
			}
			if !strings.Contains(err.Error(), "synchronous") || !strings.Contains(err.Error(), `"`+bad+`"`) {
				t.Errorf("error %q does not name the option and its value", err)
			}
		})
	}
}

func TestViewIsReadOnly(t *testing.T) {
	s := openStore(t, filepath.Join(t.TempDir(), "remit.db"), sqlstore.Options{})
	defer s.Close()
	scope := remit.Scope{Account: "acct_ro"}
	err := s.View(ctx, func(tx remit.Tx) error {
		return tx.InsertCustomer(ctx, scope, &remit.Customer{ID: "cus_ro", Object: "customer"})
	})
	if err == nil {
		t.Fatal("InsertCustomer in a View succeeded")
	}
	err = s.View(ctx, func(tx remit.Tx) error {
		_, err := tx.FindCustomer(ctx, scope, "cus_ro")
		return err
	})
	if !errors.Is(err, remit.ErrNotFound) {
		t.Errorf("customer written in a View: %v", err)
	}
}

// TestQueryPlans checks, with EXPLAIN QUERY PLAN on the statements the real
// Tx methods run, that every lookup and list uses the index meant for it and
// never scans a table or sorts.
func TestQueryPlans(t *testing.T) {
	path := filepath.Join(t.TempDir(), "remit.db")
	scope := remit.Scope{Account: "acct_plans"}
	s := openStore(t, path, sqlstore.Options{})
	err := s.Update(ctx, func(tx remit.Tx) error {
		for i, id := range []string{"cus_p1", "cus_p2", "cus_p3"} {
			email, prefix := "p@example.com", "PLAN"+id[len(id)-1:]
			c := &remit.Customer{ID: id, Object: "customer", CreatedNano: int64(i+1) * 1e9, Email: &email, InvoicePrefix: &prefix}
			if err := tx.InsertCustomer(ctx, scope, c); err != nil {
				return err
			}
		}
		owner := "cus_p1"
		for i, id := range []string{"pm_p1", "pm_p2"} {
			pm := &remit.PaymentMethod{ID: id, Object: "payment_method", CreatedNano: int64(i+1) * 1e9, Customer: &owner, Type: "card"}
			if err := tx.InsertPaymentMethod(ctx, scope, pm); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	const (
		pkCustomers = "sqlite_autoindex_customers_1"
		pkPMs       = "sqlite_autoindex_payment_methods_1"
		byCreated   = "customers_by_created"
		byEmail     = "customers_by_email"
		byCustomer  = "payment_methods_by_customer"
		byPrefix    = "customers_invoice_prefix"
	)
	email := "p@example.com"
	sec := func(n int64) *int64 { return &n }
	list := func(f remit.CustomerFilter) func(remit.Tx) error {
		return func(tx remit.Tx) error {
			_, _, err := tx.ListCustomers(ctx, scope, f)
			return err
		}
	}
	listPMs := func(f remit.PaymentMethodFilter) func(remit.Tx) error {
		return func(tx remit.Tx) error {
			_, _, err := tx.ListPaymentMethods(ctx, scope, f)
			return err
		}
	}
	tests := []struct {
		name string
		fn   func(remit.Tx) error
		want []string // the index each statement must use, in order
	}{
		{"list", list(remit.CustomerFilter{Page: remit.Page{Limit: 10}}), []string{byCreated}},
		{"list by created", list(remit.CustomerFilter{Page: remit.Page{Limit: 10, Created: remit.RangeFilter{GTE: sec(1), LT: sec(3)}}}), []string{byCreated}},
		{"list by created equals", list(remit.CustomerFilter{Page: remit.Page{Limit: 10, Created: remit.RangeFilter{Equals: sec(2)}}}), []string{byCreated}},
		{"list by email", list(remit.CustomerFilter{Page: remit.Page{Limit: 10}, Email: &email}), []string{byEmail}},
		{"list by email and created", list(remit.CustomerFilter{Page: remit.Page{Limit: 10, Created: remit.RangeFilter{GT: sec(0)}}, Email: &email}), []string{byEmail}},
		{"list starting_after", list(remit.CustomerFilter{Page: remit.Page{Limit: 10, StartingAfter: "cus_p2"}}), []string{pkCustomers, byCreated}},
		{"list ending_before", list(remit.CustomerFilter{Page: remit.Page{Limit: 10, EndingBefore: "cus_p2"}}), []string{pkCustomers, byCreated}},
		{"list by created with cursor", list(remit.CustomerFilter{Page: remit.Page{Limit: 10, StartingAfter: "cus_p3", Created: remit.RangeFilter{LTE: sec(5)}}}), []string{pkCustomers, byCreated}},
		{"list by email with cursor", list(remit.CustomerFilter{Page: remit.Page{Limit: 10, StartingAfter: "cus_p3"}, Email: &email}), []string{pkCustomers, byEmail}},
		{"list by email ending_before", list(remit.CustomerFilter{Page: remit.Page{Limit: 10, EndingBefore: "cus_p1"}, Email: &email}), []string{pkCustomers, byEmail}},
		{"find customer", func(tx remit.Tx) error { _, err := tx.FindCustomer(ctx, scope, "cus_p1"); return err }, []string{pkCustomers}},
		{"find customer JSON", func(tx remit.Tx) error { _, _, err := tx.FindCustomerJSON(ctx, scope, "cus_p1"); return err }, []string{pkCustomers}},
		{"find missing customer", func(tx remit.Tx) error {
			if _, err := tx.FindCustomer(ctx, scope, "cus_none"); !errors.Is(err, remit.ErrNotFound) {
				return err
			}
			return nil
		}, []string{pkCustomers}},
		{"update customer", func(tx remit.Tx) error {
			c, err := tx.FindCustomer(ctx, scope, "cus_p2")
			if err != nil {
				return err
			}
			return tx.UpdateCustomer(ctx, scope, c)
		}, []string{pkCustomers, pkCustomers, pkCustomers}}, // find, the row being replaced (for the search index), update
		{"invoice prefix taken", func(tx remit.Tx) error { _, err := tx.InvoicePrefixTaken(ctx, scope, "PLAN1"); return err }, []string{byPrefix}},
		{"find payment method", func(tx remit.Tx) error { _, err := tx.FindPaymentMethod(ctx, scope, "pm_p1"); return err }, []string{pkPMs}},
		{"list payment methods", listPMs(remit.PaymentMethodFilter{Page: remit.Page{Limit: 10}, Customer: "cus_p1"}), []string{byCustomer}},
		{"list payment methods by type with cursor", listPMs(remit.PaymentMethodFilter{Page: remit.Page{Limit: 10, StartingAfter: "pm_p2"}, Customer: "cus_p1", Type: "card"}),
			[]string{pkPMs, byCustomer}},
	}
	db := rawDB(t, path)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			queries, err := sqlstore.RecordQueries(path, tc.fn)
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			if len(queries) != len(tc.want) {
				for _, q := range queries {
					t.Logf("ran: %s", q.SQL)
				}
				t.Fatalf("ran %d statements, want %d", len(queries), len(tc.want))
			}
			for i, q := range queries {
				plan := explain(t, db, q)
				t.Logf("%s\n  -> %s", oneLine(q.SQL), strings.ReplaceAll(plan, "\n", " | "))
				usesIndex := strings.Contains(plan, "USING INDEX "+tc.want[i]+" (") ||
					strings.Contains(plan, "USING COVERING INDEX "+tc.want[i]+" (")
				if !usesIndex || strings.Contains(plan, "SCAN ") || strings.Contains(plan, "TEMP B-TREE") {
					t.Errorf("statement %d does not search %s without scanning or sorting\n  sql:  %s\n  plan: %s",
						i, tc.want[i], oneLine(q.SQL), strings.ReplaceAll(plan, "\n", "\n        "))
				}
			}
		})
	}
}

func explain(t *testing.T, db *sql.DB, q sqlstore.Query) string {
	t.Helper()
	rows, err := db.Query("EXPLAIN QUERY PLAN "+q.SQL, q.Args...)
	if err != nil {
		t.Fatalf("EXPLAIN QUERY PLAN %s: %v", q.SQL, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
