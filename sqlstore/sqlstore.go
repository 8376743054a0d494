// Package sqlstore keeps remit's data in SQL: embedded SQLite by default.
// Queries are written once in portable SQL with ? placeholders; what differs
// between engines lives in dialect.go.
package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"remit"
)

//go:embed migrations
var migrations embed.FS

// Options tune how a database is opened.
type Options struct {
	// Synchronous is SQLite's synchronous setting: "normal" (default; in WAL
	// mode a commit survives a crash of the process, kill -9 included) or
	// "full" (a commit also survives a power loss, at the cost of an fsync
	// per commit).
	Synchronous string
}

// Store is a remit.Store on SQL.
type Store struct {
	write *sql.DB // one connection: SQLite has one writer at a time
	read  *sql.DB // a pool of connections for read-only transactions
	d     dialect

	stmts map[*sql.DB]map[string]*sql.Stmt // static queries, prepared at Open
	ckpt  *checkpointer

	pgClosed  *atomic.Bool    // PostgreSQL only: set by Close
	conflicts *conflictTracer // PostgreSQL only: see updatePostgresOnce
	pgRetry   sync.RWMutex    // PostgreSQL only: see exclusiveAttempt

	closeOnce  sync.Once
	jobs       chan *writeJob // Updates waiting for the writer goroutine
	quit       chan struct{}  // closed by Close
	writerDone chan struct{}  // closed when the writer goroutine ends
}

var _ remit.Store = (*Store)(nil)

// Open opens (creating if needed) the SQLite database at path and brings its
// schema up to date. A path that is a postgres:// or postgresql:// URL opens
// that PostgreSQL database instead (see postgres.go); opts, which are
// SQLite's, are then ignored.
func Open(path string, opts Options) (*Store, error) {
	if isPostgresURL(path) {
		return openPostgres(path)
	}
	sync := strings.ToUpper(opts.Synchronous)
	if sync == "" {
		sync = "NORMAL"
	}
	if sync != "NORMAL" && sync != "FULL" {
		return nil, fmt.Errorf("sqlstore: synchronous must be normal or full, not %q", opts.Synchronous)
	}
	// busy_timeout comes first so that even the journal-mode switch waits
	// for another process (remit accounts create) instead of failing.
	params := url.Values{}
	params.Set("_busy_timeout", "10000")
	params.Set("_journal_mode", "WAL")
	params.Set("_synchronous", sync)
	params.Set("_foreign_keys", "on")
	params.Set("_txlock", "immediate")
	// Queries built per request (lists with filters, searches) are
	// prepared once per connection and kept, like the static ones.
	params.Set("_stmt_cache_size", "256")
	write, err := sql.Open(driverName, "file:"+path+"?"+params.Encode())
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	if err := write.Ping(); err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlstore: open %s: %w", path, err)
	}
	params.Set("_txlock", "deferred")
	params.Set("_query_only", "true")
	read, err := sql.Open(driverName, "file:"+path+"?"+params.Encode())
	if err != nil {
		write.Close()
		return nil, err
	}
	n := 2 * runtime.GOMAXPROCS(0)
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	s := &Store{write: write, read: read, d: sqliteDialect, stmts: map[*sql.DB]map[string]*sql.Stmt{}}
	if err := s.migrate(context.Background()); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.prepareStatics(context.Background()); err != nil {
		s.Close()
		return nil, err
	}
	s.jobs, s.quit, s.writerDone = make(chan *writeJob), make(chan struct{}), make(chan struct{})
	go s.writer()
	s.ckpt = startCheckpointer(path, write)
	return s, nil
}

// Close implements remit.Store. Calls after the first return nil.
func (s *Store) Close() error {
	closed := true
	s.closeOnce.Do(func() { closed = false })
	if closed {
		return nil
	}
	if s.pgClosed != nil {
		s.pgClosed.Store(true)
	}
	if s.quit != nil {
		close(s.quit)
		<-s.writerDone
	}
	var ckptErr error
	if s.ckpt != nil {
		ckptErr = s.ckpt.stop()
	}
	if s.read == s.write {
		return errors.Join(ckptErr, s.write.Close())
	}
	return errors.Join(ckptErr, s.read.Close(), s.write.Close())
}

// View implements remit.Store.
func (s *Store) View(ctx context.Context, fn func(remit.Tx) error) error {
	var opts *sql.TxOptions
	if s.d.postgres() {
		// A consistent snapshot; SQLite's read transactions are one already.
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	sqlTx, err := s.read.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("sqlstore: begin: %w", err)
	}
	t := &tx{s: s, db: s.read, tx: sqlTx}
	if err := fn(t); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("sqlstore: commit: %w", err)
	}
	return nil
}

