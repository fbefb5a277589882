package clv_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/clv"
)

// Transactions become summaries in one pass: x counts the days with a
// transaction after the first, t_x and T are exact durations from the
// first transaction, the mean repeat value leaves out the first day's
// value, and the holdout's repeat days are counted beside each summary.
func ExampleBuildSummaries() {
	at := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, time.UTC) }
	usd := func(s string) account.Money { m, _ := account.NewMoney(decimal.RequireFromString(s), "USD"); return m }
	txs := []account.Transaction{
		{ID: "t1", Account: "acme", At: at(1, 9), Amount: usd("120.00"), Kind: account.TransactionRevenue},
		{ID: "t2", Account: "acme", At: at(1, 15), Amount: usd("30.00"), Kind: account.TransactionRevenue},
		{ID: "t3", Account: "acme", At: at(8, 11), Amount: usd("45.00"), Kind: account.TransactionRevenue},
		{ID: "t4", Account: "acme", At: at(15, 10), Amount: usd("60.00"), Kind: account.TransactionRevenue},
		{ID: "t5", Account: "acme", At: at(15, 12), Amount: usd("-5.00"), Kind: account.TransactionRevenue}, // a refund nets in its day
		{ID: "t6", Account: "bolt", At: at(20, 8), Amount: usd("80.00"), Kind: account.TransactionRevenue},
		{ID: "t7", Account: "acme", At: at(25, 9), Amount: usd("50.00"), Kind: account.TransactionRevenue}, // holdout
	}
	summaries, err := clv.BuildSummaries(func(yield func(account.Transaction, error) bool) {
		for _, tx := range txs {
			if !yield(tx, nil) {
				return
			}
		}
	}, clv.SummaryOptions{
		Unit:           clv.UnitDay,
		CalibrationEnd: time.Date(2026, 3, 21, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond),
		HoldoutEnd:     time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for s := range slices.Values(summaries) {
		fmt.Printf("%s: x=%d t_x=%v T=%v mean repeat value=%q holdout: %d repeats in %v\n",
			s.ID, s.Repeats, s.Last, s.Age.Round(time.Hour), s.MeanValue.String(), s.HoldoutRepeats, s.Holdout.Round(time.Hour))
	}
	// Output:
	// acme: x=2 t_x=339h0m0s T=471h0m0s mean repeat value="USD 50.00" holdout: 1 repeats in 240h0m0s
	// bolt: x=0 t_x=0s T=16h0m0s mean repeat value="0" holdout: 0 repeats in 240h0m0s
}
