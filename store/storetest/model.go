package storetest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// The model test runs random sequences of operations against a store and
// against a model made of a plain map, and after every step checks that the
// store lists exactly what the model holds. IDs come from small pools so
// that creates collide, updates and deletes hit existing and missing
// records, and versions are drawn current, stale or ahead.

func testModel(t *testing.T, newStore func(*testing.T) account.Store) {
	t.Run("Accounts", func(t *testing.T) {
		rapid.Check(t, func(rt *rapid.T) { runRecordModel(rt, t.Context(), newStore(t), accountModel) })
	})
	t.Run("Contacts", func(t *testing.T) {
		rapid.Check(t, func(rt *rapid.T) { runRecordModel(rt, t.Context(), newStore(t), contactModel) })
	})
	t.Run("Managers", func(t *testing.T) {
		rapid.Check(t, func(rt *rapid.T) { runRecordModel(rt, t.Context(), newStore(t), managerModel) })
	})
	t.Run("Transactions", func(t *testing.T) {
		rapid.Check(t, func(rt *rapid.T) { runLogModel(rt, t.Context(), newStore(t), transactions) })
	})
	t.Run("Interactions", func(t *testing.T) {
		rapid.Check(t, func(rt *rapid.T) { runLogModel(rt, t.Context(), newStore(t), interactions) })
	})
}

// A recordModel adds to a recordKind what the model test draws.
type recordModel[K ~string, R any, F any] struct {
	*recordKind[K, R]
	draw       func(t *rapid.T, id K) R // a valid record with Version 0
	drawFilter func(t *rapid.T) F
	list       func(account.Store, context.Context, F) iter.Seq2[R, error]
	match      func(F, R) bool
}

var (
	accountIDs = []account.ID{"a0", "a1", "a2", "a3"}
	anyAccount = rapid.SampledFrom(append([]account.ID{""}, accountIDs...))
	anyOwner   = rapid.SampledFrom([]account.ManagerID{"", "m0", "m1"})
)

var accountModel = &recordModel[account.ID, account.Account, account.AccountFilter]{
	recordKind: accounts,
	draw: func(t *rapid.T, id account.ID) account.Account {
		a := account.Account{
			ID:     id,
			Name:   fmt.Sprint("Account ", rapid.IntRange(0, 9).Draw(t, "name")),
			Parent: anyAccount.Draw(t, "parent"),
			Owner:  anyOwner.Draw(t, "owner"),
			Tier:   account.Tier(rapid.IntRange(0, 3).Draw(t, "tier")),
		}
		if a.Parent == a.ID {
			a.Parent = ""
		}
		if a.Tier != account.Unassigned && rapid.Bool().Draw(t, "has tier since") {
			a.TierSince = hours(rapid.IntRange(0, 1000).Draw(t, "tier since"))
		}
		if rapid.Bool().Draw(t, "has attributes") {
			a.Attributes = map[string]decimal.Decimal{"sites": decimal.NewFromInt(rapid.Int64Range(-5, 5).Draw(t, "sites"))}
		}
		return a
	},
	drawFilter: func(t *rapid.T) account.AccountFilter {
		f := account.AccountFilter{Parent: anyAccount.Draw(t, "filter parent"), Owner: anyOwner.Draw(t, "filter owner")}
		for _, tier := range rapid.SliceOfNDistinct(rapid.IntRange(0, 4), 0, 3, rapid.ID).Draw(t, "filter tiers") {
			f.Tiers = append(f.Tiers, account.Tier(tier))
		}
		return f
	},
	list:  account.Store.Accounts,
	match: account.AccountFilter.Match,
}

var contactModel = &recordModel[account.ContactID, account.Contact, account.ContactFilter]{
	recordKind: contacts,
	draw: func(t *rapid.T, id account.ContactID) account.Contact {
		return account.Contact{
			ID:        id,
			Account:   rapid.SampledFrom(accountIDs).Draw(t, "account"),
			Name:      fmt.Sprint("Contact ", rapid.IntRange(0, 9).Draw(t, "name")),
			Role:      account.Role(rapid.IntRange(0, 5).Draw(t, "role")),
			Influence: rapid.IntRange(1, 5).Draw(t, "influence"),
			Attitude:  account.Attitude(rapid.IntRange(-1, 1).Draw(t, "attitude")),
		}
	},
	drawFilter: func(t *rapid.T) account.ContactFilter {
		return account.ContactFilter{Account: anyAccount.Draw(t, "filter account")}
	},
	list:  account.Store.Contacts,
	match: account.ContactFilter.Match,
}

