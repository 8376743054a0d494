package search_test

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"remit/search"
)

// customerFields are the searchable customer fields, as remit declares them.
var customerFields = map[string]search.Kind{
	"created":  search.Number,
	"email":    search.String,
	"name":     search.String,
	"phone":    search.String,
	"metadata": search.Map,
}

// Clause constructors keep the tables short; Pos defaults to 0.
func str(field string, op search.Op, value string, pos int) search.Clause {
	return search.Clause{Field: field, Kind: search.String, Op: op, Value: value, Pos: pos}
}

func num(op search.Op, n int64, pos int) search.Clause {
	return search.Clause{Field: "created", Kind: search.Number, Op: op, Number: n, Pos: pos}
}

func meta(key, value string, pos int) search.Clause {
	return search.Clause{Field: "metadata", Kind: search.Map, Key: key, Op: search.OpEq, Value: value, Pos: pos}
}

func neg(c search.Clause) search.Clause { c.Negate = true; return c }

func null(c search.Clause) search.Clause { c.Null = true; c.Value = ""; return c }

func and(cs ...search.Clause) *search.Query { return &search.Query{Clauses: cs} }

func or(cs ...search.Clause) *search.Query { return &search.Query{Clauses: cs, Or: true} }

// tenCreated is created>0 created>1 ... created>n-1, each clause 10 bytes
// apart ("created>N " with a one-digit N).
func nCreated(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("created>")
		b.WriteByte(byte('0' + i%10))
	}
	return b.String()
}

