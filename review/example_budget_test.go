package review_test

import (
	"context"
	"fmt"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/shopspring/decimal"
)

// An internal customer's spending budget for a fiscal year that runs from
// July to June, for a department that only joined in September: its year
// counts from 1 September, and the first quarter's budget is spread over
// September alone. By the end of December it has spent faster than
// planned, and the run rate takes it past the 5% threshold. Read on the
// year's last day (with no spending after December), the forecast is the
// actual spend exactly.
func ExampleBudget_Status() {
	ctx := context.Background()
	store := memstore.New()
	auckland, _ := time.LoadLocation("Pacific/Auckland")
	nzd := account.MustParseMoney
	var txs []account.Transaction
	for i, m := range []time.Month{9, 10, 11, 12} {
		txs = append(txs, account.Transaction{
			ID: account.TransactionID(fmt.Sprint("c", i)), Account: "hr-dept", Kind: account.TransactionCost,
			At: time.Date(2026, m, 28, 9, 0, 0, 0, auckland), Amount: nzd("NZD 110000.10"),
		})
	}
	if err := store.AddTransactions(ctx, txs...); err != nil {
		fmt.Println(err)
		return
	}

	b := review.Budget{
		Account: "hr-dept", Year: 2026, StartMonth: time.July, Kind: account.TransactionCost,
		Amount:    nzd("NZD 1000000"),
		Split:     review.SplitQuarterly,
		Periods:   []account.Money{nzd("NZD 100000"), nzd("NZD 300000"), nzd("NZD 300000"), nzd("NZD 300000")},
		From:      calendar.Date{Year: 2026, Month: 9, Day: 1},
		Threshold: decimal.RequireFromString("0.05"),
	}
	for _, asOf := range []calendar.Date{{Year: 2026, Month: 12, Day: 31}, {Year: 2027, Month: 6, Day: 30}} {
		s, err := b.Status(asOf, auckland, store.Transactions(ctx, account.TransactionFilter{Account: "hr-dept"}))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%v: day %d of %d, spent %v of %v planned to date (%s%% of the year's budget)\n",
			s.Through, s.Elapsed, s.Days, s.Actual, s.BudgetToDate, s.Consumption.Shift(2).StringFixed(2))
		fmt.Printf("  forecast %v, variance %v: %v\n", s.Forecast, s.Variance, s.Flag)
	}
	// Output:
	// 2026-12-31: day 122 of 303, spent NZD 440,000.40 of NZD 400,000.00 planned to date (44.00% of the year's budget)
	//   forecast NZD 1,092,787.88, variance NZD 92,787.88: over
	// 2027-06-30: day 303 of 303, spent NZD 440,000.40 of NZD 1,000,000.00 planned to date (44.00% of the year's budget)
	//   forecast NZD 440,000.40, variance NZD -559,999.60: under
}
