package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v85"

	"remit"
	"remit/internal/remittest"
)

// Coupons, promotion codes and customer discounts, through stripe-go v85
// where it has the parameters and over raw HTTP where it has not (the
// customer's coupon and promotion_code parameters of API versions before
// 2025-03-31.basil). Every body is checked against Stripe's OpenAPI
// schemas; bodies in the shapes of versions before 2025-09-30.clover are
// checked on the fields both shapes share (see checkLegacy).

// API versions of raw requests ("" is remit's default, dahlia).
const (
	cpLegacy = "2024-06-20"
	cpAcacia = "2025-02-24.acacia"
	cpBasil  = "2025-03-31.basil"
	cpBasil2 = "2025-08-27.basil"
	cpClover = "2025-09-30.clover"
)

// cpEnv is one test's server, client and schemas (see apiEnv), with the
// coupons, promotion codes and requests in other API versions.
type cpEnv struct{ *apiEnv }

func newCPEnv(t *testing.T) *cpEnv { return &cpEnv{newAPIEnv(t)} }

func (e *cpEnv) coupon(t *testing.T, p *stripe.CouponCreateParams) *stripe.Coupon {
	t.Helper()
	c, err := e.sc.V1Coupons.Create(e.ctx, p)
	if err != nil {
		t.Fatalf("create coupon: %v", err)
	}
	e.spec.Check(t, "coupon", c.LastResponse.RawJSON)
	return c
}

func (e *cpEnv) percentCoupon(t *testing.T, pct float64) *stripe.Coupon {
	t.Helper()
	return e.coupon(t, &stripe.CouponCreateParams{PercentOff: stripe.Float64(pct)})
}

func (e *cpEnv) retrieveCoupon(t *testing.T, id string) *stripe.Coupon {
	t.Helper()
	c, err := e.sc.V1Coupons.Retrieve(e.ctx, id, nil)
	if err != nil {
		t.Fatalf("retrieve coupon %s: %v", id, err)
	}
	e.spec.Check(t, "coupon", c.LastResponse.RawJSON)
	return c
}

func cpPromotion(coupon string) *stripe.PromotionCodeCreatePromotionParams {
	return &stripe.PromotionCodeCreatePromotionParams{Type: stripe.String("coupon"), Coupon: stripe.String(coupon)}
}

func (e *cpEnv) promo(t *testing.T, p *stripe.PromotionCodeCreateParams) *stripe.PromotionCode {
	t.Helper()
	pc, err := e.sc.V1PromotionCodes.Create(e.ctx, p)
	if err != nil {
		t.Fatalf("create promotion code: %v", err)
	}
	e.spec.Check(t, "promotion_code", pc.LastResponse.RawJSON)
	return pc
}

func (e *cpEnv) retrievePromo(t *testing.T, id string) *stripe.PromotionCode {
	t.Helper()
	pc, err := e.sc.V1PromotionCodes.Retrieve(e.ctx, id, nil)
	if err != nil {
		t.Fatalf("retrieve promotion code %s: %v", id, err)
	}
	e.spec.Check(t, "promotion_code", pc.LastResponse.RawJSON)
	return pc
}

// customer creates a customer and returns its id.
func (e *cpEnv) customer(t *testing.T, p *stripe.CustomerCreateParams) string {
	t.Helper()
	return e.createCustomer(t, p).ID
}

// cpVersion is the header of a raw request in an API version ("" for the
// default).
func cpVersion(version string) []string {
	if version == "" {
		return nil
	}
	return []string{"Stripe-Version", version}
}

// ok sends a raw request in an API version that must succeed (see rawOK).
func (e *cpEnv) ok(t *testing.T, version, method, path, body string) []byte {
	t.Helper()
	return e.rawOK(t, method, path, body, cpVersion(version)...)
}

// rawErr checks the error a raw request in an API version answers (see
// checkRawErr).
func (e *cpEnv) rawErr(t *testing.T, version, method, path, body string, want wantErr) {
	t.Helper()
	e.rawFail(t, want, method, path, body, cpVersion(version)...)
}

// applyLegacy redeems on a customer with the parameters of API versions
// before basil (body "coupon=..." or "promotion_code=...") and returns the
// customer in the legacy shape.
func (e *cpEnv) applyLegacy(t *testing.T, customer, body string) map[string]any {
	t.Helper()
	b := e.ok(t, cpLegacy, "POST", "/v1/customers/"+customer, body)
	e.checkLegacy(t, "customer", b)
	return jsonObject(t, b)
}

// cpTree decodes a body keeping numbers exact, so that it can be encoded
// again unchanged.
func cpTree(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b)
	}
	return v
}

func cpMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkLegacy checks a body in the shape of versions before clover. The
// spec is dahlia's, so the fields that only the old shape has (a
// discount's or promotion code's top-level coupon object) are checked
// against the coupon schema and then replaced by the clover field that
// names the same coupon; what remains, the fields both shapes share, is
// checked strictly against schema.
func (e *cpEnv) checkLegacy(t *testing.T, schema string, body []byte) {
	t.Helper()
	tree := cpTree(t, body)
	e.toClover(t, tree)
	e.spec.Check(t, schema, cpMarshal(t, tree))
}

// checkLegacyList is checkLegacy for a list of items of schema item.
func (e *cpEnv) checkLegacyList(t *testing.T, item string, body []byte) {
	t.Helper()
	tree := cpTree(t, body)
	e.toClover(t, tree)
	e.spec.CheckList(t, item, cpMarshal(t, tree))
}

func (e *cpEnv) toClover(t *testing.T, v any) {
	t.Helper()
	switch v := v.(type) {
	case []any:
		for _, it := range v {
			e.toClover(t, it)
		}
	case map[string]any:
		for _, child := range v {
			e.toClover(t, child)
		}
		field := map[string]string{"discount": "source", "promotion_code": "promotion"}[cpString(v["object"])]
		if field == "" {
			return
		}
		if _, ok := v[field]; ok {
			t.Errorf("legacy %s has %s: %v", v["object"], field, v)
		}
		coupon, ok := v["coupon"].(map[string]any)
		if !ok {
			t.Errorf("legacy %s.coupon = %v, want a coupon object", v["object"], v["coupon"])
			return
		}
		e.spec.Check(t, "coupon", cpMarshal(t, coupon))
		delete(v, "coupon")
		v[field] = map[string]any{"type": "coupon", "coupon": coupon["id"]}
	}
}

func cpString(v any) string { s, _ := v.(string); return s }

func cpInt(t *testing.T, v any) int64 {
	t.Helper()
	switch n := v.(type) {
	case float64:
		return int64(n)
	case json.Number:
		i, err := n.Int64()
		if err != nil {
			t.Fatalf("%v is not an integer", v)
		}
		return i
	}
	t.Fatalf("%v (%T) is not a number", v, v)
	return 0
}

func cpMap(t *testing.T, v any, what string) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s = %v, want an object", what, v)
	}
	return m
}

// cpSeed creates one object through remit's service with its clock
// stopped at at, for lists on exact times and for objects that expired.
func cpSeed[T any](t *testing.T, srv *remittest.Server, at time.Time, create func(context.Context, remit.Tx, *remit.Service) (T, error)) T {
	t.Helper()
	var v T
	seedStore(t, srv, func(ctx context.Context, tx remit.Tx, svc *remit.Service) (err error) {
		svc.Now = func() time.Time { return at }
		v, err = create(ctx, tx, svc)
		return err
	})
	return v
}

// cpSeedCoupon creates a coupon with cpSeed and returns its id.
func cpSeedCoupon(t *testing.T, srv *remittest.Server, at time.Time, p *remit.CouponCreateParams) string {
	t.Helper()
	return cpSeed(t, srv, at, func(ctx context.Context, tx remit.Tx, svc *remit.Service) (*remit.Coupon, error) {
		return svc.CreateCoupon(ctx, tx, srv.Scope, p)
	}).ID
}

// cpSeedPromo creates a promotion code with cpSeed and returns its id.
func cpSeedPromo(t *testing.T, srv *remittest.Server, at time.Time, p *remit.PromotionCodeCreateParams) string {
	t.Helper()
	return cpSeed(t, srv, at, func(ctx context.Context, tx remit.Tx, svc *remit.Service) (*remit.PromotionCode, error) {
		return svc.CreatePromotionCode(ctx, tx, srv.Scope, p)
	}).ID
}

func cpPtr[T any](v T) *T { return &v }

// listCoupons fetches one page of coupons (see checkPage) and returns the
// ids on it and has_more.
func (e *cpEnv) listCoupons(t *testing.T, p *stripe.CouponListParams) ([]string, bool) {
	t.Helper()
	if p == nil {
		p = &stripe.CouponListParams{}
	}
	p.Single = true
	cs, more := checkPage(t, e.spec, e.sc.V1Coupons.List(e.ctx, p), "coupon", "/v1/coupons")
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids, more
}

// listPromos is listCoupons for promotion codes.
func (e *cpEnv) listPromos(t *testing.T, p *stripe.PromotionCodeListParams) ([]string, bool) {
	t.Helper()
	if p == nil {
		p = &stripe.PromotionCodeListParams{}
	}
	p.Single = true
	pcs, more := checkPage(t, e.spec, e.sc.V1PromotionCodes.List(e.ctx, p), "promotion_code", "/v1/promotion_codes")
	var ids []string
	for _, pc := range pcs {
		ids = append(ids, pc.ID)
	}
	return ids, more
}

func cpWantIDs(t *testing.T, what string, got []string, more bool, want []string, wantMore bool) {
	t.Helper()
	if !slices.Equal(got, want) || more != wantMore {
		t.Errorf("%s = %v has_more %v, want %v has_more %v", what, got, more, want, wantMore)
	}
}

var (
	cpCouponID   = regexp.MustCompile(`^[0-9A-Za-z]{8}$`)
	cpPromoID    = regexp.MustCompile(`^promo_[0-9A-Za-z]{24}$`)
	cpCode       = regexp.MustCompile(`^[A-Z0-9]{8}$`)
	cpDiscountID = regexp.MustCompile(`^di_[0-9A-Za-z]{24}$`)
)

func noSuchCoupon(id string) wantErr {
	return wantErr{status: 404, code: "resource_missing", param: "id", msg: "No such coupon: '" + id + "'"}
}

