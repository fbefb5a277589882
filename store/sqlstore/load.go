package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"regexp"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/keyaccount/keyaccount/account"
)

// LoadTransactions stores every transaction seq yields, in one database
// transaction: all of them, or none. It is [Store.AddTransactions] for
// loads too big for a slice, reading seq as it stores, so that memory
// stays flat whatever the number of transactions: PostgreSQL receives them
// through COPY (pgx's CopyFrom), SQLite through multi-row INSERTs.
//
// It returns how many transactions it stored. The errors are those of
// AddTransactions: an error wrapping [account.ErrInvalid] naming the first
// transaction that fails Validate or holds a value the database cannot
// keep ([ErrUnstorable]), or [account.ErrConflict] naming the first ID
// that is already stored or repeated in seq; seq's own error, returned as
// it is (wrapped); a done context, a closed store or the database's error,
// as for every call. On any error nothing of the load is stored: the
// transaction is rolled back (or, if the connection was lost, never
// committed).
//
// A load holds the database's write lock (SQLite) or its rows' locks
// (PostgreSQL) until it ends, so that seq should not wait on other writes
// to the same Store.
//
// A PostgreSQL load into an empty ka_transactions builds the table's index
// of accounts (ka_transactions_account_at) after the rows rather than row
// by row, as PostgreSQL's advice on populating a database has it: several
// times faster for a large load (see BENCHMARKS.md). It does so only when
// the Store's role owns the table, and it holds the table's exclusive lock
// until it ends: other calls that read or write transactions wait for it,
// and seq must not read the Store's transactions. The index is dropped and
// built again inside the load's transaction, so that a failed load leaves
// it as it was; the primary key stays, and a taken or repeated ID is found
// as in any other load.
//
// On the Store that [Store.Atomic] gives its function, the load joins that
// transaction, in a savepoint: a failed load leaves nothing of itself (the
// index as it was), and a load that succeeded is committed, or rolled
// back, with the rest. The locks it takes (the table's exclusive lock
// when it builds the index after the rows) are then held until Atomic
// ends, and seq must not call the Store of the transaction.
func (s *Store) LoadTransactions(ctx context.Context, seq iter.Seq2[account.Transaction, error]) (int64, error) {
	const what = "load Transactions"
	if err := s.begin(ctx, what); err != nil {
		return 0, err
	}
	next, stop := iter.Pull2(seq)
	defer stop()
	src := &loadSource{d: s.dialect, next: next}
	var n int64
	var err error
	if s.dialect == DialectPostgres {
		n, err = s.copyTransactions(ctx, src)
	} else {
		n, err = s.insertTransactions(ctx, src)
	}
	switch {
	case src.err != nil: // seq's error or an invalid transaction: the load stopped at it
		return 0, fmt.Errorf("sqlstore: %s: %w", what, src.err)
	case src.taken != "":
		return 0, fmt.Errorf("sqlstore: Transaction %q: the ID is taken or repeated: %w", src.taken, account.ErrConflict)
	case err != nil:
		if id, ok := takenID(err); ok {
			return 0, fmt.Errorf("sqlstore: Transaction %q: the ID is taken or repeated: %w", id, account.ErrConflict)
		}
		return 0, s.fail(ctx, what, err)
	}
	return n, nil
}

// loadSource reads the transactions of a load one at a time, checking each
// as AddTransactions does. It is also the pgx.CopyFromSource of the
// PostgreSQL load.
type loadSource struct {
	d     Dialect
	next  func() (account.Transaction, error, bool)
	args  []any  // the current transaction's column values
	err   error  // seq's error, or the first invalid transaction's
	taken string // the ID of the first taken or repeated transaction (SQLite)
}

// Next reads the next transaction; false at the end or on error (in
// s.err).
func (s *loadSource) Next() bool {
	if s.err != nil {
		return false
	}
	t, err, ok := s.next()
	switch {
	case !ok:
		return false
	case err != nil:
		s.err = err
		return false
	}
	if err := transactions.validate(t); err != nil {
		s.err = err
		return false
	}
	if s.args, err = transactions.args(s.d, t); err != nil {
		s.err = err
		return false
	}
	if s.d == DialectPostgres {
		// COPY sends binary values: the amount as a NUMERIC, the kind as a
		// SMALLINT.
		s.args[3] = pgtype.Numeric{Int: t.Amount.Amount().Coefficient(), Exp: t.Amount.Amount().Exponent(), Valid: true}
		s.args[5] = int16(t.Kind)
	}
	return true
}

// Values returns the current transaction's column values.
func (s *loadSource) Values() ([]any, error) { return s.args, nil }

// Err returns the error that ended the reading.
func (s *loadSource) Err() error { return s.err }

// copyColumns are the columns of ka_transactions, in the order of
// transactions.args.
var copyColumns = func() []string {
	var cols []string
	for _, c := range transactions.t.cols {
		cols = append(cols, c.name)
	}
	return cols
}()

