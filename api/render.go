package api

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"

	"remit"
)

// listObject is Stripe's list envelope.
type listObject struct {
	Object  string `json:"object"`
	URL     string `json:"url"`
	HasMore bool   `json:"has_more"`
	Data    any    `json:"data"`
}

// searchResult is Stripe's search_result envelope.
type searchResult struct {
	Object     string  `json:"object"`
	URL        string  `json:"url"`
	HasMore    bool    `json:"has_more"`
	Data       any     `json:"data"`
	NextPage   *string `json:"next_page"`
	TotalCount *int64  `json:"total_count,omitempty"`
}

func newList[T any](url string, items []T, more bool) *listObject {
	if items == nil {
		items = []T{}
	}
	return &listObject{Object: "list", URL: url, HasMore: more, Data: items}
}

// present returns the shape in which an object is shown: a deleted customer
// shows only {id, object, deleted}.
func present(obj any) any {
	if c, ok := obj.(*remit.Customer); ok && c.Deleted {
		return remit.DeletedCustomer{ID: c.ID, Object: "customer", Deleted: true}
	}
	return obj
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// render encodes obj as the request asked: with the expand[] paths applied.
// Expansions read through tx, so they see the same snapshot as the handler.
func (s *Server) render(ctx context.Context, rq *request, tx remit.Tx, obj any) ([]byte, error) {
	obj = present(obj)
	if raw, ok := obj.(json.RawMessage); ok && len(rq.expand) == 0 {
		return raw, nil
	}
	// API versions before clover show discounts and promotion codes in
	// their older shape (see legacyShapes).
	legacy := rq.before(versionClover)
	if len(rq.expand) == 0 && !(legacy && needsLegacyShape(obj)) {
		return marshal(obj)
	}
	tree, err := toTree(obj)
	if err != nil {
		return nil, err
	}
	typ := objectType(tree)
	for _, path := range rq.expand {
		e := expansion{s: s, ctx: ctx, rq: rq, tx: tx, path: path}
		if err := e.apply(tree, typ, strings.Split(path, ".")); err != nil {
			return nil, err
		}
	}
	if legacy {
		if err := s.legacyShapes(ctx, rq, tx, tree); err != nil {
			return nil, err
		}
	}
	return marshal(tree)
}

// toTree turns an object into generic JSON values, numbers kept exact.
func toTree(obj any) (any, error) {
	b, err := marshal(obj)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var tree any
	return tree, dec.Decode(&tree)
}

func objectType(v any) string {
	m, _ := v.(map[string]any)
	t, _ := m["object"].(string)
	return t
}
