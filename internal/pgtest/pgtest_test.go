package pgtest

import (
	"fmt"
	"strings"
	"testing"
)

// recorder is a testing.TB whose Skipf and Fatalf record the call and stop
// the function under test (by panicking) instead of ending the test.
type recorder struct {
	testing.TB
	skipped, failed string
}

type stop struct{}

func (r *recorder) Helper() {}
func (r *recorder) Skipf(format string, args ...any) {
	r.skipped = fmt.Sprintf(format, args...)
	panic(stop{})
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
	panic(stop{})
}

func run(r *recorder) {
	defer func() {
		if p := recover(); p != nil {
			if _, ok := p.(stop); !ok {
				panic(p)
			}
		}
	}()
	NewDatabase(r)
}

// An unreachable server skips the test, except under CI=true, where it
// fails it.
func TestUnreachable(t *testing.T) {
	// Port 1 on loopback: nothing listens there.
	t.Setenv("REMIT_TEST_POSTGRES", "postgres://postgres:secret@127.0.0.1:1/postgres?sslmode=disable&connect_timeout=2")

	t.Setenv("CI", "")
	r := &recorder{TB: t}
	run(r)
	if r.skipped == "" || r.failed != "" {
		t.Errorf("without CI: skipped %q, failed %q; want a skip", r.skipped, r.failed)
	}

	t.Setenv("CI", "true")
	r = &recorder{TB: t}
	run(r)
	if r.failed == "" || r.skipped != "" {
		t.Errorf("with CI=true: skipped %q, failed %q; want a failure", r.skipped, r.failed)
	}
	for _, msg := range []string{r.skipped, r.failed} {
		if strings.Contains(msg, "secret") {
			t.Errorf("message shows the password: %s", msg)
		}
	}
}