func TestCouponCreate(t *testing.T) {
	t.Parallel()
	e := newCPEnv(t)
	before := time.Now().Unix()
	c := e.percentCoupon(t, 25)
	after := time.Now().Unix()
	raw := jsonObject(t, c.LastResponse.RawJSON)
	if !cpCouponID.MatchString(c.ID) {
		t.Errorf("id = %q, want 8 base62 characters", c.ID)
	}
	if c.Object != "coupon" || c.Duration != "once" || !c.Valid || c.TimesRedeemed != 0 || c.Livemode || c.PercentOff != 25 {
		t.Errorf("coupon = %+v, want object coupon, duration once, valid, never redeemed, test mode, 25%% off", c)
	}
	if c.Created < before || c.Created > after {
		t.Errorf("created = %d, want between %d and %d", c.Created, before, after)
	}
	for _, k := range []string{"amount_off", "currency", "duration_in_months", "max_redemptions", "name", "redeem_by"} {
		if v, ok := raw[k]; !ok || v != nil {
			t.Errorf("%s = %v (present %v), want null", k, v, ok)
		}
	}
	if md, ok := raw["metadata"].(map[string]any); !ok || len(md) != 0 {
		t.Errorf("metadata = %v, want {}", raw["metadata"])
	}
	for _, k := range []string{"applies_to", "currency_options", "deleted"} {
		if _, ok := raw[k]; ok {
			t.Errorf("%s is present", k)
		}
	}
	if got := e.retrieveCoupon(t, c.ID); !bytes.Equal(got.LastResponse.RawJSON, c.LastResponse.RawJSON) {
		t.Errorf("retrieve = %s\ncreate   = %s", got.LastResponse.RawJSON, c.LastResponse.RawJSON)
	}

	t.Run("every field", func(t *testing.T) {
		redeemBy := time.Now().Add(24 * time.Hour).Unix()
		c := e.coupon(t, &stripe.CouponCreateParams{
			ID: stripe.String("SUMMER-25"), AmountOff: stripe.Int64(500), Currency: stripe.String("EUR"),
			Duration: stripe.String("repeating"), DurationInMonths: stripe.Int64(3), MaxRedemptions: stripe.Int64(10),
			RedeemBy: stripe.Int64(redeemBy), Name: stripe.String(strings.Repeat("n", 40)),
			Metadata: map[string]string{"campaign": "summer"},
		})
		if c.ID != "SUMMER-25" || c.AmountOff != 500 || c.Currency != "eur" || c.Duration != "repeating" || c.DurationInMonths != 3 ||
			c.MaxRedemptions != 10 || c.RedeemBy != redeemBy || c.Name != strings.Repeat("n", 40) || c.Metadata["campaign"] != "summer" ||
			!c.Valid || c.PercentOff != 0 {
			t.Errorf("coupon = %+v", c)
		}
		if v := jsonObject(t, c.LastResponse.RawJSON)["percent_off"]; v != nil {
			t.Errorf("percent_off = %v, want null", v)
		}
	})
	t.Run("percentages", func(t *testing.T) {
		for _, pct := range []float64{0.5, 12.5, 100} {
			if c := e.percentCoupon(t, pct); c.PercentOff != pct {
				t.Errorf("percent_off = %v, want %v", c.PercentOff, pct)
			}
		}
	})
	t.Run("durations", func(t *testing.T) {
		c := e.coupon(t, &stripe.CouponCreateParams{PercentOff: stripe.Float64(10), Duration: stripe.String("forever")})
		if c.Duration != "forever" || c.DurationInMonths != 0 {
			t.Errorf("coupon = %+v, want forever", c)
		}
		c = e.coupon(t, &stripe.CouponCreateParams{AmountOff: stripe.Int64(100), Currency: stripe.String("usd"), Duration: stripe.String("once")})
		if c.Duration != "once" || c.Currency != "usd" {
			t.Errorf("coupon = %+v, want once in usd", c)
		}
	})
	t.Run("amount_off forever before basil", func(t *testing.T) {
		for _, v := range []string{cpLegacy, cpAcacia} {
			b := e.ok(t, v, "POST", "/v1/coupons", "amount_off=300&currency=usd&duration=forever")
			e.spec.Check(t, "coupon", b)
			if m := jsonObject(t, b); m["duration"] != "forever" || cpInt(t, m["amount_off"]) != 300 {
				t.Errorf("version %s: coupon = %v", v, m)
			}
		}
	})
	t.Run("generated ids differ", func(t *testing.T) {
		seen := map[string]bool{}
		for range 5 {
			id := e.percentCoupon(t, 5).ID
			if seen[id] || !cpCouponID.MatchString(id) {
				t.Errorf("id %q repeats or is malformed", id)
			}
			seen[id] = true
		}
	})
	t.Run("redeem_by up to five years ahead", func(t *testing.T) {
		rb := time.Now().AddDate(5, 0, 0).Add(-time.Hour).Unix()
		if c := e.coupon(t, &stripe.CouponCreateParams{PercentOff: stripe.Float64(1), RedeemBy: stripe.Int64(rb)}); c.RedeemBy != rb || !c.Valid {
			t.Errorf("coupon = %+v", c)
		}
	})
}

func TestCouponCreateValidation(t *testing.T) {
	t.Parallel()
	e := newCPEnv(t)
	now := time.Now()
	e.coupon(t, &stripe.CouponCreateParams{ID: stripe.String("TAKEN"), PercentOff: stripe.Float64(5)})
	gone := e.coupon(t, &stripe.CouponCreateParams{ID: stripe.String("GONE"), PercentOff: stripe.Float64(5)})
	if _, err := e.sc.V1Coupons.Delete(e.ctx, gone.ID, nil); err != nil {
		t.Fatal(err)
	}
	pct := func(v float64) *stripe.CouponCreateParams {
		return &stripe.CouponCreateParams{PercentOff: stripe.Float64(v)}
	}
	amount := func(v int64, cur string) *stripe.CouponCreateParams {
		return &stripe.CouponCreateParams{AmountOff: stripe.Int64(v), Currency: stripe.String(cur)}
	}
	with := func(p *stripe.CouponCreateParams, f func(*stripe.CouponCreateParams)) *stripe.CouponCreateParams {
		f(p)
		return p
	}
	bad := func(param string) wantErr { return wantErr{status: 400, param: param} }
	tests := []struct {
		name string
		p    *stripe.CouponCreateParams
		want wantErr
	}{
		{"neither", &stripe.CouponCreateParams{}, wantErr{status: 400, code: "parameter_missing", param: "percent_off", msg: "percent_off or amount_off"}},
		{"both", with(amount(100, "usd"), func(p *stripe.CouponCreateParams) { p.PercentOff = stripe.Float64(10) }),
			wantErr{status: 400, code: "parameters_exclusive", param: "percent_off", msg: "amount_off, percent_off"}},
		{"percent zero", pct(0), bad("percent_off")},
		{"percent negative", pct(-5), bad("percent_off")},
		{"percent over 100", pct(100.01), bad("percent_off")},
		{"currency on percent", with(pct(10), func(p *stripe.CouponCreateParams) { p.Currency = stripe.String("usd") }), bad("currency")},
		{"amount zero", amount(0, "usd"), wantErr{status: 400, code: "parameter_invalid_integer", param: "amount_off"}},
		{"amount negative", amount(-1, "usd"), wantErr{status: 400, code: "parameter_invalid_integer", param: "amount_off"}},
		{"amount without currency", &stripe.CouponCreateParams{AmountOff: stripe.Int64(100)}, wantErr{status: 400, code: "parameter_missing", param: "currency"}},
		{"unknown currency", amount(100, "zzz"), wantErr{status: 400, param: "currency", msg: "Invalid currency"}},
		{"currency too long", amount(100, "usdd"), bad("currency")},
		{"unknown duration", with(pct(10), func(p *stripe.CouponCreateParams) { p.Duration = stripe.String("weekly") }), bad("duration")},
		{"repeating without months", with(pct(10), func(p *stripe.CouponCreateParams) { p.Duration = stripe.String("repeating") }),
			wantErr{status: 400, code: "parameter_missing", param: "duration_in_months"}},
		{"months with once", with(pct(10), func(p *stripe.CouponCreateParams) { p.DurationInMonths = stripe.Int64(3) }), bad("duration_in_months")},
		{"months with forever", with(pct(10), func(p *stripe.CouponCreateParams) {
			p.Duration, p.DurationInMonths = stripe.String("forever"), stripe.Int64(3)
		}), bad("duration_in_months")},
		{"months zero", with(pct(10), func(p *stripe.CouponCreateParams) {
			p.Duration, p.DurationInMonths = stripe.String("repeating"), stripe.Int64(0)
		}), wantErr{status: 400, code: "parameter_invalid_integer", param: "duration_in_months"}},
		{"amount_off forever", with(amount(100, "usd"), func(p *stripe.CouponCreateParams) { p.Duration = stripe.String("forever") }),
			wantErr{status: 400, param: "duration", msg: "2025-03-31.basil"}},
		{"max_redemptions zero", with(pct(10), func(p *stripe.CouponCreateParams) { p.MaxRedemptions = stripe.Int64(0) }),
			wantErr{status: 400, code: "parameter_invalid_integer", param: "max_redemptions"}},
		{"redeem_by past", with(pct(10), func(p *stripe.CouponCreateParams) { p.RedeemBy = stripe.Int64(now.Add(-time.Minute).Unix()) }),
			wantErr{status: 400, param: "redeem_by", msg: "in the past"}},
		{"redeem_by beyond five years", with(pct(10), func(p *stripe.CouponCreateParams) {
			p.RedeemBy = stripe.Int64(now.AddDate(5, 0, 1).Unix())
		}), wantErr{status: 400, param: "redeem_by", msg: "5 years"}},
		{"name too long", with(pct(10), func(p *stripe.CouponCreateParams) { p.Name = stripe.String(strings.Repeat("n", 41)) }), bad("name")},
		{"metadata key too long", with(pct(10), func(p *stripe.CouponCreateParams) {
			p.Metadata = map[string]string{strings.Repeat("k", 41): "v"}
		}), bad("metadata[" + strings.Repeat("k", 41) + "]")},
		{"id taken", with(pct(10), func(p *stripe.CouponCreateParams) { p.ID = stripe.String("TAKEN") }),
			wantErr{status: 400, code: "resource_already_exists", param: "id", msg: "already exists"}},
		{"id of a deleted coupon", with(pct(10), func(p *stripe.CouponCreateParams) { p.ID = stripe.String("GONE") }),
			wantErr{status: 400, code: "resource_already_exists", param: "id"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.sc.V1Coupons.Create(e.ctx, tc.p)
			e.checkErr(t, err, tc.want)
		})
	}
	t.Run("amount_off forever from basil on", func(t *testing.T) {
		for _, v := range []string{cpBasil, cpBasil2, cpClover, ""} {
			e.rawErr(t, v, "POST", "/v1/coupons", "amount_off=300&currency=usd&duration=forever", wantErr{status: 400, param: "duration"})
		}
	})
	t.Run("parameters remit does not take", func(t *testing.T) {
		e.rawErr(t, "", "POST", "/v1/coupons", "percent_off=10&applies_to[products][]=prod_x",
			wantErr{status: 400, code: "parameter_unknown", param: "applies_to"})
		e.rawErr(t, "", "POST", "/v1/coupons", "amount_off=10&currency=usd&currency_options[eur][amount_off]=9",
			wantErr{status: 400, code: "parameter_unknown", param: "currency_options"})
	})
	t.Run("nothing was stored", func(t *testing.T) {
		ids, more := e.listCoupons(t, nil)
		cpWantIDs(t, "coupons", ids, more, []string{"TAKEN"}, false)
	})
}

