package sqlstore

import (
	"context"
	"fmt"
	"iter"

	"github.com/keyaccount/keyaccount/account"
)

// A versioned describes one kind of record with an ID and a version for
// optimistic concurrency (accounts, contacts, managers, ...) to the
// generic code that stores it: create, read, update, delete and list.
//
// Its table has the columns of t, the ID first, followed by a version
// column. The statements are built once, from the table.
type versioned[K ~string, V any] struct {
	record     string // the record's name, as in account.FieldError.Record
	t          table
	id         func(V) K
	version    func(V) int64
	setVersion func(*V, int64)
	validate   func(V) error
	args       func(d Dialect, v V) ([]any, error) // the values of t.cols, in order
	scan       func(sc scanner) (V, error)         // reads t.cols then the version

	get, insert, update, remove, versionOf query
}

// newVersioned builds the statements of k's table and returns k.
func newVersioned[K ~string, V any](k *versioned[K, V]) *versioned[K, V] {
	n := len(k.t.cols)
	cols := k.t.selectList() + ", version"
	k.get = sqlQuery("SELECT " + cols + " FROM " + k.t.name + " WHERE id = $1")
	k.insert = perDialect(func(d Dialect) string {
		return "INSERT INTO " + k.t.name + " (" + k.t.names() + ", version) VALUES " +
			k.t.values(d, 1, "1") + " ON CONFLICT (id) DO NOTHING RETURNING " + cols
	})
	k.update = perDialect(func(d Dialect) string {
		set := ""
		for i, c := range k.t.cols[1:] {
			set += c.name + " = " + param(d, c, i+2) + ", "
		}
		return fmt.Sprintf("UPDATE %s SET %sversion = version + 1 WHERE id = $1 AND version = $%d RETURNING %s",
			k.t.name, set, n+1, cols)
	})
	k.remove = sqlQuery(fmt.Sprintf("DELETE FROM %s WHERE id = $1 AND version = $2", k.t.name))
	k.versionOf = sqlQuery("SELECT version FROM " + k.t.name + " WHERE id = $1")
	return k
}

func (k *versioned[K, V]) notFound(id K) error {
	return fmt.Errorf("sqlstore: %s %q: %w", k.record, string(id), account.ErrNotFound)
}

// read scans a row and checks it: a stored record that fails Validate was
// written around the store and is reported as corrupt.
func (k *versioned[K, V]) read(sc scanner) (V, error) {
	return readRow(k.record, k.id, k.validate, k.scan, sc)
}

func (k *versioned[K, V]) getOne(ctx context.Context, s *Store, id K) (V, error) {
	v, found, err := queryRow(ctx, s, "read "+k.record, k.get, []any{string(id)}, k.read)
	if err != nil {
		return v, err
	}
	if !found {
		return v, k.notFound(id)
	}
	return v, nil
}

func (k *versioned[K, V]) create(ctx context.Context, s *Store, v V) (V, error) {
	var zero V
	what := "create " + k.record
	if err := s.begin(ctx, what); err != nil {
		return zero, err
	}
	id := k.id(v)
	if err := k.validate(v); err != nil {
		return zero, fmt.Errorf("sqlstore: create: %w", err)
	}
	if ver := k.version(v); ver != 0 {
		return zero, fmt.Errorf("sqlstore: create: %w", &account.FieldError{
			Record: k.record, ID: string(id), Field: "Version", Value: ver,
			Reason: "must be 0 when creating (the store assigns 1)",
			Err:    account.ErrInvalid,
		})
	}
	args, err := k.args(s.dialect, v)
	if err != nil {
		return zero, fmt.Errorf("sqlstore: create: %w", err)
	}
	got, found, err := queryRow(ctx, s, what, k.insert, args, k.read)
	switch {
	case err != nil:
		return zero, err
	case !found:
		return zero, fmt.Errorf("sqlstore: %s %q: the ID is taken: %w", k.record, string(id), account.ErrConflict)
	}
	return got, nil
}

func (k *versioned[K, V]) change(ctx context.Context, s *Store, v V) (V, error) {
	var zero V
	what := "update " + k.record
	if err := s.begin(ctx, what); err != nil {
		return zero, err
	}
	if err := k.validate(v); err != nil {
		return zero, fmt.Errorf("sqlstore: update: %w", err)
	}
	args, err := k.args(s.dialect, v)
	if err != nil {
		return zero, fmt.Errorf("sqlstore: update: %w", err)
	}
	id, ver := k.id(v), k.version(v)
	got, found, err := queryRow(ctx, s, what, k.update, append(args, ver), k.read)
	switch {
	case err != nil:
		return zero, err
	case !found:
		return zero, k.missed(ctx, s, what, id, ver)
	}
	return got, nil
}

func (k *versioned[K, V]) delete(ctx context.Context, s *Store, id K, ver int64) error {
	what := "delete " + k.record
	if err := s.begin(ctx, what); err != nil {
		return err
	}
	n, err := s.exec(ctx, k.remove, string(id), ver)
	switch {
	case err != nil:
		return s.fail(ctx, what, err)
	case n == 0:
		return k.missed(ctx, s, what, id, ver)
	}
	return nil
}

// missed explains a write that matched no row: the record is missing, or
// its stored version is not ver.
func (k *versioned[K, V]) missed(ctx context.Context, s *Store, what string, id K, ver int64) error {
	stored, found, err := queryRow(ctx, s, what, k.versionOf, []any{string(id)}, func(sc scanner) (int64, error) {
		var v int64
		err := sc.Scan(&v)
		return v, err
	})
	switch {
	case err != nil:
		return err
	case !found:
		return k.notFound(id)
	}
	if stored == ver {
		// The record was deleted and created again between the write and
		// this read.
		return fmt.Errorf("sqlstore: %s %q: version %d was deleted and created again meanwhile: %w",
			k.record, string(id), ver, account.ErrConflict)
	}
	return fmt.Errorf("sqlstore: %s %q: version %d is not the stored version %d: %w",
		k.record, string(id), ver, stored, account.ErrConflict)
}

// list yields the records that match the conditions (written with the
// placeholders of p), in ascending ID order.
func (k *versioned[K, V]) list(ctx context.Context, s *Store, conds []string, p *params) iter.Seq2[V, error] {
	text := "SELECT " + k.t.selectList() + ", version FROM " + k.t.name + where(conds) + " ORDER BY id"
	return stream(ctx, s, "list "+k.record+"s", sqlQuery(text).text(s.dialect), p.args, k.read)
}
