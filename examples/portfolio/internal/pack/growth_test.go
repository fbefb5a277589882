package pack_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/pack"
	"github.com/keyaccount/keyaccount/growth"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/tiering"
)

// TestGrowthConfig checks each range of GrowthConfig at both edges.
func TestGrowthConfig(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		name  string
		edit  func(g *pack.GrowthConfig)
		field string // the field at fault, "" for a valid config
	}{
		{"default", func(*pack.GrowthConfig) {}, ""},
		{"no stages", func(g *pack.GrowthConfig) { g.Stages = nil }, "Growth.Stages"},
		{"bad stages", func(g *pack.GrowthConfig) { g.Stages[0].Probability = decimal.NewFromInt(2) }, "Growth.Stages"},
		{"no peers", func(g *pack.GrowthConfig) { g.Peers = 0 }, "Growth.Peers"},
		{"size band peers", func(g *pack.GrowthConfig) { g.Peers = growth.PeerSizeBand }, "Growth.Peers"},
		{"segment peers", func(g *pack.GrowthConfig) { g.Peers = growth.PeerSegment }, ""},
		{"industry peers", func(g *pack.GrowthConfig) { g.Peers = growth.PeerIndustry }, ""},
		{"min peers 0", func(g *pack.GrowthConfig) { g.MinPeers = 0 }, "Growth.MinPeers"},
		{"min peers 1", func(g *pack.GrowthConfig) { g.MinPeers = 1 }, ""},
		{"min peers max", func(g *pack.GrowthConfig) { g.MinPeers = pack.MaxMinPeers }, ""},
		{"min peers over", func(g *pack.GrowthConfig) { g.MinPeers = pack.MaxMinPeers + 1 }, "Growth.MinPeers"},
		{"suggestions 0", func(g *pack.GrowthConfig) { g.Suggestions = 0 }, "Growth.Suggestions"},
		{"suggestions 1", func(g *pack.GrowthConfig) { g.Suggestions = 1 }, ""},
		{"suggestions max", func(g *pack.GrowthConfig) { g.Suggestions = pack.MaxSuggestions }, ""},
		{"suggestions over", func(g *pack.GrowthConfig) { g.Suggestions = pack.MaxSuggestions + 1 }, "Growth.Suggestions"},
		{"window under", func(g *pack.GrowthConfig) { g.Window = time.Minute - 1 }, "Growth.Window"},
		{"window 1m", func(g *pack.GrowthConfig) { g.Window = time.Minute }, ""},
		{"window max", func(g *pack.GrowthConfig) { g.Window = growth.MaxWindow }, ""},
		{"window over", func(g *pack.GrowthConfig) { g.Window = growth.MaxWindow + 1 }, "Growth.Window"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := pack.DefaultConfig()
			c.Growth.Stages = append(growth.Stages(nil), c.Growth.Stages...)
			tt.edit(&c.Growth)
			err := c.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if !errors.Is(err, pack.ErrInvalid) && !isConfigError(err) {
				t.Errorf("Validate: %v, want an error wrapping ErrInvalid", err)
			}
			if !mentions(err, tt.field) {
				t.Errorf("Validate: %v, want a fault of %s", err, tt.field)
			}
		})
	}
	if d := pack.DefaultConfig().Growth; d.Peers != growth.PeerTier || d.MinPeers != 5 || d.Suggestions != 5 || d.Window != 14*day || len(d.Stages) != 5 {
		t.Errorf("default growth config = %+v", d)
	}
}

// isConfigError reports whether err holds a *pack.ConfigError.
func isConfigError(err error) bool {
	var ce *pack.ConfigError
	return errors.As(err, &ce)
}

// mentions reports whether one of the faults joined in err names field.
func mentions(err error, field string) bool {
	var stack []error
	stack = append(stack, err)
	for len(stack) > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		var fe *account.FieldError
		if x, ok := e.(*account.FieldError); ok {
			fe = x
		}
		if fe != nil && fe.Field == field {
			return true
		}
		if ce, ok := e.(*pack.ConfigError); ok && ce.Field == field {
			return true
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			stack = append(stack, u.Unwrap()...)
		case interface{ Unwrap() error }:
			if w := u.Unwrap(); w != nil {
				stack = append(stack, w)
			}
		}
	}
	return false
}

