// Package storetest is the conformance suite of remit.Store: every backend
// runs it from its own tests, so that all backends behave alike.
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) remit.Store { return openFresh(t) })
//	}
//
// The suite uses fixed ids and times and never sleeps.
package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"remit"
)

// Run runs the suite. open must return a new, empty store each time it is
// called; Run closes it when the subtest ends.
func Run(t *testing.T, open func(t *testing.T) remit.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s remit.Store)
	}{
		{"Accounts", testAccounts},
		{"APIKeys", testAPIKeys},
		{"CustomerRoundTrip", testCustomerRoundTrip},
		{"CustomerJSON", testCustomerJSON},
		{"CustomerUpdate", testCustomerUpdate},
		{"CustomerScope", testCustomerScope},
		{"ListCustomersOrder", testListCustomersOrder},
		{"ListCustomersCursors", testListCustomersCursors},
		{"ListCustomersUnknownCursor", testListCustomersUnknownCursor},
		{"ListCustomersEmail", testListCustomersEmail},
		{"ListCustomersCreated", testListCustomersCreated},
		{"ListCustomersScope", testListCustomersScope},
		{"InvoicePrefix", testInvoicePrefix},
		{"PaymentMethods", testPaymentMethods},
		{"ListPaymentMethods", testListPaymentMethods},
		{"Idempotency", testIdempotency},
		{"PruneIdempotency", testPruneIdempotency},
		{"Nested", testNested},
		{"NestedInNested", testNestedInNested},
		{"UpdateRollsBack", testUpdateRollsBack},
		{"ViewSeesCommitted", testViewSeesCommitted},
		{"ConcurrentUpdates", testConcurrentUpdates},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			if s == nil {
				t.Fatal("open returned a nil store")
			}
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tt.fn(t, s)
		})
	}
}

// Fixed data.
var (
	ctx = context.Background()

	// t0 is the time everything is created around.
	t0 = time.Unix(1_700_000_000, 0)

	acctA = "acct_storetestAAAAAAA"
	acctB = "acct_storetestBBBBBBB"

	scopeA     = remit.Scope{Account: acctA}                 // account A, test mode
	scopeALive = remit.Scope{Account: acctA, Livemode: true} // account A, live mode
	scopeB     = remit.Scope{Account: acctB}                 // account B, test mode

	errBoom = errors.New("storetest: boom")
)

func update(t *testing.T, s remit.Store, fn func(tx remit.Tx) error) {
	t.Helper()
	if err := s.Update(ctx, fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

func view(t *testing.T, s remit.Store, fn func(tx remit.Tx) error) {
	t.Helper()
	if err := s.View(ctx, fn); err != nil {
		t.Fatalf("View: %v", err)
	}
}

// createAccounts creates accounts A and B, as every real scope has an account.
func createAccounts(t *testing.T, s remit.Store) {
	t.Helper()
	update(t, s, func(tx remit.Tx) error {
		if err := tx.CreateAccount(ctx, remit.Account{ID: acctA, Created: t0}); err != nil {
			return err
		}
		return tx.CreateAccount(ctx, remit.Account{ID: acctB, Created: t0.Add(time.Second)})
	})
}

func ptr[T any](v T) *T { return &v }

// nanos returns the CreatedNano of a time sec seconds and ns nanoseconds after t0.
func nanos(sec, ns int64) int64 { return t0.UnixNano() + sec*1e9 + ns }

// customer returns a minimal customer of scope s as the service creates it.
func customer(s remit.Scope, id string, createdNano int64) *remit.Customer {
	return &remit.Customer{
		ID:                  id,
		Object:              "customer",
		Created:             createdNano / 1e9,
		CreatedNano:         createdNano,
		Livemode:            s.Livemode,
		Metadata:            map[string]string{},
		NextInvoiceSequence: 1,
		PreferredLocales:    []string{},
		TaxExempt:           remit.TaxExemptNone,
	}
}

// fullCustomer sets every field of the customer object.
func fullCustomer(s remit.Scope, id string, createdNano int64) *remit.Customer {
	c := customer(s, id, createdNano)
	c.Address = &remit.Address{City: ptr("Paris"), Country: ptr("FR"), Line1: ptr("1 Rue de Rivoli"),
		Line2: ptr("Bât. B, 2ᵉ étage"), PostalCode: ptr("75001"), State: ptr("IDF")}
	c.Balance = -1234
	c.BusinessName = ptr("Acme, Inc.")
	c.Currency = ptr("eur")
	c.CustomerAccount = ptr("acct_customer")
	c.DefaultSource = ptr("card_123")
	c.Delinquent = true
	c.Description = ptr("A \"quoted\" description\nwith a newline and 😀")
	c.Email = ptr("Jenny.Rosen@example.com")
	c.IndividualName = ptr("Jenny Rosen")
	c.InvoicePrefix = ptr("FULL" + strings.ToUpper(id[len(id)-2:]))
	c.InvoiceSettings = remit.InvoiceSettings{
		CustomFields:         []remit.CustomField{{Name: "PO", Value: "12345"}, {Name: "VAT", Value: "FR 123"}},
		DefaultPaymentMethod: ptr("pm_default"),
		Footer:               ptr("Merci !"),
		RenderingOptions:     &remit.RenderingOptions{AmountTaxDisplay: ptr("include_inclusive_tax"), Template: ptr("inrtem_1")},
	}
	c.Metadata = map[string]string{"plan": "pro", "empty": "", "unicode": "Jürgen ☎", "a.b[c]": "x=y&z"}
	c.Name = ptr("Jenny Rosen")
	c.NextInvoiceSequence = 42
	c.Phone = ptr("+33 1 23 45 67 89")
	c.PreferredLocales = []string{"fr-FR", "en"}
	c.Shipping = &remit.Shipping{
		Address: remit.Address{City: ptr("Lyon"), Country: ptr("FR"), Line1: ptr("2 Place Bellecour")},
		Carrier: ptr("La Poste"), Name: "Jenny R.", Phone: ptr("+33 4"), TrackingNumber: ptr("TRACK1"),
	}
	c.TaxExempt = remit.TaxExemptReverse
	c.TestClock = ptr("clock_1")
	return c
}

func paymentMethod(s remit.Scope, id string, createdNano int64, customer *string, typ string) *remit.PaymentMethod {
	pm := &remit.PaymentMethod{
		ID:             id,
		Object:         "payment_method",
		AllowRedisplay: "unspecified",
		Created:        createdNano / 1e9,
		CreatedNano:    createdNano,
		Customer:       customer,
		Livemode:       s.Livemode,
		Metadata:       map[string]string{},
		Type:           typ,
	}
	if typ == "card" {
		unchecked := "unchecked"
		pm.Card = &remit.Card{
			Brand: "visa", Checks: &remit.CardChecks{CVCCheck: &unchecked}, Country: ptr("US"),
			DisplayBrand: ptr("visa"), ExpMonth: 4, ExpYear: 2030, Fingerprint: ptr("fp_" + id),
			Funding: "credit", Last4: "4242", Networks: &remit.CardNetworks{Available: []string{"visa"}},
			ThreeDSecureUsage: &remit.ThreeDSUsage{Supported: true},
		}
	}
	return pm
}

// equal fails the test when got and want differ, showing both as JSON
// (with the storage-only fields, which JSON hides).
func equal(t *testing.T, what string, got, want any) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	show := func(v any) string {
		b, _ := json.MarshalIndent(v, "", "  ")
		return string(b)
	}
	t.Errorf("%s differs\n got  %s %s\n want %s %s", what, show(got), extra(got), show(want), extra(want))
}

func extra(v any) string {
	switch x := v.(type) {
	case *remit.Customer:
		if x != nil {
			return fmt.Sprintf("(Deleted=%v CreatedNano=%d)", x.Deleted, x.CreatedNano)
		}
	case *remit.PaymentMethod:
		if x != nil {
			return fmt.Sprintf("(Detached=%v CreatedNano=%d)", x.Detached, x.CreatedNano)
		}
	}
	return ""
}

func isNotFound(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, remit.ErrNotFound) {
		t.Errorf("%s: want ErrNotFound, got %v", what, err)
	}
}

