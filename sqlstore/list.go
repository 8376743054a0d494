package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"remit"
)

// listQuery describes a newest-first list over one tenant table whose rows
// carry account_id, livemode, id and created_ns.
type listQuery struct {
	scope  remit.Scope
	table  string
	cols   string // selected columns, scanned by the caller
	where  []string
	args   []any
	page   remit.Page
	cursor string // resource name for "No such ..." cursor errors
}

// The created filter is in seconds; rows keep nanoseconds. Bounds beyond
// this range match everything or nothing, and never overflow.
const maxSeconds = 9_000_000_000

func clampSeconds(v int64) int64 { return min(max(v, -maxSeconds), maxSeconds) }

// run executes the query and returns the rows of one page, in newest-first
// order, and whether more rows exist in the paging direction.
func (q *listQuery) run(ctx context.Context, t *tx, scan func(*sql.Rows) error) (bool, error) {
	where := append([]string{"account_id = ?", "livemode = ?"}, q.where...)
	args := append([]any{q.scope.Account, q.scope.Livemode}, q.args...)
	c := q.page.Created
	const ns = 1_000_000_000
	if c.Equals != nil {
		where = append(where, "created_ns >= ?", "created_ns < ?")
		args = append(args, clampSeconds(*c.Equals)*ns, (clampSeconds(*c.Equals)+1)*ns)
	}
	if c.GT != nil {
		where, args = append(where, "created_ns >= ?"), append(args, (clampSeconds(*c.GT)+1)*ns)
	}
	if c.GTE != nil {
		where, args = append(where, "created_ns >= ?"), append(args, clampSeconds(*c.GTE)*ns)
	}
	if c.LT != nil {
		where, args = append(where, "created_ns < ?"), append(args, clampSeconds(*c.LT)*ns)
	}
	if c.LTE != nil {
		where, args = append(where, "created_ns < ?"), append(args, (clampSeconds(*c.LTE)+1)*ns)
	}
	order := "DESC"
	cursorID, cursorParam, cmp := q.page.StartingAfter, "starting_after", "<"
	if q.page.EndingBefore != "" {
		cursorID, cursorParam, cmp, order = q.page.EndingBefore, "ending_before", ">", "ASC"
	}
	if cursorID != "" {
		var created int64
		err := t.queryRow(ctx, `SELECT created_ns FROM `+q.table+` WHERE account_id = ? AND id = ? AND livemode = ?`,
			q.scope.Account, cursorID, q.scope.Livemode).Scan(&created)
		if errors.Is(err, sql.ErrNoRows) {
			return false, remit.MissingParam(q.cursor, cursorParam, cursorID)
		}
		if err != nil {
			return false, err
		}
		where = append(where, "(created_ns, id) "+cmp+" (?, ?)")
		args = append(args, created, cursorID)
	}
	query := "SELECT " + q.cols + " FROM " + q.table + " WHERE " + strings.Join(where, " AND ") +
		" ORDER BY created_ns " + order + ", id " + order + " LIMIT ?"
	args = append(args, q.page.Limit+1)
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		if n++; n > q.page.Limit {
			break
		}
		if err := scan(rows); err != nil {
			return false, err
		}
	}
	return n > q.page.Limit, rows.Err()
}

// listOf runs q and scans each row into a new T; pages read backwards
// (ending_before) are put back in newest-first order.
func listOf[T any](ctx context.Context, t *tx, q listQuery, scan func(scanner, *T) error) ([]*T, bool, error) {
	out := make([]*T, 0, q.page.Limit)
	more, err := q.run(ctx, t, func(r *sql.Rows) error {
		v := new(T)
		if err := scan(r, v); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	if q.page.EndingBefore != "" {
		reverse(out)
	}
	return out, more, err
}

// findOne scans the row of a single-row query into a new T; no row is
// remit.ErrNotFound.
func findOne[T any](row *sql.Row, scan func(scanner, *T) error) (*T, error) {
	v := new(T)
	if err := scan(row, v); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, remit.ErrNotFound
		}
		return nil, err
	}
	return v, nil
}

// execOne runs a write that must change exactly one row; none is
// remit.ErrNotFound.
func (t *tx) execOne(ctx context.Context, query string, args ...any) error {
	res, err := t.exec(ctx, query, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return remit.ErrNotFound
	}
	return nil
}
