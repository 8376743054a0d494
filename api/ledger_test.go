package api_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v85"

	"remit"
)

// The customer credit balance ledger (stripe-customer-api.md 2.4, 3.4, 6.1,
// 6.2) through stripe-go v85: create, retrieve, update, list and its
// filters, the ledger invariant (customer.balance is the sum of the ledger,
// including balance set on the customer), the single-currency rule,
// validation, expand, and concurrent writers on one customer. Every body
// is checked against Stripe's OpenAPI schemas.

// ledgerEnv is one test's server, client and schemas (see apiEnv), with
// the customer balance transactions.
type ledgerEnv struct{ *apiEnv }

func newLedgerEnv(t *testing.T) *ledgerEnv { return &ledgerEnv{newAPIEnv(t)} }

// create adds a ledger entry, which must succeed, and checks the answer.
func (e *ledgerEnv) create(t *testing.T, p *stripe.CustomerBalanceTransactionCreateParams) *stripe.CustomerBalanceTransaction {
	t.Helper()
	bt, err := e.sc.V1CustomerBalanceTransactions.Create(e.ctx, p)
	if err != nil {
		t.Fatalf("create balance transaction: %v", err)
	}
	e.spec.Check(t, "customer_balance_transaction", bt.LastResponse.RawJSON)
	return bt
}

// add is create with just an amount and a currency.
func (e *ledgerEnv) add(t *testing.T, customer string, amount int64, cur string) *stripe.CustomerBalanceTransaction {
	t.Helper()
	return e.create(t, &stripe.CustomerBalanceTransactionCreateParams{
		Customer: stripe.String(customer), Amount: stripe.Int64(amount), Currency: stripe.String(cur)})
}

func (e *ledgerEnv) createErr(t *testing.T, p *stripe.CustomerBalanceTransactionCreateParams, want wantErr) {
	t.Helper()
	bt, err := e.sc.V1CustomerBalanceTransactions.Create(e.ctx, p)
	if err == nil {
		t.Fatalf("create balance transaction succeeded (%s), want %+v", bt.LastResponse.RawJSON, want)
	}
	e.checkErr(t, err, want)
}

func (e *ledgerEnv) retrieve(t *testing.T, customer, id string, expand ...string) *stripe.CustomerBalanceTransaction {
	t.Helper()
	p := &stripe.CustomerBalanceTransactionRetrieveParams{Customer: stripe.String(customer)}
	for _, x := range expand {
		p.AddExpand(x)
	}
	bt, err := e.sc.V1CustomerBalanceTransactions.Retrieve(e.ctx, id, p)
	if err != nil {
		t.Fatalf("retrieve balance transaction %s: %v", id, err)
	}
	e.spec.Check(t, "customer_balance_transaction", bt.LastResponse.RawJSON)
	return bt
}

// page lists one page, which must succeed, and checks it.
func (e *ledgerEnv) page(t *testing.T, customer string, p *stripe.CustomerBalanceTransactionListParams) ([]*stripe.CustomerBalanceTransaction, bool) {
	t.Helper()
	if p == nil {
		p = &stripe.CustomerBalanceTransactionListParams{}
	}
	p.Customer = stripe.String(customer)
	p.Single = true
	return checkPage(t, e.spec, e.sc.V1CustomerBalanceTransactions.List(e.ctx, p),
		"customer_balance_transaction", "/v1/customers/"+customer+"/balance_transactions")
}

// all returns the whole ledger, oldest first, paging by 100.
func (e *ledgerEnv) all(t *testing.T, customer string) []*stripe.CustomerBalanceTransaction {
	t.Helper()
	var out []*stripe.CustomerBalanceTransaction
	p := &stripe.CustomerBalanceTransactionListParams{}
	p.Limit = stripe.Int64(100)
	for range 1000 {
		items, more := e.page(t, customer, p)
		out = append(out, items...)
		if !more {
			slices.Reverse(out)
			return out
		}
		if len(items) == 0 {
			t.Fatal("has_more with an empty page")
		}
		p = &stripe.CustomerBalanceTransactionListParams{}
		p.Limit = stripe.Int64(100)
		p.StartingAfter = stripe.String(items[len(items)-1].ID)
	}
	t.Fatal("ledger list does not end")
	return nil
}

// consistent checks the ledger invariant of customer: ending balances
// chain from 0 in created order, every entry is the customer's and in its
// currency, and the customer's balance is the sum. It returns the ledger,
// oldest first.
func (e *ledgerEnv) consistent(t *testing.T, customer string) []*stripe.CustomerBalanceTransaction {
	t.Helper()
	c := e.retrieveCustomer(t, customer)
	ledger := e.all(t, customer)
	var sum int64
	for i, bt := range ledger {
		sum += bt.Amount
		if bt.EndingBalance != sum {
			t.Errorf("entry %d (%s, amount %d): ending_balance %d, want running sum %d", i, bt.ID, bt.Amount, bt.EndingBalance, sum)
		}
		if bt.Customer == nil || bt.Customer.ID != customer {
			t.Errorf("entry %s: customer %+v, want %s", bt.ID, bt.Customer, customer)
		}
		if c.Currency == "" || bt.Currency != c.Currency {
			t.Errorf("entry %s: currency %q, customer currency %q", bt.ID, bt.Currency, c.Currency)
		}
		if i > 0 && bt.Created < ledger[i-1].Created {
			t.Errorf("entry %s created %d before its predecessor %d", bt.ID, bt.Created, ledger[i-1].Created)
		}
	}
	if c.Balance != sum {
		t.Errorf("customer %s: balance %d, ledger sums to %d (%d entries)", customer, c.Balance, sum, len(ledger))
	}
	if len(ledger) == 0 && c.Currency != "" {
		// A currency may come from elsewhere (discounts), but not in these tests.
		t.Errorf("customer %s: currency %q without a ledger entry", customer, c.Currency)
	}
	return ledger
}