var managerModel = &recordModel[account.ManagerID, account.Manager, account.ManagerFilter]{
	recordKind: managers,
	draw: func(t *rapid.T, id account.ManagerID) account.Manager {
		return account.Manager{
			ID:       id,
			Name:     fmt.Sprint("Manager ", rapid.IntRange(0, 9).Draw(t, "name")),
			Capacity: rapid.IntRange(0, 20).Draw(t, "capacity"),
			Regions:  rapid.SliceOfDistinct(rapid.SampledFrom([]string{"APAC", "EMEA", "AMER"}), rapid.ID).Draw(t, "regions"),
			Active:   rapid.Bool().Draw(t, "active"),
		}
	},
	drawFilter: func(t *rapid.T) account.ManagerFilter {
		return account.ManagerFilter{ActiveOnly: rapid.Bool().Draw(t, "filter active only")}
	},
	list:  account.Store.Managers,
	match: account.ManagerFilter.Match,
}

func runRecordModel[K ~string, R any, F any](t *rapid.T, ctx context.Context, s account.Store, k *recordModel[K, R, F]) {
	model := map[K]R{}
	anyID := rapid.SampledFrom([]K{"r0", "r1", "r2", "r3", "r4"})
	// drawVersion returns the stored version of id, or a stale, ahead or
	// zero one.
	drawVersion := func(t *rapid.T, id K) int64 {
		cur := int64(0)
		if r, ok := model[id]; ok {
			cur = k.version(r)
		}
		switch rapid.IntRange(0, 4).Draw(t, "version is") {
		case 0:
			return 0
		case 1:
			return cur + 1 + rapid.Int64Range(0, 2).Draw(t, "ahead by")
		case 2:
			return rapid.Int64Range(0, cur).Draw(t, "stale version")
		}
		return cur
	}
	sorted := func(match func(R) bool) []R {
		var out []R
		for _, id := range slices.Sorted(maps.Keys(model)) {
			if match(model[id]) {
				out = append(out, model[id])
			}
		}
		return out
	}

	t.Repeat(map[string]func(*rapid.T){
		"create": func(t *rapid.T) {
			id := anyID.Draw(t, "id")
			in := k.draw(t, id)
			got, err := k.create(s, ctx, in)
			if _, taken := model[id]; taken {
				wantErr(t, "create of a taken ID", err, account.ErrConflict)
				return
			}
			wantNoErr(t, "create", err)
			want := k.withVersion(in, 1)
			diff(t, "create's result", got, want)
			model[id] = want
		},
		"update": func(t *rapid.T) {
			id := anyID.Draw(t, "id")
			ver := drawVersion(t, id)
			in := k.withVersion(k.draw(t, id), ver)
			got, err := k.update(s, ctx, in)
			old, exists := model[id]
			switch {
			case !exists:
				wantErr(t, "update of a missing record", err, account.ErrNotFound)
			case ver != k.version(old):
				wantErr(t, "update with a wrong version", err, account.ErrConflict)
			default:
				wantNoErr(t, "update", err)
				want := k.withVersion(in, ver+1)
				diff(t, "update's result", got, want)
				model[id] = want
			}
		},
		"delete": func(t *rapid.T) {
			id := anyID.Draw(t, "id")
			ver := drawVersion(t, id)
			err := k.remove(s, ctx, id, ver)
			old, exists := model[id]
			switch {
			case !exists:
				wantErr(t, "delete of a missing record", err, account.ErrNotFound)
			case ver != k.version(old):
				wantErr(t, "delete with a wrong version", err, account.ErrConflict)
			default:
				wantNoErr(t, "delete", err)
				delete(model, id)
			}
		},
		"get": func(t *rapid.T) {
			id := anyID.Draw(t, "id")
			got, err := k.get(s, ctx, id)
			if want, exists := model[id]; exists {
				wantNoErr(t, "read", err)
				diff(t, "read", got, want)
			} else {
				wantErr(t, "read of a missing record", err, account.ErrNotFound)
			}
		},
		"list": func(t *rapid.T) {
			f := k.drawFilter(t)
			want := sorted(func(r R) bool { return k.match(f, r) })
			diff(t, fmt.Sprintf("list with filter %+v", f), collect(t, "list", k.list(s, ctx, f)), want)
		},
		"": func(t *rapid.T) {
			diff(t, "everything listed", collect(t, "list", k.all(s, ctx)), sorted(func(R) bool { return true }))
		},
	})
}