// copyTransactions loads src with COPY in a transaction of one pgx
// connection taken from the pool; in a Store of [Store.Atomic], in a
// savepoint of its transaction.
func (s *Store) copyTransactions(ctx context.Context, src *loadSource) (int64, error) {
	var n int64
	if s.tx != nil {
		err := s.tx.call(ctx, true, func() error {
			return s.tx.conn.Raw(func(dc any) error {
				c := dc.(*stdlib.Conn).Conn()
				// Asked inside the transaction, which keeps a share lock
				// on the table from here on: two Atomic calls loading into
				// the empty table at once may deadlock raising it, and
				// PostgreSQL then fails one of them.
				var empty bool
				if err := c.QueryRow(ctx, emptyOwnedSQL).Scan(&empty); err != nil {
					return err
				}
				var err error
				n, err = copyInto(ctx, c, empty, src)
				return err
			})
		})
		return n, err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		c := dc.(*stdlib.Conn).Conn()
		// Whether the load may build the index after the rows: asked
		// before the transaction, whose first lock on the table must be
		// the exclusive one (a share lock taken first and raised later
		// would deadlock two loads that both asked).
		var empty bool
		if err := c.QueryRow(ctx, emptyOwnedSQL).Scan(&empty); err != nil {
			return err
		}
		tx, err := c.Begin(ctx)
		if err != nil {
			return err
		}
		n, err = copyInto(ctx, tx, empty, src)
		if err == nil {
			err = tx.Commit(ctx)
		}
		if err != nil {
			// A cancelled or lost connection cannot roll back: closing it
			// (database/sql then drops it) ends the transaction uncommitted.
			if rbErr := tx.Rollback(context.WithoutCancel(ctx)); rbErr != nil && !c.IsClosed() {
				c.Close(context.WithoutCancel(ctx))
			}
		}
		return err
	})
	return n, err
}

// A pgxQuerier runs statements in a transaction: a pgx.Tx, or a *pgx.Conn
// in the transaction of a Store of [Store.Atomic].
type pgxQuerier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	CopyFrom(ctx context.Context, table pgx.Identifier, cols []string, src pgx.CopyFromSource) (int64, error)
}

// copyInto copies src into ka_transactions in the transaction q runs in;
// if empty (the table was empty and the Store's role owns it), it drops
// loadIndex first and builds it after the rows. The caller commits or
// rolls back.
func copyInto(ctx context.Context, q pgxQuerier, empty bool, src *loadSource) (int64, error) {
	var index string // the definition of the index to build after the rows
	var err error
	if empty {
		index, err = dropLoadIndex(ctx, q)
	}
	var n int64
	if err == nil {
		n, err = q.CopyFrom(ctx, pgx.Identifier{transactions.t.name}, copyColumns, src)
	}
	if err == nil && src.err != nil {
		err = src.err
	}
	if err == nil && index != "" {
		_, err = q.Exec(ctx, index)
	}
	return n, err
}

// loadIndex is the index of ka_transactions (migration 0001) that a load
// into the empty table builds after the rows.
const loadIndex = "ka_transactions_account_at"

// emptyOwnedSQL asks whether ka_transactions is empty and the Store's role
// owns it (and so may drop and create its index).
const emptyOwnedSQL = `SELECT coalesce((SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = to_regclass('ka_transactions')), false)
	AND NOT EXISTS (SELECT 1 FROM ka_transactions)`

// dropLoadIndex takes ka_transactions' exclusive lock and, if the table is
// still empty, drops loadIndex and returns the statement that creates it
// again; "" if the table has rows by now or the index is gone.
func dropLoadIndex(ctx context.Context, tx pgxQuerier) (string, error) {
	if _, err := tx.Exec(ctx, "LOCK TABLE ka_transactions IN ACCESS EXCLUSIVE MODE"); err != nil {
		return "", err
	}
	var index string
	err := tx.QueryRow(ctx, `SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
	WHERE i.indexrelid = to_regclass('`+loadIndex+`') AND i.indrelid = to_regclass('ka_transactions')
	AND NOT EXISTS (SELECT 1 FROM ka_transactions)`).Scan(&index)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return "", nil
	case err != nil:
		return "", err
	}
	if _, err := tx.Exec(ctx, "DROP INDEX "+loadIndex); err != nil {
		return "", err
	}
	return index, nil
}

// loadBatch is how many rows one INSERT of a SQLite load stores.
const loadBatch = 500

// loadCacheKiB is the page cache of a SQLite load's connection while it
// runs, as PRAGMA cache_size takes it: at most 512 MiB, used as the load
// grows.
const loadCacheKiB = -512 * 1024

