package tiering_test

import (
	"fmt"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/tiering"
)

// The whole run: score a small portfolio, tier it, plan the re-tiering,
// and weigh the new tiers with the service models. Ana's accounts at their
// new tiers (two in tier 1) would cost her 21 units; package assign takes
// ServiceModels.Workload to balance such loads among the account managers.
func Example() {
	accounts := []account.Account{
		{ID: "acme", Name: "Acme", Region: "EMEA", Owner: "ana", Tier: 2, Attributes: attrs("revenue", "900000", "employees", "4000")},
		{ID: "bolt", Name: "Bolt", Region: "EMEA", Owner: "ana", Tier: 1, Attributes: attrs("revenue", "150000", "employees", "300")},
		{ID: "core", Name: "Core", Region: "EMEA", Owner: "ana", Tier: 2, Attributes: attrs("revenue", "700000", "employees", "2500")},
		{ID: "dyna", Name: "Dyna", Region: "EMEA", Owner: "ben", Tier: 3, Attributes: attrs("revenue", "400000", "employees", "900")},
		{ID: "eon", Name: "Eon", Region: "APAC", Owner: "cho", Tier: 3, Attributes: attrs("revenue", "650000", "employees", "1200")},
		{ID: "flux", Name: "Flux", Region: "APAC", Owner: "cho", Tier: 2, Attributes: attrs("revenue", "80000", "employees", "150")},
		{ID: "gala", Name: "Gala", Region: "APAC", Attributes: attrs("revenue", "300000", "employees", "700")},
	}
	// Score.
	card := tiering.Scorecard{Name: "value", Measures: []tiering.Measure{
		{Name: "revenue", Weight: 70, Source: tiering.Attribute("revenue"), Normalisation: tiering.NormalisationPercentileRank},
		{Name: "size", Weight: 30, Source: tiering.Attribute("employees"), Normalisation: tiering.NormalisationLogMinMax},
	}}
	scores, err := tiering.Score(accounts, card)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Tier: the top 2 accounts in tier 1, the next 3 in tier 2.
	policy := tiering.Policy{Basis: tiering.BasisCount, Rules: []tiering.TierRule{{Count: 2}, {Count: 3}, {}}}
	revenue := map[account.ID]account.Money{}
	for _, a := range accounts {
		revenue[a.ID], err = account.NewMoney(a.Attributes["revenue"], "NZD")
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	result, err := policy.Apply(scores, tiering.Input{At: at, Values: revenue})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Plan.
	plan := result.Plan(tiering.FingerprintOf(policy, card))
	for _, m := range plan.Moves {
		fmt.Printf("move %s: %s -> %s (%s, %s points)\n", m.Account, m.From, m.To, m.Reason, m.Score)
	}
	// Serve: a tier-1 account costs its manager 10 units, tier 2 four, tier 3 one.
	models := tiering.ServiceModels{{Tier: 1, Workload: 10}, {Tier: 2, Workload: 4}, {Tier: 3, Workload: 1}}
	load := map[account.ManagerID]int{}
	for _, a := range result.Accounts() {
		load[a.Owner] += models.Workload(a)
	}
	for _, m := range []account.ManagerID{"ana", "ben", "cho", ""} {
		fmt.Printf("owner %q: %d units at the new tiers\n", m, load[m])
	}
	// Output:
	// move acme: tier 2 -> tier 1 (score change, 95.00 points)
	// move bolt: tier 1 -> tier 3 (score change, 21.32 points)
	// move core: tier 2 -> tier 1 (score change, 80.70 points)
	// move dyna: tier 3 -> tier 2 (score change, 51.35 points)
	// move eon: tier 3 -> tier 2 (score change, 63.98 points)
	// move flux: tier 2 -> tier 3 (score change, 5.00 points)
	// move gala: unassigned -> tier 2 (new, 39.05 points)
	// owner "ana": 21 units at the new tiers
	// owner "ben": 4 units at the new tiers
	// owner "cho": 5 units at the new tiers
	// owner "": 4 units at the new tiers
}
