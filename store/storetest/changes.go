package storetest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
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
	t.Run("CreateAndRead", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		in := sampleChange("c-1", 1)
		want := withChangeVersion(in.Clone(), 1)
		got, err := s.CreateChange(ctx, in)
		wantNoErr(t, "create", err)
		diff(t, "create's result", got, want)
		got, err = s.Change(ctx, "c-1")
		wantNoErr(t, "read", err)
		diff(t, "read", got, want)
		diff(t, "list", collect(t, "list", s.Changes(ctx, engagement.ChangeFilter{})), []engagement.Change{want})
	})

	t.Run("Update", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		cur, err := s.CreateChange(ctx, sampleChange("c-1", 1))
		wantNoErr(t, "create", err)
		for n := 2; n <= 4; n++ {
			in := withChangeVersion(sampleChange("c-1", n), cur.Version)
			want := withChangeVersion(in.Clone(), int64(n))
			cur, err = s.UpdateChange(ctx, in)
			wantNoErr(t, "update", err)
			diff(t, "update's result", cur, want)
			got, err := s.Change(ctx, "c-1")
			wantNoErr(t, "read", err)
			diff(t, "read after update", got, want)
		}
	})

	t.Run("Delete", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		for _, id := range []engagement.ChangeID{"c-1", "c-2"} {
			_, err := s.CreateChange(ctx, sampleChange(id, 1))
			wantNoErr(t, "create", err)
		}
		wantErr(t, "delete with a stale version", s.DeleteChange(ctx, "c-1", 2), account.ErrConflict)
		wantNoErr(t, "delete", s.DeleteChange(ctx, "c-1", 1))
		_, err := s.Change(ctx, "c-1")
		wantErr(t, "read after delete", err, account.ErrNotFound)
		wantErr(t, "delete again", s.DeleteChange(ctx, "c-1", 1), account.ErrNotFound)
		diff(t, "IDs listed after delete", changeIDs(t, s, engagement.ChangeFilter{}), []engagement.ChangeID{"c-2"})
		got, err := s.CreateChange(ctx, sampleChange("c-1", 7))
		wantNoErr(t, "create after delete", err)
		diff(t, "re-created change", got, withChangeVersion(sampleChange("c-1", 7), 1))
	})

	t.Run("NotFound", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		_, err := s.Change(ctx, "missing")
		wantErr(t, "read", err, account.ErrNotFound)
		_, err = s.UpdateChange(ctx, withChangeVersion(sampleChange("missing", 1), 1))
		wantErr(t, "update", err, account.ErrNotFound)
		wantErr(t, "delete", s.DeleteChange(ctx, "missing", 1), account.ErrNotFound)
		_, err = s.Change(ctx, "missing")
		wantErr(t, "read after the failed writes", err, account.ErrNotFound)
	})

	t.Run("DuplicateID", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		first, err := s.CreateChange(ctx, sampleChange("c-1", 1))
		wantNoErr(t, "create", err)
		_, err = s.CreateChange(ctx, sampleChange("c-1", 2))
		wantErr(t, "second create of the same ID", err, account.ErrConflict)
		got, err := s.Change(ctx, "c-1")
		wantNoErr(t, "read", err)
		diff(t, "change after the failed create", got, first)
	})

	t.Run("StaleVersion", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		_, err := s.CreateChange(ctx, sampleChange("c-1", 1))
		wantNoErr(t, "create", err)
		cur, err := s.UpdateChange(ctx, withChangeVersion(sampleChange("c-1", 2), 1))
		wantNoErr(t, "update", err)
		for _, v := range []int64{1, 0, 3, 99} {
			_, err = s.UpdateChange(ctx, withChangeVersion(sampleChange("c-1", 5), v))
			wantErr(t, fmt.Sprintf("update with version %d, not the stored 2", v), err, account.ErrConflict)
			wantErr(t, fmt.Sprintf("delete with version %d, not the stored 2", v), s.DeleteChange(ctx, "c-1", v), account.ErrConflict)
		}
		got, err := s.Change(ctx, "c-1")
		wantNoErr(t, "read", err)
		diff(t, "change after the rejected writes", got, cur)
	})

	t.Run("CreateWithVersion", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		_, err := s.CreateChange(ctx, withChangeVersion(sampleChange("c-1", 1), 3))
		wantErr(t, "create with Version 3", err, account.ErrInvalid)
		_, err = s.Change(ctx, "c-1")
		wantErr(t, "read after the rejected create", err, account.ErrNotFound)
	})

	t.Run("Invalid", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		for _, tc := range invalidChanges("c-1") {
			_, err := s.CreateChange(ctx, tc.c)
			wantFieldError(t, "create with a bad "+tc.field, err, "c-1", tc.field)
			wantErr(t, "create with a bad "+tc.field, err, engagement.ErrInvalid)
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

	t.Run("NoAliasing", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		in := sampleChange("c-1", 1)
		want := withChangeVersion(in.Clone(), 1)
		got, err := s.CreateChange(ctx, in)
		wantNoErr(t, "create", err)
		mutateChange(&in)
		mutateChange(&got)
		read, err := s.Change(ctx, "c-1")
		wantNoErr(t, "read", err)
		diff(t, "read after changing create's input and result", read, want)
		mutateChange(&read)
		for c, err := range s.Changes(ctx, engagement.ChangeFilter{}) {
			wantNoErr(t, "list", err)
			mutateChange(&c)
		}
		read, err = s.Change(ctx, "c-1")
		wantNoErr(t, "read", err)
		diff(t, "read after changing what read and list returned", read, want)
		in = withChangeVersion(sampleChange("c-1", 2), 1)
		want = withChangeVersion(in.Clone(), 2)
		got, err = s.UpdateChange(ctx, in)
		wantNoErr(t, "update", err)
		mutateChange(&in)
		mutateChange(&got)
		read, err = s.Change(ctx, "c-1")
		wantNoErr(t, "read", err)
		diff(t, "read after changing update's input and result", read, want)
	})

	t.Run("Order", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		created := []engagement.ChangeID{"a9", "é", "B", "a10", "z", "a", "A", "a-1", "ab", "a1"}
		for i, id := range created {
			_, err := s.CreateChange(ctx, sampleChange(id, i))
			wantNoErr(t, "create", err)
		}
		want := []engagement.ChangeID{"A", "B", "a", "a-1", "a1", "a10", "a9", "ab", "z", "é"}
		diff(t, "IDs in list order", changeIDs(t, s, engagement.ChangeFilter{}), want)
		// More than a store is likely to fetch at once.
		for i := range 600 {
			_, err := s.CreateChange(ctx, sampleChange(engagement.ChangeID(fmt.Sprintf("m%04d", i)), i))
			wantNoErr(t, "create", err)
		}
		got := changeIDs(t, s, engagement.ChangeFilter{})
		if len(got) != 610 || !slices.IsSorted(got) {
			t.Errorf("listing 610 changes yields %d, sorted %v", len(got), slices.IsSorted(got))
		}
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

	t.Run("Concurrency", func(t *testing.T) {
		t.Run("NoLostUpdate", func(t *testing.T) {
			s, ctx := newStore(t), t.Context()
			c := sampleChange("shared", 1)
			c.Title = "n"
			_, err := s.CreateChange(ctx, c)
			wantNoErr(t, "create", err)
			var wg sync.WaitGroup
			errs := make(chan error, workers)
			for range workers {
				wg.Go(func() {
					for range rounds {
						for {
							c, err := s.Change(ctx, "shared")
							if err != nil {
								errs <- err
								return
							}
							c.Title += "+"
							if _, err = s.UpdateChange(ctx, c); err == nil {
								break
							} else if !errors.Is(err, account.ErrConflict) {
								errs <- err
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
			c, err = s.Change(ctx, "shared")
			wantNoErr(t, "read", err)
			if got := strings.Count(c.Title, "+"); got != workers*rounds || c.Version != int64(1+workers*rounds) {
				t.Errorf("after %d concurrent updates: %d survive, version %d", workers*rounds, got, c.Version)
			}
		})
		t.Run("CreateRace", func(t *testing.T) {
			s, ctx := newStore(t), t.Context()
			var wg sync.WaitGroup
			wins := make(chan int, workers)
			for w := range workers {
				wg.Go(func() {
					if _, err := s.CreateChange(ctx, sampleChange("c-1", w+1)); err == nil {
						wins <- w
					} else if !errors.Is(err, account.ErrConflict) {
						t.Errorf("racing create: %v", err)
					}
				})
			}
			wg.Wait()
			close(wins)
			var won []int
			for w := range wins {
				won = append(won, w)
			}
			if len(won) != 1 {
				t.Fatalf("%d of %d racing creates of one ID succeed, want 1", len(won), workers)
			}
			got, err := s.Change(ctx, "c-1")
			wantNoErr(t, "read", err)
			diff(t, "the stored change", got, withChangeVersion(sampleChange("c-1", won[0]+1), 1))
		})
	})

	t.Run("Model", func(t *testing.T) {
		rapid.Check(t, func(rt *rapid.T) { runChangeModel(rt, t.Context(), newStore(t)) })
	})
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

// runChangeModel runs random operations against s and a map, checking
// after each that s lists what the map holds.
func runChangeModel(t *rapid.T, ctx context.Context, s engagement.ChangeStore) {
	pool := []engagement.ChangeID{"c0", "c1", "c2", "c3"}
	model := map[engagement.ChangeID]engagement.Change{}
	anyID := rapid.SampledFrom(pool)
	version := func(t *rapid.T, id engagement.ChangeID) int64 {
		cur := model[id].Version
		return rapid.SampledFrom([]int64{cur, cur, max(cur-1, 0), cur + 1}).Draw(t, "version")
	}
	steps := rapid.IntRange(1, 30).Draw(t, "steps")
	for range steps {
		id := anyID.Draw(t, "id")
		n := rapid.IntRange(0, 50).Draw(t, "n")
		old, exists := model[id]
		switch op := rapid.IntRange(0, 3).Draw(t, "op"); op {
		case 0:
			got, err := s.CreateChange(ctx, sampleChange(id, n))
			if exists {
				wantErr(t, "create of a taken ID", err, account.ErrConflict)
				break
			}
			wantNoErr(t, "create", err)
			model[id] = got
		case 1:
			v := version(t, id)
			got, err := s.UpdateChange(ctx, withChangeVersion(sampleChange(id, n), v))
			switch {
			case !exists:
				wantErr(t, "update of a missing change", err, account.ErrNotFound)
			case v != old.Version:
				wantErr(t, "update with a stale version", err, account.ErrConflict)
			default:
				wantNoErr(t, "update", err)
				diff(t, "update's result", got, withChangeVersion(sampleChange(id, n), v+1))
				model[id] = got
			}
		case 2:
			v := version(t, id)
			err := s.DeleteChange(ctx, id, v)
			switch {
			case !exists:
				wantErr(t, "delete of a missing change", err, account.ErrNotFound)
			case v != old.Version:
				wantErr(t, "delete with a stale version", err, account.ErrConflict)
			default:
				wantNoErr(t, "delete", err)
				delete(model, id)
			}
		case 3:
			f := engagement.ChangeFilter{Kind: engagement.ChangeKind(rapid.IntRange(0, 4).Draw(t, "kind"))}
			if rapid.Bool().Draw(t, "from") {
				f.From = hours(24 * rapid.IntRange(0, 52).Draw(t, "fromDay"))
			}
			if rapid.Bool().Draw(t, "to") {
				f.To = hours(24 * rapid.IntRange(0, 52).Draw(t, "toDay"))
			}
			var want []engagement.Change
			for _, k := range slices.Sorted(maps.Keys(model)) {
				if f.Match(model[k]) {
					want = append(want, model[k])
				}
			}
			diff(t, fmt.Sprintf("list with %+v", f), collect(t, "list", s.Changes(ctx, f)), want)
		}
		var all []engagement.Change
		for _, k := range slices.Sorted(maps.Keys(model)) {
			all = append(all, model[k])
		}
		diff(t, "every change", collect(t, "list", s.Changes(ctx, engagement.ChangeFilter{})), all)
	}
}
