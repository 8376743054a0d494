package search

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Kind is the type of a searchable field, which decides its operators.
type Kind int

const (
	// String fields take ":" (exact, case-insensitive), "~" (substring of at
	// least MinSubstring characters, case-insensitive) and null.
	String Kind = iota
	// Number fields take ":" "=" ">" "<" ">=" "<=" with an integer.
	Number
	// Map fields (metadata) are addressed as name['key'] and take ":" (exact,
	// case-sensitive) and null.
	Map
)

// Limits of the language, as Stripe documents them.
const (
	MaxClauses   = 10
	MinSubstring = 3
	MaxQuery     = 5000 // bytes
)

// Op is a clause's comparison.
type Op string

// Operators.
const (
	OpEq     Op = ":"
	OpSubstr Op = "~"
	OpNumEq  Op = "="
	OpGT     Op = ">"
	OpLT     Op = "<"
	OpGTE    Op = ">="
	OpLTE    Op = "<="
)

// Clause is one comparison of a query, e.g. -metadata['plan']:'pro'.
type Clause struct {
	Negate bool
	Field  string // e.g. "email", "metadata"
	Key    string // the map key for Map fields
	Kind   Kind
	Op     Op
	Null   bool   // field:null
	Value  string // string value (for Map and String fields)
	Number int64  // for Number fields
	Pos    int    // byte offset of the clause in the query
}

// Query is a parsed query: clauses joined all by AND or all by OR.
type Query struct {
	Clauses []Clause
	Or      bool
}

// Parse parses q against the searchable fields of a resource. Errors are
// *Error values that say what was expected and where.
func Parse(q string, fields map[string]Kind) (*Query, error) {
	if len(q) > MaxQuery {
		return nil, errorAt(MaxQuery, "the query is longer than %d bytes", MaxQuery)
	}
	if strings.TrimSpace(q) == "" {
		return nil, errorAt(0, "the query is empty: expected a clause such as email:'jenny@example.com'")
	}
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, fields: fields}
	return p.query()
}

type parser struct {
	toks   []token
	i      int
	fields map[string]Kind
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *parser) query() (*Query, error) {
	out := &Query{}
	joiner := "" // "AND" or "OR" once one is seen
	for {
		c, err := p.clause()
		if err != nil {
			return nil, err
		}
		out.Clauses = append(out.Clauses, c)
		if len(out.Clauses) > MaxClauses {
			return nil, errorAt(c.Pos, "a query may have at most %d clauses", MaxClauses)
		}
		t := p.peek()
		if t.kind == tokEOF {
			out.Or = joiner == "OR"
			return out, nil
		}
		j := "AND" // clauses separated by whitespace alone are ANDed
		if t.kind == tokIdent && (strings.EqualFold(t.text, "AND") || strings.EqualFold(t.text, "OR")) {
			j = strings.ToUpper(t.text)
			p.next()
		}
		if joiner != "" && joiner != j {
			return nil, errorAt(t.pos, "AND and OR cannot be combined in one query")
		}
		joiner = j
	}
}

func (p *parser) clause() (Clause, error) {
	start := p.peek()
	c := Clause{Pos: start.pos}
	if start.kind == tokMinus {
		c.Negate = true
		p.next()
	}
	name := p.next()
	if name.kind != tokIdent {
		return c, errorAt(name.pos, "expected a field name, found %s", describe(name))
	}
	kind, ok := p.fields[name.text]
	if !ok {
		return c, errorAt(name.pos, "%q is not a searchable field; use one of %s", name.text, fieldList(p.fields))
	}
	c.Field, c.Kind = name.text, kind
	if kind == Map {
		if t := p.next(); t.kind != tokLBracket {
			return c, errorAt(t.pos, "expected [ after %s, as in %s['key']", name.text, name.text)
		}
		key := p.next()
		if key.kind != tokString {
			return c, errorAt(key.pos, "expected a quoted key inside %s[...], found %s", name.text, describe(key))
		}
		if t := p.next(); t.kind != tokRBracket {
			return c, errorAt(t.pos, "expected ] after %s['%s'", name.text, key.text)
		}
		c.Key = key.text
	}
	op := p.next()
	if op.kind != tokOp {
		return c, errorAt(op.pos, "expected an operator after %s, found %s", name.text, describe(op))
	}
	c.Op = Op(op.text)
	if !allowed(kind, c.Op) {
		return c, errorAt(op.pos, "the operator %s cannot be used on %s; it takes %s", op.text, name.text, operators(kind))
	}
	v := p.next()
	switch {
	case v.kind == tokIdent && v.text == "null" && c.Op == OpEq && kind != Number:
		c.Null = true
	case kind == Number:
		if v.kind != tokIdent && v.kind != tokString {
			return c, errorAt(v.pos, "expected a number after %s%s, found %s", name.text, op.text, describe(v))
		}
		n, err := strconv.ParseInt(v.text, 10, 64)
		if err != nil {
			return c, errorAt(v.pos, "expected an integer after %s%s, found %q", name.text, op.text, v.text)
		}
		c.Number = n
	case v.kind != tokString:
		return c, errorAt(v.pos, "expected a quoted value after %s%s (e.g. %s%s'value'), found %s", name.text, op.text, name.text, op.text, describe(v))
	default:
		c.Value = v.text
		if c.Op == OpSubstr && utf8.RuneCountInString(v.text) < MinSubstring {
			return c, errorAt(v.pos, "a substring search (~) needs at least %d characters", MinSubstring)
		}
	}
	return c, nil
}

func allowed(k Kind, op Op) bool {
	switch k {
	case String:
		return op == OpEq || op == OpSubstr
	case Map:
		return op == OpEq
	}
	return op == OpEq || op == OpNumEq || op == OpGT || op == OpLT || op == OpGTE || op == OpLTE
}

func operators(k Kind) string {
	switch k {
	case String:
		return ": (exact) and ~ (substring)"
	case Map:
		return ": (exact)"
	}
	return ":, =, >, <, >= and <="
}

func describe(t token) string {
	if t.kind == tokEOF {
		return "the end of the query"
	}
	return t.kind.String() + " " + strconv.Quote(t.text)
}

func fieldList(fields map[string]Kind) string {
	names := make([]string, 0, len(fields))
	for n, k := range fields {
		if k == Map {
			n += "['key']"
		}
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
