package tiering_test

import (
	"fmt"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/tiering"
	"github.com/shopspring/decimal"
)

func attrs(kv ...any) map[string]decimal.Decimal {
	m := map[string]decimal.Decimal{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = decimal.RequireFromString(kv[i+1].(string))
	}
	return m
}

// A scorecard of four measures with different normalisations and
// missing-value policies, and the explanation of one account's score.
func ExampleScore() {
	accounts := []account.Account{
		{ID: "acme", Name: "Acme", Attributes: attrs("revenue", "1200000", "employees", "5000", "tickets", "3", "fit", "4")},
		{ID: "globex", Name: "Globex", Attributes: attrs("revenue", "300000", "employees", "800", "tickets", "12")},
		{ID: "initech", Name: "Initech", Attributes: attrs("revenue", "650000", "employees", "150", "tickets", "7", "fit", "2")},
		{ID: "umbrella", Name: "Umbrella", Attributes: attrs("revenue", "90000", "employees", "20000", "tickets", "1", "fit", "5")},
	}
	card := tiering.Scorecard{
		Name: "external",
		Measures: []tiering.Measure{
			{Name: "revenue", Weight: 40, Source: tiering.Attribute("revenue"), Normalisation: tiering.NormalisationPercentileRank},
			{Name: "size", Weight: 20, Source: tiering.Attribute("employees"), Normalisation: tiering.NormalisationLogMinMax},
			{Name: "tickets", Weight: 15, Source: tiering.Attribute("tickets"), Direction: tiering.DirectionLowerIsBetter},
			{Name: "fit", Weight: 25, Source: tiering.Attribute("fit"), Normalisation: tiering.NormalisationBanded, Missing: tiering.MissingMedian,
				Bands: []tiering.Band{
					{Lo: 1, Hi: 3, HiOpen: true, Value: 0},
					{Lo: 3, Hi: 4, HiOpen: true, Value: 0.5},
					{Lo: 4, Hi: 5, Value: 1},
				}},
		},
	}
	scores, err := tiering.Score(accounts, card)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range scores.Len() {
		fmt.Println(scores.ID(i), scores.Total(i))
	}
	fmt.Println()
	fmt.Print(scores.Explain(1))
	// Output:
	// acme 86.60
	// globex 46.83
	// initech 31.82
	// umbrella 65.00
	//
	// globex (scorecard "external"): 46.83 points, coverage 75%
	// measure  raw     normalised  weight  effective  points  value
	// revenue  300000  0.3750      40      0.4000     15.00   present
	// size     800     0.3415      20      0.2000     6.83    present
	// tickets  12      0.0000      15      0.1500     0.00    present
	// fit      4       1.0000      25      0.2500     25.00   median
}
