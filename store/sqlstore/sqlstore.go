package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/keyaccount/keyaccount/account"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// A Store keeps keyaccount's records in a SQL database. It implements
// [account.Store] with the contract written above [account.AccountReader];
// the package documentation says how.
//
// A Store is safe for concurrent use; so is the database under it, shared
// with other Stores and other programs.
type Store struct {
	db      *sql.DB
	dialect Dialect
	owned   bool // Close closes db
	closed  atomic.Bool

	migrations []migration // the migrations Migrate applies; nil for the embedded ones

	tx *txn // the transaction of a Store that Atomic gave its function; nil outside
}

var _ account.Store = (*Store)(nil)

// Open opens the database that dsn names, brings its schema up to date
// (see [Store.Migrate]) and returns a Store over it. dsn is one of
//
//	postgres://USER:PASSWORD@HOST:PORT/DATABASE?OPTIONS
//	postgresql://...             (the same)
//	sqlite:PATH                  (a SQLite database file, created if missing)
//
// A PostgreSQL URL is passed to pgx as it is, so every option pgx reads
// works (sslmode, search_path to keep the tables in a schema of their own,
// pool_max_conns is not one: tune the pool with [Store.DB]). A SQLite file
// is opened in write-ahead-log mode, with a busy timeout of 10 seconds and
// transactions that take the write lock when they begin. An error wraps
// [ErrInvalid] (a dsn Open does not understand, reported as a
// [*account.FieldError] with any password masked), [ErrSchemaTooNew], or
// the database's error.
//
// The Store owns the database: [Store.Close] closes it.
func Open(ctx context.Context, dsn string) (*Store, error) {
	src, err := parseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open: %w", err)
	}
	db, err := sql.Open(src.driver, src.name)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open: %w", err)
	}
	s := &Store{db: db, dialect: src.dialect, owned: true}
	if err := s.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// New returns a Store over db, a database the caller opened and owns, in
// dialect d, after bringing its schema up to date (see [Store.Migrate]).
// This is how an application keeps keyaccount's tables in its own
// database: every table's name begins with "ka_".
//
// db must have been opened with the driver of d: "pgx"
// (github.com/jackc/pgx/v5/stdlib) for [DialectPostgres], "sqlite"
// (modernc.org/sqlite) for [DialectSQLite]; the package imports both. For
// SQLite, open the file with the settings [Open] uses
// ("file:PATH?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_txlock=immediate"):
// New turns on the write-ahead log, which a running sequence needs, but
// without a busy timeout concurrent writers fail over to retries, and
// without immediate transactions they retry more often.
//
// An error wraps [ErrInvalid] (db is nil or d unknown), [ErrSchemaTooNew]
// or the database's error. [Store.Close] does not close db.
func New(ctx context.Context, db *sql.DB, d Dialect) (*Store, error) {
	if db == nil {
		return nil, fmt.Errorf("sqlstore: new: the *sql.DB is nil: %w", ErrInvalid)
	}
	if !dialectNames.Valid(d) {
		return nil, fmt.Errorf("sqlstore: new: dialect %v: %w", d, ErrInvalid)
	}
	s := &Store{db: db, dialect: d}
	if err := s.Migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// DB returns the database the Store uses, for the caller's own statements
// and for tuning its connection pool.
func (s *Store) DB() *sql.DB { return s.db }

// Dialect returns the dialect of the Store's database.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close closes the database if [Open] opened it; a Store made by [New]
// leaves the caller's database open. After Close every call fails with an
// error wrapping [ErrClosed]; close a Store once no call or sequence of it
// is running. Calling Close again does nothing and returns nil.
//
// Close on the Store that [Store.Atomic] gives its function is an error
// wrapping [ErrInvalid]: its transaction ends when the function returns.
func (s *Store) Close() error {
	if s.tx != nil {
		return fmt.Errorf("sqlstore: close: the Store of an Atomic call is not closed (its transaction ends when the function returns): %w", ErrInvalid)
	}
	if s.closed.Swap(true) || !s.owned {
		return nil
	}
	return s.db.Close()
}

// ErrDatabase classifies every other failure of the database or the
// connection to it, such as a connection killed while a sequence reads:
// the error wraps both ErrDatabase and the driver's error (a
// *pgconn.PgError, a *sqlite.Error, ...), for errors.As.
var ErrDatabase = errors.New("sqlstore: database error")

// fail maps an error of the driver to the package's errors: the context's
// error once ctx is done, ErrClosed after Close, ErrDatabase otherwise
// (with account.ErrConflict added for a unique key that is taken). what
// names the operation.
func (s *Store) fail(ctx context.Context, what string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("sqlstore: %s: %w", what, ctxErr)
	}
	if s.closed.Load() || isClosed(err) {
		return fmt.Errorf("sqlstore: %s: %w", what, ErrClosed)
	}
	// Once the Atomic's context is done, database/sql rolls the
	// transaction back on its own: whatever the driver then says of a call
	// (its own "context canceled", a closed connection), the transaction
	// has ended.
	if s.tx != nil && (errors.Is(err, ErrTxDone) || errors.Is(err, sql.ErrTxDone) || s.tx.ctx.Err() != nil) {
		return fmt.Errorf("sqlstore: %s: %w", what, ErrTxDone)
	}
	if isUniqueViolation(err) {
		return fmt.Errorf("sqlstore: %s: %w: %w: %w", what, account.ErrConflict, ErrDatabase, err)
	}
	return fmt.Errorf("sqlstore: %s: %w: %w", what, ErrDatabase, err)
}

