package pack_test

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/examples/portfolio/internal/pack"
	"github.com/keyaccount/keyaccount/internal/fixture/sample"
)

// randomPortfolio draws a small sample portfolio.
func randomPortfolio(t *rapid.T) (sample.Portfolio, int) {
	n := rapid.IntRange(3, 60).Draw(t, "accounts")
	return sample.New(sample.Options{
		Seed:     rapid.Uint64Range(1, 1<<20).Draw(t, "seed"),
		Accounts: n,
		Managers: rapid.IntRange(1, min(n, 6)).Draw(t, "managers"),
		At:       pack.DefaultAt,
	}), n
}

// TestProperties checks the invariants of a report over random sample
// portfolios and configurations: the transition matrix holds every
// account once, the moves are the changes, every account is placed or
// unplaced, no manager is over capacity, the segments hold every active
// account, the top holds at most the total, the groups' totals add up to
// the portfolio's, and the gaps of a tier are at most its accounts.
func TestProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, n := randomPortfolio(t)
		cfg := pack.DefaultConfig()
		cfg.Top = rapid.IntRange(1, 30).Draw(t, "top")
		cfg.ValueMonths = rapid.IntRange(1, 30).Draw(t, "months")
		rep, err := pack.Run(context.Background(), memory(t, p), cfg, pack.DefaultAt)
		if err != nil {
			t.Fatal(err)
		}

		cells, stays := 0, 0
		for _, c := range rep.Tiering.Transitions {
			cells += c.Accounts
			if c.From == c.To {
				stays += c.Accounts
			}
		}
		if cells != n || rep.Tiering.Accounts != n || n-stays != rep.Tiering.Changed || rep.Tiering.Changed != len(rep.Tiering.Moves) {
			t.Fatalf("matrix holds %d (%d stay), plan %d accounts, %d changed, %d moves; %d accounts",
				cells, stays, rep.Tiering.Accounts, rep.Tiering.Changed, len(rep.Tiering.Moves), n)
		}
		before, after := 0, 0
		for i := range rep.Tiering.Before {
			before += rep.Tiering.Before[i].Accounts
			after += rep.Tiering.After[i].Accounts
		}
		if before != n || after != n {
			t.Fatalf("tiers hold %d before, %d after, of %d", before, after, n)
		}

		if rep.Assign.Placed+len(rep.Assign.Unplaced) != n {
			t.Fatalf("%d placed, %d unplaced, of %d", rep.Assign.Placed, len(rep.Assign.Unplaced), n)
		}
		placed := 0
		for _, m := range rep.Assign.Managers {
			placed += m.Accounts
			if m.Load > m.Capacity || m.Utilisation.GreaterThan(decimal.NewFromInt(1)) {
				t.Fatalf("manager %s over capacity: %+v", m.Manager, m)
			}
		}
		if placed != rep.Assign.Placed {
			t.Fatalf("managers own %d, %d placed", placed, rep.Assign.Placed)
		}

		for _, seg := range []pack.Segmentation{rep.Segments.Revenue, rep.Segments.Cost} {
			k := 0
			for _, c := range seg.Segments {
				k += c.Accounts
			}
			if k != seg.Active || seg.Active > seg.Accounts || seg.Top > cfg.Top || seg.TopShare.GreaterThan(decimal.NewFromInt(1)) ||
				seg.TopValue.Amount().GreaterThan(seg.Total.Amount()) || seg.For80 > seg.Active {
				t.Fatalf("segmentation %+v", seg)
			}
		}

		rev, cost := decimal.Zero, decimal.Zero
		for _, g := range rep.Hierarchy {
			rev, cost = rev.Add(g.Revenue.Amount()), cost.Add(g.Cost.Amount())
		}
		if rev.GreaterThan(rep.Portfolio.Revenue.Amount()) || cost.GreaterThan(rep.Portfolio.Cost.Amount()) {
			t.Fatalf("groups hold %v and %v, more than the portfolio's %v and %v", rev, cost, rep.Portfolio.Revenue, rep.Portfolio.Cost)
		}
		if !rep.Portfolio.Revenue.Amount().Equal(rep.Segments.Revenue.Total.Amount()) {
			t.Fatalf("portfolio revenue %v, segmentation total %v", rep.Portfolio.Revenue, rep.Segments.Revenue.Total)
		}
		for _, g := range rep.Gaps.ByTier {
			if g.Gaps > g.Accounts {
				t.Fatalf("tier %d: %d gaps of %d accounts", g.Tier, g.Gaps, g.Accounts)
			}
		}
		if len(rep.Scores) != min(cfg.Top, n) {
			t.Fatalf("%d explained, want %d", len(rep.Scores), min(cfg.Top, n))
		}
	})
}
