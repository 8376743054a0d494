package api_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"remit"
	"remit/internal/remittest"
	"remit/loadgen"
)

// End-to-end benchmarks: a real remit server (remittest.Start: the API
// handler over a SQLite file, on loopback HTTP) and a plain keep-alive
// net/http client sending form bodies, as the load generator and the SDKs
// do. Each runs 8 goroutines per CPU (c=16 on two cores, like
// scripts/bench.sh), so the numbers include net/http on both sides.

// benchParallelism is the goroutines per GOMAXPROCS of the HTTP benchmarks.
const benchParallelism = 8

// benchHTTPSeeded is how many customers BenchmarkHTTPRetrieveCustomer stores
// before it measures.
const benchHTTPSeeded = 20_000

// benchHTTPClient returns a keep-alive HTTP/1.1 client with enough idle
// connections for every goroutine of b.RunParallel, without proxy or
// compression (loadgen's transport); its connections close with the test.
func benchHTTPClient(b *testing.B) *http.Client {
	n := benchParallelism * 64 // more than GOMAXPROCS*benchParallelism on any machine we run
	t := &http.Transport{
		Proxy:               nil,
		MaxIdleConns:        n,
		MaxIdleConnsPerHost: n,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	t.Protocols = new(http.Protocols)
	t.Protocols.SetHTTP1(true)
	b.Cleanup(t.CloseIdleConnections)
	return &http.Client{Transport: t}
}

// benchRequest sends one request with the server's key and Stripe-Version
// (and the Idempotency-Key when idemKey is not empty) and reads the whole
// response so that the connection is reused. It returns the body when
// keep is set.
func benchRequest(b *testing.B, c *http.Client, srv *remittest.Server, method, path, body, idemKey string, keep bool) ([]byte, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(b.Context(), method, srv.URL+path, rd)
	if err != nil {
		return nil, err
	}
	h := req.Header
	h["Authorization"] = []string{"Bearer " + srv.Key}
	h["Stripe-Version"] = []string{loadgen.StripeVersion}
	if body != "" {
		h["Content-Type"] = []string{"application/x-www-form-urlencoded"}
	}
	if idemKey != "" {
		h["Idempotency-Key"] = []string{idemKey}
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out []byte
	if keep || resp.StatusCode != http.StatusOK {
		out, err = io.ReadAll(resp.Body)
	} else {
		_, err = io.Copy(io.Discard, resp.Body)
	}
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, out)
	}
	return out, nil
}

// benchCreateBody is the load generator's create body for customer n:
// email, name, description, phone and two metadata keys.
func benchCreateBody(n int64) string {
	ns := strconv.FormatInt(n, 10)
	return "email=" + url.QueryEscape("bench-"+ns+"@example.com") +
		"&name=Bench+User+" + ns +
		"&description=Load+test+customer+" + ns + "+created+by+remit+loadgen" +
		"&phone=%2B1555" + fmt.Sprintf("%07d", n%10_000_000) +
		"&metadata[order]=" + ns +
		"&metadata[source]=remit-loadgen"
}

// benchIdemKey is the Idempotency-Key of create n: unique per n (n times an
// odd constant is a permutation of uint64) and spread over the key space like
// the SDKs' random UUIDs, but the same on every run.
func benchIdemKey(n int64) string {
	return fmt.Sprintf("bench-%016x", uint64(n)*0x9E3779B97F4A7C15)
}

