package sqlstore_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"remit"
	"remit/search"
	"remit/sqlstore"
)

// parseSearch parses a customer query, which must be valid.
func parseSearch(t *testing.T, q string) *search.Query {
	t.Helper()
	pq, err := search.Parse(q, remit.CustomerSearchFields)
	if err != nil {
		t.Fatalf("parse %q: %v", q, err)
	}
	return pq
}

// searchIDs runs a search in a read transaction and returns the ids of the
// first page (limit 100) and the total count.
func searchIDs(t *testing.T, s *sqlstore.Store, scope remit.Scope, q string) ([]string, int64) {
	t.Helper()
	var ids []string
	var total int64
	err := s.View(ctx, func(tx remit.Tx) error {
		res, err := tx.SearchCustomers(ctx, scope, remit.CustomerSearch{Query: parseSearch(t, q), Limit: 100, Total: true})
		if err != nil {
			return err
		}
		for _, c := range res.Customers {
			ids = append(ids, c.ID)
		}
		total = res.Total
		return nil
	})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return ids, total
}

// TestSearchQueryPlans checks, with EXPLAIN QUERY PLAN on the statements
// that SearchCustomers really runs (the count of expand[]=total_count, the
// page, and the page after a cursor), that each kind of clause is answered
// by the index meant for it: a later change to the SQL, the schema or the
// planner's choices must not quietly turn a lookup into a scan.
func TestSearchQueryPlans(t *testing.T) {
	path := filepath.Join(t.TempDir(), "remit.db")
	scope := remit.Scope{Account: "acct_splans"}
	s := openStore(t, path, sqlstore.Options{})
	// Enough customers, in two accounts and both modes, that the planner
	// has real choices; the statistics of ANALYZE are added below.
	err := s.Update(ctx, func(tx remit.Tx) error {
		for i := range 400 {
			sc := scope
			switch i % 4 {
			case 1:
				sc.Livemode = true
			case 2:
				sc = remit.Scope{Account: "acct_splans_other"}
			}
			email := fmt.Sprintf("user%d@example.com", i)
			name := fmt.Sprintf("Jenny Rosen %d", i%50)
			phone := fmt.Sprintf("+1555%07d", i)
			prefix := fmt.Sprintf("SP%06d", i)
			md := map[string]string{"plan": []string{"pro", "free", "team"}[i%3]}
			if i%7 == 0 {
				md["order"] = fmt.Sprint(i)
			}
			c := &remit.Customer{ID: fmt.Sprintf("cus_sp%05d", i), Object: "customer", Created: 1_700_000_000 + int64(i),
				CreatedNano: (1_700_000_000 + int64(i)) * 1e9, Email: &email, Name: &name, Phone: &phone,
				InvoicePrefix: &prefix, Metadata: md}
			if err := tx.InsertCustomer(ctx, sc, c); err != nil {
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
		byCreated  = "customers_by_created"
		byEmail    = "customers_by_email"
		byName     = "customers_by_name"
		byPhone    = "customers_by_phone"
		byMetadata = "customer_metadata_by_value"
		pk         = "sqlite_autoindex_customers_1"
		trigrams   = "customer_trigrams VIRTUAL TABLE"
		byRowid    = "INTEGER PRIMARY KEY (rowid=?)" // customers by the docid of a trigram document
	)
	// Each statement must read the indexes listed for it (the count of
	// expand[]=total_count, then the pages); no statement may scan a table
	// (only the trigram virtual table is "scanned", through its full-text
	// index) and only pages that the trigram index drives may sort.
	type want struct {
		count []string // the count must use all of these, or any index if empty
		page  []string // each page must use all of these
		alt   []string // ...or, if set, all of these instead
		sort  bool     // pages sort their candidates (a temp b-tree for ORDER BY)
		first string   // the table that drives (the first step of the plan), if it matters
	}
	exact := func(idx string) want { return want{count: []string{idx}, page: []string{idx}} }
	metadata := want{count: []string{byMetadata, pk}, page: []string{byMetadata, pk}, first: "SEARCH m USING COVERING INDEX " + byMetadata}
	substring := want{count: []string{trigrams, byRowid}, page: []string{trigrams, byRowid}, sort: true, first: "SCAN " + trigrams}
	created := exact(byCreated)
	walk := want{page: []string{byCreated}} // no selective clause: walk the created order
	tests := []struct {
		name  string
		query string
		want  want
	}{
		{"email exact", "email:'USER8@example.com'", exact(byEmail)},
		{"name exact", "name:'jenny rosen 8'", exact(byName)},
		{"phone exact", "phone:'+15550000008'", exact(byPhone)},
		{"email exact and created", "email:'user8@example.com' AND created>1700000001", exact(byEmail)},
		{"name exact and negated phone", "name:'jenny rosen 8' -phone:'+15550000008'", exact(byName)},
		{"metadata exact", "metadata['plan']:'pro'", metadata},
		{"metadata exact and created", "created>=1700000100 AND metadata['order']:'7'", metadata},
		{"metadata exact and created range", "created>1700000100 created<1700000300 metadata['plan']:'free'", metadata},
		// With statistics, the count may check the few customers of the
		// email through customers_by_email instead of one primary key
		// lookup per metadata row: an equality lookup either way.
		{"metadata exact and email exact", "email:'user8@example.com' AND metadata['plan']:'team'",
			want{count: metadata.count, page: metadata.page, alt: []string{byMetadata, byEmail}, first: metadata.first}},
		{"metadata exact and substring", "name~'rosen 1' AND metadata['plan']:'team'", metadata},
		{"metadata exact and negated metadata", "metadata['plan']:'pro' AND -metadata['order']:null", metadata},
		{"name substring", "name~'rosen 1'", substring},
		{"email substring", "email~'R12@EXAMPLE'", substring},
		{"phone substring and created", "phone~'5550000' AND created<1700000300", substring},
		{"substring and exact", "name~'rosen 1' AND email:'user8@example.com'", substring},
		{"created range", "created>1700000100 AND created<=1700000200", created},
		{"created equals", "created:1700000100", created},
		{"created equals with =", "created=1700000100", created},
		{"created and negation", "created>=1700000100 -name~'rosen 1'", created},
		{"negation", "-email:'user8@example.com'", walk},
		{"null", "phone:null", want{page: []string{byCreated}, alt: []string{byPhone}}}, // IS NULL is an equality on customers_by_phone
		{"metadata null", "metadata['order']:null", walk},
		{"OR", "email:'user8@example.com' OR name~'rosen 1'", walk},
		{"OR of metadata", "metadata['plan']:'pro' OR metadata['order']:'7'", walk},
	}
	db := rawDB(t, path)
	for _, analyzed := range []bool{false, true} {
		if analyzed {
			// With statistics the planner weighs indexes by what they hold;
			// the choices must not change.
			if _, err := db.Exec("ANALYZE"); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range tests {
			t.Run(fmt.Sprintf("%s/analyzed=%v", tc.name, analyzed), func(t *testing.T) {
				q := parseSearch(t, tc.query)
				// The first page with its total, then a page after a cursor:
				// three statements.
				queries, err := sqlstore.RecordQueries(path, func(tx remit.Tx) error {
					res, err := tx.SearchCustomers(ctx, scope, remit.CustomerSearch{Query: q, Limit: 2, Total: true})
					if err != nil {
						return err
					}
					after := &remit.SearchCursor{CreatedNano: 1_700_000_200 * 1e9, ID: "cus_sp00200"}
					if n := len(res.Customers); n > 0 {
						after = &remit.SearchCursor{CreatedNano: res.Customers[n-1].CreatedNano, ID: res.Customers[n-1].ID}
					}
					_, err = tx.SearchCustomers(ctx, scope, remit.CustomerSearch{Query: q, Limit: 2, After: after})
					return err
				})
				if err != nil {
					t.Fatalf("run: %v", err)
				}
				if len(queries) != 3 {
					for _, q := range queries {
						t.Logf("ran: %s", q.SQL)
					}
					t.Fatalf("ran %d statements, want 3 (count, page, page after a cursor)", len(queries))
				}
				for i, q := range queries {
					plan := explain(t, db, q)
					t.Logf("%s\n  -> %s", oneLine(q.SQL), strings.ReplaceAll(plan, "\n", " | "))
					count := i == 0
					var problems []string
					uses := tc.want.page
					if count {
						uses = tc.want.count
					}
					missing := func(idxs []string) (out []string) {
						for _, idx := range idxs {
							if !planUses(plan, idx) {
								out = append(out, idx)
							}
						}
						return out
					}
					if m := missing(uses); len(m) > 0 {
						if alt := tc.want.alt; len(alt) == 0 || len(missing(alt)) > 0 {
							problems = append(problems, "does not use "+strings.Join(m, ", "))
						}
					}
					for _, line := range strings.Split(plan, "\n") {
						if strings.HasPrefix(line, "SCAN ") && !strings.Contains(line, trigrams) {
							problems = append(problems, "scans: "+line)
						}
						if strings.Contains(line, "TEMP B-TREE") && (count || !tc.want.sort) {
							problems = append(problems, "sorts: "+line)
						}
					}
					if f := tc.want.first; f != "" && !strings.HasPrefix(plan, f) {
						problems = append(problems, "does not start with "+f)
					}
					if tc.want.sort && !count && !strings.Contains(plan, "USE TEMP B-TREE FOR ORDER BY") {
						problems = append(problems, "the trigram candidates are not sorted: did another index take over?")
					}
					if len(problems) > 0 {
						t.Errorf("statement %d: %s\n  sql:  %s\n  plan: %s", i, strings.Join(problems, "; "),
							oneLine(q.SQL), strings.ReplaceAll(plan, "\n", "\n        "))
					}
				}
			})
		}
	}
}

// planUses reports whether a query plan reads the named index (or, for the
// trigram table, the virtual table).
func planUses(plan, index string) bool {
	if strings.HasSuffix(index, "VIRTUAL TABLE") {
		return strings.Contains(plan, "SCAN "+index+" INDEX")
	}
	if strings.HasPrefix(index, "INTEGER PRIMARY KEY") {
		return strings.Contains(plan, "SEARCH c USING "+index)
	}
	return strings.Contains(plan, "USING INDEX "+index+" (") || strings.Contains(plan, "USING COVERING INDEX "+index+" (")
}

// TestSearchBackfill opens a database written by a remit without search
// (schema version 1: only 0001_init.sql applied, customers stored as JSON)
// and checks that the migration fills the folded columns, the metadata rows
// and the trigram documents: every kind of clause finds the old customers,
// and later writes keep the index right.
func TestSearchBackfill(t *testing.T) {
	path := filepath.Join(t.TempDir(), "remit.db")
	initSQL, err := os.ReadFile("migrations/sqlite/0001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	scope := remit.Scope{Account: "acct_backfill"}
	str := func(s string) *string { return &s }
	type row struct {
		scope   remit.Scope
		c       remit.Customer
		deleted bool
	}
	customer := func(id string, sec int64, name, email, phone *string, md map[string]string) remit.Customer {
		if md == nil {
			md = map[string]string{}
		}
		return remit.Customer{ID: id, Object: "customer", Created: sec, CreatedNano: sec*1e9 + 123, Name: name, Email: email, Phone: phone,
			Metadata: md, InvoicePrefix: str(strings.ToUpper(id[4:])), PreferredLocales: []string{}, TaxExempt: "none", NextInvoiceSequence: 1}
	}
	olaf := customer("cus_bfolaf", 1_600_000_100, str("Ölaf Östergård"), str("Olaf.Ost@Example.COM"), str("+46 8 123 456"),
		map[string]string{"plan": "pro", "Région": "Île-de-France"})
	rows := []row{
		{scope, olaf, false},
		{scope, customer("cus_bfnull", 1_600_000_000, nil, nil, nil, nil), false},
		{scope, customer("cus_bfjenny", 1_600_000_200, str("Jenny Rosen"), str("jenny@example.com"), nil, map[string]string{"plan": "free"}), false},
		// Deleted, in live mode, in another account: never found from scope.
		{scope, customer("cus_bfgone", 1_600_000_300, str("Ölaf Östergård"), str("olaf.ost@example.com"), nil, map[string]string{"plan": "pro"}), true},
		{remit.Scope{Account: scope.Account, Livemode: true}, customer("cus_bflive", 1_600_000_400, str("ÖLAF ÖSTERGÅRD"), nil, nil, map[string]string{"plan": "pro"}), false},
		{remit.Scope{Account: "acct_backfill_other"}, customer("cus_bfother", 1_600_000_500, str("Ölaf Östergård"), str("olaf.ost@example.com"), nil, map[string]string{"plan": "pro"}), false},
	}

	raw := rawDB(t, path)
	db, err := raw.Begin() // one transaction: 2,500 commits would take seconds
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(string(initSQL)); err != nil {
		t.Fatalf("apply 0001_init.sql: %v", err)
	}
	if _, err := db.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY); INSERT INTO schema_migrations (version) VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	// Fillers, stored first (in rowid order) so that the backfill runs
	// several batches of 1,000 before it reaches the customers below.
	const fillers = 2500
	for i := range fillers {
		c := customer(fmt.Sprintf("cus_bffill%04d", i), 1_500_000_000+int64(i), str(fmt.Sprintf("Filler %d", i)), nil, nil, map[string]string{"filler": "yes"})
		data, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.Exec(`INSERT INTO customers (account_id, id, livemode, created_ns, deleted, invoice_prefix, data) VALUES (?, ?, 0, ?, 0, ?, ?)`,
			"acct_backfill_fill", c.ID, c.CreatedNano, c.InvoicePrefix, string(data))
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range rows {
		data, err := json.Marshal(r.c)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.Exec(`INSERT INTO customers (account_id, id, livemode, created_ns, deleted, email, invoice_prefix, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			r.scope.Account, r.c.ID, r.scope.Livemode, r.c.CreatedNano, r.deleted, r.c.Email, r.c.InvoicePrefix, string(data))
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}

	s := openStore(t, path, sqlstore.Options{})
	defer s.Close()
	var version int
	if err := rawDB(t, path).QueryRow(`SELECT max(version) FROM schema_migrations`).Scan(&version); err != nil || version < 2 {
		t.Fatalf("schema version %d (%v) after Open, want at least 2", version, err)
	}
	cases := []struct {
		query string
		want  []string
	}{
		{"name:'ölaf östergård'", []string{"cus_bfolaf"}},
		{"name:'ÖLAF ÖSTERGÅRD'", []string{"cus_bfolaf"}},
		{"name~'laf ÖST'", []string{"cus_bfolaf"}},
		{"name~'GÅRD'", []string{"cus_bfolaf"}},
		{"email:'olaf.ost@example.com'", []string{"cus_bfolaf"}},
		{"email~'OST@EXAMPLE.C'", []string{"cus_bfolaf"}},
		{"phone:'+46 8 123 456'", []string{"cus_bfolaf"}},
		{"phone~'8 123'", []string{"cus_bfolaf"}},
		{"metadata['plan']:'pro'", []string{"cus_bfolaf"}},
		{"metadata['Région']:'Île-de-France'", []string{"cus_bfolaf"}},
		{"metadata['région']:'Île-de-France'", nil},
		{"metadata['plan']:null", []string{"cus_bfnull"}},
		{"-metadata['plan']:null", []string{"cus_bfjenny", "cus_bfolaf"}},
		{"name:null", []string{"cus_bfnull"}},
		{"name~'jen' OR email~'example.com'", []string{"cus_bfjenny", "cus_bfolaf"}},
		{"created>1600000000", []string{"cus_bfjenny", "cus_bfolaf"}},
		{"metadata['plan']:'pro' AND name~'östergård'", []string{"cus_bfolaf"}},
	}
	for _, tc := range cases {
		ids, total := searchIDs(t, s, scope, tc.query)
		if !slices.Equal(ids, tc.want) || total != int64(len(tc.want)) {
			t.Errorf("after the backfill, %s = %v (total %d), want %v", tc.query, ids, total, tc.want)
		}
	}
	fill := remit.Scope{Account: "acct_backfill_fill"}
	for q, want := range map[string]int64{
		"name~'filler'":            fillers,
		"metadata['filler']:'yes'": fillers,
		"created<1600000000":       fillers,
		// Filler 1, 10-19, 100-199, 1000-1999, and Filler 0.
		"name~'ILLER 1' OR name:'filler 0'":          1 + 10 + 100 + 1000 + 1,
		"name~'ler 24' AND metadata['filler']:'yes'": 1 + 10 + 100,
	} {
		if _, total := searchIDs(t, s, fill, q); total != want {
			t.Errorf("after the backfill, %s finds %d fillers, want %d", q, total, want)
		}
	}
	if ids, _ := searchIDs(t, s, remit.Scope{Account: scope.Account, Livemode: true}, "name~'östergård'"); !slices.Equal(ids, []string{"cus_bflive"}) {
		t.Errorf("live mode: %v, want [cus_bflive]", ids)
	}
	if ids, _ := searchIDs(t, s, remit.Scope{Account: "acct_backfill_other"}, "metadata['plan']:'pro' email:'OLAF.OST@example.com'"); !slices.Equal(ids, []string{"cus_bfother"}) {
		t.Errorf("other account: %v, want [cus_bfother]", ids)
	}
	// The list filter by email reads the backfilled folded column too.
	err = s.View(ctx, func(tx remit.Tx) error {
		got, _, err := tx.ListCustomers(ctx, scope, remit.CustomerFilter{Page: remit.Page{Limit: 10}, Email: olaf.Email})
		if err != nil {
			return err
		}
		if len(got) != 1 || got[0].ID != olaf.ID || got[0].Name == nil || *got[0].Name != *olaf.Name {
			t.Errorf("list email=%s after the backfill: %v", *olaf.Email, got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// A backfilled customer is re-indexed by the next write like any other.
	err = s.Update(ctx, func(tx remit.Tx) error {
		c, err := tx.FindCustomer(ctx, scope, olaf.ID)
		if err != nil {
			return err
		}
		c.Name = str("Björn Berg")
		delete(c.Metadata, "Région")
		return tx.UpdateCustomer(ctx, scope, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"name~'östergård'", nil},
		{"name:'ölaf östergård'", nil},
		{"name:'BJÖRN BERG'", []string{"cus_bfolaf"}},
		{"name~'jörn'", []string{"cus_bfolaf"}},
		{"email~'ost@example'", []string{"cus_bfolaf"}},
		{"metadata['Région']:'Île-de-France'", nil},
		{"metadata['Région']:null", []string{"cus_bfjenny", "cus_bfolaf", "cus_bfnull"}},
		{"metadata['plan']:'pro'", []string{"cus_bfolaf"}},
	} {
		if ids, _ := searchIDs(t, s, scope, tc.query); !slices.Equal(ids, tc.want) {
			t.Errorf("after an update of a backfilled customer, %s = %v, want %v", tc.query, ids, tc.want)
		}
	}

	// Reopening does not backfill again (the trigram documents would be
	// duplicated, the metadata rows would collide).
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, path, sqlstore.Options{})
	if ids, total := searchIDs(t, s, scope, "email~'example.com'"); !slices.Equal(ids, []string{"cus_bfjenny", "cus_bfolaf"}) || total != 2 {
		t.Errorf("after reopening, email~'example.com' = %v (total %d)", ids, total)
	}
}
