package api

import (
	"context"

	"remit"
)

// Promotion codes are answered in the shape of API versions from
// 2025-09-30.clover on; render shows older versions a top-level coupon
// object instead of promotion (see legacyShapes).

func (s *Server) createPromotionCode(ctx context.Context, rq *request, tx remit.Tx, p *remit.PromotionCodeCreateParams) (any, error) {
	return s.svc.CreatePromotionCode(ctx, tx, rq.scope, p)
}

func (s *Server) retrievePromotionCode(ctx context.Context, rq *request, tx remit.Tx, _ *noParams) (any, error) {
	return s.svc.PromotionCode(ctx, tx, rq.scope, rq.path("promotion_code"))
}

func (s *Server) updatePromotionCode(ctx context.Context, rq *request, tx remit.Tx, p *remit.PromotionCodeUpdateParams) (any, error) {
	return s.svc.UpdatePromotionCode(ctx, tx, rq.scope, rq.path("promotion_code"), p)
}

func (s *Server) listPromotionCodes(ctx context.Context, rq *request, tx remit.Tx, p *remit.PromotionCodeListParams) (any, error) {
	items, more, err := s.svc.ListPromotionCodes(ctx, tx, rq.scope, p)
	if err != nil {
		return nil, err
	}
	return newList("/v1/promotion_codes", items, more), nil
}
