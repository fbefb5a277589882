package storetest

import (
	"context"
	"iter"
	"testing"

	"github.com/keyaccount/keyaccount/account"
)

// testRecords checks create, read, update and delete of one versioned kind.
func testRecords[K ~string, R any](t *testing.T, newStore func(*testing.T) account.Store, k *recordKind[K, R]) {
	t.Run("CreateAndRead", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		in := k.sample("r-1", 1)
		want := k.withVersion(k.clone(in), 1)
		got, err := k.create(s, ctx, in)
		wantNoErr(t, "create", err)
		diff(t, "create's result", got, want)
		got, err = k.get(s, ctx, "r-1")
		wantNoErr(t, "read", err)
		diff(t, "read", got, want)
		diff(t, "list", collect(t, "list", k.all(s, ctx)), []R{want})
	})

	t.Run("Update", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		cur, err := k.create(s, ctx, k.sample("r-1", 1))
		wantNoErr(t, "create", err)
		for n := 2; n <= 4; n++ {
			in := k.withVersion(k.sample("r-1", n), k.version(cur))
			want := k.withVersion(k.clone(in), int64(n))
			cur, err = k.update(s, ctx, in)
			wantNoErr(t, "update", err)
			diff(t, "update's result", cur, want)
			got, err := k.get(s, ctx, "r-1")
			wantNoErr(t, "read", err)
			diff(t, "read after update", got, want)
		}
	})

	t.Run("Delete", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		for _, id := range []K{"r-1", "r-2"} {
			_, err := k.create(s, ctx, k.sample(id, 1))
			wantNoErr(t, "create", err)
		}
		wantNoErr(t, "delete", k.remove(s, ctx, "r-1", 1))
		_, err := k.get(s, ctx, "r-1")
		wantErr(t, "read after delete", err, account.ErrNotFound)
		wantErr(t, "delete again", k.remove(s, ctx, "r-1", 1), account.ErrNotFound)
		diff(t, "IDs listed after delete", ids(collect(t, "list", k.all(s, ctx)), k.id), []K{"r-2"})

		// The ID is free again, and a new record starts at version 1.
		got, err := k.create(s, ctx, k.sample("r-1", 7))
		wantNoErr(t, "create after delete", err)
		diff(t, "re-created record", got, k.withVersion(k.sample("r-1", 7), 1))
	})

	t.Run("NotFound", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		_, err := k.create(s, ctx, k.sample("r-1", 1))
		wantNoErr(t, "create", err)
		_, err = k.get(s, ctx, "missing")
		wantErr(t, "read", err, account.ErrNotFound)
		_, err = k.update(s, ctx, k.withVersion(k.sample("missing", 1), 1))
		wantErr(t, "update", err, account.ErrNotFound)
		wantErr(t, "delete", k.remove(s, ctx, "missing", 1), account.ErrNotFound)
		_, err = k.get(s, ctx, "missing")
		wantErr(t, "read after the failed writes", err, account.ErrNotFound)
	})

	t.Run("DuplicateID", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		first, err := k.create(s, ctx, k.sample("r-1", 1))
		wantNoErr(t, "create", err)
		_, err = k.create(s, ctx, k.sample("r-1", 2))
		wantErr(t, "second create of the same ID", err, account.ErrConflict)
		got, err := k.get(s, ctx, "r-1")
		wantNoErr(t, "read", err)
		diff(t, "record after the failed create", got, first)
	})

	t.Run("StaleVersion", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		_, err := k.create(s, ctx, k.sample("r-1", 1))
		wantNoErr(t, "create", err)
		cur, err := k.update(s, ctx, k.withVersion(k.sample("r-1", 2), 1))
		wantNoErr(t, "update", err)
		for _, v := range []int64{1, 0, 3, 99} { // stale, never read, and ahead
			_, err = k.update(s, ctx, k.withVersion(k.sample("r-1", 5), v))
			wantErr(t, "update with a version other than the stored 2", err, account.ErrConflict)
			wantErr(t, "delete with a version other than the stored 2", k.remove(s, ctx, "r-1", v), account.ErrConflict)
		}
		got, err := k.get(s, ctx, "r-1")
		wantNoErr(t, "read", err)
		diff(t, "record after the rejected writes", got, cur)
	})

	t.Run("CreateWithVersion", func(t *testing.T) {
		// The contract: a create whose Version is not 0 is invalid input,
		// and nothing is stored.
		s, ctx := newStore(t), t.Context()
		_, err := k.create(s, ctx, k.withVersion(k.sample("r-1", 1), 3))
		wantErr(t, "create with Version 3", err, account.ErrInvalid)
		_, err = k.get(s, ctx, "r-1")
		wantErr(t, "read after the rejected create", err, account.ErrNotFound)
	})

	t.Run("Invalid", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		bad, field := k.invalid("r-1")
		_, err := k.create(s, ctx, bad)
		wantFieldError(t, "create", err, "r-1", field)
		_, err = k.get(s, ctx, "r-1")
		wantErr(t, "read after the rejected create", err, account.ErrNotFound)

		stored, err := k.create(s, ctx, k.sample("r-1", 1))
		wantNoErr(t, "create", err)
		_, err = k.update(s, ctx, k.withVersion(bad, 1))
		wantFieldError(t, "update", err, "r-1", field)
		got, err := k.get(s, ctx, "r-1")
		wantNoErr(t, "read", err)
		diff(t, "record after the rejected update", got, stored)
	})

	if k.mutate != nil {
		t.Run("NoAliasing", func(t *testing.T) { testNoAliasing(t, newStore(t), k) })
	}

	t.Run("Order", func(t *testing.T) {
		// IDs compare as bytes: upper case before lower, "a10" before "a9",
		// and multi-byte UTF-8 after ASCII.
		s, ctx := newStore(t), t.Context()
		created := []K{"a9", "é", "B", "a10", "z", "a", "A", "a-1", "ab", "a1"}
		for i, id := range created {
			_, err := k.create(s, ctx, k.sample(id, i))
			wantNoErr(t, "create", err)
		}
		want := []K{"A", "B", "a", "a-1", "a1", "a10", "a9", "ab", "z", "é"}
		diff(t, "IDs in list order", ids(collect(t, "list", k.all(s, ctx)), k.id), want)
	})
}