func insertCustomers(t *testing.T, s remit.Store, sc remit.Scope, cs ...*remit.Customer) {
	t.Helper()
	update(t, s, func(tx remit.Tx) error {
		for _, c := range cs {
			if err := tx.InsertCustomer(ctx, sc, c); err != nil {
				return fmt.Errorf("insert %s: %w", c.ID, err)
			}
		}
		return nil
	})
}

func findCustomer(t *testing.T, s remit.Store, sc remit.Scope, id string) (*remit.Customer, error) {
	t.Helper()
	var c *remit.Customer
	err := s.View(ctx, func(tx remit.Tx) error {
		var err error
		c, err = tx.FindCustomer(ctx, sc, id)
		return err
	})
	return c, err
}

func listCustomers(t *testing.T, s remit.Store, sc remit.Scope, f remit.CustomerFilter) ([]string, bool) {
	t.Helper()
	var ids []string
	var more bool
	view(t, s, func(tx remit.Tx) error {
		cs, m, err := tx.ListCustomers(ctx, sc, f)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if c.Deleted {
				t.Errorf("ListCustomers returned deleted customer %s", c.ID)
			}
			ids = append(ids, c.ID)
		}
		more = m
		return nil
	})
	return ids, more
}

func checkPage(t *testing.T, what string, gotIDs []string, gotMore bool, wantIDs []string, wantMore bool) {
	t.Helper()
	if len(gotIDs) == 0 && len(wantIDs) == 0 {
		gotIDs, wantIDs = nil, nil
	}
	if !reflect.DeepEqual(gotIDs, wantIDs) || gotMore != wantMore {
		t.Errorf("%s: got %v more=%v, want %v more=%v", what, gotIDs, gotMore, wantIDs, wantMore)
	}
}

func testAccounts(t *testing.T, s remit.Store) {
	view(t, s, func(tx remit.Tx) error {
		_, err := tx.DefaultAccount(ctx)
		isNotFound(t, "DefaultAccount of an empty store", err)
		return nil
	})
	// The newer account is created first: the default is the oldest, not the first inserted.
	update(t, s, func(tx remit.Tx) error {
		if err := tx.CreateAccount(ctx, remit.Account{ID: "acct_0newer", Created: t0.Add(time.Hour)}); err != nil {
			return err
		}
		return tx.CreateAccount(ctx, remit.Account{ID: "acct_1older", Created: t0})
	})
	update(t, s, func(tx remit.Tx) error {
		return tx.CreateAccount(ctx, remit.Account{ID: "acct_2newest", Created: t0.Add(2 * time.Hour)})
	})
	view(t, s, func(tx remit.Tx) error {
		a, err := tx.DefaultAccount(ctx)
		if err != nil {
			return err
		}
		if a.ID != "acct_1older" || !a.Created.Equal(t0) {
			t.Errorf("DefaultAccount = %s created %v, want acct_1older created %v", a.ID, a.Created, t0)
		}
		return nil
	})
}

