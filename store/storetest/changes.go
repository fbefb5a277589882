package storetest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
	"pgregory.net/rapid"
)

// RunChanges runs the conformance suite of [engagement.ChangeStore]
// against stores made by newStore, each check in a subtest of t: create,
// read, update and delete with versions; not-found; conflicts on a taken ID
// and a stale version; invalid changes rejected with [account.ErrInvalid],
// [engagement.ErrInvalid] and a [*account.FieldError] naming the field;
// every filter field with half-open go-live ranges; ascending ID order;
// copies; done contexts; concurrent read-modify-write and racing creates;
// and a rapid model test. newStore must return a new, empty store each time
// it is called, as for [Run]. It panics if newStore is nil.
func RunChanges(t *testing.T, newStore func(t *testing.T) engagement.ChangeStore) {
	if newStore == nil {
		panic("storetest: RunChanges called with a nil newStore")
	}
	// The checks shared with the versioned kinds of package account reach
	// the store through an account.Store whose only working methods are
	// those of changes.
	asStore := func(t *testing.T) account.Store { return changeStore{cs: newStore(t)} }
	testRecords(t, asStore, changes)
	t.Run("InvalidFields", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		for _, tc := range invalidChanges("c-1") {
			_, err := s.CreateChange(ctx, tc.c)
			wantFieldError(t, "create with a bad "+tc.field, err, "c-1", tc.field)
			wantErr(t, "create with a bad "+tc.field, err, engagement.ErrInvalid)
			wantErr(t, "create with a bad "+tc.field, err, account.ErrInvalid)
		}
		_, err := s.Change(ctx, "c-1")
		wantErr(t, "read after the rejected creates", err, account.ErrNotFound)
		stored, err := s.CreateChange(ctx, sampleChange("c-1", 1))
		wantNoErr(t, "create", err)
		for _, tc := range invalidChanges("c-1") {
			_, err = s.UpdateChange(ctx, withChangeVersion(tc.c, 1))
			wantFieldError(t, "update with a bad "+tc.field, err, "c-1", tc.field)
		}
		got, err := s.Change(ctx, "c-1")
		wantNoErr(t, "read", err)
		diff(t, "change after the rejected updates", got, stored)
	})

	t.Run("Filters", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		for _, c := range []engagement.Change{ // not in ID order; go-live at hours(n)
			withGoLive(sampleChange("c3", 3), hours(30), engagement.ChangePrice),
			withGoLive(sampleChange("c1", 1), hours(10), engagement.ChangeRelease),
			withGoLive(sampleChange("c4", 4), hours(40).In(nzTime), engagement.ChangeRelease),
			withGoLive(sampleChange("c2", 2), hours(20), engagement.ChangePolicy),
		} {
			_, err := s.CreateChange(ctx, c)
			wantNoErr(t, "create", err)
		}
		for _, tc := range []struct {
			name string
			f    engagement.ChangeFilter
			want []engagement.ChangeID
		}{
			{"zero filter", engagement.ChangeFilter{}, []engagement.ChangeID{"c1", "c2", "c3", "c4"}},
			{"From exactly at a go-live", engagement.ChangeFilter{From: hours(20)}, []engagement.ChangeID{"c2", "c3", "c4"}},
			{"To exactly at a go-live", engagement.ChangeFilter{To: hours(30)}, []engagement.ChangeID{"c1", "c2"}},
			{"From and To", engagement.ChangeFilter{From: hours(10), To: hours(40)}, []engagement.ChangeID{"c1", "c2", "c3"}},
			{"From in another zone", engagement.ChangeFilter{From: hours(40).In(nzTime)}, []engagement.ChangeID{"c4"}},
			{"empty range", engagement.ChangeFilter{From: hours(11), To: hours(19)}, nil},
			{"Kind", engagement.ChangeFilter{Kind: engagement.ChangeRelease}, []engagement.ChangeID{"c1", "c4"}},
			{"Kind nobody has", engagement.ChangeFilter{Kind: engagement.ChangeRetirement}, nil},
			{"Kind and range", engagement.ChangeFilter{Kind: engagement.ChangeRelease, To: hours(40)}, []engagement.ChangeID{"c1"}},
		} {
			diff(t, tc.name, changeIDs(t, s, tc.f), tc.want)
		}
	})

	t.Run("Context", func(t *testing.T) {
		for _, d := range doneContexts() {
			s := newStore(t)
			_, err := s.CreateChange(t.Context(), sampleChange("c-1", 1))
			wantNoErr(t, "create", err)
			before := collect(t, "list", s.Changes(t.Context(), engagement.ChangeFilter{}))
			_, err = s.Change(d.ctx, "c-1")
			wantErr(t, d.name+": Change", err, d.err)
			_, err = s.CreateChange(d.ctx, sampleChange("c-2", 2))
			wantErr(t, d.name+": CreateChange", err, d.err)
			_, err = s.UpdateChange(d.ctx, withChangeVersion(sampleChange("c-1", 2), 1))
			wantErr(t, d.name+": UpdateChange", err, d.err)
			wantErr(t, d.name+": DeleteChange", s.DeleteChange(d.ctx, "c-1", 1), d.err)
			wantOnePair(t, d.name+": Changes", s.Changes(d.ctx, engagement.ChangeFilter{}), d.err)
			diff(t, d.name+": store after calls on a done context", collect(t, "list", s.Changes(t.Context(), engagement.ChangeFilter{})), before)
		}
	})

	t.Run("Concurrency/NoLostUpdate", func(t *testing.T) { testNoLostUpdate(t, asStore(t), changes) })
	t.Run("Concurrency/CreateRace", func(t *testing.T) { testCreateRace(t, asStore(t), changes) })
	t.Run("Model", func(t *testing.T) {
		rapid.Check(t, func(rt *rapid.T) { runRecordModel(rt, t.Context(), asStore(t), changeModel) })
	})
}

