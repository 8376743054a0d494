package api

import (
	"context"
	"strings"

	"remit"
)

// MaxExpandDepth is how many levels one expand path may reach, as on Stripe
// (a leading "data." of a list does not count).
const MaxExpandDepth = 4

// MaxExpandPaths bounds the expand[] paths of one request.
const MaxExpandPaths = 20

// fieldKind says how a field of an object takes part in expansion.
type fieldKind int

const (
	nested   fieldKind = iota // a sub-object without an id: descend into it
	ref                       // an id that expands to the object it names
	includes                  // a field shown only when expanded
)

type fieldSpec struct {
	kind fieldKind
	typ  string // type of the nested object or of the referenced object
	// include computes an includable field of the object whose id is given.
	include func(e *expansion, id string) (any, error)
}

// expandable lists, per object type, the fields that expand[] may name.
var expandable = map[string]map[string]fieldSpec{
	"customer": {
		"invoice_settings":       {kind: nested, typ: "invoice_settings"},
		"default_source":         {kind: ref, typ: "source"},
		"test_clock":             {kind: ref, typ: "test_helpers.test_clock"},
		"discount":               {kind: nested, typ: "discount"},
		"invoice_credit_balance": {kind: includes, include: emptyObject},
		"sources":                {kind: includes, include: emptySubList("sources")},
		"subscriptions":          {kind: includes, include: emptySubList("subscriptions")},
		"tax_ids":                {kind: includes, include: customerTaxIDs},
		"tax":                    {kind: includes, include: customerTax},
	},
	"invoice_settings": {
		"default_payment_method": {kind: ref, typ: "payment_method"},
	},
	"discount": {
		"customer":       {kind: ref, typ: "customer"},
		"promotion_code": {kind: ref, typ: "promotion_code"},
		"source":         {kind: nested, typ: "discount_source"},
	},
	"payment_method": {"customer": {kind: ref, typ: "customer"}},
	"tax_id":         {"customer": {kind: ref, typ: "customer"}},
	"customer_balance_transaction": {
		"customer":         {kind: ref, typ: "customer"},
		"invoice":          {kind: ref, typ: "invoice"},
		"credit_note":      {kind: ref, typ: "credit_note"},
		"checkout_session": {kind: ref, typ: "checkout.session"},
	},
	"discount_source": {"coupon": {kind: ref, typ: "coupon"}},
	"promotion_code": {
		"customer":  {kind: ref, typ: "customer"},
		"promotion": {kind: nested, typ: "promotion_codes_resource_promotion"},
	},
	"promotion_codes_resource_promotion": {"coupon": {kind: ref, typ: "coupon"}},
}

// loaders fetch the object an id refers to, by object type.
var loaders = map[string]func(e *expansion, id string) (any, error){
	"customer": func(e *expansion, id string) (any, error) {
		return e.s.svc.Customer(e.ctx, e.tx, e.rq.scope, id)
	},
	"payment_method": func(e *expansion, id string) (any, error) {
		return e.s.svc.PaymentMethod(e.ctx, e.tx, e.rq.scope, id)
	},
	// Deleted coupons too: the discounts made from them keep showing them.
	"coupon": func(e *expansion, id string) (any, error) {
		return e.s.svc.AppliedCoupon(e.ctx, e.tx, e.rq.scope, id)
	},
	"promotion_code": func(e *expansion, id string) (any, error) {
		return e.s.svc.PromotionCode(e.ctx, e.tx, e.rq.scope, id)
	},
}

// checkExpand validates the shape of expand[] paths before anything runs.
func checkExpand(paths []string) error {
	if len(paths) > MaxExpandPaths {
		return remit.Errorf("", "expand", "You can expand at most %d paths in one request.", MaxExpandPaths)
	}
	for _, p := range paths {
		segs := strings.Split(strings.TrimPrefix(p, "data."), ".")
		if len(segs) > MaxExpandDepth {
			return remit.Errorf("", "expand", "You cannot expand more than %d levels of a property (%s).", MaxExpandDepth, p)
		}
		for _, s := range segs {
			if s == "" {
				return remit.Errorf("", "expand", "Invalid expand path %q: it has an empty segment.", p)
			}
		}
	}
	return nil
}

// expansion applies one expand path to a rendered object tree.
type expansion struct {
	s    *Server
	ctx  context.Context
	rq   *request
	tx   remit.Tx
	path string
}

func (e *expansion) cannot() error {
	return remit.Errorf("", "expand", "This property cannot be expanded (%s).", e.path)
}

func (e *expansion) apply(node any, typ string, segs []string) error {
	obj, ok := node.(map[string]any)
	if !ok || len(segs) == 0 {
		return nil
	}
	if typ == "list" || typ == "search_result" {
		if segs[0] != "data" || len(segs) == 1 {
			return e.cannot()
		}
		items, _ := obj["data"].([]any)
		for _, it := range items {
			if err := e.apply(it, objectType(it), segs[1:]); err != nil {
				return err
			}
		}
		return nil
	}
	spec, ok := expandable[typ][segs[0]]
	if !ok || legacyField(e.rq, typ, segs[0]) {
		return e.cannot()
	}
	if deleted, _ := obj["deleted"].(bool); deleted {
		return nil // a deleted object has nothing to expand
	}
	field := segs[0]
	switch spec.kind {
	case nested:
		return e.apply(obj[field], spec.typ, segs[1:])
	case includes:
		id, _ := obj["id"].(string)
		v, err := spec.include(e, id)
		if err != nil {
			return err
		}
		if obj[field], err = toTree(v); err != nil {
			return err
		}
		return e.apply(obj[field], objectType(obj[field]), segs[1:])
	}
	// A reference: expand an id into its object; null stays null.
	id, isID := obj[field].(string)
	if isID {
		load, ok := loaders[spec.typ]
		if !ok {
			return e.cannot()
		}
		v, err := load(e, id)
		if err != nil {
			return err
		}
		if obj[field], err = toTree(present(v)); err != nil {
			return err
		}
	}
	return e.apply(obj[field], spec.typ, segs[1:])
}

func emptyObject(*expansion, string) (any, error) { return map[string]any{}, nil }

// customerTaxIDs is the includable tax_ids list of a customer: its first
// page of ten, as Stripe shows it.
func customerTaxIDs(e *expansion, id string) (any, error) {
	items, more, err := e.s.svc.TaxIDs(e.ctx, e.tx, e.rq.scope, id, &remit.ListParams{})
	if err != nil {
		return nil, err
	}
	return newList("/v1/customers/"+id+"/tax_ids", items, more), nil
}

// customerTax is the includable tax field of a customer.
func customerTax(e *expansion, id string) (any, error) {
	c, err := e.s.svc.Customer(e.ctx, e.tx, e.rq.scope, id)
	if err != nil {
		return nil, err
	}
	return c.Tax(), nil
}

// emptySubList answers includable lists of objects remit does not keep yet
// (legacy sources, subscriptions): always an empty list.
func emptySubList(name string) func(*expansion, string) (any, error) {
	return func(_ *expansion, id string) (any, error) {
		return newList("/v1/customers/"+id+"/"+name, []any{}, false), nil
	}
}
