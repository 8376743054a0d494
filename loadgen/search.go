package loadgen

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Lookups of seeded customers. `remit bench --seed N` stores N customers,
// numbered 1..N, straight into a database (no HTTP); the operations below
// look them up through the API at random and check that the expected
// customer is in every answer: a miss counts as an error, like a non-2xx
// status. Config.Seeded must be that N. None of them prefills.
const (
	// OpSearchEmail: GET /v1/customers/search?query=email:'seed-<n>@example.com'.
	OpSearchEmail = "search-email"
	// OpSearchMetadata: GET /v1/customers/search?query=metadata['order']:'<n>'.
	OpSearchMetadata = "search-metadata"
	// OpSearchNameSubstring: GET /v1/customers/search?query=name~'ustomer <n>',
	// a substring of "Seed Customer <n>". n is drawn from (N/10, N] so that
	// the substring names exactly one customer (no other seeded number
	// starts with n's digits).
	OpSearchNameSubstring = "search-name-substring"
	// OpSearchCreated: GET /v1/customers/search?query=created>=T AND
	// created<T+60&limit=10, where T+60 is just after the creation second of
	// a random sampled customer, which (results are newest first) must then
	// be on that first page; every result must lie in the window.
	OpSearchCreated = "search-created"
	// OpListByEmailSeeded: GET /v1/customers?email=seed-<n>@example.com&limit=10.
	OpListByEmailSeeded = "list-by-email-seeded"
	// OpRetrieveSeeded: GET /v1/customers/{id} of a random sampled customer.
	OpRetrieveSeeded = "retrieve-seeded"
)

// SeededOps lists the operations that read seeded customers.
var SeededOps = []string{OpSearchEmail, OpSearchMetadata, OpSearchNameSubstring, OpSearchCreated, OpListByEmailSeeded, OpRetrieveSeeded}

// SampleSize is how many seeded customers retrieve-seeded and search-created
// draw from. Before measuring, Run finds that many random seeded customers
// (all of them when Seeded is smaller) by email search, with Concurrency
// workers, to learn their ids and creation times; any failure aborts the run.
const SampleSize = 2000

// Seeded customer n (1 <= n <= N) has, deterministically:
//
//	email        SeedEmail(n)        seed-<n>@example.com
//	name         SeedName(n)         Seed Customer <n>
//	phone        SeedPhone(n)        +1555<n, zero-padded to 7 digits>
//	description  SeedDescription(n)  Seeded customer <n> created by remit bench --seed
//	metadata     order=<n>, source=SeedSource
//
// and they were created in the order of n, evenly spread over the 30 days
// before seeding.
const SeedSource = "remit-seed"

// SeedEmail is the email of seeded customer n.
func SeedEmail(n int) string { return "seed-" + strconv.Itoa(n) + "@example.com" }

// SeedName is the name of seeded customer n.
func SeedName(n int) string { return "Seed Customer " + strconv.Itoa(n) }

// SeedPhone is the phone of seeded customer n.
func SeedPhone(n int) string { return fmt.Sprintf("+1555%07d", n) }

// SeedDescription is the description of seeded customer n.
func SeedDescription(n int) string {
	return "Seeded customer " + strconv.Itoa(n) + " created by remit bench --seed"
}

// seededWhat names the seeded calls in error messages, with placeholders so
// that repeated failures deduplicate.
var seededWhat = map[opKind]string{
	kSearchEmail:       "search-email: GET /v1/customers/search?query=email:'seed-{n}@example.com'",
	kSearchMetadata:    "search-metadata: GET /v1/customers/search?query=metadata['order']:'{n}'",
	kSearchName:        "search-name-substring: GET /v1/customers/search?query=name~'ustomer {n}'",
	kSearchCreated:     "search-created: GET /v1/customers/search?query=created>={t} AND created<{t+60}&limit=10",
	kListByEmailSeeded: "list-by-email-seeded: GET /v1/customers?email=seed-{n}@example.com&limit=10",
	kRetrieveSeeded:    "retrieve-seeded: GET /v1/customers/{id}",
}

