package storetest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
	"pgregory.net/rapid"
)

// manyRecords is more records than a store is likely to fetch at once.
const manyRecords = 600

// seedFired stores n records of the issue, the i-th at i minutes, each of
// its own level.
func seedFired(t *testing.T, s escalation.RecordStore, issue string, n int) {
	t.Helper()
	for i := range n {
		addFired(t, t.Context(), s, sampleRecord(issue, fmt.Sprintf("l%04d", i), 0, epoch.Add(time.Duration(i)*time.Minute), i), true)
	}
}

// seedFacts stores n facts of the issue, the i-th at i minutes.
func seedFacts(t *testing.T, s escalation.FactStore, issue string, n int) {
	t.Helper()
	for i := range n {
		wantNoErr(t, "add fact", s.AddFacts(t.Context(), issue, sampleFact(fmt.Sprintf("f%04d", i), escalation.FactRequested, epoch.Add(time.Duration(i)*time.Minute))))
	}
}

func testEscalationSequences(t *testing.T, newStore func(*testing.T) escalation.Store) {
	t.Run("Many", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		seedFired(t, s, "T-1", manyRecords)
		seedFacts(t, s, "T-1", manyRecords)
		recs, facts := listFired(t, ctx, s, "T-1"), listFacts(t, ctx, s, "T-1")
		if len(recs) != manyRecords || len(facts) != manyRecords {
			t.Fatalf("listed %d records and %d facts, want %d of each", len(recs), len(facts), manyRecords)
		}
		for i := range manyRecords {
			if got, want := recs[i].LevelName, fmt.Sprintf("l%04d", i); got != want {
				t.Fatalf("record %d is of level %q, want %q", i, got, want)
			}
			if got, want := facts[i].ID, fmt.Sprintf("f%04d", i); got != want {
				t.Fatalf("fact %d is %q, want %q", i, got, want)
			}
		}
	})
	t.Run("BreakEarly", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		seedFired(t, s, "T-1", manyRecords)
		seedFacts(t, s, "T-1", manyRecords)
		n := 0
		for _, err := range s.Fired(ctx, "T-1") {
			wantNoErr(t, "list records", err)
			if n++; n == 3 {
				break
			}
		}
		for _, err := range s.Facts(ctx, "T-1") {
			wantNoErr(t, "list facts", err)
			if n++; n == 6 {
				break
			}
		}
		if n != 6 {
			t.Errorf("read %d values before breaking, want 6", n)
		}
	})
	t.Run("RangeTwice", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		seedFired(t, s, "T-1", 3)
		seedFacts(t, s, "T-1", 3)
		recs, facts := s.Fired(ctx, "T-1"), s.Facts(ctx, "T-1")
		diff(t, "records ranged twice", collect(t, "again", recs), collect(t, "first", recs))
		diff(t, "facts ranged twice", collect(t, "again", facts), collect(t, "first", facts))
	})
	t.Run("WriteInsideLoop", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		seedFired(t, s, "T-1", manyRecords)
		seedFacts(t, s, "T-1", manyRecords)
		// Each record yielded adds one a microsecond later: yielded or
		// not, no record may come twice or out of order, and every seeded
		// one must come.
		var keys []string
		i := 0
		for r, err := range s.Fired(ctx, "T-1") {
			wantNoErr(t, "list records", err)
			keys = append(keys, r.At.UTC().Format("20060102150405.000000000")+"\x00"+r.Key)
			if i < manyRecords {
				added, err := s.AddFired(ctx, sampleRecord("T-1", fmt.Sprintf("w%04d", i), 0, r.At.Add(time.Microsecond), i))
				wantNoErr(t, "add inside the loop", err)
				if !added {
					t.Fatalf("add inside the loop of a new key reports not added")
				}
			}
			i++
		}
		wantAscending(t, "records listed while adding", keys)
		if len(keys) < manyRecords {
			t.Errorf("%d records listed while adding, want at least the %d seeded", len(keys), manyRecords)
		}
		n := 0
		for f, err := range s.Facts(ctx, "T-1") {
			wantNoErr(t, "list facts", err)
			if want := fmt.Sprintf("f%04d", n); n < manyRecords && f.ID != want {
				t.Fatalf("fact %d listed while adding is %q, want %q", n, f.ID, want)
			}
			if n < 10 {
				wantNoErr(t, "add a fact inside the loop", s.AddFacts(ctx, "T-1", sampleFact(fmt.Sprint("w", n), escalation.FactRequested, hours(100))))
			}
			n++
		}
		if n < manyRecords {
			t.Errorf("%d facts listed while adding, want at least the %d seeded", n, manyRecords)
		}
	})
}