func ledgerTypes(ledger []*stripe.CustomerBalanceTransaction) string {
	var s []string
	for _, bt := range ledger {
		s = append(s, fmt.Sprintf("%s:%d", bt.Type, bt.Amount))
	}
	return strings.Join(s, " ")
}

func TestLedgerCreateRetrieveUpdate(t *testing.T) {
	t.Parallel()
	e := newLedgerEnv(t)
	c := e.createCustomer(t, &stripe.CustomerCreateParams{Name: stripe.String("Ledger")})
	if c.Currency != "" || c.Balance != 0 {
		t.Fatalf("new customer: currency %q balance %d", c.Currency, c.Balance)
	}
	before := time.Now().Unix()
	bt := e.create(t, &stripe.CustomerBalanceTransactionCreateParams{
		Customer: stripe.String(c.ID), Amount: stripe.Int64(-1500), Currency: stripe.String("usd"),
		Description: stripe.String("Goodwill credit"), Metadata: map[string]string{"order": "6735", "agent": "kim"},
	})
	if !strings.HasPrefix(bt.ID, "cbtxn_") || bt.Object != "customer_balance_transaction" || bt.Livemode {
		t.Errorf("id %q object %q livemode %v", bt.ID, bt.Object, bt.Livemode)
	}
	if bt.Amount != -1500 || bt.EndingBalance != -1500 || bt.Currency != "usd" || bt.Type != "adjustment" ||
		bt.Description != "Goodwill credit" || bt.Customer == nil || bt.Customer.ID != c.ID {
		t.Errorf("created: %s", bt.LastResponse.RawJSON)
	}
	if !reflect.DeepEqual(bt.Metadata, map[string]string{"order": "6735", "agent": "kim"}) {
		t.Errorf("metadata %v", bt.Metadata)
	}
	if bt.Created < before-1 || bt.Created > time.Now().Unix()+1 {
		t.Errorf("created %d, now %d", bt.Created, time.Now().Unix())
	}
	raw := jsonObject(t, bt.LastResponse.RawJSON)
	for _, k := range []string{"invoice", "credit_note", "checkout_session", "customer_account"} {
		if v, ok := raw[k]; !ok || v != nil {
			t.Errorf("%s = %v (present %v), want null", k, v, ok)
		}
	}
	if got := e.retrieveCustomer(t, c.ID); got.Balance != -1500 || got.Currency != "usd" {
		t.Errorf("customer after the credit: balance %d currency %q", got.Balance, got.Currency)
	}

	// Retrieve answers the same object.
	again := e.retrieve(t, c.ID, bt.ID)
	if !reflect.DeepEqual(jsonObject(t, again.LastResponse.RawJSON), raw) {
		t.Errorf("retrieve:\n%s\ncreate:\n%s", again.LastResponse.RawJSON, bt.LastResponse.RawJSON)
	}

	// Another customer's id, an unknown id and an unknown customer are 404.
	other := e.createCustomer(t, nil)
	_, err := e.sc.V1CustomerBalanceTransactions.Retrieve(e.ctx, bt.ID, &stripe.CustomerBalanceTransactionRetrieveParams{Customer: stripe.String(other.ID)})
	e.checkErr(t, err, wantErr{status: 404, code: "resource_missing", param: "id", msg: bt.ID})
	_, err = e.sc.V1CustomerBalanceTransactions.Retrieve(e.ctx, "cbtxn_nope", &stripe.CustomerBalanceTransactionRetrieveParams{Customer: stripe.String(c.ID)})
	e.checkErr(t, err, wantErr{status: 404, code: "resource_missing", param: "id", msg: "cbtxn_nope"})
	_, err = e.sc.V1CustomerBalanceTransactions.Retrieve(e.ctx, bt.ID, &stripe.CustomerBalanceTransactionRetrieveParams{Customer: stripe.String("cus_nope")})
	e.checkErr(t, err, noSuchCustomer("cus_nope"))

	// Update: description and metadata (merged; "" removes a key).
	up, err := e.sc.V1CustomerBalanceTransactions.Update(e.ctx, bt.ID, &stripe.CustomerBalanceTransactionUpdateParams{
		Customer: stripe.String(c.ID), Description: stripe.String("Refund for order 6735"),
		Metadata: map[string]string{"agent": "", "ticket": "T-1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	e.spec.Check(t, "customer_balance_transaction", up.LastResponse.RawJSON)
	if up.Description != "Refund for order 6735" || !reflect.DeepEqual(up.Metadata, map[string]string{"order": "6735", "ticket": "T-1"}) {
		t.Errorf("updated: %s", up.LastResponse.RawJSON)
	}
	if up.ID != bt.ID || up.Amount != bt.Amount || up.EndingBalance != bt.EndingBalance || up.Created != bt.Created || up.Currency != bt.Currency || up.Type != bt.Type {
		t.Errorf("update changed immutable fields: %s", up.LastResponse.RawJSON)
	}
	// "" clears the description.
	up, err = e.sc.V1CustomerBalanceTransactions.Update(e.ctx, bt.ID, &stripe.CustomerBalanceTransactionUpdateParams{
		Customer: stripe.String(c.ID), Description: stripe.String("")})
	if err != nil {
		t.Fatal(err)
	}
	e.spec.Check(t, "customer_balance_transaction", up.LastResponse.RawJSON)
	if v, ok := jsonObject(t, up.LastResponse.RawJSON)["description"]; !ok || v != nil {
		t.Errorf("description after clearing = %v", v)
	}
	// Clearing all metadata.
	up, err = e.sc.V1CustomerBalanceTransactions.Update(e.ctx, bt.ID, func() *stripe.CustomerBalanceTransactionUpdateParams {
		p := &stripe.CustomerBalanceTransactionUpdateParams{Customer: stripe.String(c.ID)}
		p.AddUnsetField(stripe.CustomerBalanceTransactionUpdateParamsUnsetFieldMetadata)
		return p
	}())
	if err != nil {
		t.Fatal(err)
	}
	if len(up.Metadata) != 0 {
		t.Errorf("metadata after metadata= : %v", up.Metadata)
	}

	// Everything else is immutable: amount and currency are unknown
	// parameters of an update.
	path := "/v1/customers/" + c.ID + "/balance_transactions/" + bt.ID
	for _, tc := range []struct{ body, param string }{
		{"amount=100", "amount"}, {"currency=eur", "currency"}, {"description=x&amount=-5", "amount"}, {"type=adjustment", "type"},
	} {
		e.rawFail(t, wantErr{status: 400, code: "parameter_unknown", param: tc.param, msg: tc.param}, "POST", path, tc.body)
	}
	final := e.retrieve(t, c.ID, bt.ID)
	if final.Amount != -1500 || final.Description != "" || final.EndingBalance != -1500 {
		t.Errorf("after refused updates: %s", final.LastResponse.RawJSON)
	}
	if got := e.retrieveCustomer(t, c.ID); got.Balance != -1500 {
		t.Errorf("customer balance changed by updates: %d", got.Balance)
	}
	// Update under another customer is 404.
	_, err = e.sc.V1CustomerBalanceTransactions.Update(e.ctx, bt.ID, &stripe.CustomerBalanceTransactionUpdateParams{
		Customer: stripe.String(other.ID), Description: stripe.String("hijack")})
	e.checkErr(t, err, wantErr{status: 404, code: "resource_missing", param: "id", msg: bt.ID})
	e.consistent(t, c.ID)
}

func TestLedgerChainAndList(t *testing.T) {
	t.Parallel()
	e := newLedgerEnv(t)
	c := e.createCustomer(t, nil)
	amounts := []int64{500, -200, 1200, -3000, 75, 1, -1}
	var created []*stripe.CustomerBalanceTransaction
	var sum int64
	for _, a := range amounts {
		bt := e.add(t, c.ID, a, "eur")
		sum += a
		if bt.EndingBalance != sum {
			t.Errorf("amount %d: ending_balance %d, want %d", a, bt.EndingBalance, sum)
		}
		created = append(created, bt)
	}
	ledger := e.consistent(t, c.ID)
	if len(ledger) != len(amounts) {
		t.Fatalf("%d entries, want %d", len(ledger), len(amounts))
	}
	for i, bt := range ledger {
		if bt.ID != created[i].ID {
			t.Errorf("entry %d: %s, want %s (created order)", i, bt.ID, created[i].ID)
		}
	}
	newest := make([]string, len(created))
	for i, bt := range created {
		newest[len(created)-1-i] = bt.ID
	}
	ids := func(bts []*stripe.CustomerBalanceTransaction) []string {
		var out []string
		for _, bt := range bts {
			out = append(out, bt.ID)
		}
		return out
	}

	// Default page: newest first, all seven.
	items, more := e.page(t, c.ID, nil)
	if !slices.Equal(ids(items), newest) || more {
		t.Errorf("default page %v more=%v, want %v", ids(items), more, newest)
	}
	// Pages of three forward.
	for i, pg := range []struct {
		after string // starting_after, "" on the first page
		want  []string
		more  bool
	}{
		{"", newest[:3], true},
		{newest[2], newest[3:6], true},
		{newest[5], newest[6:], false},
	} {
		p := &stripe.CustomerBalanceTransactionListParams{}
		p.Limit = stripe.Int64(3)
		if pg.after != "" {
			p.StartingAfter = stripe.String(pg.after)
		}
		if items, more := e.page(t, c.ID, p); !slices.Equal(ids(items), pg.want) || more != pg.more {
			t.Errorf("page %d %v more=%v", i+1, ids(items), more)
		}
	}
	// And backwards from the oldest.
	p := &stripe.CustomerBalanceTransactionListParams{}
	p.Limit, p.EndingBefore = stripe.Int64(2), stripe.String(newest[6])
	items, more = e.page(t, c.ID, p)
	// The wire order is newest first; stripe-go reverses a page fetched
	// with ending_before, to walk backwards.
	if !more {
		t.Errorf("ending_before page: has_more false")
	}
	raw := e.rawList(t, "customer_balance_transaction", "/v1/customers/"+c.ID+"/balance_transactions?limit=2&ending_before="+newest[6])
	if !slices.Equal(raw.ids(), newest[4:6]) || !raw.HasMore {
		t.Errorf("ending_before page %v more=%v, want %v", raw.ids(), raw.HasMore, newest[4:6])
	}
	if got := ids(items); !slices.Equal(got, []string{newest[5], newest[4]}) {
		t.Errorf("stripe-go's ending_before page %v", got)
	}
	// stripe-go's auto-pagination walks the ledger.
	lp := &stripe.CustomerBalanceTransactionListParams{Customer: stripe.String(c.ID)}
	lp.Limit = stripe.Int64(2)
	if walked := ids(collect(t, e.sc.V1CustomerBalanceTransactions.List(e.ctx, lp).All(e.ctx))); !slices.Equal(walked, newest) {
		t.Errorf("auto-pagination %v, want %v", walked, newest)
	}

	// A ledger is per customer.
	other := e.createCustomer(t, nil)
	if items, more := e.page(t, other.ID, nil); len(items) != 0 || more {
		t.Errorf("other customer's ledger: %v", ids(items))
	}

	// Bad pagination parameters, unknown cursor, unknown customer.
	path := "/v1/customers/" + c.ID + "/balance_transactions"
	for _, tc := range []struct {
		query string
		want  wantErr
	}{
		{"limit=0", wantErr{status: 400, code: "parameter_invalid_integer", param: "limit"}},
		{"limit=101", wantErr{status: 400, code: "parameter_invalid_integer", param: "limit"}},
		{"starting_after=" + newest[0] + "&ending_before=" + newest[1], wantErr{status: 400, code: "parameters_exclusive", param: "ending_before"}},
		{"created[gt]=abc", wantErr{status: 400, code: "parameter_invalid_integer", param: "created[gt]"}},
		{"amount=5", wantErr{status: 400, code: "parameter_unknown", param: "amount"}},
	} {
		e.rawFail(t, tc.want, "GET", path+"?"+tc.query, "")
	}
	e.rawFail(t, noSuchCustomer("cus_nope"), "GET", "/v1/customers/cus_nope/balance_transactions", "")
}

// TestLedgerCreatedFilter lists entries written on a stopped clock, so that
// the created filters can be tested on exact seconds.
func TestLedgerCreatedFilter(t *testing.T) {
	t.Parallel()
	e := newLedgerEnv(t)
	c := e.createCustomer(t, nil)
	base := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	var at []int64
	seedStore(t, e.srv, func(ctx context.Context, tx remit.Tx, svc *remit.Service) error {
		for i := range 5 {
			ts := base.Add(time.Duration(i) * time.Minute)
			svc.Now = func() time.Time { return ts }
			cur, amount := "gbp", int64(100*(i+1))
			if _, err := svc.CreateBalanceTransaction(ctx, tx, e.srv.Scope, c.ID, &remit.BalanceTransactionParams{
				Amount: &amount, Currency: &cur}); err != nil {
				return err
			}
			at = append(at, ts.Unix())
		}
		return nil
	})
	amounts := func(bts []*stripe.CustomerBalanceTransaction) []int64 {
		var out []int64
		for _, bt := range bts {
			out = append(out, bt.Amount)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		p    *stripe.CustomerBalanceTransactionListParams
		want []int64
	}{
		{"exact", &stripe.CustomerBalanceTransactionListParams{Created: stripe.Int64(at[2])}, []int64{300}},
		{"gte lt", &stripe.CustomerBalanceTransactionListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThanOrEqual: at[1], LesserThan: at[3]}}, []int64{300, 200}},
		{"gt", &stripe.CustomerBalanceTransactionListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThan: at[3]}}, []int64{500}},
		{"lte", &stripe.CustomerBalanceTransactionListParams{CreatedRange: &stripe.RangeQueryParams{LesserThanOrEqual: at[1]}}, []int64{200, 100}},
		{"none", &stripe.CustomerBalanceTransactionListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThan: at[4]}}, nil},
	} {
		items, more := e.page(t, c.ID, tc.p)
		if !slices.Equal(amounts(items), tc.want) || more {
			t.Errorf("%s: amounts %v more=%v, want %v", tc.name, amounts(items), more, tc.want)
		}
	}
	// The created filter and pagination combine.
	p := &stripe.CustomerBalanceTransactionListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThanOrEqual: at[1]}}
	p.Limit = stripe.Int64(2)
	items, more := e.page(t, c.ID, p)
	if !slices.Equal(amounts(items), []int64{500, 400}) || !more {
		t.Errorf("filtered page 1: %v more=%v", amounts(items), more)
	}
	p = &stripe.CustomerBalanceTransactionListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThanOrEqual: at[1]}}
	p.Limit, p.StartingAfter = stripe.Int64(2), stripe.String(items[1].ID)
	items, more = e.page(t, c.ID, p)
	if !slices.Equal(amounts(items), []int64{300, 200}) || more {
		t.Errorf("filtered page 2: %v more=%v", amounts(items), more)
	}
	ledger := e.consistent(t, c.ID)
	for i, bt := range ledger {
		if bt.Created != at[i] {
			t.Errorf("entry %d created %d, want %d", i, bt.Created, at[i])
		}
	}
}

