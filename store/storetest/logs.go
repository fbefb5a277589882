package storetest

import (
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
)

// testLog checks one append-only kind: transactions or interactions.
func testLog[K ~string, R any](t *testing.T, newStore func(*testing.T) account.Store, k *logKind[K, R]) {
	listIDs := func(t *testing.T, s account.Store, f logFilter) []K {
		t.Helper()
		return ids(collect(t, "list", k.list(s, t.Context(), f)), k.id)
	}

	t.Run("AddAndList", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		in := []R{
			k.sample("x2", "acme", hours(2), 1),
			k.sample("x1", "acme", hours(1), 2),
			k.sample("x3", "globex", hours(0).In(nzTime), 1),
		}
		wantNoErr(t, "add", k.add(s, ctx, in...))
		diff(t, "list", collect(t, "list", k.list(s, ctx, logFilter{})), []R{in[1], in[0], in[2]})
		wantNoErr(t, "add an empty batch", k.add(s, ctx))
		diff(t, "IDs after adding nothing", listIDs(t, s, logFilter{}), []K{"x1", "x2", "x3"})
	})

	t.Run("Delete", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		wantNoErr(t, "add", k.add(s, ctx, k.sample("x1", "acme", hours(1), 1), k.sample("x2", "acme", hours(2), 1)))
		wantNoErr(t, "delete", k.remove(s, ctx, "x1"))
		diff(t, "IDs after delete", listIDs(t, s, logFilter{}), []K{"x2"})
		wantErr(t, "delete again", k.remove(s, ctx, "x1"), account.ErrNotFound)
		wantNoErr(t, "delete the last", k.remove(s, ctx, "x2"))
		diff(t, "IDs after deleting all", listIDs(t, s, logFilter{Account: "acme"}), []K(nil))
		// A deleted ID may be added again.
		wantNoErr(t, "add a deleted ID", k.add(s, ctx, k.sample("x1", "acme", hours(5), 2)))
		diff(t, "IDs after adding it back", listIDs(t, s, logFilter{}), []K{"x1"})
	})

	t.Run("NotFound", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		wantNoErr(t, "add", k.add(s, ctx, k.sample("x1", "acme", hours(1), 1)))
		wantErr(t, "delete", k.remove(s, ctx, "missing"), account.ErrNotFound)
		diff(t, "IDs after the failed delete", listIDs(t, s, logFilter{}), []K{"x1"})
	})

	t.Run("DuplicateID", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		first := k.sample("x1", "acme", hours(1), 1)
		wantNoErr(t, "add", k.add(s, ctx, first))
		wantErr(t, "add a stored ID", k.add(s, ctx, k.sample("x1", "globex", hours(2), 2)), account.ErrConflict)
		wantErr(t, "add a batch that repeats an ID",
			k.add(s, ctx, k.sample("x2", "acme", hours(2), 1), k.sample("x2", "acme", hours(3), 1)), account.ErrConflict)
		diff(t, "stored after the conflicts", collect(t, "list", k.list(s, ctx, logFilter{})), []R{first})
	})

	t.Run("Invalid", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		bad, field := k.invalid("x2", "acme", hours(2))
		err := k.add(s, ctx, k.sample("x1", "acme", hours(1), 1), bad, k.sample("x3", "acme", hours(3), 1))
		wantFieldError(t, "add a batch with an invalid record", err, "x2", field)
		diff(t, "IDs after the rejected batch", listIDs(t, s, logFilter{}), []K(nil))
	})

	t.Run("AllOrNothing", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		wantNoErr(t, "add", k.add(s, ctx, k.sample("x5", "acme", hours(5), 1)))
		// The conflicting record is in the middle, after records that would
		// be stored first by a store that adds one at a time.
		err := k.add(s, ctx,
			k.sample("x1", "acme", hours(1), 1),
			k.sample("x9", "globex", hours(9), 1),
			k.sample("x5", "acme", hours(6), 1),
			k.sample("x7", "acme", hours(7), 1))
		wantErr(t, "add a batch with a stored ID", err, account.ErrConflict)
		diff(t, "IDs after the rejected batch", listIDs(t, s, logFilter{}), []K{"x5"})
	})

	if k.mutate != nil {
		t.Run("NoAliasing", func(t *testing.T) {
			s, ctx := newStore(t), t.Context()
			in := k.sample("x1", "acme", hours(1), 1)
			want := k.clone(in)
			wantNoErr(t, "add", k.add(s, ctx, in))
			k.mutate(&in)
			for r, err := range k.list(s, ctx, logFilter{}) {
				wantNoErr(t, "list", err)
				k.mutate(&r)
			}
			diff(t, "list after changing the input and the listed records",
				collect(t, "list", k.list(s, ctx, logFilter{})), []R{want})
		})
	}

	t.Run("Order", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		wantNoErr(t, "add", k.add(s, ctx,
			k.sample("x5", "alpha", hours(2), 2),
			k.sample("x1", "alpha", hours(2).In(nzTime), 1), // the same instant as x5, in another zone
			k.sample("x3", "alpha", hours(1), 1),
			k.sample("x2", "beta", hours(0), 2)))
		wantNoErr(t, "add", k.add(s, ctx,
			k.sample("x9", "Gamma", hours(5), 1), // upper case sorts first
			k.sample("x4", "beta", hours(3), 1),
			k.sample("x0", "alpha", hours(2).Add(time.Microsecond), 2),
			k.sample("x8", "beta", hours(-1), 2)))
		tests := []struct {
			name string
			f    logFilter
			want []K
		}{
			{"zero filter", logFilter{}, []K{"x9", "x3", "x1", "x5", "x0", "x8", "x2", "x4"}},
			{"Account", logFilter{Account: "alpha"}, []K{"x3", "x1", "x5", "x0"}},
			{"another Account", logFilter{Account: "beta"}, []K{"x8", "x2", "x4"}},
			{"unknown Account", logFilter{Account: "delta"}, nil},
			{"Kind", logFilter{Kind: 1}, []K{"x9", "x3", "x1", "x4"}},
			{"another Kind", logFilter{Kind: 2}, []K{"x5", "x0", "x8", "x2"}},
			{"Account and Kind", logFilter{Account: "alpha", Kind: 2}, []K{"x5", "x0"}},
			{"From", logFilter{From: hours(2)}, []K{"x9", "x1", "x5", "x0", "x4"}},
			{"To", logFilter{To: hours(2)}, []K{"x3", "x8", "x2"}},
			{"one instant", logFilter{From: hours(2), To: hours(2).Add(time.Microsecond)}, []K{"x1", "x5"}},
			{"every field", logFilter{Account: "beta", From: hours(0), To: hours(3), Kind: 2}, []K{"x2"}},
		}
		for _, tt := range tests {
			diff(t, tt.name, listIDs(t, s, tt.f), tt.want)
		}
	})

	t.Run("TimeRange", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		t0, t1 := hours(24), hours(24*31)
		mid := t0.Add(15 * 24 * time.Hour)
		tick := time.Microsecond
		wantNoErr(t, "add", k.add(s, ctx,
			k.sample("after", "acme", t1.Add(tick), 1),
			k.sample("to", "acme", t1, 1),
			k.sample("last", "acme", t1.Add(-tick), 1),
			k.sample("mid", "acme", mid, 1),
			k.sample("from-nz", "acme", t0.In(nzTime), 1),
			k.sample("from", "acme", t0, 1),
			k.sample("before", "acme", t0.Add(-tick), 1),
			k.sample("zeta-from", "zeta", t0, 1)))
		tests := []struct {
			name string
			f    logFilter
			want []K
		}{
			{"[From, To)", logFilter{Account: "acme", From: t0, To: t1}, []K{"from", "from-nz", "mid", "last"}},
			{"[From, To) in another zone", logFilter{Account: "acme", From: t0.In(nzTime), To: t1.In(nzTime)}, []K{"from", "from-nz", "mid", "last"}},
			{"From only", logFilter{Account: "acme", From: t0}, []K{"from", "from-nz", "mid", "last", "to", "after"}},
			{"To only", logFilter{Account: "acme", To: t1}, []K{"before", "from", "from-nz", "mid", "last"}},
			{"[From, From+1µs)", logFilter{Account: "acme", From: t0, To: t0.Add(tick)}, []K{"from", "from-nz"}},
			{"first half", logFilter{Account: "acme", From: t0, To: mid}, []K{"from", "from-nz"}},
			{"second half", logFilter{Account: "acme", From: mid, To: t1}, []K{"mid", "last"}},
			{"empty range", logFilter{Account: "acme", From: t1, To: t1}, nil},
			{"From after To", logFilter{Account: "acme", From: t1, To: t0}, nil},
			{"every account", logFilter{From: t0, To: t1}, []K{"from", "from-nz", "mid", "last", "zeta-from"}},
		}
		for _, tt := range tests {
			diff(t, tt.name, listIDs(t, s, tt.f), tt.want)
		}
	})
}
