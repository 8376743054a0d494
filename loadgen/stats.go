package loadgen

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// maxErrorSamples is how many distinct error messages a run keeps.
const maxErrorSamples = 5

// sampler keeps the first few distinct error messages. Once full it costs
// one atomic load per error.
type sampler struct {
	full atomic.Bool
	mu   sync.Mutex
	max  int
	msgs []string
}

func (s *sampler) add(msg string) {
	if s.full.Load() {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.msgs) >= s.max || slices.Contains(s.msgs, msg) {
		return
	}
	s.msgs = append(s.msgs, msg)
	if len(s.msgs) >= s.max {
		s.full.Store(true)
	}
}

func (s *sampler) list() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.msgs)
}

// percentiles merges the per-worker latencies, sorts them and returns the
// exact nearest-rank p50, p90, p99 and the maximum. All are zero when there
// are no samples.
func percentiles(perWorker [][]time.Duration) (p50, p90, p99, maxLat time.Duration) {
	n := 0
	for _, l := range perWorker {
		n += len(l)
	}
	if n == 0 {
		return 0, 0, 0, 0
	}
	all := make([]time.Duration, 0, n)
	for _, l := range perWorker {
		all = append(all, l...)
	}
	slices.Sort(all)
	rank := func(p float64) time.Duration {
		i := int(math.Ceil(p*float64(n))) - 1
		return all[min(max(i, 0), n-1)]
	}
	return rank(0.50), rank(0.90), rank(0.99), all[n-1]
}

// String formats r as one human-readable line, e.g. "create c=16 10.0s: 7,812 req/s  p50 1.9ms  p90 3.1ms  p99 6.0ms  max 21ms  errors 0".
//
// A prefill summary and the first error sample are appended when present.
func (r Result) String() string {
	s := fmt.Sprintf("%s c=%d %.1fs: %s req/s  p50 %s  p90 %s  p99 %s  max %s  errors %s",
		r.Op, r.Concurrency, r.Elapsed.Seconds(), commas(int64(math.Round(r.PerSecond))),
		fmtDuration(r.P50), fmtDuration(r.P90), fmtDuration(r.P99), fmtDuration(r.Max),
		commas(r.Errors))
	if r.PrefillCount > 0 {
		s += fmt.Sprintf("  (prefill %s @ %s/s)", commas(int64(r.PrefillCount)), commas(int64(math.Round(r.PrefillPerSecond))))
	}
	if len(r.ErrorSamples) > 0 {
		e := r.ErrorSamples[0]
		if len(e) > 160 {
			e = e[:160] + "..."
		}
		s += "  first error: " + e
	}
	return s
}

// fmtDuration renders d with two or three significant digits in the
// largest fitting unit: 850ns, 8.5µs, 85µs, 1.9ms, 21ms, 1.2s, 12s.
func fmtDuration(d time.Duration) string {
	if d <= 0 {
		return "0s"
	}
	var v float64
	var unit string
	switch {
	case d < time.Microsecond:
		return strconv.FormatInt(int64(d), 10) + "ns"
	case d < time.Millisecond:
		v, unit = float64(d)/float64(time.Microsecond), "µs"
	case d < time.Second:
		v, unit = float64(d)/float64(time.Millisecond), "ms"
	default:
		v, unit = d.Seconds(), "s"
	}
	if v < 9.95 {
		return strconv.FormatFloat(v, 'f', 1, 64) + unit
	}
	return strconv.FormatFloat(v, 'f', 0, 64) + unit
}

// commas renders n with thousands separators: 7812 -> "7,812".
func commas(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3+1)
	if neg {
		out = append(out, '-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