// TestLedgerCustomerBalance: balance on customer create and update is
// recorded in the ledger, and customer.balance stays its sum.
func TestLedgerCustomerBalance(t *testing.T) {
	t.Parallel()
	e := newLedgerEnv(t)

	c := e.createCustomer(t, &stripe.CustomerCreateParams{Balance: stripe.Int64(2500)})
	if c.Balance != 2500 || c.Currency != "usd" {
		t.Fatalf("created with balance: balance %d currency %q, want 2500 usd", c.Balance, c.Currency)
	}
	ledger := e.consistent(t, c.ID)
	if len(ledger) != 1 || ledger[0].Type != "initial" || ledger[0].Amount != 2500 || ledger[0].EndingBalance != 2500 ||
		ledger[0].Currency != "usd" || ledger[0].Created < c.Created || ledger[0].Created > c.Created+1 {
		t.Fatalf("ledger after create: %s", ledgerTypes(ledger))
	}
	if ledger[0].Description != "" || len(ledger[0].Metadata) != 0 {
		t.Errorf("initial entry: description %q metadata %v", ledger[0].Description, ledger[0].Metadata)
	}

	steps := []struct {
		name    string
		p       *stripe.CustomerUpdateParams
		balance int64
		entry   string // "" when no entry may be added
	}{
		{"lower", &stripe.CustomerUpdateParams{Balance: stripe.Int64(1000)}, 1000, "adjustment:-1500"},
		{"unchanged", &stripe.CustomerUpdateParams{Balance: stripe.Int64(1000)}, 1000, ""},
		{"other field", &stripe.CustomerUpdateParams{Name: stripe.String("Renamed")}, 1000, ""},
		{"credit", &stripe.CustomerUpdateParams{Balance: stripe.Int64(-4000)}, -4000, "adjustment:-5000"},
		{"zero", &stripe.CustomerUpdateParams{Balance: stripe.Int64(0)}, 0, "adjustment:4000"},
		{"zero again", &stripe.CustomerUpdateParams{Balance: stripe.Int64(0)}, 0, ""},
	}
	n := len(ledger)
	for _, s := range steps {
		got := e.updateCustomer(t, c.ID, s.p)
		if got.Balance != s.balance {
			t.Errorf("%s: balance %d, want %d", s.name, got.Balance, s.balance)
		}
		ledger = e.consistent(t, c.ID)
		switch {
		case s.entry == "" && len(ledger) != n:
			t.Errorf("%s: ledger grew to %s", s.name, ledgerTypes(ledger))
		case s.entry != "" && (len(ledger) != n+1 || ledgerTypes(ledger[n:]) != s.entry):
			t.Errorf("%s: ledger %s, want a new %s", s.name, ledgerTypes(ledger), s.entry)
		}
		n = len(ledger)
	}
	// Transactions and balance updates share the ledger.
	bt := e.add(t, c.ID, 300, "usd")
	if bt.EndingBalance != 300 {
		t.Errorf("transaction after balance updates: ending_balance %d", bt.EndingBalance)
	}
	e.updateCustomer(t, c.ID, &stripe.CustomerUpdateParams{Balance: stripe.Int64(-50)})
	ledger = e.consistent(t, c.ID)
	if got := ledgerTypes(ledger); got != "initial:2500 adjustment:-1500 adjustment:-5000 adjustment:4000 adjustment:300 adjustment:-350" {
		t.Errorf("ledger %s", got)
	}

	// balance 0 on create records nothing and leaves the currency unset.
	z := e.createCustomer(t, &stripe.CustomerCreateParams{Balance: stripe.Int64(0)})
	if z.Currency != "" || z.Balance != 0 {
		t.Errorf("balance 0: currency %q balance %d", z.Currency, z.Balance)
	}
	if l := e.consistent(t, z.ID); len(l) != 0 {
		t.Errorf("balance 0 recorded %s", ledgerTypes(l))
	}
	// A negative balance on create is an initial credit.
	neg := e.createCustomer(t, &stripe.CustomerCreateParams{Balance: stripe.Int64(-999)})
	if l := e.consistent(t, neg.ID); ledgerTypes(l) != "initial:-999" {
		t.Errorf("negative initial balance: %s", ledgerTypes(l))
	}

	// A balance set on a customer without a currency uses usd and locks it.
	u := e.createCustomer(t, nil)
	got := e.updateCustomer(t, u.ID, &stripe.CustomerUpdateParams{Balance: stripe.Int64(-700)})
	if got.Currency != "usd" || got.Balance != -700 {
		t.Errorf("balance on update: currency %q balance %d", got.Currency, got.Balance)
	}
	if l := e.consistent(t, u.ID); ledgerTypes(l) != "adjustment:-700" || l[0].Currency != "usd" {
		t.Errorf("ledger %s", ledgerTypes(l))
	}
	e.createErr(t, &stripe.CustomerBalanceTransactionCreateParams{Customer: stripe.String(u.ID), Amount: stripe.Int64(10), Currency: stripe.String("eur")},
		wantErr{status: 400, param: "currency", msg: "usd"})

	// A balance change is undone with the rest of a refused update (the
	// invoice prefix is checked after the balance is recorded) or create.
	taken := e.retrieveCustomer(t, c.ID).InvoicePrefix
	_, err := e.sc.V1Customers.Update(e.ctx, u.ID, &stripe.CustomerUpdateParams{Balance: stripe.Int64(5000), InvoicePrefix: stripe.String(taken)})
	e.checkErr(t, err, wantErr{status: 400, param: "invoice_prefix"})
	if l := e.consistent(t, u.ID); ledgerTypes(l) != "adjustment:-700" {
		t.Errorf("refused update recorded: %s", ledgerTypes(l))
	}
	before := countCustomers(t, e.sc)
	_, err = e.sc.V1Customers.Create(e.ctx, &stripe.CustomerCreateParams{Balance: stripe.Int64(5000), InvoicePrefix: stripe.String(taken)})
	e.checkErr(t, err, wantErr{status: 400, param: "invoice_prefix"})
	_, err = e.sc.V1Customers.Create(e.ctx, &stripe.CustomerCreateParams{Balance: stripe.Int64(5000), PaymentMethod: stripe.String("pm_card_chargeDeclined")})
	e.checkErr(t, err, wantErr{status: 402, typ: "card_error", code: "card_declined"})
	if after := countCustomers(t, e.sc); after != before {
		t.Errorf("refused creates left %d customers", after-before)
	}
	// Out of range balances are refused and change nothing.
	_, err = e.sc.V1Customers.Update(e.ctx, u.ID, &stripe.CustomerUpdateParams{Balance: stripe.Int64(remit.MaxBalance + 1)})
	e.checkErr(t, err, wantErr{status: 400, code: "parameter_invalid_integer", param: "balance"})
	if l := e.consistent(t, u.ID); len(l) != 1 {
		t.Errorf("refused balance recorded: %s", ledgerTypes(l))
	}
}