func testEscalationContext(t *testing.T, newStore func(*testing.T) escalation.Store) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	for _, d := range []struct {
		name string
		ctx  context.Context
		err  error
	}{
		{"Cancelled", cancelled, context.Canceled},
		{"DeadlineExceeded", expired, context.DeadlineExceeded},
	} {
		t.Run(d.name, func(t *testing.T) {
			s, ctx := newStore(t), t.Context()
			seedFired(t, s, "T-1", 2)
			seedFacts(t, s, "T-1", 2)
			recs, facts := listFired(t, ctx, s, "T-1"), listFacts(t, ctx, s, "T-1")

			added, err := s.AddFired(d.ctx, sampleRecord("T-1", "new", 0, hours(9), 1))
			wantErr(t, "AddFired", err, d.err)
			if added {
				t.Error("AddFired on a done context reports added")
			}
			wantErr(t, "AddFacts", s.AddFacts(d.ctx, "T-1", sampleFact("new", escalation.FactRequested, hours(9))), d.err)

			var gotRecs []escalation.Record
			var recErrs []error
			for r, err := range s.Fired(d.ctx, "T-1") {
				gotRecs, recErrs = append(gotRecs, r), append(recErrs, err)
			}
			if len(recErrs) != 1 || !errors.Is(recErrs[0], d.err) || !isZeroRecord(gotRecs[0]) {
				t.Errorf("Fired on a done context yields %d pairs, the first with error %v; want one pair, (zero Record, error wrapping %q)", len(recErrs), first(recErrs), d.err)
			}
			var gotFacts []escalation.Fact
			var factErrs []error
			for f, err := range s.Facts(d.ctx, "T-1") {
				gotFacts, factErrs = append(gotFacts, f), append(factErrs, err)
			}
			if len(factErrs) != 1 || !errors.Is(factErrs[0], d.err) || gotFacts[0] != (escalation.Fact{}) {
				t.Errorf("Facts on a done context yields %d pairs, the first with error %v; want one pair, (zero Fact, error wrapping %q)", len(factErrs), first(factErrs), d.err)
			}
			diff(t, "records after calls on a done context", listFired(t, ctx, s, "T-1"), recs)
			diff(t, "facts after calls on a done context", listFacts(t, ctx, s, "T-1"), facts)
		})
	}
	t.Run("CancelInsideLoop", func(t *testing.T) {
		s := newStore(t)
		seedFired(t, s, "T-1", 3)
		seedFacts(t, s, "T-1", 3)
		check := func(what string, errs []error, zero func(int) bool) {
			n := len(errs)
			switch {
			case n < 2 || errs[0] != nil:
				t.Errorf("%s cancelled after its first value yields %d pairs, first error %v; want a value, then the context's error", what, n, first(errs))
			case !errors.Is(errs[n-1], context.Canceled) || !zero(n-1):
				t.Errorf("%s cancelled after its first value ends with error %v; want (zero value, error wrapping %q)", what, errs[n-1], context.Canceled)
			case slices.ContainsFunc(errs[:n-1], func(err error) bool { return err != nil }):
				t.Errorf("%s cancelled after its first value yields errors %v; want one error, at the end", what, errs)
			}
		}
		ctx, cancel := context.WithCancel(t.Context())
		var recs []escalation.Record
		var errs []error
		for r, err := range s.Fired(ctx, "T-1") {
			recs, errs = append(recs, r), append(errs, err)
			cancel()
		}
		check("Fired", errs, func(i int) bool { return isZeroRecord(recs[i]) })
		ctx, cancel = context.WithCancel(t.Context())
		var facts []escalation.Fact
		errs = nil
		for f, err := range s.Facts(ctx, "T-1") {
			facts, errs = append(facts, f), append(errs, err)
			cancel()
		}
		cancel()
		check("Facts", errs, func(i int) bool { return facts[i] == escalation.Fact{} })
	})
}

func isZeroRecord(r escalation.Record) bool {
	return r.Key == "" && r.Issue == "" && r.Recipients == nil && r.At.IsZero() && r.Due.IsZero() && r.Level == 0 && r.LevelName == ""
}

