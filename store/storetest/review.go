package storetest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/review"
	"pgregory.net/rapid"
)

// RunReview runs the conformance suite of [review.Store] against stores
// made by newStore, each check in a subtest of t: the plans, reviews and
// action items of package review, with the contract written above
// [review.PlanStore]. newStore must return a new, empty store each time it
// is called, as for [Run]. Run the suite under the race detector. It
// panics if newStore is nil.
//
// Reviews and action items get the checks accounts get from [Run]
// (versions, not-found, conflicts, invalid records, copies, order,
// filters, sequences, contexts, concurrency and a model test); plans get
// the same for their history of versions, and a model test that reads
// the plan at random instants.
func RunReview(t *testing.T, newStore func(t *testing.T) review.Store) {
	if newStore == nil {
		panic("storetest: RunReview called with a nil newStore")
	}
	adapted := func(t *testing.T) account.Store { return reviewAdapter{reviewStore: newStore(t)} }
	t.Run("Reviews", func(t *testing.T) {
		testRecords(t, adapted, reviews)
		t.Run("Filters", func(t *testing.T) { testReviewFilters(t, adapted(t)) })
		t.Run("Invalid/BothSentinels", func(t *testing.T) {
			bad, _ := reviews.invalid("r-1")
			_, err := rs(adapted(t)).CreateReview(t.Context(), bad)
			wantErr(t, "create of an invalid review", err, review.ErrInvalid)
		})
	})
	t.Run("Actions", func(t *testing.T) {
		testRecords(t, adapted, actions)
		t.Run("Filters", func(t *testing.T) { testActionFilters(t, adapted(t)) })
		t.Run("Invalid/BothSentinels", func(t *testing.T) {
			bad, _ := actions.invalid("x-1")
			_, err := rs(adapted(t)).CreateAction(t.Context(), bad)
			wantErr(t, "create of an action with no owner", err, review.ErrInvalid)
		})
	})
	t.Run("Plans", func(t *testing.T) { testPlans(t, newStore) })
	t.Run("Sequences", func(t *testing.T) { testReviewSequences(t, adapted) })
	t.Run("Context", func(t *testing.T) { testReviewContext(t, newStore) })
	t.Run("Concurrency", func(t *testing.T) {
		t.Run("NoLostUpdate/Reviews", func(t *testing.T) { testNoLostUpdate(t, adapted(t), reviews) })
		t.Run("NoLostUpdate/Actions", func(t *testing.T) { testNoLostUpdate(t, adapted(t), actions) })
		t.Run("NoLostUpdate/Plans", func(t *testing.T) { testNoLostPlanVersion(t, newStore(t)) })
		t.Run("CreateRace/Reviews", func(t *testing.T) { testCreateRace(t, adapted(t), reviews) })
		t.Run("CreateRace/Actions", func(t *testing.T) { testCreateRace(t, adapted(t), actions) })
	})
	t.Run("Model", func(t *testing.T) {
		t.Run("Reviews", func(t *testing.T) {
			rapid.Check(t, func(rt *rapid.T) { runRecordModel(rt, t.Context(), adapted(t), reviewModel) })
		})
		t.Run("Actions", func(t *testing.T) {
			rapid.Check(t, func(rt *rapid.T) { runRecordModel(rt, t.Context(), adapted(t), actionModel) })
		})
		t.Run("Plans", func(t *testing.T) {
			rapid.Check(t, func(rt *rapid.T) { runPlanModel(rt, t.Context(), newStore(t)) })
		})
	})
}

