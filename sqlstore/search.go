package sqlstore

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"remit"
	"remit/search"
)

// customerSearch translates search clauses over the customers table,
// aliased c, of one scope. Every value goes into an argument; the SQL text
// comes only from the fixed fragments below.
type customerSearch struct {
	scope remit.Scope
	// created is the column that created clauses compare: c.created_ns, or
	// m.created_ns (the same value) when the metadata index drives, so that
	// the range narrows that index instead of tempting the planner to look
	// customers up through customers_by_created.
	created string
	// postgres selects PostgreSQL's SQL: substring clauses are LIKE on the
	// folded column, which a pg_trgm GIN index serves.
	postgres bool
}

// stringColumns are the case-folded columns of the String fields, with the
// field letter of their trigram tokens.
var stringColumns = map[string]struct {
	column string
	field  byte
}{
	"email": {"c.email_ci", trigramEmail},
	"name":  {"c.name_ci", trigramName},
	"phone": {"c.phone_ci", trigramPhone},
}

func (t customerSearch) Translate(cl search.Clause) (search.Condition, error) {
	switch cl.Kind {
	case search.Number:
		column := t.created
		if column == "" {
			column = "c.created_ns"
		}
		return createdCondition(column, cl), nil
	case search.Map:
		if cl.Null {
			return search.Condition{
				SQL:  "c.id NOT IN (SELECT customer_id FROM customer_metadata WHERE account_id = ? AND livemode = ? AND key = ?)",
				Args: []any{t.scope.Account, t.scope.Livemode, cl.Key},
			}, nil
		}
		return search.Condition{
			SQL:  "c.id IN (SELECT customer_id FROM customer_metadata WHERE account_id = ? AND livemode = ? AND key = ? AND value = ?)",
			Args: []any{t.scope.Account, t.scope.Livemode, cl.Key, cl.Value},
		}, nil
	}
	col, ok := stringColumns[cl.Field]
	if !ok {
		return search.Condition{}, fmt.Errorf("sqlstore: no column for search field %q", cl.Field)
	}
	switch {
	case cl.Null:
		return search.Condition{SQL: col.column + " IS NULL"}, nil
	case cl.Op == search.OpSubstr && t.postgres:
		return pgSubstring(col.column, fold(cl.Value)), nil
	case cl.Op == search.OpSubstr:
		v := fold(cl.Value)
		return search.Condition{
			SQL:  "c.rowid IN (SELECT docid FROM customer_trigrams WHERE customer_trigrams MATCH ?) AND instr(" + col.column + ", ?) > 0",
			Args: []any{matchExpr(t.scope, col.field, v), v},
		}, nil
	}
	return search.Condition{SQL: col.column + " = ?", Args: []any{fold(cl.Value)}}, nil
}

// pgSubstring is a substring clause on PostgreSQL. pg_trgm's GIN index
// answers LIKE '%pattern%' by intersecting the posting lists of every
// trigram of the pattern, and a common one ("er ", "son") holds most rows.
// So, as on SQLite, the index is asked only for the rarest few alphanumeric
// trigrams (each a LIKE of its own), and strpos, which no index serves,
// decides exactly. A pattern without such trigrams is one plain LIKE.
func pgSubstring(column, v string) search.Condition {
	var rare []string
	for _, t := range trigrams(v) {
		if isAlnum(t) {
			rare = append(rare, t)
		}
	}
	if len(rare) == 0 {
		return search.Condition{SQL: column + ` LIKE ? ESCAPE '\'`, Args: []any{likeContains(v)}}
	}
	sort.SliceStable(rare, func(i, j int) bool { return trigramCost(rare[i]) < trigramCost(rare[j]) })
	if len(rare) > maxQueryTrigrams {
		rare = rare[:maxQueryTrigrams]
	}
	var cond search.Condition
	for _, t := range rare {
		cond.SQL += column + ` LIKE ? ESCAPE '\' AND `
		cond.Args = append(cond.Args, likeContains(t))
	}
	cond.SQL += "strpos(" + column + ", ?) > 0"
	cond.Args = append(cond.Args, v)
	return cond
}

