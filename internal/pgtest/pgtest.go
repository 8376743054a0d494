// Package pgtest gives tests a fresh PostgreSQL database of their own.
//
// The server is the one at $REMIT_TEST_POSTGRES (default
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable); the user
// must be allowed to create databases. When the server cannot be reached
// the test is skipped, except when CI=true: CI never skips PostgreSQL
// tests silently, it fails them.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// DefaultURL is the server used when REMIT_TEST_POSTGRES is unset.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// BaseURL returns the URL of the server tests use.
func BaseURL() string {
	if u := os.Getenv("REMIT_TEST_POSTGRES"); u != "" {
		return u
	}
	return DefaultURL
}

// NewDatabase creates an empty database remit_test_<random> and returns
// its URL; the database is dropped when the test ends.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	return create(tb, "")
}

// Clone creates a database remit_test_<random> as a copy of the database
// at templateURL (made by NewDatabase; nothing may be connected to it) and
// returns its URL; the copy is dropped when the test ends. Copying a
// migrated database is much faster than migrating a new one.
func Clone(tb testing.TB, templateURL string) string {
	tb.Helper()
	u, err := url.Parse(templateURL)
	if err != nil {
		tb.Fatalf("pgtest: template URL: %v", err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	if !strings.HasPrefix(name, "remit_test_") {
		tb.Fatalf("pgtest: template %q is not a test database", name)
	}
	return create(tb, name)
}

func create(tb testing.TB, template string) string {
	tb.Helper()
	base := BaseURL()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		unavailable(tb, base, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		unavailable(tb, base, err)
	}
	var b [6]byte
	rand.Read(b[:])
	name := "remit_test_" + hex.EncodeToString(b[:])
	stmt := "CREATE DATABASE " + name
	if template != "" {
		stmt += " TEMPLATE " + template
	}
	if _, err := admin.ExecContext(ctx, stmt); err != nil {
		admin.Close()
		tb.Fatalf("pgtest: create database %s: %v", name, err)
	}
	tb.Cleanup(func() {
		defer admin.Close()
		// FORCE ends the sessions a test left open (PostgreSQL 13+).
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			tb.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("pgtest: REMIT_TEST_POSTGRES: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

func unavailable(tb testing.TB, base string, err error) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf("pgtest: PostgreSQL at %s is unreachable (%v); CI=true, so PostgreSQL tests fail instead of being skipped", redact(base), err)
	}
	tb.Skipf("pgtest: PostgreSQL at %s is unreachable (%v); skipping (set REMIT_TEST_POSTGRES to run, CI=true fails instead)", redact(base), err)
}

// redact hides a password in a URL shown in test output.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(invalid URL)"
	}
	return u.Redacted()
}
