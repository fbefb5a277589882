package storetest

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
	"pgregory.net/rapid"
)

// RunFeedback runs the conformance suite of [engagement.FeedbackStore]
// against stores made by newStore, each check in a subtest of t: batches
// stored all or none; duplicate IDs, stored or within a batch; invalid
// items rejected with [account.ErrInvalid], [engagement.ErrInvalid] and a
// [*account.FieldError]; deletion and re-adding; the order by account, At
// and ID; every filter field with half-open time ranges; done contexts;
// concurrent adds; and a rapid model test. newStore must return a new,
// empty store each time it is called, as for [Run]. It panics if newStore
// is nil.
func RunFeedback(t *testing.T, newStore func(t *testing.T) engagement.FeedbackStore) {
	if newStore == nil {
		panic("storetest: RunFeedback called with a nil newStore")
	}
	all := engagement.FeedbackFilter{}
	list := func(t reporter, s engagement.FeedbackStore, f engagement.FeedbackFilter) []engagement.Feedback {
		t.Helper()
		return collect(t, "list", s.Feedback(context.Background(), f))
	}
	listIDs := func(t reporter, s engagement.FeedbackStore, f engagement.FeedbackFilter) []engagement.FeedbackID {
		t.Helper()
		return ids(list(t, s, f), func(x engagement.Feedback) engagement.FeedbackID { return x.ID })
	}

	t.Run("AddAndList", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		in := []engagement.Feedback{
			sampleFeedback("x2", "acme", hours(2), 1),
			sampleFeedback("x1", "acme", hours(1), 2),
			sampleFeedback("x0", "acme", hours(2), 3), // same At as x2: by ID
			sampleFeedback("x3", "globex", hours(0).In(nzTime), 1),
		}
		wantNoErr(t, "add", s.AddFeedback(ctx, in...))
		diff(t, "list", list(t, s, all), []engagement.Feedback{in[1], in[2], in[0], in[3]})
		wantNoErr(t, "add an empty batch", s.AddFeedback(ctx))
		diff(t, "IDs after adding nothing", listIDs(t, s, all), []engagement.FeedbackID{"x1", "x0", "x2", "x3"})
	})

	t.Run("Delete", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		wantNoErr(t, "add", s.AddFeedback(ctx, sampleFeedback("x1", "acme", hours(1), 1), sampleFeedback("x2", "acme", hours(2), 1)))
		wantNoErr(t, "delete", s.DeleteFeedback(ctx, "x1"))
		diff(t, "IDs after delete", listIDs(t, s, all), []engagement.FeedbackID{"x2"})
		wantErr(t, "delete again", s.DeleteFeedback(ctx, "x1"), account.ErrNotFound)
		wantErr(t, "delete a missing ID", s.DeleteFeedback(ctx, "missing"), account.ErrNotFound)
		wantNoErr(t, "delete the last", s.DeleteFeedback(ctx, "x2"))
		diff(t, "IDs after deleting all", listIDs(t, s, engagement.FeedbackFilter{Account: "acme"}), []engagement.FeedbackID(nil))
		wantNoErr(t, "add a deleted ID", s.AddFeedback(ctx, sampleFeedback("x1", "acme", hours(5), 2)))
		diff(t, "IDs after adding it back", listIDs(t, s, all), []engagement.FeedbackID{"x1"})
	})

	t.Run("DuplicateID", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		first := sampleFeedback("x1", "acme", hours(1), 1)
		wantNoErr(t, "add", s.AddFeedback(ctx, first))
		wantErr(t, "add a stored ID", s.AddFeedback(ctx, sampleFeedback("x1", "globex", hours(2), 2)), account.ErrConflict)
		wantErr(t, "add a batch that repeats an ID",
			s.AddFeedback(ctx, sampleFeedback("x2", "acme", hours(2), 1), sampleFeedback("x2", "acme", hours(3), 1)), account.ErrConflict)
		wantErr(t, "add a batch with a stored ID in the middle",
			s.AddFeedback(ctx, sampleFeedback("x0", "acme", hours(0), 1), sampleFeedback("x1", "acme", hours(4), 1), sampleFeedback("x9", "b", hours(9), 1)), account.ErrConflict)
		diff(t, "stored after the conflicts", list(t, s, all), []engagement.Feedback{first})
	})

	t.Run("Invalid", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		for _, tc := range invalidFeedback("x2") {
			err := s.AddFeedback(ctx, sampleFeedback("x1", "acme", hours(1), 1), tc.x, sampleFeedback("x3", "acme", hours(3), 1))
			wantFieldError(t, "add a batch with a bad "+tc.field, err, "x2", tc.field)
			wantErr(t, "add a batch with a bad "+tc.field, err, engagement.ErrInvalid)
		}
		diff(t, "IDs after the rejected batches", listIDs(t, s, all), []engagement.FeedbackID(nil))
	})

	t.Run("Filters", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		data := []engagement.Feedback{
			sampleFeedback("f5", "globex", hours(5), 3),
			sampleFeedback("f1", "acme", hours(1), 1),
			sampleFeedback("f3", "acme", hours(3), 3),
			sampleFeedback("f2", "acme", hours(2), 2),
			sampleFeedback("f4", "globex", hours(4).In(nzTime), 1),
		}
		data[2].Theme, data[4].Theme = "billing", "billing"
		data[1].Change, data[0].Change = "c-9", "c-9"
		wantNoErr(t, "add", s.AddFeedback(ctx, data...))
		type F = engagement.FeedbackFilter
		for _, tc := range []struct {
			name string
			f    F
			want []engagement.FeedbackID
		}{
			{"zero filter", F{}, []engagement.FeedbackID{"f1", "f2", "f3", "f4", "f5"}},
			{"Account", F{Account: "acme"}, []engagement.FeedbackID{"f1", "f2", "f3"}},
			{"unknown Account", F{Account: "initech"}, nil},
			{"From exactly at an item", F{From: hours(2)}, []engagement.FeedbackID{"f2", "f3", "f4", "f5"}},
			{"To exactly at an item", F{To: hours(4)}, []engagement.FeedbackID{"f1", "f2", "f3"}},
			{"Account and range", F{Account: "acme", From: hours(2), To: hours(3)}, []engagement.FeedbackID{"f2"}},
			{"range in another zone", F{From: hours(4).In(nzTime), To: hours(5)}, []engagement.FeedbackID{"f4"}},
			{"Kind", F{Kind: engagement.FeedbackComplaint}, []engagement.FeedbackID{"f3", "f5"}},
			{"Theme", F{Theme: "billing"}, []engagement.FeedbackID{"f3", "f4"}},
			{"Change", F{Change: "c-9"}, []engagement.FeedbackID{"f1", "f5"}},
			{"every field", F{Account: "globex", From: hours(5), To: hours(6), Kind: engagement.FeedbackComplaint, Change: "c-9", Theme: "theme-3"}, []engagement.FeedbackID{"f5"}},
			{"fields that exclude each other", F{Theme: "billing", Change: "c-9"}, nil},
		} {
			diff(t, tc.name, listIDs(t, s, tc.f), tc.want)
		}
	})

	t.Run("ManyAndBreak", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		var in []engagement.Feedback
		for i := range 700 {
			in = append(in, sampleFeedback(engagement.FeedbackID(fmt.Sprintf("x%04d", i)), account.ID(fmt.Sprintf("a%d", i%7)), hours(i), 1+i%3))
		}
		wantNoErr(t, "add", s.AddFeedback(ctx, in...))
		got := list(t, s, all)
		if len(got) != len(in) || !slices.IsSortedFunc(got, compareFeedback) {
			t.Errorf("listing %d items yields %d, in order %v", len(in), len(got), slices.IsSortedFunc(got, compareFeedback))
		}
		n := 0
		for _, err := range s.Feedback(ctx, all) {
			wantNoErr(t, "list", err)
			if n++; n == 3 {
				break
			}
		}
		if n != 3 {
			t.Errorf("breaking out after 3 items: %d seen", n)
		}
	})

	t.Run("Context", func(t *testing.T) {
		for _, d := range doneContexts() {
			s := newStore(t)
			wantNoErr(t, "add", s.AddFeedback(t.Context(), sampleFeedback("x1", "acme", hours(1), 1)))
			wantErr(t, d.name+": AddFeedback", s.AddFeedback(d.ctx, sampleFeedback("x2", "acme", hours(2), 1)), d.err)
			wantErr(t, d.name+": DeleteFeedback", s.DeleteFeedback(d.ctx, "x1"), d.err)
			wantOnePair(t, d.name+": Feedback", s.Feedback(d.ctx, all), d.err)
			diff(t, d.name+": store after calls on a done context", listIDs(t, s, all), []engagement.FeedbackID{"x1"})
		}
	})

	t.Run("AddRace", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for r := range rounds {
					id := engagement.FeedbackID(fmt.Sprintf("w%d-%02d", w, r))
					if err := s.AddFeedback(ctx, sampleFeedback(id, "acme", hours(r), 1+w%3)); err != nil {
						t.Errorf("add %s: %v", id, err)
					}
					for _, err := range s.Feedback(ctx, engagement.FeedbackFilter{Account: "acme", To: hours(2)}) {
						if err != nil {
							t.Errorf("list while adding: %v", err)
						}
					}
				}
			})
		}
		wg.Wait()
		if got := len(list(t, s, all)); got != workers*rounds {
			t.Errorf("%d items after %d concurrent adds", got, workers*rounds)
		}
	})

	t.Run("Model", func(t *testing.T) {
		rapid.Check(t, func(rt *rapid.T) { runFeedbackModel(rt, t.Context(), newStore(t)) })
	})
}

