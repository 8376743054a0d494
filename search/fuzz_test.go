package search_test

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"remit/search"
)

// templateTranslator is the fuzz test's fake translator: its SQL text is a
// fixed string per (field, op, null), and every value of the clause is
// bound as an argument.
type templateTranslator struct{}

func template(c search.Clause) string {
	return fmt.Sprintf("tpl_%s_%x_%t = ?", c.Field, c.Op, c.Null)
}

func clauseArgs(c search.Clause) []any {
	switch {
	case c.Null:
		return []any{c.Key}
	case c.Kind == search.Number:
		return []any{c.Number}
	}
	return []any{c.Key, c.Value}
}

func (templateTranslator) Translate(c search.Clause) (search.Condition, error) {
	return search.Condition{SQL: template(c), Args: clauseArgs(c)}, nil
}

// quote renders s as a single-quoted query string.
func quote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// render writes a parsed query back as query text.
func render(q *search.Query) string {
	parts := make([]string, len(q.Clauses))
	for i, c := range q.Clauses {
		s := c.Field
		if c.Negate {
			s = "-" + s
		}
		if c.Kind == search.Map {
			s += "[" + quote(c.Key) + "]"
		}
		s += string(c.Op)
		switch {
		case c.Null:
			s += "null"
		case c.Kind == search.Number:
			s += quote(strconv.FormatInt(c.Number, 10))
		default:
			s += quote(c.Value)
		}
		parts[i] = s
	}
	joiner := " AND "
	if q.Or {
		joiner = " OR "
	}
	return strings.Join(parts, joiner)
}

func FuzzParse(f *testing.F) {
	for _, tc := range validCases {
		f.Add(tc.query)
	}
	for _, tc := range invalidCases {
		f.Add(tc.query)
	}
	f.Fuzz(func(t *testing.T, query string) {
		q, err := search.Parse(query, customerFields)
		if err != nil {
			if q != nil {
				t.Fatalf("Parse(%q) returned a query with error %v", query, err)
			}
			var se *search.Error
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error %T %v is not a *search.Error", query, err, err)
			}
			if se.Pos < 0 || se.Pos > len(query) {
				t.Fatalf("Parse(%q) error position %d is outside [0, %d]: %v", query, se.Pos, len(query), err)
			}
			if strings.TrimSpace(se.Message) == "" {
				t.Fatalf("Parse(%q) error has an empty message", query)
			}
			return
		}
		checkQuery(t, query, q)

		// The clauses round-trip through query text, when that text is
		// within the length limit: render quotes every value in single
		// quotes, so a value full of single quotes (written unescaped
		// inside double quotes) grows past MaxQuery when escaped.
		if text := render(q); len(text) <= search.MaxQuery {
			again, err := search.Parse(text, customerFields)
			if err != nil {
				t.Fatalf("Parse(%q) = %s, but its rendering %q does not parse: %v", query, dump(q), text, err)
			}
			if !sameClauses(q, again) {
				t.Fatalf("Parse(%q) = %s, but its rendering %q parses as %s", query, dump(q), text, dump(again))
			}
		}

		// SQL text comes from the translator's templates only; every value
		// is an argument.
		cond, err := search.SQL(q, templateTranslator{})
		if err != nil {
			t.Fatalf("SQL(%q): %v", query, err)
		}
		// The same query with every value and key blanked must give the
		// same SQL text: the text does not depend on them.
		blank := &search.Query{Or: q.Or, Clauses: append([]search.Clause(nil), q.Clauses...)}
		for i := range blank.Clauses {
			blank.Clauses[i].Value, blank.Clauses[i].Key, blank.Clauses[i].Number = "", "", 0
		}
		blankCond, err := search.SQL(blank, templateTranslator{})
		if err != nil {
			t.Fatalf("SQL(blanked %q): %v", query, err)
		}
		if cond.SQL != blankCond.SQL {
			t.Fatalf("SQL(%q) = %q depends on the values: blanked, it is %q", query, cond.SQL, blankCond.SQL)
		}
		for _, c := range q.Clauses {
			for _, v := range []string{c.Value, c.Key} {
				// A value that is also fixed text (such as "=", "AND" or
				// "email") is in the SQL whatever the values are.
				if v != "" && strings.Contains(cond.SQL, v) && !strings.Contains(blankCond.SQL, v) {
					t.Fatalf("SQL(%q) = %q contains the value %q", query, cond.SQL, v)
				}
			}
		}
		var parts []string
		var negate []bool
		var args []any
		for _, c := range q.Clauses {
			parts = append(parts, "("+template(c)+")")
			negate = append(negate, c.Negate)
			args = append(args, clauseArgs(c)...)
		}
		if !onlyTemplates(cond.SQL, parts, negate, q.Or) {
			t.Fatalf("SQL(%q) = %q is not the translator's templates, negated as the clauses are, joined by OR=%t", query, cond.SQL, q.Or)
		}
		if !reflect.DeepEqual(cond.Args, args) {
			t.Fatalf("SQL(%q) args = %#v, want %#v", query, cond.Args, args)
		}
	})
}

