// Package storetest is the conformance suite for implementations of the
// module's storage interfaces, [account.Store] first: it checks that a
// store keeps the contract written above [account.AccountReader], the one
// every part of keyaccount relies on. Like
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
// A store that implements the storage interfaces of the domain packages
// runs their suites the same way, one call each, with a function that
// returns a new, empty store of that interface:
//
//	storetest.RunTickets(t, func(t *testing.T) sla.TicketStore { return newMyStore(t) })
//	storetest.RunEscalation(t, func(t *testing.T) escalation.Store { return newMyStore(t) })
//	storetest.RunReview(t, func(t *testing.T) review.Store { return newMyStore(t) })
//	storetest.RunResponses(t, func(t *testing.T) engagement.ResponseStore { return newMyStore(t) })
//	storetest.RunChanges(t, func(t *testing.T) engagement.ChangeStore { return newMyStore(t) })
//	storetest.RunFeedback(t, func(t *testing.T) engagement.FeedbackStore { return newMyStore(t) })
//	storetest.RunPartials(t, func(t *testing.T) storetest.PushDownStore { return newMyStore(t) })
//	storetest.RunGrowth(t, func(t *testing.T) growth.Store { return newMyStore(t) })
//	storetest.RunOpportunities(t, func(t *testing.T) growth.OpportunityStore { return newMyStore(t) })
//
// store/sqlstore runs every suite on both of its dialects, each in a
// subtest per dialect; its PostgreSQL half needs a server
// (KEYACCOUNT_TEST_POSTGRES) and gives each new store a schema of its own,
// so a check that makes many stores (the model tests make one per case)
// costs a schema and a migration each.
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
// # What the other suites check
//
//   - Tickets ([RunTickets], subtests under "Tickets/"): create, read and
//     append, with Version 1 on create and +1 per append (an empty append
//     keeps it); not-found, a taken ID and stale versions; timelines that
//     fail Validate rejected on create, and batches rejected on append (out
//     of order, earlier than the last stored event, refused by the state
//     machine, after a close, bad fields), each with [sla.ErrInvalid] and
//     the [*sla.EventError] or [*account.FieldError] at fault, and nothing
//     stored; the order by opening, then ID; every filter field, with
//     half-open opening ranges at both edges and UnsolvedAt and ActiveFrom
//     where reopen, solve and close meet at one instant; copies, sequences,
//     done contexts; read-append-retry cycles that lose nothing, racing
//     creates with one winner, no torn reads; a rapid model test checked
//     against Timeline.Validate and TicketFilter.Match.
//   - Escalation stores ([RunEscalation]): fired records listed by At, then
//     Key; AddFired as a compare-and-set, where a taken key reports false
//     with no error and the first record stands, and of eight goroutines
//     adding one key exactly one is told it added; invalid records and
//     facts rejected with [escalation.ErrInvalid] and a
//     [*account.FieldError] naming the field; facts in the order added, an
//     earlier fact rejected with [escalation.ErrFactOrder], a taken or
//     repeated fact ID with [account.ErrConflict], a batch stored all or
//     none; copies; sequences; done contexts; a rapid model of records and
//     facts.
//   - Plans, reviews and action items ([RunReview]): reviews and action
//     items get the checks accounts get, with invalid records wrapping both
//     [account.ErrInvalid] and [review.ErrInvalid]. Plans get the checks of
//     a version history: each save a new version numbered from 1, a stale
//     or repeated first version rejected with [account.ErrConflict], a
//     version made before the current one rejected as invalid, PlanAt at
//     and around each version's instant (the last version of several at one
//     instant wins; an instant before the first version is
//     [account.ErrNotFound]), the history in version order, deletion of the
//     whole history, no aliasing, concurrent saves that lose no version, and
//     a model test that reads the plan at random instants and compares it
//     with review.PlanAt over the model's history.
//   - Survey responses ([RunResponses]), changes ([RunChanges]) and
//     feedback ([RunFeedback]): responses and feedback get the checks of
//     transactions and interactions (batches stored all or none, duplicate
//     IDs, deletion, the order by account, At and ID, every filter field,
//     half-open time ranges, racing adds, the model test), and every
//     score's range at both edges; changes get the checks of versioned
//     records (versions, not-found, conflicts, the go-live range and kind
//     filter, ID order, copies of the scope's slices, contention, racing
//     creates, the model test). Invalid records wrap both
//     [engagement.ErrInvalid] and [account.ErrInvalid].
//   - Push-down ([RunPartials], subtests under "Partials/"): a store that
//     keeps transactions and implements [segmentation.PartialStore]
//     ([PushDownStore]) is checked against the in-memory path: the Partials
//     it yields for an Options, fed to [segmentation.Aggregator.AddPartial],
//     must give the aggregate [segmentation.Aggregate] gives over the same
//     store's Transactions, and so the same scored table and Pareto analysis
//     (money compared as numbers; Excluded is not reported), and must fail
//     where that path fails, for a reason the data gives. Fixed cases check
//     each field worked out by hand (sub-cent amounts, refunds, trailing
//     zeros), the order by account ID and then currency, an account in two
//     currencies, window edges on, a nanosecond and a microsecond beside
//     stored instants, the kind filter and [segmentation.ErrMixedKinds],
//     RejectFuture and [segmentation.ErrFuture], every frequency basis in
//     UTC and in zones with daylight saving (one of which skips and repeats
//     midnight), options at both edges of validity, 2,500 accounts,
//     breaking out early and done contexts; a rapid property test does the
//     same on random portfolios. A store may decline an Options whose
//     Location is not UTC with [errors.ErrUnsupported], as its first and
//     only pair; in UTC it must push down every frequency basis.
//     It also checks each Partial's FirstTotal when the Options count
//     distinct days or periods: the exact net sum of the account's counted
//     transactions in the day or period of its First, in Total's currency,
//     so that a lifetime model can set the first purchase period apart from
//     the repeats.
//   - Offerings, holdings and wallet estimates ([RunGrowth]): each kind gets
//     the checks of versioned records (create, read, update, delete,
//     versions, not-found, a taken ID, stale versions, create with a
//     version, ascending ID order, copies), invalid records rejected on
//     create and update with [account.ErrInvalid], [growth.ErrInvalid] and
//     a [*account.FieldError] naming the field, leaving the store as it
//     was; every filter field (a holding's HeldAt at both edges of its
//     half-open period and in another zone); done contexts; concurrent
//     read-modify-write and racing creates; a rapid model test against the
//     filters' Match methods. The sample transaction and interaction of
//     [Run] set account.Transaction.Offering and account.Interaction's
//     Division and OfferingFamily, so every round trip checks them.
//   - Opportunities ([RunOpportunities]): create, read, update and append a
//     change with versions; not-found; conflicts on a taken ID and a stale
//     version; invalid opportunities rejected with [account.ErrInvalid],
//     [growth.ErrInvalid] and a [*account.FieldError] naming the field;
//     append-only history (an update that drops, changes or inserts a
//     stored change is refused with [growth.ErrHistoryRewritten], one that
//     repeats it in another form, another zone or 1000.000 for 1000, is
//     not); every filter field; ascending ID order; copies; done contexts;
//     concurrent appends that lose no change; a rapid model test.
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
// The suites take no options or feature flags. Every check is a promise of
// the contract that the rest of keyaccount relies on, so a store that
// cannot keep one does not implement the interface; where the contract leaves a
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
