package loadgen_test

import (
	"bytes"
	"cmp"
	"context"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"remit/loadgen"
)

// The fake's search understands exactly the queries the seeded ops send;
// anything else is a 400, which loadgen counts as an error.
var (
	qEmail    = regexp.MustCompile(`^email:'([^']*)'$`)
	qMetadata = regexp.MustCompile(`^metadata\['([^']*)'\]:'([^']*)'$`)
	qName     = regexp.MustCompile(`^name~'([^']*)'$`)
	qCreated  = regexp.MustCompile(`^created>=(\d+) AND created<(\d+)$`)
)

// search answers GET /v1/customers/search, newest first like Stripe.
func (f *fakeStripe) search(w http.ResponseWriter, r *http.Request) {
	q := r.Form.Get("query")
	limit, err := strconv.Atoi(r.Form.Get("limit"))
	if err != nil || limit < 1 || limit > 100 {
		limit = 10
	}
	var kind string
	var match func(*fakeCustomer) bool
	if m := qEmail.FindStringSubmatch(q); m != nil {
		kind, match = "email", func(c *fakeCustomer) bool { return strings.EqualFold(c.Email, m[1]) }
	} else if m := qMetadata.FindStringSubmatch(q); m != nil {
		kind, match = "metadata", func(c *fakeCustomer) bool { return c.Metadata[m[1]] == m[2] }
	} else if m := qName.FindStringSubmatch(q); m != nil && len(m[1]) >= 3 {
		kind, match = "name", func(c *fakeCustomer) bool { return strings.Contains(strings.ToLower(c.Name), strings.ToLower(m[1])) }
	} else if m := qCreated.FindStringSubmatch(q); m != nil {
		from, _ := strconv.ParseInt(m[1], 10, 64)
		to, _ := strconv.ParseInt(m[2], 10, 64)
		kind, match = "created", func(c *fakeCustomer) bool { return c.Created >= from && c.Created < to }
	} else {
		stripeError(w, 400, "invalid_request_error", "fake cannot search "+strconv.Quote(q))
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hits["search:"+kind]++
	var found []*fakeCustomer
	if kind == "email" {
		for _, id := range f.byEmail[qEmail.FindStringSubmatch(q)[1]] {
			found = append(found, f.byID[id])
		}
	} else {
		for _, c := range f.byID {
			if match(c) {
				found = append(found, c)
			}
		}
	}
	slices.SortFunc(found, func(a, b *fakeCustomer) int {
		return cmp.Or(cmp.Compare(b.Created, a.Created), cmp.Compare(b.ID, a.ID))
	})
	more := len(found) > limit
	found = found[:min(len(found), limit)]
	if f.wrong[kind] {
		for i, c := range found {
			found[i] = f.other(c)
		}
	}
	writeJSON(w, map[string]any{"object": "search_result", "data": append([]*fakeCustomer{}, found...),
		"has_more": more, "next_page": nil, "url": "/v1/customers/search"})
}

// other returns a customer other than c, far from it in time.
func (f *fakeStripe) other(c *fakeCustomer) *fakeCustomer {
	var best *fakeCustomer
	for _, o := range f.byID {
		if o.ID != c.ID && (best == nil || abs(o.Created-c.Created) > abs(best.Created-c.Created)) {
			best = o
		}
	}
	return best
}

func abs(x int64) int64 { return max(x, -x) }

// seedFake stores customers 1..n the way `remit bench --seed n` does,
// created 3 s apart (so a 60 s window holds 20 of them).
func seedFake(f *fakeStripe, n int) {
	base := time.Now().Add(-30 * 24 * time.Hour).Unix()
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := 1; i <= n; i++ {
		c := &fakeCustomer{
			ID: "cus_seed" + strconv.Itoa(i), Object: "customer",
			Email: loadgen.SeedEmail(i), Name: loadgen.SeedName(i), Phone: loadgen.SeedPhone(i),
			Description: loadgen.SeedDescription(i), Created: base + 3*int64(i),
			Metadata: map[string]string{"order": strconv.Itoa(i), "source": loadgen.SeedSource},
		}
		f.byID[c.ID] = c
		f.byEmail[c.Email] = append(f.byEmail[c.Email], c.ID)
	}
}

// fakeKind is the fake's name for what each seeded op asks.
var fakeKind = map[string]string{
	loadgen.OpSearchEmail:         "search:email",
	loadgen.OpSearchMetadata:      "search:metadata",
	loadgen.OpSearchNameSubstring: "search:name",
	loadgen.OpSearchCreated:       "search:created",
	loadgen.OpListByEmailSeeded:   "list",
	loadgen.OpRetrieveSeeded:      "retrieve",
}

func TestSeedNaming(t *testing.T) {
	if got := loadgen.SeedEmail(42); got != "seed-42@example.com" {
		t.Errorf("SeedEmail(42) = %q", got)
	}
	if got := loadgen.SeedName(42); got != "Seed Customer 42" {
		t.Errorf("SeedName(42) = %q", got)
	}
	if got := loadgen.SeedPhone(42); got != "+15550000042" {
		t.Errorf("SeedPhone(42) = %q", got)
	}
	if got := loadgen.SeedPhone(12_345_678); got != "+155512345678" {
		t.Errorf("SeedPhone(12345678) = %q", got)
	}
}

func TestSeededOps(t *testing.T) {
	const seeded = 2500 // more than SampleSize: the sample is a random subset
	for _, op := range loadgen.SeededOps {
		t.Run(op, func(t *testing.T) {
			f, srv := newFake(t, nil)
			seedFake(f, seeded)
			var progress bytes.Buffer
			res, err := loadgen.Run(context.Background(), loadgen.Config{
				BaseURL: srv.URL, APIKey: testKey, Op: op, Seeded: seeded,
				Concurrency: 4, Duration: 300 * time.Millisecond, Progress: &progress,
			})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			t.Log(res)
			if res.Requests <= 0 || res.Errors != 0 {
				t.Errorf("Requests %d Errors %d, samples %q", res.Requests, res.Errors, res.ErrorSamples)
			}
			if !(0 < res.P50 && res.P50 <= res.P99 && res.P99 <= res.Max) {
				t.Errorf("percentiles: %v", res)
			}
			if res.PrefillCount != 0 || f.count("create") != 0 {
				t.Errorf("seeded op prefilled: %d customers, %d creates", res.PrefillCount, f.count("create"))
			}
			if n := f.count(fakeKind[op]); n < int(res.Requests) {
				t.Errorf("fake saw %d %s requests, loadgen reported %d", n, fakeKind[op], res.Requests)
			}
			sampled := op == loadgen.OpSearchCreated || op == loadgen.OpRetrieveSeeded
			if want := "sampled 2,000 of 2,500 seeded customers"; sampled != strings.Contains(progress.String(), want) {
				t.Errorf("progress (sampled %v):\n%s", sampled, progress.String())
			}
			if sampled && f.count("search:email") < loadgen.SampleSize {
				t.Errorf("sampling made %d email searches, want >= %d", f.count("search:email"), loadgen.SampleSize)
			}
		})
	}
}

// A lookup that answers 200 with another customer than the expected one is
// an error, not a request.
func TestSeededMissCounted(t *testing.T) {
	for _, op := range loadgen.SeededOps {
		t.Run(op, func(t *testing.T) {
			kind := strings.TrimPrefix(fakeKind[op], "search:")
			f, srv := newFake(t, func(f *fakeStripe) { f.wrong = map[string]bool{kind: true} })
			seedFake(f, 200)
			res, err := loadgen.Run(context.Background(), loadgen.Config{
				BaseURL: srv.URL, APIKey: testKey, Op: op, Seeded: 200,
				Concurrency: 4, Duration: 200 * time.Millisecond,
			})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if res.Requests != 0 || res.Errors == 0 || len(res.ErrorSamples) == 0 {
				t.Fatalf("got %v, samples %q", res, res.ErrorSamples)
			}
			if s := res.ErrorSamples[0]; !strings.HasPrefix(s, op+": GET /v1/customers") ||
				!(strings.Contains(s, "expected seeded customer is not among") || strings.Contains(s, "different customer") || strings.Contains(s, "outside the window")) {
				t.Errorf("ErrorSamples = %q", res.ErrorSamples)
			}
		})
	}
}

// Seeded numbers that the database does not hold are caught: by the
// sampling (an error of Run) or as a miss per lookup.
func TestSeededButNotInDatabase(t *testing.T) {
	for _, op := range []string{loadgen.OpRetrieveSeeded, loadgen.OpSearchCreated} {
		f, srv := newFake(t, nil)
		seedFake(f, 10)
		_, err := loadgen.Run(context.Background(), loadgen.Config{
			BaseURL: srv.URL, APIKey: testKey, Op: op, Seeded: 100_000,
			Concurrency: 4, Duration: time.Minute,
		})
		if err == nil || !strings.Contains(err.Error(), "remit bench --seed") || !strings.Contains(err.Error(), "not among the 0 results") {
			t.Errorf("%s: err = %v, want a sampling error", op, err)
		}
	}
	_, srv := newFake(t, nil)
	res, err := loadgen.Run(context.Background(), loadgen.Config{
		BaseURL: srv.URL, APIKey: testKey, Op: loadgen.OpSearchEmail, Seeded: 50,
		Concurrency: 2, Duration: 100 * time.Millisecond,
	})
	if err != nil || res.Requests != 0 || res.Errors == 0 {
		t.Errorf("search-email on an empty fake: %v, err %v", res, err)
	}
}

func TestSeededConfigErrors(t *testing.T) {
	for _, op := range loadgen.SeededOps {
		_, err := loadgen.Run(context.Background(), loadgen.Config{BaseURL: "http://127.0.0.1:1", Op: op})
		if err == nil || !strings.Contains(err.Error(), "Seeded") {
			t.Errorf("%s without Seeded: err = %v", op, err)
		}
	}
	if !slices.Contains(loadgen.Ops, loadgen.OpSearchCreated) {
		t.Errorf("Ops = %q lacks the seeded ops", loadgen.Ops)
	}
}
