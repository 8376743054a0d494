package loadgen

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// opKind is one concrete API call.
type opKind uint8

const (
	kCreate opKind = iota
	kRetrieve
	kUpdate
	kListByEmail
	// Lookups of seeded customers (search.go).
	kSearchEmail
	kSearchMetadata
	kSearchName
	kSearchCreated
	kListByEmailSeeded
	kRetrieveSeeded
)

// what names the call in error messages, with a path template (not the real
// id) so that repeated failures deduplicate in Result.ErrorSamples.
func (k opKind) what() string {
	switch k {
	case kCreate:
		return "create: POST /v1/customers"
	case kRetrieve:
		return "retrieve: GET /v1/customers/{id}"
	case kUpdate:
		return "update: POST /v1/customers/{id}"
	case kListByEmail:
		return "list-by-email: GET /v1/customers?email=...&limit=10"
	}
	if s, ok := seededWhat[k]; ok {
		return s
	}
	return "unknown op"
}

// opPlan is a table of calls; each iteration picks one slot uniformly, so
// the slot counts are the mix weights.
type opPlan []opKind

var plans = map[string]opPlan{
	OpCreate:      {kCreate},
	OpRetrieve:    {kRetrieve},
	OpUpdate:      {kUpdate},
	OpListByEmail: {kListByEmail},
	// 20% create, 60% retrieve, 10% update, 10% list-by-email.
	OpMixed: {kCreate, kCreate, kRetrieve, kRetrieve, kRetrieve, kRetrieve, kRetrieve, kRetrieve, kUpdate, kListByEmail},

	OpSearchEmail:         {kSearchEmail},
	OpSearchMetadata:      {kSearchMetadata},
	OpSearchNameSubstring: {kSearchName},
	OpSearchCreated:       {kSearchCreated},
	OpListByEmailSeeded:   {kListByEmailSeeded},
	OpRetrieveSeeded:      {kRetrieveSeeded},
}

// needsPool reports whether the plan reads prefilled customers.
func (p opPlan) needsPool() bool {
	for _, k := range p {
		if k == kRetrieve || k == kUpdate || k == kListByEmail {
			return true
		}
	}
	return false
}

// customerRef is a prefilled customer.
type customerRef struct{ id, email string }

// runner is the state shared by all workers of one run.
type runner struct {
	transport   *http.Transport
	client      *http.Client
	customers   string // <base>/v1/customers
	auth        string // "Bearer <key>"
	runID       string // random per run, keeps emails unique across runs
	concurrency int
	seq         atomic.Int64 // unique counter for emails, names, metadata
	pool        []customerRef
	seeded      int         // Config.Seeded
	sample      []seededRef // random seeded customers, for the ops that need ids
	samples     *sampler
}

// worker is one goroutine's private state; nothing in it is shared.
type worker struct {
	r        *runner
	rng      *rand.Rand
	buf      bytes.Buffer // body of responses whose content is checked
	lat      []time.Duration
	requests int64
	errors   int64
}

