package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"remit"
)

// PostgreSQL backend. One pool of pgx connections serves reads and writes:
// there is no writer goroutine (PostgreSQL has many writers) and no
// checkpointer. pgx prepares and caches each statement per connection, so
// the static queries are not prepared at Open.
//
// Update runs fn in a SERIALIZABLE transaction. That is what keeps the
// read-then-write logic of the services correct across replicas without
// explicit locks: a customer's balance ledger, the uniqueness checks made
// by reading (invoice prefixes, promotion codes besides their unique
// indexes) and idempotency keys. PostgreSQL aborts one of two transactions
// whose reads and writes conflict with SQLSTATE 40001 (or 40P01 for a
// deadlock); Update then runs fn again from the start, up to
// maxSerializableAttempts times, with a short jittered backoff; from the
// exclusiveAttempt-th attempt on, it runs alone among this process's
// Updates. A conflict counts even when fn hides the driver's error (wraps
// it with %v, or swallows it after a savepoint): see conflictTracer.
//
// So fn may run more than once: it must keep nothing but what it reads
// from the Tx across attempts (the services' Update functions already do:
// each builds its result from the transaction). Unlike on SQLite, a
// caller's cancellation still interrupts a running Update (which then
// rolls back).
//
// View runs fn in a READ ONLY REPEATABLE READ transaction: one snapshot.

// maxSerializableAttempts bounds how many times Update runs fn when
// PostgreSQL keeps aborting it for serialization failures.
const maxSerializableAttempts = 10

// exclusiveAttempt is the attempt from which an Update that keeps failing
// runs alone in this process: it waits for the running Updates to end, and
// new ones wait for it. Without that, Updates that all write one hot row
// (a customer's balance) can abort one another until they give up; with
// it, each process makes progress, and only the replicas still compete.
const exclusiveAttempt = 3

// migrationLockKey is the advisory lock that serializes migrations among
// replicas that start together ("remit" in ASCII).
const migrationLockKey = 0x72656d6974

func isPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// poolMaxConnsParam is the query parameter of a postgres:// URL that sets
// how many connections the process keeps at most, named as in pgxpool.
const poolMaxConnsParam = "pool_max_conns"

// maxPoolMaxConns bounds pool_max_conns: beyond that, a value is more
// likely a typo than a plan (PostgreSQL's max_connections is 100 by
// default).
const maxPoolMaxConns = 1000

// postgresPoolSize takes the pool_max_conns parameter out of the postgres://
// URL dsn and returns the URL without it, for pgx (which would send an
// unknown parameter to the server as a run-time setting, refused there),
// and the pool size: the parameter's value, an integer from 1 to
// maxPoolMaxConns, or 4 × GOMAXPROCS when the URL has none. Any other value,
// or the parameter given twice, is an error that names the parameter. A URL
// without the parameter is returned unchanged.
func postgresPoolSize(dsn string) (string, int, error) {
	n := 4 * runtime.GOMAXPROCS(0)
	u, err := url.Parse(dsn)
	if err != nil {
		// pgx reports what is wrong with the URL.
		return dsn, n, nil
	}
	q := u.Query()
	vs, ok := q[poolMaxConnsParam]
	if !ok {
		return dsn, n, nil
	}
	if len(vs) != 1 {
		return "", 0, fmt.Errorf("sqlstore: postgres URL: %s given %d times, want once", poolMaxConnsParam, len(vs))
	}
	n, err = strconv.Atoi(vs[0])
	if err != nil || n < 1 || n > maxPoolMaxConns {
		return "", 0, fmt.Errorf("sqlstore: postgres URL: %s must be an integer from 1 to %d, not %q", poolMaxConnsParam, maxPoolMaxConns, vs[0])
	}
	q.Del(poolMaxConnsParam)
	u.RawQuery = q.Encode()
	return u.String(), n, nil
}

