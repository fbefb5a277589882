package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
)

// ErrTxDone reports a call on the Store that [Store.Atomic] gave its
// function after the function returned: the transaction has ended
// (committed or rolled back), and nothing more can join it.
var ErrTxDone = errors.New("sqlstore: the Atomic call's transaction has ended")

// Atomic runs fn in one database transaction, all or nothing. Every method
// of the Store given to fn, tx, runs inside that transaction: its writes
// are seen by tx's later reads and by nothing else until Atomic commits,
// which it does when fn returns nil. When fn returns an error, Atomic
// rolls back and returns that error as it is; when fn panics (or calls
// runtime.Goexit), Atomic rolls back and the panic goes on. A context
// that is done before the commit rolls back too: the error wraps the
// context's. A failed commit returns the database's error (wrapping
// [ErrDatabase]); nothing is then stored.
//
// Each call of tx stores all or nothing, as it does outside: a call that
// fails leaves nothing of itself in the transaction (a call of several
// statements runs in a savepoint, rolled back to when it fails). After a
// call that fails with an error about a record (wrapping
// [account.ErrConflict], [account.ErrNotFound], [account.ErrInvalid], ...)
// fn may carry on, or return the error to roll the whole transaction
// back. After a call that fails with [ErrDatabase], return: on
// PostgreSQL the database has aborted the transaction, every later call
// fails, and so does the commit.
//
// Optimistic concurrency works as outside, against the transaction's
// view: a version is checked against the stored record as the
// transaction sees it, its own writes included, and a write raises it as
// usual. A write that another transaction made to the same record, and
// committed first, is a conflict ([account.ErrConflict]), on SQLite
// because a transaction holds the write lock (see below), on PostgreSQL
// because the write waits for the other transaction's row lock and then
// finds the version changed. A record another transaction created and
// committed while fn ran is seen (PostgreSQL runs at its default
// isolation, READ COMMITTED: each statement sees what was committed
// before it began).
//
// Calls of tx are serialised: tx is safe for use by several goroutines
// while fn runs, but they take turns, and they are not isolated from each
// other (they are one transaction). On PostgreSQL a sequence of tx reads
// through a cursor, 500 rows at a time, and sees the transaction as it was
// when the ranging began, whatever tx writes meanwhile; on SQLite a
// sequence ranged while tx writes may see part of those writes. Other
// calls may run between two rows of a sequence, on both dialects.
// [Store.LoadTransactions] on tx joins the transaction too (its seq must
// not call tx).
//
// Calling Atomic on tx (or on a Store a nested call gave) nests: the
// inner fn runs in a savepoint of the same transaction; if it returns an
// error or panics, its writes are undone and the outer fn carries on (or
// not) as it chooses; otherwise they stay in the transaction, and are
// committed only when the outermost Atomic commits.
//
// tx must not be used after fn returns: every call then fails with an
// error wrapping [ErrTxDone], and a sequence of tx ranged then yields that
// error. [Store.Close] and [Store.Migrate] on tx are errors wrapping
// [ErrInvalid]; [Store.DB] on tx returns the database, whose statements
// run outside the transaction. Atomic does not retry fn: a transient
// failure (a PostgreSQL deadlock or serialization failure) is returned,
// and the caller may run Atomic again.
//
// SQLite has one writer at a time: the transaction takes the database's
// write lock when it begins (a database [Open] opens begins its
// transactions IMMEDIATE; open one for [New] with _txlock=immediate, as
// New says), so that concurrent Atomic calls wait for each other (up to
// the busy timeout, then retried) rather than fail, and every other write
// waits until Atomic ends. Keep fn short.
func (s *Store) Atomic(ctx context.Context, fn func(tx *Store) error) error {
	const what = "atomic"
	if err := s.begin(ctx, what); err != nil {
		return err
	}
	if s.tx != nil {
		return s.tx.nest(ctx, fn)
	}
	var conn *sql.Conn
	var sqlTx *sql.Tx
	err := retry(ctx, func() error {
		var err error
		if conn == nil {
			if conn, err = s.db.Conn(ctx); err != nil {
				return err
			}
		}
		sqlTx, err = conn.BeginTx(ctx, nil)
		return err
	})
	if err != nil {
		if conn != nil {
			conn.Close()
		}
		return s.fail(ctx, what, err)
	}
	defer conn.Close()
	t := &txn{root: s, sqlTx: sqlTx, conn: conn, mu: new(sync.Mutex), cursors: new(atomic.Int64), ctx: ctx}
	return t.run(ctx, fn, func(commit bool) error {
		if commit {
			return sqlTx.Commit()
		}
		return sqlTx.Rollback()
	})
}

// A txn is the transaction of a Store that [Store.Atomic] made, at one
// level of nesting.
type txn struct {
	root  *Store      // the Store the outermost Atomic was called on
	sqlTx *sql.Tx     // the database transaction
	conn  *sql.Conn   // its connection (LoadTransactions' COPY needs pgx's)
	mu    *sync.Mutex // held by each call: one at a time, at every level
	depth int         // 0 for the outermost Atomic, 1 for a call nested in it, ...
	done  atomic.Bool // fn has returned

	// ctx is the outermost Atomic's context: database/sql rolls the
	// transaction back when it is done, so every call fails from then on.
	ctx context.Context

	cursors *atomic.Int64 // the cursors declared so far, at every level (PostgreSQL)
}

