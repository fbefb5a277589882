package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/keyaccount/keyaccount/account"
)

// A journal describes one kind of append-only record (transactions,
// interactions, ...) to the generic code that stores it: records are added
// in batches, all or none, listed by account, time and ID, and deleted.
//
// Its table has the columns of t, the ID first; it has an account column
// and a time column named at.
type journal[K ~string, V any] struct {
	record   string // the record's name, as in account.FieldError.Record
	t        table
	id       func(V) K
	validate func(V) error
	args     func(d Dialect, v V) ([]any, error) // the values of t.cols, in order
	scan     func(sc scanner) (V, error)         // reads t.cols

	remove query
}

func newJournal[K ~string, V any](k *journal[K, V]) *journal[K, V] {
	k.remove = sqlQuery("DELETE FROM " + k.t.name + " WHERE id = $1")
	return k
}

// maxBatchParams bounds the parameters of one multi-row INSERT: below
// SQLite's limit (32766) and PostgreSQL's (65535).
const maxBatchParams = 8000

// read scans a row and checks it as versioned.read does.
func (k *journal[K, V]) read(sc scanner) (V, error) {
	return readRow(k.record, k.id, k.validate, k.scan, sc)
}

// add stores vs in one transaction, all or none: multi-row INSERTs that
// skip a taken ID (ON CONFLICT DO NOTHING) and return the IDs they stored,
// so that a taken ID is found, named and the transaction rolled back.
func (k *journal[K, V]) add(ctx context.Context, s *Store, vs []V) error {
	what := "add " + k.record + "s"
	if err := s.begin(ctx, what); err != nil {
		return err
	}
	if len(vs) == 0 {
		return nil
	}
	args := make([]any, 0, len(vs)*len(k.t.cols))
	for _, v := range vs {
		if err := k.validate(v); err != nil {
			return fmt.Errorf("sqlstore: add: %w", err)
		}
		a, err := k.args(s.dialect, v)
		if err != nil {
			return fmt.Errorf("sqlstore: add: %w", err)
		}
		args = append(args, a...)
	}
	seen := make(map[K]struct{}, len(vs))
	for _, v := range vs {
		id := k.id(v)
		if _, ok := seen[id]; ok {
			return fmt.Errorf("sqlstore: %s %q: the ID is repeated in the batch: %w", k.record, string(id), account.ErrConflict)
		}
		seen[id] = struct{}{}
	}
	ncol := len(k.t.cols)
	per := maxBatchParams / ncol
	var taken K
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for start := 0; start < len(vs); start += per {
			end := min(start+per, len(vs))
			stored, err := k.insert(ctx, s.dialect, tx, end-start, args[start*ncol:end*ncol])
			if err != nil {
				return err
			}
			if len(stored) < end-start {
				for _, v := range vs[start:end] {
					if _, ok := stored[k.id(v)]; !ok {
						taken = k.id(v)
						return errTaken
					}
				}
			}
		}
		return nil
	})
	switch {
	case err == errTaken:
		return fmt.Errorf("sqlstore: %s %q: the ID is taken: %w", k.record, string(taken), account.ErrConflict)
	case err != nil:
		return s.fail(ctx, what, err)
	}
	return nil
}

// errTaken ends the transaction of an add that found a taken ID.
var errTaken = fmt.Errorf("sqlstore: an ID is taken: %w", account.ErrConflict)

// insert stores n rows with args and returns the IDs it stored.
func (k *journal[K, V]) insert(ctx context.Context, d Dialect, tx *sql.Tx, n int, args []any) (map[K]struct{}, error) {
	var b strings.Builder
	b.WriteString("INSERT INTO " + k.t.name + " (" + k.t.names() + ") VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k.t.values(d, 1+i*len(k.t.cols)))
	}
	b.WriteString(" ON CONFLICT (id) DO NOTHING RETURNING id")
	rows, err := tx.QueryContext(ctx, sqlQuery(b.String()).text(d), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	stored := make(map[K]struct{}, n)
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		stored[K(id)] = struct{}{}
	}
	return stored, rows.Err()
}

// list yields the records of account acct (all accounts if ""), in the
// half-open range [from, to) (unbounded where zero) and matching the extra
// conditions, ordered by account, time and ID.
func (k *journal[K, V]) list(ctx context.Context, s *Store, acct account.ID, from, to time.Time, conds []string, p *params) iter.Seq2[V, error] {
	if acct != "" {
		conds = append(conds, "account = "+p.add(string(acct)))
	}
	conds = timeRange(s.dialect, "at", from, to, conds, p)
	text := "SELECT " + k.t.selectList() + " FROM " + k.t.name + where(conds) + " ORDER BY account, at, id"
	return stream(ctx, s, "list "+k.record+"s", sqlQuery(text).text(s.dialect), p.args, k.read)
}

// boundArg returns the argument that compares stored times with the bound
// t: t rounded up to the microsecond, since stored times are whole
// microseconds (at >= t and at < t then hold exactly when they hold for
// the rounded bound). pos is 0 for such a bound, and -1 or +1, with no
// argument, for a bound before or after every time the store keeps.
func boundArg(d Dialect, t time.Time) (arg any, pos int) {
	if r := t.Truncate(time.Microsecond); !r.Equal(t) {
		t = r.Add(time.Microsecond)
	}
	switch y := t.UTC().Year(); {
	case y < minYear:
		return nil, -1
	case y > maxYear:
		return nil, 1
	}
	arg, _ = timeArg(d, "", "", "", t) // in range: checked above
	return arg, 0
}

func (k *journal[K, V]) delete(ctx context.Context, s *Store, id K) error {
	what := "delete " + k.record
	if err := s.begin(ctx, what); err != nil {
		return err
	}
	n, err := s.exec(ctx, k.remove, string(id))
	switch {
	case err != nil:
		return s.fail(ctx, what, err)
	case n == 0:
		return fmt.Errorf("sqlstore: %s %q: %w", k.record, string(id), account.ErrNotFound)
	}
	return nil
}