func testReviewFilters(t *testing.T, s account.Store) {
	type tc = filterCase[review.ReviewFilter, review.ReviewID]
	testFilters(t, s, reviews, []review.Review{
		sampleReview("r3", "acme", day(10)),
		sampleReview("r1", "acme", day(0)),
		sampleReview("r4", "globex", day(20)),
		sampleReview("r2", "globex", day(10)),
	}, func(s account.Store, ctx context.Context, f review.ReviewFilter) iter.Seq2[review.Review, error] {
		return rs(s).Reviews(ctx, f)
	}, []tc{
		{"zero filter", review.ReviewFilter{}, []review.ReviewID{"r1", "r2", "r3", "r4"}},
		{"Account", review.ReviewFilter{Account: "acme"}, []review.ReviewID{"r1", "r3"}},
		{"unknown Account", review.ReviewFilter{Account: "initech"}, nil},
		{"From, inclusive", review.ReviewFilter{From: day(10)}, []review.ReviewID{"r2", "r3", "r4"}},
		{"To, inclusive", review.ReviewFilter{To: day(10)}, []review.ReviewID{"r1", "r2", "r3"}},
		{"one day", review.ReviewFilter{From: day(10), To: day(10)}, []review.ReviewID{"r2", "r3"}},
		{"empty range", review.ReviewFilter{From: day(11), To: day(19)}, nil},
		{"every field", review.ReviewFilter{Account: "globex", From: day(1), To: day(15)}, []review.ReviewID{"r2"}},
	})
}

func testActionFilters(t *testing.T, s account.Store) {
	type tc = filterCase[review.ActionFilter, review.ActionID]
	item := func(id review.ActionID, acct account.ID, r review.ReviewID, owner account.ManagerID, due int, status review.ActionStatus) review.ActionItem {
		a := review.ActionItem{ID: id, Account: acct, Review: r, Title: "Do " + string(id), Owner: owner,
			Raised: day(0), Due: day(due), Status: status}
		if status == review.ActionDone {
			a.Completed = day(due)
		}
		return a
	}
	testFilters(t, s, actions, []review.ActionItem{
		item("x4", "globex", "r2", "m1", 40, review.ActionCancelled),
		item("x1", "acme", "r1", "m1", 30, review.ActionOpen),
		item("x3", "globex", "r2", "m2", 30, review.ActionDone),
		item("x2", "acme", "r1", "m2", 31, review.ActionOpen),
	}, func(s account.Store, ctx context.Context, f review.ActionFilter) iter.Seq2[review.ActionItem, error] {
		return rs(s).Actions(ctx, f)
	}, []tc{
		{"zero filter", review.ActionFilter{}, []review.ActionID{"x1", "x2", "x3", "x4"}},
		{"Account", review.ActionFilter{Account: "acme"}, []review.ActionID{"x1", "x2"}},
		{"Review", review.ActionFilter{Review: "r2"}, []review.ActionID{"x3", "x4"}},
		{"Owner", review.ActionFilter{Owner: "m2"}, []review.ActionID{"x2", "x3"}},
		{"Status", review.ActionFilter{Status: review.ActionOpen}, []review.ActionID{"x1", "x2"}},
		{"DueTo, inclusive", review.ActionFilter{DueTo: day(30)}, []review.ActionID{"x1", "x3"}},
		{"DueTo before all", review.ActionFilter{DueTo: day(29)}, nil},
		{"every field", review.ActionFilter{Account: "acme", Review: "r1", Owner: "m2", Status: review.ActionOpen, DueTo: day(31)}, []review.ActionID{"x2"}},
	})
}