func testAPIKeys(t *testing.T, s remit.Store) {
	createAccounts(t, s)
	keys := []remit.APIKey{
		remit.DescribeKey("sk_test_storetest0000000000000000000000000001", acctA, t0),
		remit.DescribeKey("pk_test_storetest0000000000000000000000000002", acctA, t0.Add(time.Second)),
		remit.DescribeKey("sk_live_storetest0000000000000000000000000003", acctB, t0.Add(2*time.Second)),
	}
	update(t, s, func(tx remit.Tx) error {
		for _, k := range keys {
			if err := tx.CreateAPIKey(ctx, k); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, func(tx remit.Tx) error {
		for _, want := range keys {
			got, err := tx.FindAPIKey(ctx, want.Hash)
			if err != nil {
				t.Errorf("FindAPIKey(%s): %v", want.Display, err)
				continue
			}
			if got.Hash != want.Hash || got.Account != want.Account || got.Kind != want.Kind ||
				got.Livemode != want.Livemode || got.Display != want.Display || !got.Created.Equal(want.Created) {
				t.Errorf("FindAPIKey(%s) = %+v, want %+v", want.Display, got, want)
			}
		}
		_, err := tx.FindAPIKey(ctx, remit.HashKey("sk_test_unknown"))
		isNotFound(t, "FindAPIKey of an unknown hash", err)
		return nil
	})
}

func testCustomerRoundTrip(t *testing.T, s remit.Store) {
	full := fullCustomer(scopeA, "cus_full01", nanos(5, 123456789))
	fullLive := fullCustomer(scopeALive, "cus_full02", nanos(6, 1))
	minimal := customer(scopeA, "cus_minimal", nanos(7, 0))
	// Nil and empty collections are different objects on the wire (null
	// versus [] or {}), so a store must keep the difference.
	nils := customer(scopeA, "cus_nils", nanos(8, 999999999))
	nils.Metadata, nils.PreferredLocales = nil, nil
	nils.InvoiceSettings.CustomFields = []remit.CustomField{}
	deleted := fullCustomer(scopeA, "cus_deleted1", nanos(9, 5))
	deleted.Deleted = true
	insertCustomers(t, s, scopeA, full, minimal, nils, deleted)
	insertCustomers(t, s, scopeALive, fullLive)

	for _, tc := range []struct {
		scope remit.Scope
		want  *remit.Customer
	}{{scopeA, full}, {scopeALive, fullLive}, {scopeA, minimal}, {scopeA, nils}, {scopeA, deleted}} {
		got, err := findCustomer(t, s, tc.scope, tc.want.ID)
		if err != nil {
			t.Errorf("FindCustomer(%s): %v", tc.want.ID, err)
			continue
		}
		equal(t, "FindCustomer("+tc.want.ID+")", got, tc.want)
	}
	// A customer found in the same transaction that inserted it is the same too.
	update(t, s, func(tx remit.Tx) error {
		c := fullCustomer(scopeA, "cus_samtx", nanos(10, 0))
		if err := tx.InsertCustomer(ctx, scopeA, c); err != nil {
			return err
		}
		got, err := tx.FindCustomer(ctx, scopeA, c.ID)
		if err != nil {
			return err
		}
		equal(t, "FindCustomer in the inserting transaction", got, c)
		return nil
	})
}

func testCustomerJSON(t *testing.T, s remit.Store) {
	live := fullCustomer(scopeA, "cus_json01", nanos(1, 0))
	deleted := fullCustomer(scopeA, "cus_json02", nanos(2, 0))
	deleted.Deleted = true
	insertCustomers(t, s, scopeA, live, deleted)
	findJSON := func(sc remit.Scope, id string) (*remit.Customer, bool, error) {
		t.Helper()
		var data []byte
		var del bool
		err := s.View(ctx, func(tx remit.Tx) error {
			var err error
			data, del, err = tx.FindCustomerJSON(ctx, sc, id)
			return err
		})
		if err != nil {
			return nil, false, err
		}
		var c remit.Customer
		if err := json.Unmarshal(data, &c); err != nil {
			t.Fatalf("FindCustomerJSON(%s) is not a customer: %v: %s", id, err, data)
		}
		return &c, del, nil
	}
	// The JSON is the live object's (storage fields are not part of it).
	for _, want := range []*remit.Customer{live, deleted} {
		got, del, err := findJSON(scopeA, want.ID)
		if err != nil {
			t.Fatalf("FindCustomerJSON(%s): %v", want.ID, err)
		}
		if del != want.Deleted {
			t.Errorf("FindCustomerJSON(%s) deleted = %v, want %v", want.ID, del, want.Deleted)
		}
		w := *want
		w.Deleted, w.CreatedNano = false, 0
		equal(t, "FindCustomerJSON("+want.ID+")", got, &w)
	}
	// It follows updates.
	u := *live
	u.Name, u.Metadata = ptr("Renamed"), map[string]string{"new": "1"}
	update(t, s, func(tx remit.Tx) error { return tx.UpdateCustomer(ctx, scopeA, &u) })
	got, _, err := findJSON(scopeA, live.ID)
	if err != nil {
		t.Fatal(err)
	}
	w := u
	w.CreatedNano = 0
	equal(t, "FindCustomerJSON after update", got, &w)
	for _, tc := range []struct {
		name  string
		scope remit.Scope
		id    string
	}{{"other account", scopeB, live.ID}, {"other livemode", scopeALive, live.ID}, {"unknown id", scopeA, "cus_nope"}} {
		_, _, err := findJSON(tc.scope, tc.id)
		isNotFound(t, "FindCustomerJSON "+tc.name, err)
	}
}

func testCustomerUpdate(t *testing.T, s remit.Store) {
	c := fullCustomer(scopeA, "cus_upd01", nanos(1, 0))
	other := customer(scopeA, "cus_upd02", nanos(2, 0))
	insertCustomers(t, s, scopeA, c, other)

	// Every field changes, nullable ones to null.
	u := customer(scopeA, c.ID, c.CreatedNano)
	u.Balance = 99
	u.Email = ptr("new@example.com")
	u.InvoicePrefix = ptr("NEWPFX")
	u.Metadata = map[string]string{"k": "v"}
	u.PreferredLocales = []string{"de"}
	u.TaxExempt = remit.TaxExemptExempt
	u.NextInvoiceSequence = 2
	update(t, s, func(tx remit.Tx) error { return tx.UpdateCustomer(ctx, scopeA, u) })
	got, err := findCustomer(t, s, scopeA, c.ID)
	if err != nil {
		t.Fatalf("FindCustomer after update: %v", err)
	}
	equal(t, "customer after update", got, u)

	// Deleting is an update that sets Deleted; the customer stays findable.
	u2 := *u
	u2.Deleted = true
	u2.Email = nil
	update(t, s, func(tx remit.Tx) error { return tx.UpdateCustomer(ctx, scopeA, &u2) })
	got, err = findCustomer(t, s, scopeA, c.ID)
	if err != nil {
		t.Fatalf("FindCustomer of a deleted customer: %v", err)
	}
	equal(t, "deleted customer", got, &u2)

	// The other customer is untouched.
	got, err = findCustomer(t, s, scopeA, other.ID)
	if err != nil {
		t.Fatalf("FindCustomer(other): %v", err)
	}
	equal(t, "other customer", got, other)

	// Updating a customer that does not exist in the scope finds nothing
	// and changes nothing.
	for _, tc := range []struct {
		name  string
		scope remit.Scope
		c     *remit.Customer
	}{
		{"unknown id", scopeA, customer(scopeA, "cus_nope", nanos(3, 0))},
		{"other account", scopeB, customer(scopeB, other.ID, other.CreatedNano)},
		{"other livemode", scopeALive, customer(scopeALive, other.ID, other.CreatedNano)},
	} {
		tc.c.Balance = 777
		err := s.Update(ctx, func(tx remit.Tx) error { return tx.UpdateCustomer(ctx, tc.scope, tc.c) })
		isNotFound(t, "UpdateCustomer "+tc.name, err)
	}
	got, err = findCustomer(t, s, scopeA, other.ID)
	if err != nil {
		t.Fatalf("FindCustomer(other): %v", err)
	}
	equal(t, "other customer after updates in other scopes", got, other)
}

func testCustomerScope(t *testing.T, s remit.Store) {
	c := customer(scopeA, "cus_scope01", nanos(1, 0))
	insertCustomers(t, s, scopeA, c)
	for _, tc := range []struct {
		name  string
		scope remit.Scope
		id    string
	}{
		{"other account", scopeB, c.ID},
		{"other livemode", scopeALive, c.ID},
		{"unknown id", scopeA, "cus_unknown"},
		{"empty id", scopeA, ""},
	} {
		_, err := findCustomer(t, s, tc.scope, tc.id)
		isNotFound(t, "FindCustomer "+tc.name, err)
	}
	if _, err := findCustomer(t, s, scopeA, c.ID); err != nil {
		t.Errorf("FindCustomer in its own scope: %v", err)
	}
}

// orderFixture inserts, in shuffled order, five live customers whose
// newest-first order is c5, c4, c3, c2, c1 (c3 and c4 share a nanosecond, so
// the id breaks the tie), plus a deleted one that is newest of all.
func orderFixture(t *testing.T, s remit.Store) {
	t.Helper()
	cs := []*remit.Customer{
		customer(scopeA, "cus_c3", nanos(2, 0)),
		customer(scopeA, "cus_c1", nanos(1, 0)),
		customer(scopeA, "cus_c5", nanos(3, 0)),
		customer(scopeA, "cus_c2", nanos(1, 5)),
		customer(scopeA, "cus_c4", nanos(2, 0)),
	}
	del := customer(scopeA, "cus_c6deleted", nanos(4, 0))
	del.Deleted = true
	insertCustomers(t, s, scopeA, append(cs, del)...)
}

func page(limit int) remit.CustomerFilter {
	return remit.CustomerFilter{Page: remit.Page{Limit: limit}}
}

func after(limit int, id string) remit.CustomerFilter {
	return remit.CustomerFilter{Page: remit.Page{Limit: limit, StartingAfter: id}}
}

func before(limit int, id string) remit.CustomerFilter {
	return remit.CustomerFilter{Page: remit.Page{Limit: limit, EndingBefore: id}}
}

func testListCustomersOrder(t *testing.T, s remit.Store) {
	ids, more := listCustomers(t, s, scopeA, page(10))
	checkPage(t, "empty store", ids, more, nil, false)

	orderFixture(t, s)
	all := []string{"cus_c5", "cus_c4", "cus_c3", "cus_c2", "cus_c1"}
	for _, tc := range []struct {
		limit    int
		want     []string
		wantMore bool
	}{
		{1, all[:1], true},
		{2, all[:2], true},
		{4, all[:4], true},
		{5, all, false},
		{6, all, false},
		{100, all, false},
	} {
		ids, more := listCustomers(t, s, scopeA, page(tc.limit))
		checkPage(t, fmt.Sprintf("limit %d", tc.limit), ids, more, tc.want, tc.wantMore)
	}

	// A customer deleted later leaves the list.
	update(t, s, func(tx remit.Tx) error {
		c, err := tx.FindCustomer(ctx, scopeA, "cus_c4")
		if err != nil {
			return err
		}
		c.Deleted = true
		return tx.UpdateCustomer(ctx, scopeA, c)
	})
	ids, more = listCustomers(t, s, scopeA, page(10))
	checkPage(t, "after deleting cus_c4", ids, more, []string{"cus_c5", "cus_c3", "cus_c2", "cus_c1"}, false)
}

func testListCustomersCursors(t *testing.T, s remit.Store) {
	orderFixture(t, s)
	for _, tc := range []struct {
		name     string
		f        remit.CustomerFilter
		want     []string
		wantMore bool
	}{
		{"after newest", after(2, "cus_c5"), []string{"cus_c4", "cus_c3"}, true},
		{"after tie", after(2, "cus_c4"), []string{"cus_c3", "cus_c2"}, true},
		{"after tie, other side", after(10, "cus_c3"), []string{"cus_c2", "cus_c1"}, false},
		{"after second oldest", after(2, "cus_c2"), []string{"cus_c1"}, false},
		{"after exact fit", after(3, "cus_c4"), []string{"cus_c3", "cus_c2", "cus_c1"}, false},
		{"after oldest", after(2, "cus_c1"), nil, false},
		{"before oldest", before(2, "cus_c1"), []string{"cus_c3", "cus_c2"}, true},
		{"before tie", before(10, "cus_c3"), []string{"cus_c5", "cus_c4"}, false},
		{"before tie, other side", before(1, "cus_c4"), []string{"cus_c5"}, false},
		{"before exact fit", before(3, "cus_c2"), []string{"cus_c5", "cus_c4", "cus_c3"}, false},
		{"before newest", before(2, "cus_c5"), nil, false},
	} {
		ids, more := listCustomers(t, s, scopeA, tc.f)
		checkPage(t, tc.name, ids, more, tc.want, tc.wantMore)
	}

	// Walking page by page in both directions visits every customer once.
	all := []string{"cus_c5", "cus_c4", "cus_c3", "cus_c2", "cus_c1"}
	var walked []string
	f := page(2)
	for {
		ids, more := listCustomers(t, s, scopeA, f)
		walked = append(walked, ids...)
		if !more || len(walked) > len(all) {
			break
		}
		f = after(2, ids[len(ids)-1])
	}
	checkPage(t, "walk forward", walked, false, all, false)
	walked = nil
	f = before(2, "cus_c1")
	for {
		ids, more := listCustomers(t, s, scopeA, f)
		walked = append(ids, walked...)
		if !more || len(walked) > len(all) {
			break
		}
		f = before(2, ids[0])
	}
	checkPage(t, "walk backward", walked, false, all[:4], false)
}

func testListCustomersUnknownCursor(t *testing.T, s remit.Store) {
	orderFixture(t, s)
	insertCustomers(t, s, scopeB, customer(scopeB, "cus_inB", nanos(1, 0)))
	for _, tc := range []struct {
		name, param, id string
		f               remit.CustomerFilter
	}{
		{"starting_after unknown", "starting_after", "cus_nope", after(10, "cus_nope")},
		{"ending_before unknown", "ending_before", "cus_nope", before(10, "cus_nope")},
		{"starting_after of another account", "starting_after", "cus_inB", after(10, "cus_inB")},
		{"ending_before of another account", "ending_before", "cus_inB", before(10, "cus_inB")},
	} {
		err := s.View(ctx, func(tx remit.Tx) error {
			_, _, err := tx.ListCustomers(ctx, scopeA, tc.f)
			return err
		})
		var e *remit.Error
		if !errors.As(err, &e) {
			t.Errorf("%s: want *remit.Error, got %v", tc.name, err)
			continue
		}
		if e.Kind != remit.KindInvalid || e.Code != "resource_missing" || e.Param != tc.param {
			t.Errorf("%s: got kind %v code %q param %q, want KindInvalid resource_missing %s", tc.name, e.Kind, e.Code, e.Param, tc.param)
		}
		if want := "No such customer: '" + tc.id + "'"; e.Message != want {
			t.Errorf("%s: message %q, want %q", tc.name, e.Message, want)
		}
	}
}

func testListCustomersEmail(t *testing.T, s remit.Store) {
	mk := func(id string, sec int64, email string, deleted bool) *remit.Customer {
		c := customer(scopeA, id, nanos(sec, 0))
		c.Email, c.Deleted = ptr(email), deleted
		return c
	}
	insertCustomers(t, s, scopeA,
		mk("cus_e1", 1, "jenny@example.com", false),
		mk("cus_e2", 2, "Jenny@example.com", false),
		mk("cus_e3", 3, "jenny@example.com", false),
		mk("cus_e4", 4, "jenny@example.com", true),
		mk("cus_e5", 5, "jenny@example.co", false),
		mk("cus_e6", 6, "jenny@example.com", false),
		customer(scopeA, "cus_e7noemail", nanos(7, 0)),
	)
	c := customer(scopeB, "cus_eB", nanos(8, 0))
	c.Email = ptr("jenny@example.com")
	insertCustomers(t, s, scopeB, c)

	email := func(e string, p remit.Page) remit.CustomerFilter {
		return remit.CustomerFilter{Page: p, Email: &e}
	}
	for _, tc := range []struct {
		name     string
		f        remit.CustomerFilter
		want     []string
		wantMore bool
	}{
		{"exact", email("jenny@example.com", remit.Page{Limit: 10}), []string{"cus_e6", "cus_e3", "cus_e1"}, false},
		{"case sensitive", email("Jenny@example.com", remit.Page{Limit: 10}), []string{"cus_e2"}, false},
		{"upper case matches nothing", email("JENNY@EXAMPLE.COM", remit.Page{Limit: 10}), nil, false},
		{"no prefix match", email("jenny@example", remit.Page{Limit: 10}), nil, false},
		{"empty email", email("", remit.Page{Limit: 10}), nil, false},
		{"limit", email("jenny@example.com", remit.Page{Limit: 2}), []string{"cus_e6", "cus_e3"}, true},
		{"starting_after", email("jenny@example.com", remit.Page{Limit: 1, StartingAfter: "cus_e6"}), []string{"cus_e3"}, true},
		{"starting_after a non-matching customer", email("jenny@example.com", remit.Page{Limit: 10, StartingAfter: "cus_e5"}), []string{"cus_e3", "cus_e1"}, false},
		{"ending_before", email("jenny@example.com", remit.Page{Limit: 1, EndingBefore: "cus_e1"}), []string{"cus_e3"}, true},
	} {
		ids, more := listCustomers(t, s, scopeA, tc.f)
		checkPage(t, tc.name, ids, more, tc.want, tc.wantMore)
	}
}

func testListCustomersCreated(t *testing.T, s remit.Store) {
	// Seconds relative to t0: 100.0, 100.999999999, 101.0, 101.5, 102.0, 103.999999999.
	cs := []*remit.Customer{
		customer(scopeA, "cus_t1", nanos(100, 0)),
		customer(scopeA, "cus_t2", nanos(100, 999_999_999)),
		customer(scopeA, "cus_t3", nanos(101, 0)),
		customer(scopeA, "cus_t4", nanos(101, 500_000_000)),
		customer(scopeA, "cus_t5", nanos(102, 0)),
		customer(scopeA, "cus_t6", nanos(103, 999_999_999)),
	}
	del := customer(scopeA, "cus_t7deleted", nanos(101, 1))
	del.Deleted = true
	insertCustomers(t, s, scopeA, append(cs, del)...)

	sec := func(n int64) *int64 { return ptr(t0.Unix() + n) }
	created := func(r remit.RangeFilter, limit int) remit.CustomerFilter {
		return remit.CustomerFilter{Page: remit.Page{Limit: limit, Created: r}}
	}
	for _, tc := range []struct {
		name     string
		f        remit.CustomerFilter
		want     []string
		wantMore bool
	}{
		{"equals", created(remit.RangeFilter{Equals: sec(101)}, 10), []string{"cus_t4", "cus_t3"}, false},
		{"equals, first second", created(remit.RangeFilter{Equals: sec(100)}, 10), []string{"cus_t2", "cus_t1"}, false},
		{"equals nothing", created(remit.RangeFilter{Equals: sec(99)}, 10), nil, false},
		{"gt", created(remit.RangeFilter{GT: sec(101)}, 10), []string{"cus_t6", "cus_t5"}, false},
		{"gte", created(remit.RangeFilter{GTE: sec(101)}, 10), []string{"cus_t6", "cus_t5", "cus_t4", "cus_t3"}, false},
		{"lt", created(remit.RangeFilter{LT: sec(101)}, 10), []string{"cus_t2", "cus_t1"}, false},
		{"lte", created(remit.RangeFilter{LTE: sec(101)}, 10), []string{"cus_t4", "cus_t3", "cus_t2", "cus_t1"}, false},
		{"gte and lt", created(remit.RangeFilter{GTE: sec(101), LT: sec(103)}, 10), []string{"cus_t5", "cus_t4", "cus_t3"}, false},
		{"gt and lte", created(remit.RangeFilter{GT: sec(100), LTE: sec(103)}, 10), []string{"cus_t6", "cus_t5", "cus_t4", "cus_t3"}, false},
		{"empty range", created(remit.RangeFilter{GT: sec(102), LT: sec(103)}, 10), nil, false},
		{"gte with limit", created(remit.RangeFilter{GTE: sec(101)}, 3), []string{"cus_t6", "cus_t5", "cus_t4"}, true},
		{"gte with cursor", remit.CustomerFilter{Page: remit.Page{Limit: 1, StartingAfter: "cus_t5", Created: remit.RangeFilter{GTE: sec(101)}}},
			[]string{"cus_t4"}, true},
		{"lte with ending_before", remit.CustomerFilter{Page: remit.Page{Limit: 10, EndingBefore: "cus_t2", Created: remit.RangeFilter{LTE: sec(101)}}},
			[]string{"cus_t4", "cus_t3"}, false},
		{"gt max int64", created(remit.RangeFilter{GT: ptr(int64(math.MaxInt64))}, 10), nil, false},
		{"gte max int64", created(remit.RangeFilter{GTE: ptr(int64(math.MaxInt64))}, 10), nil, false},
		{"lt min int64", created(remit.RangeFilter{LT: ptr(int64(math.MinInt64))}, 10), nil, false},
		{"lte max int64", created(remit.RangeFilter{LTE: ptr(int64(math.MaxInt64))}, 10), []string{"cus_t6", "cus_t5", "cus_t4", "cus_t3", "cus_t2", "cus_t1"}, false},
		{"gte min int64", created(remit.RangeFilter{GTE: ptr(int64(math.MinInt64))}, 10), []string{"cus_t6", "cus_t5", "cus_t4", "cus_t3", "cus_t2", "cus_t1"}, false},
		{"gt min int64", created(remit.RangeFilter{GT: ptr(int64(math.MinInt64))}, 10), []string{"cus_t6", "cus_t5", "cus_t4", "cus_t3", "cus_t2", "cus_t1"}, false},
		{"equals max int64", created(remit.RangeFilter{Equals: ptr(int64(math.MaxInt64))}, 10), nil, false},
		{"equals min int64", created(remit.RangeFilter{Equals: ptr(int64(math.MinInt64))}, 10), nil, false},
	} {
		ids, more := listCustomers(t, s, scopeA, tc.f)
		checkPage(t, tc.name, ids, more, tc.want, tc.wantMore)
	}
}

func testListCustomersScope(t *testing.T, s remit.Store) {
	insertCustomers(t, s, scopeA, customer(scopeA, "cus_sA1", nanos(1, 0)), customer(scopeA, "cus_sA2", nanos(4, 0)))
	insertCustomers(t, s, scopeALive, customer(scopeALive, "cus_sAL", nanos(2, 0)))
	insertCustomers(t, s, scopeB, customer(scopeB, "cus_sB", nanos(3, 0)))
	for _, tc := range []struct {
		scope remit.Scope
		want  []string
	}{
		{scopeA, []string{"cus_sA2", "cus_sA1"}},
		{scopeALive, []string{"cus_sAL"}},
		{scopeB, []string{"cus_sB"}},
		{remit.Scope{Account: "acct_none"}, nil},
	} {
		ids, more := listCustomers(t, s, tc.scope, page(10))
		checkPage(t, fmt.Sprintf("scope %+v", tc.scope), ids, more, tc.want, false)
	}
	// A cursor from another mode is unknown in this one.
	err := s.View(ctx, func(tx remit.Tx) error {
		_, _, err := tx.ListCustomers(ctx, scopeA, after(10, "cus_sAL"))
		return err
	})
	var e *remit.Error
	if !errors.As(err, &e) || e.Code != "resource_missing" || e.Param != "starting_after" {
		t.Errorf("cursor of another livemode: got %v, want resource_missing on starting_after", err)
	}
}

func testInvoicePrefix(t *testing.T, s remit.Store) {
	withPrefix := func(sc remit.Scope, id string, sec int64, prefix string) *remit.Customer {
		c := customer(sc, id, nanos(sec, 0))
		c.InvoicePrefix = ptr(prefix)
		return c
	}
	live := withPrefix(scopeA, "cus_p1", 1, "ABC1")
	del := withPrefix(scopeA, "cus_p2", 2, "DEL1")
	del.Deleted = true
	insertCustomers(t, s, scopeA, live, del, customer(scopeA, "cus_pnil1", nanos(3, 0)), customer(scopeA, "cus_pnil2", nanos(4, 0)))

	taken := func(sc remit.Scope, prefix string) bool {
		t.Helper()
		var ok bool
		view(t, s, func(tx remit.Tx) error {
			var err error
			ok, err = tx.InvoicePrefixTaken(ctx, sc, prefix)
			return err
		})
		return ok
	}
	for _, tc := range []struct {
		name   string
		scope  remit.Scope
		prefix string
		want   bool
	}{
		{"live customer", scopeA, "ABC1", true},
		{"deleted customer", scopeA, "DEL1", true},
		{"unused", scopeA, "ABC2", false},
		{"other case", scopeA, "abc1", false},
		{"other account", scopeB, "ABC1", false},
		{"other livemode", scopeALive, "ABC1", false},
		{"empty", scopeA, "", false},
	} {
		if got := taken(tc.scope, tc.prefix); got != tc.want {
			t.Errorf("InvoicePrefixTaken %s (%q) = %v, want %v", tc.name, tc.prefix, got, tc.want)
		}
	}

	// Inserting a taken prefix (live or deleted owner) fails on invoice_prefix
	// and stores nothing.
	for _, prefix := range []string{"ABC1", "DEL1"} {
		err := s.Update(ctx, func(tx remit.Tx) error {
			return tx.InsertCustomer(ctx, scopeA, withPrefix(scopeA, "cus_dup"+prefix, 5, prefix))
		})
		var e *remit.Error
		if !errors.As(err, &e) {
			t.Errorf("insert with taken prefix %s: want *remit.Error, got %v", prefix, err)
		} else if e.Kind != remit.KindInvalid || e.Param != "invoice_prefix" || e.Message == "" {
			t.Errorf("insert with taken prefix %s: got %+v, want KindInvalid on invoice_prefix", prefix, e)
		}
		_, err = findCustomer(t, s, scopeA, "cus_dup"+prefix)
		isNotFound(t, "customer with a taken prefix", err)
	}
	// The same prefix is free in another account and in the other mode.
	insertCustomers(t, s, scopeB, withPrefix(scopeB, "cus_pB", 6, "ABC1"))
	insertCustomers(t, s, scopeALive, withPrefix(scopeALive, "cus_pL", 7, "ABC1"))
	if !taken(scopeB, "ABC1") || !taken(scopeALive, "ABC1") {
		t.Error("prefix not taken after insert in other scopes")
	}
}

func testPaymentMethods(t *testing.T, s remit.Store) {
	pm := paymentMethod(scopeA, "pm_rt1", nanos(1, 42), nil, "card")
	pm.BillingDetails = remit.BillingDetails{Address: &remit.Address{Country: ptr("US")}, Email: ptr("b@example.com"),
		Name: ptr("Jenny"), Phone: ptr("+1"), TaxID: ptr("tax_1")}
	pm.Metadata = map[string]string{"k": "v", "e": ""}
	bare := paymentMethod(scopeA, "pm_rt2", nanos(2, 0), nil, "sepa_debit")
	bare.Metadata = nil
	update(t, s, func(tx remit.Tx) error {
		if err := tx.InsertPaymentMethod(ctx, scopeA, pm); err != nil {
			return err
		}
		return tx.InsertPaymentMethod(ctx, scopeA, bare)
	})
	find := func(sc remit.Scope, id string) (*remit.PaymentMethod, error) {
		var got *remit.PaymentMethod
		err := s.View(ctx, func(tx remit.Tx) error {
			var err error
			got, err = tx.FindPaymentMethod(ctx, sc, id)
			return err
		})
		return got, err
	}
	for _, want := range []*remit.PaymentMethod{pm, bare} {
		got, err := find(scopeA, want.ID)
		if err != nil {
			t.Fatalf("FindPaymentMethod(%s): %v", want.ID, err)
		}
		equal(t, "FindPaymentMethod("+want.ID+")", got, want)
	}
	for _, tc := range []struct {
		name  string
		scope remit.Scope
		id    string
	}{{"other account", scopeB, pm.ID}, {"other livemode", scopeALive, pm.ID}, {"unknown", scopeA, "pm_nope"}} {
		_, err := find(tc.scope, tc.id)
		isNotFound(t, "FindPaymentMethod "+tc.name, err)
	}

	// Attach, then detach.
	attached := *pm
	attached.Customer = ptr("cus_owner")
	update(t, s, func(tx remit.Tx) error { return tx.UpdatePaymentMethod(ctx, scopeA, &attached) })
	got, err := find(scopeA, pm.ID)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "attached payment method", got, &attached)
	detached := attached
	detached.Customer, detached.Detached = nil, true
	update(t, s, func(tx remit.Tx) error { return tx.UpdatePaymentMethod(ctx, scopeA, &detached) })
	got, err = find(scopeA, pm.ID)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "detached payment method", got, &detached)

	for _, tc := range []struct {
		name  string
		scope remit.Scope
		pm    *remit.PaymentMethod
	}{
		{"unknown id", scopeA, paymentMethod(scopeA, "pm_nope", nanos(3, 0), nil, "card")},
		{"other account", scopeB, paymentMethod(scopeB, bare.ID, bare.CreatedNano, ptr("cus_x"), "card")},
		{"other livemode", scopeALive, paymentMethod(scopeALive, bare.ID, bare.CreatedNano, ptr("cus_x"), "card")},
	} {
		err := s.Update(ctx, func(tx remit.Tx) error { return tx.UpdatePaymentMethod(ctx, tc.scope, tc.pm) })
		isNotFound(t, "UpdatePaymentMethod "+tc.name, err)
	}
	got, err = find(scopeA, bare.ID)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "payment method after updates in other scopes", got, bare)
}

