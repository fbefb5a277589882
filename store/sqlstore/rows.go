package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
)

// A scanner is what a scan function reads one row from: a *sql.Row or a
// *sql.Rows.
type scanner interface {
	Scan(dest ...any) error
}

// stream returns a sequence of the rows of the statement text (already in
// the store's dialect) with args, each read by scan. It keeps the account
// contract for sequences: rows are read one at a time as the caller ranges
// (never a whole table in memory), the context is checked before each row,
// the rows are closed when the caller breaks out early, and a failure
// (a done context, a closed store, the database's error, a row that does
// not decode) is yielded once as (zero value, error), after which the
// sequence stops. Each range runs the statement afresh. what names the
// operation in errors.
func stream[T any](ctx context.Context, s *Store, what, text string, args []any, scan func(scanner) (T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if err := s.begin(ctx, what); err != nil {
			yield(zero, err)
			return
		}
		if s.tx != nil && s.dialect == DialectPostgres {
			cursorStream(ctx, s, what, text, args, scan, yield)
			return
		}
		var rows *sql.Rows
		err := s.run(ctx, func() error {
			var err error
			rows, err = s.querier().QueryContext(ctx, text, args...)
			return err
		})
		if err != nil {
			yield(zero, s.fail(ctx, what, err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			if err := ctx.Err(); err != nil {
				yield(zero, fmt.Errorf("sqlstore: %s: %w", what, err))
				return
			}
			v, err := scan(rows)
			if err != nil {
				yield(zero, s.scanFail(ctx, what, err))
				return
			}
			if !yield(v, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(zero, s.fail(ctx, what, err))
			return
		}
		// A done context may end the rows without an error from the
		// driver: the caller must not take a cut-short list for a whole one.
		if err := ctx.Err(); err != nil {
			yield(zero, fmt.Errorf("sqlstore: %s: %w", what, err))
		}
	}
}

// scanFail maps an error of a scan: a value that does not decode (the
// error wraps ErrCorrupt) keeps its text and gains the operation's name;
// anything else is the driver's and goes through fail.
func (s *Store) scanFail(ctx context.Context, what string, err error) error {
	if errors.Is(err, ErrCorrupt) {
		return fmt.Errorf("sqlstore: %s: %w", what, err)
	}
	return s.fail(ctx, what, err)
}

// queryRow runs a statement expected to return at most one row and reads
// it with scan. found is false, with a nil error, if there is no row.
func queryRow[T any](ctx context.Context, s *Store, what string, q query, args []any, scan func(scanner) (T, error)) (v T, found bool, err error) {
	if err := s.begin(ctx, what); err != nil {
		return v, false, err
	}
	err = s.run(ctx, func() error {
		v, err = scan(s.querier().QueryRowContext(ctx, q.text(s.dialect), args...))
		return err
	})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return v, false, nil
	case err != nil:
		return v, false, s.scanFail(ctx, what, err)
	}
	return v, true, nil
}

// readRow reads one record with scan and checks it. A value that does not
// decode, or a record that fails validate (written around the store), is
// an error wrapping ErrCorrupt that names the record; any other error is
// the query's, which Row.Scan reports, and is returned as it is.
func readRow[K ~string, V any](record string, id func(V) K, validate func(V) error, scan func(scanner) (V, error), sc scanner) (V, error) {
	var zero V
	v, err := scan(sc)
	switch {
	case errors.Is(err, ErrCorrupt):
		return zero, fmt.Errorf("%s %q: %w", record, string(id(v)), err)
	case err != nil:
		return zero, err
	}
	if err := validate(v); err != nil {
		return zero, fmt.Errorf("%s %q: %w: the stored record is not valid: %v", record, string(id(v)), ErrCorrupt, err)
	}
	return v, nil
}
