package api

import (
	"context"

	"remit"
)

func (s *Server) createBalanceTransaction(ctx context.Context, rq *request, tx remit.Tx, p *remit.BalanceTransactionParams) (any, error) {
	return s.svc.CreateBalanceTransaction(ctx, tx, rq.scope, rq.path("customer"), p)
}

func (s *Server) retrieveBalanceTransaction(ctx context.Context, rq *request, tx remit.Tx, _ *noParams) (any, error) {
	return s.svc.BalanceTransaction(ctx, tx, rq.scope, rq.path("customer"), rq.path("transaction"))
}

func (s *Server) updateBalanceTransaction(ctx context.Context, rq *request, tx remit.Tx, p *remit.BalanceTransactionUpdateParams) (any, error) {
	return s.svc.UpdateBalanceTransaction(ctx, tx, rq.scope, rq.path("customer"), rq.path("transaction"), p)
}

func (s *Server) listBalanceTransactions(ctx context.Context, rq *request, tx remit.Tx, p *remit.BalanceTransactionListParams) (any, error) {
	customer := rq.path("customer")
	items, more, err := s.svc.BalanceTransactions(ctx, tx, rq.scope, customer, p)
	if err != nil {
		return nil, err
	}
	return newList("/v1/customers/"+customer+"/balance_transactions", items, more), nil
}
