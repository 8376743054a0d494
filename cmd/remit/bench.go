package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"remit/loadgen"
)

func bench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "http://127.0.0.1:12111", "base URL of any Stripe-compatible server")
	key := fs.String("api-key", os.Getenv("REMIT_API_KEY"), "secret key to send; default $REMIT_API_KEY. With --seed: a key to make sure exists for the default account (as remit serve --api-key does)")
	op := fs.String("op", "create", "operation: "+strings.Join(loadgen.Ops, ", "))
	c := fs.Int("c", loadgen.DefaultConcurrency, "concurrent connections")
	d := fs.Duration("duration", loadgen.DefaultDuration, "how long to measure")
	prefill := fs.Int("prefill", loadgen.DefaultPrefill, "customers to create before measuring (retrieve, update, list-by-email, mixed)")
	seeded := fs.Int("seeded", 0, "N of the --seed N that filled the server's database; needed by the seeded ops ("+strings.Join(loadgen.SeededOps, ", ")+")")
	seedN := fs.Int("seed", 0, "instead of load-testing a server, store this many synthetic customers directly into the --db database (no HTTP; stop any server using it first)")
	db := fs.String("db", "", "SQLite database file or postgres:// URL for --seed")
	batch := fs.Int("seed-batch", seedBatch, "customers per transaction for --seed")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "remit bench: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	if *seedN != 0 || *db != "" {
		if *seedN < 1 || *db == "" {
			fmt.Fprintln(stderr, "remit bench: --seed N (N >= 1) and --db PATH go together")
			return errUsage
		}
		res, err := seedCustomers(ctx, *db, *key, *seedN, *batch, stdout, stderr)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSONLine(stdout, res)
		}
		_, err = fmt.Fprintf(stdout, "seeded %s customers in %s: %s/s (account %s, created %s .. %s)\n",
			commas(res.Customers), time.Duration(res.Seconds*float64(time.Second)).Round(10*time.Millisecond),
			commas(int(res.PerSecond+0.5)), res.Account,
			time.Unix(res.FirstCreated, 0).UTC().Format(time.DateTime), time.Unix(res.LastCreated, 0).UTC().Format(time.DateTime))
		return err
	}
	res, err := loadgen.Run(ctx, loadgen.Config{BaseURL: *url, APIKey: *key, Op: *op, Concurrency: *c,
		Duration: *d, Prefill: *prefill, Seeded: *seeded, Progress: stderr})
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
