package tiering_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/tiering"
	"github.com/shopspring/decimal"
)

// portfolio scores tenAccounts with plainCard.
func portfolio(current ...account.Tier) *tiering.Scores {
	scores, err := tiering.Score(tenAccounts(current...), plainCard())
	if err != nil {
		panic(err)
	}
	return scores
}

// tenAccounts returns ten accounts, in the given current tiers, with one
// attribute, "score", that plainCard takes as it is, so that the examples'
// totals are easy to read: account "a" scores 95 points, "b" 88, and so on.
func tenAccounts(current ...account.Tier) []account.Account {
	raw := []string{"95", "88", "81", "74", "67", "60", "53", "46", "39", "32"}
	var accounts []account.Account
	for i, r := range raw {
		a := account.Account{ID: account.ID(rune('a' + i)), Name: "Account " + r, Attributes: attrs("score", r)}
		if i < len(current) {
			a.Tier = current[i]
		}
		accounts = append(accounts, a)
	}
	return accounts
}

// plainCard scores the attribute "score" as it is, in bands of one point.
func plainCard() tiering.Scorecard {
	var bands []tiering.Band
	for lo := 0; lo < 100; lo++ {
		bands = append(bands, tiering.Band{Lo: float64(lo), Hi: float64(lo + 1), HiOpen: true, Value: float64(lo) / 100})
	}
	bands = append(bands, tiering.Band{Lo: 100, Hi: 100, Value: 1})
	return tiering.Scorecard{Name: "plain", Measures: []tiering.Measure{
		{Name: "score", Weight: 1, Source: tiering.Attribute("score"), Normalisation: tiering.NormalisationBanded, Bands: bands},
	}}
}

func printTiers(t *tiering.Result) {
	for tier := account.Tier(1); int(tier) <= t.Policy().NumTiers(); tier++ {
		var ids []account.ID
		for i := range t.Len() {
			if t.Tier(i) == tier {
				ids = append(ids, t.Scores().ID(i))
			}
		}
		slices.Sort(ids)
		fmt.Println(tier, ids)
	}
}

var at = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)

// Absolute score bands: 80 points or more is tier 1, 50 or more tier 2.
func ExamplePolicy_Apply_byScore() {
	p := tiering.Policy{Basis: tiering.BasisScore, Rules: []tiering.TierRule{
		{MinScore: 80 * tiering.Point},
		{MinScore: 50 * tiering.Point},
		{},
	}}
	t, err := p.Apply(portfolio(), tiering.Input{At: at})
	if err != nil {
		fmt.Println(err)
		return
	}
	printTiers(t)
	// Output:
	// tier 1 [a b c]
	// tier 2 [d e f g]
	// tier 3 [h i j]
}

// Quantile shares: the top 20% are tier 1, the next 30% tier 2. A cap
// and a minimum score can combine with any basis: here tier 2 admits no
// account under 65 points.
func ExamplePolicy_Apply_byShare() {
	p := tiering.Policy{Basis: tiering.BasisShare, Rules: []tiering.TierRule{
		{Share: decimal.RequireFromString("0.2")},
		{Share: decimal.RequireFromString("0.3"), MinScore: 65 * tiering.Point},
		{},
	}}
	t, err := p.Apply(portfolio(), tiering.Input{At: at})
	if err != nil {
		fmt.Println(err)
		return
	}
	printTiers(t)
	// Output:
	// tier 1 [a b]
	// tier 2 [c d e]
	// tier 3 [f g h i j]
}

// Top-N: the top 3 accounts are tier 1, the next 4 tier 2. Ties at the cut
// would be broken by value, then ID.
func ExamplePolicy_Apply_byCount() {
	p := tiering.Policy{Basis: tiering.BasisCount, Rules: []tiering.TierRule{{Count: 3}, {Count: 4}, {}}}
	t, err := p.Apply(portfolio(), tiering.Input{At: at})
	if err != nil {
		fmt.Println(err)
		return
	}
	printTiers(t)
	// Output:
	// tier 1 [a b c]
	// tier 2 [d e f g]
	// tier 3 [h i j]
}