func testEscalationConcurrency(t *testing.T, newStore func(*testing.T) escalation.Store) {
	t.Run("OneWinner", func(t *testing.T) {
		// Many rounds, each on a fresh key, so that the adds really race.
		s, ctx := newStore(t), t.Context()
		for round := range rounds {
			added := make([]bool, workers)
			errs := make([]error, workers)
			var wg sync.WaitGroup
			for g := range workers {
				wg.Go(func() {
					added[g], errs[g] = s.AddFired(ctx, sampleRecord("T-1", "contested", round, hours(round), g))
				})
			}
			wg.Wait()
			winner := -1
			for g := range workers {
				switch {
				case errs[g] != nil:
					t.Errorf("round %d: add %d: %v", round, g, errs[g])
				case added[g] && winner >= 0:
					t.Errorf("round %d: adds %d and %d of one key both report added", round, winner, g)
				case added[g]:
					winner = g
				}
			}
			if winner < 0 {
				t.Fatalf("round %d: no add of the contested key reports added", round)
			}
			recs := listFired(t, ctx, s, "T-1")
			if len(recs) != round+1 {
				t.Fatalf("round %d: %d records stored, want %d", round, len(recs), round+1)
			}
			diff(t, fmt.Sprintf("round %d: the stored record is the winner's", round), recs[round], sampleRecord("T-1", "contested", round, hours(round), winner))
		}
	})
	t.Run("ManyKeys", func(t *testing.T) {
		// Every worker adds every key, each starting at another key: each
		// key is won once, and the list holds each once, in order.
		s, ctx := newStore(t), t.Context()
		wins := make([][]string, workers)
		var wg sync.WaitGroup
		for g := range workers {
			wg.Go(func() {
				for i := range rounds {
					k := (i + g*rounds/workers) % rounds
					r := sampleRecord("T-1", fmt.Sprintf("l%02d", k), 0, hours(k%4), g)
					added, err := s.AddFired(ctx, r)
					if err != nil {
						t.Errorf("worker %d: %v", g, err)
						return
					}
					if added {
						wins[g] = append(wins[g], r.Key)
					}
				}
			})
		}
		wg.Wait()
		all := slices.Concat(wins...)
		slices.Sort(all)
		var want []string
		for k := range rounds {
			want = append(want, escalation.Key("T-1", fmt.Sprintf("l%02d", k), 0))
		}
		slices.Sort(want)
		diff(t, "keys won, over all workers", all, want)
		got := listFired(t, ctx, s, "T-1")
		if !slices.IsSortedFunc(got, compareRecords) || len(got) != rounds {
			t.Errorf("listed %d records %v, want %d in (At, Key) order", len(got), firedKeys(got), rounds)
		}
	})
	t.Run("FactAppends", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		contested := make([]error, workers)
		var wg sync.WaitGroup
		for g := range workers {
			wg.Go(func() {
				for i := range rounds {
					if err := s.AddFacts(ctx, "T-1", sampleFact(fmt.Sprintf("g%d-%02d", g, i), escalation.FactRequested, hours(1))); err != nil {
						t.Errorf("worker %d: %v", g, err)
						return
					}
				}
				contested[g] = s.AddFacts(ctx, "T-1", sampleFact("contested", escalation.FactRequested, hours(1)))
			})
		}
		wg.Wait()
		winners := 0
		for _, err := range contested {
			if err == nil {
				winners++
			} else {
				wantErr(t, "losing append", err, account.ErrConflict)
			}
		}
		if winners != 1 {
			t.Errorf("%d appends of one contested fact ID succeeded, want exactly 1", winners)
		}
		if got, want := len(listFacts(t, ctx, s, "T-1")), workers*rounds+1; got != want {
			t.Errorf("%d facts stored, want %d", got, want)
		}
	})
	t.Run("ReadersAndWriters", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		var wg sync.WaitGroup
		for w := range 2 {
			wg.Go(func() {
				for i := range rounds * 4 {
					r := sampleRecord("T-1", fmt.Sprintf("w%d-%03d", w, i), 0, hours((i*7)%13), i)
					if _, err := s.AddFired(ctx, r); err != nil {
						t.Errorf("writer %d: %v", w, err)
						return
					}
					if err := s.AddFacts(ctx, "T-1", sampleFact("", escalation.FactRequested, hours(1))); err != nil {
						t.Errorf("writer %d: %v", w, err)
						return
					}
				}
			})
		}
		for range 2 {
			wg.Go(func() {
				for range rounds {
					var recs []escalation.Record
					for r, err := range s.Fired(ctx, "T-1") {
						if err != nil {
							t.Errorf("list records: %v", err)
							return
						}
						recs = append(recs, r)
					}
					if !slices.IsSortedFunc(recs, compareRecords) {
						t.Errorf("records listed during writes are out of order: %v", firedKeys(recs))
					}
					var last time.Time
					for f, err := range s.Facts(ctx, "T-1") {
						if err != nil {
							t.Errorf("list facts: %v", err)
							return
						}
						if f.At.Before(last) {
							t.Errorf("facts listed during writes are out of order: %v after %v", f.At, last)
						}
						last = f.At
					}
				}
			})
		}
		wg.Wait()
	})
}

// compareRecords orders records as a RecordStore lists them.
func compareRecords(a, b escalation.Record) int {
	return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Key, b.Key))
}

