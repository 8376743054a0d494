package sqlstore_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"remit"
	"remit/sqlstore"
)

// TestVacuumKeepsSubstringSearch: the trigram documents of substring search
// are keyed by the customers' row ids, which SQLite's VACUUM is allowed to
// renumber in a table without an INTEGER PRIMARY KEY. remit never deletes a
// customer's row (a deleted customer is a tombstone), so the ids have no
// gaps for VACUUM to close, and SQLite's VACUUM copies rows with their ids
// anyway. This checks both, through rolled-back creates and deleted
// customers, so that a change to either (or to SQLite) fails here rather
// than in a user's search results.
func TestVacuumKeepsSubstringSearch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "remit.db")
	scope := remit.Scope{Account: "acct_vacuum"}
	s := openStore(t, path, sqlstore.Options{})
	customer := func(i int) *remit.Customer {
		name := fmt.Sprintf("Vacuum Customer %03d", i)
		return &remit.Customer{ID: fmt.Sprintf("cus_vacuum%03d", i), Object: "customer", Name: &name,
			Created: 1_700_000_000 + int64(i), CreatedNano: (1_700_000_000 + int64(i)) * 1e9,
			Metadata: map[string]string{}, PreferredLocales: []string{}, TaxExempt: "none", NextInvoiceSequence: 1}
	}
	errRollback := errors.New("roll back")
	for i := range 60 {
		c := customer(i)
		err := s.Update(ctx, func(tx remit.Tx) error {
			if err := tx.InsertCustomer(ctx, scope, c); err != nil {
				return err
			}
			if i%5 == 4 {
				return errRollback // inserted, then rolled back: no customer
			}
			return nil
		})
		if err != nil && !errors.Is(err, errRollback) {
			t.Fatal(err)
		}
	}
	for i := 0; i < 60; i += 7 {
		if i%5 == 4 {
			continue // never stored
		}
		c := customer(i)
		c.Deleted = true
		if err := s.Update(ctx, func(tx remit.Tx) error { return tx.UpdateCustomer(ctx, scope, c) }); err != nil {
			t.Fatal(err)
		}
	}
	rowids := func() []int64 {
		rows, err := rawDB(t, path).Query(`SELECT rowid FROM customers ORDER BY rowid`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		return ids
	}
	before := rowids()
	for i, id := range before {
		if id != int64(i+1) {
			t.Fatalf("customer row ids have a gap: %v", before)
		}
	}
	s.Close()
	if _, err := rawDB(t, path).Exec(`VACUUM`); err != nil {
		t.Fatal(err)
	}
	if after := rowids(); !slices.Equal(after, before) {
		t.Fatalf("VACUUM renumbered the customers' row ids:\nbefore %v\nafter  %v", before, after)
	}
	s = openStore(t, path, sqlstore.Options{})
	defer s.Close()
	for i := range 60 {
		ids, _ := searchIDs(t, s, scope, fmt.Sprintf("name~'customer %03d'", i))
		var want []string
		if i%5 != 4 && i%7 != 0 {
			want = []string{customer(i).ID}
		}
		if !slices.Equal(ids, want) {
			t.Errorf("after VACUUM, name~'customer %03d' = %v, want %v", i, ids, want)
		}
	}
}
