package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"runtime"

	"remit"
)

// maxBatch bounds how many Update calls share one commit.
const maxBatch = 128

// errClosed answers Update calls made after Close.
var errClosed = errors.New("sqlstore: store is closed")

// writeJob is one Update waiting for the writer.
type writeJob struct {
	ctx  context.Context
	fn   func(remit.Tx) error
	done chan error
}

// Update implements remit.Store. On PostgreSQL it runs fn in a serializable
// transaction of its own (see postgres.go). On SQLite it uses group commit:
// SQLite has one writer, so a single goroutine runs every write. It runs
// each Update in its own savepoint and, while it works, gathers the Updates
// that arrived meanwhile into the same transaction; one commit then makes
// them all durable at once and each caller hears back only after that
// commit. An Update that fails is
// rolled back to its savepoint alone. Once a job has started, the caller's
// cancellation no longer interrupts it: interrupting SQLite mid-statement
// would roll back the whole batch.
func (s *Store) Update(ctx context.Context, fn func(remit.Tx) error) error {
	if s.d.postgres() {
		return s.updatePostgres(ctx, fn)
	}
	j := &writeJob{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case s.jobs <- j:
	case <-ctx.Done():
		return ctx.Err()
	case <-s.quit:
		return errClosed
	}
	return <-j.done
}

// protect runs fn and turns a panic into an error, so that one bad Update
// fails alone instead of taking the writer goroutine and the process down.
func protect(fn func(remit.Tx) error, t remit.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("sqlstore: panic in Update: %v", p)
		}
	}()
	return fn(t)
}

// writer runs write batches until the store closes.
func (s *Store) writer() {
	defer close(s.writerDone)
	for {
		select {
		case j := <-s.jobs:
			s.runBatch(j)
		case <-s.quit:
			// Updates already queued still run, so none is left waiting.
			for {
				select {
				case j := <-s.jobs:
					s.runBatch(j)
				default:
					return
				}
			}
		}
	}
}

// runBatch runs first and every job queued behind it (up to maxBatch) in one
// transaction and reports to each.
func (s *Store) runBatch(first *writeJob) {
	sqlTx, err := s.write.BeginTx(context.Background(), nil)
	if err != nil {
		first.done <- fmt.Errorf("sqlstore: begin: %w", err)
		return
	}
	t := &tx{s: s, db: s.write, tx: sqlTx}
	var ran []*writeJob
	run := func(j *writeJob) {
		if err := j.ctx.Err(); err != nil {
			j.done <- err
			return
		}
		ctx := context.WithoutCancel(j.ctx)
		if err := t.Nested(ctx, func() error { return protect(j.fn, t) }); err != nil {
			j.done <- err
			return
		}
		ran = append(ran, j)
	}
	run(first)
	for n, yielded := 1, false; n < maxBatch; n++ {
		select {
		case j := <-s.jobs:
			run(j)
			continue
		default:
		}
		// Before committing, let the request goroutines that are close to
		// their Update run once: on a busy machine that fills the batch,
		// and every commit rewrites the same hot pages (the ends of the
		// tables and of their time-ordered indexes) whatever its size.
		if yielded {
			break
		}
		yielded = true
		runtime.Gosched()
	}
	if len(ran) == 0 {
		sqlTx.Rollback()
		return
	}
	err = t.flush(context.Background())
	if err == nil {
		err = sqlTx.Commit()
	} else {
		sqlTx.Rollback()
	}
	if err != nil {
		err = fmt.Errorf("sqlstore: commit: %w", err)
		for _, j := range ran {
			j.done <- err
		}
		return
	}
	for _, j := range ran {
		j.done <- nil
	}
}