// sampleFeedback returns a valid item whose content varies with kind (1 to
// 3): its Kind, Theme and Service.
func sampleFeedback(id engagement.FeedbackID, acct account.ID, at time.Time, kind int) engagement.Feedback {
	return engagement.Feedback{
		ID: id, Account: acct, At: at, Kind: engagement.FeedbackKind(kind),
		Theme: fmt.Sprintf("theme-%d", kind), Service: []string{"", "svc-a", "svc-b"}[kind%3],
		Contact: "c-1", Text: "said " + string(id),
	}
}

func compareFeedback(a, b engagement.Feedback) int {
	if c := cmp.Compare(a.Account, b.Account); c != 0 {
		return c
	}
	if c := a.At.Compare(b.At); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

func invalidFeedback(id engagement.FeedbackID) []struct {
	x     engagement.Feedback
	field string
} {
	type tc = struct {
		x     engagement.Feedback
		field string
	}
	noTheme := sampleFeedback(id, "acme", hours(2), 1)
	noTheme.Theme = ""
	badKind := sampleFeedback(id, "acme", hours(2), 1)
	badKind.Kind = 4
	noAt := sampleFeedback(id, "acme", time.Time{}, 1)
	noAccount := sampleFeedback(id, "", hours(2), 1)
	return []tc{{noTheme, "Theme"}, {badKind, "Kind"}, {noAt, "At"}, {noAccount, "Account"}}
}

// runFeedbackModel runs random adds, deletes and filtered lists against s
// and a slice, checking each list against the slice.
func runFeedbackModel(t *rapid.T, ctx context.Context, s engagement.FeedbackStore) {
	var model []engagement.Feedback
	anyID := rapid.SampledFrom([]engagement.FeedbackID{"x0", "x1", "x2", "x3", "x4", "x5"})
	anyAcct := rapid.SampledFrom([]account.ID{"a0", "a1", "a2"})
	find := func(id engagement.FeedbackID) int {
		return slices.IndexFunc(model, func(x engagement.Feedback) bool { return x.ID == id })
	}
	steps := rapid.IntRange(1, 30).Draw(t, "steps")
	for range steps {
		switch rapid.IntRange(0, 2).Draw(t, "op") {
		case 0:
			n := rapid.IntRange(0, 3).Draw(t, "batch")
			var batch []engagement.Feedback
			clash := false
			for range n {
				x := sampleFeedback(anyID.Draw(t, "id"), anyAcct.Draw(t, "account"), hours(rapid.IntRange(0, 9).Draw(t, "hour")), rapid.IntRange(1, 3).Draw(t, "kind"))
				clash = clash || find(x.ID) >= 0 || slices.ContainsFunc(batch, func(y engagement.Feedback) bool { return y.ID == x.ID })
				batch = append(batch, x)
			}
			err := s.AddFeedback(ctx, batch...)
			if clash {
				wantErr(t, "add a batch with a taken or repeated ID", err, account.ErrConflict)
				break
			}
			wantNoErr(t, "add", err)
			model = append(model, batch...)
		case 1:
			id := anyID.Draw(t, "id")
			err := s.DeleteFeedback(ctx, id)
			if i := find(id); i >= 0 {
				wantNoErr(t, "delete", err)
				model = slices.Delete(model, i, i+1)
			} else {
				wantErr(t, "delete of a missing ID", err, account.ErrNotFound)
			}
		case 2:
			f := engagement.FeedbackFilter{Kind: engagement.FeedbackKind(rapid.IntRange(0, 3).Draw(t, "kind"))}
			if rapid.Bool().Draw(t, "byAccount") {
				f.Account = anyAcct.Draw(t, "account")
			}
			if rapid.Bool().Draw(t, "from") {
				f.From = hours(rapid.IntRange(0, 10).Draw(t, "fromHour"))
			}
			if rapid.Bool().Draw(t, "to") {
				f.To = hours(rapid.IntRange(0, 10).Draw(t, "toHour"))
			}
			var want []engagement.Feedback
			for _, x := range model {
				if f.Match(x) {
					want = append(want, x)
				}
			}
			slices.SortFunc(want, compareFeedback)
			diff(t, fmt.Sprintf("list with %+v", f), collect(t, "list", s.Feedback(ctx, f)), want)
		}
	}
}