func testListPaymentMethods(t *testing.T, s remit.Store) {
	c1, c2 := ptr("cus_pmowner1"), ptr("cus_pmowner2")
	pms := []*remit.PaymentMethod{
		paymentMethod(scopeA, "pm_l3", nanos(2, 0), c1, "card"),
		paymentMethod(scopeA, "pm_l1", nanos(1, 0), c1, "card"),
		paymentMethod(scopeA, "pm_l4", nanos(2, 0), c1, "sepa_debit"),
		paymentMethod(scopeA, "pm_l2", nanos(1, 1), c1, "card"),
		paymentMethod(scopeA, "pm_l5", nanos(3, 0), c1, "card"),
		paymentMethod(scopeA, "pm_other", nanos(4, 0), c2, "card"),
		paymentMethod(scopeA, "pm_free", nanos(5, 0), nil, "card"),
	}
	update(t, s, func(tx remit.Tx) error {
		for _, pm := range pms {
			if err := tx.InsertPaymentMethod(ctx, scopeA, pm); err != nil {
				return err
			}
		}
		// Same customer id in another scope.
		return tx.InsertPaymentMethod(ctx, scopeB, paymentMethod(scopeB, "pm_B", nanos(6, 0), c1, "card"))
	})
	list := func(sc remit.Scope, f remit.PaymentMethodFilter) ([]string, bool, error) {
		var ids []string
		var more bool
		err := s.View(ctx, func(tx remit.Tx) error {
			got, m, err := tx.ListPaymentMethods(ctx, sc, f)
			for _, pm := range got {
				ids = append(ids, pm.ID)
			}
			more = m
			return err
		})
		return ids, more, err
	}
	pf := func(customer, typ string, p remit.Page) remit.PaymentMethodFilter {
		return remit.PaymentMethodFilter{Page: p, Customer: customer, Type: typ}
	}
	for _, tc := range []struct {
		name     string
		scope    remit.Scope
		f        remit.PaymentMethodFilter
		want     []string
		wantMore bool
	}{
		{"all of customer", scopeA, pf(*c1, "", remit.Page{Limit: 10}), []string{"pm_l5", "pm_l4", "pm_l3", "pm_l2", "pm_l1"}, false},
		{"card only", scopeA, pf(*c1, "card", remit.Page{Limit: 10}), []string{"pm_l5", "pm_l3", "pm_l2", "pm_l1"}, false},
		{"sepa only", scopeA, pf(*c1, "sepa_debit", remit.Page{Limit: 10}), []string{"pm_l4"}, false},
		{"unknown type", scopeA, pf(*c1, "us_bank_account", remit.Page{Limit: 10}), nil, false},
		{"limit", scopeA, pf(*c1, "", remit.Page{Limit: 2}), []string{"pm_l5", "pm_l4"}, true},
		{"starting_after", scopeA, pf(*c1, "", remit.Page{Limit: 2, StartingAfter: "pm_l4"}), []string{"pm_l3", "pm_l2"}, true},
		{"ending_before", scopeA, pf(*c1, "", remit.Page{Limit: 2, EndingBefore: "pm_l2"}), []string{"pm_l4", "pm_l3"}, true},
		{"card with cursor", scopeA, pf(*c1, "card", remit.Page{Limit: 10, StartingAfter: "pm_l5"}), []string{"pm_l3", "pm_l2", "pm_l1"}, false},
		{"other customer", scopeA, pf(*c2, "", remit.Page{Limit: 10}), []string{"pm_other"}, false},
		{"customer without payment methods", scopeA, pf("cus_none", "", remit.Page{Limit: 10}), nil, false},
		{"other account", scopeB, pf(*c1, "", remit.Page{Limit: 10}), []string{"pm_B"}, false},
		{"other livemode", scopeALive, pf(*c1, "", remit.Page{Limit: 10}), nil, false},
	} {
		ids, more, err := list(tc.scope, tc.f)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		checkPage(t, tc.name, ids, more, tc.want, tc.wantMore)
	}
	for _, tc := range []struct{ param, id string }{{"starting_after", "pm_nope"}, {"ending_before", "pm_B"}} {
		p := remit.Page{Limit: 10}
		if tc.param == "starting_after" {
			p.StartingAfter = tc.id
		} else {
			p.EndingBefore = tc.id
		}
		_, _, err := list(scopeA, pf(*c1, "", p))
		var e *remit.Error
		if !errors.As(err, &e) || e.Code != "resource_missing" || e.Param != tc.param || e.Kind != remit.KindInvalid {
			t.Errorf("unknown cursor %s=%s: got %v, want resource_missing on %s", tc.param, tc.id, err, tc.param)
		}
	}
}

