package sqlstore_test

import (
	"database/sql"
	"strings"
	"sync"
	"testing"
	"time"

	"remit"
	"remit/internal/pgtest"
	"remit/sqlstore"
	"remit/storetest"
)

// openPostgres opens a store on a fresh PostgreSQL database.
func openPostgres(t *testing.T) (*sqlstore.Store, string) {
	t.Helper()
	dsn := pgtest.NewDatabase(t)
	s, err := sqlstore.Open(dsn, sqlstore.Options{})
	if err != nil {
		t.Fatalf("Open(postgres): %v", err)
	}
	return s, dsn
}

func TestPostgresConformance(t *testing.T) {
	t.Parallel()
	// Each subtest gets a copy of one migrated database.
	template := pgtest.NewDatabase(t)
	s, err := sqlstore.Open(template, sqlstore.Options{})
	if err != nil {
		t.Fatalf("Open(postgres): %v", err)
	}
	s.Close()
	storetest.Run(t, func(t *testing.T) remit.Store {
		s, err := sqlstore.Open(pgtest.Clone(t, template), sqlstore.Options{})
		if err != nil {
			t.Fatalf("Open(postgres): %v", err)
		}
		return s
	})
}

// pgDB opens the database directly, bypassing the store.
func pgDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func pgMigrations(t *testing.T, db *sql.DB) []int {
	t.Helper()
	rows, err := db.Query(`SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var vs []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	return vs
}

func TestPostgresMigrateTwice(t *testing.T) {
	t.Parallel()
	s, dsn := openPostgres(t)
	scope := remit.Scope{Account: "acct_pgtwice"}
	name := "Jenny Rosen"
	c := &remit.Customer{ID: "cus_pgtwice", Object: "customer", Created: 1_700_000_000, CreatedNano: 1_700_000_000_123_456_789,
		Metadata: map[string]string{"k": "v"}, Name: &name, PreferredLocales: []string{}, TaxExempt: "none", NextInvoiceSequence: 1}
	if err := s.Update(ctx, func(tx remit.Tx) error {
		if err := tx.CreateAccount(ctx, remit.Account{ID: scope.Account, Created: time.Unix(1_700_000_000, 0)}); err != nil {
			return err
		}
		return tx.InsertCustomer(ctx, scope, c)
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	before := pgMigrations(t, pgDB(t, dsn))

	s2, err := sqlstore.Open(dsn, sqlstore.Options{})
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	defer s2.Close()
	if after := pgMigrations(t, pgDB(t, dsn)); len(after) != len(before) || len(after) == 0 {
		t.Fatalf("migrations after second open = %v, before %v", after, before)
	}
	if err := s2.View(ctx, func(tx remit.Tx) error {
		got, err := tx.FindCustomer(ctx, scope, c.ID)
		if err != nil {
			return err
		}
		if got.Name == nil || *got.Name != name || got.CreatedNano != c.CreatedNano {
			t.Errorf("customer after reopen = %+v", got)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func TestPostgresConcurrentOpen(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	stores := make([]*sqlstore.Store, 4)
	for i := range 4 {
		wg.Go(func() { stores[i], errs[i] = sqlstore.Open(dsn, sqlstore.Options{}) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Open %d: %v", i, err)
			continue
		}
		stores[i].Close()
	}
	db := pgDB(t, dsn)
	vs := pgMigrations(t, db)
	seen := map[int]bool{}
	for _, v := range vs {
		if seen[v] {
			t.Errorf("migration %d recorded twice: %v", v, vs)
		}
		seen[v] = true
	}
	if len(vs) == 0 {
		t.Error("no migration recorded")
	}
}

func TestPostgresSearch(t *testing.T) {
	t.Parallel()
	s, _ := openPostgres(t)
	scope := remit.Scope{Account: "acct_pgsearch"}
	other := remit.Scope{Account: "acct_pgsearch_other"}
	str := func(v string) *string { return &v }
	mk := func(id string, sec int64, name, email string, md map[string]string) *remit.Customer {
		return &remit.Customer{ID: id, Object: "customer", Created: 1_700_000_000 + sec, CreatedNano: (1_700_000_000 + sec) * 1e9,
			Name: str(name), Email: str(email), Metadata: md, PreferredLocales: []string{}, TaxExempt: "none", NextInvoiceSequence: 1}
	}
	if err := s.Update(ctx, func(tx remit.Tx) error {
		for _, a := range []string{scope.Account, other.Account} {
			if err := tx.CreateAccount(ctx, remit.Account{ID: a, Created: time.Unix(1_700_000_000, 0)}); err != nil {
				return err
			}
		}
		for _, c := range []*remit.Customer{
			mk("cus_1", 1, "Jenny Rosen", "jenny@example.com", map[string]string{"plan": "gold"}),
			mk("cus_2", 2, "Jenny_Smith 100%", "Smith@Example.com", map[string]string{"plan": "silver"}),
			mk("cus_3", 3, "Bob Jennyson", "bob@example.org", map[string]string{"plan": "gold"}),
		} {
			if err := tx.InsertCustomer(ctx, scope, c); err != nil {
				return err
			}
		}
		return tx.InsertCustomer(ctx, other, mk("cus_o", 4, "Jenny Other", "jenny@example.com", map[string]string{"plan": "gold"}))
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Optimize(ctx); err != nil { // ANALYZE on PostgreSQL
		t.Fatalf("Optimize: %v", err)
	}
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{`email:"jenny@example.com"`, []string{"cus_1"}},
		{`email:"smith@example.com"`, []string{"cus_2"}},
		{`name~"jenny"`, []string{"cus_3", "cus_2", "cus_1"}},
		{`name~"NNYSO"`, []string{"cus_3"}},
		{`name~"y_s"`, []string{"cus_2"}},
		{`name~"100%"`, []string{"cus_2"}},
		{`name~"0%x"`, nil},
		{`metadata["plan"]:"gold"`, []string{"cus_3", "cus_1"}},
		{`metadata["plan"]:"gold" AND name~"ross"`, nil},
		{`metadata["plan"]:"gold" AND name~"rose"`, []string{"cus_1"}},
		{`created>1700000001`, []string{"cus_3", "cus_2"}},
		{`created<=1700000001 OR email:"bob@example.org"`, []string{"cus_3", "cus_1"}},
		{`-metadata["plan"]:"gold"`, []string{"cus_2"}},
	} {
		got, total := searchIDs(t, s, scope, tc.q)
		if len(got) != len(tc.want) || int(total) != len(tc.want) {
			t.Errorf("%s: got %v (total %d), want %v", tc.q, got, total, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: got %v, want %v", tc.q, got, tc.want)
				break
			}
		}
	}
}

// trigramIndexes are the non-unique GIN indexes of substring search, which
// hold only a folded column (migration 0002): a GIN index intersects the
// posting list of every column it serves, and account_id's lists every
// customer of the account. Citus needs the distribution column only in
// unique indexes and primary keys; each shard has its own GIN index.
var trigramIndexes = map[string]bool{"customers_email_trgm": true, "customers_name_trgm": true, "customers_phone_trgm": true}

// TestPostgresSchemaLeadsWithAccount is TestSchemaLeadsWithAccount on
// PostgreSQL: every tenant table has a primary key, and it and every index
// of the table start with account_id, except the trigram indexes named
// above, which must not be unique.
func TestPostgresSchemaLeadsWithAccount(t *testing.T) {
	t.Parallel()
	s, dsn := openPostgres(t)
	s.Close()
	db := pgDB(t, dsn)
	rows, err := db.Query(`SELECT t.relname, i.relname, x.indisprimary, x.indisunique, a.attname
		FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid
		JOIN pg_class t ON t.oid = x.indrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
		WHERE n.nspname = 'public'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	hasPK := map[string]bool{}
	trigramsSeen := 0
	for rows.Next() {
		var table, index, first string
		var primary, unique bool
		if err := rows.Scan(&table, &index, &primary, &unique, &first); err != nil {
			t.Fatal(err)
		}
		if _, ok := referenceTables[table]; ok {
			continue
		}
		hasPK[table] = hasPK[table] || primary
		if trigramIndexes[index] && !unique {
			trigramsSeen++
			continue
		}
		if first != "account_id" {
			t.Errorf("table %s: index %s starts with %s, not account_id", table, index, first)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for table, ok := range hasPK {
		if !ok {
			t.Errorf("table %s has no primary key", table)
		}
	}
	if len(hasPK) < 8 {
		t.Fatalf("checked only %d tenant tables; the schema query is wrong", len(hasPK))
	}
	if trigramsSeen != len(trigramIndexes) {
		t.Errorf("found %d of the %d trigram indexes", trigramsSeen, len(trigramIndexes))
	}
}

// TestPostgresSubstringUsesTrigramIndex checks that PostgreSQL answers a
// selective substring search (the LIKE condition SearchCustomers writes)
// through the pg_trgm index, over 100,000 customers of 20 tenants (a few seconds: skipped with -short).
func TestPostgresSubstringUsesTrigramIndex(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("loads 100,000 customers")
	}
	s, dsn := openPostgres(t)
	s.Close()
	db := pgDB(t, dsn)
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `INSERT INTO customers (account_id, id, livemode, created_ns, name_ci, data)
		SELECT 'acct_' || (g % 20), 'cus_' || g, g % 3 = 0, g, 'customer ' || md5(g::text), '{}' FROM generate_series(1, 100000) g`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `ANALYZE customers`); err != nil {
		t.Fatal(err)
	}
	rows, err := conn.QueryContext(ctx, `EXPLAIN SELECT c.data FROM customers c
		WHERE c.account_id = $1 AND c.livemode = $2 AND c.deleted = FALSE AND c.name_ci LIKE $3 ESCAPE '\'
		ORDER BY c.created_ns DESC, c.id DESC LIMIT 11`, "acct_7", false, "%abcd%")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	if !strings.Contains(strings.Join(plan, "\n"), "customers_name_trgm") {
		t.Errorf("substring search does not use customers_name_trgm:\n%s", strings.Join(plan, "\n"))
	}
}

// TestPostgresReplicas runs read-then-write Updates from two stores on one
// database, as two replicas would: serializable transactions, retried on
// conflict, lose no update and let one request alone claim a key.
func TestPostgresReplicas(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	var replicas [2]*sqlstore.Store
	for i := range replicas {
		s, err := sqlstore.Open(dsn, sqlstore.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		replicas[i] = s
	}
	scope := remit.Scope{Account: "acct_pgreplicas"}
	c := &remit.Customer{ID: "cus_pgreplicas", Object: "customer", Created: 1_700_000_000, CreatedNano: 1_700_000_000 * 1e9,
		Metadata: map[string]string{}, PreferredLocales: []string{}, TaxExempt: "none", NextInvoiceSequence: 1}
	if err := replicas[0].Update(ctx, func(tx remit.Tx) error {
		if err := tx.CreateAccount(ctx, remit.Account{ID: scope.Account, Created: time.Unix(1_700_000_000, 0)}); err != nil {
			return err
		}
		return tx.InsertCustomer(ctx, scope, c)
	}); err != nil {
		t.Fatal(err)
	}

	const workers, each = 4, 10
	var wg sync.WaitGroup
	var mu sync.Mutex
	claimed := 0
	for _, s := range replicas {
		for range workers {
			wg.Go(func() {
				for range each {
					// Read-modify-write of one hot row.
					if err := s.Update(ctx, func(tx remit.Tx) error {
						got, err := tx.FindCustomer(ctx, scope, c.ID)
						if err != nil {
							return err
						}
						got.Balance++
						return tx.UpdateCustomer(ctx, scope, got)
					}); err != nil {
						t.Errorf("increment: %v", err)
					}
				}
				// Claim one idempotency key: find, and save when missing.
				var mine bool
				if err := s.Update(ctx, func(tx remit.Tx) error {
					mine = false
					_, err := tx.FindIdempotency(ctx, scope, "key")
					if err == nil {
						return nil
					}
					mine = true
					return tx.SaveIdempotency(ctx, scope, &remit.IdempotencyRecord{Key: "key", Method: "POST", Path: "/v1/x",
						Fingerprint: "f", Status: 200, Body: []byte("{}"), RequestID: "req", Created: time.Unix(1_700_000_000, 0)})
				}); err != nil {
					t.Errorf("claim: %v", err)
				}
				if mine {
					mu.Lock()
					claimed++
					mu.Unlock()
				}
			})
		}
	}
	wg.Wait()
	if err := replicas[1].View(ctx, func(tx remit.Tx) error {
		got, err := tx.FindCustomer(ctx, scope, c.ID)
		if err != nil {
			return err
		}
		if want := int64(len(replicas) * workers * each); got.Balance != want {
			t.Errorf("balance = %d after %d increments: updates were lost", got.Balance, want)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if claimed != 1 {
		t.Errorf("%d requests claimed the idempotency key, want 1", claimed)
	}
}
