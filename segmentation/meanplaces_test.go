package segmentation_test

import (
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/shopspring/decimal"
)

// TestMeanPlacesFromValue checks that the mean per transaction is rounded
// to the places the sum's value needs, not to its exponent: the same
// amounts written with trailing zeros, or summed by a store (a Partial
// whose Total is 2.0010), give the same mean as the amounts summed here.
func TestMeanPlacesFromValue(t *testing.T) {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	o := segmentation.Options{Monetary: segmentation.MonetaryMean}
	usd := func(s string) account.Money {
		m, err := account.NewMoney(decimal.RequireFromString(s), "USD")
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	mean := func(add func(a *segmentation.Aggregator) error) string {
		t.Helper()
		a, err := segmentation.NewAggregator(o)
		if err != nil {
			t.Fatal(err)
		}
		if err := add(a); err != nil {
			t.Fatal(err)
		}
		tab, err := segmentation.Score(a, segmentation.Scoring{})
		if err != nil {
			t.Fatal(err)
		}
		return tab.Row(0).Monetary.AmountString()
	}
	txs := func(amounts ...string) func(a *segmentation.Aggregator) error {
		return func(a *segmentation.Aggregator) error {
			for i, s := range amounts {
				tx := account.Transaction{ID: account.TransactionID(rune('a' + i)), Account: "A", At: at, Amount: usd(s), Kind: account.TransactionRevenue}
				if err := a.Add(tx); err != nil {
					return err
				}
			}
			return nil
		}
	}
	partial := func(total string, n int64) func(a *segmentation.Aggregator) error {
		return func(a *segmentation.Aggregator) error {
			return a.AddPartial(segmentation.Partial{Account: "A", First: at, Last: at, Transactions: n, Total: usd(total)})
		}
	}
	for _, c := range []struct {
		name string
		add  func(a *segmentation.Aggregator) error
		want string
	}{
		// 2.001 / 2 = 1.0005: three places, half away from zero.
		{"summed here", txs("0.001", "2.00"), "1.001"},
		{"trailing zeros", txs("0.0010", "2.0000"), "1.001"},
		{"summed by a store", partial("2.0010", 2), "1.001"},
		{"summed by a store, no zeros", partial("2.001", 2), "1.001"},
		// A sum that needs exactly the currency's places: cents.
		{"exact cents", txs("0.005", "0.005"), "0.01"},
		{"exact cents by a store", partial("0.0100", 2), "0.01"},
		// One place more than cents: 0.0031 needs four; / 2 = 0.00155.
		{"four places", txs("0.0030", "0.0001"), "0.0016"},
		{"four places by a store", partial("0.003100", 2), "0.0016"},
		{"negative", partial("-2.00100", 2), "-1.001"},
	} {
		if got := mean(c.add); got != c.want {
			t.Errorf("%s: mean %s, want %s", c.name, got, c.want)
		}
	}
}
