package loadgen_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"remit/loadgen"
)

const testKey = "sk_test_loadgen"

// fakeStripe is a tiny in-memory implementation of the four customer
// endpoints loadgen uses. Protocol violations (missing auth, headers, reused
// idempotency keys) are answered with a 400, which loadgen counts as errors.
type fakeStripe struct {
	mu      sync.Mutex
	next    int
	byID    map[string]*fakeCustomer
	byEmail map[string][]string
	idem    map[string]bool
	hits    map[string]int // route -> requests

	failAll   int  // answer every request with this status
	failGets  bool // answer GETs with 500 (prefill still works)
	breakList bool // list ignores the email filter
	hang      bool // never answer; block until the client goes away
	// wrong names the lookups of seeded customers ("email", "metadata",
	// "name", "created" searches, "list", "retrieve") that answer with
	// another customer than the one asked for (search_test.go).
	wrong map[string]bool

	stop  chan struct{}
	conns atomic.Int64 // TCP connections accepted
}

type fakeCustomer struct {
	ID          string            `json:"id"`
	Object      string            `json:"object"`
	Email       string            `json:"email"`
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Phone       string            `json:"phone"`
	Metadata    map[string]string `json:"metadata"`
	Created     int64             `json:"created"`
	Livemode    bool              `json:"livemode"`
}

func newFake(t *testing.T, configure func(*fakeStripe)) (*fakeStripe, *httptest.Server) {
	t.Helper()
	f := &fakeStripe{
		byID:    map[string]*fakeCustomer{},
		byEmail: map[string][]string{},
		idem:    map[string]bool{},
		hits:    map[string]int{},
		stop:    make(chan struct{}),
	}
	if configure != nil {
		configure(f)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/customers", f.create)
	mux.HandleFunc("GET /v1/customers", f.list)
	mux.HandleFunc("GET /v1/customers/search", f.search)
	mux.HandleFunc("GET /v1/customers/{id}", f.retrieve)
	mux.HandleFunc("POST /v1/customers/{id}", f.update)
	srv := httptest.NewUnstartedServer(f.middleware(mux))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			f.conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)                // runs second
	t.Cleanup(func() { close(f.stop) }) // runs first: releases hung handlers
	return f, srv
}

func stripeError(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"type": typ, "message": msg}})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fakeStripe) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f.hang {
			select {
			case <-r.Context().Done():
			case <-f.stop:
			}
			return
		}
		if f.failAll != 0 {
			stripeError(w, f.failAll, "api_error", "boom")
			return
		}
		if f.failGets && r.Method == http.MethodGet {
			stripeError(w, 500, "api_error", "reads are broken")
			return
		}
		if got := r.Header.Get("Authorization"); got != "Bearer "+testKey {
			stripeError(w, 401, "invalid_request_error", "bad Authorization header "+strconv.Quote(got))
			return
		}
		if got := r.Header.Get("Stripe-Version"); got != "2026-03-25.dahlia" {
			stripeError(w, 400, "invalid_request_error", "bad Stripe-Version "+strconv.Quote(got))
			return
		}
		if r.Method == http.MethodPost {
			if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
				stripeError(w, 400, "invalid_request_error", "bad Content-Type "+strconv.Quote(ct))
				return
			}
			key := r.Header.Get("Idempotency-Key")
			if key == "" {
				stripeError(w, 400, "invalid_request_error", "missing Idempotency-Key")
				return
			}
			f.mu.Lock()
			reused := f.idem[key]
			f.idem[key] = true
			f.mu.Unlock()
			if reused {
				stripeError(w, 400, "idempotency_error", "Idempotency-Key reused")
				return
			}
		}
		if err := r.ParseForm(); err != nil {
			stripeError(w, 400, "invalid_request_error", err.Error())
			return
		}
		next.ServeHTTP(w, r)
	})
}

func metadataFrom(form map[string][]string, into map[string]string) {
	for k, v := range form {
		if name, ok := strings.CutPrefix(k, "metadata["); ok && strings.HasSuffix(name, "]") {
			into[strings.TrimSuffix(name, "]")] = v[0]
		}
	}
}

