package pack_test

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/clv"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/pack"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/tiering"
)

// The lifetime-value section of a book of 200 accounts that order
// without a contract, drawn from a BG/NBD process: the fit, the accounts
// probably lost and the value of the base over three years.
func ExampleRun_lifetimeValue() {
	ctx := context.Background()
	txs, err := clv.SimulateBGNBDTransactions(clv.BGNBD{R: 2, Alpha: 60, A: 1, B: 20}, clv.Simulation{
		Accounts: 200, Unit: clv.UnitDay, MinAge: 200 * 24 * time.Hour, MaxAge: 1000 * 24 * time.Hour,
		Spend: &clv.GammaGamma{P: 6, Q: 4, Gamma: 1500}, Currency: "NZD", Seed: 1,
	}, pack.DefaultAt.Add(-time.Nanosecond))
	if err != nil {
		fmt.Println(err)
		return
	}
	store := memstore.New()
	store.CreateManager(ctx, account.Manager{ID: "M1", Name: "Mere", Active: true, Capacity: 500})
	for _, x := range txs {
		if _, err := store.Account(ctx, x.Account); err == nil {
			continue
		}
		store.CreateAccount(ctx, account.Account{ID: x.Account, Name: "Buyer " + string(x.Account), Currency: "NZD",
			Created: pack.DefaultAt.AddDate(-3, 0, 0), Attributes: map[string]decimal.Decimal{"revenue": decimal.NewFromInt(1)}})
	}
	store.AddTransactions(ctx, txs...)

	cfg := pack.DefaultConfig()
	cfg.Scorecards = []tiering.Scorecard{{Name: "value", Measures: []tiering.Measure{{Name: "value", Weight: 1, Source: tiering.Attribute("revenue")}}}}
	rep, err := pack.Run(ctx, store, cfg, pack.DefaultAt)
	if err != nil {
		fmt.Println(err)
		return
	}
	s := rep.Lifetime
	fmt.Printf("%d accounts, %d bought again\n", s.Accounts, s.Repeat)
	for _, f := range []pack.LifetimeFit{s.Purchase, s.Spend} {
		fmt.Printf("%s %s:", f.Model, f.Status)
		for _, p := range f.Parameters {
			fmt.Printf(" %s %s (%s to %s)", p.Name, p.Value.StringFixed(2), p.Lower.StringFixed(2), p.Upper.StringFixed(2))
		}
		fmt.Println()
	}
	fmt.Printf("%d below P(active) %s; %s transactions expected in the next %d days\n", s.BelowThreshold, s.Threshold, s.NextQuarter, s.QuarterDays)
	fmt.Printf("worth %v over %d days\n", s.Value, s.HorizonDays)
	fmt.Println(s.AtRisk[0].Reason)
	// Output:
	// 200 accounts, 196 bought again
	// BG/NBD converged: r 2.11 (1.65 to 2.68) alpha 60.58 (46.34 to 79.21) a 0.99 (0.39 to 2.50) b 22.18 (6.76 to 72.82)
	// Gamma-Gamma converged: p 1.63 (0.71 to 3.77) q 5.32 (3.58 to 7.89) gamma 8330.47 (2482.05 to 27959.45)
	// 68 below P(active) 0.3; 315.83 transactions expected in the next 92 days
	// worth NZD 7,161,380.15 over 1095 days
	// P(active) 0.00 < 0.30; 144 days since the last purchase; value NZD 123,873.51
}
