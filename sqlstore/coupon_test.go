package sqlstore_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"remit"
	"remit/sqlstore"
)

// TestCouponQueryPlans checks that every coupon and promotion code query
// searches an index that leads with account_id, without scanning a table
// or sorting.
func TestCouponQueryPlans(t *testing.T) {
	path := filepath.Join(t.TempDir(), "remit.db")
	scope := remit.Scope{Account: "acct_plans"}
	s := openStore(t, path, sqlstore.Options{})
	coupon, customer := "PLAN", "cus_p1"
	err := s.Update(ctx, func(tx remit.Tx) error {
		for i, id := range []string{"PLAN", "PLAN2"} {
			pct := 10.0
			if err := tx.InsertCoupon(ctx, scope, &remit.Coupon{ID: id, Object: "coupon", CreatedNano: int64(i+1) * 1e9, PercentOff: &pct}); err != nil {
				return err
			}
		}
		for i, id := range []string{"promo_p1", "promo_p2", "promo_p3"} {
			pc := &remit.PromotionCode{ID: id, Object: "promotion_code", Active: true, Code: "CODE" + id[len(id)-1:],
				CreatedNano: int64(i+1) * 1e9, Customer: &customer, Promotion: remit.Promotion{Type: "coupon", Coupon: &coupon}}
			if err := tx.InsertPromotionCode(ctx, scope, pc); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	const (
		pkCoupons  = "sqlite_autoindex_coupons_1"
		pkPromos   = "sqlite_autoindex_promotion_codes_1"
		byCreated  = "coupons_by_created"
		promosNew  = "promotion_codes_by_created"
		byCode     = "promotion_codes_by_code"
		byCoupon   = "promotion_codes_by_coupon"
		byCustomer = "promotion_codes_by_customer"
		activeCode = "promotion_codes_active_code"
	)
	str := func(v string) *string { return &v }
	yes := true
	listPromos := func(f remit.PromotionCodeFilter) func(remit.Tx) error {
		f.Limit = 10
		return func(tx remit.Tx) error { _, _, err := tx.ListPromotionCodes(ctx, scope, f); return err }
	}
	tests := []struct {
		name string
		fn   func(remit.Tx) error
		want [][]string // per statement, the indexes it must use, in plan order
	}{
		{"find coupon", func(tx remit.Tx) error { _, err := tx.FindCoupon(ctx, scope, "PLAN"); return err }, [][]string{{pkCoupons}}},
		{"find missing coupon", func(tx remit.Tx) error {
			if _, err := tx.FindCoupon(ctx, scope, "NONE"); !errors.Is(err, remit.ErrNotFound) {
				return err
			}
			return nil
		}, [][]string{{pkCoupons}}},
		{"update coupon", func(tx remit.Tx) error {
			c, err := tx.FindCoupon(ctx, scope, "PLAN")
			if err != nil {
				return err
			}
			return tx.UpdateCoupon(ctx, scope, c)
		}, [][]string{{pkCoupons}, {pkCoupons}}},
		{"list coupons", func(tx remit.Tx) error {
			_, _, err := tx.ListCoupons(ctx, scope, remit.CouponFilter{Page: remit.Page{Limit: 10}})
			return err
		}, [][]string{{byCreated}}},
		{"list coupons starting_after", func(tx remit.Tx) error {
			_, _, err := tx.ListCoupons(ctx, scope, remit.CouponFilter{Page: remit.Page{Limit: 10, StartingAfter: "PLAN2"}})
			return err
		}, [][]string{{pkCoupons}, {byCreated}}},
		{"find promotion code", func(tx remit.Tx) error { _, err := tx.FindPromotionCode(ctx, scope, "promo_p1"); return err }, [][]string{{pkPromos}}},
		{"code taken", func(tx remit.Tx) error { _, err := tx.PromotionCodeTaken(ctx, scope, "code1"); return err }, [][]string{{activeCode}}},
		{"deactivate codes", func(tx remit.Tx) error { return tx.DeactivatePromotionCodes(ctx, scope, "PLAN") }, [][]string{{byCoupon}}},
		{"list promotion codes", listPromos(remit.PromotionCodeFilter{}), [][]string{{promosNew}}},
		{"list by code", listPromos(remit.PromotionCodeFilter{Code: str("code1")}), [][]string{{byCode}}},
		{"list by coupon", listPromos(remit.PromotionCodeFilter{Coupon: str("PLAN")}), [][]string{{byCoupon}}},
		{"list by customer", listPromos(remit.PromotionCodeFilter{Customer: str(customer)}), [][]string{{byCustomer}}},
		{"list active", listPromos(remit.PromotionCodeFilter{Active: &yes, ValidAt: 1}), [][]string{{promosNew, pkCoupons}}},
		{"list by coupon with cursor", listPromos(remit.PromotionCodeFilter{Coupon: str("PLAN"), Page: remit.Page{StartingAfter: "promo_p2"}}),
			[][]string{{pkPromos}, {byCoupon}}},
	}
	db := rawDB(t, path)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			queries, err := sqlstore.RecordQueries(path, tc.fn)
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			if len(queries) != len(tc.want) {
				for _, q := range queries {
					t.Logf("ran: %s", q.SQL)
				}
				t.Fatalf("ran %d statements, want %d", len(queries), len(tc.want))
			}
			for i, q := range queries {
				plan := explain(t, db, q)
				t.Logf("%s\n  -> %s", oneLine(q.SQL), strings.ReplaceAll(plan, "\n", " | "))
				for _, idx := range tc.want[i] {
					if !strings.Contains(plan, "USING INDEX "+idx+" (") && !strings.Contains(plan, "USING COVERING INDEX "+idx+" (") {
						t.Errorf("statement %d does not search %s\n  sql:  %s\n  plan: %s", i, idx, oneLine(q.SQL), plan)
					}
				}
				if strings.Contains(plan, "SCAN ") || strings.Contains(plan, "TEMP B-TREE") {
					t.Errorf("statement %d scans or sorts\n  sql:  %s\n  plan: %s", i, oneLine(q.SQL), plan)
				}
			}
		})
	}
}

