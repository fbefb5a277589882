package segmentation_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/shopspring/decimal"
)

// Sums that leave int64 minor units fall back to exact decimals, on every
// path: one transaction at a time, a slice over goroutines, a ledger, a
// merge, the mean, and the Pareto figures.
func TestExactFallback(t *testing.T) {
	defer segmentation.SetParallelMin(2)()
	asOf := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	big := decimal.New(math.MaxInt64-7, -2) // 92233720368547758.00: fits int64 cents, two do not
	cases := []struct {
		name    string
		amounts []decimal.Decimal
		want    string
	}{
		{"overflowing cents", []decimal.Decimal{big, big, decimal.New(1, -2)}, "184467440737095516.01"},
		{"more decimals than cents", []decimal.Decimal{decimal.RequireFromString("0.001"), decimal.RequireFromString("0.0005"), decimal.RequireFromString("1.25")}, "1.2515"},
		{"overflow then refund back into range", []decimal.Decimal{big, big, big.Neg(), big.Neg(), decimal.RequireFromString("3.10")}, "3.1"},
		{"beyond int64 digits", []decimal.Decimal{decimal.RequireFromString("123456789012345678901234567890.123"), decimal.RequireFromString("-0.123")}, "123456789012345678901234567890"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var txs []account.Transaction
			l, _ := segmentation.NewLedger("USD", account.TransactionRevenue)
			for i, d := range c.amounts {
				m, err := account.NewMoney(d, "USD")
				if err != nil {
					t.Fatal(err)
				}
				tx := account.Transaction{ID: account.TransactionID(rune('a' + i)), Account: "X", At: asOf.Add(-time.Duration(i+1) * time.Hour), Amount: m, Kind: account.TransactionRevenue}
				txs = append(txs, tx, account.Transaction{ID: tx.ID + "y", Account: "Y", At: tx.At, Amount: usd("1.00"), Kind: account.TransactionRevenue})
				if err := l.Append(tx); err != nil {
					t.Fatal(err)
				}
			}
			opts := segmentation.Options{AsOf: asOf}
			one, err := segmentation.NewAggregator(opts)
			if err != nil {
				t.Fatal(err)
			}
			for _, tx := range txs {
				if err := one.Add(tx); err != nil {
					t.Fatal(err)
				}
			}
			slice, err := segmentation.AggregateSlice(txs, opts)
			if err != nil {
				t.Fatal(err)
			}
			ledger, err := aggregateLedger(l, opts)
			if err != nil {
				t.Fatal(err)
			}
			half1, _ := segmentation.AggregateSlice(txs[:len(txs)/2], opts)
			half2, _ := segmentation.AggregateSlice(txs[len(txs)/2:], opts)
			if err := half2.Merge(half1); err != nil {
				t.Fatal(err)
			}
			want := decimal.RequireFromString(c.want)
			for name, a := range map[string]*segmentation.Aggregator{"Add": one, "AggregateSlice": slice, "AddLedger": ledger, "Merge": half2} {
				tab, err := segmentation.Score(a, segmentation.Scoring{})
				if err != nil {
					t.Fatal(err)
				}
				r, ok := tab.Lookup("X")
				if !ok || !r.Monetary.Amount().Equal(want) {
					t.Errorf("%s: X monetary %v, want %v", name, r.Monetary, want)
				}
				if r.Transactions != int64(len(c.amounts)) {
					t.Errorf("%s: X transactions %d, want %d", name, r.Transactions, len(c.amounts))
				}
			}
		})
	}
}

func TestExactFallbackMeanAndPareto(t *testing.T) {
	asOf := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	big := decimal.New(math.MaxInt64-7, -2)
	var txs []account.Transaction
	add := func(id account.ID, d decimal.Decimal) {
		m, _ := account.NewMoney(d, "USD")
		txs = append(txs, account.Transaction{ID: account.TransactionID(string(id) + string(rune('0'+len(txs)))), Account: id, At: asOf.Add(-time.Hour), Amount: m, Kind: account.TransactionRevenue})
	}
	add("X", big)
	add("X", big)
	add("X", decimal.New(1, -2))
	add("Y", decimal.RequireFromString("10.00"))
	add("Y", decimal.RequireFromString("0.01"))
	add("Y", decimal.RequireFromString("0.01"))
	a, err := segmentation.AggregateSlice(txs, segmentation.Options{AsOf: asOf, Monetary: segmentation.MonetaryMean})
	if err != nil {
		t.Fatal(err)
	}
	tab, err := segmentation.Score(a, segmentation.Scoring{})
	if err != nil {
		t.Fatal(err)
	}
	x, _ := tab.Lookup("X")
	y, _ := tab.Lookup("Y")
	// X: 184467440737095516.01 / 3 = 61489146912365172.003333… → .00
	// Y: 10.02 / 3 = 3.34
	if x.Monetary.AmountString() != "61489146912365172.00" || y.Monetary.AmountString() != "3.34" {
		t.Errorf("means X %s, Y %s; want 61489146912365172.00 and 3.34", x.Monetary.AmountString(), y.Monetary.AmountString())
	}
	// Two accounts, k = 5: positions 0 and 1 score 1 and floor(5/2)+1 = 3.
	if x.M != 3 || y.M != 1 {
		t.Errorf("M scores X %d, Y %d; want 3 and 1", x.M, y.M)
	}
	p, err := tab.Pareto()
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Total().AmountString(); got != "61489146912365175.34" {
		t.Errorf("Pareto total %s", got)
	}
	if k, _ := p.CountFor(decimal.RequireFromString("0.9999")); k != 1 {
		t.Errorf("CountFor(0.9999) = %d, want 1", k)
	}
	if g := p.Gini(); g < 0.4999 || g > 0.5 {
		t.Errorf("Gini %v, want just under 0.5", g)
	}
}