// handGrowth adds to the hand-made portfolio a catalogue of three
// offerings, holdings, two wallet estimates of B, three opportunities
// and two contacts of C by other divisions.
func handGrowth(t *testing.T, s *memstore.Store) {
	t.Helper()
	ctx := context.Background()
	at := pack.DefaultAt
	for _, o := range []growth.Offering{
		{ID: "api", Name: "API", Family: "digital", Lifecycle: growth.LifecycleActive},
		{ID: "feed", Name: "Feed", Family: "data", Audience: account.AudienceExternal, Lifecycle: growth.LifecycleActive},
		{ID: "pay", Name: "Payments", Family: "payments", Audience: account.AudienceExternal, Lifecycle: growth.LifecycleActive},
	} {
		if _, err := s.CreateOffering(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	since := at.AddDate(-1, 0, 0)
	for _, h := range []growth.Holding{
		{ID: "h1", Account: "A-1", Offering: "api", Start: since, Annual: nzd("100")},
		{ID: "h2", Account: "B-1", Offering: "pay", Start: since, Annual: nzd("100")},
		{ID: "h3", Account: "C-1", Offering: "pay", Start: since, Annual: nzd("200")},
		{ID: "h4", Account: "C-1", Offering: "feed", Start: since, Annual: nzd("50")},
	} {
		if _, err := s.CreateHolding(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddTransactions(ctx,
		account.Transaction{ID: "g1", Account: "B-1", At: at.AddDate(0, 0, -400), Amount: nzd("100"), Kind: account.TransactionRevenue, Offering: "pay"},
		account.Transaction{ID: "g2", Account: "B-1", At: at.AddDate(0, 0, -30), Amount: nzd("60"), Kind: account.TransactionRevenue, Offering: "pay"},
	); err != nil {
		t.Fatal(err)
	}
	for i, total := range []string{"200", "200"} {
		from := at.AddDate(i-2, 0, 0)
		e := growth.WalletEstimate{ID: growth.EstimateID("w" + string(rune('1'+i))), Account: "B", Category: "payments",
			From: from, To: from.AddDate(1, 0, 0), Total: nzd(total), Source: "CFO interview", Estimated: from.AddDate(1, 0, -5)}
		if _, err := s.CreateWalletEstimate(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	day := func(n int) time.Time { return at.AddDate(0, 0, -n) }
	for _, o := range []growth.Opportunity{
		{ID: "o1", Account: "B", BuyingCentre: "B-1", Offerings: []account.OfferingID{"feed"}, Owner: "M1", Kind: growth.OpportunityQuotation,
			History: []growth.Change{
				{At: day(60), Author: "M1", To: "qualified", Value: nzd("1000"), ExpectedClose: day(10)},
				{At: day(50), Author: "M1", From: "qualified", To: "proposal"},
			}},
		// o2 and o3 are closed: their cells stay open.
		{ID: "o2", Account: "B", BuyingCentre: "B-1", Offerings: []account.OfferingID{"api"}, Owner: "M1", Kind: growth.OpportunityRequest,
			History: []growth.Change{
				{At: day(100), Author: "M1", To: "qualified", Value: nzd("400"), ExpectedClose: day(50)},
				{At: day(80), Author: "M1", From: "qualified", To: "won"},
			}},
		{ID: "o3", Account: "C", BuyingCentre: "C-1", Offerings: []account.OfferingID{"api"}, Owner: "M1", Kind: growth.OpportunityRenewal,
			History: []growth.Change{
				{At: day(90), Author: "M1", To: "qualified", Value: nzd("300"), ExpectedClose: day(50)},
				{At: day(70), Author: "M1", From: "qualified", To: "lost"},
			}},
	} {
		if _, err := s.CreateOpportunity(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddInteractions(ctx,
		account.Interaction{ID: "x1", Account: "C", At: day(20), Kind: account.InteractionCall, Participants: []string{"Ana", "c1"}, Division: "Markets", OfferingFamily: "payments"},
		account.Interaction{ID: "x2", Account: "C", At: day(18), Kind: account.InteractionEmail, Participants: []string{"Ben", "c1"}, Division: "Wealth", OfferingFamily: "payments"},
	); err != nil {
		t.Fatal(err)
	}
}

// TestGrowthHandMade checks the growth section against figures worked
// out by hand: the white space in the documented order, with the peer
// rule at its edge; share of wallet falling; the pipeline by manager with
// a stale and slipping quotation; one uncoordinated-contact case.
func TestGrowthHandMade(t *testing.T) {
	s := handMade(t)
	handGrowth(t, s)
	cfg := pack.DefaultConfig()
	cfg.Scorecards = []tiering.Scorecard{{Name: "value", Measures: []tiering.Measure{{Name: "value", Weight: 1, Source: tiering.Attribute("revenue")}}}}
	cfg.Growth.MinPeers = 2 // B and C each have two peers: A, and the other
	rep, err := pack.Run(context.Background(), s, cfg, pack.DefaultAt)
	if err != nil {
		t.Fatal(err)
	}
	g := rep.Growth
	type ws struct {
		Account                       account.ID
		Centres, Held, Pipeline, Open int
		Offering                      account.OfferingID
		Holders, Peers                int
		Expected                      string
	}
	var got []ws
	for _, a := range g.WhiteSpace {
		w := ws{Account: a.Account, Centres: a.Centres, Held: a.Held, Pipeline: a.Pipeline, Open: a.Open}
		if len(a.Suggestions) > 0 {
			x := a.Suggestions[0]
			w.Offering, w.Holders, w.Peers, w.Expected = x.Offering, x.Holders, x.Peers, x.Expected.String()
		}
		got = append(got, w)
	}
	// The top accounts are C, B, B-1, A, A-1: their top-level accounts C,
	// B, A in that order; A holds its one eligible cell, so it has no
	// open cell. The API is held by A only: 100 a year on a size of
	// 1,000, scaled to C's 700 and B's 560 (with g2). B's feed is in the
	// pipeline.
	want := []ws{
		{Account: "C", Centres: 1, Held: 2, Open: 1, Offering: "api", Holders: 1, Peers: 2, Expected: "NZD 70.00"},
		{Account: "B", Centres: 1, Held: 1, Pipeline: 1, Open: 1, Offering: "api", Holders: 1, Peers: 2, Expected: "NZD 56.00"},
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("white space (-want +got):\n%s", diff)
	}

	if len(g.Shares) != 1 || len(g.Fell) != 1 || g.Over != 0 {
		t.Fatalf("shares %+v, fell %+v, over %d", g.Shares, g.Fell, g.Over)
	}
	if f := g.Fell[0]; f.Account != "B" || f.Category != "payments" || f.Previous.String() != "0.5" || f.Current.String() != "0.3" || f.Change.String() != "-0.2" {
		t.Errorf("fell = %+v", f)
	}

	if len(g.Pipeline) != 1 {
		t.Fatalf("pipeline = %+v", g.Pipeline)
	}
	m := g.Pipeline[0]
	if m.Manager != "M1" || m.Name != "Mere" || m.Open != 1 || m.OpenValue.String() != "NZD 1,000.00" || !m.Weighted.Equal(nzd("300")) ||
		m.Won != 1 || m.Lost != 1 || m.WonValue.String() != "NZD 400.00" || m.WinRate.String() != "0.5" || m.Stale != 1 {
		t.Errorf("pipeline of M1 = %+v", m)
	}
	if g.Total.Manager != "" || g.Total.Open != 1 || g.Total.Won != 1 {
		t.Errorf("total = %+v", g.Total)
	}
	if len(g.Stale) != 1 || g.Stale[0].ID != "o1" || g.Stale[0].Late != pack.DefaultAt.Sub(pack.DefaultAt.AddDate(0, 0, -50).Add(21*24*time.Hour)) {
		t.Errorf("stale = %+v", g.Stale)
	}
	if len(g.Slipping) != 1 || g.Slipping[0].ID != "o1" || g.Slipping[0].Late != pack.DefaultAt.Sub(pack.DefaultAt.AddDate(0, 0, -10)) {
		t.Errorf("slipping = %+v", g.Slipping)
	}

	if len(g.Cases) != 1 || g.Cases[0].Account != "C" || g.Cases[0].Family != "payments" ||
		gocmp.Diff([]string{"Markets", "Wealth"}, g.Cases[0].Divisions) != "" {
		t.Errorf("cases = %+v", g.Cases)
	}
	text, _ := outputs(t, rep)
	for _, want := range []string{"White space: 2 accounts have 2 open cells", "Uncoordinated contact: 1 case ", "o1 ", "B-1",
		"Share of wallet: 1 accounts with two periods, 1 fell", "held by 1 of 2 unassigned peers"} {
		if !bytes.Contains(text, []byte(want)) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if bytes.Contains(text, []byte("(too few peers or none to suggest)")) {
		t.Errorf("text says there is no suggestion")
	}

	// One peer fewer than the minimum: no suggestion, and the text says so.
	cfg.Growth.MinPeers = 3
	rep, err = pack.Run(context.Background(), s, cfg, pack.DefaultAt)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range rep.Growth.WhiteSpace {
		if len(a.Suggestions) != 0 {
			t.Errorf("%s: suggestions %+v with too few peers", a.Account, a.Suggestions)
		}
	}
	if text, _ := outputs(t, rep); !bytes.Contains(text, []byte("(too few peers or none to suggest)")) {
		t.Errorf("text does not say there is no suggestion")
	}
}