func runLogModel[K ~string, R any](t *rapid.T, ctx context.Context, s account.Store, k *logKind[K, R]) {
	model := map[K]R{}
	anyID := rapid.SampledFrom([]K{"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7"})
	anyRecordAccount := rapid.SampledFrom(accountIDs[:3])
	// Times fall on a few hours, in two zones, so that records tie and
	// range ends fall exactly on them.
	anyTime := rapid.Custom(func(t *rapid.T) time.Time {
		at := hours(rapid.IntRange(0, 6).Draw(t, "hour"))
		if rapid.Bool().Draw(t, "in NZ") {
			at = at.In(nzTime)
		}
		return at
	})
	compare := func(a, b R) int {
		return cmp.Or(cmp.Compare(k.account(a), k.account(b)), k.at(a).Compare(k.at(b)), cmp.Compare(k.id(a), k.id(b)))
	}
	sorted := func(f logFilter) []R {
		var out []R
		for _, r := range model {
			at := k.at(r)
			if (f.Account == "" || k.account(r) == f.Account) &&
				(f.From.IsZero() || !at.Before(f.From)) && (f.To.IsZero() || at.Before(f.To)) &&
				(f.Kind == 0 || k.kind(r) == f.Kind) {
				out = append(out, r)
			}
		}
		slices.SortFunc(out, compare)
		return out
	}

	t.Repeat(map[string]func(*rapid.T){
		"add": func(t *rapid.T) {
			n := rapid.IntRange(1, 4).Draw(t, "batch size")
			batch := make([]R, n)
			seen := map[K]bool{}
			conflict, invalid := false, false
			for i := range batch {
				id, acct, at := anyID.Draw(t, "id"), anyRecordAccount.Draw(t, "account"), anyTime.Draw(t, "at")
				if rapid.IntRange(0, 9).Draw(t, "valid unless 0") == 0 {
					batch[i], _ = k.invalid(id, acct, at)
					invalid = true
				} else {
					batch[i] = k.sample(id, acct, at, rapid.IntRange(1, k.kinds).Draw(t, "kind"))
				}
				if _, stored := model[id]; stored || seen[id] {
					conflict = true
				}
				seen[id] = true
			}
			err := k.add(s, ctx, batch...)
			switch {
			case invalid && conflict:
				if !errors.Is(err, account.ErrInvalid) && !errors.Is(err, account.ErrConflict) {
					t.Errorf("add of an invalid batch with a taken ID: error = %v, want one wrapping %q or %q", err, account.ErrInvalid, account.ErrConflict)
				}
			case invalid:
				wantErr(t, "add of a batch with an invalid record", err, account.ErrInvalid)
			case conflict:
				wantErr(t, "add of a batch with a taken or repeated ID", err, account.ErrConflict)
			default:
				wantNoErr(t, "add", err)
				for _, r := range batch {
					model[k.id(r)] = r
				}
			}
		},
		"delete": func(t *rapid.T) {
			id := anyID.Draw(t, "id")
			err := k.remove(s, ctx, id)
			if _, exists := model[id]; exists {
				wantNoErr(t, "delete", err)
				delete(model, id)
			} else {
				wantErr(t, "delete of a missing record", err, account.ErrNotFound)
			}
		},
		"list": func(t *rapid.T) {
			f := logFilter{
				Account: anyAccount.Draw(t, "filter account"),
				Kind:    rapid.IntRange(0, k.kinds).Draw(t, "filter kind"),
			}
			if rapid.Bool().Draw(t, "has From") {
				f.From = anyTime.Draw(t, "From")
			}
			if rapid.Bool().Draw(t, "has To") {
				f.To = anyTime.Draw(t, "To")
			}
			diff(t, fmt.Sprintf("list with filter %+v", f), collect(t, "list", k.list(s, ctx, f)), sorted(f))
		},
		"": func(t *rapid.T) {
			diff(t, "everything listed", collect(t, "list", k.list(s, ctx, logFilter{})), sorted(logFilter{}))
		},
	})
}