// testPlans checks the versioned plan store.
func testPlans(t *testing.T, newStore func(*testing.T) review.Store) {
	t.Run("SaveAndRead", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		var saved []review.Plan
		for n := range 4 {
			in := samplePlan("acme", hours(10*n), n)
			in.Version = int64(n)
			want := in.Clone()
			want.Version = int64(n + 1)
			got, err := s.SavePlan(ctx, in)
			wantNoErr(t, "save", err)
			diff(t, "save's result", got, want)
			cur, err := s.Plan(ctx, "acme")
			wantNoErr(t, "read", err)
			diff(t, "current version", cur, want)
			saved = append(saved, want)
		}
		diff(t, "history", collect(t, "history", s.PlanHistory(ctx, "acme")), saved)
		diff(t, "plans listed", collect(t, "list", s.Plans(ctx, review.PlanFilter{})), saved[3:])
	})

	t.Run("PlanAt", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		var saved []review.Plan
		for n, h := range []int{10, 20, 20, 30} { // two versions at one instant: the later one is in force
			in := samplePlan("acme", hours(h), n)
			in.Version = int64(n)
			p, err := s.SavePlan(ctx, in)
			wantNoErr(t, "save", err)
			saved = append(saved, p)
		}
		for _, c := range []struct {
			at   time.Time
			want int // index into saved, or -1 for none
		}{
			{hours(9), -1}, {hours(10).Add(-time.Microsecond), -1}, {hours(10), 0}, {hours(15), 0},
			{hours(20).Add(-time.Microsecond), 0}, {hours(20), 2}, {hours(29), 2}, {hours(30), 3}, {hours(1000), 3},
			{hours(20).In(nzTime), 2}, // the same instant in another location
		} {
			got, err := s.PlanAt(ctx, "acme", c.at)
			if c.want < 0 {
				wantErr(t, fmt.Sprintf("plan at %v, before the first version", c.at), err, account.ErrNotFound)
				continue
			}
			wantNoErr(t, "plan at", err)
			diff(t, fmt.Sprintf("plan at %v", c.at), got, saved[c.want])
		}
		_, err := s.PlanAt(ctx, "initech", hours(100))
		wantErr(t, "plan at of an account with no plan", err, account.ErrNotFound)
	})

	t.Run("NotFound", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		_, err := s.Plan(ctx, "acme")
		wantErr(t, "read", err, account.ErrNotFound)
		wantErr(t, "delete", s.DeletePlan(ctx, "acme", 1), account.ErrNotFound)
		if got := collect(t, "history", s.PlanHistory(ctx, "acme")); len(got) != 0 {
			t.Errorf("history of an account with no plan yields %d versions", len(got))
		}
	})

	t.Run("StaleVersion", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		_, err := s.SavePlan(ctx, samplePlan("acme", hours(1), 0))
		wantNoErr(t, "save", err)
		cur, err := s.SavePlan(ctx, withPlanVersion(samplePlan("acme", hours(2), 1), 1))
		wantNoErr(t, "save", err)
		for _, v := range []int64{0, 1, 3, 99} { // a second first version, stale and ahead
			_, err := s.SavePlan(ctx, withPlanVersion(samplePlan("acme", hours(3), 2), v))
			wantErr(t, fmt.Sprintf("save with version %d, not the current 2", v), err, account.ErrConflict)
			wantErr(t, fmt.Sprintf("delete with version %d", v), s.DeletePlan(ctx, "acme", v), account.ErrConflict)
		}
		got, err := s.Plan(ctx, "acme")
		wantNoErr(t, "read", err)
		diff(t, "plan after the rejected writes", got, cur)
		if n := len(collect(t, "history", s.PlanHistory(ctx, "acme"))); n != 2 {
			t.Errorf("history after the rejected writes has %d versions, want 2", n)
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		bad := samplePlan("acme", hours(1), 0)
		bad.Objectives[0].Owner = ""
		_, err := s.SavePlan(ctx, bad)
		wantFieldError(t, "save of an objective with no owner", err, "acme", "Objectives[0].Owner")
		wantErr(t, "save of an objective with no owner", err, review.ErrInvalid)
		_, err = s.Plan(ctx, "acme")
		wantErr(t, "read after the rejected save", err, account.ErrNotFound)

		_, err = s.SavePlan(ctx, samplePlan("acme", hours(10), 0))
		wantNoErr(t, "save", err)
		_, err = s.SavePlan(ctx, withPlanVersion(samplePlan("acme", hours(9), 1), 1))
		wantFieldError(t, "save of a version made before the current one", err, "acme", "At")
		_, err = s.SavePlan(ctx, withPlanVersion(samplePlan("acme", hours(10), 1), 1))
		wantNoErr(t, "save of a version made at the same instant", err)
	})

	t.Run("Delete", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		for _, id := range []account.ID{"acme", "globex"} {
			_, err := s.SavePlan(ctx, samplePlan(id, hours(1), 0))
			wantNoErr(t, "save", err)
		}
		_, err := s.SavePlan(ctx, withPlanVersion(samplePlan("acme", hours(2), 1), 1))
		wantNoErr(t, "save", err)
		wantNoErr(t, "delete", s.DeletePlan(ctx, "acme", 2))
		_, err = s.Plan(ctx, "acme")
		wantErr(t, "read after delete", err, account.ErrNotFound)
		_, err = s.PlanAt(ctx, "acme", hours(5))
		wantErr(t, "plan at after delete", err, account.ErrNotFound)
		if n := len(collect(t, "history", s.PlanHistory(ctx, "acme"))); n != 0 {
			t.Errorf("history after delete has %d versions, want none", n)
		}
		diff(t, "accounts listed after delete", accountsOf(collect(t, "list", s.Plans(ctx, review.PlanFilter{}))), []account.ID{"globex"})
		got, err := s.SavePlan(ctx, samplePlan("acme", hours(0), 5)) // a new history, from version 1
		wantNoErr(t, "save after delete", err)
		if got.Version != 1 {
			t.Errorf("first version after delete is %d, want 1", got.Version)
		}
	})

	t.Run("NoAliasing", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		in := samplePlan("acme", hours(1), 0)
		want := withPlanVersion(in.Clone(), 1)
		got, err := s.SavePlan(ctx, in)
		wantNoErr(t, "save", err)
		mutatePlan(&in)
		mutatePlan(&got)
		for _, read := range []func() (review.Plan, error){
			func() (review.Plan, error) { return s.Plan(ctx, "acme") },
			func() (review.Plan, error) { return s.PlanAt(ctx, "acme", hours(1)) },
			func() (review.Plan, error) { return first(collect(t, "list", s.Plans(ctx, review.PlanFilter{}))), nil },
			func() (review.Plan, error) { return first(collect(t, "history", s.PlanHistory(ctx, "acme"))), nil },
		} {
			p, err := read()
			wantNoErr(t, "read", err)
			diff(t, "read after changing save's input, its result and earlier reads", p, want)
			mutatePlan(&p)
		}
	})

	t.Run("FiltersAndOrder", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		created := []account.ID{"a9", "é", "B", "a10", "a"}
		for i, id := range created {
			p := samplePlan(id, hours(i), i) // status 1 + i%3
			_, err := s.SavePlan(ctx, p)
			wantNoErr(t, "save", err)
		}
		// Close "a9": the filter reads the current version only.
		p, err := s.Plan(ctx, "a9")
		wantNoErr(t, "read", err)
		p.Status, p.At = review.PlanStatusClosed, hours(50)
		_, err = s.SavePlan(ctx, p)
		wantNoErr(t, "save", err)
		for _, c := range []struct {
			name string
			f    review.PlanFilter
			want []account.ID
		}{
			{"zero filter", review.PlanFilter{}, []account.ID{"B", "a", "a10", "a9", "é"}},
			{"draft", review.PlanFilter{Status: review.PlanStatusDraft}, []account.ID{"a10"}},
			{"active", review.PlanFilter{Status: review.PlanStatusActive}, []account.ID{"a", "é"}},
			{"closed", review.PlanFilter{Status: review.PlanStatusClosed}, []account.ID{"B", "a9"}},
		} {
			diff(t, c.name, accountsOf(collect(t, c.name, s.Plans(ctx, c.f))), c.want)
		}
	})

	t.Run("Many", func(t *testing.T) {
		const n = 1500
		s, ctx := newStore(t), t.Context()
		for i := range n {
			_, err := s.SavePlan(ctx, samplePlan(account.ID(fmt.Sprintf("p-%04d", (i*7919)%n)), hours(i), i))
			wantNoErr(t, "save", err)
		}
		got := accountsOf(collect(t, "list", s.Plans(ctx, review.PlanFilter{})))
		if len(got) != n || !slices.IsSorted(got) {
			t.Errorf("list of %d plans yields %d, sorted %v; want %d in ascending order", n, len(got), slices.IsSorted(got), n)
		}
	})
}

