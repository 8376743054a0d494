// Package remittest starts real remit servers for tests: the real API
// handler over a real SQLite file in a temporary directory, served over
// loopback HTTP, with a fresh account and key.
package remittest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stripe/stripe-go/v85"

	"remit"
	"remit/api"
	"remit/internal/pgtest"
	"remit/sqlstore"
)

// Server is a running remit API for one test.
type Server struct {
	URL   string // base URL, without /v1
	Key   string // secret test key of the default account
	Scope remit.Scope
	Store *sqlstore.Store
	Path  string // the SQLite file (or the PostgreSQL URL)
	HTTP  *httptest.Server
}

// Start runs a server on a new database; it stops when the test ends. The
// database is a SQLite file, or a fresh PostgreSQL database (see
// internal/pgtest) when the environment has REMIT_TEST_ENGINE=postgres.
func Start(tb testing.TB) *Server {
	tb.Helper()
	if os.Getenv("REMIT_TEST_ENGINE") == "postgres" {
		return StartAt(tb, pgtest.NewDatabase(tb))
	}
	return StartAt(tb, filepath.Join(tb.TempDir(), "remit.db"))
}

// StartAt runs a server on the SQLite file at path (created if missing),
// or on the PostgreSQL database when path is a postgres:// URL.
func StartAt(tb testing.TB, path string) *Server {
	tb.Helper()
	store, err := sqlstore.Open(path, sqlstore.Options{})
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	svc := remit.NewService()
	acct, err := svc.CreateAccount(context.Background(), store)
	if err != nil {
		tb.Fatalf("create account: %v", err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	hs := httptest.NewServer(api.New(store, svc, log))
	s := &Server{URL: hs.URL, Key: acct.SecretKey, Scope: remit.Scope{Account: acct.ID}, Store: store, Path: path, HTTP: hs}
	tb.Cleanup(func() {
		hs.Close()
		store.Close()
	})
	return s
}

// NewAccount creates another account on the same server and returns its
// secret test key.
func (s *Server) NewAccount(tb testing.TB) *remit.NewAccount {
	tb.Helper()
	acct, err := remit.NewService().CreateAccount(context.Background(), s.Store)
	if err != nil {
		tb.Fatalf("create account: %v", err)
	}
	return acct
}

// Backends returns stripe-go backends that talk to this server, without
// retries (tests must see the first answer) and without log noise.
func (s *Server) Backends() *stripe.Backends {
	retries := int64(0)
	return stripe.NewBackendsWithConfig(&stripe.BackendConfig{
		URL:               stripe.String(s.URL),
		HTTPClient:        &http.Client{},
		MaxNetworkRetries: &retries,
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
	})
}

// Client returns a stripe-go client for key (the default account's when
// key is empty) pointed at this server.
func (s *Server) Client(key string) *stripe.Client {
	if key == "" {
		key = s.Key
	}
	return stripe.NewClient(key, stripe.WithBackends(s.Backends()))
}

// Do sends a raw request with the default key and returns the response
// status and body; for tests of the wire format itself.
func (s *Server) Do(tb testing.TB, method, path, body string, header ...string) (*http.Response, []byte) {
	tb.Helper()
	var r io.Reader
	if body != "" {
		r = stringsReader(body)
	}
	req, err := http.NewRequest(method, s.URL+path, r)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.Key)
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp, b
}
