package sqlstore

import (
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
)

// dialect holds everything that differs between SQL engines.
type dialect struct {
	name string
	// rebind turns the portable SQL (? placeholders, 0/1 literals for the
	// boolean columns) into the engine's own.
	rebind func(query string) string
	// isUnique reports whether err is a unique-constraint violation,
	// primary keys included.
	isUnique func(err error) bool
}

// postgres reports whether d is PostgreSQL's dialect. What only SQLite has
// (rowid, the FTS4 trigram documents, the writer goroutine, PRAGMAs) is
// skipped on PostgreSQL.
func (d dialect) postgres() bool { return d.name == "postgres" }

var sqliteDialect = dialect{
	name:   "sqlite",
	rebind: func(q string) string { return q },
	isUnique: func(err error) bool {
		var e sqlite3.Error
		return errors.As(err, &e) &&
			(e.ExtendedCode == sqlite3.ErrConstraintUnique || e.ExtendedCode == sqlite3.ErrConstraintPrimaryKey)
	},
}

var postgresDialect = dialect{
	name:   "postgres",
	rebind: rebindPostgres,
	isUnique: func(err error) bool {
		var e *pgconn.PgError
		return errors.As(err, &e) && e.Code == "23505"
	},
}

// boolLiterals rewrite the comparisons of boolean columns with literals.
// The queries are written with 0 and 1 because SQLite uses its partial
// indexes (WHERE deleted = 0) only for a term that is the same expression:
// deleted = FALSE would not use them. PostgreSQL's columns are BOOLEAN, and
// its planner reads deleted = FALSE as NOT deleted, the predicate of its
// partial indexes.
var boolLiterals = strings.NewReplacer(
	"deleted = 0", "deleted = FALSE",
	"active = 1", "active = TRUE",
	"active = 0", "active = FALSE",
)

// rebound caches PostgreSQL's form of each query. Searches take shapes
// from the request, so the cache stops growing at maxRebound entries.
var (
	reboundMu sync.RWMutex
	rebound   = map[string]string{}
)

const maxRebound = 4096

// rebindPostgres turns ? placeholders into $1..$n and 0/1 literals of the
// boolean columns into FALSE/TRUE. remit's SQL has no ? and no such
// literal inside string literals: every value is a bound parameter.
func rebindPostgres(q string) string {
	reboundMu.RLock()
	v, ok := rebound[q]
	reboundMu.RUnlock()
	if ok {
		return v
	}
	s := boolLiterals.Replace(q)
	var b strings.Builder
	b.Grow(len(s) + 16)
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(s[i])
	}
	out := b.String()
	reboundMu.Lock()
	if len(rebound) < maxRebound {
		rebound[q] = out
	}
	reboundMu.Unlock()
	return out
}

// isRetryable reports whether err is a serialization failure or a
// deadlock: PostgreSQL aborted the transaction, and running it again from
// the start may succeed.
func isRetryable(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && (e.Code == "40001" || e.Code == "40P01")
}

// errUnique marks a unique-constraint violation; callers turn it into the
// Stripe error that fits the constraint.
var errUnique = errors.New("sqlstore: unique constraint violated")

// translate maps driver errors to the store's own at the boundary.
func (d dialect) translate(err error) error {
	if d.isUnique(err) {
		return errors.Join(errUnique, err)
	}
	return err
}
