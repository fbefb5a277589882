package tiering_test

import (
	"fmt"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/tiering"
	"github.com/shopspring/decimal"
)

// A re-tiering plan. The accounts were tiered by score bands, and the
// fingerprint of that configuration was recorded with their tiers. The
// proposed policy puts the top 30% in tier 1 and the next 30% in tier 2,
// and a new override pins "h". The plan lists each move with its reason,
// the transition matrix with the revenue in each cell, and the share of
// accounts that would change tier. Nothing is saved.
func ExampleResult_Plan() {
	bands := tiering.Policy{Basis: tiering.BasisScore, Rules: []tiering.TierRule{{MinScore: 80 * tiering.Point}, {MinScore: 50 * tiering.Point}, {}}}
	current := tiering.FingerprintOf(bands, plainCard())

	scores := portfolio(1, 1, 1, 2, 2, 2, 2, 3, 3, 0)
	proposed := tiering.Policy{Basis: tiering.BasisShare, Rules: []tiering.TierRule{
		{Share: decimal.RequireFromString("0.3")},
		{Share: decimal.RequireFromString("0.3")},
		{},
	}}
	revenue := map[account.ID]account.Money{}
	for i := range scores.Len() {
		revenue[scores.ID(i)] = account.MustParseMoney(fmt.Sprintf("NZD %d", (100-10*i)*1000))
	}
	overrides := []tiering.Override{{Account: "h", Tier: 2, Reason: "growth programme", Author: "kam lead"}}
	t, err := proposed.Apply(scores, tiering.Input{At: at, Values: revenue, Overrides: overrides})
	if err != nil {
		fmt.Println(err)
		return
	}
	plan := t.Plan(current)
	for _, m := range plan.Moves {
		fmt.Printf("%s: %s -> %s (%s)\n", m.Account, m.From, m.To, m.Reason)
	}
	for _, c := range plan.Transitions {
		fmt.Printf("%s -> %s: %d accounts, revenue %s\n", c.From, c.To, c.Accounts, c.Value)
	}
	fmt.Printf("changed %d of %d (%s), revenue moved %s\n", plan.Changed, plan.Accounts, plan.ChangedShare(), plan.MovedValue())
	// Output:
	// f: tier 2 -> tier 3 (policy change)
	// g: tier 2 -> tier 3 (policy change)
	// h: tier 3 -> tier 2 (override)
	// j: unassigned -> tier 3 (new)
	// unassigned -> tier 3: 1 accounts, revenue NZD 10,000.00
	// tier 1 -> tier 1: 3 accounts, revenue NZD 270,000.00
	// tier 2 -> tier 2: 2 accounts, revenue NZD 130,000.00
	// tier 2 -> tier 3: 2 accounts, revenue NZD 90,000.00
	// tier 3 -> tier 2: 1 accounts, revenue NZD 30,000.00
	// tier 3 -> tier 3: 1 accounts, revenue NZD 20,000.00
	// changed 4 of 10 (0.4), revenue moved NZD 130,000.00
}
