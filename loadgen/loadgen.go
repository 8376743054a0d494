// Package loadgen is a load generator for any Stripe-compatible HTTP server
// (remit, stripe-mock, ...). It speaks Stripe's v1 customer API the way the
// official SDKs do: form-encoded POST bodies, a Bearer secret key, a
// Stripe-Version header and a unique Idempotency-Key on every POST.
//
// A run optionally prefills customers through the API, then drives one
// operation (or a mix) from Concurrency workers for Duration and reports
// throughput and exact latency percentiles.
package loadgen

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Operation names accepted in Config.Op.
const (
	OpCreate      = "create"
	OpRetrieve    = "retrieve"
	OpUpdate      = "update"
	OpListByEmail = "list-by-email"
	OpMixed       = "mixed"
)

// Ops lists every operation name Run accepts, in a stable order; the
// lookups of seeded customers (SeededOps, search.go) come last.
var Ops = append([]string{OpCreate, OpRetrieve, OpUpdate, OpListByEmail, OpMixed}, SeededOps...)

// StripeVersion is the Stripe-Version header sent with every request.
const StripeVersion = "2026-03-25.dahlia"

// Defaults applied by Run to zero-valued Config fields.
const (
	DefaultConcurrency = 16
	DefaultDuration    = 10 * time.Second
	DefaultPrefill     = 1000
)

// requestTimeout bounds any single HTTP exchange (dial to last body byte).
// The measuring phase is additionally bounded by Duration; this mainly keeps
// the prefill phase from hanging forever on a stuck server.
const requestTimeout = 60 * time.Second

// Config describes one benchmark run.
type Config struct {
	// BaseURL is the server root, e.g. http://127.0.0.1:12111 (no trailing
	// /v1; a trailing "/" or "/v1" is tolerated and stripped).
	BaseURL string
	// APIKey is the secret key sent as "Authorization: Bearer <APIKey>".
	APIKey string
	// Op is one of create | retrieve | update | list-by-email | mixed, or
	// one of the lookups of seeded customers in SeededOps.
	// mixed is 20% create, 60% retrieve, 10% update, 10% list-by-email.
	Op string
	// Concurrency is the number of workers (default 16). The client allows
	// exactly Concurrency keep-alive connections to the server, so each
	// worker effectively owns one connection.
	Concurrency int
	// Duration is the measuring time (default 10s). The run stops by itself
	// when it elapses; requests still in flight at that moment are
	// abandoned and counted neither as requests nor as errors.
	Duration time.Duration
	// Prefill is the number of customers created through the API before
	// measuring (default 1000). It is needed by retrieve, update,
	// list-by-email and mixed, which pick random prefilled customers; it is
	// skipped for create. A negative value means "no prefill", which is only
	// valid for create. Prefill uses the same concurrency, its rate is
	// reported separately, and any prefill failure aborts the run.
	Prefill int
	// Seeded is N, the number of customers that `remit bench --seed N`
	// stored (numbered 1..N; see SeedEmail). The seeded ops (SeededOps)
	// need it and look up random customers among those N; the others ignore it.
	Seeded int
	// Progress, if non-nil, receives prefill progress lines (every ~10%).
	Progress io.Writer
}

// Result is what a run measured.
type Result struct {
	Op          string
	Concurrency int
	// Requests counts operations completed with a 2xx status (and, for
	// list-by-email, a body containing exactly the expected customer).
	Requests int64
	// Errors counts non-2xx responses, transport errors and content
	// mismatches. The first few distinct messages are kept in ErrorSamples.
	Errors       int64
	ErrorSamples []string
	// Elapsed is the wall time of the measuring phase (≈ Duration unless
	// the run was cancelled).
	Elapsed time.Duration
	// PerSecond is Requests / Elapsed.
	PerSecond float64
	// Latency percentiles over successful requests only (nearest rank,
	// exact). Latency is measured from just before the request is sent
	// until the response body has been fully read.
	P50, P90, P99, Max time.Duration
	// PrefillCount customers were created before measuring, at
	// PrefillPerSecond.
	PrefillCount     int
	PrefillPerSecond float64
}

// Run executes cfg against cfg.BaseURL and returns what it measured. It honours ctx cancellation.
//
// Run returns an error for an invalid Config or a failed prefill. If ctx is
// cancelled, Run returns promptly with whatever was measured so far and
// ctx.Err(). Non-2xx responses during the measuring phase are not errors of
// Run; they are counted in Result.Errors.
func Run(ctx context.Context, cfg Config) (Result, error) {
	cfg, plan, err := normalize(cfg)
	res := Result{Op: cfg.Op, Concurrency: cfg.Concurrency}
	if err != nil {
		return res, err
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}

	r := newRunner(cfg)
	defer r.transport.CloseIdleConnections()

	if plan.needsPool() {
		n, rate, err := r.prefill(ctx, cfg.Prefill, cfg.Progress)
		res.PrefillCount, res.PrefillPerSecond = n, rate
		if err != nil {
			return res, err
		}
	}
	if plan.needsSample() {
		if err := r.sampleSeeded(ctx, cfg.Progress); err != nil {
			return res, err
		}
	}

	r.measure(ctx, plan, cfg.Duration, &res)
	if err := ctx.Err(); err != nil {
		return res, err
	}
	return res, nil
}

