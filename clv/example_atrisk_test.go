package clv_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/clv"
)

// The valuable accounts that have probably stopped buying: a probability
// of being active below 30% and a value of at least NZD 10,000.00, most
// valuable first, ties by ID. Globex bought ten days ago and is active;
// Hooli is below the value floor.
func ExampleAtRiskList() {
	model := clv.BGNBD{R: 0.24, Alpha: 4.41, A: 0.79, B: 2.43}
	summaries := []clv.Summary{ // daily periods, observed for 600 days
		{ID: "ACME", Unit: clv.UnitDay, Repeats: 3, Last: 188 * day, Age: 600 * day},
		{ID: "GLOBEX", Unit: clv.UnitDay, Repeats: 9, Last: 590 * day, Age: 600 * day},
		{ID: "INITECH", Unit: clv.UnitDay, Repeats: 5, Last: 300 * day, Age: 600 * day},
		{ID: "HOOLI", Unit: clv.UnitDay, Repeats: 8, Last: 150 * day, Age: 600 * day},
		{ID: "UMBRELLA", Unit: clv.UnitDay, Repeats: 6, Last: 200 * day, Age: 600 * day},
	}
	values := map[account.ID]account.Money{ // last year's revenue
		"ACME":     account.MustParseMoney("NZD 52000.00"),
		"GLOBEX":   account.MustParseMoney("NZD 87000.00"),
		"INITECH":  account.MustParseMoney("NZD 31000.00"),
		"HOOLI":    account.MustParseMoney("NZD 4000.00"),
		"UMBRELLA": account.MustParseMoney("NZD 52000.00"),
	}
	list, err := clv.AtRiskList(model, summaries, values, clv.AtRiskOptions{
		Threshold: decimal.RequireFromString("0.30"),
		MinValue:  account.MustParseMoney("NZD 10000.00"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range list {
		fmt.Printf("%-8s %s\n", r.ID, r.Reason)
	}
	// Output:
	// ACME     P(active) 0.12 < 0.30; 412 days since the last purchase; value NZD 52,000.00
	// UMBRELLA P(active) 0.01 < 0.30; 400 days since the last purchase; value NZD 52,000.00
	// INITECH  P(active) 0.18 < 0.30; 300 days since the last purchase; value NZD 31,000.00
}