// changeStore is an engagement.ChangeStore seen as an account.Store, for
// the generic record checks, which call it only through the changes
// recordKind. Its account.Store methods are nil and must not be called.
type changeStore struct {
	account.Store
	cs engagement.ChangeStore
}

func changeStoreOf(s account.Store) engagement.ChangeStore { return s.(changeStore).cs }

var changes = &recordKind[engagement.ChangeID, engagement.Change]{
	name: "Change",
	get: func(s account.Store, ctx context.Context, id engagement.ChangeID) (engagement.Change, error) {
		return changeStoreOf(s).Change(ctx, id)
	},
	all: func(s account.Store, ctx context.Context) iter.Seq2[engagement.Change, error] {
		return changeStoreOf(s).Changes(ctx, engagement.ChangeFilter{})
	},
	create: func(s account.Store, ctx context.Context, c engagement.Change) (engagement.Change, error) {
		return changeStoreOf(s).CreateChange(ctx, c)
	},
	update: func(s account.Store, ctx context.Context, c engagement.Change) (engagement.Change, error) {
		return changeStoreOf(s).UpdateChange(ctx, c)
	},
	remove: func(s account.Store, ctx context.Context, id engagement.ChangeID, v int64) error {
		return changeStoreOf(s).DeleteChange(ctx, id, v)
	},
	id:          func(c engagement.Change) engagement.ChangeID { return c.ID },
	version:     func(c engagement.Change) int64 { return c.Version },
	withVersion: withChangeVersion,
	label:       func(c engagement.Change) string { return c.Title },
	withLabel:   func(c engagement.Change, l string) engagement.Change { c.Title = l; return c },
	clone:       engagement.Change.Clone,
	sample:      sampleChange,
	invalid: func(id engagement.ChangeID) (engagement.Change, string) {
		c := invalidChanges(id)[0]
		return c.c, c.field
	},
	mutate: mutateChange,
}