func idem(key string, created time.Time, status int, body string) *remit.IdempotencyRecord {
	return &remit.IdempotencyRecord{
		Key: key, Method: "POST", Path: "/v1/customers", Fingerprint: "fp-" + body,
		Status: status, Body: []byte(body), RequestID: "req_" + key, Created: created,
	}
}

func findIdem(t *testing.T, s remit.Store, sc remit.Scope, key string) (*remit.IdempotencyRecord, error) {
	t.Helper()
	var r *remit.IdempotencyRecord
	err := s.View(ctx, func(tx remit.Tx) error {
		var err error
		r, err = tx.FindIdempotency(ctx, sc, key)
		return err
	})
	return r, err
}

func sameIdem(t *testing.T, what string, got, want *remit.IdempotencyRecord) {
	t.Helper()
	if got.Key != want.Key || got.Method != want.Method || got.Path != want.Path || got.Fingerprint != want.Fingerprint ||
		got.Status != want.Status || !bytes.Equal(got.Body, want.Body) || got.RequestID != want.RequestID || !got.Created.Equal(want.Created) {
		t.Errorf("%s = %+v (body %q), want %+v (body %q)", what, got, got.Body, want, want.Body)
	}
}

func testIdempotency(t *testing.T, s remit.Store) {
	createAccounts(t, s)
	r := idem("key-1", t0, 200, `{"id":"cus_1","object":"customer"}`)
	r.Body = append(r.Body, 0, 0xff, '\n') // bodies are bytes, not text
	errRec := idem("key-2", t0, 402, `{"error":{"type":"card_error"}}`)
	update(t, s, func(tx remit.Tx) error {
		if err := tx.SaveIdempotency(ctx, scopeA, r); err != nil {
			return err
		}
		return tx.SaveIdempotency(ctx, scopeA, errRec)
	})
	for _, want := range []*remit.IdempotencyRecord{r, errRec} {
		got, err := findIdem(t, s, scopeA, want.Key)
		if err != nil {
			t.Fatalf("FindIdempotency(%s): %v", want.Key, err)
		}
		sameIdem(t, "FindIdempotency("+want.Key+")", got, want)
	}
	for _, tc := range []struct {
		name  string
		scope remit.Scope
		key   string
	}{{"other account", scopeB, r.Key}, {"other livemode", scopeALive, r.Key}, {"unknown key", scopeA, "key-nope"}} {
		_, err := findIdem(t, s, tc.scope, tc.key)
		isNotFound(t, "FindIdempotency "+tc.name, err)
	}

	// The same key in another scope is another record.
	rB := idem("key-1", t0.Add(time.Minute), 200, `{"id":"cus_B"}`)
	update(t, s, func(tx remit.Tx) error { return tx.SaveIdempotency(ctx, scopeB, rB) })
	// Saving a key again replaces its record.
	r2 := idem("key-1", t0.Add(time.Hour), 400, `{"error":{}}`)
	r2.Method, r2.Path = "DELETE", "/v1/customers/cus_1"
	update(t, s, func(tx remit.Tx) error { return tx.SaveIdempotency(ctx, scopeA, r2) })
	got, err := findIdem(t, s, scopeA, "key-1")
	if err != nil {
		t.Fatal(err)
	}
	sameIdem(t, "record after upsert", got, r2)
	got, err = findIdem(t, s, scopeB, "key-1")
	if err != nil {
		t.Fatal(err)
	}
	sameIdem(t, "record of the other account", got, rB)
}