// checkQuery checks the invariants of a successfully parsed query.
func checkQuery(t *testing.T, query string, q *search.Query) {
	t.Helper()
	if n := len(q.Clauses); n < 1 || n > search.MaxClauses {
		t.Fatalf("Parse(%q) has %d clauses", query, n)
	}
	if len(query) > search.MaxQuery {
		t.Fatalf("Parse accepted a query of %d bytes", len(query))
	}
	last := -1
	for _, c := range q.Clauses {
		kind, ok := customerFields[c.Field]
		if !ok {
			t.Fatalf("Parse(%q): clause on unknown field %q", query, c.Field)
		}
		if c.Kind != kind {
			t.Fatalf("Parse(%q): field %s has kind %v, want %v", query, c.Field, c.Kind, kind)
		}
		if !opAllowed(kind, c.Op) {
			t.Fatalf("Parse(%q): operator %q on %s", query, c.Op, c.Field)
		}
		if c.Op == search.OpSubstr && utf8.RuneCountInString(c.Value) < search.MinSubstring {
			t.Fatalf("Parse(%q): substring %q is shorter than %d characters", query, c.Value, search.MinSubstring)
		}
		if c.Null && (c.Op != search.OpEq || kind == search.Number || c.Value != "") {
			t.Fatalf("Parse(%q): bad null clause %+v", query, c)
		}
		if kind == search.Number && c.Value != "" {
			t.Fatalf("Parse(%q): number clause with a string value %+v", query, c)
		}
		if kind != search.Number && c.Number != 0 {
			t.Fatalf("Parse(%q): string clause with a number %+v", query, c)
		}
		if kind != search.Map && c.Key != "" {
			t.Fatalf("Parse(%q): key on a non-map field %+v", query, c)
		}
		if c.Pos <= last || c.Pos >= len(query) {
			t.Fatalf("Parse(%q): clause position %d after %d", query, c.Pos, last)
		}
		last = c.Pos
		prefix := c.Field
		if c.Negate {
			prefix = "-"
		}
		if !strings.HasPrefix(query[c.Pos:], prefix) {
			t.Fatalf("Parse(%q): clause at %d does not start with %q", query, c.Pos, prefix)
		}
	}
}

func opAllowed(k search.Kind, op search.Op) bool {
	switch k {
	case search.String:
		return op == search.OpEq || op == search.OpSubstr
	case search.Map:
		return op == search.OpEq
	case search.Number:
		switch op {
		case search.OpEq, search.OpNumEq, search.OpGT, search.OpLT, search.OpGTE, search.OpLTE:
			return true
		}
	}
	return false
}

// sameClauses compares two queries ignoring positions.
func sameClauses(a, b *search.Query) bool {
	if a.Or != b.Or && len(a.Clauses) > 1 || len(a.Clauses) != len(b.Clauses) {
		return false
	}
	for i := range a.Clauses {
		x, y := a.Clauses[i], b.Clauses[i]
		x.Pos, y.Pos = 0, 0
		if x != y {
			return false
		}
	}
	return true
}

// onlyTemplates reports whether sql is the parts, negated where asked,
// joined by AND or OR and wrapped in parentheses: SQL adds nothing else.
func onlyTemplates(sql string, parts []string, negate []bool, or bool) bool {
	joiner := " AND "
	if or {
		joiner = " OR "
	}
	rest, ok := strings.CutPrefix(sql, "(")
	if !ok {
		return false
	}
	for i, p := range parts {
		if i > 0 {
			if rest, ok = strings.CutPrefix(rest, joiner); !ok {
				return false
			}
		}
		if !negate[i] {
			if rest, ok = strings.CutPrefix(rest, p); !ok {
				return false
			}
			continue
		}
		// Negation: NOT followed by the part, possibly wrapped (as in NOT
		// COALESCE(part, FALSE)), with no other text.
		if rest, ok = strings.CutPrefix(rest, "NOT "); !ok {
			return false
		}
		if r, ok := strings.CutPrefix(rest, "COALESCE("+p+", FALSE)"); ok {
			rest = r
		} else if rest, ok = strings.CutPrefix(rest, p); !ok {
			return false
		}
	}
	return rest == ")"
}