// isClosed reports whether err is database/sql's report of a closed
// *sql.DB, which it does not export.
func isClosed(err error) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		if err.Error() == "sql: database is closed" {
			return true
		}
	}
	return false
}

// begin checks, before a call does anything, that the context is not done
// and the store is not closed.
func (s *Store) begin(ctx context.Context, what string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlstore: %s: %w", what, err)
	}
	if s.closed.Load() || s.tx != nil && s.tx.root.closed.Load() {
		return fmt.Errorf("sqlstore: %s: %w", what, ErrClosed)
	}
	if s.tx != nil && (s.tx.done.Load() || s.tx.ctx.Err() != nil) {
		return fmt.Errorf("sqlstore: %s: %w", what, ErrTxDone)
	}
	return nil
}

// isUniqueViolation reports whether err is a database's report of a
// duplicate key.
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY || se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
	}
	return false
}

// isTransient reports whether err is a failure that the same statement may
// not meet again: SQLite's busy and locked (when another connection holds
// the write lock past the busy timeout, or a read snapshot went stale),
// PostgreSQL's serialization failure and deadlock.
func isTransient(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		c := se.Code() & 0xff
		return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "40001" || pe.Code == "40P01"
	}
	return false
}

// maxAttempts bounds how often retry runs an operation that keeps failing
// with a transient error.
const maxAttempts = 20

// retry runs op until it succeeds, fails with an error that is not
// transient, or has failed maxAttempts times, waiting a little longer
// after each failure (1 ms, 2 ms, 4 ms, ... up to 100 ms). It stops early,
// with op's last error, once ctx is done.
func retry(ctx context.Context, op func() error) error {
	wait := time.Millisecond
	for attempt := 1; ; attempt++ {
		err := op()
		if err == nil || attempt == maxAttempts || !isTransient(err) {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		wait = min(2*wait, 100*time.Millisecond)
	}
}

// inTx runs fn in a transaction, committing if fn returns nil and rolling
// back otherwise, and runs it again (in a new transaction) when the
// database reports a transient failure: fn must have no effect outside the
// transaction. The error is fn's, or the database's as returned by the
// driver (callers map it with fail).
//
// In a Store of [Store.Atomic], fn runs once, in a savepoint of the
// Atomic's transaction that is released if fn returns nil and rolled back
// to otherwise, so that the call stores all or nothing there too.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.tx != nil {
		return s.tx.call(ctx, true, func() error { return fn(s.tx.sqlTx) })
	}
	return retry(ctx, func() error {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	})
}

// run runs op, which runs one statement of a call: outside a transaction
// with retries (see retry); in a Store of [Store.Atomic] once, with the
// transaction to itself (see txn.call). A single statement stores all or
// nothing by itself; on PostgreSQL one that fails aborts the transaction,
// as Atomic documents.
func (s *Store) run(ctx context.Context, op func() error) error {
	if s.tx != nil {
		return s.tx.call(ctx, false, op)
	}
	return retry(ctx, op)
}

// querier returns what the Store's statements run on: the database, or
// the transaction of a Store of [Store.Atomic].
func (s *Store) querier() querier {
	if s.tx != nil {
		return s.tx.sqlTx
	}
	return s.db
}

// A querier runs statements: a *sql.DB or a *sql.Tx.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// exec runs one statement outside a transaction, with retries as inTx,
// and returns the number of rows it affected. In a Store of Atomic it
// runs as run says.
func (s *Store) exec(ctx context.Context, q query, args ...any) (int64, error) {
	var n int64
	err := s.run(ctx, func() error {
		res, err := s.querier().ExecContext(ctx, q.text(s.dialect), args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