func testPruneIdempotency(t *testing.T, s remit.Store) {
	createAccounts(t, s)
	cutoff := t0
	update(t, s, func(tx remit.Tx) error {
		for _, x := range []struct {
			scope remit.Scope
			r     *remit.IdempotencyRecord
		}{
			{scopeA, idem("old-1", cutoff.Add(-2*time.Hour), 200, "a")},
			{scopeA, idem("old-2", cutoff.Add(-time.Second), 200, "b")},
			{scopeALive, idem("old-live", cutoff.Add(-time.Hour), 200, "c")},
			{scopeB, idem("old-B", cutoff.Add(-time.Hour), 200, "d")},
			{scopeA, idem("at-cutoff", cutoff, 200, "e")},
			{scopeA, idem("new-1", cutoff.Add(time.Hour), 200, "f")},
			{scopeB, idem("new-B", cutoff.Add(time.Second), 200, "g")},
		} {
			if err := tx.SaveIdempotency(ctx, x.scope, x.r); err != nil {
				return err
			}
		}
		return nil
	})
	var n int64
	update(t, s, func(tx remit.Tx) error {
		var err error
		n, err = tx.PruneIdempotency(ctx, cutoff)
		return err
	})
	if n != 4 {
		t.Errorf("PruneIdempotency deleted %d records, want 4", n)
	}
	for _, x := range []struct {
		scope remit.Scope
		key   string
		kept  bool
	}{
		{scopeA, "old-1", false}, {scopeA, "old-2", false}, {scopeALive, "old-live", false}, {scopeB, "old-B", false},
		{scopeA, "at-cutoff", true}, {scopeA, "new-1", true}, {scopeB, "new-B", true},
	} {
		_, err := findIdem(t, s, x.scope, x.key)
		switch {
		case x.kept && err != nil:
			t.Errorf("record %s after prune: %v", x.key, err)
		case !x.kept:
			isNotFound(t, "pruned record "+x.key, err)
		}
	}
	update(t, s, func(tx remit.Tx) error {
		var err error
		n, err = tx.PruneIdempotency(ctx, cutoff)
		return err
	})
	if n != 0 {
		t.Errorf("second PruneIdempotency deleted %d records, want 0", n)
	}
}