// isAlnum reports whether every character of s is a letter or a digit,
// the characters pg_trgm builds trigrams from.
func isAlnum(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// likeEscaper escapes LIKE's wildcards and its escape character.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// likeContains returns the LIKE pattern (escape character \) that matches
// the strings containing v.
func likeContains(v string) string { return "%" + likeEscaper.Replace(v) + "%" }

// createdCondition compares created (seconds) with a created_ns column.
func createdCondition(column string, c search.Clause) search.Condition {
	const ns = 1_000_000_000
	v := clampSeconds(c.Number)
	switch c.Op {
	case search.OpGT:
		return search.Condition{SQL: column + " >= ?", Args: []any{(v + 1) * ns}}
	case search.OpGTE:
		return search.Condition{SQL: column + " >= ?", Args: []any{v * ns}}
	case search.OpLT:
		return search.Condition{SQL: column + " < ?", Args: []any{v * ns}}
	case search.OpLTE:
		return search.Condition{SQL: column + " < ?", Args: []any{(v + 1) * ns}}
	}
	return search.Condition{SQL: column + " >= ? AND " + column + " < ?", Args: []any{v * ns, (v + 1) * ns}}
}

// searchPlan is the SQL of one search: which table drives it, the
// condition, and the columns that order it.
type searchPlan struct {
	from  string
	where string
	args  []any
	order [2]string // the created_ns and id columns to order and page by
}

// planSearch decides how a search runs. Left alone, SQLite's planner walks
// the created index in order and filters, which is right when most
// customers match and a disaster when few do. So when an AND query has a
// positive clause that an index answers selectively, that clause drives:
// metadata through its index (already in created order, so a page stops
// early), substrings through the trigram index (the candidates are then
// sorted). Exact string clauses need no help: their indexes also carry the
// created order, and the planner takes them.
//
// On PostgreSQL only metadata clauses drive (through a plain join: its
// planner orders joins itself); substring clauses are LIKE conditions
// that its planner answers with the pg_trgm indexes when they pay.
func planSearch(d dialect, s remit.Scope, q *search.Query) (*searchPlan, error) {
	p := &searchPlan{from: "customers c", order: [2]string{"c.created_ns", "c.id"}}
	rest := q
	driver := -1
	if !q.Or {
		for i, c := range q.Clauses {
			if c.Negate || c.Null {
				continue
			}
			if c.Kind == search.Map {
				driver = i
				break
			}
			if c.Op == search.OpSubstr && driver < 0 && !d.postgres() {
				driver = i
			}
		}
	}
	var driverWhere string
	var driverArgs []any
	tr := customerSearch{scope: s, postgres: d.postgres()}
	if driver >= 0 {
		c := q.Clauses[driver]
		rest = &search.Query{Clauses: append(append([]search.Clause{}, q.Clauses[:driver]...), q.Clauses[driver+1:]...)}
		if c.Kind == search.Map {
			// CROSS JOIN keeps this join order: SQLite never reorders it.
			p.from = "customer_metadata m CROSS JOIN customers c ON c.account_id = m.account_id AND c.id = m.customer_id"
			if d.postgres() {
				p.from = "customer_metadata m JOIN customers c ON c.account_id = m.account_id AND c.id = m.customer_id"
			}
			p.order = [2]string{"m.created_ns", "m.customer_id"}
			tr.created = "m.created_ns"
			driverWhere = "m.account_id = ? AND m.livemode = ? AND m.key = ? AND m.value = ?"
			driverArgs = []any{s.Account, s.Livemode, c.Key, c.Value}
		} else {
			col := stringColumns[c.Field]
			v := fold(c.Value)
			p.from = "customer_trigrams CROSS JOIN customers c ON c.rowid = customer_trigrams.docid"
			driverWhere = "customer_trigrams MATCH ? AND instr(" + col.column + ", ?) > 0"
			driverArgs = []any{matchExpr(s, col.field, v), v}
		}
	}
	p.where = "c.account_id = ? AND c.livemode = ? AND c.deleted = 0"
	p.args = []any{s.Account, s.Livemode}
	if driverWhere != "" {
		p.where += " AND " + driverWhere
		p.args = append(p.args, driverArgs...)
	}
	if len(rest.Clauses) > 0 {
		cond, err := search.SQL(rest, tr)
		if err != nil {
			return nil, err
		}
		p.where += " AND " + cond.SQL
		p.args = append(p.args, cond.Args...)
	}
	return p, nil
}

func (t *tx) SearchCustomers(ctx context.Context, s remit.Scope, f remit.CustomerSearch) (*remit.CustomerSearchResult, error) {
	p, err := planSearch(t.s.d, s, f.Query)
	if err != nil {
		return nil, err
	}
	res := &remit.CustomerSearchResult{Customers: make([]*remit.Customer, 0, f.Limit)}
	if f.Total {
		if err := t.queryRow(ctx, "SELECT count(*) FROM "+p.from+" WHERE "+p.where, p.args...).Scan(&res.Total); err != nil {
			return nil, err
		}
	}
	where, args := p.where, p.args
	if f.After != nil {
		where += " AND (" + p.order[0] + ", " + p.order[1] + ") < (?, ?)"
		args = append(append([]any{}, args...), f.After.CreatedNano, f.After.ID)
	}
	rows, err := t.query(ctx, "SELECT c.data, c.deleted, c.created_ns FROM "+p.from+" WHERE "+where+
		" ORDER BY "+p.order[0]+" DESC, "+p.order[1]+" DESC LIMIT ?", append(args, f.Limit+1)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		if len(res.Customers) == f.Limit {
			res.HasMore = true
			break
		}
		var c remit.Customer
		if err := scanCustomer(rows, &c); err != nil {
			return nil, err
		}
		res.Customers = append(res.Customers, &c)
	}
	return res, rows.Err()
}
