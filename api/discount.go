package api

import (
	"context"

	"remit"
)

// legacyDiscountParams are the customer create and update parameters that
// API versions before 2025-03-31.basil have and later versions removed:
// routes.go serves those versions with the legacy handlers below.
type legacyDiscountParams struct {
	Coupon        *string `form:"coupon,max=5000"`
	PromotionCode *string `form:"promotion_code,max=5000"`
}

func (p legacyDiscountParams) discount() remit.DiscountParams {
	return remit.DiscountParams{Coupon: p.Coupon, PromotionCode: p.PromotionCode}
}

type legacyCustomerCreateParams struct {
	remit.CustomerCreateParams
	legacyDiscountParams
}

type legacyCustomerUpdateParams struct {
	remit.CustomerParams
	legacyDiscountParams
}

func (s *Server) createCustomerLegacy(ctx context.Context, rq *request, tx remit.Tx, p *legacyCustomerCreateParams) (any, error) {
	c, err := s.svc.CreateCustomer(ctx, tx, rq.scope, &p.CustomerCreateParams)
	if err != nil {
		return nil, err
	}
	return c, s.svc.ApplyCustomerDiscount(ctx, tx, rq.scope, c, p.discount())
}

func (s *Server) updateCustomerLegacy(ctx context.Context, rq *request, tx remit.Tx, p *legacyCustomerUpdateParams) (any, error) {
	c, err := s.svc.UpdateCustomer(ctx, tx, rq.scope, rq.path("customer"), &p.CustomerParams)
	if err != nil {
		return nil, err
	}
	return c, s.svc.ApplyCustomerDiscount(ctx, tx, rq.scope, c, p.discount())
}

func (s *Server) retrieveCustomerDiscount(ctx context.Context, rq *request, tx remit.Tx, _ *noParams) (any, error) {
	return s.svc.CustomerDiscount(ctx, tx, rq.scope, rq.path("customer"))
}

func (s *Server) deleteCustomerDiscount(ctx context.Context, rq *request, tx remit.Tx, _ *noParams) (any, error) {
	return s.svc.DeleteCustomerDiscount(ctx, tx, rq.scope, rq.path("customer"))
}

// Discounts and promotion codes are stored in the shape of API versions
// from 2025-09-30.clover on. Older versions show, instead of
// discount.source and promotion_code.promotion, a top-level coupon holding
// the full coupon object; render converts the encoded tree last, after
// the expansions (which follow the stored shape).

// needsLegacyShape reports whether obj, encoded for an API version before
// clover, holds a discount or a promotion code that must be converted.
func needsLegacyShape(obj any) bool {
	switch v := obj.(type) {
	case *remit.Customer:
		return v.Discount != nil
	case *remit.Discount, *remit.DeletedDiscount, *remit.PromotionCode:
		return true
	case *listObject:
		return needsLegacyShape(v.Data)
	case *searchResult:
		return needsLegacyShape(v.Data)
	case []*remit.Customer:
		for _, c := range v {
			if c.Discount != nil {
				return true
			}
		}
	case []*remit.PromotionCode:
		return len(v) > 0
	}
	return false
}

// legacyField reports whether field of an object of type typ exists only
// in the clover shape, and so cannot be expanded in older versions.
func legacyField(rq *request, typ, field string) bool {
	return rq.before(versionClover) &&
		(typ == "discount" && field == "source" || typ == "promotion_code" && field == "promotion")
}

// legacyShapes converts, in place, every discount (deleted or not) and
// promotion code in the tree v to the shape of versions before clover.
func (s *Server) legacyShapes(ctx context.Context, rq *request, tx remit.Tx, v any) error {
	switch v := v.(type) {
	case []any:
		for _, it := range v {
			if err := s.legacyShapes(ctx, rq, tx, it); err != nil {
				return err
			}
		}
	case map[string]any:
		for _, child := range v {
			if err := s.legacyShapes(ctx, rq, tx, child); err != nil {
				return err
			}
		}
		field := ""
		switch objectType(v) {
		case "discount":
			field = "source"
		case "promotion_code":
			field = "promotion"
		}
		holder, ok := v[field].(map[string]any)
		if field == "" || !ok {
			return nil
		}
		coupon := holder["coupon"]
		if id, ok := coupon.(string); ok {
			c, err := s.svc.AppliedCoupon(ctx, tx, rq.scope, id)
			if err != nil {
				return err
			}
			if coupon, err = toTree(c); err != nil {
				return err
			}
		}
		delete(v, field)
		v["coupon"] = coupon
	}
	return nil
}
