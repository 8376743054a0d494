package sqlstore

// Test-only hooks: this file is compiled only into the package's tests.

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sync"

	"github.com/mattn/go-sqlite3"

	"remit"
)

// Query is one SQL statement that a transaction ran, with its arguments.
type Query struct {
	SQL  string
	Args []any
}

// RecordQueries runs fn in a transaction on the SQLite file at path (already
// created by Open) through the store's real Tx code, on a connection that
// records every statement, and returns the statements in order. fn's writes
// are committed when it returns nil. Nothing is prepared ahead, so static
// queries are recorded like dynamic ones.
func RecordQueries(path string, fn func(remit.Tx) error) ([]Query, error) {
	recMu.Lock()
	defer recMu.Unlock()
	registerOnce.Do(func() { sql.Register("sqlite3_recording", recordingDriver{}) })
	recorded = nil
	db, err := sql.Open("sqlite3_recording", "file:"+path+"?_busy_timeout=10000&_foreign_keys=on")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	s := &Store{write: db, read: db, d: sqliteDialect, stmts: map[*sql.DB]map[string]*sql.Stmt{}}
	sqlTx, err := db.Begin()
	if err != nil {
		return nil, err
	}
	t := &tx{s: s, db: db, tx: sqlTx}
	if err := fn(t); err != nil {
		sqlTx.Rollback()
		return recorded, err
	}
	// The deferred writes (trigram documents) are part of fn's writes, as
	// in the store's own commits; they are recorded too.
	if err := t.flush(context.Background()); err != nil {
		sqlTx.Rollback()
		return recorded, err
	}
	return recorded, sqlTx.Commit()
}

// WritePragma returns the value of a PRAGMA on the store's write connection.
func WritePragma(s *Store, name string) (string, error) {
	var v string
	err := s.write.QueryRow("PRAGMA " + name).Scan(&v)
	return v, err
}

var (
	registerOnce sync.Once
	recMu        sync.Mutex // held by RecordQueries, which owns recorded
	recorded     []Query
)

type recordingDriver struct{}

func (recordingDriver) Open(dsn string) (driver.Conn, error) {
	c, err := (&sqlite3.SQLiteDriver{}).Open(dsn)
	if err != nil {
		return nil, err
	}
	return recordingConn{c.(*sqlite3.SQLiteConn)}, nil
}

// recordingConn records the statements run through it; everything else is
// the SQLite connection's own.
type recordingConn struct{ *sqlite3.SQLiteConn }

func record(query string, args []driver.NamedValue) {
	q := Query{SQL: query}
	for _, a := range args {
		q.Args = append(q.Args, a.Value)
	}
	recorded = append(recorded, q)
}

func (c recordingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	record(query, args)
	return c.SQLiteConn.QueryContext(ctx, query, args)
}

func (c recordingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	record(query, args)
	return c.SQLiteConn.ExecContext(ctx, query, args)
}

// PrepareContext is not expected (nothing is prepared ahead), but a
// prepared statement would be recorded without its arguments.
func (c recordingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	record(query, nil)
	return c.SQLiteConn.PrepareContext(ctx, query)
}
