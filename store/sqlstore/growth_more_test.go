package sqlstore

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
)

// seedGrowth stores one offering, one holding, one wallet estimate and one
// opportunity, each with ID "x".
func seedGrowth(t *testing.T, s *Store) {
	t.Helper()
	ctx := t.Context()
	if _, err := s.CreateOffering(ctx, growth.Offering{ID: "x", Name: "Support", Family: "care", Lifecycle: growth.LifecycleActive}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateHolding(ctx, growth.Holding{ID: "x", Account: "a", Offering: "x", Start: t0, Annual: account.MustParseMoney("EUR 1200.50")}); err != nil {
		t.Fatal(err)
	}
	e := growth.WalletEstimate{ID: "x", Account: "a", From: t0, To: t0.AddDate(1, 0, 0), Total: account.MustParseMoney("EUR 50000"), Source: "survey", Estimated: t0}
	if _, err := s.CreateWalletEstimate(ctx, e); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateOpportunity(ctx, sampleOpp()); err != nil {
		t.Fatal(err)
	}
}

// sampleOpp returns a valid opportunity "x" with one change.
func sampleOpp() growth.Opportunity {
	return growth.Opportunity{ID: "x", Account: "a", BuyingCentre: "a", Offerings: []account.OfferingID{"x"}, Owner: "m",
		Kind: growth.OpportunityQuotation, History: []growth.Change{{At: t0, Author: "m", To: "lead",
			Value: account.MustParseMoney("EUR 900.10"), ExpectedClose: t0.AddDate(0, 3, 0)}}}
}

// TestGrowthMalformed spoils a stored growth row with raw SQL: every read
// of it fails with ErrCorrupt naming the record, never returns a
// half-read record and never panics.
func TestGrowthMalformed(t *testing.T) {
	common := []corruption{
		{"unknown lifecycle", "UPDATE ka_offerings SET lifecycle = 9 WHERE id = 'x'", "Offering"},
		{"huge audience", "UPDATE ka_offerings SET audience = 300 WHERE id = 'x'", "Offering"},
		{"blank name", "UPDATE ka_offerings SET name = ' ' WHERE id = 'x'", "Offering"},
		{"negative annual", "UPDATE ka_holdings SET annual = -1 WHERE id = 'x'", "Holding"},
		{"unknown currency", "UPDATE ka_holdings SET annual_currency = 'zz' WHERE id = 'x'", "Holding"},
		{"zero total", "UPDATE ka_wallet_estimates SET total = 0 WHERE id = 'x'", "WalletEstimate"},
		{"unknown kind", "UPDATE ka_opportunities SET kind = 9 WHERE id = 'x'", "Opportunity"},
		{"history not a list", `UPDATE ka_opportunities SET history = '{"a":1}' WHERE id = 'x'`, "Opportunity"},
		{"empty history", `UPDATE ka_opportunities SET history = '[]' WHERE id = 'x'`, "Opportunity"},
		{"unknown field", `UPDATE ka_opportunities SET history = '[{"at":"2026-03-02T09:00:00.000000Z","author":"m","to":"lead","value":"0","currency":"","expected_close":"","x":1}]' WHERE id = 'x'`, "Opportunity"},
		{"time not stored form", `UPDATE ka_opportunities SET history = '[{"at":"2026-03-02T09:00:00Z","author":"m","to":"lead","value":"0","currency":"","expected_close":""}]' WHERE id = 'x'`, "Opportunity"},
		{"amount in exponent form", `UPDATE ka_opportunities SET history = '[{"at":"2026-03-02T09:00:00.000000Z","author":"m","to":"lead","value":"1e3","currency":"EUR","expected_close":""}]' WHERE id = 'x'`, "Opportunity"},
		{"amount without currency", `UPDATE ka_opportunities SET history = '[{"at":"2026-03-02T09:00:00.000000Z","author":"m","to":"lead","value":"5","currency":"","expected_close":""}]' WHERE id = 'x'`, "Opportunity"},
		{"bad expected close", `UPDATE ka_opportunities SET history = '[{"at":"2026-03-02T09:00:00.000000Z","author":"m","to":"lead","value":"0","currency":"","expected_close":"soon"}]' WHERE id = 'x'`, "Opportunity"},
		{"offerings repeated", `UPDATE ka_opportunities SET offerings = '["x","x"]' WHERE id = 'x'`, "Opportunity"},
	}
	byDialect := map[Dialect][]corruption{
		DialectPostgres: {{"end at start", "UPDATE ka_holdings SET held_to = held_from WHERE id = 'x'", "Holding"}},
		DialectSQLite: {
			{"end at start", "UPDATE ka_holdings SET held_to = held_from WHERE id = 'x'", "Holding"},
			{"annual not a decimal", "UPDATE ka_holdings SET annual = '1e3' WHERE id = 'x'", "Holding"},
		},
	}
	testCorruptions(t, common, byDialect, seedGrowth, growthReads)
}

// growthReads returns the reads of growth record "x" of kind rec.
func growthReads(ctx context.Context, s *Store, rec string) reads {
	switch rec {
	case "Offering":
		return reads{func() error { _, err := s.Offering(ctx, "x"); return err },
			func() (int, int, error) { return pairs(s.Offerings(ctx, growth.OfferingFilter{})) }}
	case "Holding":
		return reads{func() error { _, err := s.Holding(ctx, "x"); return err },
			func() (int, int, error) { return pairs(s.Holdings(ctx, growth.HoldingFilter{HeldAt: t0})) }}
	case "WalletEstimate":
		return reads{func() error { _, err := s.WalletEstimate(ctx, "x"); return err },
			func() (int, int, error) { return pairs(s.WalletEstimates(ctx, growth.EstimateFilter{})) }}
	}
	return reads{func() error { _, err := s.Opportunity(ctx, "x"); return err },
		func() (int, int, error) { return pairs(s.Opportunities(ctx, growth.OpportunityFilter{Offering: "x"})) }}
}

// TestOpportunityHistoryAtTheMicrosecond checks that the append-only check
// compares histories as the store keeps them: an update carrying the
// history with the nanoseconds it was created with extends the stored
// (rounded) history, and one that moves a stored change by a microsecond
// does not.
func TestOpportunityHistoryAtTheMicrosecond(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s, ctx := newTestStore(t, d), t.Context()
		o := sampleOpp()
		o.History[0].At = t0.Add(1500) // 1.5 µs
		got, err := s.CreateOpportunity(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		if want := t0.Add(time.Microsecond); !got.History[0].At.Equal(want) {
			t.Errorf("stored At = %v, want %v (rounded down)", got.History[0].At, want)
		}
		o.Version = 1
		o.History = append(o.History, growth.Change{At: t0.Add(time.Hour), Author: "m", From: "lead", To: "won"})
		if got, err = s.UpdateOpportunity(ctx, o); err != nil {
			t.Fatalf("update with the created history: %v", err)
		}
		if got.Version != 2 || len(got.History) != 2 {
			t.Errorf("updated: version %d, %d changes; want 2, 2", got.Version, len(got.History))
		}
		moved := got.Clone()
		moved.History[0].At = moved.History[0].At.Add(-time.Microsecond)
		_, err = s.UpdateOpportunity(ctx, moved)
		var fe *account.FieldError
		if !errors.Is(err, growth.ErrHistoryRewritten) || !errors.Is(err, account.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "History" {
			t.Errorf("update moving a change: error = %v, want ErrHistoryRewritten and ErrInvalid naming History", err)
		}
		after, err := s.Opportunity(ctx, "x")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, after); diff != "" {
			t.Errorf("a refused update changed the store (-before +after):\n%s", diff)
		}
	})
}

// TestGrowthUnstorable checks that a valid record holding a time the
// store cannot keep is refused with ErrUnstorable naming the field, in
// both dialects, and stores nothing.
func TestGrowthUnstorable(t *testing.T) {
	far := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s, ctx := newTestStore(t, d), t.Context()
		o := sampleOpp()
		o.History[0].ExpectedClose = far
		_, err := s.CreateOpportunity(ctx, o)
		wantUnstorable(t, err, "History[0].ExpectedClose")
		o = sampleOpp()
		o.History[0].At = time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC)
		_, err = s.CreateOpportunity(ctx, o)
		wantUnstorable(t, err, "History[0].At")
		_, err = s.CreateHolding(ctx, growth.Holding{ID: "h", Account: "a", Offering: "x", Start: t0, End: far, Annual: account.MustParseMoney("EUR 1")})
		wantUnstorable(t, err, "End")
		if n, _, _ := pairs(s.Opportunities(ctx, growth.OpportunityFilter{})); n != 0 {
			t.Errorf("%d opportunities stored, want 0", n)
		}
		if n, _, _ := pairs(s.Holdings(ctx, growth.HoldingFilter{})); n != 0 {
			t.Errorf("%d holdings stored, want 0", n)
		}
	})
}
