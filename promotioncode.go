package remit

import (
	"context"
	"regexp"
	"strings"
)

// PrefixPromotionCode is the id prefix of promotion codes.
const PrefixPromotionCode = "promo_"

// PromotionCode is Stripe's promotion_code object: a customer-facing code
// for a coupon, with its own restrictions. It is stored in the shape of
// API versions from 2025-09-30.clover on (promotion.coupon); the API layer
// shows older versions a top-level coupon object instead.
type PromotionCode struct {
	ID     string `json:"id"`
	Object string `json:"object"`
	// Active is the flag the code was given. The service shows a code
	// active only while its coupon is also valid; the store keeps the flag.
	Active          bool                      `json:"active"`
	Code            string                    `json:"code"`
	Created         int64                     `json:"created"`
	Customer        *string                   `json:"customer"`
	CustomerAccount *string                   `json:"customer_account"`
	ExpiresAt       *int64                    `json:"expires_at"`
	Livemode        bool                      `json:"livemode"`
	MaxRedemptions  *int64                    `json:"max_redemptions"`
	Metadata        map[string]string         `json:"metadata"`
	Promotion       Promotion                 `json:"promotion"`
	Restrictions    PromotionCodeRestrictions `json:"restrictions"`
	TimesRedeemed   int64                     `json:"times_redeemed"`

	CreatedNano int64 `json:"-"`
}

// Promotion is what a promotion code promotes: always a coupon so far.
type Promotion struct {
	Type   string  `json:"type"`
	Coupon *string `json:"coupon"`
}

// PromotionCodeRestrictions limit who may redeem a promotion code and on
// what. remit has no payments or invoices yet, so every customer is a
// first-time customer and no order amount exists to compare.
type PromotionCodeRestrictions struct {
	FirstTimeTransaction  bool    `json:"first_time_transaction"`
	MinimumAmount         *int64  `json:"minimum_amount"`
	MinimumAmountCurrency *string `json:"minimum_amount_currency"`
}

// PromotionCodeCreateParams are the parameters of POST /v1/promotion_codes.
// The coupon is promotion[coupon], or the top-level coupon of API versions
// before 2025-09-30.clover; both are accepted in every version.
type PromotionCodeCreateParams struct {
	Active         *bool                            `form:"active"`
	Code           *string                          `form:"code,max=500"`
	Coupon         *string                          `form:"coupon,max=5000"`
	Customer       *string                          `form:"customer,max=5000"`
	ExpiresAt      *int64                           `form:"expires_at"`
	MaxRedemptions *int64                           `form:"max_redemptions"`
	Metadata       Metadata                         `form:"metadata"`
	Promotion      *PromotionParams                 `form:"promotion"`
	Restrictions   *PromotionCodeRestrictionsParams `form:"restrictions"`
}

// PromotionParams are the parameters under promotion.
type PromotionParams struct {
	Coupon *string `form:"coupon,max=5000"`
	Type   string  `form:"type,required,enum=coupon"`
}

// PromotionCodeRestrictionsParams are the parameters under restrictions.
type PromotionCodeRestrictionsParams struct {
	FirstTimeTransaction  *bool   `form:"first_time_transaction"`
	MinimumAmount         *int64  `form:"minimum_amount"`
	MinimumAmountCurrency *string `form:"minimum_amount_currency,max=3"`
}

// PromotionCodeUpdateParams are the parameters of
// POST /v1/promotion_codes/{promotion_code}.
type PromotionCodeUpdateParams struct {
	Active   *bool    `form:"active"`
	Metadata Metadata `form:"metadata"`
}

// PromotionCodeListParams are the parameters of GET /v1/promotion_codes.
type PromotionCodeListParams struct {
	ListParams
	Active   *bool   `form:"active"`
	Code     *string `form:"code,max=5000"`
	Coupon   *string `form:"coupon,max=5000"`
	Customer *string `form:"customer,max=5000"`
}

// PromotionCodeFilter selects promotion codes for ListPromotionCodes.
type PromotionCodeFilter struct {
	Page
	// Active selects codes that are shown active (the flag set and the
	// coupon valid at ValidAt, a Unix time) or, when false, the others.
	Active   *bool
	ValidAt  int64
	Code     *string // compared case-insensitively
	Coupon   *string
	Customer *string
}

// Promotion code limits.
const (
	// codeLength is the length of generated codes.
	codeLength   = 8
	codeAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)

var codePattern = regexp.MustCompile(`^[a-zA-Z0-9-]+$`)

// FoldCode is the form in which codes are compared: codes are ASCII, and
// unique regardless of case among the active codes of a scope.
func FoldCode(code string) string { return strings.ToLower(code) }