func openPostgres(dsn string) (*Store, error) {
	dsn, n, err := postgresPoolSize(dsn)
	if err != nil {
		return nil, err
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: postgres URL: %w", err)
	}
	tr := &conflictTracer{}
	cfg.Tracer = tr
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	db.SetConnMaxIdleTime(5 * time.Minute)
	ctx := context.Background()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlstore: open postgres: %w", err)
	}
	s := &Store{write: db, read: db, d: postgresDialect, stmts: map[*sql.DB]map[string]*sql.Stmt{}, pgClosed: new(atomic.Bool), conflicts: tr}
	if err := s.migratePostgres(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// migratePostgres applies the migrations while holding the migration
// lock on one connection, so that replicas opening the same database at
// the same time apply each migration once.
func (s *Store) migratePostgres(ctx context.Context) error {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, int64(migrationLockKey)); err != nil {
		return fmt.Errorf("sqlstore: migration lock: %w", err)
	}
	err = s.migrateOn(ctx, conn)
	if _, uerr := conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(migrationLockKey)); uerr != nil {
		// The lock goes with the session: drop the connection.
		conn.Raw(func(any) error { return errors.New("discard") })
		err = errors.Join(err, uerr)
	}
	return err
}

// updatePostgres implements Update on PostgreSQL: see the top of the file.
func (s *Store) updatePostgres(ctx context.Context, fn func(remit.Tx) error) error {
	if s.pgClosed.Load() {
		return errClosed
	}
	for attempt := 1; ; attempt++ {
		var err error
		if attempt < exclusiveAttempt {
			s.pgRetry.RLock()
			err = s.updatePostgresOnce(ctx, fn)
			s.pgRetry.RUnlock()
		} else {
			s.pgRetry.Lock()
			err = s.updatePostgresOnce(ctx, fn)
			s.pgRetry.Unlock()
		}
		if err == nil || attempt >= maxSerializableAttempts || !isRetryable(err) {
			return err
		}
		// 1-2 ms, doubling each attempt up to ~64-128 ms.
		base := time.Millisecond << min(attempt-1, 6)
		select {
		case <-time.After(base + rand.N(base)):
		case <-ctx.Done():
			return errors.Join(ctx.Err(), err)
		}
	}
}

func (s *Store) updatePostgresOnce(ctx context.Context, fn func(remit.Tx) error) error {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: begin: %w", err)
	}
	defer conn.Close()
	var pc *pgx.Conn
	if err := conn.Raw(func(dc any) error {
		pc = dc.(*stdlib.Conn).Conn()
		return nil
	}); err != nil {
		return fmt.Errorf("sqlstore: begin: %w", err)
	}
	s.conflicts.track(pc)
	defer s.conflicts.forget(pc)
	sqlTx, err := conn.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
	if err != nil {
		return fmt.Errorf("sqlstore: begin: %w", err)
	}
	t := &tx{s: s, db: s.write, tx: sqlTx}
	err = protect(fn, t)
	if err == nil {
		err = t.flush(ctx)
	}
	// fn may have wrapped a serialization failure in an error that hides
	// it (fmt.Errorf with %v), or swallowed it after a savepoint: whatever
	// fn returned, a statement that failed that way dooms the attempt.
	if err := s.conflicts.failed(pc); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("sqlstore: commit: %w", err)
	}
	return nil
}

// conflictTracer remembers, for each connection running an Update, the
// first statement error that was a serialization failure or a deadlock.
// Connections outside Updates (Views, migrations) are not tracked, so the
// map holds at most one entry per running Update.
type conflictTracer struct {
	conns sync.Map // *pgx.Conn -> *atomic.Pointer[error]
}

func (c *conflictTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	return ctx
}

func (c *conflictTracer) TraceQueryEnd(_ context.Context, conn *pgx.Conn, data pgx.TraceQueryEndData) {
	if data.Err == nil || !isRetryable(data.Err) {
		return
	}
	if v, ok := c.conns.Load(conn); ok {
		err := data.Err
		v.(*atomic.Pointer[error]).CompareAndSwap(nil, &err)
	}
}

// track starts recording the conflicts of conn.
func (c *conflictTracer) track(conn *pgx.Conn) { c.conns.Store(conn, new(atomic.Pointer[error])) }

// forget stops recording the conflicts of conn.
func (c *conflictTracer) forget(conn *pgx.Conn) { c.conns.Delete(conn) }

// failed returns the first conflict recorded on conn since track, or nil.
func (c *conflictTracer) failed(conn *pgx.Conn) error {
	if v, ok := c.conns.Load(conn); ok {
		if err := v.(*atomic.Pointer[error]).Load(); err != nil {
			return *err
		}
	}
	return nil
}
