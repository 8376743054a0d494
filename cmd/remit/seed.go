package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"remit"
	"remit/loadgen"
	"remit/sqlstore"
)

// Seeding (`remit bench --seed N --db PATH`) stores N synthetic customers
// straight into a database (a SQLite file or a postgres:// URL), without
// HTTP, so that lookups can be measured at a scale that creating through
// the API would take too long to reach. Each customer goes through remit.Service.CreateCustomer, exactly
// like POST /v1/customers (same validation, same rows and search indexes);
// only the idempotency record that an API create leaves is missing.
//
// Seeded customer n (1..N) is named deterministically (loadgen.SeedEmail
// and friends: seed-<n>@example.com, "Seed Customer <n>", +1555<n as 7
// digits>, metadata order=<n> and source=remit-seed) so that
// `remit bench --op search-... --seeded N` can look up existing ones, and
// created in the order of n, evenly over the 30 days before the seeding.
//
// The customers belong to the default account (the one `remit serve` on the
// same file uses), in test mode unless --api-key is a live key; --api-key,
// if given, is made a key of that account, as `remit serve --api-key` does.
//
// Seed a database that no server is using: seeding holds SQLite's write lock
// for whole batches of seedBatch customers (a few hundred milliseconds
// each), during which a server's writes would wait and could time out.

// seedBatch is how many customers one transaction stores.
const seedBatch = 5000

// seedSpan is how far back the seeded creation times go.
const seedSpan = 30 * 24 * time.Hour

// seedResult is what a seeding did; --json prints it.
type seedResult struct {
	DB        string  `json:"db"`
	Account   string  `json:"account"`
	Livemode  bool    `json:"livemode"`
	Customers int     `json:"customers"`
	Seconds   float64 `json:"seconds"`
	PerSecond float64 `json:"per_second"`
	// FirstCreated and LastCreated are the created times (Unix seconds) of
	// customers 1 and N.
	FirstCreated int64 `json:"first_created"`
	LastCreated  int64 `json:"last_created"`
}

// seedCustomers stores customers 1..n in the database at path.
func seedCustomers(ctx context.Context, path, key string, n, batch int, stdout, stderr io.Writer) (seedResult, error) {
	res := seedResult{DB: redactDB(path)}
	if n < 1 || batch < 1 {
		return res, errors.New("seed: the count and the batch size must be at least 1")
	}
	store, err := sqlstore.Open(path, sqlstore.Options{})
	if err != nil {
		return res, err
	}
	defer store.Close()

	svc := remit.NewService()
	acct, fresh, err := svc.Bootstrap(ctx, store, key)
	if err != nil {
		return res, err
	}
	if fresh != nil {
		fmt.Fprintf(stdout, "Created account %s.\nSecret key (shown once, keep it): %s\nPublishable key: %s\n",
			fresh.ID, fresh.SecretKey, fresh.PublishableKey)
	}
	_, live, _ := remit.KeyKind(key)
	scope := remit.Scope{Account: acct.ID, Livemode: live}
	res.Account, res.Livemode = acct.ID, live

	// Numbers would repeat: lookups could no longer expect one customer.
	first := loadgen.SeedEmail(1)
	err = store.View(ctx, func(tx remit.Tx) error {
		cs, _, err := tx.ListCustomers(ctx, scope, remit.CustomerFilter{Page: remit.Page{Limit: 1}, Email: &first})
		if err == nil && len(cs) > 0 {
			return fmt.Errorf("seed: %s already holds seeded customers (%s is %s); seed a new database", path, first, cs[0].ID)
		}
		return err
	})
	if err != nil {
		return res, err
	}

	// The service's clock (which also stamps the ids) gives customer i the
	// creation time start + (i-1)*step.
	end := time.Now()
	step := seedSpan / time.Duration(n)
	start := end.Add(-seedSpan)
	var now time.Time
	svc.Now = func() time.Time { return now }
	res.FirstCreated, res.LastCreated = start.Unix(), start.Add(time.Duration(n-1)*step).Unix()

	began := time.Now()
	lastReport, lastDone := began, 0
	nextReport := n / 20
	for lo := 1; lo <= n; lo += batch {
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("seed: interrupted after %d customers (1..%d are committed): %w", lo-1, lo-1, err)
		}
		hi := min(lo+batch-1, n)
		err := store.Update(ctx, func(tx remit.Tx) error {
			for i := lo; i <= hi; i++ {
				now = start.Add(time.Duration(i-1) * step)
				if _, err := svc.CreateCustomer(ctx, tx, scope, seedParams(i)); err != nil {
					return fmt.Errorf("seed: customer %d: %w", i, err)
				}
			}
			return nil
		})
		if err != nil {
			if ctx.Err() != nil {
				return res, fmt.Errorf("seed: interrupted after %d customers (1..%d are committed): %w", lo-1, lo-1, ctx.Err())
			}
			return res, err
		}
		res.Customers = hi
		if hi >= nextReport || hi == n {
			t := time.Now()
			fmt.Fprintf(stderr, "seeded %s/%s (%d%%) in %s: %s/s (last %s: %s/s)\n",
				commas(hi), commas(n), hi*100/n, t.Sub(began).Round(100*time.Millisecond),
				commas(int(float64(hi)/t.Sub(began).Seconds())), commas(hi-lastDone),
				commas(int(float64(hi-lastDone)/t.Sub(lastReport).Seconds())))
			lastReport, lastDone = t, hi
			for nextReport <= hi {
				nextReport += max(n/20, 1)
			}
		}
	}
	// A bulk load leaves the trigram index in many segments, each probed
	// by every substring search: fold them into one.
	if err := store.Optimize(ctx); err != nil {
		return res, err
	}
	// Closing folds the WAL back into the database file; it is part of the
	// cost, and leaves a file whose size is the data's.
	if err := store.Close(); err != nil {
		return res, err
	}
	elapsed := time.Since(began)
	res.Seconds = elapsed.Seconds()
	res.PerSecond = float64(n) / elapsed.Seconds()
	return res, nil
}

// seedParams are the create parameters of seeded customer i, shaped like the
// load generator's creates (six fields, two metadata keys).
func seedParams(i int) *remit.CustomerCreateParams {
	set := func(v string) remit.Emptyable[string] { return remit.Emptyable[string]{Set: true, Value: v} }
	return &remit.CustomerCreateParams{CustomerParams: remit.CustomerParams{
		Email:       set(loadgen.SeedEmail(i)),
		Name:        set(loadgen.SeedName(i)),
		Phone:       set(loadgen.SeedPhone(i)),
		Description: set(loadgen.SeedDescription(i)),
		Metadata: remit.Metadata{Set: true, Value: map[string]string{
			"order":  strconv.Itoa(i),
			"source": loadgen.SeedSource,
		}},
	}}
}

// commas renders n with thousands separators: 7812 -> "7,812".
func commas(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + commas(-n)
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