// run gives fn a Store of t and ends t with end: end(true) when fn returns
// nil and ctx is not done, end(false) otherwise, fn's panic included.
func (t *txn) run(ctx context.Context, fn func(tx *Store) error, end func(commit bool) error) error {
	tx := &Store{db: t.root.db, dialect: t.root.dialect, tx: t}
	returned := false
	defer func() {
		if !returned { // fn panicked or called runtime.Goexit
			t.finish()
			end(false)
		}
	}()
	err := fn(tx)
	returned = true
	t.finish()
	if err != nil {
		end(false)
		return err
	}
	if err := ctx.Err(); err != nil {
		end(false)
		return fmt.Errorf("sqlstore: atomic: %w", err)
	}
	if err := end(true); err != nil {
		return t.root.fail(ctx, "atomic: commit", err)
	}
	return nil
}

// finish marks t done once no call of it runs.
func (t *txn) finish() {
	t.mu.Lock()
	t.done.Store(true)
	t.mu.Unlock()
}

// nest runs fn in a savepoint of t, as a nested Atomic call.
func (t *txn) nest(ctx context.Context, fn func(tx *Store) error) error {
	name := "ka_atomic_" + strconv.Itoa(t.depth+1)
	inner := &txn{root: t.root, sqlTx: t.sqlTx, conn: t.conn, mu: t.mu, depth: t.depth + 1, cursors: t.cursors, ctx: t.ctx}
	if err := t.call(ctx, false, func() error {
		_, err := t.sqlTx.ExecContext(ctx, "SAVEPOINT "+name)
		return err
	}); err != nil {
		return t.root.fail(ctx, "atomic", err)
	}
	return inner.run(ctx, fn, func(commit bool) error {
		t.mu.Lock()
		defer t.mu.Unlock()
		if commit {
			_, err := t.sqlTx.ExecContext(ctx, "RELEASE SAVEPOINT "+name)
			return err
		}
		return rollbackTo(ctx, t.sqlTx, name)
	})
}

// call runs op, one call's work in t, with t to itself, and, if
// savepoint is set, in a savepoint: released if op succeeds, rolled back
// to if it fails, so that a failed call of several statements leaves
// nothing in the transaction, and the transaction usable.
func (t *txn) call(ctx context.Context, savepoint bool, op func() error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done.Load() {
		return ErrTxDone
	}
	if !savepoint {
		return op()
	}
	if _, err := t.sqlTx.ExecContext(ctx, "SAVEPOINT ka_call"); err != nil {
		return err
	}
	if err := op(); err != nil {
		rollbackTo(ctx, t.sqlTx, "ka_call")
		return err
	}
	_, err := t.sqlTx.ExecContext(ctx, "RELEASE SAVEPOINT ka_call")
	return err
}

// rollbackTo undoes what the transaction did since the savepoint name and
// releases it. It runs even when ctx is done: the statements that failed
// may have failed because it is.
func rollbackTo(ctx context.Context, tx *sql.Tx, name string) error {
	ctx = context.WithoutCancel(ctx)
	if _, err := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT "+name); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT "+name)
	return err
}

// cursorBatch is how many rows a sequence of a Store of Atomic on
// PostgreSQL fetches at a time.
const cursorBatch = 500

// cursorStream yields, as [stream] does, the rows of the statement text
// with args, each read by scan, in the transaction of s, a Store of
// Atomic on PostgreSQL. It reads them through a cursor, cursorBatch rows
// at a time, so that the connection is free for other calls of s between
// fetches (pgx runs one statement at a time on a connection), and the
// sequence sees the transaction as it was when the ranging began
// (PostgreSQL's cursors are insensitive), whatever s writes meanwhile.
//
// The DECLARE and the FETCHes are described afresh each time, never
// prepared and cached by pgx: a cursor's name is used again by later
// transactions on the connection for other statements, and a cached
// FETCH would decode their rows with the columns of the first.
func cursorStream[T any](ctx context.Context, s *Store, what, text string, args []any, scan func(scanner) (T, error), yield func(T, error) bool) {
	var zero T
	t := s.tx
	name := "ka_cursor_" + strconv.FormatInt(t.cursors.Add(1), 10)
	err := t.call(ctx, false, func() error {
		_, err := t.sqlTx.ExecContext(ctx, "DECLARE "+name+" NO SCROLL CURSOR FOR "+text, append([]any{pgx.QueryExecModeDescribeExec}, args...)...)
		return err
	})
	if err != nil {
		yield(zero, s.fail(ctx, what, err))
		return
	}
	defer t.call(ctx, false, func() error {
		_, err := t.sqlTx.ExecContext(context.WithoutCancel(ctx), "CLOSE "+name)
		return err
	})
	fetch := "FETCH " + strconv.Itoa(cursorBatch) + " FROM " + name
	batch := make([]T, 0, cursorBatch)
	for {
		batch = batch[:0]
		var scanErr error
		err := t.call(ctx, false, func() error {
			rows, err := t.sqlTx.QueryContext(ctx, fetch, pgx.QueryExecModeDescribeExec)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				v, err := scan(rows)
				if err != nil {
					scanErr = err
					return nil
				}
				batch = append(batch, v)
			}
			return rows.Err()
		})
		if err != nil {
			yield(zero, s.fail(ctx, what, err))
			return
		}
		for _, v := range batch {
			if err := ctx.Err(); err != nil {
				yield(zero, fmt.Errorf("sqlstore: %s: %w", what, err))
				return
			}
			if !yield(v, nil) {
				return
			}
		}
		if scanErr != nil {
			yield(zero, s.scanFail(ctx, what, scanErr))
			return
		}
		if len(batch) < cursorBatch {
			break
		}
	}
	if err := ctx.Err(); err != nil {
		yield(zero, fmt.Errorf("sqlstore: %s: %w", what, err))
	}
}