func withPlanVersion(p review.Plan, v int64) review.Plan {
	p.Version = v
	return p
}

func accountsOf(ps []review.Plan) []account.ID {
	return ids(ps, func(p review.Plan) account.ID { return p.Account })
}

// testReviewSequences runs the sequence checks of [Run] over reviews,
// action items and plans.
func testReviewSequences(t *testing.T, newStore func(*testing.T) account.Store) {
	planSeq := seqCase{
		name: "Plans",
		seed: func(ctx context.Context, s account.Store, i int) error {
			_, err := rs(s).SavePlan(ctx, samplePlan(account.ID(fmt.Sprintf("p-%04d", i)), hours(i), i))
			return err
		},
		write: func(ctx context.Context, s account.Store, pos, serial int) error {
			_, err := rs(s).SavePlan(ctx, samplePlan(account.ID(fmt.Sprintf("p-%04d-w%d", pos, serial)), hours(pos), pos))
			return err
		},
		keys: func(ctx context.Context, s account.Store) iter.Seq2[string, error] {
			return keySeq(rs(s).Plans(ctx, review.PlanFilter{}), func(p review.Plan) string { return string(p.Account) })
		},
	}
	for _, c := range []seqCase{recordSeq(reviews), recordSeq(actions), planSeq} {
		t.Run(c.name, func(t *testing.T) { testSequence(t, newStore, c) })
	}
}

