package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"remit/loadgen"
)

func bench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "http://127.0.0.1:12111", "base URL of any Stripe-compatible server")
	key := fs.String("api-key", os.Getenv("REMIT_API_KEY"), "secret key to send; default $REMIT_API_KEY")
	op := fs.String("op", "create", "operation: create, retrieve, update, list-by-email or mixed")
	c := fs.Int("c", loadgen.DefaultConcurrency, "concurrent connections")
	d := fs.Duration("duration", loadgen.DefaultDuration, "how long to measure")
	prefill := fs.Int("prefill", loadgen.DefaultPrefill, "customers to create before measuring (retrieve, update, list-by-email, mixed)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	res, err := loadgen.Run(ctx, loadgen.Config{BaseURL: *url, APIKey: *key, Op: *op, Concurrency: *c,
		Duration: *d, Prefill: *prefill, Progress: stderr})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSONLine(stdout, res)
	}
	_, err = fmt.Fprintln(stdout, res.String())
	return err
}

func writeJSONLine(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}
