package sqlstore_test

import (
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"remit"
	"remit/loadgen"
	"remit/search"
	"remit/sqlstore"
)

// Store benchmarks: real SQLite files in b.TempDir() opened with
// sqlstore.Open, customers shaped like `remit bench --seed` makes them
// (loadgen.SeedEmail and friends), built deterministically so that every run
// stores the same rows.

// benchSeeded is how many customers the read benchmarks seed.
const benchSeeded = 20_000

// benchSeedBatch is how many customers one seeding Update stores.
const benchSeedBatch = 5_000

// benchEpoch is the creation time of customer 0; customer n is created n
// tenths of a second later.
var benchEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// benchScope is the scope every benchmark customer belongs to.
var benchScope = remit.Scope{Account: "acct_bench"}

const benchBase62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// benchDigits renders v in base62 on exactly n characters.
func benchDigits(v int64, n int) string {
	out := make([]byte, n)
	for i := n - 1; i >= 0; i-- {
		out[i] = benchBase62[v%62]
		v /= 62
	}
	return string(out)
}

// benchCustomer returns customer n as remit.Service.CreateCustomer builds it
// from the seeder's parameters (email, name, phone, description, metadata
// order and source). Its id is time-ordered like remit.RandomIDs' (7 base62
// characters of milliseconds, then 7 more: here n instead of random ones)
// and its invoice prefix is 8 hex digits scattered over the key space like
// the service's random ones, but unique and reproducible (n times an odd
// constant is a permutation of uint32).
func benchCustomer(n int) *remit.Customer {
	created := benchEpoch.Add(time.Duration(n) * 100 * time.Millisecond)
	id := remit.PrefixCustomer + benchDigits(created.UnixMilli(), 7) + benchDigits(int64(n), 7)
	email, name, phone, desc := loadgen.SeedEmail(n), loadgen.SeedName(n), loadgen.SeedPhone(n), loadgen.SeedDescription(n)
	prefix := fmt.Sprintf("%08X", uint32(n)*2654435761)
	return &remit.Customer{
		ID:                  id,
		Object:              "customer",
		Created:             created.Unix(),
		CreatedNano:         created.UnixNano(),
		Livemode:            benchScope.Livemode,
		Email:               &email,
		Name:                &name,
		Phone:               &phone,
		Description:         &desc,
		InvoicePrefix:       &prefix,
		Metadata:            map[string]string{"order": fmt.Sprint(n), "source": loadgen.SeedSource},
		NextInvoiceSequence: 1,
		PreferredLocales:    []string{},
		TaxExempt:           remit.TaxExemptNone,
	}
}

