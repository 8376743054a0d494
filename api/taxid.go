package api

import (
	"context"

	"remit"
)

func (s *Server) createTaxID(ctx context.Context, rq *request, tx remit.Tx, p *remit.TaxIDParams) (any, error) {
	return s.svc.CreateTaxID(ctx, tx, rq.scope, rq.path("customer"), p)
}

func (s *Server) retrieveTaxID(ctx context.Context, rq *request, tx remit.Tx, _ *noParams) (any, error) {
	return s.svc.TaxID(ctx, tx, rq.scope, rq.path("customer"), rq.path("id"))
}

func (s *Server) deleteTaxID(ctx context.Context, rq *request, tx remit.Tx, _ *noParams) (any, error) {
	return s.svc.DeleteTaxID(ctx, tx, rq.scope, rq.path("customer"), rq.path("id"))
}

func (s *Server) listTaxIDs(ctx context.Context, rq *request, tx remit.Tx, p *remit.ListParams) (any, error) {
	customer := rq.path("customer")
	items, more, err := s.svc.TaxIDs(ctx, tx, rq.scope, customer, p)
	if err != nil {
		return nil, err
	}
	return newList("/v1/customers/"+customer+"/tax_ids", items, more), nil
}
