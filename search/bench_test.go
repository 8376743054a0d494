package search_test

import (
	"testing"

	"remit"
	"remit/search"
)

// benchQueries are representative customer searches, as the load generator
// and the SDKs send them: an exact email, a substring with a metadata
// clause, an OR of a range and a negated null, and a longer AND query.
var benchQueries = []struct{ name, query string }{
	{"Email", `email:'a@b.co'`},
	{"NameSubstrAndMetadata", `name~'jenny' AND metadata['order']:'123'`},
	{"CreatedOrNotPhoneNull", `created>1700000000 OR -phone:null`},
	{"FiveClauses", `email:"jenny.rosen@example.com" AND name~'rosen' AND created>=1700000000 AND created<1800000000 AND -metadata['plan']:'free'`},
}

// benchColumns maps the customer search fields to columns, like a store's
// translator does.
var benchColumns = map[string]string{
	"created": "c.created",
	"email":   "lower(c.email)",
	"name":    "lower(c.name)",
	"phone":   "lower(c.phone)",
}

// benchTranslator is a minimal schema translator (the stores' own are not
// exported): every clause becomes one column comparison with its value
// bound, so BenchmarkSQL measures search.SQL's own work (negation, joining,
// argument collection) plus one small condition per clause.
type benchTranslator struct{}

func (benchTranslator) Translate(c search.Clause) (search.Condition, error) {
	switch {
	case c.Kind == search.Map && c.Null:
		return search.Condition{SQL: "NOT EXISTS (SELECT 1 FROM customer_metadata m WHERE m.customer_id = c.id AND m.key = ?)", Args: []any{c.Key}}, nil
	case c.Kind == search.Map:
		return search.Condition{SQL: "EXISTS (SELECT 1 FROM customer_metadata m WHERE m.customer_id = c.id AND m.key = ? AND m.value = ?)", Args: []any{c.Key, c.Value}}, nil
	case c.Null:
		return search.Condition{SQL: benchColumns[c.Field] + " IS NULL"}, nil
	case c.Kind == search.Number:
		op := string(c.Op)
		if c.Op == search.OpEq {
			op = "="
		}
		return search.Condition{SQL: benchColumns[c.Field] + " " + op + " ?", Args: []any{c.Number}}, nil
	case c.Op == search.OpSubstr:
		return search.Condition{SQL: "instr(" + benchColumns[c.Field] + ", ?) > 0", Args: []any{c.Value}}, nil
	}
	return search.Condition{SQL: benchColumns[c.Field] + " = ?", Args: []any{c.Value}}, nil
}

// BenchmarkParse measures search.Parse (lexing, parsing, checking against
// remit's customer fields) of each representative query.
func BenchmarkParse(b *testing.B) {
	for _, q := range benchQueries {
		b.Run(q.name, func(b *testing.B) {
			if _, err := search.Parse(q.query, remit.CustomerSearchFields); err != nil {
				b.Fatalf("Parse(%q): %v", q.query, err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := search.Parse(q.query, remit.CustomerSearchFields); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSQL measures search.SQL on queries parsed before the timer: the
// translation of a whole query into one condition with bound arguments.
func BenchmarkSQL(b *testing.B) {
	for _, q := range benchQueries {
		b.Run(q.name, func(b *testing.B) {
			pq, err := search.Parse(q.query, remit.CustomerSearchFields)
			if err != nil {
				b.Fatalf("Parse(%q): %v", q.query, err)
			}
			cond, err := search.SQL(pq, benchTranslator{})
			if err != nil || cond.SQL == "" || len(cond.Args) == 0 {
				b.Fatalf("SQL(%q) = %+v, %v", q.query, cond, err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := search.SQL(pq, benchTranslator{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