// seededRef is a sampled seeded customer.
type seededRef struct {
	n       int
	id      string
	created int64
}

// needsSeeded reports whether the plan reads seeded customers.
func (p opPlan) needsSeeded() bool {
	for _, k := range p {
		if _, ok := seededWhat[k]; ok {
			return true
		}
	}
	return false
}

// needsSample reports whether the plan needs the ids and creation times of
// some seeded customers.
func (p opPlan) needsSample() bool {
	for _, k := range p {
		if k == kSearchCreated || k == kRetrieveSeeded {
			return true
		}
	}
	return false
}

// doSeeded performs one seeded lookup.
func (w *worker) doSeeded(ctx context.Context, k opKind) (time.Duration, error) {
	switch k {
	case kSearchEmail:
		n := w.seededN()
		return w.expect(ctx, k, w.searchURL("email:'"+SeedEmail(n)+"'"), "search_result", n)
	case kSearchMetadata:
		n := w.seededN()
		return w.expect(ctx, k, w.searchURL("metadata['order']:'"+strconv.Itoa(n)+"'"), "search_result", n)
	case kSearchName:
		n := w.selectiveN()
		return w.expect(ctx, k, w.searchURL("name~'"+nameSubstring(n)+"'"), "search_result", n)
	case kSearchCreated:
		return w.searchCreated(ctx)
	case kListByEmailSeeded:
		n := w.seededN()
		return w.expect(ctx, k, w.r.customers+"?email="+url.QueryEscape(SeedEmail(n))+"&limit=10", "list", n)
	case kRetrieveSeeded:
		return w.retrieveSeeded(ctx)
	}
	return 0, fmt.Errorf("loadgen: unknown op kind %d", k)
}

// nameSubstring is the part of SeedName(n) that name~ searches: it drops
// the leading "Seed C", common to all, and keeps the digits that select.
func nameSubstring(n int) string { return strings.TrimPrefix(SeedName(n), "Seed C") }

// seededN draws n uniformly from 1..Seeded.
func (w *worker) seededN() int { return 1 + w.rng.IntN(w.r.seeded) }

// selectiveN draws n from (Seeded/10, Seeded]: for those, no other seeded
// number begins with n's digits (it would need more digits and so exceed
// Seeded), so "ustomer <n>" is a substring of exactly one seeded name.
func (w *worker) selectiveN() int {
	lo := w.r.seeded/10 + 1
	return lo + w.rng.IntN(w.r.seeded-lo+1)
}

func (w *worker) pickSeeded() seededRef { return w.r.sample[w.rng.IntN(len(w.r.sample))] }

func (w *worker) searchURL(query string) string {
	return w.r.customers + "/search?query=" + url.QueryEscape(query) + "&limit=10"
}

// seededPage is the part of a list or search_result that the checks read.
type seededPage struct {
	Object string           `json:"object"`
	Data   []seededCustomer `json:"data"`
}

type seededCustomer struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Email   string `json:"email"`
	Created int64  `json:"created"`
}

// expect GETs u and checks that the answer, a list of type object, holds
// seeded customer n.
func (w *worker) expect(ctx context.Context, k opKind, u, object string, n int) (time.Duration, error) {
	_, _, lat, err := w.find(ctx, k, u, object, n)
	return lat, err
}

// find GETs u, a list of type object, and returns the page and seeded
// customer n in it; a page without n is an error.
func (w *worker) find(ctx context.Context, k opKind, u, object string, n int) (seededPage, seededCustomer, time.Duration, error) {
	var page seededPage
	body, lat, err := w.exchange(ctx, k, http.MethodGet, u, "", true)
	if err != nil {
		return page, seededCustomer{}, lat, err
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return page, seededCustomer{}, lat, fmt.Errorf("%s: response is not a JSON list: %s", k.what(), snippet(body))
	}
	if page.Object != object {
		return page, seededCustomer{}, lat, fmt.Errorf("%s: response object is %q, want %q", k.what(), page.Object, object)
	}
	want := SeedEmail(n)
	for _, c := range page.Data {
		if c.Email == want && c.ID != "" {
			return page, c, lat, nil
		}
	}
	return page, seededCustomer{}, lat, fmt.Errorf("%s: the expected seeded customer is not among the %d results", k.what(), len(page.Data))
}