// TestLedgerCurrencyLock: the first transaction sets the customer's
// currency; another currency is then refused, naming the customer's.
func TestLedgerCurrencyLock(t *testing.T) {
	t.Parallel()
	e := newLedgerEnv(t)
	c := e.createCustomer(t, nil)
	// A failed first transaction locks nothing.
	e.createErr(t, &stripe.CustomerBalanceTransactionCreateParams{Customer: stripe.String(c.ID), Amount: stripe.Int64(0), Currency: stripe.String("gbp")},
		wantErr{status: 400, code: "parameter_invalid_integer", param: "amount"})
	if got := e.retrieveCustomer(t, c.ID); got.Currency != "" {
		t.Fatalf("failed transaction set currency %q", got.Currency)
	}
	e.add(t, c.ID, 500, "eur")
	if got := e.retrieveCustomer(t, c.ID); got.Currency != "eur" || got.Balance != 500 {
		t.Fatalf("after a eur transaction: currency %q balance %d", got.Currency, got.Balance)
	}
	for _, cur := range []string{"usd", "gbp", "jpy"} {
		e.createErr(t, &stripe.CustomerBalanceTransactionCreateParams{Customer: stripe.String(c.ID), Amount: stripe.Int64(100), Currency: stripe.String(cur)},
			wantErr{status: 400, param: "currency", msg: "with currency eur"})
	}
	// The same currency in capitals is the same currency.
	bt := e.add(t, c.ID, -200, "EUR")
	if bt.Currency != "eur" {
		t.Errorf("EUR stored as %q", bt.Currency)
	}
	// Balance updates are recorded in the customer's currency.
	e.updateCustomer(t, c.ID, &stripe.CustomerUpdateParams{Balance: stripe.Int64(1000)})
	ledger := e.consistent(t, c.ID)
	if got := ledgerTypes(ledger); got != "adjustment:500 adjustment:-200 adjustment:700" {
		t.Errorf("ledger %s", got)
	}
	for _, bt := range ledger {
		if bt.Currency != "eur" {
			t.Errorf("%s in %s", bt.ID, bt.Currency)
		}
	}
	// The lock holds for a customer whose currency came from balance on create.
	d := e.createCustomer(t, &stripe.CustomerCreateParams{Balance: stripe.Int64(100)})
	e.createErr(t, &stripe.CustomerBalanceTransactionCreateParams{Customer: stripe.String(d.ID), Amount: stripe.Int64(100), Currency: stripe.String("eur")},
		wantErr{status: 400, param: "currency", msg: "currency usd"})
	e.add(t, d.ID, 100, "usd")
	e.consistent(t, d.ID)
}