// statics are the queries that never change shape. They are prepared on
// each pool when the store opens, while no transaction holds a connection;
// a transaction then reuses the prepared form on its own connection (the
// writer pool has a single connection, so preparing later would deadlock).
var statics = map[string]bool{}

// static registers a fixed query for preparation and returns it.
func static(query string) string {
	statics[query] = true
	return query
}

func (s *Store) prepareStatics(ctx context.Context) error {
	for _, db := range []*sql.DB{s.write, s.read} {
		m := map[string]*sql.Stmt{}
		for q := range statics {
			st, err := db.PrepareContext(ctx, s.d.rebind(q))
			if err != nil {
				return fmt.Errorf("sqlstore: prepare %q: %w", q, err)
			}
			m[q] = st
		}
		s.stmts[db] = m
	}
	return nil
}

// stmt returns the prepared form of a static query within t, or nil.
func (t *tx) stmt(ctx context.Context, query string) *sql.Stmt {
	if st := t.s.stmts[t.db][query]; st != nil {
		return t.tx.StmtContext(ctx, st)
	}
	return nil
}

// tx implements remit.Tx.
type tx struct {
	s          *Store
	db         *sql.DB
	tx         *sql.Tx
	savepoints int
	// deferred are writes that must run outside every savepoint, just
	// before the commit (see indexCustomer). A nested function that fails
	// drops the ones it added.
	deferred []func(context.Context) error
}

// defer_ schedules fn to run before the transaction commits.
func (t *tx) defer_(fn func(context.Context) error) { t.deferred = append(t.deferred, fn) }

// flush runs the deferred writes; the transaction must be outside every
// savepoint.
func (t *tx) flush(ctx context.Context) error {
	for _, fn := range t.deferred {
		if err := fn(ctx); err != nil {
			return err
		}
	}
	t.deferred = nil
	return nil
}

func (t *tx) exec(ctx context.Context, query string, args ...any) (res sql.Result, err error) {
	if st := t.stmt(ctx, query); st != nil {
		res, err = st.ExecContext(ctx, args...)
	} else {
		res, err = t.tx.ExecContext(ctx, t.s.d.rebind(query), args...)
	}
	if err != nil {
		return nil, t.s.d.translate(err)
	}
	return res, nil
}

func (t *tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, t.s.d.rebind(query), args...)
}

func (t *tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, t.s.d.rebind(query), args...)
}

// Nested implements remit.Tx with a savepoint.
func (t *tx) Nested(ctx context.Context, fn func() error) error {
	t.savepoints++
	name := "sp" + strconv.Itoa(t.savepoints)
	if _, err := t.tx.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
		return err
	}
	pending := len(t.deferred)
	if err := fn(); err != nil {
		t.deferred = t.deferred[:pending]
		if _, rbErr := t.tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT "+name); rbErr != nil {
			return errors.Join(err, rbErr)
		}
		t.tx.ExecContext(ctx, "RELEASE SAVEPOINT "+name)
		return err
	}
	_, err := t.tx.ExecContext(ctx, "RELEASE SAVEPOINT "+name)
	return err
}

// migrate applies, in order and each in its own transaction, the embedded
// migrations that the database has not seen yet. Migrations are append-only:
// a released file is never edited.
func (s *Store) migrate(ctx context.Context) error {
	return s.migrateOn(ctx, s.write)
}

// migrator is what migrations run on: the SQLite writer pool, or the one
// PostgreSQL connection that holds the migration lock.
type migrator interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

func (s *Store) migrateOn(ctx context.Context, db migrator) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)`); err != nil {
		return fmt.Errorf("sqlstore: migrations table: %w", err)
	}
	dir := "migrations/" + s.d.name
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		version, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("sqlstore: migration %s: name must start with its number", e.Name())
		}
		body, err := migrations.ReadFile(dir + "/" + e.Name())
		if err != nil {
			return err
		}
		if err := s.applyMigration(ctx, db, version, string(body)); err != nil {
			return fmt.Errorf("sqlstore: migration %s: %w", e.Name(), err)
		}
	}
	return nil
}

func (s *Store) applyMigration(ctx context.Context, db migrator, version int, body string) error {
	t, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer t.Rollback()
	var n int
	if err := t.QueryRowContext(ctx, s.d.rebind(`SELECT count(*) FROM schema_migrations WHERE version = ?`), version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := t.ExecContext(ctx, body); err != nil {
		return err
	}
	if data := dataMigrations[s.d.name][version]; data != nil {
		dt := &tx{s: s, db: s.write, tx: t}
		if err := data(ctx, dt); err != nil {
			return err
		}
		if err := dt.flush(ctx); err != nil {
			return err
		}
	}
	if _, err := t.ExecContext(ctx, s.d.rebind(`INSERT INTO schema_migrations (version) VALUES (?)`), version); err != nil {
		return err
	}
	return t.Commit()
}