func normalize(cfg Config) (Config, opPlan, error) {
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = DefaultConcurrency
	}
	if cfg.Duration <= 0 {
		cfg.Duration = DefaultDuration
	}
	if cfg.Prefill == 0 {
		cfg.Prefill = DefaultPrefill
	}
	plan, ok := plans[cfg.Op]
	if !ok {
		return cfg, plan, fmt.Errorf("loadgen: unknown op %q (want one of %s)", cfg.Op, strings.Join(Ops, ", "))
	}
	if plan.needsPool() && cfg.Prefill < 1 {
		return cfg, plan, fmt.Errorf("loadgen: op %q needs Prefill >= 1", cfg.Op)
	}
	if plan.needsSeeded() && cfg.Seeded < 1 {
		return cfg, plan, fmt.Errorf("loadgen: op %q needs Seeded >= 1: the number of customers stored by remit bench --seed N", cfg.Op)
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	base = strings.TrimSuffix(base, "/v1")
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return cfg, plan, fmt.Errorf("loadgen: invalid BaseURL %q (want e.g. http://127.0.0.1:12111)", cfg.BaseURL)
	}
	cfg.BaseURL = base
	return cfg, plan, nil
}

// newTransport returns an HTTP/1.1-only keep-alive transport allowing exactly
// n connections to the target.
func newTransport(n int) *http.Transport {
	t := &http.Transport{
		Proxy: nil, // never route a benchmark through an environment proxy
		DialContext: (&net.Dialer{
			Timeout:   5 * time.Second,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		MaxIdleConns:        n,
		MaxIdleConnsPerHost: n,
		MaxConnsPerHost:     n,
		IdleConnTimeout:     90 * time.Second,
		DisableKeepAlives:   false,
		DisableCompression:  true,
		ForceAttemptHTTP2:   false,
	}
	t.Protocols = new(http.Protocols)
	t.Protocols.SetHTTP1(true)
	return t
}

func newRunner(cfg Config) *runner {
	t := newTransport(cfg.Concurrency)
	return &runner{
		transport:   t,
		client:      &http.Client{Transport: t, Timeout: requestTimeout},
		customers:   cfg.BaseURL + "/v1/customers",
		auth:        "Bearer " + cfg.APIKey,
		runID:       newRunID(),
		concurrency: cfg.Concurrency,
		seeded:      cfg.Seeded,
		samples:     &sampler{max: maxErrorSamples},
	}
}

// prefill creates n customers with r.concurrency workers and stores them in
// r.pool. It stops at the first failure.
func (r *runner) prefill(ctx context.Context, n int, progress io.Writer) (int, float64, error) {
	r.pool = make([]customerRef, n)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		next, done atomic.Int64
		errOnce    sync.Once
		firstErr   error
		printMu    sync.Mutex
		wg         sync.WaitGroup
	)
	step := int64(max(1, n/10))
	start := time.Now()
	for range min(r.concurrency, n) {
		wg.Go(func() {
			w := r.newWorker(0)
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				if i >= int64(n) {
					return
				}
				ref, _, err := w.create(ctx, true)
				if err != nil {
					if ctx.Err() != nil {
						return // interrupted, reported below
					}
					errOnce.Do(func() {
						firstErr = fmt.Errorf("loadgen: prefill customer %d/%d: %w", i+1, n, err)
						cancel()
					})
					return
				}
				r.pool[i] = ref
				if d := done.Add(1); progress != nil && (d%step == 0 || d == int64(n)) {
					printMu.Lock()
					fmt.Fprintf(progress, "prefill %d/%d (%d%%)\n", d, n, d*100/int64(n))
					printMu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	count := int(done.Load())
	rate := float64(count) / max(elapsed.Seconds(), 1e-9)
	if firstErr != nil {
		return count, rate, firstErr
	}
	if err := ctx.Err(); err != nil {
		return count, rate, fmt.Errorf("loadgen: prefill interrupted after %d/%d customers: %w", count, n, err)
	}
	if progress != nil {
		fmt.Fprintf(progress, "prefill done: %s customers in %s (%s/s)\n",
			commas(int64(count)), fmtDuration(elapsed), commas(int64(rate+0.5)))
	}
	return count, rate, nil
}

// measure drives plan from r.concurrency workers until d elapses or ctx is
// done, and fills the measurement fields of res.
func (r *runner) measure(ctx context.Context, plan opPlan, d time.Duration, res *Result) {
	runCtx, cancel := context.WithTimeout(ctx, d)
	defer cancel()

	// Preallocate latency slices for a generous per-worker rate; append
	// grows them if the server is faster than that.
	perWorker := int(min(d.Seconds()*50000/float64(r.concurrency), 1<<18))
	perWorker = max(perWorker, 1024)

	workers := make([]*worker, r.concurrency)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range workers {
		w := r.newWorker(perWorker)
		workers[i] = w
		wg.Go(func() { w.loop(runCtx, plan) })
	}
	wg.Wait()
	res.Elapsed = time.Since(start)

	lats := make([][]time.Duration, len(workers))
	for i, w := range workers {
		res.Requests += w.requests
		res.Errors += w.errors
		lats[i] = w.lat
	}
	res.PerSecond = float64(res.Requests) / max(res.Elapsed.Seconds(), 1e-9)
	res.P50, res.P90, res.P99, res.Max = percentiles(lats)
	res.ErrorSamples = r.samples.list()
}

// loop runs operations until ctx is done. Failures that happen because the
// run is over (ctx done) are not counted.
func (w *worker) loop(ctx context.Context, plan opPlan) {
	for ctx.Err() == nil {
		kind := plan[w.rng.IntN(len(plan))]
		lat, err := w.do(ctx, kind)
		if err != nil {
			if ctx.Err() != nil {
				return // the run ended under this request
			}
			w.errors++
			w.r.samples.add(err.Error())
			continue
		}
		w.lat = append(w.lat, lat)
		w.requests++
	}
}