func newRunID() string {
	var b [4]byte
	_, _ = crand.Read(b[:]) // never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

func (r *runner) newWorker(latCap int) *worker {
	var seed [32]byte
	_, _ = crand.Read(seed[:])
	return &worker{
		r:   r,
		rng: rand.New(rand.NewChaCha8(seed)),
		lat: make([]time.Duration, 0, latCap),
	}
}

// do performs one call of the given kind and returns its latency.
func (w *worker) do(ctx context.Context, k opKind) (time.Duration, error) {
	switch k {
	case kCreate:
		_, lat, err := w.create(ctx, false)
		return lat, err
	case kRetrieve:
		return w.retrieve(ctx)
	case kUpdate:
		return w.update(ctx)
	case kListByEmail:
		return w.listByEmail(ctx)
	}
	return w.doSeeded(ctx, k)
}

func (w *worker) pick() customerRef {
	return w.r.pool[w.rng.IntN(len(w.r.pool))]
}

// create POSTs a new unique customer with six fields. With wantRef it
// decodes the response and returns the new customer's id.
func (w *worker) create(ctx context.Context, wantRef bool) (customerRef, time.Duration, error) {
	n := w.r.seq.Add(1)
	ns := strconv.FormatInt(n, 10)
	email := "bench-" + w.r.runID + "-" + ns + "@example.com"

	var b strings.Builder
	b.Grow(256)
	b.WriteString("email=")
	b.WriteString(url.QueryEscape(email))
	b.WriteString("&name=Bench+User+")
	b.WriteString(ns)
	b.WriteString("&description=Load+test+customer+")
	b.WriteString(ns)
	b.WriteString("+created+by+remit+loadgen")
	b.WriteString("&phone=%2B1555")
	b.WriteString(fmt.Sprintf("%07d", n%10_000_000))
	b.WriteString("&metadata[order]=")
	b.WriteString(ns)
	b.WriteString("&metadata[source]=remit-loadgen")

	body, lat, err := w.exchange(ctx, kCreate, http.MethodPost, w.r.customers, b.String(), wantRef)
	if err != nil || !wantRef {
		return customerRef{}, lat, err
	}
	var c struct {
		ID    string `json:"id"`
		Email string `json:"email"`
	}
	if err := json.Unmarshal(body, &c); err != nil || c.ID == "" {
		return customerRef{}, lat, fmt.Errorf("%s: response has no customer id: %s", kCreate.what(), snippet(body))
	}
	if c.Email != email {
		return customerRef{}, lat, fmt.Errorf("%s: response email is %q, want %q", kCreate.what(), c.Email, email)
	}
	return customerRef{id: c.ID, email: email}, lat, nil
}

func (w *worker) retrieve(ctx context.Context) (time.Duration, error) {
	ref := w.pick()
	_, lat, err := w.exchange(ctx, kRetrieve, http.MethodGet, w.r.customers+"/"+url.PathEscape(ref.id), "", false)
	return lat, err
}

func (w *worker) update(ctx context.Context) (time.Duration, error) {
	ref := w.pick()
	ns := strconv.FormatInt(w.r.seq.Add(1), 10)
	body := "metadata[seen]=" + ns + "&name=Bench+User+" + ns + "+updated"
	_, lat, err := w.exchange(ctx, kUpdate, http.MethodPost, w.r.customers+"/"+url.PathEscape(ref.id), body, false)
	return lat, err
}

// listByEmail lists by a prefilled customer's email; the response must hold
// exactly that customer.
func (w *worker) listByEmail(ctx context.Context) (time.Duration, error) {
	ref := w.pick()
	u := w.r.customers + "?email=" + url.QueryEscape(ref.email) + "&limit=10"
	body, lat, err := w.exchange(ctx, kListByEmail, http.MethodGet, u, "", true)
	if err != nil {
		return lat, err
	}
	var l struct {
		Object string `json:"object"`
		Data   []struct {
			ID    string `json:"id"`
			Email string `json:"email"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &l); err != nil {
		return lat, fmt.Errorf("%s: response is not a JSON list: %s", kListByEmail.what(), snippet(body))
	}
	switch {
	case l.Object != "list":
		return lat, fmt.Errorf("%s: response object is %q, want \"list\"", kListByEmail.what(), l.Object)
	case len(l.Data) != 1:
		return lat, fmt.Errorf("%s: want exactly the 1 customer with that email, got %d", kListByEmail.what(), len(l.Data))
	case l.Data[0].ID != ref.id || l.Data[0].Email != ref.email:
		return lat, fmt.Errorf("%s: got customer %s <%s>, want %s <%s>",
			kListByEmail.what(), l.Data[0].ID, l.Data[0].Email, ref.id, ref.email)
	}
	return lat, nil
}

// exchange sends one request and reads the response body to the end so the
// connection is reused. With keep, the 2xx body is returned (valid until the
// worker's next exchange); otherwise it is discarded. The latency spans from
// just before sending to the last body byte.
func (w *worker) exchange(ctx context.Context, k opKind, method, u, body string, keep bool) ([]byte, time.Duration, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", k.what(), err)
	}
	h := req.Header
	h["Authorization"] = []string{w.r.auth}
	h["Content-Type"] = []string{"application/x-www-form-urlencoded"}
	h["Stripe-Version"] = []string{StripeVersion}
	h["User-Agent"] = []string{"remit-loadgen/1"}
	if method == http.MethodPost {
		h["Idempotency-Key"] = []string{w.idempotencyKey()}
	}

	start := time.Now()
	resp, err := w.r.client.Do(req)
	if err != nil {
		return nil, time.Since(start), transportError(k, err)
	}
	defer resp.Body.Close()

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		head, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		_, _ = io.Copy(io.Discard, resp.Body)
		return nil, time.Since(start), statusError(k, resp.StatusCode, head)
	}
	if keep {
		w.buf.Reset()
		_, err = w.buf.ReadFrom(resp.Body)
	} else {
		_, err = io.Copy(io.Discard, resp.Body)
	}
	lat := time.Since(start)
	if err != nil {
		return nil, lat, fmt.Errorf("%s: reading body: %w", k.what(), err)
	}
	if !keep {
		return nil, lat, nil
	}
	return w.buf.Bytes(), lat, nil
}

// idempotencyKey returns a random UUIDv4, like stripe-node and stripe-python.
func (w *worker) idempotencyKey() string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], w.rng.Uint64())
	binary.LittleEndian.PutUint64(b[8:], w.rng.Uint64())
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:36], b[10:16])
	return string(s[:])
}

// transportError strips the URL (which holds a customer id) from err's
// message so that identical failures deduplicate; the cause stays wrapped.
func transportError(k opKind, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", k.what(), ue.Err)
	}
	return fmt.Errorf("%s: %w", k.what(), err)
}

// statusError describes a non-2xx response, using Stripe's error object
// ({"error":{"type","code","message"}}) when the body is one.
func statusError(k opKind, status int, body []byte) error {
	var e struct {
		Error struct {
			Type    string `json:"type"`
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	detail := snippet(body)
	if json.Unmarshal(body, &e) == nil && (e.Error.Type != "" || e.Error.Message != "") {
		detail = e.Error.Type
		if e.Error.Code != "" {
			detail += " (" + e.Error.Code + ")"
		}
		detail += ": " + e.Error.Message
	}
	return fmt.Errorf("%s: HTTP %d %s: %s", k.what(), status, http.StatusText(status), detail)
}

// snippet renders the start of a body on one line.
func snippet(b []byte) string {
	const maxLen = 200
	s := strings.Join(strings.Fields(string(b)), " ")
	if s == "" {
		return "(empty body)"
	}
	if len(s) > maxLen {
		s = s[:maxLen] + "..."
	}
	return s
}