func TestLedgerValidation(t *testing.T) {
	t.Parallel()
	e := newLedgerEnv(t)
	c := e.createCustomer(t, nil)
	p := func(amount *int64, cur *string) *stripe.CustomerBalanceTransactionCreateParams {
		return &stripe.CustomerBalanceTransactionCreateParams{Customer: stripe.String(c.ID), Amount: amount, Currency: cur}
	}
	for _, tc := range []struct {
		name string
		p    *stripe.CustomerBalanceTransactionCreateParams
		want wantErr
	}{
		{"unknown currency", p(stripe.Int64(100), stripe.String("abc")), wantErr{status: 400, param: "currency", msg: "Invalid currency: abc"}},
		{"long currency", p(stripe.Int64(100), stripe.String("usdx")), wantErr{status: 400, param: "currency"}},
		{"short currency", p(stripe.Int64(100), stripe.String("us")), wantErr{status: 400, param: "currency"}},
		// ISO 4217 codes that are no money.
		{"no currency", p(stripe.Int64(100), stripe.String("xxx")), wantErr{status: 400, param: "currency", msg: "Invalid currency: xxx"}},
		{"testing code", p(stripe.Int64(100), stripe.String("xts")), wantErr{status: 400, param: "currency"}},
		{"gold", p(stripe.Int64(100), stripe.String("xau")), wantErr{status: 400, param: "currency"}},
		{"fund", p(stripe.Int64(100), stripe.String("usn")), wantErr{status: 400, param: "currency"}},
		{"amount 0", p(stripe.Int64(0), stripe.String("usd")), wantErr{status: 400, code: "parameter_invalid_integer", param: "amount"}},
		{"no amount", p(nil, stripe.String("usd")), wantErr{status: 400, code: "parameter_missing", param: "amount", msg: "Missing required param: amount."}},
		{"missing currency", p(stripe.Int64(100), nil), wantErr{status: 400, code: "parameter_missing", param: "currency", msg: "Missing required param: currency."}},
		{"over the maximum", p(stripe.Int64(remit.MaxBalance+1), stripe.String("usd")), wantErr{status: 400, code: "parameter_invalid_integer", param: "amount"}},
		{"description too long", &stripe.CustomerBalanceTransactionCreateParams{Customer: stripe.String(c.ID), Amount: stripe.Int64(1), Currency: stripe.String("usd"),
			Description: stripe.String(strings.Repeat("d", 351))}, wantErr{status: 400, param: "description", msg: "350"}},
		{"unknown customer", &stripe.CustomerBalanceTransactionCreateParams{Customer: stripe.String("cus_nope"), Amount: stripe.Int64(1), Currency: stripe.String("usd")},
			noSuchCustomer("cus_nope")},
	} {
		t.Run(tc.name, func(t *testing.T) { e.createErr(t, tc.p, tc.want) })
	}
	path := "/v1/customers/" + c.ID + "/balance_transactions"
	for _, tc := range []struct {
		body string
		want wantErr
	}{
		{"amount=1.5&currency=usd", wantErr{status: 400, code: "parameter_invalid_integer", param: "amount"}},
		{"amount=&currency=usd", wantErr{status: 400, code: "parameter_invalid_empty", param: "amount"}},
		{"amount=10&currency=", wantErr{status: 400, code: "parameter_invalid_empty", param: "currency"}},
		{"amount=10&currency=usd&type=initial", wantErr{status: 400, code: "parameter_unknown", param: "type"}},
		{"amount=10&currency=usd&metadata[k]=" + strings.Repeat("v", 501), wantErr{status: 400, param: "metadata[k]"}},
	} {
		e.rawFail(t, tc.want, "POST", path, tc.body)
	}
	// None of that touched the customer.
	if got := e.retrieveCustomer(t, c.ID); got.Currency != "" || got.Balance != 0 {
		t.Errorf("after refused transactions: currency %q balance %d", got.Currency, got.Balance)
	}
	// The limits themselves are accepted: 350 characters, the maximum balance.
	bt := e.create(t, &stripe.CustomerBalanceTransactionCreateParams{Customer: stripe.String(c.ID), Amount: stripe.Int64(remit.MaxBalance),
		Currency: stripe.String("usd"), Description: stripe.String(strings.Repeat("é", 350))})
	if bt.EndingBalance != remit.MaxBalance || len([]rune(bt.Description)) != 350 {
		t.Errorf("at the limits: %d, %d characters", bt.EndingBalance, len([]rune(bt.Description)))
	}
	e.createErr(t, p(stripe.Int64(1), stripe.String("usd")), wantErr{status: 400, code: "parameter_invalid_integer", param: "amount"})
	e.add(t, c.ID, -2*remit.MaxBalance, "usd")
	e.consistent(t, c.ID)

	// Currencies with an X code that are money are accepted.
	for _, cur := range []string{"xof", "xaf", "xpf", "xcd"} {
		if bt := e.add(t, e.createCustomer(t, nil).ID, 100, cur); bt.Currency != stripe.Currency(cur) {
			t.Errorf("%s stored as %s", cur, bt.Currency)
		}
	}

	// A deleted customer has no ledger to write or read.
	d := e.createCustomer(t, nil)
	old := e.add(t, d.ID, 100, "usd")
	if _, err := e.sc.V1Customers.Delete(e.ctx, d.ID, nil); err != nil {
		t.Fatal(err)
	}
	e.createErr(t, &stripe.CustomerBalanceTransactionCreateParams{Customer: stripe.String(d.ID), Amount: stripe.Int64(1), Currency: stripe.String("usd")},
		noSuchCustomer(d.ID))
	l := e.sc.V1CustomerBalanceTransactions.List(e.ctx, &stripe.CustomerBalanceTransactionListParams{Customer: stripe.String(d.ID)})
	e.checkErr(t, l.Err(), noSuchCustomer(d.ID))
	_, err := e.sc.V1CustomerBalanceTransactions.Update(e.ctx, old.ID, &stripe.CustomerBalanceTransactionUpdateParams{
		Customer: stripe.String(d.ID), Description: stripe.String("late")})
	e.checkErr(t, err, noSuchCustomer(d.ID))
	// Retrieve agrees with the list (it used to answer the entry, and with
	// expand[]=customer a body that does not match the schema).
	_, err = e.sc.V1CustomerBalanceTransactions.Retrieve(e.ctx, old.ID, &stripe.CustomerBalanceTransactionRetrieveParams{Customer: stripe.String(d.ID)})
	e.checkErr(t, err, noSuchCustomer(d.ID))
	e.rawFail(t, noSuchCustomer(d.ID), "GET", "/v1/customers/"+d.ID+"/balance_transactions/"+old.ID+"?expand[]=customer", "")
}

