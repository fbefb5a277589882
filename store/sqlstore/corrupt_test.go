package sqlstore

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

// The tests of malformed stored values share this harness: each seeds one
// record of every kind it checks with ID "x", spoils one row around the
// store with raw SQL, and checks that every read of the record fails with
// ErrCorrupt naming it, never returns a half-read record and never panics.

// A corruption is raw SQL that spoils the stored record "x" of a kind.
type corruption struct {
	name   string
	stmt   string // raw SQL that changes at least one row of record "x"
	record string // the kind of record spoiled, as the test's reads name it
}

// testCorruptions runs each corruption, the common ones and those of the
// dialect, on a new store that seed fills, and checks the reads of its
// record with wantCorrupt.
func testCorruptions(t *testing.T, common []corruption, byDialect map[Dialect][]corruption,
	seed func(*testing.T, *Store), readsOf func(ctx context.Context, s *Store, record string) reads) {
	t.Helper()
	forEachDialect(t, func(t *testing.T, d Dialect) {
		for _, c := range append(slices.Clone(common), byDialect[d]...) {
			t.Run(c.name, func(t *testing.T) {
				s := newTestStore(t, d)
				seed(t, s)
				spoil(t, s, c.stmt)
				wantCorrupt(t, readsOf(t.Context(), s, c.record))
			})
		}
	})
}

// reads are a read of one record and a list of its kind, as a test of
// stored values calls them.
type reads struct {
	get  func() error
	list func() (values, errs int, last error)
}

// spoil runs stmt, raw SQL that must change at least one row, on s's
// database, around the store.
func spoil(t *testing.T, s *Store, stmt string) {
	t.Helper()
	res, err := s.db.ExecContext(t.Context(), stmt)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n < 1 {
		t.Fatalf("%q spoiled no row", stmt)
	}
}

// wantCorrupt checks that r's read fails with ErrCorrupt naming record
// "x", and its list yields that error once and no record.
func wantCorrupt(t *testing.T, r reads) {
	t.Helper()
	if err := r.get(); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), `"x"`) {
		t.Errorf("read: error = %v, want ErrCorrupt naming \"x\"", err)
	}
	if values, errs, last := r.list(); values != 0 || errs != 1 || !errors.Is(last, ErrCorrupt) {
		t.Errorf("list: %d values, %d errors (last %v); want one ErrCorrupt", values, errs, last)
	}
}
