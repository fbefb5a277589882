package pack_test

import (
	"cmp"
	"context"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/pack"
)

// TestLifetimeProperties checks the section's invariants over random
// books and settings: every account below the threshold is at risk (each
// has a value), the at-risk list is by value and below the threshold, the
// values are largest first and add up to the base's when every account
// is shown, a higher threshold never lists fewer accounts, and the order
// the store was filled in changes nothing.
func TestLifetimeProperties(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(10, 50).Draw(rt, "accounts")
		seed := rapid.Uint64Range(1, 1<<20).Draw(rt, "seed")
		cfg := lifetimeConfig()
		cfg.Top = 100
		cfg.Lifetime.Threshold = decimal.New(int64(rapid.IntRange(1, 98).Draw(rt, "threshold")), -2)
		cfg.Lifetime.AnnualDiscount = decimal.New(int64(rapid.IntRange(0, 100).Draw(rt, "discount")), -2)
		tt := t // the store helpers fail the test, not the check
		rep, err := pack.Run(context.Background(), lifetimeBase(tt, n, 0, seed, false), cfg, pack.DefaultAt)
		if err != nil {
			rt.Fatal(err)
		}
		sec := rep.Lifetime
		if !sec.Purchase.Fitted {
			return // reported with its reason: TestLifetimeFitFails
		}
		if len(sec.AtRisk) != sec.BelowThreshold {
			rt.Fatalf("%d at risk, %d below the threshold", len(sec.AtRisk), sec.BelowThreshold)
		}
		for i, a := range sec.AtRisk {
			if !a.ProbabilityActive.LessThan(sec.Threshold) && !a.ProbabilityActive.Equal(sec.Threshold) {
				rt.Fatalf("at risk %s with P(active) %s, threshold %s", a.Account, a.ProbabilityActive, sec.Threshold)
			}
			if i > 0 && cmp.Or(sec.AtRisk[i-1].Value.Amount().Cmp(a.Value.Amount())*-1, cmp.Compare(sec.AtRisk[i-1].Account, a.Account)) > 0 {
				rt.Fatalf("at risk out of order at %d", i)
			}
		}
		if sec.Spend.Fitted && sec.ValueReason == "" {
			var total account.Money
			for _, a := range sec.Top {
				total, _ = total.Add(a.Value)
			}
			if len(sec.Top) != n || !total.Amount().Equal(sec.Value.Amount()) {
				rt.Fatalf("%d values adding up to %v, the base %v", len(sec.Top), total, sec.Value)
			}
		}
		reversed, err := pack.Run(context.Background(), lifetimeBase(tt, n, 0, seed, true), cfg, pack.DefaultAt)
		if err != nil {
			rt.Fatal(err)
		}
		if diff := gocmp.Diff(sec, reversed.Lifetime); diff != "" {
			rt.Fatalf("the store filled in reverse gives another section (-first +reversed):\n%s", diff)
		}
		higher := cfg
		higher.Lifetime.Threshold = sec.Threshold.Add(decimal.New(1, -2))
		more, err := pack.Run(context.Background(), lifetimeBase(tt, n, 0, seed, false), higher, pack.DefaultAt)
		if err != nil {
			rt.Fatal(err)
		}
		if len(more.Lifetime.AtRisk) < len(sec.AtRisk) {
			rt.Fatalf("threshold %s lists %d, %s lists %d", higher.Lifetime.Threshold, len(more.Lifetime.AtRisk), sec.Threshold, len(sec.AtRisk))
		}
	})
}