// testNoAliasing checks that the maps and slices of a record passed in or
// handed out are the caller's own.
func testNoAliasing[K ~string, R any](t *testing.T, s account.Store, k *recordKind[K, R]) {
	ctx := t.Context()
	in := k.sample("r-1", 1)
	want := k.withVersion(k.clone(in), 1)
	got, err := k.create(s, ctx, in)
	wantNoErr(t, "create", err)
	k.mutate(&in)  // the caller reuses what it passed in
	k.mutate(&got) // and changes what came back
	read, err := k.get(s, ctx, "r-1")
	wantNoErr(t, "read", err)
	diff(t, "read after changing create's input and result", read, want)

	k.mutate(&read)
	for r, err := range k.all(s, ctx) {
		wantNoErr(t, "list", err)
		k.mutate(&r)
	}
	read, err = k.get(s, ctx, "r-1")
	wantNoErr(t, "read", err)
	diff(t, "read after changing what read and list returned", read, want)

	in = k.withVersion(k.sample("r-1", 2), 1)
	want = k.withVersion(k.clone(in), 2)
	got, err = k.update(s, ctx, in)
	wantNoErr(t, "update", err)
	k.mutate(&in)
	k.mutate(&got)
	read, err = k.get(s, ctx, "r-1")
	wantNoErr(t, "read", err)
	diff(t, "read after changing update's input and result", read, want)
}

// A filterCase is one filter and the IDs it selects, in order.
type filterCase[F any, K ~string] struct {
	name string
	f    F
	want []K
}

