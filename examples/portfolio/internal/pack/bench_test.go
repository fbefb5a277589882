package pack_test

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/pack"
	"github.com/keyaccount/keyaccount/internal/fixture/sample"
)

// benchRun measures Run, and the text and JSON output, over p in memstore.
func benchRun(b *testing.B, p sample.Portfolio) {
	benchPack(b, memory(b, p), pack.DefaultConfig(), pack.DefaultAt)
	b.ReportMetric(float64(len(p.Transactions)), "transactions")
}

// benchPack measures Run over s, and the text and JSON output, and
// returns the last report.
func benchPack(b *testing.B, s pack.Store, cfg pack.Config, at time.Time) *pack.Report {
	ctx := context.Background()
	b.ReportAllocs()
	var rep *pack.Report
	for b.Loop() {
		var err error
		if rep, err = pack.Run(ctx, s, cfg, at); err != nil {
			b.Fatal(err)
		}
		if err := rep.WriteText(io.Discard); err != nil {
			b.Fatal(err)
		}
		if err := rep.WriteJSON(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	return rep
}

// BenchmarkRun is the pack over the default sample portfolio (300
// accounts), over 443 accounts (the portfolio example's size) and over
// 10,000, each with two years of monthly transactions.
func BenchmarkRun(b *testing.B) {
	b.Run("accounts=300", func(b *testing.B) { benchRun(b, sample.New(sample.Options{At: pack.DefaultAt})) })
	b.Run("accounts=443", func(b *testing.B) { benchRun(b, portfolio(443)) })
	b.Run("accounts=443/years=3/weekly", func(b *testing.B) { benchRun(b, denser(portfolio(443))) })
	b.Run("accounts=10000", func(b *testing.B) { benchRun(b, sample.New(sample.Options{Accounts: 10000, At: pack.DefaultAt})) })
}

// denser returns p with three years of weekly transactions instead of two
// years of monthly ones: each transaction becomes four, a week apart, each
// a quarter of its amount, and the first year is repeated a year earlier.
func denser(p sample.Portfolio) sample.Portfolio {
	first := p.At.AddDate(-1, 0, 0)
	var txs []account.Transaction
	for _, tx := range p.Transactions {
		quarter := account.MustParseMoney(string(tx.Amount.Currency()) + " " + tx.Amount.Amount().Div(decimal.NewFromInt(4)).Round(2).String())
		for w := range 4 {
			c := tx
			c.ID = account.TransactionID(fmt.Sprintf("%s-w%d", tx.ID, w))
			c.At, c.Amount = tx.At.AddDate(0, 0, 7*w), quarter
			if c.At.After(p.At) {
				continue
			}
			txs = append(txs, c)
			if tx.At.Before(first) {
				c.ID += "-y"
				c.At = c.At.AddDate(-1, 0, 0)
				txs = append(txs, c)
			}
		}
	}
	p.Transactions = txs
	return p
}
