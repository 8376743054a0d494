// Package search implements Stripe's Search Query Language for remit: a
// lexer and parser that turn a query such as
//
//	email:'jenny@example.com' AND metadata['plan']:'pro' AND -name~'test'
//
// into an AST of clauses, checked against the fields a resource allows, and
// a translation of that AST into an SQL condition with bound parameters only:
// no text of the query ever becomes SQL.
package search

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokenKind int

const (
	tokEOF    tokenKind = iota
	tokIdent            // field names, AND, OR, null, unquoted numbers
	tokString           // a quoted value, unescaped
	tokOp               // : ~ > < >= <= =
	tokMinus            // - (negation)
	tokLBracket
	tokRBracket
)

type token struct {
	kind tokenKind
	text string
	pos  int // byte offset in the query, for error messages
}

func (k tokenKind) String() string {
	switch k {
	case tokEOF:
		return "end of query"
	case tokIdent:
		return "word"
	case tokString:
		return "quoted string"
	case tokOp:
		return "operator"
	case tokMinus:
		return "'-'"
	case tokLBracket:
		return "'['"
	case tokRBracket:
		return "']'"
	}
	return "token"
}

// lex splits a query into tokens.
func lex(q string) ([]token, error) {
	var out []token
	i := 0
	for i < len(q) {
		r, size := utf8.DecodeRuneInString(q[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r == '\'' || r == '"':
			s, n, err := lexString(q, i)
			if err != nil {
				return nil, err
			}
			out = append(out, token{tokString, s, i})
			i += n
		case r == ':' || r == '~' || r == '=':
			out = append(out, token{tokOp, string(r), i})
			i++
		case r == '>' || r == '<':
			op := string(r)
			if i+1 < len(q) && q[i+1] == '=' {
				op += "="
			}
			out = append(out, token{tokOp, op, i})
			i += len(op)
		case r == '-':
			out = append(out, token{tokMinus, "-", i})
			i++
		case r == '[':
			out = append(out, token{tokLBracket, "[", i})
			i++
		case r == ']':
			out = append(out, token{tokRBracket, "]", i})
			i++
		case isWordRune(r):
			start := i
			for i < len(q) {
				r, size := utf8.DecodeRuneInString(q[i:])
				if !isWordRune(r) {
					break
				}
				i += size
			}
			out = append(out, token{tokIdent, q[start:i], start})
		default:
			return nil, errorAt(i, "unexpected character %q: expected a field name, an operator (: ~ = > < >= <=), a quoted value, - to negate, or [ ] around a metadata key; parentheses and ! are not supported", r)
		}
	}
	return append(out, token{tokEOF, "", len(q)}), nil
}

func isWordRune(r rune) bool {
	return r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// lexString reads a quoted string starting at q[start]; a backslash escapes
// the next character. It returns the unescaped value and the bytes consumed.
func lexString(q string, start int) (string, int, error) {
	quote := q[start]
	var b strings.Builder
	for i := start + 1; i < len(q); i++ {
		switch c := q[i]; {
		case c == '\\':
			if i+1 >= len(q) {
				return "", 0, errorAt(i, "a backslash must be followed by the character it escapes")
			}
			i++
			b.WriteByte(q[i])
		case c == quote:
			return b.String(), i + 1 - start, nil
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, errorAt(start, "the string that starts here is never closed with %c", quote)
}

// Error is a malformed or unsupported query; Pos is the byte offset where
// the problem was found.
type Error struct {
	Pos     int
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s (at position %d)", e.Message, e.Pos)
}

func errorAt(pos int, format string, args ...any) *Error {
	return &Error{Pos: pos, Message: fmt.Sprintf(format, args...)}
}
