package clv_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/clv"
	"github.com/keyaccount/keyaccount/tiering"
)

// Accounts are scored on revenue and on their probability of still being
// active under a fitted BG/NBD model. Globex bought six times early on and
// not for 30 weeks: it is most likely gone. Umbrella has no summary (no
// transaction yet), so the clv measure is dropped from its score.
func ExampleProbabilityActiveSource() {
	const week = 7 * 24 * time.Hour
	model := clv.BGNBD{R: 0.24, Alpha: 4.41, A: 0.79, B: 2.43}
	summaries := []clv.Summary{
		{ID: "ACME", Unit: clv.UnitWeek, Repeats: 6, Last: 36 * week, Age: 38 * week},
		{ID: "GLOBEX", Unit: clv.UnitWeek, Repeats: 6, Last: 8 * week, Age: 38 * week},
		{ID: "INITECH", Unit: clv.UnitWeek, Repeats: 1, Last: 30 * week, Age: 38 * week},
	}
	active, err := clv.ProbabilityActiveSource(model, summaries)
	if err != nil {
		fmt.Println(err)
		return
	}
	revenue := func(v string) map[string]decimal.Decimal {
		return map[string]decimal.Decimal{"revenue": decimal.RequireFromString(v)}
	}
	accounts := []account.Account{
		{ID: "ACME", Name: "Acme", Attributes: revenue("120000")},
		{ID: "GLOBEX", Name: "Globex", Attributes: revenue("150000")},
		{ID: "INITECH", Name: "Initech", Attributes: revenue("40000")},
		{ID: "UMBRELLA", Name: "Umbrella", Attributes: revenue("90000")},
	}
	card := tiering.Scorecard{Name: "health", Measures: []tiering.Measure{
		{Name: "revenue", Weight: 50, Source: tiering.Attribute("revenue"), Normalisation: tiering.NormalisationMinMax},
		{Name: "active", Weight: 50, Source: active, Normalisation: tiering.NormalisationMinMax, Missing: tiering.MissingDrop},
	}}
	scores, err := tiering.Score(accounts, card)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range scores.Len() {
		e := scores.Explain(i)
		fmt.Printf("%-8s %6s  P(active) %.2f (%s)\n", e.Account, e.Total, e.Lines[1].Raw, e.Lines[1].Handling)
	}
	// Output:
	// ACME      86.36  P(active) 0.87 (present)
	// GLOBEX    50.00  P(active) 0.00 (present)
	// INITECH   40.19  P(active) 0.70 (present)
	// UMBRELLA  45.45  P(active) 0.00 (dropped)
}