// The model test runs random adds of records and facts, valid or not, to
// two issues, and checks after every step that the store lists exactly
// what a model of plain maps and slices holds.
func testEscalationModel(t *testing.T, newStore func(*testing.T) escalation.Store) {
	rapid.Check(t, func(rt *rapid.T) { runEscalationModel(rt, t.Context(), newStore(t)) })
}

func runEscalationModel(t *rapid.T, ctx context.Context, s escalation.Store) {
	issues := []string{"T-1", "T-2"}
	anyIssue := rapid.SampledFrom(issues)
	anyTime := rapid.Custom(func(t *rapid.T) time.Time {
		at := hours(rapid.IntRange(0, 4).Draw(t, "hour"))
		if rapid.Bool().Draw(t, "in NZ") {
			at = at.In(nzTime)
		}
		return at
	})
	fired := map[string]map[string]escalation.Record{}
	facts := map[string][]escalation.Fact{}
	sorted := func(issue string) []escalation.Record {
		var out []escalation.Record
		for _, r := range fired[issue] {
			out = append(out, r)
		}
		slices.SortFunc(out, compareRecords)
		return out
	}

	t.Repeat(map[string]func(*rapid.T){
		"add record": func(t *rapid.T) {
			issue := anyIssue.Draw(t, "issue")
			r := sampleRecord(issue, rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, "level"),
				rapid.IntRange(0, 2).Draw(t, "repeat"), anyTime.Draw(t, "at"), rapid.IntRange(0, 5).Draw(t, "n"))
			invalid := rapid.IntRange(0, 9).Draw(t, "valid unless 0") == 0
			if invalid {
				r.Level = 0
			}
			added, err := s.AddFired(ctx, r)
			_, taken := fired[issue][r.Key]
			switch {
			case invalid:
				wantErr(t, "add an invalid record", err, escalation.ErrInvalid)
			case taken:
				wantNoErr(t, "add a taken key", err)
				if added {
					t.Errorf("add of the taken key %s reports added", r.Key)
				}
			default:
				wantNoErr(t, "add", err)
				if !added {
					t.Errorf("add of the new key %s reports not added", r.Key)
				}
				if fired[issue] == nil {
					fired[issue] = map[string]escalation.Record{}
				}
				fired[issue][r.Key] = r
			}
		},
		"add facts": func(t *rapid.T) {
			issue := anyIssue.Draw(t, "issue")
			n := rapid.IntRange(0, 3).Draw(t, "batch size")
			batch := make([]escalation.Fact, n)
			invalid, order, conflict := false, false, false
			var last time.Time
			if l := facts[issue]; len(l) > 0 {
				last = l[len(l)-1].At
			}
			seen := map[string]bool{}
			for _, f := range facts[issue] {
				seen[f.ID] = f.ID != ""
			}
			for i := range batch {
				batch[i] = sampleFact(rapid.SampledFrom([]string{"", "f0", "f1", "f2", "f3"}).Draw(t, "id"),
					escalation.FactKind(rapid.IntRange(1, 3).Draw(t, "kind")), anyTime.Draw(t, "at"))
				if rapid.IntRange(0, 9).Draw(t, "valid unless 0") == 0 {
					batch[i].At, invalid = time.Time{}, true
					continue
				}
				order = order || batch[i].At.Before(last)
				last = batch[i].At
				conflict = conflict || seen[batch[i].ID]
				seen[batch[i].ID] = batch[i].ID != ""
			}
			err := s.AddFacts(ctx, issue, batch...)
			switch {
			case invalid:
				wantErr(t, "add a batch with an invalid fact", err, escalation.ErrInvalid)
			case order && conflict:
				if !errors.Is(err, escalation.ErrFactOrder) && !errors.Is(err, account.ErrConflict) {
					t.Errorf("add of a batch out of order and with a taken ID: error = %v, want one wrapping %q or %q", err, escalation.ErrFactOrder, account.ErrConflict)
				}
			case order:
				wantErr(t, "add a batch out of order", err, escalation.ErrFactOrder)
			case conflict:
				wantErr(t, "add a batch with a taken or repeated ID", err, account.ErrConflict)
			default:
				wantNoErr(t, "add facts", err)
				facts[issue] = append(facts[issue], batch...)
			}
		},
		"list": func(t *rapid.T) {
			issue := anyIssue.Draw(t, "issue")
			diff(t, "records of "+issue, listFired(t, ctx, s, issue), sorted(issue))
			diff(t, "facts of "+issue, listFacts(t, ctx, s, issue), facts[issue])
		},
		"": func(t *rapid.T) {
			for _, issue := range issues {
				diff(t, "records of "+issue, listFired(t, ctx, s, issue), sorted(issue))
			}
		},
	})
}