// insertTransactions loads src with multi-row INSERTs in one transaction;
// in a Store of [Store.Atomic], in a savepoint of its transaction.
func (s *Store) insertTransactions(ctx context.Context, src *loadSource) (int64, error) {
	var n int64
	if s.tx != nil {
		err := s.tx.call(ctx, true, func() error {
			return withLoadCache(ctx, s.tx.sqlTx, func() error {
				var err error
				n, err = insertInto(ctx, s.tx.sqlTx, src)
				return err
			})
		})
		return n, err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	err = withLoadCache(ctx, conn, func() error {
		var tx *sql.Tx
		err := retry(ctx, func() error {
			var err error
			tx, err = conn.BeginTx(ctx, nil) // immediate: takes the write lock, so no statement below is busy
			return err
		})
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if n, err = insertInto(ctx, tx, src); err != nil {
			return err
		}
		return tx.Commit()
	})
	return n, err
}

// withLoadCache runs f with the page cache of q's connection set to
// loadCacheKiB, and sets it back after.
//
// A page cache big enough for the indexes the load updates at random:
// SQLite's default (2 MiB) makes a load of a million rows read and write
// pages all along.
func withLoadCache(ctx context.Context, q querier, f func() error) error {
	var cache int64
	if err := q.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, "PRAGMA cache_size = "+strconv.Itoa(loadCacheKiB)); err != nil {
		return err
	}
	defer q.ExecContext(context.WithoutCancel(ctx), "PRAGMA cache_size = "+strconv.FormatInt(cache, 10))
	return f()
}

// insertInto stores src in tx with multi-row INSERTs. The statements use
// anonymous placeholders (?), which SQLite binds by position: binding
// numbered ones (?N) costs time in the square of their number.
func insertInto(ctx context.Context, tx *sql.Tx, src *loadSource) (int64, error) {
	// The rows stored before each INSERT have rowids up to last: SQLite
	// gives a new row the largest rowid plus one (this package never sets
	// one, so the largest stays far below the maximum).
	var last int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(rowid), 0) FROM "+transactions.t.name).Scan(&last); err != nil {
		return 0, err
	}
	ncol := len(transactions.t.cols)
	args := make([]any, 0, loadBatch*ncol)
	ids := make([]account.TransactionID, 0, loadBatch)
	var full *sql.Stmt // the statement of a whole batch, prepared once
	var n int64
	flush := func() error {
		if len(ids) == 0 {
			return nil
		}
		var res sql.Result
		var err error
		if len(ids) == loadBatch {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, insertText(loadBatch)); err != nil {
					return err
				}
			}
			res, err = full.ExecContext(ctx, args...)
		} else {
			res, err = tx.ExecContext(ctx, insertText(len(ids)), args...)
		}
		if err != nil {
			return err
		}
		stored, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if stored < int64(len(ids)) {
			// The INSERT skipped a row whose ID was taken: find the first
			// of the batch that was stored before it or repeats one of
			// the batch.
			if src.taken, err = firstTaken(ctx, tx, ids, last); err == nil {
				err = errTaken
			}
			return err
		}
		if last, err = res.LastInsertId(); err != nil {
			return err
		}
		n += int64(len(ids))
		args, ids = args[:0], ids[:0]
		return nil
	}
	for src.Next() {
		args = append(args, src.args...)
		ids = append(ids, account.TransactionID(src.args[0].(string)))
		if len(ids) == loadBatch {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if src.err != nil {
		return 0, src.err
	}
	if err := flush(); err != nil {
		return 0, err
	}
	return n, nil
}

// insertText returns the SQLite statement that stores n transactions. It
// skips (OR IGNORE) a row whose ID is taken, rather than failing and
// undoing itself: a statement that may fail halfway keeps a journal of
// every page it changes, which made a load a third slower. The caller
// counts the rows stored.
func insertText(n int) string {
	row := "(" + strings.Repeat("?, ", len(transactions.t.cols)-1) + "?)"
	var b strings.Builder
	b.WriteString("INSERT OR IGNORE INTO " + transactions.t.name + " (" + transactions.t.names() + ") VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

// firstTaken returns the first of ids, the batch just inserted, that was
// stored before the batch (its rowid is at most last) or repeats an
// earlier one of ids.
func firstTaken(ctx context.Context, tx *sql.Tx, ids []account.TransactionID, last int64) (string, error) {
	args := make([]any, 0, len(ids)+1)
	args = append(args, last)
	for _, id := range ids {
		args = append(args, string(id))
	}
	rows, err := tx.QueryContext(ctx, "SELECT id FROM "+transactions.t.name+" WHERE rowid <= ? AND id IN ("+strings.Repeat("?, ", len(ids)-1)+"?)", args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	seen := make(map[string]bool, len(ids))
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return "", err
		}
		seen[id] = true
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	for _, id := range ids {
		if seen[string(id)] {
			return string(id), nil
		}
		seen[string(id)] = true
	}
	return "", fmt.Errorf("sqlstore: an INSERT skipped a row, but none of its IDs is taken")
}

// takenKey reads the ID out of PostgreSQL's report of a duplicate key.
var takenKey = regexp.MustCompile(`^Key \(id\)=\((.*)\) already exists\.$`)

// takenID returns the ID a unique violation of ka_transactions' key names.
func takenID(err error) (string, bool) {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "23505" {
		return "", false
	}
	if m := takenKey.FindStringSubmatch(pe.Detail); m != nil {
		return m[1], true
	}
	return "", false
}