// CreatePromotionCode validates p and stores a new promotion code for a
// valid coupon. An active code must not equal (regardless of case) another
// active code of the scope.
func (svc *Service) CreatePromotionCode(ctx context.Context, tx Tx, s Scope, p *PromotionCodeCreateParams) (*PromotionCode, error) {
	couponID, param, err := promotionCoupon(p)
	if err != nil {
		return nil, err
	}
	coupon, err := svc.redeemableCoupon(ctx, tx, s, couponID, param)
	if err != nil {
		return nil, err
	}
	now := svc.Now()
	pc := &PromotionCode{
		ID:          svc.IDs.NewID(PrefixPromotionCode, 24),
		Object:      "promotion_code",
		Active:      true,
		Created:     now.Unix(),
		CreatedNano: now.UnixNano(),
		Livemode:    s.Livemode,
		Promotion:   Promotion{Type: "coupon", Coupon: &coupon.ID},
	}
	if p.Active != nil {
		pc.Active = *p.Active
	}
	if p.Customer != nil {
		c, err := tx.FindCustomer(ctx, s, *p.Customer)
		if err == nil && c.Deleted {
			err = ErrNotFound
		}
		if err != nil {
			return nil, missingParam(err, "customer", "customer", *p.Customer)
		}
		pc.Customer = &c.ID
	}
	if p.ExpiresAt != nil {
		at := *p.ExpiresAt
		if at <= now.Unix() {
			return nil, Errorf("", "expires_at", "Invalid expires_at: %d is in the past; it must be a time in the future.", at)
		}
		if coupon.RedeemBy != nil && at > *coupon.RedeemBy {
			return nil, Errorf("", "expires_at", "The promotion code's expires_at (%d) cannot be after its coupon's redeem_by (%d).", at, *coupon.RedeemBy)
		}
		pc.ExpiresAt = p.ExpiresAt
	}
	if p.MaxRedemptions != nil {
		if *p.MaxRedemptions < 1 {
			return nil, Errorf("parameter_invalid_integer", "max_redemptions", "Invalid max_redemptions: must be a positive integer.")
		}
		if coupon.MaxRedemptions != nil && *p.MaxRedemptions > *coupon.MaxRedemptions {
			return nil, Errorf("", "max_redemptions", "The promotion code's max_redemptions (%d) cannot be greater than its coupon's max_redemptions (%d).", *p.MaxRedemptions, *coupon.MaxRedemptions)
		}
		pc.MaxRedemptions = p.MaxRedemptions
	}
	if r := p.Restrictions; r != nil {
		if r.FirstTimeTransaction != nil {
			pc.Restrictions.FirstTimeTransaction = *r.FirstTimeTransaction
		}
		switch {
		case r.MinimumAmount != nil && r.MinimumAmountCurrency == nil:
			return nil, Errorf("parameter_missing", "restrictions[minimum_amount_currency]", "Missing required param: restrictions[minimum_amount_currency]. It is required with restrictions[minimum_amount].")
		case r.MinimumAmount == nil && r.MinimumAmountCurrency != nil:
			return nil, Errorf("parameter_missing", "restrictions[minimum_amount]", "Missing required param: restrictions[minimum_amount]. It is required with restrictions[minimum_amount_currency].")
		case r.MinimumAmount != nil:
			if *r.MinimumAmount < 1 || *r.MinimumAmount > MaxBalance {
				return nil, Errorf("parameter_invalid_integer", "restrictions[minimum_amount]", "Invalid restrictions[minimum_amount]: must be between 1 and %d.", int64(MaxBalance))
			}
			cur, err := ParseCurrency(*r.MinimumAmountCurrency, "restrictions[minimum_amount_currency]")
			if err != nil {
				return nil, err
			}
			pc.Restrictions.MinimumAmount, pc.Restrictions.MinimumAmountCurrency = r.MinimumAmount, &cur
		}
	}
	if pc.Metadata, err = ApplyMetadata(nil, p.Metadata); err != nil {
		return nil, err
	}

	if p.Code != nil {
		if !codePattern.MatchString(*p.Code) {
			return nil, &Error{Kind: KindInvalid, Code: "invalid_characters", Param: "code",
				Message: "Invalid code: " + truncated(*p.Code) + ". A promotion code may contain only letters (a-z, A-Z), digits (0-9) and dashes (-)."}
		}
		pc.Code = *p.Code
		if pc.Active {
			if err := codeFree(ctx, tx, s, pc.Code); err != nil {
				return nil, err
			}
		}
	} else {
		for {
			pc.Code = RandomString(codeLength, codeAlphabet)
			if taken, err := tx.PromotionCodeTaken(ctx, s, pc.Code); err != nil {
				return nil, err
			} else if !taken {
				break
			}
		}
	}
	if err := tx.InsertPromotionCode(ctx, s, pc); err != nil {
		return nil, err
	}
	return svc.showPromotionCode(ctx, tx, s, pc)
}