func (f *fakeStripe) create(w http.ResponseWriter, r *http.Request) {
	email := r.PostForm.Get("email")
	if email == "" || r.PostForm.Get("name") == "" || r.PostForm.Get("metadata[order]") == "" {
		stripeError(w, 400, "invalid_request_error", "create without email/name/metadata[order]")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hits["create"]++
	f.next++
	c := &fakeCustomer{
		ID: "cus_" + strconv.Itoa(f.next), Object: "customer", Email: email,
		Name: r.PostForm.Get("name"), Description: r.PostForm.Get("description"),
		Phone: r.PostForm.Get("phone"), Metadata: map[string]string{}, Created: time.Now().Unix(),
	}
	metadataFrom(r.PostForm, c.Metadata)
	f.byID[c.ID] = c
	f.byEmail[email] = append(f.byEmail[email], c.ID)
	writeJSON(w, c)
}

func (f *fakeStripe) retrieve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hits["retrieve"]++
	c, ok := f.byID[r.PathValue("id")]
	if !ok {
		stripeError(w, 404, "invalid_request_error", "No such customer: "+r.PathValue("id"))
		return
	}
	if f.wrong["retrieve"] {
		c = f.other(c)
	}
	writeJSON(w, c)
}

func (f *fakeStripe) update(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hits["update"]++
	c, ok := f.byID[r.PathValue("id")]
	if !ok {
		stripeError(w, 404, "invalid_request_error", "No such customer: "+r.PathValue("id"))
		return
	}
	if n := r.PostForm.Get("name"); n != "" {
		c.Name = n
	}
	metadataFrom(r.PostForm, c.Metadata)
	if c.Metadata["seen"] == "" {
		stripeError(w, 400, "invalid_request_error", "update without metadata[seen]")
		return
	}
	writeJSON(w, c)
}

