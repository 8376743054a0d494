package api

import (
	"context"

	"remit"
)

func (s *Server) createCoupon(ctx context.Context, rq *request, tx remit.Tx, p *remit.CouponCreateParams) (any, error) {
	p.AmountOffForever = rq.before(versionBasil)
	return s.svc.CreateCoupon(ctx, tx, rq.scope, p)
}

func (s *Server) retrieveCoupon(ctx context.Context, rq *request, tx remit.Tx, _ *noParams) (any, error) {
	return s.svc.Coupon(ctx, tx, rq.scope, rq.path("coupon"))
}

func (s *Server) updateCoupon(ctx context.Context, rq *request, tx remit.Tx, p *remit.CouponUpdateParams) (any, error) {
	return s.svc.UpdateCoupon(ctx, tx, rq.scope, rq.path("coupon"), p)
}

func (s *Server) deleteCoupon(ctx context.Context, rq *request, tx remit.Tx, _ *noParams) (any, error) {
	return s.svc.DeleteCoupon(ctx, tx, rq.scope, rq.path("coupon"))
}

func (s *Server) listCoupons(ctx context.Context, rq *request, tx remit.Tx, p *remit.CouponListParams) (any, error) {
	items, more, err := s.svc.ListCoupons(ctx, tx, rq.scope, p)
	if err != nil {
		return nil, err
	}
	return newList("/v1/coupons", items, more), nil
}