func TestLedgerExpandCustomer(t *testing.T) {
	t.Parallel()
	e := newLedgerEnv(t)
	c := e.createCustomer(t, &stripe.CustomerCreateParams{Email: stripe.String("ledger@example.com")})
	p := &stripe.CustomerBalanceTransactionCreateParams{Customer: stripe.String(c.ID), Amount: stripe.Int64(-800), Currency: stripe.String("usd")}
	p.AddExpand("customer")
	bt := e.create(t, p)
	// The expanded customer is the one the transaction just changed.
	if bt.Customer == nil || bt.Customer.ID != c.ID || bt.Customer.Object != "customer" || bt.Customer.Balance != -800 ||
		bt.Customer.Currency != "usd" || bt.Customer.Email != "ledger@example.com" {
		t.Errorf("expanded customer: %s", bt.LastResponse.RawJSON)
	}
	if _, ok := jsonObject(t, bt.LastResponse.RawJSON)["customer"].(map[string]any); !ok {
		t.Errorf("customer not expanded: %s", bt.LastResponse.RawJSON)
	}
	got := e.retrieve(t, c.ID, bt.ID, "customer")
	if got.Customer == nil || got.Customer.Balance != -800 || got.Customer.Email != "ledger@example.com" {
		t.Errorf("retrieve expanded: %s", got.LastResponse.RawJSON)
	}
	// Without expand, customer is an id.
	if id, ok := jsonObject(t, e.retrieve(t, c.ID, bt.ID).LastResponse.RawJSON)["customer"].(string); !ok || id != c.ID {
		t.Errorf("customer not an id")
	}
	// In a list: data.customer.
	lp := &stripe.CustomerBalanceTransactionListParams{}
	lp.AddExpand("data.customer")
	items, _ := e.page(t, c.ID, lp)
	if len(items) != 1 || items[0].Customer == nil || items[0].Customer.Email != "ledger@example.com" {
		t.Errorf("list expanded: %+v", items)
	}
	// Update with expand.
	up, err := e.sc.V1CustomerBalanceTransactions.Update(e.ctx, bt.ID, func() *stripe.CustomerBalanceTransactionUpdateParams {
		p := &stripe.CustomerBalanceTransactionUpdateParams{Customer: stripe.String(c.ID), Description: stripe.String("x")}
		p.AddExpand("customer")
		return p
	}())
	if err != nil {
		t.Fatal(err)
	}
	e.spec.Check(t, "customer_balance_transaction", up.LastResponse.RawJSON)
	if up.Customer == nil || up.Customer.Email != "ledger@example.com" {
		t.Errorf("update expanded: %s", up.LastResponse.RawJSON)
	}
	// Fields that remit never fills stay null when expanded; unknown fields are refused.
	b := e.rawOK(t, "GET", "/v1/customers/"+c.ID+"/balance_transactions/"+bt.ID+"?expand[]=invoice", "")
	e.spec.Check(t, "customer_balance_transaction", b)
	if v, ok := jsonObject(t, b)["invoice"]; !ok || v != nil {
		t.Errorf("expanded null invoice = %v", v)
	}
	e.rawFail(t, wantErr{status: 400, param: "expand"}, "GET", "/v1/customers/"+c.ID+"/balance_transactions/"+bt.ID+"?expand[]=amount", "")
}

