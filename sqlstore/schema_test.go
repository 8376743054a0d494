package sqlstore_test

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"remit/sqlstore"
)

// referenceTables are looked up before the account is known, or hold no
// tenant data; when the schema is distributed by account they are
// replicated to every node instead.
var referenceTables = map[string]string{
	"accounts":          "the tenants themselves: keyed by the account id",
	"api_keys":          "looked up by key hash to find the account",
	"schema_migrations": "the schema's own version",
}

// TestSchemaLeadsWithAccount keeps every tenant table distributable by
// account: its primary key, and each of its unique indexes, must start
// with account_id, so that every query names the account and a unique
// check never spans two tenants.
func TestSchemaLeadsWithAccount(t *testing.T) {
	path := filepath.Join(t.TempDir(), "schema.db")
	openStore(t, path, sqlstore.Options{})
	db := rawDB(t, path)

	rows, err := db.Query(`SELECT name, sql FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	type table struct{ name, sql string }
	var tables []table
	for rows.Next() {
		var tb table
		if err := rows.Scan(&tb.name, &tb.sql); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, tb)
	}
	rows.Close()
	// The FTS4 trigram index is a virtual table and its shadow tables
	// (customer_trigrams_*); its documents are keyed by the customer's row
	// and its tokens carry a tenant tag. It is SQLite's substitute for
	// PostgreSQL's pg_trgm index, which leads with account_id.
	isTrigram := func(name string) bool { return strings.HasPrefix(name, "customer_trigrams") }

	checked := 0
	for _, tb := range tables {
		if _, ok := referenceTables[tb.name]; ok || isTrigram(tb.name) || strings.HasPrefix(tb.name, "sqlite_") {
			continue
		}
		checked++
		pk := primaryKey(t, db, tb.name)
		if len(pk) == 0 || pk[0] != "account_id" {
			t.Errorf("table %s: primary key %v does not start with account_id", tb.name, pk)
		}
		idx, err := db.Query(`SELECT name, "unique" FROM pragma_index_list(?)`, tb.name)
		if err != nil {
			t.Fatal(err)
		}
		type index struct {
			name   string
			unique bool
		}
		var indexes []index
		for idx.Next() {
			var ix index
			if err := idx.Scan(&ix.name, &ix.unique); err != nil {
				t.Fatal(err)
			}
			indexes = append(indexes, ix)
		}
		idx.Close()
		for _, ix := range indexes {
			cols := indexColumns(t, db, ix.name)
			if len(cols) == 0 || cols[0] != "account_id" {
				t.Errorf("table %s: index %s (unique %v) on %v does not start with account_id", tb.name, ix.name, ix.unique, cols)
			}
		}
	}
	if checked < 8 {
		t.Fatalf("checked only %d tenant tables; the schema query is wrong", checked)
	}
}

// primaryKey returns the columns of a table's primary key, in order.
func primaryKey(t *testing.T, db *sql.DB, table string) []string {
	t.Helper()
	return columns(t, db, `SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, table)
}

// indexColumns returns the columns of an index, in order.
func indexColumns(t *testing.T, db *sql.DB, index string) []string {
	t.Helper()
	return columns(t, db, `SELECT name FROM pragma_index_info(?) ORDER BY seqno`, index)
}

func columns(t *testing.T, db *sql.DB, query, arg string) []string {
	t.Helper()
	rows, err := db.Query(query, arg)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		out = append(out, name)
	}
	return out
}