// BenchmarkHTTPCreateCustomer measures POST /v1/customers end to end on a
// fresh database: a six-field body with metadata and its own
// Idempotency-Key per request (so each create also stores its idempotent
// result), concurrent requests sharing SQLite's group commit.
func BenchmarkHTTPCreateCustomer(b *testing.B) {
	srv := remittest.Start(b)
	c := benchHTTPClient(b)
	var next atomic.Int64
	body, err := benchRequest(b, c, srv, http.MethodPost, "/v1/customers", benchCreateBody(0), benchIdemKey(0), true)
	if err != nil {
		b.Fatal(err)
	}
	if !strings.Contains(string(body), `"email":"bench-0@example.com"`) {
		b.Fatalf("create answered %s", body)
	}
	b.SetParallelism(benchParallelism)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := next.Add(1)
			if _, err := benchRequest(b, c, srv, http.MethodPost, "/v1/customers", benchCreateBody(n), benchIdemKey(n), false); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkHTTPRetrieveCustomer measures GET /v1/customers/{id} end to end,
// for ids of benchHTTPSeeded customers taken in a fixed scattered order.
// The customers are stored once, before the measured sub-benchmark, straight
// through remit.Service.CreateCustomer (as `remit bench --seed` does) in
// Updates of 5,000, with a stepped clock, counted ids and given invoice
// prefixes so that they are the same on every run.
func BenchmarkHTTPRetrieveCustomer(b *testing.B) {
	srv := remittest.Start(b)
	ids := benchSeedCustomers(b, srv, benchHTTPSeeded)
	c := benchHTTPClient(b)
	paths := make([]string, len(ids))
	for i, id := range ids {
		paths[i] = "/v1/customers/" + id
	}
	body, err := benchRequest(b, c, srv, http.MethodGet, paths[0], "", "", true)
	if err != nil {
		b.Fatal(err)
	}
	if !strings.Contains(string(body), `"id":"`+ids[0]+`"`) {
		b.Fatalf("retrieve answered %s", body)
	}
	// The sub-benchmark keeps the seeding out of b.RunParallel's repeated
	// runs: this function runs once, the sub-benchmark as often as needed.
	b.Run("parallel", func(b *testing.B) {
		var next atomic.Int64
		b.SetParallelism(benchParallelism)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				i := next.Add(1)
				if _, err := benchRequest(b, c, srv, http.MethodGet, paths[(i*7919)%int64(len(paths))], "", "", false); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// benchSeedCustomers stores n customers in the server's default account
// through the service and returns their ids in creation order.
func benchSeedCustomers(b *testing.B, srv *remittest.Server, n int) []string {
	b.Helper()
	ctx := b.Context()
	svc := remit.NewService()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var now time.Time
	svc.Now = func() time.Time { return now }
	svc.IDs = &benchIDs{now: svc.Now}
	set := func(v string) remit.Emptyable[string] { return remit.Emptyable[string]{Set: true, Value: v} }
	ids := make([]string, 0, n)
	const batch = 5_000
	for lo := 1; lo <= n; lo += batch {
		hi := min(lo+batch-1, n)
		err := srv.Store.Update(ctx, func(tx remit.Tx) error {
			for i := lo; i <= hi; i++ {
				now = start.Add(time.Duration(i) * 100 * time.Millisecond)
				prefix := fmt.Sprintf("%08X", uint32(i)*2654435761)
				c, err := svc.CreateCustomer(ctx, tx, srv.Scope, &remit.CustomerCreateParams{CustomerParams: remit.CustomerParams{
					Email:         set(loadgen.SeedEmail(i)),
					Name:          set(loadgen.SeedName(i)),
					Phone:         set(loadgen.SeedPhone(i)),
					Description:   set(loadgen.SeedDescription(i)),
					InvoicePrefix: &prefix,
					Metadata: remit.Metadata{Set: true, Value: map[string]string{
						"order":  strconv.Itoa(i),
						"source": loadgen.SeedSource,
					}},
				}})
				if err != nil {
					return fmt.Errorf("customer %d: %w", i, err)
				}
				ids = append(ids, c.ID)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return ids
}

// benchIDs is a remit.IDGenerator whose ids are time-ordered like
// remit.RandomIDs' (7 base62 characters of the clock's milliseconds) but end
// with a counter instead of random characters, so seeded ids are the same
// on every run.
type benchIDs struct {
	now  func() time.Time
	next int64
}

func (g *benchIDs) NewID(prefix string, n int) string {
	const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	g.next++
	out := make([]byte, n)
	for i, v := 6, g.now().UnixMilli(); i >= 0; i-- {
		out[i], v = digits[v%62], v/62
	}
	for i, v := n-1, g.next; i >= 7; i-- {
		out[i], v = digits[v%62], v/62
	}
	return prefix + string(out)
}
