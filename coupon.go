package remit

import (
	"context"
	"errors"
	"time"
)

// Coupon durations: how long a discount made from the coupon lasts.
const (
	DurationOnce      = "once"
	DurationRepeating = "repeating"
	DurationForever   = "forever"
)

// Coupon limits that Stripe documents.
const (
	// MaxRedeemByYears is how far ahead redeem_by may be.
	MaxRedeemByYears = 5
	// MaxDurationInMonths bounds a repeating coupon. Stripe states no
	// bound; remit's keeps every discount end date a plain timestamp.
	MaxDurationInMonths = 1200
)

// Coupon is Stripe's coupon object: a percent-off or amount-off discount
// that customers (and later subscriptions and invoices) redeem. Ids are
// chosen by the caller or generated.
type Coupon struct {
	ID               string            `json:"id"`
	Object           string            `json:"object"`
	AmountOff        *int64            `json:"amount_off"`
	Created          int64             `json:"created"`
	Currency         *string           `json:"currency"`
	Duration         string            `json:"duration"`
	DurationInMonths *int64            `json:"duration_in_months"`
	Livemode         bool              `json:"livemode"`
	MaxRedemptions   *int64            `json:"max_redemptions"`
	Metadata         map[string]string `json:"metadata"`
	Name             *string           `json:"name"`
	PercentOff       *float64          `json:"percent_off"`
	RedeemBy         *int64            `json:"redeem_by"`
	TimesRedeemed    int64             `json:"times_redeemed"`
	// Valid is computed whenever the service hands a coupon out (see
	// ValidAt); the stored value means nothing.
	Valid bool `json:"valid"`

	// Deleted is true once the coupon was deleted: it can no longer be
	// retrieved or redeemed, but discounts made from it keep showing it.
	Deleted bool `json:"-"`
	// CreatedNano orders lists within one second; storage detail.
	CreatedNano int64 `json:"-"`
}

// ValidAt reports whether the coupon can be redeemed at t: it is not
// deleted, redeem_by has not passed and max_redemptions is not reached.
// The store's promotion code filter on active repeats this rule in SQL.
func (c *Coupon) ValidAt(t time.Time) bool {
	return !c.Deleted &&
		(c.RedeemBy == nil || t.Unix() <= *c.RedeemBy) &&
		(c.MaxRedemptions == nil || c.TimesRedeemed < *c.MaxRedemptions)
}

// DeletedCoupon is what deleting a coupon returns.
type DeletedCoupon struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Deleted bool   `json:"deleted"`
}

// CouponCreateParams are the parameters of POST /v1/coupons.
type CouponCreateParams struct {
	AmountOff        *int64   `form:"amount_off"`
	Currency         *string  `form:"currency,max=3"`
	Duration         *string  `form:"duration,enum=forever|once|repeating"`
	DurationInMonths *int64   `form:"duration_in_months"`
	ID               *string  `form:"id,max=5000"`
	MaxRedemptions   *int64   `form:"max_redemptions"`
	Metadata         Metadata `form:"metadata"`
	Name             *string  `form:"name,max=40"`
	PercentOff       *float64 `form:"percent_off"`
	RedeemBy         *int64   `form:"redeem_by"`

	// AmountOffForever is set by the API layer for API versions before
	// 2025-03-31.basil, which still create amount_off coupons of
	// duration forever; later versions refuse them. It is not a parameter.
	AmountOffForever bool
}

// CouponUpdateParams are the parameters of POST /v1/coupons/{coupon}: all
// else of a coupon is immutable.
type CouponUpdateParams struct {
	Metadata Metadata `form:"metadata"`
	Name     *string  `form:"name,max=40"`
}

// CouponListParams are the parameters of GET /v1/coupons.
type CouponListParams struct {
	ListParams
}

// CouponFilter selects coupons for ListCoupons.
type CouponFilter struct {
	Page
}

// couponIDLength is the length of generated coupon ids, as on Stripe.
const couponIDLength = 8

