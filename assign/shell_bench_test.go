package assign_test

import (
	"context"
	"errors"
	"testing"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/assign"
	"github.com/keyaccount/keyaccount/store/memstore"
)

// shellBench returns a memstore of 10,000 accounts and 50 managers (see
// assignPortfolio), and two policies that pin a tenth of the accounts to
// different managers, so that a run under one after a run under the other
// writes at least those accounts.
func shellBench(b *testing.B) (*memstore.Store, [2]assign.Policy) {
	accounts, managers, work := assignPortfolio(10_000, 50, 1, false)
	store := shellStore(b, accounts, managers)
	var ps [2]assign.Policy
	for k := range ps {
		pins := map[account.ID]account.ManagerID{}
		for i := 0; i < len(accounts); i += 10 {
			pins[accounts[i].ID] = managers[(i/10+k)%len(managers)].ID
		}
		ps[k] = assign.Policy{Workload: func(a account.Account) int { return work[a.ID] }, MatchRegion: true, Pins: pins}
	}
	return store, ps
}

// BenchmarkServiceAssign assigns a stored portfolio of 10,000 accounts to
// 50 managers and stores the owners, alternating two policies: through the
// Service (Assign, then Apply), and by hand (list accounts and managers,
// Accounts, UpdateAccount for each account whose owner changes). The
// issue's target is that the shell adds at most 10% to the work by hand.
func BenchmarkServiceAssign(b *testing.B) {
	ctx := context.Background()
	b.Run("shell", func(b *testing.B) {
		store, ps := shellBench(b)
		var svcs [2]*assign.Service
		for k, p := range ps {
			svcs[k] = newShell(b, store, p)
		}
		var out account.Applied
		k := 0
		for b.Loop() {
			a, err := svcs[k%2].Assign(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if out, err = svcs[k%2].Apply(ctx, a); err != nil || len(out.Conflicts) > 0 {
				b.Fatal(err, out.Conflicts)
			}
			k++
		}
		b.ReportMetric(float64(len(out.Written)), "written/op")
	})
	b.Run("hand", func(b *testing.B) {
		store, ps := shellBench(b)
		var written []account.ID
		k := 0
		for b.Loop() {
			accounts, err := account.Collect(store.Accounts(ctx, account.AccountFilter{}))
			if err != nil {
				b.Fatal(err)
			}
			managers, err := account.Collect(store.Managers(ctx, account.ManagerFilter{}))
			if err != nil {
				b.Fatal(err)
			}
			res, err := assign.Accounts(accounts, managers, ps[k%2])
			if err != nil {
				b.Fatal(err)
			}
			owner := make(map[account.ID]account.ManagerID, len(res.Placements))
			for _, p := range res.Placements {
				owner[p.Account] = p.Manager
			}
			written = written[:0]
			for _, a := range accounts {
				if a.Owner == owner[a.ID] {
					continue
				}
				a.Owner = owner[a.ID]
				if _, err := store.UpdateAccount(ctx, a); err != nil {
					if errors.Is(err, account.ErrConflict) {
						continue // a real program would report it
					}
					b.Fatal(err)
				}
				written = append(written, a.ID)
			}
			k++
		}
		b.ReportMetric(float64(len(written)), "written/op")
	})
}