func TestCouponUpdateDelete(t *testing.T) {
	t.Parallel()
	e := newCPEnv(t)
	c := e.coupon(t, &stripe.CouponCreateParams{ID: stripe.String("WINTER"), PercentOff: stripe.Float64(15), Name: stripe.String("Winter"),
		Metadata: map[string]string{"a": "1", "b": "2"}})

	u, err := e.sc.V1Coupons.Update(e.ctx, c.ID, &stripe.CouponUpdateParams{Name: stripe.String("Winter sale"), Metadata: map[string]string{"a": "", "c": "3"}})
	if err != nil {
		t.Fatal(err)
	}
	e.spec.Check(t, "coupon", u.LastResponse.RawJSON)
	if u.Name != "Winter sale" || len(u.Metadata) != 2 || u.Metadata["b"] != "2" || u.Metadata["c"] != "3" || u.PercentOff != 15 || u.Created != c.Created {
		t.Errorf("updated = %+v", u)
	}
	if got := e.retrieveCoupon(t, c.ID); got.Name != "Winter sale" || got.Metadata["c"] != "3" {
		t.Errorf("retrieved = %+v", got)
	}
	_, err = e.sc.V1Coupons.Update(e.ctx, c.ID, &stripe.CouponUpdateParams{Name: stripe.String(strings.Repeat("n", 41))})
	e.checkErr(t, err, wantErr{status: 400, param: "name"})
	for _, body := range []string{"percent_off=5", "duration=forever", "max_redemptions=3", "redeem_by=2000000000", "id=X"} {
		param, _, _ := strings.Cut(body, "=")
		e.rawErr(t, "", "POST", "/v1/coupons/"+c.ID, body, wantErr{status: 400, code: "parameter_unknown", param: param})
	}

	d, err := e.sc.V1Coupons.Delete(e.ctx, c.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	e.spec.Check(t, "deleted_coupon", d.LastResponse.RawJSON)
	if m := jsonObject(t, d.LastResponse.RawJSON); len(m) != 3 || m["id"] != "WINTER" || m["object"] != "coupon" || m["deleted"] != true {
		t.Errorf("delete = %v, want {id, object: coupon, deleted: true}", m)
	}
	_, err = e.sc.V1Coupons.Retrieve(e.ctx, c.ID, nil)
	e.checkErr(t, err, noSuchCoupon("WINTER"))
	_, err = e.sc.V1Coupons.Update(e.ctx, c.ID, &stripe.CouponUpdateParams{Name: stripe.String("x")})
	e.checkErr(t, err, noSuchCoupon("WINTER"))
	_, err = e.sc.V1Coupons.Delete(e.ctx, c.ID, nil)
	e.checkErr(t, err, noSuchCoupon("WINTER"))
	_, err = e.sc.V1Coupons.Retrieve(e.ctx, "never", nil)
	e.checkErr(t, err, noSuchCoupon("never"))
	ids, more := e.listCoupons(t, nil)
	cpWantIDs(t, "coupons after delete", ids, more, nil, false)
}

func TestCouponList(t *testing.T) {
	t.Parallel()
	e := newCPEnv(t)
	t0 := time.Unix(1_750_000_000, 0)
	var ids []string // oldest first
	for i := range 5 {
		ids = append(ids, cpSeedCoupon(t, e.srv, t0.Add(time.Duration(i)*10*time.Second), &remit.CouponCreateParams{PercentOff: cpPtr(float64(10 + i))}))
	}
	newest := reversed(ids)
	lp := func(limit int64) stripe.ListParams { return stripe.ListParams{Limit: stripe.Int64(limit)} }

	got, more := e.listCoupons(t, nil)
	cpWantIDs(t, "all", got, more, newest, false)
	got, more = e.listCoupons(t, &stripe.CouponListParams{ListParams: lp(3)})
	cpWantIDs(t, "limit 3", got, more, newest[:3], true)
	p := &stripe.CouponListParams{ListParams: lp(3)}
	p.StartingAfter = stripe.String(newest[2])
	got, more = e.listCoupons(t, p)
	cpWantIDs(t, "starting_after", got, more, newest[3:], false)
	p = &stripe.CouponListParams{ListParams: lp(2)}
	p.EndingBefore = stripe.String(ids[0])
	got, more = e.listCoupons(t, p)
	// stripe-go hands an ending_before page over oldest first.
	cpWantIDs(t, "ending_before", reversed(got), more, []string{ids[2], ids[1]}, true)
	got, more = e.listCoupons(t, &stripe.CouponListParams{CreatedRange: &stripe.RangeQueryParams{
		GreaterThanOrEqual: t0.Unix() + 10, LesserThan: t0.Unix() + 40}})
	cpWantIDs(t, "created range", got, more, []string{ids[3], ids[2], ids[1]}, false)
	got, more = e.listCoupons(t, &stripe.CouponListParams{Created: stripe.Int64(t0.Unix() + 20)})
	cpWantIDs(t, "created equals", got, more, []string{ids[2]}, false)

	if _, err := e.sc.V1Coupons.Delete(e.ctx, ids[4], nil); err != nil {
		t.Fatal(err)
	}
	got, more = e.listCoupons(t, nil)
	cpWantIDs(t, "after a delete", got, more, newest[1:], false)
	p = &stripe.CouponListParams{}
	p.StartingAfter = stripe.String(ids[4]) // a deleted coupon still marks its place
	got, more = e.listCoupons(t, p)
	cpWantIDs(t, "after the deleted coupon", got, more, newest[1:], false)

	p = &stripe.CouponListParams{}
	p.Single = true
	p.StartingAfter = stripe.String("nope")
	e.checkErr(t, e.sc.V1Coupons.List(e.ctx, p).Err(),
		wantErr{status: 400, code: "resource_missing", param: "starting_after", msg: "No such coupon: 'nope'"})
	e.rawErr(t, "", "GET", "/v1/coupons?limit=0", "", wantErr{status: 400, code: "parameter_invalid_integer", param: "limit"})
}

func TestCouponLivemodeAndAccounts(t *testing.T) {
	t.Parallel()
	e := newCPEnv(t)
	live := e.srv.Client(liveKey(t, e.srv))
	other := e.srv.Client(e.srv.NewAccount(t).SecretKey)

	e.coupon(t, &stripe.CouponCreateParams{ID: stripe.String("SHARED"), PercentOff: stripe.Float64(10)})
	lc, err := live.V1Coupons.Create(e.ctx, &stripe.CouponCreateParams{ID: stripe.String("SHARED"), PercentOff: stripe.Float64(20)})
	if err != nil {
		t.Fatalf("the same id in live mode: %v", err)
	}
	e.spec.Check(t, "coupon", lc.LastResponse.RawJSON)
	if !lc.Livemode || lc.PercentOff != 20 {
		t.Errorf("live coupon = %+v", lc)
	}
	if c := e.retrieveCoupon(t, "SHARED"); c.Livemode || c.PercentOff != 10 {
		t.Errorf("test coupon = %+v", c)
	}
	if c, err := live.V1Coupons.Retrieve(e.ctx, "SHARED", nil); err != nil || !c.Livemode || c.PercentOff != 20 {
		t.Errorf("live retrieve = %+v, %v", c, err)
	}
	_, err = other.V1Coupons.Retrieve(e.ctx, "SHARED", nil)
	e.checkErr(t, err, noSuchCoupon("SHARED"))
	if _, err := other.V1Coupons.Create(e.ctx, &stripe.CouponCreateParams{ID: stripe.String("SHARED"), PercentOff: stripe.Float64(30)}); err != nil {
		t.Errorf("the same id in another account: %v", err)
	}

	// Deleting in live mode leaves test mode alone.
	if _, err := live.V1Coupons.Delete(e.ctx, "SHARED", nil); err != nil {
		t.Fatal(err)
	}
	e.retrieveCoupon(t, "SHARED")

	// Promotion codes are unique per account and mode only.
	e.promo(t, &stripe.PromotionCodeCreateParams{Promotion: cpPromotion("SHARED"), Code: stripe.String("SAME")})
	if _, err := other.V1PromotionCodes.Create(e.ctx, &stripe.PromotionCodeCreateParams{Promotion: cpPromotion("SHARED"), Code: stripe.String("SAME")}); err != nil {
		t.Errorf("the same code in another account: %v", err)
	}
	lc2, err := live.V1Coupons.Create(e.ctx, &stripe.CouponCreateParams{PercentOff: stripe.Float64(5)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := live.V1PromotionCodes.Create(e.ctx, &stripe.PromotionCodeCreateParams{Promotion: cpPromotion(lc2.ID), Code: stripe.String("same")}); err != nil {
		t.Errorf("the same code in live mode: %v", err)
	}
	_, err = live.V1PromotionCodes.Create(e.ctx, &stripe.PromotionCodeCreateParams{Promotion: cpPromotion("SHARED")})
	e.checkErr(t, err, wantErr{status: 400, code: "resource_missing", param: "promotion[coupon]"})
}

func TestCouponRedemptionLimits(t *testing.T) {
	t.Parallel()
	e := newCPEnv(t)
	c := e.coupon(t, &stripe.CouponCreateParams{PercentOff: stripe.Float64(10), MaxRedemptions: stripe.Int64(2)})
	a, b, third := e.customer(t, nil), e.customer(t, nil), e.customer(t, nil)

	e.applyLegacy(t, a, "coupon="+c.ID)
	if got := e.retrieveCoupon(t, c.ID); got.TimesRedeemed != 1 || !got.Valid {
		t.Errorf("after one redemption: times_redeemed %d valid %v", got.TimesRedeemed, got.Valid)
	}
	e.applyLegacy(t, b, "coupon="+c.ID)
	if got := e.retrieveCoupon(t, c.ID); got.TimesRedeemed != 2 || got.Valid {
		t.Errorf("after two redemptions: times_redeemed %d valid %v, want 2 false", got.TimesRedeemed, got.Valid)
	}
	e.rawErr(t, cpLegacy, "POST", "/v1/customers/"+third, "coupon="+c.ID,
		wantErr{status: 400, code: "coupon_expired", param: "coupon", msg: c.ID})
	e.rawErr(t, cpLegacy, "POST", "/v1/customers", "name=x&coupon="+c.ID, wantErr{status: 400, code: "coupon_expired", param: "coupon"})
	if got := e.retrieveCoupon(t, c.ID); got.TimesRedeemed != 2 {
		t.Errorf("refused redemptions counted: times_redeemed %d", got.TimesRedeemed)
	}
	if cu := e.retrieveCustomer(t, third); cu.Discount != nil {
		t.Errorf("refused redemption left a discount: %+v", cu.Discount)
	}
	p := &stripe.CouponListParams{}
	p.Single = true
	l := e.sc.V1Coupons.List(e.ctx, p)
	for _, lc := range l.Data() {
		if lc.ID == c.ID && lc.Valid {
			t.Errorf("listed coupon is valid")
		}
	}

	t.Run("redeem_by passed", func(t *testing.T) {
		now := time.Now()
		id := cpSeedCoupon(t, e.srv, now.Add(-2*time.Hour), &remit.CouponCreateParams{PercentOff: cpPtr(5.0), RedeemBy: cpPtr(now.Add(-time.Hour).Unix())})
		if got := e.retrieveCoupon(t, id); got.Valid {
			t.Errorf("coupon past redeem_by is valid")
		}
		e.rawErr(t, cpLegacy, "POST", "/v1/customers/"+third, "coupon="+id, wantErr{status: 400, code: "coupon_expired", param: "coupon"})
	})
	t.Run("redeem_by ahead", func(t *testing.T) {
		c := e.coupon(t, &stripe.CouponCreateParams{PercentOff: stripe.Float64(5), RedeemBy: stripe.Int64(time.Now().Add(time.Minute).Unix())})
		if !c.Valid {
			t.Errorf("coupon before redeem_by is not valid")
		}
		e.applyLegacy(t, third, "coupon="+c.ID)
	})
	t.Run("unknown and deleted coupons", func(t *testing.T) {
		e.rawErr(t, cpLegacy, "POST", "/v1/customers/"+third, "coupon=nope",
			wantErr{status: 400, code: "resource_missing", param: "coupon", msg: "No such coupon: 'nope'"})
		d := e.percentCoupon(t, 5)
		if _, err := e.sc.V1Coupons.Delete(e.ctx, d.ID, nil); err != nil {
			t.Fatal(err)
		}
		e.rawErr(t, cpLegacy, "POST", "/v1/customers/"+third, "coupon="+d.ID,
			wantErr{status: 400, code: "resource_missing", param: "coupon", msg: "No such coupon"})
	})
	t.Run("a new redemption replaces the discount", func(t *testing.T) {
		x, y := e.percentCoupon(t, 5), e.percentCoupon(t, 6)
		first := cpMap(t, e.applyLegacy(t, a, "coupon="+x.ID)["discount"], "discount")
		second := cpMap(t, e.applyLegacy(t, a, "coupon="+y.ID)["discount"], "discount")
		if first["id"] == second["id"] || cpMap(t, second["coupon"], "coupon")["id"] != y.ID {
			t.Errorf("second discount %v does not replace %v", second, first)
		}
		if got := e.retrieveCoupon(t, x.ID); got.TimesRedeemed != 1 {
			t.Errorf("replaced coupon times_redeemed = %d, want 1", got.TimesRedeemed)
		}
	})
}

func TestCustomerDiscountParamsByVersion(t *testing.T) {
	t.Parallel()
	e := newCPEnv(t)
	c := e.percentCoupon(t, 10)
	pc := e.promo(t, &stripe.PromotionCodeCreateParams{Promotion: cpPromotion(c.ID)})
	cus := e.customer(t, nil)
	for _, v := range []string{cpBasil, cpBasil2, cpClover, ""} {
		for _, body := range []string{"coupon=" + c.ID, "promotion_code=" + pc.ID} {
			param, _, _ := strings.Cut(body, "=")
			want := wantErr{status: 400, code: "parameter_unknown", param: param, msg: "Received unknown parameter: " + param}
			e.rawErr(t, v, "POST", "/v1/customers", body, want)
			e.rawErr(t, v, "POST", "/v1/customers/"+cus, body, want)
		}
	}
	if got := e.retrieveCoupon(t, c.ID); got.TimesRedeemed != 0 {
		t.Errorf("refused parameters redeemed the coupon %d times", got.TimesRedeemed)
	}
	for _, v := range []string{cpLegacy, cpAcacia} {
		b := e.ok(t, v, "POST", "/v1/customers", "name=Jenny&coupon="+c.ID)
		e.checkLegacy(t, "customer", b)
		m := jsonObject(t, b)
		if m["name"] != "Jenny" || cpMap(t, cpMap(t, m["discount"], "discount")["coupon"], "coupon")["id"] != c.ID {
			t.Errorf("version %s: customer = %v", v, m)
		}
		b = e.ok(t, v, "POST", "/v1/customers/"+cus, "promotion_code="+pc.ID)
		e.checkLegacy(t, "customer", b)
		if d := cpMap(t, jsonObject(t, b)["discount"], "discount"); d["promotion_code"] != pc.ID {
			t.Errorf("version %s: discount = %v", v, d)
		}
	}
	e.rawErr(t, cpLegacy, "POST", "/v1/customers/"+cus, "coupon="+c.ID+"&promotion_code="+pc.ID,
		wantErr{status: 400, code: "parameters_exclusive", param: "promotion_code"})
	e.rawErr(t, cpLegacy, "POST", "/v1/customers", "coupon=", wantErr{status: 400, code: "parameter_invalid_empty", param: "coupon"})
	e.rawErr(t, cpLegacy, "POST", "/v1/customers/cus_nope", "coupon="+c.ID, noSuchCustomer("cus_nope"))
	// The other parameters behave as in later versions.
	b := e.ok(t, cpLegacy, "POST", "/v1/customers", "email=j@example.com&metadata[k]=v")
	e.spec.Check(t, "customer", b)
	if m := jsonObject(t, b); m["email"] != "j@example.com" || m["discount"] != nil {
		t.Errorf("legacy create = %v", m)
	}
	e.rawErr(t, cpLegacy, "POST", "/v1/customers", "nope=1", wantErr{status: 400, code: "parameter_unknown", param: "nope"})
	// Two versions, each with a coupon and a promotion code of it.
	if got := e.retrieveCoupon(t, c.ID); got.TimesRedeemed != 4 {
		t.Errorf("coupon times_redeemed = %d, want 4", got.TimesRedeemed)
	}
	if got := e.retrievePromo(t, pc.ID); got.TimesRedeemed != 2 {
		t.Errorf("promotion code times_redeemed = %d, want 2", got.TimesRedeemed)
	}
}

func TestCustomerDiscountShape(t *testing.T) {
	t.Parallel()
	e := newCPEnv(t)
	c := e.coupon(t, &stripe.CouponCreateParams{PercentOff: stripe.Float64(20), Duration: stripe.String("repeating"), DurationInMonths: stripe.Int64(3)})
	before := time.Now().Unix()
	b := e.ok(t, cpLegacy, "POST", "/v1/customers", "name=Jenny&coupon="+c.ID)
	after := time.Now().Unix()
	e.checkLegacy(t, "customer", b)
	cus := cpString(jsonObject(t, b)["id"])

	// Stored and shown from clover on: source.coupon is the id.
	sc := e.retrieveCustomer(t, cus)
	if sc.Discount == nil || sc.Discount.Source == nil || sc.Discount.Source.Coupon == nil || sc.Discount.Source.Coupon.ID != c.ID {
		t.Fatalf("stripe-go discount = %+v", sc.Discount)
	}
	d := cpMap(t, jsonObject(t, sc.LastResponse.RawJSON)["discount"], "discount")
	if !cpDiscountID.MatchString(cpString(d["id"])) || d["object"] != "discount" || d["customer"] != cus {
		t.Errorf("discount = %v", d)
	}
	start := cpInt(t, d["start"])
	if start < before || start > after {
		t.Errorf("start = %d, want between %d and %d", start, before, after)
	}
	if end := cpInt(t, d["end"]); end != time.Unix(start, 0).UTC().AddDate(0, 3, 0).Unix() {
		t.Errorf("end = %d, want start + 3 months", end)
	}
	for _, k := range []string{"checkout_session", "customer_account", "invoice", "invoice_item", "promotion_code", "subscription", "subscription_item"} {
		if v, ok := d[k]; !ok || v != nil {
			t.Errorf("discount.%s = %v (present %v), want null", k, v, ok)
		}
	}
	if src := cpMap(t, d["source"], "source"); len(src) != 2 || src["type"] != "coupon" || src["coupon"] != c.ID {
		t.Errorf("source = %v", src)
	}
	if _, ok := d["coupon"]; ok {
		t.Errorf("clover discount has a top-level coupon")
	}

	for _, v := range []string{cpClover, ""} {
		b := e.ok(t, v, "GET", "/v1/customers/"+cus, "")
		e.spec.Check(t, "customer", b)
		if got := cpMap(t, jsonObject(t, b)["discount"], "discount"); got["id"] != d["id"] || cpMap(t, got["source"], "source")["coupon"] != c.ID {
			t.Errorf("version %q: discount = %v", v, got)
		}
		b = e.ok(t, v, "GET", "/v1/customers/"+cus+"/discount", "")
		e.spec.Check(t, "discount", b)
		if got := jsonObject(t, b); got["id"] != d["id"] || cpInt(t, got["end"]) != cpInt(t, d["end"]) {
			t.Errorf("version %q: GET discount = %v", v, got)
		}
		b = e.ok(t, v, "GET", "/v1/customers", "")
		e.spec.CheckList(t, "customer", b)
	}

	// Before clover: a top-level coupon object instead of source.
	for _, v := range []string{cpLegacy, cpAcacia, cpBasil, cpBasil2} {
		b := e.ok(t, v, "GET", "/v1/customers/"+cus, "")
		e.checkLegacy(t, "customer", b)
		got := cpMap(t, jsonObject(t, b)["discount"], "discount")
		cc := cpMap(t, got["coupon"], "discount.coupon")
		if got["id"] != d["id"] || cc["id"] != c.ID || cc["object"] != "coupon" || cc["percent_off"] != 20.0 || cc["times_redeemed"] != 1.0 || cc["valid"] != true {
			t.Errorf("version %s: discount = %v", v, got)
		}
		b = e.ok(t, v, "GET", "/v1/customers/"+cus+"/discount", "")
		e.checkLegacy(t, "discount", b)
		b = e.ok(t, v, "GET", "/v1/customers", "")
		e.checkLegacyList(t, "customer", b)
		b = e.ok(t, v, "GET", "/v1/customers/search?query="+url.QueryEscape("name:'Jenny'"), "")
		tree := cpTree(t, b)
		e.toClover(t, tree)
		e.spec.CheckSearchResult(t, "customer", cpMarshal(t, tree))
	}

	t.Run("once and forever have no end", func(t *testing.T) {
		for _, dur := range []string{"once", "forever"} {
			c := e.coupon(t, &stripe.CouponCreateParams{PercentOff: stripe.Float64(5), Duration: stripe.String(dur)})
			d := cpMap(t, e.applyLegacy(t, cus, "coupon="+c.ID)["discount"], "discount")
			if v, ok := d["end"]; !ok || v != nil {
				t.Errorf("%s: end = %v (present %v), want null", dur, v, ok)
			}
		}
	})
	t.Run("customers without a discount in every version", func(t *testing.T) {
		plain := e.customer(t, nil)
		for _, v := range []string{cpLegacy, cpBasil, cpClover, ""} {
			b := e.ok(t, v, "GET", "/v1/customers/"+plain, "")
			e.spec.Check(t, "customer", b)
			if m := jsonObject(t, b); m["discount"] != nil {
				t.Errorf("version %q: discount = %v", v, m["discount"])
			}
		}
	})
	t.Run("deleted coupons keep their discounts", func(t *testing.T) {
		c := e.percentCoupon(t, 7)
		x := e.customer(t, nil)
		e.applyLegacy(t, x, "coupon="+c.ID)
		if _, err := e.sc.V1Coupons.Delete(e.ctx, c.ID, nil); err != nil {
			t.Fatal(err)
		}
		if got := e.retrieveCustomer(t, x); got.Discount == nil || got.Discount.Source.Coupon.ID != c.ID {
			t.Errorf("discount = %+v", got.Discount)
		}
		b := e.ok(t, cpLegacy, "GET", "/v1/customers/"+x, "")
		e.checkLegacy(t, "customer", b)
		cc := cpMap(t, cpMap(t, jsonObject(t, b)["discount"], "discount")["coupon"], "coupon")
		if cc["id"] != c.ID || cc["valid"] != false || cc["percent_off"] != 7.0 {
			t.Errorf("deleted coupon shown as %v", cc)
		}
		b = e.ok(t, "", "GET", "/v1/customers/"+x+"?expand[]=discount.source.coupon", "")
		e.spec.Check(t, "customer", b)
		src := cpMap(t, cpMap(t, jsonObject(t, b)["discount"], "discount")["source"], "source")
		if cc := cpMap(t, src["coupon"], "source.coupon"); cc["id"] != c.ID || cc["valid"] != false {
			t.Errorf("expanded deleted coupon = %v", cc)
		}
	})
}

func TestCustomerDiscountDelete(t *testing.T) {
	t.Parallel()
	e := newCPEnv(t)
	c := e.coupon(t, &stripe.CouponCreateParams{PercentOff: stripe.Float64(10), Duration: stripe.String("repeating"), DurationInMonths: stripe.Int64(2)})
	cus := e.customer(t, nil)
	applied := cpMap(t, e.applyLegacy(t, cus, "coupon="+c.ID)["discount"], "discount")

	// stripe-go decodes the answer into a Customer; the body is what counts.
	res, err := e.sc.V1Customers.DeleteDiscount(e.ctx, cus, nil)
	if err != nil {
		t.Fatal(err)
	}
	e.spec.Check(t, "deleted_discount", res.LastResponse.RawJSON)
	d := jsonObject(t, res.LastResponse.RawJSON)
	if d["id"] != applied["id"] || d["object"] != "discount" || d["deleted"] != true || d["customer"] != cus ||
		cpMap(t, d["source"], "source")["coupon"] != c.ID || cpInt(t, d["start"]) != cpInt(t, applied["start"]) {
		t.Errorf("deleted discount = %v", d)
	}
	if _, ok := d["end"]; ok {
		t.Errorf("deleted discount has end")
	}
	if got := e.retrieveCustomer(t, cus); got.Discount != nil {
		t.Errorf("discount after delete = %+v", got.Discount)
	}
	if got := e.retrieveCoupon(t, c.ID); got.TimesRedeemed != 1 {
		t.Errorf("times_redeemed = %d after removing the discount, want 1", got.TimesRedeemed)
	}
	noDiscount := wantErr{status: 404, code: "resource_missing", param: "customer", msg: "No active discount for customer: '" + cus + "'"}
	e.rawErr(t, "", "GET", "/v1/customers/"+cus+"/discount", "", noDiscount)
	e.rawErr(t, "", "DELETE", "/v1/customers/"+cus+"/discount", "", noDiscount)
	_, err = e.sc.V1Customers.DeleteDiscount(e.ctx, cus, nil)
	e.checkErr(t, err, noDiscount)

	t.Run("before clover", func(t *testing.T) {
		e.applyLegacy(t, cus, "coupon="+c.ID)
		b := e.ok(t, cpLegacy, "DELETE", "/v1/customers/"+cus+"/discount", "")
		e.checkLegacy(t, "deleted_discount", b)
		if m := jsonObject(t, b); m["deleted"] != true || cpMap(t, m["coupon"], "coupon")["id"] != c.ID {
			t.Errorf("legacy deleted discount = %v", m)
		}
	})
	t.Run("missing and deleted customers", func(t *testing.T) {
		e.rawErr(t, "", "DELETE", "/v1/customers/cus_nope/discount", "", noSuchCustomer("cus_nope"))
		e.rawErr(t, "", "GET", "/v1/customers/cus_nope/discount", "", noSuchCustomer("cus_nope"))
		x := e.customer(t, nil)
		e.applyLegacy(t, x, "coupon="+c.ID)
		if _, err := e.sc.V1Customers.Delete(e.ctx, x, nil); err != nil {
			t.Fatal(err)
		}
		e.rawErr(t, "", "GET", "/v1/customers/"+x+"/discount", "", noSuchCustomer(x))
		e.rawErr(t, "", "DELETE", "/v1/customers/"+x+"/discount", "", noSuchCustomer(x))
	})
}

func TestCustomerDiscountCurrencyLock(t *testing.T) {
	t.Parallel()
	e := newCPEnv(t)
	eur := e.coupon(t, &stripe.CouponCreateParams{AmountOff: stripe.Int64(500), Currency: stripe.String("eur")})
	lock := wantErr{status: 400, param: "coupon", msg: "You cannot combine currencies on a single customer"}

	// A balance in the default currency (usd) locks the customer first.
	usdCustomer := e.customer(t, &stripe.CustomerCreateParams{Balance: stripe.Int64(1000)})
	e.rawErr(t, cpLegacy, "POST", "/v1/customers/"+usdCustomer, "coupon="+eur.ID, lock)
	if got := e.retrieveCustomer(t, usdCustomer); got.Currency != "usd" || got.Discount != nil {
		t.Errorf("customer = currency %q discount %+v, want usd and none", got.Currency, got.Discount)
	}
	if got := e.retrieveCoupon(t, eur.ID); got.TimesRedeemed != 0 {
		t.Errorf("refused redemption counted: %d", got.TimesRedeemed)
	}
	// With a balance and the coupon in one request, the balance comes first.
	e.rawErr(t, cpLegacy, "POST", "/v1/customers", "balance=100&coupon="+eur.ID, lock)

	// A customer without a currency takes the coupon's.
	fresh := e.customer(t, nil)
	if m := e.applyLegacy(t, fresh, "coupon="+eur.ID); m["currency"] != "eur" {
		t.Errorf("currency = %v, want eur", m["currency"])
	}
	_, err := e.sc.V1CustomerBalanceTransactions.Create(e.ctx, &stripe.CustomerBalanceTransactionCreateParams{
		Customer: stripe.String(fresh), Amount: stripe.Int64(-100), Currency: stripe.String("usd")})
	e.checkErr(t, err, wantErr{status: 400, param: "currency", msg: "You cannot combine currencies"})
	if _, err := e.sc.V1CustomerBalanceTransactions.Create(e.ctx, &stripe.CustomerBalanceTransactionCreateParams{
		Customer: stripe.String(fresh), Amount: stripe.Int64(-100), Currency: stripe.String("eur")}); err != nil {
		t.Errorf("balance in the coupon's currency: %v", err)
	}

	// A balance in the coupon's currency is fine, and so is a percent-off coupon anywhere.
	eurCustomer := e.customer(t, nil)
	if _, err := e.sc.V1CustomerBalanceTransactions.Create(e.ctx, &stripe.CustomerBalanceTransactionCreateParams{
		Customer: stripe.String(eurCustomer), Amount: stripe.Int64(200), Currency: stripe.String("eur")}); err != nil {
		t.Fatal(err)
	}
	e.applyLegacy(t, eurCustomer, "coupon="+eur.ID)
	pct := e.percentCoupon(t, 10)
	if m := e.applyLegacy(t, usdCustomer, "coupon="+pct.ID); m["currency"] != "usd" {
		t.Errorf("percent coupon changed the currency to %v", m["currency"])
	}
	plain := e.customer(t, nil)
	if m := e.applyLegacy(t, plain, "coupon="+pct.ID); m["currency"] != nil {
		t.Errorf("percent coupon set currency %v", m["currency"])
	}

	// Through a promotion code the error names promotion_code.
	pc := e.promo(t, &stripe.PromotionCodeCreateParams{Promotion: cpPromotion(eur.ID)})
	e.rawErr(t, cpLegacy, "POST", "/v1/customers/"+usdCustomer, "promotion_code="+pc.ID,
		wantErr{status: 400, param: "promotion_code", msg: "You cannot combine currencies"})
	if got := e.retrievePromo(t, pc.ID); got.TimesRedeemed != 0 {
		t.Errorf("refused redemption counted on the promotion code: %d", got.TimesRedeemed)
	}
}

func TestPromotionCodeCreate(t *testing.T) {
	t.Parallel()
	e := newCPEnv(t)
	c := e.percentCoupon(t, 10)
	before := time.Now().Unix()
	pc := e.promo(t, &stripe.PromotionCodeCreateParams{Promotion: cpPromotion(c.ID)})
	after := time.Now().Unix()
	raw := jsonObject(t, pc.LastResponse.RawJSON)
	if !cpPromoID.MatchString(pc.ID) || !cpCode.MatchString(pc.Code) {
		t.Errorf("id %q code %q, want promo_ and 24 alphanumerics, 8 uppercase alphanumerics", pc.ID, pc.Code)
	}
	if pc.Object != "promotion_code" || !pc.Active || pc.Livemode || pc.TimesRedeemed != 0 || pc.Created < before || pc.Created > after {
		t.Errorf("promotion code = %+v", pc)
	}
	if pc.Promotion == nil || pc.Promotion.Type != "coupon" || pc.Promotion.Coupon == nil || pc.Promotion.Coupon.ID != c.ID {
		t.Errorf("promotion = %+v", pc.Promotion)
	}
	for _, k := range []string{"customer", "customer_account", "expires_at", "max_redemptions"} {
		if v, ok := raw[k]; !ok || v != nil {
			t.Errorf("%s = %v (present %v), want null", k, v, ok)
		}
	}
	if r := cpMap(t, raw["restrictions"], "restrictions"); len(r) != 3 || r["first_time_transaction"] != false || r["minimum_amount"] != nil || r["minimum_amount_currency"] != nil {
		t.Errorf("restrictions = %v", r)
	}
	if md, ok := raw["metadata"].(map[string]any); !ok || len(md) != 0 {
		t.Errorf("metadata = %v, want {}", raw["metadata"])
	}
	if _, ok := raw["coupon"]; ok {
		t.Errorf("clover promotion code has a top-level coupon")
	}
	if got := e.retrievePromo(t, pc.ID); !bytes.Equal(got.LastResponse.RawJSON, pc.LastResponse.RawJSON) {
		t.Errorf("retrieve = %s\ncreate   = %s", got.LastResponse.RawJSON, pc.LastResponse.RawJSON)
	}

	t.Run("every field", func(t *testing.T) {
		cus := e.customer(t, nil)
		limited := e.coupon(t, &stripe.CouponCreateParams{PercentOff: stripe.Float64(5), MaxRedemptions: stripe.Int64(3),
			RedeemBy: stripe.Int64(time.Now().Add(48 * time.Hour).Unix())})
		code := "Summer-2026-" + strings.Repeat("x", 488)
		pc := e.promo(t, &stripe.PromotionCodeCreateParams{
			Promotion: cpPromotion(limited.ID), Code: stripe.String(code), Customer: stripe.String(cus),
			ExpiresAt: stripe.Int64(limited.RedeemBy), MaxRedemptions: stripe.Int64(3), Active: stripe.Bool(false),
			Metadata: map[string]string{"k": "v"},
			Restrictions: &stripe.PromotionCodeCreateRestrictionsParams{FirstTimeTransaction: stripe.Bool(true),
				MinimumAmount: stripe.Int64(1000), MinimumAmountCurrency: stripe.String("EUR")},
		})
		if pc.Code != code || pc.Customer == nil || pc.Customer.ID != cus || pc.ExpiresAt != limited.RedeemBy || pc.MaxRedemptions != 3 ||
			pc.Active || pc.Metadata["k"] != "v" || !pc.Restrictions.FirstTimeTransaction || pc.Restrictions.MinimumAmount != 1000 ||
			pc.Restrictions.MinimumAmountCurrency != "eur" {
			t.Errorf("promotion code = %+v", pc)
		}
	})
	t.Run("top-level coupon", func(t *testing.T) {
		b := e.ok(t, "", "POST", "/v1/promotion_codes", "coupon="+c.ID+"&code=TOPLEVEL")
		e.spec.Check(t, "promotion_code", b)
		if p := cpMap(t, jsonObject(t, b)["promotion"], "promotion"); p["coupon"] != c.ID {
			t.Errorf("promotion = %v", p)
		}
	})
	t.Run("before clover", func(t *testing.T) {
		for _, body := range []string{"coupon=" + c.ID, "promotion[type]=coupon&promotion[coupon]=" + c.ID} {
			b := e.ok(t, cpLegacy, "POST", "/v1/promotion_codes", body)
			e.checkLegacy(t, "promotion_code", b)
			m := jsonObject(t, b)
			if cc := cpMap(t, m["coupon"], "coupon"); cc["id"] != c.ID || cc["percent_off"] != 10.0 {
				t.Errorf("legacy coupon = %v", cc)
			}
			b = e.ok(t, cpBasil2, "GET", "/v1/promotion_codes/"+cpString(m["id"]), "")
			e.checkLegacy(t, "promotion_code", b)
		}
		b := e.ok(t, cpLegacy, "GET", "/v1/promotion_codes", "")
		e.checkLegacyList(t, "promotion_code", b)
	})
	t.Run("generated codes differ", func(t *testing.T) {
		seen := map[string]bool{}
		for range 5 {
			code := e.promo(t, &stripe.PromotionCodeCreateParams{Promotion: cpPromotion(c.ID)}).Code
			if seen[code] || !cpCode.MatchString(code) {
				t.Errorf("code %q repeats or is malformed", code)
			}
			seen[code] = true
		}
	})
}

func TestPromotionCodeCreateValidation(t *testing.T) {
	t.Parallel()
	e := newCPEnv(t)
	now := time.Now()
	c := e.coupon(t, &stripe.CouponCreateParams{PercentOff: stripe.Float64(10), MaxRedemptions: stripe.Int64(5),
		RedeemBy: stripe.Int64(now.Add(time.Hour).Unix())})
	usedUp := e.coupon(t, &stripe.CouponCreateParams{PercentOff: stripe.Float64(10), MaxRedemptions: stripe.Int64(1)})
	e.applyLegacy(t, e.customer(t, nil), "coupon="+usedUp.ID)
	expired := cpSeedCoupon(t, e.srv, now.Add(-2*time.Hour), &remit.CouponCreateParams{PercentOff: cpPtr(5.0), RedeemBy: cpPtr(now.Add(-time.Hour).Unix())})
	deleted := e.percentCoupon(t, 5)
	if _, err := e.sc.V1Coupons.Delete(e.ctx, deleted.ID, nil); err != nil {
		t.Fatal(err)
	}
	p := func(f func(*stripe.PromotionCodeCreateParams)) *stripe.PromotionCodeCreateParams {
		pc := &stripe.PromotionCodeCreateParams{Promotion: cpPromotion(c.ID)}
		f(pc)
		return pc
	}
	bad := func(param string) wantErr { return wantErr{status: 400, param: param} }
	tests := []struct {
		name string
		p    *stripe.PromotionCodeCreateParams
		want wantErr
	}{
		{"no promotion", &stripe.PromotionCodeCreateParams{}, wantErr{status: 400, code: "parameter_missing", param: "promotion"}},
		{"no coupon", p(func(pc *stripe.PromotionCodeCreateParams) { pc.Promotion.Coupon = nil }),
			wantErr{status: 400, code: "parameter_missing", param: "promotion[coupon]"}},
		{"no type", p(func(pc *stripe.PromotionCodeCreateParams) { pc.Promotion.Type = nil }),
			wantErr{status: 400, code: "parameter_missing", param: "promotion[type]"}},
		{"unknown type", p(func(pc *stripe.PromotionCodeCreateParams) { pc.Promotion.Type = stripe.String("product") }), bad("promotion[type]")},
		{"unknown coupon", p(func(pc *stripe.PromotionCodeCreateParams) { pc.Promotion.Coupon = stripe.String("nope") }),
			wantErr{status: 400, code: "resource_missing", param: "promotion[coupon]", msg: "No such coupon: 'nope'"}},
		{"deleted coupon", p(func(pc *stripe.PromotionCodeCreateParams) { pc.Promotion.Coupon = stripe.String(deleted.ID) }),
			wantErr{status: 400, code: "resource_missing", param: "promotion[coupon]"}},
		{"used-up coupon", p(func(pc *stripe.PromotionCodeCreateParams) { pc.Promotion.Coupon = stripe.String(usedUp.ID) }),
			wantErr{status: 400, code: "coupon_expired", param: "promotion[coupon]"}},
		{"expired coupon", p(func(pc *stripe.PromotionCodeCreateParams) { pc.Promotion.Coupon = stripe.String(expired) }),
			wantErr{status: 400, code: "coupon_expired", param: "promotion[coupon]"}},
		{"space in code", p(func(pc *stripe.PromotionCodeCreateParams) { pc.Code = stripe.String("SUMMER 10") }),
			wantErr{status: 400, code: "invalid_characters", param: "code"}},
		{"accent in code", p(func(pc *stripe.PromotionCodeCreateParams) { pc.Code = stripe.String("ÉTÉ") }),
			wantErr{status: 400, code: "invalid_characters", param: "code"}},
		{"underscore in code", p(func(pc *stripe.PromotionCodeCreateParams) { pc.Code = stripe.String("A_B") }),
			wantErr{status: 400, code: "invalid_characters", param: "code"}},
		{"code too long", p(func(pc *stripe.PromotionCodeCreateParams) { pc.Code = stripe.String(strings.Repeat("A", 501)) }), bad("code")},
		{"expires_at past", p(func(pc *stripe.PromotionCodeCreateParams) { pc.ExpiresAt = stripe.Int64(now.Add(-time.Minute).Unix()) }),
			wantErr{status: 400, param: "expires_at", msg: "in the past"}},
		{"expires_at after redeem_by", p(func(pc *stripe.PromotionCodeCreateParams) { pc.ExpiresAt = stripe.Int64(c.RedeemBy + 1) }),
			wantErr{status: 400, param: "expires_at", msg: "redeem_by"}},
		{"max_redemptions zero", p(func(pc *stripe.PromotionCodeCreateParams) { pc.MaxRedemptions = stripe.Int64(0) }),
			wantErr{status: 400, code: "parameter_invalid_integer", param: "max_redemptions"}},
		{"max_redemptions above the coupon's", p(func(pc *stripe.PromotionCodeCreateParams) { pc.MaxRedemptions = stripe.Int64(6) }),
			wantErr{status: 400, param: "max_redemptions", msg: "coupon's max_redemptions"}},
		{"unknown customer", p(func(pc *stripe.PromotionCodeCreateParams) { pc.Customer = stripe.String("cus_nope") }),
			wantErr{status: 400, code: "resource_missing", param: "customer", msg: "No such customer: 'cus_nope'"}},
		{"minimum_amount without currency", p(func(pc *stripe.PromotionCodeCreateParams) {
			pc.Restrictions = &stripe.PromotionCodeCreateRestrictionsParams{MinimumAmount: stripe.Int64(100)}
		}), wantErr{status: 400, code: "parameter_missing", param: "restrictions[minimum_amount_currency]"}},
		{"currency without minimum_amount", p(func(pc *stripe.PromotionCodeCreateParams) {
			pc.Restrictions = &stripe.PromotionCodeCreateRestrictionsParams{MinimumAmountCurrency: stripe.String("usd")}
		}), wantErr{status: 400, code: "parameter_missing", param: "restrictions[minimum_amount]"}},
		{"minimum_amount zero", p(func(pc *stripe.PromotionCodeCreateParams) {
			pc.Restrictions = &stripe.PromotionCodeCreateRestrictionsParams{MinimumAmount: stripe.Int64(0), MinimumAmountCurrency: stripe.String("usd")}
		}), wantErr{status: 400, code: "parameter_invalid_integer", param: "restrictions[minimum_amount]"}},
		{"unknown minimum_amount_currency", p(func(pc *stripe.PromotionCodeCreateParams) {
			pc.Restrictions = &stripe.PromotionCodeCreateRestrictionsParams{MinimumAmount: stripe.Int64(10), MinimumAmountCurrency: stripe.String("zzz")}
		}), bad("restrictions[minimum_amount_currency]")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.sc.V1PromotionCodes.Create(e.ctx, tc.p)
			e.checkErr(t, err, tc.want)
		})
	}
	t.Run("raw", func(t *testing.T) {
		e.rawErr(t, "", "POST", "/v1/promotion_codes", "coupon="+c.ID+"&promotion[type]=coupon&promotion[coupon]="+c.ID,
			wantErr{status: 400, code: "parameters_exclusive", param: "coupon"})
		e.rawErr(t, "", "POST", "/v1/promotion_codes", "coupon=nope", wantErr{status: 400, code: "resource_missing", param: "coupon"})
		e.rawErr(t, "", "POST", "/v1/promotion_codes", "coupon="+c.ID+"&customer_account=acct_x",
			wantErr{status: 400, code: "parameter_unknown", param: "customer_account"})
		e.rawErr(t, "", "POST", "/v1/promotion_codes", "coupon="+c.ID+"&restrictions[currency_options][eur][minimum_amount]=5",
			wantErr{status: 400, code: "parameter_unknown", param: "restrictions[currency_options]"})
		e.rawErr(t, "", "POST", "/v1/promotion_codes", "coupon="+c.ID+"&code=", wantErr{status: 400, code: "parameter_invalid_empty", param: "code"})
	})
	t.Run("the limits themselves are accepted", func(t *testing.T) {
		e.promo(t, &stripe.PromotionCodeCreateParams{Promotion: cpPromotion(c.ID), Code: stripe.String(strings.Repeat("A", 500)),
			ExpiresAt: stripe.Int64(c.RedeemBy), MaxRedemptions: stripe.Int64(5)})
	})
	t.Run("nothing else was stored", func(t *testing.T) {
		ids, more := e.listPromos(t, nil)
		if len(ids) != 1 || more {
			t.Errorf("promotion codes = %v", ids)
		}
	})
}

func TestPromotionCodeUniqueness(t *testing.T) {
	t.Parallel()
	e := newCPEnv(t)
	c := e.percentCoupon(t, 10)
	mk := func(code string, active bool) (*stripe.PromotionCode, error) {
		return e.sc.V1PromotionCodes.Create(e.ctx, &stripe.PromotionCodeCreateParams{Promotion: cpPromotion(c.ID), Code: stripe.String(code), Active: stripe.Bool(active)})
	}
	taken := wantErr{status: 400, param: "code", msg: "already exists"}
	a, err := mk("SPRING", true)
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"SPRING", "spring", "Spring"} {
		_, err := mk(code, true)
		e.checkErr(t, err, taken)
	}
	inactive, err := mk("spring", false)
	if err != nil {
		t.Fatalf("an inactive code may repeat an active one: %v", err)
	}
	if _, err := e.sc.V1PromotionCodes.Update(e.ctx, a.ID, &stripe.PromotionCodeUpdateParams{Active: stripe.Bool(false)}); err != nil {
		t.Fatal(err)
	}
	b, err := mk("sPrInG", true)
	if err != nil {
		t.Fatalf("code freed by deactivation: %v", err)
	}
	_, err = e.sc.V1PromotionCodes.Update(e.ctx, a.ID, &stripe.PromotionCodeUpdateParams{Active: stripe.Bool(true)})
	e.checkErr(t, err, taken)
	_, err = e.sc.V1PromotionCodes.Update(e.ctx, inactive.ID, &stripe.PromotionCodeUpdateParams{Active: stripe.Bool(true)})
	e.checkErr(t, err, taken)
	// Deleting the coupon deactivates its codes, which frees them.
	if _, err := e.sc.V1Coupons.Delete(e.ctx, c.ID, nil); err != nil {
		t.Fatal(err)
	}
	if got := e.retrievePromo(t, b.ID); got.Active {
		t.Errorf("code of a deleted coupon is active")
	}
	c2 := e.percentCoupon(t, 20)
	if _, err := e.sc.V1PromotionCodes.Create(e.ctx, &stripe.PromotionCodeCreateParams{Promotion: cpPromotion(c2.ID), Code: stripe.String("SPRING")}); err != nil {
		t.Errorf("code of a deleted coupon is still taken: %v", err)
	}
}

func TestPromotionCodeUpdate(t *testing.T) {
	t.Parallel()
	e := newCPEnv(t)
	c := e.coupon(t, &stripe.CouponCreateParams{PercentOff: stripe.Float64(10), MaxRedemptions: stripe.Int64(1)})
	pc := e.promo(t, &stripe.PromotionCodeCreateParams{Promotion: cpPromotion(c.ID), Metadata: map[string]string{"a": "1", "b": "2"}})

	u, err := e.sc.V1PromotionCodes.Update(e.ctx, pc.ID, &stripe.PromotionCodeUpdateParams{Active: stripe.Bool(false), Metadata: map[string]string{"a": "", "c": "3"}})
	if err != nil {
		t.Fatal(err)
	}
	e.spec.Check(t, "promotion_code", u.LastResponse.RawJSON)
	if u.Active || len(u.Metadata) != 2 || u.Metadata["c"] != "3" || u.Code != pc.Code {
		t.Errorf("updated = %+v", u)
	}
	if got := e.retrievePromo(t, pc.ID); got.Active {
		t.Errorf("retrieved active after deactivation")
	}
	u, err = e.sc.V1PromotionCodes.Update(e.ctx, pc.ID, &stripe.PromotionCodeUpdateParams{Active: stripe.Bool(true)})
	if err != nil || !u.Active {
		t.Fatalf("reactivate: %+v %v", u, err)
	}
	for _, body := range []string{"code=X", "max_redemptions=1", "expires_at=2000000000", "customer=cus_x", "coupon=" + c.ID} {
		param, _, _ := strings.Cut(body, "=")
		e.rawErr(t, "", "POST", "/v1/promotion_codes/"+pc.ID, body, wantErr{status: 400, code: "parameter_unknown", param: param})
	}
	e.rawErr(t, "", "POST", "/v1/promotion_codes/promo_nope", "active=false",
		wantErr{status: 404, code: "resource_missing", param: "id", msg: "No such promotion code: 'promo_nope'"})
	e.rawErr(t, "", "GET", "/v1/promotion_codes/promo_nope", "",
		wantErr{status: 404, code: "resource_missing", param: "id", msg: "No such promotion code: 'promo_nope'"})

	// A code shows active only while its coupon is valid.
	e.applyLegacy(t, e.customer(t, nil), "coupon="+c.ID)
	if got := e.retrievePromo(t, pc.ID); got.Active {
		t.Errorf("code of a used-up coupon is active")
	}
	ids, more := e.listPromos(t, &stripe.PromotionCodeListParams{Active: stripe.Bool(true)})
	cpWantIDs(t, "active", ids, more, nil, false)
	ids, more = e.listPromos(t, &stripe.PromotionCodeListParams{Active: stripe.Bool(false)})
	cpWantIDs(t, "inactive", ids, more, []string{pc.ID}, false)
	if _, err := e.sc.V1PromotionCodes.Update(e.ctx, pc.ID, &stripe.PromotionCodeUpdateParams{Active: stripe.Bool(false)}); err != nil {
		t.Fatal(err)
	}
	_, err = e.sc.V1PromotionCodes.Update(e.ctx, pc.ID, &stripe.PromotionCodeUpdateParams{Active: stripe.Bool(true)})
	e.checkErr(t, err, wantErr{status: 400, code: "coupon_expired", param: "active", msg: "cannot be reactivated"})

	t.Run("deleted coupon", func(t *testing.T) {
		c := e.percentCoupon(t, 5)
		pc := e.promo(t, &stripe.PromotionCodeCreateParams{Promotion: cpPromotion(c.ID)})
		if _, err := e.sc.V1Coupons.Delete(e.ctx, c.ID, nil); err != nil {
			t.Fatal(err)
		}
		if got := e.retrievePromo(t, pc.ID); got.Active || got.Promotion.Coupon.ID != c.ID {
			t.Errorf("code of a deleted coupon = %+v", got)
		}
		_, err := e.sc.V1PromotionCodes.Update(e.ctx, pc.ID, &stripe.PromotionCodeUpdateParams{Active: stripe.Bool(true)})
		e.checkErr(t, err, wantErr{status: 400, code: "coupon_expired", param: "active"})
		// Metadata can still change.
		if _, err := e.sc.V1PromotionCodes.Update(e.ctx, pc.ID, &stripe.PromotionCodeUpdateParams{Metadata: map[string]string{"k": "v"}}); err != nil {
			t.Error(err)
		}
	})
}

func TestPromotionCodeList(t *testing.T) {
	t.Parallel()
	e := newCPEnv(t)
	c1, c2 := e.percentCoupon(t, 10), e.percentCoupon(t, 20)
	x := e.customer(t, nil)
	mk := func(coupon, code string, f func(*stripe.PromotionCodeCreateParams)) string {
		p := &stripe.PromotionCodeCreateParams{Promotion: cpPromotion(coupon), Code: stripe.String(code)}
		if f != nil {
			f(p)
		}
		return e.promo(t, p).ID
	}
	p1 := mk(c1.ID, "ALPHA", nil)
	p2 := mk(c2.ID, "beta", func(p *stripe.PromotionCodeCreateParams) { p.Customer = stripe.String(x) })
	p3 := mk(c1.ID, "GAMMA", func(p *stripe.PromotionCodeCreateParams) { p.Active = stripe.Bool(false) })
	p4 := mk(c2.ID, "Delta", nil)

	tests := []struct {
		name string
		p    *stripe.PromotionCodeListParams
		want []string
		more bool
	}{
		{"all", nil, []string{p4, p3, p2, p1}, false},
		{"code, other case", &stripe.PromotionCodeListParams{Code: stripe.String("alpha")}, []string{p1}, false},
		{"code, upper case", &stripe.PromotionCodeListParams{Code: stripe.String("BETA")}, []string{p2}, false},
		{"unknown code", &stripe.PromotionCodeListParams{Code: stripe.String("nope")}, nil, false},
		{"coupon", &stripe.PromotionCodeListParams{Coupon: stripe.String(c1.ID)}, []string{p3, p1}, false},
		{"customer", &stripe.PromotionCodeListParams{Customer: stripe.String(x)}, []string{p2}, false},
		{"active", &stripe.PromotionCodeListParams{Active: stripe.Bool(true)}, []string{p4, p2, p1}, false},
		{"inactive", &stripe.PromotionCodeListParams{Active: stripe.Bool(false)}, []string{p3}, false},
		{"coupon and active", &stripe.PromotionCodeListParams{Coupon: stripe.String(c1.ID), Active: stripe.Bool(true)}, []string{p1}, false},
		{"limit", &stripe.PromotionCodeListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(2)}}, []string{p4, p3}, true},
		{"starting_after", &stripe.PromotionCodeListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(2), StartingAfter: stripe.String(p3)}}, []string{p2, p1}, false},
		{"ending_before", &stripe.PromotionCodeListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(2), EndingBefore: stripe.String(p1)}}, []string{p3, p2}, true},
		{"coupon with cursor", &stripe.PromotionCodeListParams{Coupon: stripe.String(c2.ID), ListParams: stripe.ListParams{StartingAfter: stripe.String(p4)}}, []string{p2}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ids, more := e.listPromos(t, tc.p)
			if tc.p != nil && tc.p.EndingBefore != nil {
				ids = reversed(ids) // stripe-go hands the page over oldest first
			}
			cpWantIDs(t, tc.name, ids, more, tc.want, tc.more)
		})
	}
	t.Run("errors", func(t *testing.T) {
		p := &stripe.PromotionCodeListParams{}
		p.Single = true
		p.StartingAfter = stripe.String("promo_nope")
		e.checkErr(t, e.sc.V1PromotionCodes.List(e.ctx, p).Err(),
			wantErr{status: 400, code: "resource_missing", param: "starting_after", msg: "No such promotion code: 'promo_nope'"})
		e.rawErr(t, "", "GET", "/v1/promotion_codes?active=yes", "", wantErr{status: 400, param: "active"})
		e.rawErr(t, "", "GET", "/v1/promotion_codes?customer_account=acct_x", "", wantErr{status: 400, code: "parameter_unknown", param: "customer_account"})
	})
	t.Run("before clover", func(t *testing.T) {
		b := e.ok(t, cpLegacy, "GET", "/v1/promotion_codes?coupon="+c1.ID, "")
		e.checkLegacyList(t, "promotion_code", b)
	})
	t.Run("created", func(t *testing.T) {
		e := newCPEnv(t)
		c := e.percentCoupon(t, 10)
		t0 := time.Now().Add(-time.Hour).Truncate(time.Second)
		var ids []string
		for i := range 3 {
			ids = append(ids, cpSeedPromo(t, e.srv, t0.Add(time.Duration(i)*10*time.Second),
				&remit.PromotionCodeCreateParams{Promotion: &remit.PromotionParams{Type: "coupon", Coupon: &c.ID}}))
		}
		got, more := e.listPromos(t, &stripe.PromotionCodeListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThanOrEqual: t0.Unix() + 10}})
		cpWantIDs(t, "created[gte]", got, more, []string{ids[2], ids[1]}, false)
		got, more = e.listPromos(t, &stripe.PromotionCodeListParams{Created: stripe.Int64(t0.Unix())})
		cpWantIDs(t, "created", got, more, []string{ids[0]}, false)
	})
}