func testNested(t *testing.T, s remit.Store) {
	keep := fullCustomer(scopeA, "cus_n01", nanos(1, 0))
	insertCustomers(t, s, scopeA, keep)
	update(t, s, func(tx remit.Tx) error {
		if err := tx.InsertCustomer(ctx, scopeA, customer(scopeA, "cus_nbefore", nanos(2, 0))); err != nil {
			return err
		}
		// A failing nested fn: its inserts and updates are undone, its error returned.
		err := tx.Nested(ctx, func() error {
			if err := tx.InsertCustomer(ctx, scopeA, customer(scopeA, "cus_nfailed", nanos(3, 0))); err != nil {
				return err
			}
			if err := tx.InsertPaymentMethod(ctx, scopeA, paymentMethod(scopeA, "pm_nfailed", nanos(3, 0), nil, "card")); err != nil {
				return err
			}
			changed := *keep
			changed.Name, changed.Balance, changed.Deleted = ptr("changed"), 1, true
			if err := tx.UpdateCustomer(ctx, scopeA, &changed); err != nil {
				return err
			}
			if _, err := tx.FindCustomer(ctx, scopeA, "cus_nfailed"); err != nil {
				return fmt.Errorf("nested fn does not see its own insert: %w", err)
			}
			return fmt.Errorf("wrapped: %w", errBoom)
		})
		if !errors.Is(err, errBoom) {
			t.Errorf("Nested returned %v, want fn's error", err)
		}
		if _, err := tx.FindCustomer(ctx, scopeA, "cus_nfailed"); !errors.Is(err, remit.ErrNotFound) {
			t.Errorf("insert of the failed nested fn still visible: %v", err)
		}
		if _, err := tx.FindPaymentMethod(ctx, scopeA, "pm_nfailed"); !errors.Is(err, remit.ErrNotFound) {
			t.Errorf("payment method of the failed nested fn still visible: %v", err)
		}
		got, err := tx.FindCustomer(ctx, scopeA, keep.ID)
		if err != nil {
			return err
		}
		equal(t, "customer updated by the failed nested fn", got, keep)
		if _, err := tx.FindCustomer(ctx, scopeA, "cus_nbefore"); err != nil {
			t.Errorf("write made before the failed nested fn lost: %v", err)
		}
		// A succeeding nested fn keeps its writes.
		if err := tx.Nested(ctx, func() error {
			return tx.InsertCustomer(ctx, scopeA, customer(scopeA, "cus_nok", nanos(4, 0)))
		}); err != nil {
			t.Errorf("succeeding Nested: %v", err)
		}
		// The id the failed fn used is free again.
		return tx.InsertCustomer(ctx, scopeA, customer(scopeA, "cus_nfailed", nanos(5, 0)))
	})
	for _, id := range []string{"cus_nbefore", "cus_nok", "cus_nfailed"} {
		if _, err := findCustomer(t, s, scopeA, id); err != nil {
			t.Errorf("%s after commit: %v", id, err)
		}
	}
	got, err := findCustomer(t, s, scopeA, keep.ID)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "customer after commit", got, keep)
	var pmErr error
	view(t, s, func(tx remit.Tx) error {
		_, pmErr = tx.FindPaymentMethod(ctx, scopeA, "pm_nfailed")
		return nil
	})
	isNotFound(t, "payment method of the failed nested fn after commit", pmErr)
}

