package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"

	"remit"
)

func (s *Server) createCustomer(ctx context.Context, rq *request, tx remit.Tx, p *remit.CustomerCreateParams) (any, error) {
	return s.svc.CreateCustomer(ctx, tx, rq.scope, p)
}

func (s *Server) retrieveCustomer(ctx context.Context, rq *request, tx remit.Tx, _ *noParams) (any, error) {
	id := rq.path("customer")
	if len(rq.expand) > 0 {
		return s.svc.Customer(ctx, tx, rq.scope, id)
	}
	// The hot path: the stored encoding is the answer.
	data, deleted, err := tx.FindCustomerJSON(ctx, rq.scope, id)
	switch {
	case errors.Is(err, remit.ErrNotFound):
		return nil, remit.NotFound("customer", id)
	case err != nil:
		return nil, err
	case deleted:
		return remit.DeletedCustomer{ID: id, Object: "customer", Deleted: true}, nil
	case rq.before(versionClover) && !bytes.Contains(data, []byte(`"discount":null`)):
		// Versions before clover show a discount in another shape than
		// the stored one. (Only the customer's own discount field can
		// encode as "discount":null: metadata values are strings.)
		return s.svc.Customer(ctx, tx, rq.scope, id)
	}
	return json.RawMessage(data), nil
}

func (s *Server) updateCustomer(ctx context.Context, rq *request, tx remit.Tx, p *remit.CustomerParams) (any, error) {
	return s.svc.UpdateCustomer(ctx, tx, rq.scope, rq.path("customer"), p)
}

func (s *Server) deleteCustomer(ctx context.Context, rq *request, tx remit.Tx, _ *noParams) (any, error) {
	return s.svc.DeleteCustomer(ctx, tx, rq.scope, rq.path("customer"))
}

func (s *Server) listCustomers(ctx context.Context, rq *request, tx remit.Tx, p *remit.CustomerListParams) (any, error) {
	items, more, err := s.svc.ListCustomers(ctx, tx, rq.scope, p)
	if err != nil {
		return nil, err
	}
	return newList("/v1/customers", items, more), nil
}

func (s *Server) searchCustomers(ctx context.Context, rq *request, tx remit.Tx, p *remit.CustomerSearchParams) (any, error) {
	total := rq.takeExpand("total_count")
	res, err := s.svc.SearchCustomers(ctx, tx, rq.scope, p, total)
	if err != nil {
		return nil, err
	}
	out := &searchResult{Object: "search_result", URL: "/v1/customers/search", HasMore: res.HasMore, Data: res.Customers}
	if res.NextPage != "" {
		out.NextPage = &res.NextPage
	}
	if total {
		out.TotalCount = &res.Total
	}
	return out, nil
}