func TestPromotionCodeRedeem(t *testing.T) {
	t.Parallel()
	e := newCPEnv(t)
	now := time.Now()
	c := e.coupon(t, &stripe.CouponCreateParams{PercentOff: stripe.Float64(15), MaxRedemptions: stripe.Int64(10)})
	a, b := e.customer(t, nil), e.customer(t, nil)

	once := e.promo(t, &stripe.PromotionCodeCreateParams{Promotion: cpPromotion(c.ID), MaxRedemptions: stripe.Int64(1)})
	m := e.applyLegacy(t, a, "promotion_code="+once.ID)
	d := cpMap(t, m["discount"], "discount")
	if d["promotion_code"] != once.ID || cpMap(t, d["coupon"], "coupon")["id"] != c.ID {
		t.Errorf("discount = %v", d)
	}
	if got := e.retrieveCustomer(t, a); got.Discount.PromotionCode == nil || got.Discount.PromotionCode.ID != once.ID || got.Discount.Source.Coupon.ID != c.ID {
		t.Errorf("clover discount = %+v", got.Discount)
	}
	if got := e.retrievePromo(t, once.ID); got.TimesRedeemed != 1 {
		t.Errorf("promotion code times_redeemed = %d, want 1", got.TimesRedeemed)
	}
	if got := e.retrieveCoupon(t, c.ID); got.TimesRedeemed != 1 {
		t.Errorf("coupon times_redeemed = %d, want 1", got.TimesRedeemed)
	}
	refused := func(msg string) wantErr { return wantErr{status: 400, param: "promotion_code", msg: msg} }
	e.rawErr(t, cpLegacy, "POST", "/v1/customers/"+b, "promotion_code="+once.ID, refused("max_redemptions"))

	t.Run("restricted to a customer", func(t *testing.T) {
		pc := e.promo(t, &stripe.PromotionCodeCreateParams{Promotion: cpPromotion(c.ID), Customer: stripe.String(a)})
		e.rawErr(t, cpLegacy, "POST", "/v1/customers/"+b, "promotion_code="+pc.ID, refused("another customer"))
		e.rawErr(t, cpLegacy, "POST", "/v1/customers", "promotion_code="+pc.ID, refused("another customer"))
		e.applyLegacy(t, a, "promotion_code="+pc.ID)
	})
	t.Run("inactive", func(t *testing.T) {
		pc := e.promo(t, &stripe.PromotionCodeCreateParams{Promotion: cpPromotion(c.ID), Active: stripe.Bool(false)})
		e.rawErr(t, cpLegacy, "POST", "/v1/customers/"+b, "promotion_code="+pc.ID, refused("inactive"))
	})
	t.Run("expired", func(t *testing.T) {
		id := cpSeedPromo(t, e.srv, now.Add(-2*time.Hour), &remit.PromotionCodeCreateParams{
			Promotion: &remit.PromotionParams{Type: "coupon", Coupon: &c.ID}, ExpiresAt: cpPtr(now.Add(-time.Hour).Unix())})
		e.rawErr(t, cpLegacy, "POST", "/v1/customers/"+b, "promotion_code="+id, refused("expired"))
		ahead := e.promo(t, &stripe.PromotionCodeCreateParams{Promotion: cpPromotion(c.ID), ExpiresAt: stripe.Int64(time.Now().Add(time.Minute).Unix())})
		e.applyLegacy(t, b, "promotion_code="+ahead.ID)
	})
	t.Run("unknown", func(t *testing.T) {
		e.rawErr(t, cpLegacy, "POST", "/v1/customers/"+b, "promotion_code=promo_nope",
			wantErr{status: 400, code: "resource_missing", param: "promotion_code", msg: "No such promotion code: 'promo_nope'"})
	})
	t.Run("coupon no longer valid", func(t *testing.T) {
		single := e.coupon(t, &stripe.CouponCreateParams{PercentOff: stripe.Float64(5), MaxRedemptions: stripe.Int64(1)})
		pc := e.promo(t, &stripe.PromotionCodeCreateParams{Promotion: cpPromotion(single.ID)})
		e.applyLegacy(t, a, "coupon="+single.ID)
		e.rawErr(t, cpLegacy, "POST", "/v1/customers/"+b, "promotion_code="+pc.ID,
			wantErr{status: 400, code: "coupon_expired", param: "promotion_code"})
		if got := e.retrievePromo(t, pc.ID); got.TimesRedeemed != 0 || got.Active {
			t.Errorf("promotion code = %+v, want unredeemed and inactive", got)
		}
	})
}

