package sqlstore

import (
	"context"
	"database/sql"
	"os"
	"time"

	"github.com/mattn/go-sqlite3"

	"remit"
)

// driverName is mattn/go-sqlite3 with remit's per-connection settings.
const driverName = "remit-sqlite3"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			for _, pragma := range connectionPragmas {
				if _, err := c.Exec(pragma, nil); err != nil {
					return err
				}
			}
			return nil
		},
	})
}

// connectionPragmas tune every connection.
var connectionPragmas = []string{
	// Commits never checkpoint the WAL themselves: the checkpointer does
	// it beside them, so the single writer spends its time on requests,
	// not on copying pages into the database file.
	"PRAGMA wal_autocheckpoint = 0",
	// A 16 MiB page cache per connection keeps the hot index pages.
	"PRAGMA cache_size = -16384",
	// Reads of up to 256 MiB of the file go through a memory map instead
	// of a read(2) call per page: retrieves at 100,000 customers went from
	// ~11,500/s to ~13,300/s. The mapped pages are the OS page cache, not
	// heap; they show in RSS once per connection that touched them.
	"PRAGMA mmap_size = 268435456",
	// Temporary files stay in memory. The one that matters is the
	// statement sub-journal: every Update runs in a savepoint, which
	// journals the original of each page it first touches, and a batch's
	// sub-journal spilled to a temp file at 64 KiB: 2.5 pwrite(2) calls
	// per WAL frame written. In memory, creates at 100,000 customers went
	// from 2,400-2,750/s to 2,950-3,070/s (back to back, c=16).
	"PRAGMA temp_store = MEMORY",
}

// Checkpoint thresholds: a passive checkpoint (which never blocks writers or
// readers) runs whenever the WAL passes checkpointBytes; past truncateBytes,
// checkpoints could not keep up (long readers), and a truncating checkpoint
// waits for a quiet moment so the file does not grow without bound.
const (
	checkpointEvery = 250 * time.Millisecond
	checkpointBytes = 16 << 20
	truncateBytes   = 512 << 20
)

// checkpointer copies the WAL back into the database file in the background.
type checkpointer struct {
	cancel context.CancelFunc
	done   chan struct{}
	db     *sql.DB
}

// startCheckpointer runs checkpoints for the database at path on its own
// connection; write is the store's write pool, used for the final truncate.
func startCheckpointer(path string, write *sql.DB) *checkpointer {
	ctx, cancel := context.WithCancel(context.Background())
	c := &checkpointer{cancel: cancel, done: make(chan struct{}), db: write}
	go func() {
		defer close(c.done)
		t := time.NewTicker(checkpointEvery)
		defer t.Stop()
		conn, err := sql.Open(driverName, "file:"+path+"?_busy_timeout=10000")
		if err != nil {
			return
		}
		defer conn.Close()
		conn.SetMaxOpenConns(1)
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			fi, err := os.Stat(path + "-wal")
			if err != nil || fi.Size() < checkpointBytes {
				continue
			}
			mode := "PASSIVE"
			if fi.Size() > truncateBytes {
				mode = "TRUNCATE"
			}
			conn.ExecContext(ctx, "PRAGMA wal_checkpoint("+mode+")")
		}
	}()
	return c
}

// stop ends the background checkpoints and folds the whole WAL into the
// database file, so a closed database is a single self-contained file.
func (c *checkpointer) stop() error {
	c.cancel()
	<-c.done
	_, err := c.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	return err
}

// Optimize folds the trigram index into a single segment and refreshes the
// planner's statistics; bulk loaders call it when they finish. It takes the
// write lock for as long as it runs (about 3 s for a million customers).
// On PostgreSQL it refreshes the planner's statistics (ANALYZE).
func (s *Store) Optimize(ctx context.Context) error {
	if s.d.postgres() {
		_, err := s.write.ExecContext(ctx, `ANALYZE`)
		return err
	}
	return s.Update(ctx, func(rt remit.Tx) error {
		t := rt.(*tx)
		// The optimize command writes segments, which FTS4 must not do
		// inside a savepoint; it runs with the batch's deferred writes.
		t.defer_(func(ctx context.Context) error {
			if _, err := t.exec(ctx, `INSERT INTO customer_trigrams (customer_trigrams) VALUES ('optimize')`); err != nil {
				return err
			}
			_, err := t.exec(ctx, `PRAGMA optimize`)
			return err
		})
		return nil
	})
}