// TestCouponConflicts checks the store's own guards: a taken coupon id
// (live and test mode apart) and an active code that another active code
// of the scope has regardless of case.
func TestCouponConflicts(t *testing.T) {
	s := openStore(t, filepath.Join(t.TempDir(), "remit.db"), sqlstore.Options{})
	defer s.Close()
	test, live := remit.Scope{Account: "acct_c"}, remit.Scope{Account: "acct_c", Livemode: true}
	coupon := func(id string) *remit.Coupon {
		pct := 5.0
		return &remit.Coupon{ID: id, Object: "coupon", PercentOff: &pct}
	}
	code := func(id, code string, active bool) *remit.PromotionCode {
		c := "C1"
		return &remit.PromotionCode{ID: id, Object: "promotion_code", Code: code, Active: active, Promotion: remit.Promotion{Type: "coupon", Coupon: &c}}
	}
	wantErr := func(err error, code, param string) {
		t.Helper()
		var e *remit.Error
		if !errors.As(err, &e) || e.Code != code || e.Param != param {
			t.Errorf("error = %v, want code %q param %q", err, code, param)
		}
	}
	err := s.Update(ctx, func(tx remit.Tx) error {
		if err := tx.InsertCoupon(ctx, test, coupon("C1")); err != nil {
			return err
		}
		if err := tx.InsertCoupon(ctx, live, coupon("C1")); err != nil {
			t.Errorf("the same id in live mode: %v", err)
		}
		wantErr(tx.InsertCoupon(ctx, test, coupon("C1")), "resource_already_exists", "id")

		if err := tx.InsertPromotionCode(ctx, test, code("promo_1", "SAME", true)); err != nil {
			return err
		}
		wantErr(tx.InsertPromotionCode(ctx, test, code("promo_2", "same", true)), "", "code")
		if err := tx.InsertPromotionCode(ctx, test, code("promo_3", "same", false)); err != nil {
			t.Errorf("an inactive duplicate: %v", err)
		}
		if err := tx.InsertPromotionCode(ctx, live, code("promo_4", "same", true)); err != nil {
			t.Errorf("the same code in live mode: %v", err)
		}
		wantErr(tx.UpdatePromotionCode(ctx, test, code("promo_3", "same", true)), "", "code")
		if taken, err := tx.PromotionCodeTaken(ctx, test, "sAmE"); err != nil || !taken {
			t.Errorf("PromotionCodeTaken = %v, %v", taken, err)
		}
		if err := tx.DeactivatePromotionCodes(ctx, test, "C1"); err != nil {
			return err
		}
		if pc, err := tx.FindPromotionCode(ctx, test, "promo_1"); err != nil || pc.Active {
			t.Errorf("after DeactivatePromotionCodes: %+v, %v", pc, err)
		}
		if pc, err := tx.FindPromotionCode(ctx, live, "promo_4"); err != nil || !pc.Active {
			t.Errorf("live code after deactivating test codes: %+v, %v", pc, err)
		}
		return tx.UpdatePromotionCode(ctx, test, code("promo_3", "same", true))
	})
	if err != nil {
		t.Fatal(err)
	}
}