func TestDiscountExpand(t *testing.T) {
	t.Parallel()
	e := newCPEnv(t)
	c := e.percentCoupon(t, 30)
	pc := e.promo(t, &stripe.PromotionCodeCreateParams{Promotion: cpPromotion(c.ID), Code: stripe.String("EXPAND")})
	cus := e.customer(t, nil)
	e.applyLegacy(t, cus, "promotion_code="+pc.ID)

	p := &stripe.CustomerRetrieveParams{}
	p.AddExpand("discount.source.coupon")
	p.AddExpand("discount.promotion_code")
	got, err := e.sc.V1Customers.Retrieve(e.ctx, cus, p)
	if err != nil {
		t.Fatal(err)
	}
	e.spec.Check(t, "customer", got.LastResponse.RawJSON)
	if got.Discount.Source.Coupon.PercentOff != 30 || !got.Discount.Source.Coupon.Valid || got.Discount.PromotionCode.Code != "EXPAND" {
		t.Errorf("expanded discount = %+v", got.Discount)
	}

	b := e.ok(t, "", "GET", "/v1/customers?expand[]=data.discount.source.coupon&expand[]=data.discount.promotion_code.promotion.coupon", "")
	e.spec.CheckList(t, "customer", b)
	item := cpMap(t, jsonObject(t, b)["data"].([]any)[0], "data[0]")
	d := cpMap(t, item["discount"], "discount")
	if cpMap(t, cpMap(t, d["source"], "source")["coupon"], "coupon")["id"] != c.ID ||
		cpMap(t, cpMap(t, cpMap(t, d["promotion_code"], "promotion_code")["promotion"], "promotion")["coupon"], "coupon")["id"] != c.ID {
		t.Errorf("list discount = %v", d)
	}

	b = e.ok(t, "", "GET", "/v1/customers/"+cus+"/discount?expand[]=source.coupon&expand[]=promotion_code&expand[]=customer", "")
	e.spec.Check(t, "discount", b)
	d = jsonObject(t, b)
	if cpMap(t, d["customer"], "customer")["id"] != cus || cpMap(t, d["promotion_code"], "promotion_code")["code"] != "EXPAND" {
		t.Errorf("expanded discount = %v", d)
	}

	b = e.ok(t, "", "GET", "/v1/promotion_codes/"+pc.ID+"?expand[]=promotion.coupon", "")
	e.spec.Check(t, "promotion_code", b)
	if cc := cpMap(t, cpMap(t, jsonObject(t, b)["promotion"], "promotion")["coupon"], "coupon"); cc["id"] != c.ID || cc["times_redeemed"] != 1.0 {
		t.Errorf("expanded coupon = %v", cc)
	}
	restricted := e.promo(t, &stripe.PromotionCodeCreateParams{Promotion: cpPromotion(c.ID), Customer: stripe.String(cus)})
	b = e.ok(t, "", "GET", "/v1/promotion_codes?expand[]=data.customer&expand[]=data.promotion.coupon&customer="+cus, "")
	e.spec.CheckList(t, "promotion_code", b)
	if pcs := jsonObject(t, b)["data"].([]any); len(pcs) != 1 || cpMap(t, cpMap(t, pcs[0], "data[0]")["customer"], "customer")["id"] != cus {
		t.Errorf("list = %v (restricted %s)", pcs, restricted.ID)
	}

	t.Run("before clover", func(t *testing.T) {
		b := e.ok(t, cpLegacy, "GET", "/v1/customers/"+cus+"?expand[]=discount.promotion_code", "")
		e.checkLegacy(t, "customer", b)
		promo := cpMap(t, cpMap(t, jsonObject(t, b)["discount"], "discount")["promotion_code"], "promotion_code")
		if promo["code"] != "EXPAND" || cpMap(t, promo["coupon"], "coupon")["id"] != c.ID {
			t.Errorf("legacy expanded promotion code = %v", promo)
		}
		b = e.ok(t, cpLegacy, "GET", "/v1/customers?expand[]=data.discount.customer", "")
		e.checkLegacyList(t, "customer", b)
		cannot := wantErr{status: 400, param: "expand", msg: "cannot be expanded"}
		e.rawErr(t, cpLegacy, "GET", "/v1/customers/"+cus+"?expand[]=discount.source.coupon", "", cannot)
		e.rawErr(t, cpLegacy, "GET", "/v1/customers/"+cus+"?expand[]=discount.coupon", "", cannot)
		e.rawErr(t, cpLegacy, "GET", "/v1/promotion_codes/"+pc.ID+"?expand[]=promotion.coupon", "", cannot)
	})
	t.Run("idempotent replays keep the shape", func(t *testing.T) {
		x := e.customer(t, nil)
		body := "coupon=" + c.ID
		key := "cp-" + strconv.FormatInt(time.Now().UnixNano(), 36)
		first := e.rawOK(t, "POST", "/v1/customers/"+x, body, "Stripe-Version", cpLegacy, "Idempotency-Key", key)
		second := e.rawOK(t, "POST", "/v1/customers/"+x, body, "Stripe-Version", cpLegacy, "Idempotency-Key", key)
		if !bytes.Equal(first, second) {
			t.Errorf("replay: %s\n%s", first, second)
		}
		if got := e.retrieveCoupon(t, c.ID); got.TimesRedeemed != 2 {
			t.Errorf("times_redeemed = %d after a replay, want 2", got.TimesRedeemed)
		}
	})
}