// searchCreated searches a 60-second window that ends just after the
// creation second of a sampled customer; results come newest first, so
// that customer is on the first page unless 10 others share its second.
func (w *worker) searchCreated(ctx context.Context) (time.Duration, error) {
	ref := w.pickSeeded()
	from, to := ref.created-59, ref.created+1
	q := "created>=" + strconv.FormatInt(from, 10) + " AND created<" + strconv.FormatInt(to, 10)
	page, _, lat, err := w.find(ctx, kSearchCreated, w.searchURL(q), "search_result", ref.n)
	if err != nil {
		return lat, err
	}
	for _, c := range page.Data {
		if c.Created < from || c.Created >= to {
			return lat, fmt.Errorf("%s: a result was created outside the window", kSearchCreated.what())
		}
	}
	return lat, nil
}

// retrieveSeeded retrieves a sampled customer and checks it is that one.
func (w *worker) retrieveSeeded(ctx context.Context) (time.Duration, error) {
	ref := w.pickSeeded()
	body, lat, err := w.exchange(ctx, kRetrieveSeeded, http.MethodGet, w.r.customers+"/"+url.PathEscape(ref.id), "", true)
	if err != nil {
		return lat, err
	}
	var c seededCustomer
	if err := json.Unmarshal(body, &c); err != nil {
		return lat, fmt.Errorf("%s: response is not JSON: %s", kRetrieveSeeded.what(), snippet(body))
	}
	if c.Object != "customer" || c.ID != ref.id || c.Email != SeedEmail(ref.n) {
		return lat, fmt.Errorf("%s: got a different customer than the one asked for", kRetrieveSeeded.what())
	}
	return lat, nil
}

// sampleNumbers returns min(size, seeded) distinct numbers from 1..seeded
// in random order.
func sampleNumbers(rng *rand.Rand, seeded, size int) []int {
	if seeded <= size {
		ns := make([]int, seeded)
		for i := range ns {
			ns[i] = i + 1
		}
		rng.Shuffle(len(ns), func(i, j int) { ns[i], ns[j] = ns[j], ns[i] })
		return ns
	}
	seen := make(map[int]bool, size)
	ns := make([]int, 0, size)
	for len(ns) < size {
		n := 1 + rng.IntN(seeded)
		if !seen[n] {
			seen[n] = true
			ns = append(ns, n)
		}
	}
	return ns
}

// sampleSeeded finds up to SampleSize random seeded customers by email search
// and stores them in r.sample. It stops at the first failure.
func (r *runner) sampleSeeded(ctx context.Context, progress io.Writer) error {
	w0 := r.newWorker(0)
	ns := sampleNumbers(w0.rng, r.seeded, SampleSize)
	refs := make([]seededRef, len(ns))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		next     atomic.Int64
		errOnce  sync.Once
		firstErr error
		wg       sync.WaitGroup
	)
	start := time.Now()
	for range min(r.concurrency, len(ns)) {
		wg.Go(func() {
			w := r.newWorker(0)
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(ns) {
					return
				}
				n := ns[i]
				_, c, _, err := w.find(ctx, kSearchEmail, w.searchURL("email:'"+SeedEmail(n)+"'"), "search_result", n)
				if err != nil {
					if ctx.Err() != nil {
						return
					}
					errOnce.Do(func() {
						firstErr = fmt.Errorf("loadgen: finding seeded customer %s (is the database seeded with remit bench --seed N, N >= Seeded = %d?): %w",
							SeedEmail(n), r.seeded, err)
						cancel()
					})
					return
				}
				refs[i] = seededRef{n: n, id: c.ID, created: c.Created}
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("loadgen: sampling seeded customers interrupted: %w", err)
	}
	r.sample = refs
	if progress != nil {
		fmt.Fprintf(progress, "sampled %s of %s seeded customers in %s\n",
			commas(int64(len(refs))), commas(int64(r.seeded)), fmtDuration(time.Since(start)))
	}
	return nil
}