// testReviewContext checks that a done context fails every call, changes
// nothing, and ends every sequence with one (zero value, error) pair.
func testReviewContext(t *testing.T, newStore func(*testing.T) review.Store) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, stop := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer stop()
	seedStore := func(t *testing.T) review.Store {
		s, ctx := newStore(t), t.Context()
		_, err := s.CreateReview(ctx, sampleReview("r-1", "acme", day(0)))
		wantNoErr(t, "create review", err)
		_, err = s.CreateAction(ctx, actions.sample("x-1", 0))
		wantNoErr(t, "create action", err)
		_, err = s.SavePlan(ctx, samplePlan("acme", hours(1), 0))
		wantNoErr(t, "save plan", err)
		return s
	}
	type snap struct {
		Reviews []review.Review
		Actions []review.ActionItem
		History []review.Plan
	}
	take := func(t *testing.T, s review.Store) snap {
		ctx := t.Context()
		return snap{
			collect(t, "reviews", s.Reviews(ctx, review.ReviewFilter{})),
			collect(t, "actions", s.Actions(ctx, review.ActionFilter{})),
			collect(t, "history", s.PlanHistory(ctx, "acme")),
		}
	}
	calls := []struct {
		name string
		call func(context.Context, review.Store) error
	}{
		{"Review", func(ctx context.Context, s review.Store) error { _, err := s.Review(ctx, "r-1"); return err }},
		{"CreateReview", func(ctx context.Context, s review.Store) error {
			_, err := s.CreateReview(ctx, sampleReview("r-2", "acme", day(1)))
			return err
		}},
		{"UpdateReview", func(ctx context.Context, s review.Store) error {
			r := sampleReview("r-1", "acme", day(2))
			r.Version = 1
			_, err := s.UpdateReview(ctx, r)
			return err
		}},
		{"DeleteReview", func(ctx context.Context, s review.Store) error { return s.DeleteReview(ctx, "r-1", 1) }},
		{"Action", func(ctx context.Context, s review.Store) error { _, err := s.Action(ctx, "x-1"); return err }},
		{"CreateAction", func(ctx context.Context, s review.Store) error {
			_, err := s.CreateAction(ctx, actions.sample("x-2", 1))
			return err
		}},
		{"UpdateAction", func(ctx context.Context, s review.Store) error {
			_, err := s.UpdateAction(ctx, withVersionOf(actions.sample("x-1", 1), 1))
			return err
		}},
		{"DeleteAction", func(ctx context.Context, s review.Store) error { return s.DeleteAction(ctx, "x-1", 1) }},
		{"Plan", func(ctx context.Context, s review.Store) error { _, err := s.Plan(ctx, "acme"); return err }},
		{"PlanAt", func(ctx context.Context, s review.Store) error { _, err := s.PlanAt(ctx, "acme", hours(5)); return err }},
		{"SavePlan", func(ctx context.Context, s review.Store) error {
			_, err := s.SavePlan(ctx, withPlanVersion(samplePlan("acme", hours(2), 1), 1))
			return err
		}},
		{"DeletePlan", func(ctx context.Context, s review.Store) error { return s.DeletePlan(ctx, "acme", 1) }},
	}
	seqs := []struct {
		name string
		run  func(context.Context, review.Store) []error
	}{
		{"Reviews", func(ctx context.Context, s review.Store) []error {
			return errorsOf(s.Reviews(ctx, review.ReviewFilter{}))
		}},
		{"Actions", func(ctx context.Context, s review.Store) []error {
			return errorsOf(s.Actions(ctx, review.ActionFilter{}))
		}},
		{"Plans", func(ctx context.Context, s review.Store) []error { return errorsOf(s.Plans(ctx, review.PlanFilter{})) }},
		{"PlanHistory", func(ctx context.Context, s review.Store) []error { return errorsOf(s.PlanHistory(ctx, "acme")) }},
	}
	for _, d := range []struct {
		name string
		ctx  context.Context
		err  error
	}{{"Cancelled", cancelled, context.Canceled}, {"DeadlineExceeded", expired, context.DeadlineExceeded}} {
		t.Run(d.name, func(t *testing.T) {
			s := seedStore(t)
			before := take(t, s)
			for _, c := range calls {
				wantErr(t, c.name, c.call(d.ctx, s), d.err)
			}
			diff(t, "store after calls on a done context", take(t, s), before)
			for _, q := range seqs {
				errs := q.run(d.ctx, s)
				if len(errs) != 1 || !errors.Is(errs[0], d.err) {
					t.Errorf("%s on a done context yields errors %v; want one, wrapping %q", q.name, errs, d.err)
				}
			}
		})
	}
}

