package remit

import (
	"context"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"

	"remit/search"
)

// CustomerSearchFields are the fields of customers that the Search Query
// Language can name, with their kinds.
var CustomerSearchFields = map[string]search.Kind{
	"created":  search.Number,
	"email":    search.String,
	"name":     search.String,
	"phone":    search.String,
	"metadata": search.Map,
}

// CustomerSearchParams are the parameters of GET /v1/customers/search.
type CustomerSearchParams struct {
	Query *string `form:"query,max=5000"`
	Limit *int64  `form:"limit"`
	Page  *string `form:"page,max=5000"`
}

// CustomerSearch selects customers for Tx.SearchCustomers.
type CustomerSearch struct {
	Query *search.Query
	Limit int
	After *SearchCursor // the last customer of the previous page, or nil
	Total bool          // also count every match
}

// SearchCursor is the position after which the next page starts; pages
// are ordered like lists, newest first.
type SearchCursor struct {
	CreatedNano int64
	ID          string
}

// CustomerSearchResult is one page of a customer search.
type CustomerSearchResult struct {
	Customers []*Customer
	HasMore   bool
	NextPage  string // opaque cursor for the next page, "" on the last
	Total     int64  // number of matches, when asked for
}

// SearchCustomers runs a Search Query Language query over the live
// customers of the scope. Unlike Stripe's search, which lags writes, it
// reads the same committed data as every other request: a customer is
// found by the request after the one that created or changed it.
func (svc *Service) SearchCustomers(ctx context.Context, tx Tx, s Scope, p *CustomerSearchParams, total bool) (*CustomerSearchResult, error) {
	if p.Query == nil {
		return nil, Errorf("parameter_missing", "query", "Missing required param: query.")
	}
	q, err := search.Parse(*p.Query, CustomerSearchFields)
	if err != nil {
		var se *search.Error
		if errors.As(err, &se) {
			return nil, Errorf("", "query", "Invalid query at position %d: %s. Example: email:'jenny@example.com' AND metadata['plan']:'pro'.", se.Pos, se.Message)
		}
		return nil, err
	}
	f := CustomerSearch{Query: q, Limit: 10, Total: total}
	if p.Limit != nil {
		if *p.Limit < 1 || *p.Limit > 100 {
			return nil, Errorf("parameter_invalid_integer", "limit", "Invalid limit: must be between 1 and 100, you passed %d.", *p.Limit)
		}
		f.Limit = int(*p.Limit)
	}
	if p.Page != nil {
		c, err := decodeSearchCursor(*p.Page)
		if err != nil {
			return nil, err
		}
		f.After = c
	}
	res, err := tx.SearchCustomers(ctx, s, f)
	if err != nil {
		return nil, err
	}
	if res.HasMore && len(res.Customers) > 0 {
		last := res.Customers[len(res.Customers)-1]
		res.NextPage = encodeSearchCursor(SearchCursor{CreatedNano: last.CreatedNano, ID: last.ID})
	}
	return res, nil
}

// Page cursors are opaque to clients: base64url of "<created_ns>:<id>".
func encodeSearchCursor(c SearchCursor) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(c.CreatedNano, 10) + ":" + c.ID))
}

func decodeSearchCursor(page string) (*SearchCursor, error) {
	bad := Errorf("", "page", "Invalid page: %q is not a next_page value returned by a previous search.", truncated(page))
	raw, err := base64.RawURLEncoding.DecodeString(page)
	if err != nil {
		return nil, bad
	}
	ns, id, ok := strings.Cut(string(raw), ":")
	n, err := strconv.ParseInt(ns, 10, 64)
	if !ok || err != nil || id == "" || len(id) > 255 {
		return nil, bad
	}
	return &SearchCursor{CreatedNano: n, ID: id}, nil
}