// benchStore opens a new SQLite store in b.TempDir() holding the benchmark
// account and customers 1..seeded, stored in Updates of benchSeedBatch. As
// after `remit bench --seed`, the trigram index is then folded into one
// segment (Optimize). It returns the store and the seeded customers' ids
// (ids[n-1] is customer n's).
func benchStore(b *testing.B, seeded int) (*sqlstore.Store, []string) {
	b.Helper()
	ctx := b.Context()
	s, err := sqlstore.Open(filepath.Join(b.TempDir(), "remit.db"), sqlstore.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		if err := s.Close(); err != nil {
			b.Errorf("Close: %v", err)
		}
	})
	err = s.Update(ctx, func(tx remit.Tx) error {
		return tx.CreateAccount(ctx, remit.Account{ID: benchScope.Account, Created: benchEpoch})
	})
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, 0, seeded)
	for lo := 1; lo <= seeded; lo += benchSeedBatch {
		hi := min(lo+benchSeedBatch-1, seeded)
		err := s.Update(ctx, func(tx remit.Tx) error {
			for n := lo; n <= hi; n++ {
				c := benchCustomer(n)
				if err := tx.InsertCustomer(ctx, benchScope, c); err != nil {
					return fmt.Errorf("customer %d: %w", n, err)
				}
				ids = append(ids, c.ID)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if seeded > 0 {
		if err := s.Optimize(ctx); err != nil {
			b.Fatal(err)
		}
	}
	return s, ids
}

// benchPick returns the customer number (1..benchSeeded) that iteration i
// looks up: a fixed stride that is prime to benchSeeded, so that successive
// lookups land far apart in the indexes (no page-cache luck from
// neighbours) and the sequence is the same on every run.
func benchPick(i int) int { return (i*7919)%benchSeeded + 1 }

// BenchmarkCreateCustomer measures a customer create at the store level:
// one Update whose function calls InsertCustomer (the customer row, its
// email/name/phone indexes, metadata rows and trigram document) on a fresh
// database, with 8 goroutines per CPU (like the load generator's c=16 on
// two cores) so that the SQLite writer's group commit batches them.
func BenchmarkCreateCustomer(b *testing.B) {
	s, _ := benchStore(b, 0)
	ctx := b.Context()
	var next atomic.Int64
	b.SetParallelism(8)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c := benchCustomer(benchSeeded + int(next.Add(1)))
			err := s.Update(ctx, func(tx remit.Tx) error {
				return tx.InsertCustomer(ctx, benchScope, c)
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkRetrieveCustomer measures a retrieve by id among benchSeeded
// customers: one View around FindCustomer (row and JSON decode into
// remit.Customer) or FindCustomerJSON (the stored JSON only, which the API's
// GET /v1/customers/{id} uses).
func BenchmarkRetrieveCustomer(b *testing.B) {
	s, ids := benchStore(b, benchSeeded)
	ctx := b.Context()
	// retrieve runs find on customer ids in turn, one View each.
	retrieve := func(b *testing.B, find func(tx remit.Tx, id string) error) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			id := ids[benchPick(i)-1]
			i++
			if err := s.View(ctx, func(tx remit.Tx) error { return find(tx, id) }); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("FindCustomer", func(b *testing.B) {
		retrieve(b, func(tx remit.Tx, id string) error {
			c, err := tx.FindCustomer(ctx, benchScope, id)
			if err == nil && c.ID != id {
				err = fmt.Errorf("FindCustomer(%s) = %s", id, c.ID)
			}
			return err
		})
	})
	b.Run("FindCustomerJSON", func(b *testing.B) {
		retrieve(b, func(tx remit.Tx, id string) error {
			data, deleted, err := tx.FindCustomerJSON(ctx, benchScope, id)
			if err == nil && (deleted || len(data) == 0) {
				err = fmt.Errorf("FindCustomerJSON(%s) = %d bytes, deleted %t", id, len(data), deleted)
			}
			return err
		})
	})
}

// benchSearch runs the search of query(n) for the customers n = pick(i) of
// successive iterations, each in its own View, and checks that it finds
// exactly customer n. The queries are parsed before the timer: this
// measures the store's planning, SQL and decoding of the page (limit 10,
// no total), not the parser.
func benchSearch(b *testing.B, pick func(i int) int, query func(n int) string) {
	s, ids := benchStore(b, benchSeeded)
	ctx := b.Context()
	const distinct = 1024
	queries := make([]*search.Query, distinct)
	want := make([]string, distinct)
	for i := range queries {
		n := pick(i)
		q, err := search.Parse(query(n), remit.CustomerSearchFields)
		if err != nil {
			b.Fatalf("parse %q: %v", query(n), err)
		}
		queries[i], want[i] = q, ids[n-1]
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		q, id := queries[i%distinct], want[i%distinct]
		i++
		err := s.View(ctx, func(tx remit.Tx) error {
			res, err := tx.SearchCustomers(ctx, benchScope, remit.CustomerSearch{Query: q, Limit: 10})
			if err == nil && (len(res.Customers) != 1 || res.Customers[0].ID != id) {
				err = fmt.Errorf("search found %d customers, want only %s", len(res.Customers), id)
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchEmail measures SearchCustomers with email:'seed-<n>@example.com'
// (an exact, case-insensitive match answered by the folded email index)
// among benchSeeded customers.
func BenchmarkSearchEmail(b *testing.B) {
	benchSearch(b, benchPick, func(n int) string { return "email:'" + loadgen.SeedEmail(n) + "'" })
}

// BenchmarkSearchNameSubstring measures SearchCustomers with
// name~'ustomer <n>' (a substring answered by the trigram index, then
// checked exactly) among benchSeeded customers. n has 5 digits (10000 and
// up), so that exactly one seeded name contains the pattern.
func BenchmarkSearchNameSubstring(b *testing.B) {
	benchSearch(b, func(i int) int { return 10_000 + (i*7919)%10_000 }, func(n int) string {
		return "name~'" + loadgen.SeedName(n)[len("Seed C"):] + "'"
	})
}

// BenchmarkListByEmail measures ListCustomers with an exact email filter
// (GET /v1/customers?email=...&limit=10) among benchSeeded customers, one
// View per list.
func BenchmarkListByEmail(b *testing.B) {
	s, ids := benchStore(b, benchSeeded)
	ctx := b.Context()
	emails := make([]string, benchSeeded+1)
	for n := 1; n <= benchSeeded; n++ {
		emails[n] = loadgen.SeedEmail(n)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		n := benchPick(i)
		i++
		email := emails[n]
		err := s.View(ctx, func(tx remit.Tx) error {
			cs, more, err := tx.ListCustomers(ctx, benchScope, remit.CustomerFilter{Page: remit.Page{Limit: 10}, Email: &email})
			if err == nil && (len(cs) != 1 || more || cs[0].ID != ids[n-1]) {
				err = fmt.Errorf("list by %s: %d customers (more %t), want only %s", email, len(cs), more, ids[n-1])
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