func testNestedInNested(t *testing.T, s remit.Store) {
	update(t, s, func(tx remit.Tx) error {
		return tx.Nested(ctx, func() error {
			if err := tx.InsertCustomer(ctx, scopeA, customer(scopeA, "cus_outer", nanos(1, 0))); err != nil {
				return err
			}
			if err := tx.Nested(ctx, func() error {
				if err := tx.InsertCustomer(ctx, scopeA, customer(scopeA, "cus_inner", nanos(2, 0))); err != nil {
					return err
				}
				return errBoom
			}); !errors.Is(err, errBoom) {
				t.Errorf("inner Nested returned %v, want errBoom", err)
			}
			// Several savepoints one after the other.
			for i := range 3 {
				id := fmt.Sprintf("cus_seq%d", i)
				err := tx.Nested(ctx, func() error {
					if err := tx.InsertCustomer(ctx, scopeA, customer(scopeA, id, nanos(3+int64(i), 0))); err != nil {
						return err
					}
					if i == 1 {
						return errBoom
					}
					return nil
				})
				if (i == 1) != errors.Is(err, errBoom) {
					t.Errorf("Nested %d returned %v", i, err)
				}
			}
			return nil
		})
	})
	for id, want := range map[string]bool{"cus_outer": true, "cus_inner": false, "cus_seq0": true, "cus_seq1": false, "cus_seq2": true} {
		_, err := findCustomer(t, s, scopeA, id)
		if want && err != nil {
			t.Errorf("%s: %v", id, err)
		}
		if !want {
			isNotFound(t, id, err)
		}
	}
}

func testUpdateRollsBack(t *testing.T, s remit.Store) {
	err := s.Update(ctx, func(tx remit.Tx) error {
		if err := tx.CreateAccount(ctx, remit.Account{ID: "acct_rolledback", Created: t0}); err != nil {
			return err
		}
		if err := tx.CreateAPIKey(ctx, remit.DescribeKey("sk_test_rolledback000000000000000000000000", "acct_rolledback", t0)); err != nil {
			return err
		}
		if err := tx.InsertCustomer(ctx, scopeA, fullCustomer(scopeA, "cus_rb01", nanos(1, 0))); err != nil {
			return err
		}
		if err := tx.InsertPaymentMethod(ctx, scopeA, paymentMethod(scopeA, "pm_rb", nanos(1, 0), ptr("cus_rb01"), "card")); err != nil {
			return err
		}
		if err := tx.SaveIdempotency(ctx, scopeA, idem("rb", t0, 200, "x")); err != nil {
			return err
		}
		if err := tx.Nested(ctx, func() error {
			return tx.InsertCustomer(ctx, scopeA, customer(scopeA, "cus_rbnested", nanos(2, 0)))
		}); err != nil {
			return err
		}
		return fmt.Errorf("handler failed: %w", errBoom)
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("Update returned %v, want fn's error", err)
	}
	view(t, s, func(tx remit.Tx) error {
		_, err := tx.DefaultAccount(ctx)
		isNotFound(t, "account of a rolled back Update", err)
		_, err = tx.FindAPIKey(ctx, remit.HashKey("sk_test_rolledback000000000000000000000000"))
		isNotFound(t, "API key of a rolled back Update", err)
		_, err = tx.FindCustomer(ctx, scopeA, "cus_rb01")
		isNotFound(t, "customer of a rolled back Update", err)
		_, err = tx.FindCustomer(ctx, scopeA, "cus_rbnested")
		isNotFound(t, "nested customer of a rolled back Update", err)
		_, err = tx.FindPaymentMethod(ctx, scopeA, "pm_rb")
		isNotFound(t, "payment method of a rolled back Update", err)
		_, err = tx.FindIdempotency(ctx, scopeA, "rb")
		isNotFound(t, "idempotency record of a rolled back Update", err)
		taken, err := tx.InvoicePrefixTaken(ctx, scopeA, "FULL01")
		if err != nil || taken {
			t.Errorf("invoice prefix of a rolled back Update: taken=%v err=%v", taken, err)
		}
		ids, _, err := tx.ListCustomers(ctx, scopeA, page(10))
		if err != nil || len(ids) != 0 {
			t.Errorf("ListCustomers after a rolled back Update: %d customers, err %v", len(ids), err)
		}
		return nil
	})
	// The store works on after a rollback, and the same ids can be used.
	insertCustomers(t, s, scopeA, fullCustomer(scopeA, "cus_rb01", nanos(1, 0)))
	if _, err := findCustomer(t, s, scopeA, "cus_rb01"); err != nil {
		t.Errorf("customer inserted after the rollback: %v", err)
	}
}

func testViewSeesCommitted(t *testing.T, s remit.Store) {
	createAccounts(t, s)
	c := fullCustomer(scopeA, "cus_v01", nanos(1, 0))
	insertCustomers(t, s, scopeA, c)
	view(t, s, func(tx remit.Tx) error {
		got, err := tx.FindCustomer(ctx, scopeA, c.ID)
		if err != nil {
			return err
		}
		equal(t, "customer seen by View", got, c)
		a, err := tx.DefaultAccount(ctx)
		if err != nil {
			return err
		}
		if a.ID != acctA {
			t.Errorf("DefaultAccount = %s, want %s", a.ID, acctA)
		}
		return nil
	})
	// An update committed later is seen by the next View.
	c2 := *c
	c2.Name = ptr("Renamed")
	update(t, s, func(tx remit.Tx) error { return tx.UpdateCustomer(ctx, scopeA, &c2) })
	got, err := findCustomer(t, s, scopeA, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "customer seen by View after update", got, &c2)
	// View returns fn's error.
	if err := s.View(ctx, func(remit.Tx) error { return errBoom }); !errors.Is(err, errBoom) {
		t.Errorf("View returned %v, want fn's error", err)
	}
}

func testConcurrentUpdates(t *testing.T, s remit.Store) {
	const workers, each = 8, 50
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				n := w*each + i
				c := customer(scopeA, fmt.Sprintf("cus_cc%03d", n), nanos(int64(n), int64(w)))
				c.InvoicePrefix = ptr(fmt.Sprintf("CC%03d", n))
				err := s.Update(ctx, func(tx remit.Tx) error {
					if taken, err := tx.InvoicePrefixTaken(ctx, scopeA, *c.InvoicePrefix); err != nil || taken {
						return fmt.Errorf("prefix %s taken=%v: %v", *c.InvoicePrefix, taken, err)
					}
					return tx.InsertCustomer(ctx, scopeA, c)
				})
				if err != nil {
					errs <- fmt.Errorf("worker %d customer %d: %w", w, i, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	seen := map[string]bool{}
	f := page(100)
	for {
		var ids []string
		var more bool
		view(t, s, func(tx remit.Tx) error {
			cs, m, err := tx.ListCustomers(ctx, scopeA, f)
			for _, c := range cs {
				ids = append(ids, c.ID)
			}
			more = m
			return err
		})
		for _, id := range ids {
			if seen[id] {
				t.Fatalf("customer %s listed twice", id)
			}
			seen[id] = true
		}
		if !more {
			break
		}
		f = after(100, ids[len(ids)-1])
	}
	if len(seen) != workers*each {
		t.Errorf("listed %d customers, want %d", len(seen), workers*each)
	}
}
