package search

import "strings"

// Condition is an SQL boolean expression with ? placeholders, and the
// values bound to them. It may be NULL where a field is absent (SQL's
// comparisons with NULL are): SQL() negates with NOT COALESCE(..., FALSE),
// so -email:'x' matches customers without an email too. Translators should
// keep positive conditions plain, so that indexes serve them.
type Condition struct {
	SQL  string
	Args []any
}

// Translator turns one clause (without its negation) into a condition over
// a store's schema. Stores implement it; they must bind every value from
// the clause as an argument, never splice it into the SQL text.
type Translator interface {
	Translate(c Clause) (Condition, error)
}

// SQL translates a whole query: each clause through t, negations applied,
// clauses joined by AND or OR.
func SQL(q *Query, t Translator) (Condition, error) {
	joiner := " AND "
	if q.Or {
		joiner = " OR "
	}
	parts := make([]string, 0, len(q.Clauses))
	var args []any
	for _, c := range q.Clauses {
		cond, err := t.Translate(c)
		if err != nil {
			return Condition{}, err
		}
		s := "(" + cond.SQL + ")"
		if c.Negate {
			s = "NOT COALESCE(" + s + ", FALSE)"
		}
		parts = append(parts, s)
		args = append(args, cond.Args...)
	}
	return Condition{SQL: "(" + strings.Join(parts, joiner) + ")", Args: args}, nil
}