// A sum of whole cents that lands exactly on the smallest int64 is an
// exact sum like any other, on every path (it is not the internal marker
// of a sum held as a decimal): two transactions of −46116860184273879.04
// net −92233720368547758.08, and the account is listed as negative.
func TestSumOnInt64Minimum(t *testing.T) {
	defer segmentation.SetParallelMin(1)()
	defer atLeastTwoProcs()() // the parallel paths too
	asOf := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	half := decimal.New(math.MinInt64/2, -2)
	want := decimal.New(math.MinInt64, -2)
	var txs []account.Transaction
	l, _ := segmentation.NewLedger("USD", account.TransactionRevenue)
	for i := range 2 {
		m, _ := account.NewMoney(half, "USD")
		tx := account.Transaction{ID: account.TransactionID(fmt.Sprint("x", i)), Account: "X", At: asOf.Add(-time.Duration(i+1) * time.Hour), Amount: m, Kind: account.TransactionRevenue}
		txs = append(txs, tx, account.Transaction{ID: account.TransactionID(fmt.Sprint("y", i)), Account: "Y", At: tx.At, Amount: usd("1.00"), Kind: account.TransactionRevenue})
	}
	for _, tx := range txs {
		if err := l.Append(tx); err != nil {
			t.Fatal(err)
		}
	}
	opts := segmentation.Options{AsOf: asOf}
	one, _ := segmentation.NewAggregator(opts)
	for _, tx := range txs {
		if err := one.Add(tx); err != nil {
			t.Fatal(err)
		}
	}
	slice, err := segmentation.AggregateSlice(txs, opts)
	if err != nil {
		t.Fatal(err)
	}
	ledger, err := aggregateLedger(l, opts)
	if err != nil {
		t.Fatal(err)
	}
	// A ledger added to an aggregator that already holds rows (absorb).
	absorbed, _ := segmentation.AggregateSlice(txs[:1], opts)
	l2, _ := segmentation.NewLedger("USD", account.TransactionRevenue)
	for _, tx := range txs[1:] {
		if err := l2.Append(tx); err != nil {
			t.Fatal(err)
		}
	}
	if err := absorbed.AddLedger(l2); err != nil {
		t.Fatal(err)
	}
	first, _ := segmentation.AggregateSlice(txs[:2], opts)
	second, _ := segmentation.AggregateSlice(txs[2:], opts)
	merged, _ := segmentation.AggregateSlice(txs[:2], opts)
	if err := merged.Merge(second); err != nil {
		t.Fatal(err)
	}
	shipped, _ := segmentation.NewAggregator(opts)
	for _, a := range []*segmentation.Aggregator{first, second} {
		for p := range a.Partials() {
			if err := shipped.AddPartial(p); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name, a := range map[string]*segmentation.Aggregator{"Add": one, "AggregateSlice": slice, "AddLedger (fresh)": ledger,
		"AddLedger (into transactions)": absorbed, "Merge": merged, "AddPartial": shipped} {
		tab, err := segmentation.Score(a, segmentation.Scoring{})
		if err != nil {
			t.Fatal(err)
		}
		r, _ := tab.Lookup("X")
		if !r.Monetary.Amount().Equal(want) {
			t.Errorf("%s: X monetary %v, want %v", name, r.Monetary.Amount(), want)
		}
		if neg := tab.Negative(); len(neg) != 1 || neg[0] != "X" {
			t.Errorf("%s: Negative() = %v, want [X]", name, neg)
		}
		if s := tab.Summary(); !s[0].Monetary.Amount().Equal(want.Add(decimal.New(2, 0))) {
			t.Errorf("%s: summary monetary %v, want %v", name, s[0].Monetary.Amount(), want.Add(decimal.New(2, 0)))
		}
	}
}