// testFilters creates data, in the order given, and checks that list
// selects the wanted IDs in ID order for each case.
func testFilters[K ~string, R, F any](t *testing.T, s account.Store, k *recordKind[K, R], data []R,
	list func(account.Store, context.Context, F) iter.Seq2[R, error], tests []filterCase[F, K]) {
	ctx := t.Context()
	for _, r := range data {
		_, err := k.create(s, ctx, r)
		wantNoErr(t, "create", err)
	}
	for _, tt := range tests {
		diff(t, tt.name, ids(collect(t, tt.name, list(s, ctx, tt.f)), k.id), tt.want)
	}
}

func testAccountFilters(t *testing.T, s account.Store) {
	type tc = filterCase[account.AccountFilter, account.ID]
	testFilters(t, s, accounts, []account.Account{ // not in ID order
		{ID: "a3", Name: "Three", Parent: "a1", Owner: "m2"},
		{ID: "a5", Name: "Five", Owner: "m2", Tier: 3},
		{ID: "a1", Name: "One", Owner: "m1", Tier: 1},
		{ID: "a4", Name: "Four", Parent: "a2", Tier: 2},
		{ID: "a2", Name: "Two", Parent: "a1", Owner: "m1", Tier: 2},
	}, account.Store.Accounts, []tc{
		{"zero filter", account.AccountFilter{}, []account.ID{"a1", "a2", "a3", "a4", "a5"}},
		{"Parent", account.AccountFilter{Parent: "a1"}, []account.ID{"a2", "a3"}},
		{"Parent without children", account.AccountFilter{Parent: "a3"}, nil},
		{"unknown Parent", account.AccountFilter{Parent: "nope"}, nil},
		{"Owner", account.AccountFilter{Owner: "m1"}, []account.ID{"a1", "a2"}},
		{"one tier", account.AccountFilter{Tiers: []account.Tier{2}}, []account.ID{"a2", "a4"}},
		{"Unassigned", account.AccountFilter{Tiers: []account.Tier{account.Unassigned}}, []account.ID{"a3"}},
		{"two tiers", account.AccountFilter{Tiers: []account.Tier{3, 1}}, []account.ID{"a1", "a5"}},
		{"tier nobody has", account.AccountFilter{Tiers: []account.Tier{4}}, nil},
		{"Parent and Owner", account.AccountFilter{Parent: "a1", Owner: "m2"}, []account.ID{"a3"}},
		{"Owner and tiers", account.AccountFilter{Owner: "m1", Tiers: []account.Tier{2, 3}}, []account.ID{"a2"}},
		{"every field", account.AccountFilter{Parent: "a1", Owner: "m1", Tiers: []account.Tier{2}}, []account.ID{"a2"}},
	})
}

func testContactFilters(t *testing.T, s account.Store) {
	type tc = filterCase[account.ContactFilter, account.ContactID]
	testFilters(t, s, contacts, []account.Contact{
		{ID: "c3", Account: "acme", Name: "Cy", Influence: 3},
		{ID: "c1", Account: "globex", Name: "Al", Influence: 5},
		{ID: "c2", Account: "acme", Name: "Bo", Influence: 1},
	}, account.Store.Contacts, []tc{
		{"zero filter", account.ContactFilter{}, []account.ContactID{"c1", "c2", "c3"}},
		{"Account", account.ContactFilter{Account: "acme"}, []account.ContactID{"c2", "c3"}},
		{"unknown Account", account.ContactFilter{Account: "initech"}, nil},
	})
}

func testManagerFilters(t *testing.T, s account.Store) {
	type tc = filterCase[account.ManagerFilter, account.ManagerID]
	testFilters(t, s, managers, []account.Manager{
		{ID: "m3", Name: "Cy", Active: true},
		{ID: "m1", Name: "Al"},
		{ID: "m2", Name: "Bo", Active: true},
	}, account.Store.Managers, []tc{
		{"zero filter", account.ManagerFilter{}, []account.ManagerID{"m1", "m2", "m3"}},
		{"ActiveOnly", account.ManagerFilter{ActiveOnly: true}, []account.ManagerID{"m2", "m3"}},
	})
}