// Cumulative value share: the largest accounts that make up the first 80%
// of revenue are tier 1 (the account that crosses 80% included), the next
// 15% tier 2. Account "e" holds most of the revenue, whatever its score.
func ExamplePolicy_Apply_byValue() {
	revenue := map[account.ID]account.Money{}
	for i, v := range []int64{100, 90, 80, 70, 1000, 60, 50, 40, 30, 20} {
		revenue[account.ID(rune('a'+i))] = account.MustParseMoney(fmt.Sprintf("NZD %d", v*1000))
	}
	p := tiering.Policy{Basis: tiering.BasisValue, Rules: []tiering.TierRule{
		{Share: decimal.RequireFromString("0.8")},
		{Share: decimal.RequireFromString("0.15")},
		{},
	}}
	t, err := p.Apply(portfolio(), tiering.Input{At: at, Values: revenue})
	if err != nil {
		fmt.Println(err)
		return
	}
	printTiers(t)
	// Output:
	// tier 1 [a b c e]
	// tier 2 [d f g h]
	// tier 3 [i j]
}

// Hysteresis keeps accounts near a boundary where they are. Account "c"
// (81 points) is in tier 2 and is not 3 points above the tier-1 boundary
// of 80, so it stays; "d" (74 points) is in tier 1 and is more than 3
// points below it, so it falls. "h" (46 points) may fall only one tier at a
// time, and "j" entered tier 1 (its TierSince) less than 90 days ago, so it
// stays put, while "d" had been in tier 1 for a year. Result.Accounts gives
// the accounts at their new tiers, with TierSince set to the run's instant
// for those that moved.
func ExamplePolicy_Apply_hysteresis() {
	p := tiering.Policy{
		Basis: tiering.BasisScore,
		Rules: []tiering.TierRule{{MinScore: 80 * tiering.Point}, {MinScore: 50 * tiering.Point}, {MinScore: 40 * tiering.Point}, {}},
		Hysteresis: tiering.Hysteresis{
			Up: 3 * tiering.Point, Down: 3 * tiering.Point,
			MinDwell:    90 * 24 * time.Hour,
			MaxStepDown: 1,
		},
	}
	accounts := tenAccounts(1, 1, 2, 1, 2, 2, 2, 1, 4, 1)
	accounts[3].TierSince = at.AddDate(-1, 0, 0) // d
	accounts[9].TierSince = at.AddDate(0, -1, 0) // j
	scores, err := tiering.Score(accounts, plainCard())
	if err != nil {
		fmt.Println(err)
		return
	}
	t, err := p.Apply(scores, tiering.Input{At: at})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range t.Len() {
		fmt.Println(t.Decision(i))
	}
	for _, a := range t.Accounts() {
		if !a.TierSince.IsZero() {
			fmt.Printf("%s: %s since %s\n", a.ID, a.Tier, a.TierSince.Format(time.DateOnly))
		}
	}
	// Output:
	// a: 95.00 points, tier 1 -> tier 1 (policy tier 1, policy)
	// b: 88.00 points, tier 1 -> tier 1 (policy tier 1, policy)
	// c: 81.00 points, tier 2 -> tier 2 (policy tier 1, margin)
	// d: 74.00 points, tier 1 -> tier 2 (policy tier 2, policy)
	// e: 67.00 points, tier 2 -> tier 2 (policy tier 2, policy)
	// f: 60.00 points, tier 2 -> tier 2 (policy tier 2, policy)
	// g: 53.00 points, tier 2 -> tier 2 (policy tier 2, policy)
	// h: 46.00 points, tier 1 -> tier 2 (policy tier 3, step limit)
	// i: 39.00 points, tier 4 -> tier 4 (policy tier 4, policy)
	// j: 32.00 points, tier 1 -> tier 1 (policy tier 4, dwell)
	// d: tier 2 since 2025-07-01
	// h: tier 2 since 2025-07-01
	// j: tier 1 since 2025-06-01
}

// Overrides pin accounts whatever their score, until they expire; expired
// ones are reported and no longer apply.
func ExamplePolicy_Apply_overrides() {
	p := tiering.Policy{Basis: tiering.BasisCount, Rules: []tiering.TierRule{{Count: 2}, {}}}
	overrides := []tiering.Override{
		{Account: "j", Tier: 1, Reason: "strategic partner", Author: "cfo", Expires: at.AddDate(1, 0, 0)},
		{Account: "a", Tier: 2, Reason: "in administration", Author: "risk", Expires: at.AddDate(0, -1, 0)},
	}
	t, err := p.Apply(portfolio(), tiering.Input{At: at, Overrides: overrides})
	if err != nil {
		fmt.Println(err)
		return
	}
	printTiers(t)
	for _, o := range t.Expired() {
		fmt.Printf("expired: %s pinned to %s by %s (%s) on %s\n", o.Account, o.Tier, o.Author, o.Reason, o.Expires.Format(time.DateOnly))
	}
	// Output:
	// tier 1 [a j]
	// tier 2 [b c d e f g h i]
	// expired: a pinned to tier 2 by risk (in administration) on 2025-06-01
}
