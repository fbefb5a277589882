// Package storetest is a conformance suite for implementations of
// [account.Store]: it checks that a store keeps the contract written above
// [account.AccountReader], the one every part of keyaccount relies on. Like
// [testing/fstest], it is an ordinary package that a store's own tests call.
//
// # Running it
//
// A store's test file runs the whole suite with one call, passing a
// function that returns a new, empty store:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) account.Store {
//			s, err := mystore.Open(filepath.Join(t.TempDir(), "test.db"))
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Cleanup(func() { s.Close() })
//			return s
//		})
//	}
//
// Every check is a named subtest ("Accounts/StaleVersion",
// "Transactions/TimeRange", "Concurrency/NoLostUpdate", ...), so
// go test -run selects them and a failure says which promise was broken.
// Run the suite under the race detector (go test -race): the concurrency
// checks rely on it.
//
// # What it checks
//
//   - Accounts, contacts and managers: create, read, update and delete;
//     version numbering (1 on create, +1 per update); not-found; conflicts on
//     a taken ID and on a stale version; invalid records rejected with
//     [account.ErrInvalid] and a [*account.FieldError] naming the field;
//     every filter field; ascending ID order.
//   - Transactions and interactions: adding in batches that are stored all
//     or none; duplicate IDs, in the store or within a batch; deletion; the
//     order by account, At and ID; every filter field; half-open time
//     ranges [From, To), with records exactly at From (selected) and exactly
//     at To (not selected).
//   - Copies: changing a map or slice after passing it in, or one that came
//     back, never changes the store.
//   - Sequences: breaking out early; writing to the store inside a running
//     loop without deadlock, with no record yielded twice and the order
//     kept; ranging over the same sequence twice; reading more records than
//     a store is likely to fetch at once.
//   - Contexts: a done context makes every call fail with an error that
//     wraps the context's error and change nothing, makes a sequence yield
//     one (zero value, error) pair, and ends a running sequence with it.
//   - Concurrency: goroutines doing read-modify-write with retries on
//     [account.ErrConflict] lose no update; of racing creates of one ID
//     exactly one wins; concurrent readers see consistent order.
//   - A property-based model test (pgregory.net/rapid): random sequences
//     of creates, updates, deletes, adds and filtered lists, with random IDs,
//     stale and current versions and time ranges, checked step by step
//     against a model built of plain maps.
//
// Errors are checked by kind, with [errors.Is] and [errors.As], never by
// their text. Records are compared with go-cmp, field by field: amounts and
// decimals with their Equal methods (so 1.5 equals 1.50), times with
// [time.Time.Equal] (so a store may return them in another location), and
// a nil map or slice equal to an empty one. Every time the suite stores is
// a whole number of microseconds.
//
// # Requirements on newStore
//
// newStore is called for each subtest and for each case the model test
// runs (rapid's default is 100 cases per kind of record; the -rapid.checks
// flag changes it), each time for a new, empty store that shares nothing
// with the others. It may register clean-up with t.Cleanup. The suite never
// closes a store itself: [account.Store] has no Close.
//
// # No options
//
// Run takes no options or feature flags. Every check is a promise of the
// contract that the rest of keyaccount relies on, so a store that cannot
// keep one does not implement [account.Store]; where the contract leaves a
// choice open (how fine a time a store keeps below a microsecond, which
// location it returns times in) the suite accepts every choice.
package storetest

import (
	"errors"
	"iter"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
)

// Run runs the conformance suite against stores made by newStore, each
// check in a subtest of t. newStore must return a new, empty store each time
// it is called; see the package documentation. Run fails t (through its
// subtests) for every promise of the [account.Store] contract the store
// breaks. It panics if newStore is nil.
func Run(t *testing.T, newStore func(t *testing.T) account.Store) {
	if newStore == nil {
		panic("storetest: Run called with a nil newStore")
	}
	t.Run("Accounts", func(t *testing.T) {
		testRecords(t, newStore, accounts)
		t.Run("Filters", func(t *testing.T) { testAccountFilters(t, newStore(t)) })
	})
	t.Run("Contacts", func(t *testing.T) {
		testRecords(t, newStore, contacts)
		t.Run("Filters", func(t *testing.T) { testContactFilters(t, newStore(t)) })
	})
	t.Run("Managers", func(t *testing.T) {
		testRecords(t, newStore, managers)
		t.Run("Filters", func(t *testing.T) { testManagerFilters(t, newStore(t)) })
	})
	t.Run("Transactions", func(t *testing.T) { testLog(t, newStore, transactions) })
	t.Run("Interactions", func(t *testing.T) { testLog(t, newStore, interactions) })
	t.Run("Sequences", func(t *testing.T) { testSequences(t, newStore) })
	t.Run("Context", func(t *testing.T) { testContext(t, newStore) })
	t.Run("Concurrency", func(t *testing.T) { testConcurrency(t, newStore) })
	t.Run("Model", func(t *testing.T) { testModel(t, newStore) })
}

// cmpOpts compare records as the contract means them: Money, decimals and
// times by their Equal methods (go-cmp uses an Equal method where a type has
// one), and a nil map or slice as an empty one.
var cmpOpts = []cmp.Option{cmpopts.EquateEmpty()}

// reporter is what the checks below need from a *testing.T or a
// *rapid.T.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// diff reports a difference between got and want.
func diff(t reporter, what string, got, want any) {
	t.Helper()
	if d := cmp.Diff(got, want, cmpOpts...); d != "" {
		t.Errorf("%s: mismatch (-got +want):\n%s", what, d)
	}
}

// collect ranges over seq and returns what it yields, failing t on an error.
func collect[V any](t reporter, what string, seq iter.Seq2[V, error]) []V {
	t.Helper()
	var out []V
	for v, err := range seq {
		if err != nil {
			t.Fatalf("%s: sequence failed: %v", what, err)
		}
		out = append(out, v)
	}
	return out
}

// ids returns the IDs of recs, in order.
func ids[K ~string, R any](recs []R, id func(R) K) []K {
	out := make([]K, len(recs))
	for i, r := range recs {
		out[i] = id(r)
	}
	return out
}

// wantErr fails t unless err wraps target.
func wantErr(t reporter, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: error = %v, want one wrapping %q", what, err, target)
	}
}

// wantNoErr stops t if err is not nil.
func wantNoErr(t reporter, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: unexpected error: %v", what, err)
	}
}

// wantFieldError fails t unless err wraps account.ErrInvalid and a
// *account.FieldError for field of the record id.
func wantFieldError(t reporter, what string, err error, id, field string) {
	t.Helper()
	wantErr(t, what, err, account.ErrInvalid)
	var fe *account.FieldError
	if !errors.As(err, &fe) {
		t.Errorf("%s: error %v holds no *account.FieldError", what, err)
		return
	}
	if fe.Field != field || fe.ID != id {
		t.Errorf("%s: FieldError names field %q of %q, want field %q of %q", what, fe.Field, fe.ID, field, id)
	}
}