func (f *fakeStripe) list(w http.ResponseWriter, r *http.Request) {
	limit, err := strconv.Atoi(r.Form.Get("limit"))
	if err != nil || limit < 1 || limit > 100 {
		limit = 10
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hits["list"]++
	var ids []string
	if email := r.Form.Get("email"); email != "" && !f.breakList {
		ids = slices.Clone(f.byEmail[email])
		if f.wrong["list"] {
			for i, id := range ids {
				ids[i] = f.other(f.byID[id]).ID
			}
		}
	} else {
		for id := range f.byID {
			ids = append(ids, id)
		}
	}
	slices.Reverse(ids) // newest first, like Stripe
	data := []*fakeCustomer{}
	for _, id := range ids {
		if len(data) == limit {
			break
		}
		data = append(data, f.byID[id])
	}
	writeJSON(w, map[string]any{"object": "list", "data": data, "has_more": len(ids) > len(data), "url": "/v1/customers"})
}

func (f *fakeStripe) count(route string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[route]
}

func TestOps(t *testing.T) {
	for _, op := range loadgen.Ops {
		if slices.Contains(loadgen.SeededOps, op) {
			continue // TestSeededOps
		}
		t.Run(op, func(t *testing.T) {
			f, srv := newFake(t, nil)
			base := srv.URL
			if op == loadgen.OpMixed {
				base += "/v1/" // tolerated
			}
			var progress bytes.Buffer
			start := time.Now()
			res, err := loadgen.Run(context.Background(), loadgen.Config{
				BaseURL: base, APIKey: testKey, Op: op,
				Concurrency: 4, Duration: 300 * time.Millisecond, Prefill: 50,
				Progress: &progress,
			})
			took := time.Since(start)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			t.Log(res)
			if res.Op != op || res.Concurrency != 4 {
				t.Errorf("Op/Concurrency = %q/%d", res.Op, res.Concurrency)
			}
			if res.Requests <= 0 {
				t.Errorf("Requests = %d, want > 0", res.Requests)
			}
			if res.Errors != 0 {
				t.Errorf("Errors = %d, samples %q", res.Errors, res.ErrorSamples)
			}
			if !(0 < res.P50 && res.P50 <= res.P90 && res.P90 <= res.P99 && res.P99 <= res.Max) {
				t.Errorf("percentiles not ordered: p50 %v p90 %v p99 %v max %v", res.P50, res.P90, res.P99, res.Max)
			}
			if res.Elapsed < 300*time.Millisecond || took > 3*time.Second {
				t.Errorf("Elapsed = %v, Run took %v", res.Elapsed, took)
			}
			if want := float64(res.Requests) / res.Elapsed.Seconds(); res.PerSecond != want {
				t.Errorf("PerSecond = %v, want %v", res.PerSecond, want)
			}
			// MaxConnsPerHost bounds connections open at once, not over
			// the run: a request still in flight when a phase ends is
			// cancelled and its connection closed, and its worker may
			// dial again. Reuse shows as a handful of connections for
			// hundreds of requests, never one per request.
			if n := f.conns.Load(); n > 2*4 || n*20 > res.Requests+int64(res.PrefillCount) {
				t.Errorf("server saw %d connections for %d requests, want at most 8 (keep-alive reuse)", n, res.Requests+int64(res.PrefillCount))
			}
			if op == loadgen.OpCreate {
				if res.PrefillCount != 0 || progress.Len() != 0 {
					t.Errorf("create should not prefill: count %d, progress %q", res.PrefillCount, progress.String())
				}
				if got := f.count("create"); int64(got) < res.Requests {
					t.Errorf("server saw %d creates, loadgen reported %d", got, res.Requests)
				}
				return
			}
			if res.PrefillCount != 50 || res.PrefillPerSecond <= 0 {
				t.Errorf("prefill count %d rate %v", res.PrefillCount, res.PrefillPerSecond)
			}
			if !strings.Contains(progress.String(), "prefill 50/50 (100%)") || !strings.Contains(progress.String(), "prefill 5/50 (10%)") {
				t.Errorf("progress output:\n%s", progress.String())
			}
			if op == loadgen.OpMixed {
				for _, route := range []string{"create", "retrieve", "update", "list"} {
					if f.count(route) == 0 {
						t.Errorf("mixed never hit %s", route)
					}
				}
			}
		})
	}
}

func TestServerErrorsCounted(t *testing.T) {
	_, srv := newFake(t, func(f *fakeStripe) { f.failAll = 500 })
	res, err := loadgen.Run(context.Background(), loadgen.Config{
		BaseURL: srv.URL, APIKey: testKey, Op: loadgen.OpCreate,
		Concurrency: 4, Duration: 300 * time.Millisecond,
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	t.Log(res)
	if res.Requests != 0 || res.Errors == 0 {
		t.Errorf("Requests %d Errors %d, want 0 and > 0", res.Requests, res.Errors)
	}
	if len(res.ErrorSamples) != 1 || !strings.Contains(res.ErrorSamples[0], "HTTP 500") || !strings.Contains(res.ErrorSamples[0], "api_error: boom") {
		t.Errorf("ErrorSamples = %q", res.ErrorSamples)
	}
	if res.P50 != 0 || res.Max != 0 {
		t.Errorf("latencies of failed requests leaked into percentiles: %v", res)
	}
	if !strings.Contains(res.String(), "first error: create: POST /v1/customers: HTTP 500") {
		t.Errorf("String() = %s", res)
	}
}

func TestMeasuredFailuresAfterPrefill(t *testing.T) {
	_, srv := newFake(t, func(f *fakeStripe) { f.failGets = true })
	res, err := loadgen.Run(context.Background(), loadgen.Config{
		BaseURL: srv.URL, APIKey: testKey, Op: loadgen.OpRetrieve,
		Concurrency: 4, Duration: 200 * time.Millisecond, Prefill: 50,
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if res.PrefillCount != 50 || res.Requests != 0 || res.Errors == 0 || len(res.ErrorSamples) == 0 {
		t.Errorf("got %v, samples %q", res, res.ErrorSamples)
	}
}

func TestPrefillFailureIsAnError(t *testing.T) {
	_, srv := newFake(t, func(f *fakeStripe) { f.failAll = 503 })
	_, err := loadgen.Run(context.Background(), loadgen.Config{
		BaseURL: srv.URL, APIKey: testKey, Op: loadgen.OpRetrieve,
		Concurrency: 4, Duration: time.Minute, Prefill: 50,
	})
	if err == nil || !strings.Contains(err.Error(), "prefill") || !strings.Contains(err.Error(), "HTTP 503") {
		t.Fatalf("err = %v, want a prefill error mentioning HTTP 503", err)
	}
}

func TestWrongKeyIsCounted(t *testing.T) {
	_, srv := newFake(t, nil)
	res, err := loadgen.Run(context.Background(), loadgen.Config{
		BaseURL: srv.URL, APIKey: "sk_test_wrong", Op: loadgen.OpCreate,
		Concurrency: 2, Duration: 100 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Errors == 0 || len(res.ErrorSamples) == 0 || !strings.Contains(res.ErrorSamples[0], "HTTP 401") {
		t.Errorf("got %v", res)
	}
}

func TestListMismatchCounted(t *testing.T) {
	_, srv := newFake(t, func(f *fakeStripe) { f.breakList = true })
	res, err := loadgen.Run(context.Background(), loadgen.Config{
		BaseURL: srv.URL, APIKey: testKey, Op: loadgen.OpListByEmail,
		Concurrency: 4, Duration: 200 * time.Millisecond, Prefill: 20,
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if res.Requests != 0 || res.Errors == 0 || len(res.ErrorSamples) == 0 ||
		!strings.Contains(res.ErrorSamples[0], "want exactly the 1 customer with that email, got 10") {
		t.Errorf("got %v, samples %q", res, res.ErrorSamples)
	}
}

func TestCancel(t *testing.T) {
	hanging := func(f *fakeStripe) { f.hang = true }
	cases := []struct {
		name string
		op   string
	}{
		{"measuring", loadgen.OpCreate},
		{"prefill", loadgen.OpRetrieve},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, srv := newFake(t, hanging)
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(100*time.Millisecond, cancel)
			start := time.Now()
			res, err := loadgen.Run(ctx, loadgen.Config{
				BaseURL: srv.URL, APIKey: testKey, Op: tc.op,
				Concurrency: 4, Duration: time.Minute, Prefill: 50,
			})
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("Run took %v after cancel at 100ms", took)
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want context.Canceled", err)
			}
			if res.Errors != 0 {
				t.Errorf("abandoned requests counted as errors: %v", res)
			}
		})
	}
	t.Run("already cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := loadgen.Run(ctx, loadgen.Config{BaseURL: "http://127.0.0.1:1", APIKey: testKey, Op: loadgen.OpMixed})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
}

func TestDurationBoundsHangingServer(t *testing.T) {
	_, srv := newFake(t, func(f *fakeStripe) { f.hang = true })
	start := time.Now()
	res, err := loadgen.Run(context.Background(), loadgen.Config{
		BaseURL: srv.URL, APIKey: testKey, Op: loadgen.OpCreate,
		Concurrency: 4, Duration: 200 * time.Millisecond,
	})
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("Run took %v with Duration 200ms", took)
	}
	if err != nil || res.Requests != 0 || res.Errors != 0 {
		t.Errorf("got %v, err %v", res, err)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []loadgen.Config{
		{BaseURL: "http://127.0.0.1:1", Op: "delete"},
		{BaseURL: "http://127.0.0.1:1", Op: ""},
		{BaseURL: "127.0.0.1:1", Op: loadgen.OpCreate},
		{BaseURL: "http://127.0.0.1:1", Op: loadgen.OpRetrieve, Prefill: -1},
	} {
		if _, err := loadgen.Run(context.Background(), cfg); err == nil {
			t.Errorf("Run(%+v) succeeded, want a config error", cfg)
		}
	}
}

func TestResultString(t *testing.T) {
	r := loadgen.Result{
		Op: "create", Concurrency: 16, Requests: 78124, Elapsed: 10 * time.Second, PerSecond: 7812.4,
		P50: 1940 * time.Microsecond, P90: 3100 * time.Microsecond, P99: 6 * time.Millisecond, Max: 21 * time.Millisecond,
	}
	want := "create c=16 10.0s: 7,812 req/s  p50 1.9ms  p90 3.1ms  p99 6.0ms  max 21ms  errors 0"
	if got := r.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
	r.Op, r.PrefillCount, r.PrefillPerSecond = "mixed", 1000, 2380.2
	r.P50, r.Max, r.Errors, r.ErrorSamples = 850*time.Microsecond, 1200*time.Millisecond, 1234, []string{"x: HTTP 500"}
	want = "mixed c=16 10.0s: 7,812 req/s  p50 850µs  p90 3.1ms  p99 6.0ms  max 1.2s  errors 1,234  (prefill 1,000 @ 2,380/s)  first error: x: HTTP 500"
	if got := r.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
}

// Example of the intended use from a benchmark command.
func ExampleRun() {
	res, err := loadgen.Run(context.Background(), loadgen.Config{
		BaseURL: "http://127.0.0.1:12111", APIKey: "sk_test_123", Op: loadgen.OpMixed,
		Concurrency: 16, Duration: 10 * time.Second, Prefill: 1000,
	})
	if err != nil {
		fmt.Println("loadgen:", err)
		return
	}
	fmt.Println(res)
}