// promotionCoupon returns the coupon id a create names and the parameter
// that named it.
func promotionCoupon(p *PromotionCodeCreateParams) (string, string, error) {
	switch {
	case p.Promotion != nil && p.Coupon != nil:
		return "", "", Errorf("parameters_exclusive", "coupon", "You may only specify one of these parameters: coupon, promotion.")
	case p.Coupon != nil:
		return *p.Coupon, "coupon", nil
	case p.Promotion == nil:
		return "", "", Errorf("parameter_missing", "promotion", "Missing required param: promotion.")
	case p.Promotion.Coupon == nil:
		return "", "", Errorf("parameter_missing", "promotion[coupon]", "Missing required param: promotion[coupon]. A promotion of type coupon names its coupon.")
	}
	return *p.Promotion.Coupon, "promotion[coupon]", nil
}

// codeFree checks that no active promotion code of the scope has code.
func codeFree(ctx context.Context, tx Tx, s Scope, code string) error {
	taken, err := tx.PromotionCodeTaken(ctx, s, code)
	if err != nil {
		return err
	}
	if taken {
		return CodeTaken(code)
	}
	return nil
}

// CodeTaken is the error for an active promotion code whose code another
// active code already has (regardless of case).
func CodeTaken(code string) error {
	return Errorf("", "code", "An active promotion code with code: %s already exists. Codes are unique regardless of case among active promotion codes.", truncated(code))
}

// PromotionCode returns a promotion code.
func (svc *Service) PromotionCode(ctx context.Context, tx Tx, s Scope, id string) (*PromotionCode, error) {
	pc, err := tx.FindPromotionCode(ctx, s, id)
	if err != nil {
		return nil, notFound(err, "promotion code", id)
	}
	return svc.showPromotionCode(ctx, tx, s, pc)
}

// UpdatePromotionCode changes a promotion code's active flag and metadata.
// Re-activating needs a valid coupon and a code no other active code has.
func (svc *Service) UpdatePromotionCode(ctx context.Context, tx Tx, s Scope, id string, p *PromotionCodeUpdateParams) (*PromotionCode, error) {
	pc, err := tx.FindPromotionCode(ctx, s, id)
	if err != nil {
		return nil, notFound(err, "promotion code", id)
	}
	if p.Active != nil && *p.Active && !pc.Active {
		c, err := tx.FindCoupon(ctx, s, *pc.Promotion.Coupon)
		if err != nil {
			return nil, err
		}
		if !c.ValidAt(svc.Now()) {
			return nil, Errorf("coupon_expired", "active", "The promotion code cannot be reactivated: its coupon %s is deleted, past its redeem_by or at its max_redemptions.", truncated(c.ID))
		}
		if err := codeFree(ctx, tx, s, pc.Code); err != nil {
			return nil, err
		}
	}
	if p.Active != nil {
		pc.Active = *p.Active
	}
	if pc.Metadata, err = ApplyMetadata(pc.Metadata, p.Metadata); err != nil {
		return nil, err
	}
	if err := tx.UpdatePromotionCode(ctx, s, pc); err != nil {
		return nil, err
	}
	return svc.showPromotionCode(ctx, tx, s, pc)
}

// ListPromotionCodes returns one page of promotion codes.
func (svc *Service) ListPromotionCodes(ctx context.Context, tx Tx, s Scope, p *PromotionCodeListParams) ([]*PromotionCode, bool, error) {
	page, err := p.ListParams.Page()
	if err != nil {
		return nil, false, err
	}
	f := PromotionCodeFilter{Page: page, Active: p.Active, ValidAt: svc.Now().Unix(), Coupon: p.Coupon, Customer: p.Customer}
	if p.Code != nil {
		code := FoldCode(*p.Code)
		f.Code = &code
	}
	items, more, err := tx.ListPromotionCodes(ctx, s, f)
	if err != nil {
		return nil, false, err
	}
	valid := map[string]bool{} // coupon id -> valid, loaded once per page
	for _, pc := range items {
		id := *pc.Promotion.Coupon
		v, ok := valid[id]
		if !ok {
			if v, err = svc.couponValid(ctx, tx, s, id); err != nil {
				return nil, false, err
			}
			valid[id] = v
		}
		pc.Active = pc.Active && v
	}
	return items, more, nil
}

// showPromotionCode returns a copy of pc as the API shows it: active only
// while the coupon is valid.
func (svc *Service) showPromotionCode(ctx context.Context, tx Tx, s Scope, pc *PromotionCode) (*PromotionCode, error) {
	out := *pc
	if out.Active {
		v, err := svc.couponValid(ctx, tx, s, *pc.Promotion.Coupon)
		if err != nil {
			return nil, err
		}
		out.Active = v
	}
	return &out, nil
}

func (svc *Service) couponValid(ctx context.Context, tx Tx, s Scope, id string) (bool, error) {
	c, err := tx.FindCoupon(ctx, s, id)
	if err != nil {
		return false, err
	}
	return c.ValidAt(svc.Now()), nil
}
