// Command remit is a self-hosted, Stripe-compatible Customers & Invoicing
// server. Subcommands:
//
//	remit serve            run the API server
//	remit accounts create  create an account (tenant) and print its keys
//	remit bench            load-test a Stripe-compatible server
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `remit: a self-hosted, Stripe-compatible Customers & Invoicing server.

Usage:
  remit serve [--addr 127.0.0.1:12111] [--db remit.db] [--api-key sk_test_...]
  remit accounts create [--db remit.db]
  remit bench [--url http://127.0.0.1:12111] [--api-key sk_test_...] [--op create] [-c 16] [--duration 10s]
  remit bench --seed 1000000 --db remit.db   (bulk-load synthetic customers; no server on that file)

Run "remit COMMAND -h" for the flags of a command.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "remit:", err)
		}
		os.Exit(1)
	}
}

// errUsage reports a command line that was wrong; the usage was printed.
var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "accounts":
		if len(args) < 2 || args[1] != "create" {
			fmt.Fprint(stderr, "Usage: remit accounts create [--db remit.db]\n")
			return errUsage
		}
		return createAccount(ctx, args[2:], stdout, stderr)
	case "bench":
		return bench(ctx, args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "remit: unknown command %q\n\n%s", args[0], usage)
	return errUsage
}
