package growth_test

import (
	"fmt"
	"iter"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
)

// benchInteractions yields n interactions over accounts accounts, in the
// store's order, generated as they are read (10 million records would
// take 1.4 GB as a slice): a day apart at each account, a quarter with
// the manager, and eight in nine about one of eight offering families,
// each the business of one of five divisions; at one account in fifty a
// second division calls about a family every ten days, which makes cases.
func benchInteractions(accounts []account.Account, n int) iter.Seq2[account.Interaction, error] {
	per := n / len(accounts)
	ids := make([]account.InteractionID, per)
	for i := range ids {
		ids[i] = account.InteractionID(fmt.Sprintf("i-%d", i))
	}
	families := []string{"", "payments", "fx", "lending", "cards", "custody", "trade", "cash", "wealth"}
	divisions := []string{"Markets", "Corporate", "Retail", "Wealth", "Transaction banking"}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return func(yield func(account.Interaction, error) bool) {
		for i, a := range accounts {
			withManager := []string{string(a.Owner), "client"}
			without := []string{"specialist", "client"}
			for j := range per {
				f := (j * 7) % len(families)
				d := f % len(divisions)
				if i%50 == 0 && j%10 == 3 {
					d = (d + 1) % len(divisions)
				}
				in := account.Interaction{ID: ids[j], Account: a.ID, At: start.Add(time.Duration(j) * 24 * time.Hour),
					Kind: account.InteractionCall, Participants: without, Division: divisions[d], OfferingFamily: families[f]}
				if j%4 == 0 {
					in.Participants = withManager
				}
				if !yield(in, nil) {
					return
				}
			}
		}
	}
}

// BenchmarkCoordination is the target: coordinated-coverage
// detection over 10,000,000 interactions (100,000 accounts, 100 each),
// under 1 s, the generation of the records included.
func BenchmarkCoordination(b *testing.B) {
	accounts := make([]account.Account, 100_000)
	for i := range accounts {
		accounts[i] = account.Account{ID: account.ID(fmt.Sprintf("acct-%06d", i)), Name: "A", Owner: account.ManagerID(fmt.Sprintf("m-%d", i%500)), Tier: account.Tier(1 + i%3)}
	}
	seq := benchInteractions(accounts, 10_000_000)
	opts := growth.CoordinationOptions{Window: 14 * 24 * time.Hour}
	var rep growth.CoordinationReport
	defer cpuPerOp(b)()
	for b.Loop() {
		var err error
		rep, err = growth.Coordination(accounts, seq, opts)
		if err != nil {
			b.Fatal(err)
		}
	}
	if len(rep.Accounts) != len(accounts) || len(rep.Cases) == 0 {
		b.Fatalf("%d accounts, %d cases", len(rep.Accounts), len(rep.Cases))
	}
}
