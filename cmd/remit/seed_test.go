package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// runRemit runs the remit binary with args and returns its exit code,
// stdout and stderr.
func runRemit(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = childEnv()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("remit %s: %v", strings.Join(args, " "), err)
	}
	return code, stdout.String(), stderr.String()
}

// remit bench --seed fills a database without a server; the seeded ops of
// remit bench then find every customer they look for on a server of it.
func TestSeedThenSeededOps(t *testing.T) {
	const seeded = 3000
	db := filepath.Join(t.TempDir(), "seeded.db")
	code, stdout, stderr := runRemit(t, "bench", "--seed", "3000", "--seed-batch", "1000", "--db", db, "--api-key", fixedKey)
	if code != 0 {
		t.Fatalf("seed: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if !strings.HasPrefix(stdout, "seeded 3,000 customers in ") || !strings.Contains(stderr, "seeded 1,000/3,000 (33%)") || !strings.Contains(stderr, "seeded 3,000/3,000 (100%)") {
		t.Errorf("seed output:\nstdout:\n%s\nstderr:\n%s", stdout, stderr)
	}

	// A second seeding of the same database would repeat the numbers.
	if code, _, stderr := runRemit(t, "bench", "--seed", "10", "--db", db, "--api-key", fixedKey); code == 0 || !strings.Contains(stderr, "already holds seeded customers") {
		t.Errorf("reseeding: exit %d, stderr:\n%s", code, stderr)
	}
	for _, args := range [][]string{{"--seed", "10"}, {"--db", db}, {"--seed", "-1", "--db", db}} {
		if code, _, _ := runRemit(t, append([]string{"bench"}, args...)...); code == 0 {
			t.Errorf("bench %q: exit 0, want a usage error", args)
		}
	}

	s := startServer(t, db, nil, "--api-key", fixedKey)
	a := s.do(t, fixedKey, "GET", "/v1/customers/search?query="+url.QueryEscape("email:'seed-1234@example.com'"), "")
	wantStatus(t, a, 200)
	var page struct {
		Data []struct {
			Email, Name, Phone, Description string
			Created                         int64
			Metadata                        map[string]string
		}
	}
	if err := json.Unmarshal(a.body, &page); err != nil || len(page.Data) != 1 {
		t.Fatalf("search seed-1234: %v %s", err, a.body)
	}
	c := page.Data[0]
	if c.Name != "Seed Customer 1234" || c.Phone != "+15550001234" || c.Metadata["order"] != "1234" || c.Metadata["source"] != "remit-seed" || c.Description == "" {
		t.Errorf("seeded customer 1234: %+v", c)
	}
	now := time.Now().Unix()
	if want := now - 30*86400 + 1233*30*86400/seeded; c.Created < want-5 || c.Created > want+5 {
		t.Errorf("customer 1234 created %d, want about %d (30 days spread evenly over 3,000)", c.Created, want)
	}
	// The newest customer in the list is number 3,000.
	a = s.do(t, fixedKey, "GET", "/v1/customers?limit=1", "")
	wantStatus(t, a, 200)
	if !bytes.Contains(a.body, []byte(`"email":"seed-3000@example.com"`)) {
		t.Errorf("newest customer: %s", a.body)
	}

	wantSeededOpsRun(t, s.url, 3000)
}

// wantSeededOpsRun runs each of remit bench's operations on seeded
// customers for a moment against the server at baseURL, which holds the first
// seeded customers, and fails unless each made requests without errors.
func wantSeededOpsRun(t *testing.T, baseURL string, seeded int) {
	t.Helper()
	for _, op := range []string{"search-email", "search-metadata", "search-name-substring", "search-created", "list-by-email-seeded", "retrieve-seeded"} {
		code, stdout, stderr := runRemit(t, "bench", "--url", baseURL, "--api-key", fixedKey, "--op", op,
			"--seeded", strconv.Itoa(seeded), "-c", "4", "--duration", "300ms", "--json")
		if code != 0 {
			t.Errorf("%s: exit %d\n%s", op, code, stderr)
			continue
		}
		var res struct {
			Requests, Errors int64
			ErrorSamples     []string
		}
		if err := json.Unmarshal([]byte(stdout), &res); err != nil {
			t.Fatalf("%s: %v: %s", op, err, stdout)
		}
		if res.Requests == 0 || res.Errors != 0 {
			t.Errorf("%s: %s", op, stdout)
		}
	}
}

// Without --api-key, seeding a new database creates the default account
// and prints its keys once, as remit serve would.
func TestSeedPrintsNewKeys(t *testing.T) {
	db := filepath.Join(t.TempDir(), "seeded.db")
	code, stdout, stderr := runRemit(t, "bench", "--seed", "5", "--db", db)
	if code != 0 || !strings.Contains(stdout, "Secret key (shown once, keep it): sk_test_") || !strings.Contains(stdout, "seeded 5 customers") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}
