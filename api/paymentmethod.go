package api

import (
	"context"

	"remit"
)

func (s *Server) retrievePaymentMethod(ctx context.Context, rq *request, tx remit.Tx, _ *noParams) (any, error) {
	return s.svc.PaymentMethod(ctx, tx, rq.scope, rq.path("payment_method"))
}

func (s *Server) attachPaymentMethod(ctx context.Context, rq *request, tx remit.Tx, p *remit.PaymentMethodAttachParams) (any, error) {
	return s.svc.AttachPaymentMethod(ctx, tx, rq.scope, rq.path("payment_method"), p)
}

func (s *Server) detachPaymentMethod(ctx context.Context, rq *request, tx remit.Tx, _ *noParams) (any, error) {
	return s.svc.DetachPaymentMethod(ctx, tx, rq.scope, rq.path("payment_method"))
}

func (s *Server) listCustomerPaymentMethods(ctx context.Context, rq *request, tx remit.Tx, p *remit.PaymentMethodListParams) (any, error) {
	customer := rq.path("customer")
	items, more, err := s.svc.CustomerPaymentMethods(ctx, tx, rq.scope, customer, p)
	if err != nil {
		return nil, err
	}
	return newList("/v1/customers/"+customer+"/payment_methods", items, more), nil
}

func (s *Server) retrieveCustomerPaymentMethod(ctx context.Context, rq *request, tx remit.Tx, _ *noParams) (any, error) {
	return s.svc.CustomerPaymentMethod(ctx, tx, rq.scope, rq.path("customer"), rq.path("payment_method"))
}

func (s *Server) updatePaymentMethod(ctx context.Context, rq *request, tx remit.Tx, p *remit.PaymentMethodUpdateParams) (any, error) {
	return s.svc.UpdatePaymentMethod(ctx, tx, rq.scope, rq.path("payment_method"), p)
}
