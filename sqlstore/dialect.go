package sqlstore

import (
	"errors"

	"github.com/mattn/go-sqlite3"
)

// dialect holds everything that differs between SQL engines.
type dialect struct {
	name string
	// rebind turns the portable ? placeholders into the engine's own.
	rebind func(query string) string
	// isUnique reports whether err is a unique-constraint violation,
	// primary keys included.
	isUnique func(err error) bool
}

var sqliteDialect = dialect{
	name:   "sqlite",
	rebind: func(q string) string { return q },
	isUnique: func(err error) bool {
		var e sqlite3.Error
		return errors.As(err, &e) &&
			(e.ExtendedCode == sqlite3.ErrConstraintUnique || e.ExtendedCode == sqlite3.ErrConstraintPrimaryKey)
	},
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