func withVersionOf(a review.ActionItem, v int64) review.ActionItem {
	a.Version = v
	return a
}

// errorsOf ranges over seq and returns what it yields as errors, a nil for
// each record; a record yielded with an error that is not its zero value
// counts as a failure too.
func errorsOf[R any](seq iter.Seq2[R, error]) []error {
	var out []error
	for r, err := range seq {
		if err != nil && !isZero(r) {
			err = fmt.Errorf("a non-zero value with the error: %w", err)
		}
		out = append(out, err)
	}
	return out
}

func isZero[R any](r R) bool {
	var zero R
	return fmt.Sprint(zero) == fmt.Sprint(r)
}

// testNoLostPlanVersion has workers goroutines each save rounds versions
// of one plan by read-modify-write, retrying on a conflict: every version
// must be kept, numbered 1 to n without a gap.
func testNoLostPlanVersion(t *testing.T, s review.Store) {
	ctx := t.Context()
	_, err := s.SavePlan(ctx, samplePlan("shared", hours(0), 0))
	wantNoErr(t, "save", err)
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for range rounds {
				for {
					p, err := s.Plan(ctx, "shared")
					if err != nil {
						errs <- fmt.Errorf("read: %w", err)
						return
					}
					p.Goals = append(p.Goals, fmt.Sprint("w", w))
					_, err = s.SavePlan(ctx, p) // the same At: allowed
					if err == nil {
						break
					}
					if !errors.Is(err, account.ErrConflict) {
						errs <- fmt.Errorf("save: %w", err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	h := collect(t, "history", s.PlanHistory(ctx, "shared"))
	if len(h) != 1+workers*rounds {
		t.Fatalf("history has %d versions after %d saves, want %d", len(h), workers*rounds, 1+workers*rounds)
	}
	for i, p := range h {
		if p.Version != int64(i+1) || len(p.Goals) != 1+i {
			t.Errorf("version %d of the history has Version %d and %d goals, want %d and %d", i+1, p.Version, len(p.Goals), i+1, i+1)
		}
	}
	if last := h[len(h)-1]; strings.Count(strings.Join(last.Goals, ""), "w") != workers*rounds {
		t.Errorf("the last version holds %d goals added by the workers, want %d", len(last.Goals)-1, workers*rounds)
	}
}

// runPlanModel checks random saves, deletes and reads of plans against a
// model of each account's history: the current version, the history, the
// list, and the plan at random instants, which must be the version then
// in force.
func runPlanModel(t *rapid.T, ctx context.Context, s review.Store) {
	model := map[account.ID][]review.Plan{}
	anyID := rapid.SampledFrom([]account.ID{"p0", "p1", "p2"})
	current := func(id account.ID) int64 {
		if h := model[id]; len(h) > 0 {
			return h[len(h)-1].Version
		}
		return 0
	}
	t.Repeat(map[string]func(*rapid.T){
		"save": func(t *rapid.T) {
			id := anyID.Draw(t, "id")
			cur := current(id)
			ver := rapid.SampledFrom([]int64{cur, cur, cur, 0, cur + 1, max(cur-1, 0)}).Draw(t, "version")
			at := hours(rapid.IntRange(0, 40).Draw(t, "at"))
			in := withPlanVersion(samplePlan(id, at, rapid.IntRange(0, 9).Draw(t, "n")), ver)
			got, err := s.SavePlan(ctx, in)
			h := model[id]
			switch {
			case ver != cur:
				wantErr(t, "save with a wrong version", err, account.ErrConflict)
			case len(h) > 0 && at.Before(h[len(h)-1].At):
				wantErr(t, "save of a version made before the current one", err, account.ErrInvalid)
			default:
				wantNoErr(t, "save", err)
				want := withPlanVersion(in, ver+1)
				diff(t, "save's result", got, want)
				model[id] = append(h, want)
			}
		},
		"delete": func(t *rapid.T) {
			id := anyID.Draw(t, "id")
			cur := current(id)
			ver := rapid.SampledFrom([]int64{cur, cur + 1, 1}).Draw(t, "version")
			err := s.DeletePlan(ctx, id, ver)
			switch {
			case cur == 0:
				wantErr(t, "delete of a missing plan", err, account.ErrNotFound)
			case ver != cur:
				wantErr(t, "delete with a wrong version", err, account.ErrConflict)
			default:
				wantNoErr(t, "delete", err)
				delete(model, id)
			}
		},
		"planAt": func(t *rapid.T) {
			id := anyID.Draw(t, "id")
			at := hours(rapid.IntRange(-1, 41).Draw(t, "at")).Add(time.Duration(rapid.IntRange(-1, 1).Draw(t, "µs")) * time.Microsecond)
			got, err := s.PlanAt(ctx, id, at)
			want, ok := review.PlanAt(model[id], at)
			if !ok {
				wantErr(t, "plan at before the first version", err, account.ErrNotFound)
				return
			}
			wantNoErr(t, "plan at", err)
			diff(t, fmt.Sprintf("plan of %s at %v", id, at), got, want)
		},
		"": func(t *rapid.T) {
			var want []review.Plan
			for _, id := range []account.ID{"p0", "p1", "p2"} {
				h := model[id]
				diff(t, "history of "+string(id), collect(t, "history", s.PlanHistory(ctx, id)), h)
				if len(h) > 0 {
					want = append(want, h[len(h)-1])
				}
			}
			diff(t, "plans listed", collect(t, "list", s.Plans(ctx, review.PlanFilter{})), want)
		},
	})
}