var changeModel = &recordModel[engagement.ChangeID, engagement.Change, engagement.ChangeFilter]{
	recordKind: changes,
	draw: func(t *rapid.T, id engagement.ChangeID) engagement.Change {
		return sampleChange(id, rapid.IntRange(0, 50).Draw(t, "n"))
	},
	drawFilter: func(t *rapid.T) engagement.ChangeFilter {
		f := engagement.ChangeFilter{Kind: engagement.ChangeKind(rapid.IntRange(0, 4).Draw(t, "kind"))}
		if rapid.Bool().Draw(t, "from") {
			f.From = hours(24 * rapid.IntRange(0, 52).Draw(t, "fromDay"))
		}
		if rapid.Bool().Draw(t, "to") {
			f.To = hours(24 * rapid.IntRange(0, 52).Draw(t, "toDay"))
		}
		return f
	},
	list: func(s account.Store, ctx context.Context, f engagement.ChangeFilter) iter.Seq2[engagement.Change, error] {
		return changeStoreOf(s).Changes(ctx, f)
	},
	match: engagement.ChangeFilter.Match,
}

// sampleChange returns a valid change with Version 0 whose content varies
// with n.
func sampleChange(id engagement.ChangeID, n int) engagement.Change {
	c := engagement.Change{
		ID:       id,
		Title:    fmt.Sprintf("change %d", n),
		Kind:     engagement.ChangeKind(1 + n%4),
		Severity: engagement.Severity(1 + n%4),
		GoLive:   hours(24 * (n + 1)).In(nzTime),
		Touches: engagement.Scope{
			Services: []string{"svc-" + fmt.Sprint(n%3)},
			Regions:  []string{"EU", "APAC"}[:1+n%2],
			Accounts: []account.ID{account.ID(fmt.Sprintf("acct-%d", n))},
		},
	}
	if n%2 == 0 {
		c.Announce = hours(24 * n)
		c.Touches.Audience = account.AudienceExternal
	}
	return c
}

func withChangeVersion(c engagement.Change, v int64) engagement.Change {
	c.Version = v
	return c
}

func withGoLive(c engagement.Change, at time.Time, k engagement.ChangeKind) engagement.Change {
	c.GoLive, c.Announce, c.Kind = at, time.Time{}, k
	return c
}

func mutateChange(c *engagement.Change) {
	if len(c.Touches.Services) > 0 {
		c.Touches.Services[0] = "mutated"
	}
	if len(c.Touches.Accounts) > 0 {
		c.Touches.Accounts[0] = "mutated"
	}
	c.Touches.Regions = append(c.Touches.Regions[:0], "mutated")
}

// invalidChanges returns changes with ID id that each fail Validate on one
// field.
func invalidChanges(id engagement.ChangeID) []struct {
	c     engagement.Change
	field string
} {
	type tc = struct {
		c     engagement.Change
		field string
	}
	noTitle := sampleChange(id, 1)
	noTitle.Title = " "
	badKind := sampleChange(id, 1)
	badKind.Kind = 9
	late := sampleChange(id, 1)
	late.Announce = late.GoLive.Add(time.Microsecond)
	blank := sampleChange(id, 1)
	blank.Touches.Services = []string{""}
	return []tc{{noTitle, "Title"}, {badKind, "Kind"}, {late, "Announce"}, {blank, "Touches.Services[0]"}}
}

func changeIDs(t reporter, s engagement.ChangeStore, f engagement.ChangeFilter) []engagement.ChangeID {
	t.Helper()
	return ids(collect(t, "list", s.Changes(context.Background(), f)), func(c engagement.Change) engagement.ChangeID { return c.ID })
}

// A doneContext is a context that is already done, and its error.
type doneContext struct {
	name string
	ctx  context.Context
	err  error
}

func doneContexts() []doneContext {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Unix(0, 0))
	cancel2()
	return []doneContext{{"Cancelled", cancelled, context.Canceled}, {"DeadlineExceeded", expired, context.DeadlineExceeded}}
}

// wantOnePair fails t unless seq yields exactly one pair: a zero value and
// an error wrapping target.
func wantOnePair[V any](t reporter, what string, seq func(func(V, error) bool), target error) {
	t.Helper()
	var vs []V
	var errs []error
	for v, err := range seq {
		vs, errs = append(vs, v), append(errs, err)
	}
	var zero V
	if len(errs) != 1 || !cmp.Equal(vs[0], zero, cmpOpts...) || !errors.Is(errs[0], target) {
		t.Errorf("%s on a done context yields %d pairs, the first error %v; want one pair, (zero value, error wrapping %q)", what, len(errs), first(errs), target)
	}
}
