package tiering_test

import (
	"fmt"
	"math"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fixture/sample"
	"github.com/keyaccount/keyaccount/tiering"
)

// A measure computed from an account's data rather than read from an
// attribute: revenue growth, this year's revenue over last year's, from
// the transactions of the sample portfolio. The function reads what the
// caller gathered beforehand, so it is pure and safe to call concurrently.
func ExampleFunc() {
	p := sample.Default()
	yearAgo, twoYearsAgo := p.At.AddDate(-1, 0, 0), p.At.AddDate(-2, 0, 0)
	thisYear, lastYear := map[account.ID]float64{}, map[account.ID]float64{}
	for _, t := range p.Transactions {
		v := t.Amount.Amount().InexactFloat64()
		switch {
		case !t.At.Before(yearAgo):
			thisYear[t.Account] += v
		case !t.At.Before(twoYearsAgo):
			lastYear[t.Account] += v
		}
	}
	growth := tiering.Func("revenue-growth/v1", func(a account.Account) (float64, bool) {
		if a.Created.After(twoYearsAgo) || lastYear[a.ID] <= 0 {
			return 0, false // too new to have a growth rate
		}
		return thisYear[a.ID]/lastYear[a.ID] - 1, true
	})
	card := tiering.Scorecard{Name: "growth", Measures: []tiering.Measure{
		{Name: "growth", Weight: 1, Source: growth, Normalisation: tiering.NormalisationZScore, Missing: tiering.MissingMedian},
	}}
	scores, err := tiering.Score(p.Accounts, card)
	if err != nil {
		fmt.Println(err)
		return
	}
	best := 0
	for i := range scores.Len() {
		if scores.Total(i) > scores.Total(best) {
			best = i
		}
	}
	l := scores.Explain(best).Lines[0]
	fmt.Printf("fastest growing: %s, %s points, growth %.1f%%\n", scores.ID(best), scores.Total(best), math.Round(l.Raw*1000)/10)
	// Output:
	// fastest growing: E015-02, 90.57 points, growth 46.5%
}

// Trends between two scorings of the same account, with a deadband of
// one point.
func ExampleTrendOf() {
	fmt.Println(tiering.TrendOf(7200, 7350, tiering.Point))
	fmt.Println(tiering.TrendOf(7200, 7150, tiering.Point))
	fmt.Println(tiering.TrendOf(7200, 6900, tiering.Point))
	// Output:
	// up
	// flat
	// down
}

// The fingerprint of a configuration and the text it hashes.
func ExampleDescribe() {
	card := tiering.Scorecard{Name: "small", Measures: []tiering.Measure{
		{Name: "revenue", Weight: 2, Source: tiering.Attribute("revenue"), Normalisation: tiering.NormalisationPercentileRank},
		{Name: "nps", Weight: 1, Source: tiering.Attribute("nps"), Normalisation: tiering.NormalisationZScore, Missing: tiering.MissingDrop},
	}}
	policy := tiering.Policy{Name: "bands", Rules: []tiering.TierRule{{MinScore: 70 * tiering.Point}, {}},
		Hysteresis: tiering.Hysteresis{Down: 2 * tiering.Point, MinDwell: 90 * 24 * time.Hour}}
	fmt.Print(tiering.Describe(policy, card))
	fmt.Println(tiering.FingerprintOf(policy, card))
	// Output:
	// keyaccount tiering configuration v1
	// policy name="bands" basis=score tiers=2
	// tier 1 min-score=70.00 share=0 count=0 cap=0
	// tier 2 min-score=0.00 share=0 count=0 cap=0
	// hysteresis up=0.00 down=2.00 min-dwell=2160h0m0s max-step-down=0
	// scorecard "small" audience=all segments=[] measures=2
	// measure "revenue" weight=2 source=attribute "revenue" direction="higher is better" normalisation="percentile rank" clip=0 missing=fail bands=0
	// measure "nps" weight=1 source=attribute "nps" direction="higher is better" normalisation="z-score" clip=3 missing=drop bands=0
	// 95a75a4de37f5edc
}
