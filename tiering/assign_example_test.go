package tiering_test

import (
	"fmt"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/tiering"
)

// A small portfolio: two regions, a manager who has left, a tier-1 limit and
// a pin. Workload comes from the tier, as a service model would charge it.
func ExampleAssign() {
	managers := []account.Manager{
		{ID: "ana", Name: "Ana", Capacity: 20, Regions: []string{"EMEA"}, Active: true},
		{ID: "ben", Name: "Ben", Capacity: 20, Regions: []string{"EMEA"}, Active: true},
		{ID: "cho", Name: "Cho", Capacity: 15, Regions: []string{"APAC"}, Active: true},
		{ID: "dev", Name: "Dev", Capacity: 30, Active: false}, // has left
	}
	accounts := []account.Account{
		{ID: "acme", Tier: 1, Region: "EMEA", Owner: "ana"},
		{ID: "bolt", Tier: 1, Region: "EMEA", Owner: "ana"},
		{ID: "core", Tier: 2, Region: "EMEA", Owner: "ana"},
		{ID: "dyna", Tier: 2, Region: "EMEA", Owner: "dev"},
		{ID: "eon", Tier: 3, Region: "EMEA"},
		{ID: "flux", Tier: 2, Region: "APAC", Owner: "cho"},
		{ID: "gala", Tier: 1, Region: "APAC", Owner: "dev"},
		{ID: "hive", Tier: 3, Region: "LATAM"},
	}
	units := map[account.Tier]int{1: 8, 2: 4, 3: 1}
	policy := tiering.AssignPolicy{
		Workload:    func(a account.Account) int { return units[a.Tier] },
		MatchRegion: true,
		MaxTier1:    1,
		Pins:        map[account.ID]account.ManagerID{"eon": "ana"},
	}

	res, err := tiering.Assign(accounts, managers, policy)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range res.Loads {
		fmt.Printf("%s: %2d/%2d units, %d accounts, ratio %.2f\n", l.Manager, l.Load, l.Capacity, l.Accounts, l.Ratio)
	}
	for _, h := range res.Handovers {
		fmt.Printf("handover %s: %q -> %q (%s)\n", h.Account, h.From, h.To, h.Reason)
	}
	for _, u := range res.Unplaced {
		fmt.Printf("unplaced %s: %s: %s\n", u.Account, u.Reason, u.Detail)
	}
	fmt.Printf("max ratio %.2f, lower bound %.2f\n", res.MaxRatio, res.LowerBound)
	// Output:
	// ana: 13/20 units, 3 accounts, ratio 0.65
	// ben: 12/20 units, 2 accounts, ratio 0.60
	// cho: 12/15 units, 2 accounts, ratio 0.80
	// dev:  0/30 units, 0 accounts, ratio 0.00
	// handover bolt: "ana" -> "ben" (capacity)
	// handover dyna: "dev" -> "ben" (owner gone)
	// handover eon: "" -> "ana" (new)
	// handover gala: "dev" -> "cho" (owner gone)
	// unplaced hive: no match: no active manager serves region "LATAM"
	// max ratio 0.80, lower bound 0.80
}
