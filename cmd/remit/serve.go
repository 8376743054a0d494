package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime/debug"
	"time"

	"remit"
	"remit/api"
	"remit/sqlstore"
)

// shutdownTimeout bounds how long in-flight requests may take to finish
// after SIGINT or SIGTERM.
const shutdownTimeout = 30 * time.Second

// serveGCPercent is the garbage collector's target for the server unless
// GOGC is set. remit's heap is small (tens of MB: the data lives in the
// database and the OS page cache), so collecting at 5x the live heap rather
// than 2x costs little memory and gave lookups ~8 % more throughput.
const serveGCPercent = 400

// pruneInterval is how often expired idempotency keys are deleted.
const pruneInterval = time.Hour

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:12111", "address to listen on")
	db := fs.String("db", "remit.db", "SQLite database file, or a postgres:// URL")
	apiKey := fs.String("api-key", os.Getenv("REMIT_API_KEY"), "secret key (sk_test_... or sk_live_...) to make sure exists for the default account; default $REMIT_API_KEY")
	syncMode := fs.String("sqlite-synchronous", "normal", "SQLite durability: normal (survives a process crash) or full (also survives power loss)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}

	store, err := sqlstore.Open(*db, sqlstore.Options{Synchronous: *syncMode})
	if err != nil {
		return err
	}
	defer store.Close()
	svc := remit.NewService()
	acct, fresh, err := svc.Bootstrap(ctx, store, *apiKey)
	if err != nil {
		return err
	}
	if fresh != nil {
		fmt.Fprintf(stdout, "Created account %s.\nSecret key (shown once, keep it): %s\nPublishable key: %s\n",
			fresh.ID, fresh.SecretKey, fresh.PublishableKey)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           api.New(store, svc, log),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	go pruneIdempotency(ctx, store, svc, log)
	log.Info("remit listening", "addr", ln.Addr().String(), "db", redactDB(*db), "account", acct.ID)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// pruneIdempotency deletes idempotency keys older than their lifetime, once
// an hour, until ctx ends.
func pruneIdempotency(ctx context.Context, store remit.Store, svc *remit.Service, log *slog.Logger) {
	t := time.NewTicker(pruneInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		var n int64
		err := store.Update(ctx, func(tx remit.Tx) (err error) {
			n, err = tx.PruneIdempotency(ctx, svc.Now().Add(-api.IdempotencyTTL))
			return err
		})
		if err != nil && ctx.Err() == nil {
			log.Error("pruning idempotency keys", "error", err)
		} else if n > 0 {
			log.Info("pruned idempotency keys", "count", n)
		}
	}
}

func createAccount(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("accounts create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "remit.db", "SQLite database file, or a postgres:// URL")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	store, err := sqlstore.Open(*db, sqlstore.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	acct, err := remit.NewService().CreateAccount(ctx, store)
	if err != nil {
		return err
	}
	return writeJSONLine(stdout, acct)
}

// redactDB hides the password of a database URL in logs.
func redactDB(db string) string {
	if u, err := url.Parse(db); err == nil && u.User != nil {
		return u.Redacted()
	}
	return db
}