var validCases = []struct {
	name  string
	query string
	want  *search.Query
}{
	{"single quotes", `email:'jenny@example.com'`, and(str("email", search.OpEq, "jenny@example.com", 0))},
	{"double quotes", `email:"jenny@example.com"`, and(str("email", search.OpEq, "jenny@example.com", 0))},
	{"escaped single quote", `name:'O\'Brien'`, and(str("name", search.OpEq, "O'Brien", 0))},
	{"escaped double quote", `name:"say \"hi\""`, and(str("name", search.OpEq, `say "hi"`, 0))},
	{"escaped backslash", `name:'back\\slash'`, and(str("name", search.OpEq, `back\slash`, 0))},
	{"trailing escaped backslash", `name:'a\\'`, and(str("name", search.OpEq, `a\`, 0))},
	{"other quote kind unescaped", `name:"it's"`, and(str("name", search.OpEq, "it's", 0))},
	{"escaped ordinary character", `name:'\a\b'`, and(str("name", search.OpEq, "ab", 0))},
	{"empty value", `email:''`, and(str("email", search.OpEq, "", 0))},
	{"quoted null is a value", `phone:'null'`, and(str("phone", search.OpEq, "null", 0))},
	{"substring", `name~'jen'`, and(str("name", search.OpSubstr, "jen", 0))},
	{"negation", `-email:'a@b.co'`, and(neg(str("email", search.OpEq, "a@b.co", 0)))},
	{"negation with space", `- email:'a@b.co'`, and(neg(str("email", search.OpEq, "a@b.co", 0)))},
	{"created >", `created>1620310503`, and(num(search.OpGT, 1620310503, 0))},
	{"created >=", `created>=1`, and(num(search.OpGTE, 1, 0))},
	{"created <=", `created<=2`, and(num(search.OpLTE, 2, 0))},
	{"created <", `created<3`, and(num(search.OpLT, 3, 0))},
	{"created =", `created=4`, and(num(search.OpNumEq, 4, 0))},
	{"created :", `created:5`, and(num(search.OpEq, 5, 0))},
	{"spaces around operator", `created >= 6`, and(num(search.OpGTE, 6, 0))},
	{"quoted number", `created>'7'`, and(num(search.OpGT, 7, 0))},
	{"double-quoted number", `created<"8"`, and(num(search.OpLT, 8, 0))},
	{"zero", `created=0`, and(num(search.OpNumEq, 0, 0))},
	{"max int64", `created<9223372036854775807`, and(num(search.OpLT, 9223372036854775807, 0))},
	{"metadata", `metadata['plan']:'pro'`, and(meta("plan", "pro", 0))},
	{"metadata double-quoted key with space", `metadata["order id"]:'42'`, and(meta("order id", "42", 0))},
	{"metadata escaped key", `metadata['it\'s']:'x'`, and(meta("it's", "x", 0))},
	{"phone null", `phone:null`, and(null(str("phone", search.OpEq, "", 0)))},
	{"metadata null", `metadata['k']:null`, and(null(meta("k", "", 0)))},
	{"negated metadata null", `-metadata['k']:null`, and(neg(null(meta("k", "", 0))))},
	{"AND", `email:'a@b.co' AND name:'x'`,
		and(str("email", search.OpEq, "a@b.co", 0), str("name", search.OpEq, "x", 19))},
	{"lower-case and", `email:'a@b.co' and name:'x'`,
		and(str("email", search.OpEq, "a@b.co", 0), str("name", search.OpEq, "x", 19))},
	{"OR", `email:'a@b.co' OR name:'x'`,
		or(str("email", search.OpEq, "a@b.co", 0), str("name", search.OpEq, "x", 18))},
	{"mixed-case Or", `email:'a@b.co' Or -name:'x'`,
		or(str("email", search.OpEq, "a@b.co", 0), neg(str("name", search.OpEq, "x", 18)))},
	{"three ORs", `phone:null OR created<3 or metadata['a']:'b'`,
		or(null(str("phone", search.OpEq, "", 0)), num(search.OpLT, 3, 14), meta("a", "b", 27))},
	{"whitespace means AND", `email:'a@b.co' name:'x'`,
		and(str("email", search.OpEq, "a@b.co", 0), str("name", search.OpEq, "x", 15))},
	{"whitespace and AND together", "email:'a@b.co'\tname:'x'\nAND created>1",
		and(str("email", search.OpEq, "a@b.co", 0), str("name", search.OpEq, "x", 15), num(search.OpGT, 1, 28))},
	{"AND-like word inside a value", `name:'AND' OR email:'or'`,
		or(str("name", search.OpEq, "AND", 0), str("email", search.OpEq, "or", 14))},
	{"10 clauses", nCreated(10), and(
		num(search.OpGT, 0, 0), num(search.OpGT, 1, 10), num(search.OpGT, 2, 20), num(search.OpGT, 3, 30),
		num(search.OpGT, 4, 40), num(search.OpGT, 5, 50), num(search.OpGT, 6, 60), num(search.OpGT, 7, 70),
		num(search.OpGT, 8, 80), num(search.OpGT, 9, 90))},
	{"unicode value", `name:'Zoë 日本'`, and(str("name", search.OpEq, "Zoë 日本", 0))},
	{"unicode substring of 3 runes", `name~'日本語'`, and(str("name", search.OpSubstr, "日本語", 0))},
	{"unicode metadata", `metadata['clé']:'värde'`, and(meta("clé", "värde", 0))},
	{"byte positions after unicode", `name:'日本' AND email:'x'`,
		and(str("name", search.OpEq, "日本", 0), str("email", search.OpEq, "x", 18))},
	{"leading and trailing space", "  email:'x'  ", and(str("email", search.OpEq, "x", 2))},
	{"query of exactly MaxQuery bytes", `name:'` + strings.Repeat("a", search.MaxQuery-7) + `'`,
		and(str("name", search.OpEq, strings.Repeat("a", search.MaxQuery-7), 0))},
}

var invalidCases = []struct {
	name  string
	query string
	pos   int
	msg   string // a fragment of the message
}{
	{"empty", ``, 0, "expected a clause"},
	{"only whitespace", " \t\n", 0, "expected a clause"},
	{"unknown field", `foo:'x'`, 0, "use one of created, email, metadata['key'], name, phone"},
	{"field names are case-sensitive", `email:'a' AND Email:'b'`, 14, `"Email" is not a searchable field`},
	{"unquoted string", `email:jenny`, 6, "expected a quoted value after email: (e.g. email:'value')"},
	{"unquoted null-like word", `email:NULL`, 6, "expected a quoted value"},
	{"operator not allowed on string", `email>'a'`, 5, "it takes : (exact) and ~ (substring)"},
	{"= not allowed on string", `name='a'`, 4, "cannot be used on name"},
	{"substring not allowed on number", `created~'123'`, 7, "it takes :, =, >, <, >= and <="},
	{"substring not allowed on metadata", `metadata['k']~'abc'`, 13, "it takes : (exact)"},
	{"metadata without key", `metadata:'x'`, 8, "expected [ after metadata, as in metadata['key']"},
	{"unquoted metadata key", `metadata[plan]:'x'`, 9, "expected a quoted key inside metadata[...]"},
	{"unclosed metadata key", `metadata['plan':'x'`, 15, "expected ] after metadata['plan'"},
	{"substring too short", `name~'ab'`, 5, "needs at least 3 characters"},
	{"unicode substring too short", `name~'日本'`, 5, "needs at least 3 characters"},
	{"substring null", `name~null`, 5, "expected a quoted value"},
	{"number is a word", `created>abc`, 8, `expected an integer after created>, found "abc"`},
	{"number is a decimal", `created>1.5`, 8, "expected an integer"},
	{"number is negative", `created>-5`, 8, "expected a number after created>"},
	{"number overflows", `created>9223372036854775808`, 8, "expected an integer"},
	{"created null", `created:null`, 8, "expected an integer"},
	{"missing value", `email:`, 6, "expected a quoted value after email:"},
	{"missing operator", `email 'x'`, 6, "expected an operator after email"},
	{"doubled operator", `created>>5`, 8, "expected a number"},
	{"AND then OR", `email:'a' AND name:'b' OR phone:null`, 23, "AND and OR cannot be combined"},
	{"OR then whitespace AND", `email:'a' OR name:'b' phone:null`, 22, "AND and OR cannot be combined"},
	{"11 clauses", nCreated(11), 100, "at most 10 clauses"},
	{"unterminated string", `name:'abc`, 5, "never closed with '"},
	{"unterminated double-quoted string", `name:"abc\"`, 5, `never closed with "`},
	{"trailing backslash", `name:'abc\`, 9, "backslash must be followed by the character it escapes"},
	{"stray )", `email:'a' )`, 10, "expected a field name"},
	{"parentheses", `(email:'a')`, 0, "expected a field name"},
	{"stray !", `!email:'a'`, 0, "expected a field name"},
	{"trailing AND", `email:'a' AND`, 13, "expected a field name, found the end of the query"},
	{"trailing OR", `email:'a' or  `, 14, "expected a field name, found the end of the query"},
	{"leading AND", `AND email:'a'`, 0, `"AND" is not a searchable field`},
	{"lone minus", `-`, 1, "expected a field name, found the end of the query"},
	{"double minus", `--email:'a'`, 1, "expected a field name, found '-'"},
	{"value as a clause", `email:'a' 'b'`, 10, `expected a field name, found quoted string "b"`},
	{"too long", strings.Repeat("a", search.MaxQuery+1), search.MaxQuery, "longer than 5000 bytes"},
	{"too long in bytes, not runes", `name:'` + strings.Repeat("é", 2500) + `'`, search.MaxQuery, "longer than 5000 bytes"},
}

func TestParseValid(t *testing.T) {
	for _, tc := range validCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := search.Parse(tc.query, customerFields)
			if err != nil {
				t.Fatalf("Parse(%q): %v", short(tc.query), err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Parse(%q)\n got %s\nwant %s", short(tc.query), dump(got), dump(tc.want))
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	for _, tc := range invalidCases {
		t.Run(tc.name, func(t *testing.T) {
			q, err := search.Parse(tc.query, customerFields)
			if err == nil {
				t.Fatalf("Parse(%q) = %s, want an error", short(tc.query), dump(q))
			}
			if q != nil {
				t.Errorf("Parse(%q) returned a query with its error", short(tc.query))
			}
			var se *search.Error
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error %T %v is not a *search.Error", short(tc.query), err, err)
			}
			if se.Pos != tc.pos {
				t.Errorf("Parse(%q) error at %d, want %d: %v", short(tc.query), se.Pos, tc.pos, err)
			}
			if !strings.Contains(se.Message, tc.msg) {
				t.Errorf("Parse(%q) message %q does not contain %q", short(tc.query), se.Message, tc.msg)
			}
			if !strings.Contains(err.Error(), se.Message) || !strings.HasSuffix(err.Error(), "(at position "+strconv.Itoa(tc.pos)+")") {
				t.Errorf("Error() = %q, want the message and the position", err.Error())
			}
		})
	}
}

// short abbreviates a long query in failure messages.
func short(q string) string {
	if len(q) > 60 {
		return q[:40] + "..." + q[len(q)-10:]
	}
	return q
}

// dump prints a query with long values abbreviated.
func dump(q *search.Query) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Or=%t", q.Or)
	for _, c := range q.Clauses {
		c.Value, c.Key = short(c.Value), short(c.Key)
		fmt.Fprintf(&b, " %+v", c)
	}
	return b.String()
}

// valueTranslator is the fake translator of the SQL tests: every clause is
// "c" with its value bound.
type valueTranslator struct{ failOn string }

var errNoColumn = errors.New("no column")

func (v valueTranslator) Translate(c search.Clause) (search.Condition, error) {
	if c.Field == v.failOn {
		return search.Condition{}, errNoColumn
	}
	return search.Condition{SQL: "c", Args: []any{c.Value}}, nil
}

// notC is how SQL negates the fake translator's (c): NOT, with a NULL
// condition counted as false (so -email:'x' also matches a missing email).
const notC = `NOT COALESCE((c), FALSE)`

func TestSQL(t *testing.T) {
	cases := []struct {
		query string
		sql   string
		args  []any
	}{
		{`email:'a'`, `((c))`, []any{"a"}},
		{`-email:'a'`, `(` + notC + `)`, []any{"a"}},
		{`email:'a' name:'b'`, `((c) AND (c))`, []any{"a", "b"}},
		{`email:'a' AND -name:'b'`, `((c) AND ` + notC + `)`, []any{"a", "b"}},
		{`-email:'a' OR name:'b'`, `(` + notC + ` OR (c))`, []any{"a", "b"}},
		{`email:'3' or name:'2' OR phone:'1'`, `((c) OR (c) OR (c))`, []any{"3", "2", "1"}},
		{`-metadata['k']:null`, `(` + notC + `)`, []any{""}},
	}
	for _, tc := range cases {
		q, err := search.Parse(tc.query, customerFields)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.query, err)
		}
		cond, err := search.SQL(q, valueTranslator{})
		if err != nil {
			t.Fatalf("SQL(%q): %v", tc.query, err)
		}
		if cond.SQL != tc.sql || !reflect.DeepEqual(cond.Args, tc.args) {
			t.Errorf("SQL(%q) = %q %#v, want %q %#v", tc.query, cond.SQL, cond.Args, tc.sql, tc.args)
		}
	}
}

func TestSQLTranslatorError(t *testing.T) {
	q, err := search.Parse(`email:'a' AND name:'b'`, customerFields)
	if err != nil {
		t.Fatal(err)
	}
	cond, err := search.SQL(q, valueTranslator{failOn: "name"})
	if !errors.Is(err, errNoColumn) {
		t.Fatalf("SQL error = %v, want %v", err, errNoColumn)
	}
	if cond.SQL != "" || cond.Args != nil {
		t.Errorf("SQL returned %+v with its error", cond)
	}
}