// TestLedgerConcurrent: eight writers on one customer through the real
// HTTP server; no update may be lost and the ledger must chain.
func TestLedgerConcurrent(t *testing.T) {
	t.Parallel()
	e := newLedgerEnv(t)
	c := e.createCustomer(t, nil)
	e.add(t, c.ID, 1, "usd") // lock the currency first
	const workers, each = 8, 25
	client := pooledClient(t, workers, time.Minute)
	path := "/v1/customers/" + c.ID + "/balance_transactions"
	var (
		mu   sync.Mutex
		sent = map[int64]int{1: 1}
		sum  = int64(1)
		errs []string
		wg   sync.WaitGroup
	)
	for w := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 42))
			for i := range each {
				amount := rng.Int64N(20001) - 10000
				if amount == 0 {
					amount = 7
				}
				res, err := rawRequest(client, e.srv.URL, e.srv.Key, "POST", path,
					fmt.Sprintf("amount=%d&currency=usd&description=w%d-%d", amount, w, i))
				mu.Lock()
				switch {
				case err != nil:
					errs = append(errs, err.Error())
				case res.status != 200:
					errs = append(errs, fmt.Sprintf("%d %s", res.status, res.body))
				default:
					sent[amount]++
					sum += amount
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("%d failed requests, first: %s", len(errs), errs[0])
	}
	ledger := e.consistent(t, c.ID)
	if len(ledger) != workers*each+1 {
		t.Fatalf("%d entries, want %d", len(ledger), workers*each+1)
	}
	if last := ledger[len(ledger)-1]; last.EndingBalance != sum {
		t.Errorf("last ending_balance %d, want %d", last.EndingBalance, sum)
	}
	if got := e.retrieveCustomer(t, c.ID); got.Balance != sum {
		t.Errorf("customer balance %d, sum of requests %d", got.Balance, sum)
	}
	seen := map[string]bool{}
	for _, bt := range ledger {
		if seen[bt.ID] {
			t.Errorf("duplicate %s", bt.ID)
		}
		seen[bt.ID] = true
		sent[bt.Amount]--
	}
	for a, n := range sent {
		if n != 0 {
			t.Errorf("amount %d: %d more sent than recorded", a, n)
		}
	}
}