// CreateCoupon validates p and stores a new coupon in scope s. A taken id,
// deleted coupons' included, is a resource_already_exists error.
func (svc *Service) CreateCoupon(ctx context.Context, tx Tx, s Scope, p *CouponCreateParams) (*Coupon, error) {
	now := svc.Now()
	c := &Coupon{
		Object:      "coupon",
		Created:     now.Unix(),
		CreatedNano: now.UnixNano(),
		Duration:    DurationOnce,
		Livemode:    s.Livemode,
	}
	switch {
	case p.PercentOff != nil && p.AmountOff != nil:
		return nil, Errorf("parameters_exclusive", "percent_off", "You may only specify one of these parameters: amount_off, percent_off.")
	case p.PercentOff != nil:
		if v := *p.PercentOff; !(v > 0 && v <= 100) {
			return nil, Errorf("", "percent_off", "Invalid percent_off: must be greater than 0 and at most 100.")
		}
		if p.Currency != nil {
			return nil, Errorf("", "currency", "A currency can only be set on an amount_off coupon.")
		}
		c.PercentOff = p.PercentOff
	case p.AmountOff != nil:
		if *p.AmountOff <= 0 {
			return nil, Errorf("parameter_invalid_integer", "amount_off", "Invalid amount_off: must be a positive integer.")
		}
		if *p.AmountOff > MaxBalance {
			return nil, Errorf("parameter_invalid_integer", "amount_off", "Invalid amount_off: must be at most %d.", int64(MaxBalance))
		}
		if p.Currency == nil {
			return nil, Errorf("parameter_missing", "currency", "Missing required param: currency. An amount_off coupon needs a currency.")
		}
		cur, err := ParseCurrency(*p.Currency, "currency")
		if err != nil {
			return nil, err
		}
		c.AmountOff, c.Currency = p.AmountOff, &cur
	default:
		return nil, Errorf("parameter_missing", "percent_off", "Missing required param: percent_off or amount_off. A coupon takes off either a percentage or an amount.")
	}

	if p.Duration != nil {
		c.Duration = *p.Duration
	}
	switch {
	case c.Duration == DurationRepeating && p.DurationInMonths == nil:
		return nil, Errorf("parameter_missing", "duration_in_months", "Missing required param: duration_in_months. It is required when duration is repeating.")
	case c.Duration != DurationRepeating && p.DurationInMonths != nil:
		return nil, Errorf("", "duration_in_months", "duration_in_months can only be set when duration is repeating.")
	case p.DurationInMonths != nil:
		if m := *p.DurationInMonths; m < 1 || m > MaxDurationInMonths {
			return nil, Errorf("parameter_invalid_integer", "duration_in_months", "Invalid duration_in_months: must be between 1 and %d.", MaxDurationInMonths)
		}
		c.DurationInMonths = p.DurationInMonths
	}
	if c.AmountOff != nil && c.Duration == DurationForever && !p.AmountOffForever {
		return nil, Errorf("", "duration", "Coupons with amount_off can no longer have duration forever (since API version 2025-03-31.basil). Use once or repeating.")
	}

	if p.MaxRedemptions != nil {
		if *p.MaxRedemptions < 1 {
			return nil, Errorf("parameter_invalid_integer", "max_redemptions", "Invalid max_redemptions: must be a positive integer.")
		}
		c.MaxRedemptions = p.MaxRedemptions
	}
	if p.RedeemBy != nil {
		rb := *p.RedeemBy
		if rb <= now.Unix() {
			return nil, Errorf("", "redeem_by", "Invalid redeem_by: %d is in the past; it must be a time in the future.", rb)
		}
		if limit := now.AddDate(MaxRedeemByYears, 0, 0).Unix(); rb > limit {
			return nil, Errorf("", "redeem_by", "Invalid redeem_by: it can be at most %d years in the future (%d).", MaxRedeemByYears, limit)
		}
		c.RedeemBy = p.RedeemBy
	}
	c.Name = p.Name
	md, err := ApplyMetadata(nil, p.Metadata)
	if err != nil {
		return nil, err
	}
	c.Metadata = md

	if p.ID != nil {
		c.ID = *p.ID
	} else {
		for {
			c.ID = RandomString(couponIDLength, base62)
			if _, err := tx.FindCoupon(ctx, s, c.ID); errors.Is(err, ErrNotFound) {
				break
			} else if err != nil {
				return nil, err
			}
		}
	}
	if err := tx.InsertCoupon(ctx, s, c); err != nil {
		return nil, err
	}
	return svc.showCoupon(c), nil
}

// Coupon returns a coupon that is not deleted; a deleted coupon answers
// resource_missing like one that never existed.
func (svc *Service) Coupon(ctx context.Context, tx Tx, s Scope, id string) (*Coupon, error) {
	c, err := tx.FindCoupon(ctx, s, id)
	if err == nil && c.Deleted {
		err = ErrNotFound
	}
	if err != nil {
		return nil, notFound(err, "coupon", id)
	}
	return svc.showCoupon(c), nil
}

// AppliedCoupon returns a coupon as a discount shows it: deleted coupons
// too (then not valid), since discounts made from them keep working.
func (svc *Service) AppliedCoupon(ctx context.Context, tx Tx, s Scope, id string) (*Coupon, error) {
	c, err := tx.FindCoupon(ctx, s, id)
	if err != nil {
		return nil, notFound(err, "coupon", id)
	}
	return svc.showCoupon(c), nil
}

// UpdateCoupon changes a coupon's name and metadata.
func (svc *Service) UpdateCoupon(ctx context.Context, tx Tx, s Scope, id string, p *CouponUpdateParams) (*Coupon, error) {
	c, err := svc.Coupon(ctx, tx, s, id)
	if err != nil {
		return nil, err
	}
	if p.Name != nil {
		c.Name = p.Name
	}
	if c.Metadata, err = ApplyMetadata(c.Metadata, p.Metadata); err != nil {
		return nil, err
	}
	if err := tx.UpdateCoupon(ctx, s, c); err != nil {
		return nil, err
	}
	return svc.showCoupon(c), nil
}

// DeleteCoupon deletes a coupon for new redemptions: discounts already
// made from it keep working, and its promotion codes become inactive.
func (svc *Service) DeleteCoupon(ctx context.Context, tx Tx, s Scope, id string) (*DeletedCoupon, error) {
	c, err := svc.Coupon(ctx, tx, s, id)
	if err != nil {
		return nil, err
	}
	c.Deleted = true
	if err := tx.UpdateCoupon(ctx, s, c); err != nil {
		return nil, err
	}
	if err := tx.DeactivatePromotionCodes(ctx, s, c.ID); err != nil {
		return nil, err
	}
	return &DeletedCoupon{ID: c.ID, Object: "coupon", Deleted: true}, nil
}

// ListCoupons returns one page of the coupons that are not deleted.
func (svc *Service) ListCoupons(ctx context.Context, tx Tx, s Scope, p *CouponListParams) ([]*Coupon, bool, error) {
	page, err := p.ListParams.Page()
	if err != nil {
		return nil, false, err
	}
	items, more, err := tx.ListCoupons(ctx, s, CouponFilter{Page: page})
	for _, c := range items {
		svc.showCoupon(c)
	}
	return items, more, err
}

// showCoupon sets the computed valid field of c and returns c.
func (svc *Service) showCoupon(c *Coupon) *Coupon {
	c.Valid = c.ValidAt(svc.Now())
	return c
}

// redeemableCoupon loads the coupon a redemption names in param: unknown
// or deleted is resource_missing, no longer valid is coupon_expired.
func (svc *Service) redeemableCoupon(ctx context.Context, tx Tx, s Scope, id, param string) (*Coupon, error) {
	c, err := tx.FindCoupon(ctx, s, id)
	if err == nil && c.Deleted {
		err = ErrNotFound
	}
	if err != nil {
		return nil, missingParam(err, "coupon", param, id)
	}
	if !c.ValidAt(svc.Now()) {
		return nil, couponExpired(c.ID, param)
	}
	return svc.showCoupon(c), nil
}

func couponExpired(id, param string) error {
	return Errorf("coupon_expired", param, "The coupon %s can no longer be redeemed: its redeem_by date has passed or it reached its max_redemptions.", truncated(id))
}
