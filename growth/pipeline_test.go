package growth_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
	"github.com/shopspring/decimal"
)

func TestNewPipelineErrors(t *testing.T) {
	valid := validOpportunity()
	at := func(tm time.Time) growth.Opportunity {
		o := validOpportunity()
		o.History = []growth.Change{{At: tm, Author: "m", To: "lead", Value: account.MustParseMoney("NZD 1"), ExpectedClose: t0}}
		return o
	}
	closeAt := func(tm time.Time) growth.Opportunity {
		o := validOpportunity()
		o.History[0].ExpectedClose = tm
		return o
	}
	edge := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
	aud := validOpportunity()
	aud.ID = "o-2"
	for i := range aud.History {
		if aud.History[i].Value.Currency() != "" {
			aud.History[i].Value = account.MustParseMoney("AUD 5")
		}
	}
	bad := validOpportunity()
	bad.History[2].To = "negotiation"
	for _, tc := range []struct {
		name   string
		stages growth.Stages
		opps   []growth.Opportunity
		field  string
		err    error // nil: valid
	}{
		{"valid", validStages(), []growth.Opportunity{valid}, "", nil},
		{"no opportunities", validStages(), nil, "", nil},
		{"bad stages", validStages()[:2], []growth.Opportunity{valid}, "", growth.ErrInvalid},
		{"stage not in the list", validStages(), []growth.Opportunity{bad}, "History[2].To", growth.ErrUnknownStage},
		{"repeated ID", validStages(), []growth.Opportunity{valid, valid}, "ID", growth.ErrInvalid},
		{"two currencies", validStages(), []growth.Opportunity{valid, aud}, "History[0].Value", growth.ErrPipelineCurrency},
		{"At at 1900", validStages(), []growth.Opportunity{at(edge)}, "", nil},
		{"At before 1900", validStages(), []growth.Opportunity{at(edge.Add(-1))}, "History[0].At", growth.ErrInvalid},
		{"At just before 2200", validStages(), []growth.Opportunity{at(end.Add(-1))}, "", nil},
		{"At at 2200", validStages(), []growth.Opportunity{at(end)}, "History[0].At", growth.ErrInvalid},
		{"ExpectedClose before 1900", validStages(), []growth.Opportunity{closeAt(edge.Add(-1))}, "History[0].ExpectedClose", growth.ErrInvalid},
		{"ExpectedClose at 2200", validStages(), []growth.Opportunity{closeAt(end)}, "History[0].ExpectedClose", growth.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := growth.NewPipeline(tc.stages, seqOf(tc.opps))
			if tc.err == nil {
				if err != nil || p.Len() != len(tc.opps) {
					t.Fatalf("NewPipeline = %v, %v; want %d opportunities", p, err, len(tc.opps))
				}
				return
			}
			if p != nil {
				t.Errorf("NewPipeline returned a pipeline with the error %v", err)
			}
			if tc.field == "" {
				if !errors.Is(err, tc.err) {
					t.Fatalf("error %v, want %v", err, tc.err)
				}
				return
			}
			wantField(t, err, tc.err, "Opportunity", tc.field)
		})
	}
	_, err := growth.NewPipeline(validStages(), seqOf([]growth.Opportunity{valid, aud}))
	if !errors.Is(err, account.ErrCurrencyMismatch) {
		t.Errorf("two currencies: %v does not wrap account.ErrCurrencyMismatch", err)
	}
	boom := errors.New("boom")
	_, err = growth.NewPipeline(validStages(), func(yield func(growth.Opportunity, error) bool) { yield(growth.Opportunity{}, boom) })
	if err != boom {
		t.Errorf("a stream's error: %v, want it as it is", err)
	}
}

func TestFigureOptionsErrors(t *testing.T) {
	p := mustPipeline(t, validStages(), []growth.Opportunity{validOpportunity()})
	asOf := t0.Add(24 * time.Hour)
	nzd := account.MustParseMoney
	for _, tc := range []struct {
		name  string
		opt   growth.FigureOptions
		field string // "" for valid
		err   error
	}{
		{"valid", growth.FigureOptions{AsOf: asOf}, "", nil},
		{"AsOf missing", growth.FigureOptions{}, "AsOf", growth.ErrInvalid},
		{"AsOf before 1900", growth.FigureOptions{AsOf: time.Date(1899, 12, 31, 23, 59, 59, 999999999, time.UTC)}, "AsOf", growth.ErrInvalid},
		{"AsOf at 1900", growth.FigureOptions{AsOf: time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)}, "", nil},
		{"AsOf at 2200", growth.FigureOptions{AsOf: time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)}, "AsOf", growth.ErrInvalid},
		{"From without To", growth.FigureOptions{AsOf: asOf, From: t0}, "From", growth.ErrInvalid},
		{"To without From", growth.FigureOptions{AsOf: asOf, To: t0}, "From", growth.ErrInvalid},
		{"From equal to To", growth.FigureOptions{AsOf: asOf, From: t0, To: t0}, "From", growth.ErrInvalid},
		{"From just before To", growth.FigureOptions{AsOf: asOf, From: t0.Add(-1), To: t0}, "", nil},
		{"To at AsOf", growth.FigureOptions{AsOf: asOf, From: t0, To: asOf}, "", nil},
		{"To after AsOf", growth.FigureOptions{AsOf: asOf, From: t0, To: asOf.Add(1)}, "To", growth.ErrInvalid},
		{"From before 1900", growth.FigureOptions{AsOf: asOf, From: time.Date(1899, 1, 1, 0, 0, 0, 0, time.UTC), To: asOf}, "From", growth.ErrInvalid},
		{"By past the last", growth.FigureOptions{AsOf: asOf, By: growth.GroupByOffering + 1}, "By", growth.ErrInvalid},
		{"target for all", growth.FigureOptions{AsOf: asOf, Targets: map[string]account.Money{"": nzd("NZD 1")}}, "", nil},
		{"target keyed for all", growth.FigureOptions{AsOf: asOf, Targets: map[string]account.Money{"m-1": nzd("NZD 1")}}, `Targets["m-1"]`, growth.ErrInvalid},
		{"target key missing", growth.FigureOptions{AsOf: asOf, By: growth.GroupByOwner, Targets: map[string]account.Money{"": nzd("NZD 1")}}, `Targets[""]`, growth.ErrInvalid},
		{"target of a cent", growth.FigureOptions{AsOf: asOf, By: growth.GroupByOwner, Targets: map[string]account.Money{"m-1": nzd("NZD 0.01")}}, "", nil},
		{"target zero", growth.FigureOptions{AsOf: asOf, By: growth.GroupByOwner, Targets: map[string]account.Money{"m-1": nzd("NZD 0")}}, `Targets["m-1"]`, growth.ErrInvalid},
		{"target missing", growth.FigureOptions{AsOf: asOf, By: growth.GroupByOwner, Targets: map[string]account.Money{"m-1": {}}}, `Targets["m-1"]`, growth.ErrInvalid},
		{"target in another currency", growth.FigureOptions{AsOf: asOf, By: growth.GroupByOwner, Targets: map[string]account.Money{"m-1": nzd("AUD 10")}}, `Targets["m-1"]`, growth.ErrPipelineCurrency},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := p.Figures(tc.opt)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Figures = %v", err)
				}
				return
			}
			if f != nil {
				t.Errorf("Figures returned figures with an error")
			}
			wantField(t, err, tc.err, "FigureOptions", tc.field)
		})
	}
}

// TestFiguresEdges checks the edges of staleness, slipping and the
// period on one opportunity.
func TestFiguresEdges(t *testing.T) {
	stages := validStages() // lead has MaxAge 1h
	o := validOpportunity()
	o.History = o.History[:2] // in lead since t0+1h, expected close t0+30d
	p := mustPipeline(t, stages, []growth.Opportunity{o})
	last := t0.Add(time.Hour)
	for _, tc := range []struct {
		asOf  time.Time
		stale int
	}{{last.Add(time.Hour), 0}, {last.Add(time.Hour + 1), 1}} {
		f := mustFigures(t, p, growth.FigureOptions{AsOf: tc.asOf})
		if f[0].Stale != tc.stale || len(p.Stale(tc.asOf)) != tc.stale {
			t.Errorf("at %v: Stale = %d, list %d; want %d", tc.asOf.Sub(last), f[0].Stale, len(p.Stale(tc.asOf)), tc.stale)
		}
	}
	due := t0.Add(30 * 24 * time.Hour)
	if got := p.Slipping(due); len(got) != 0 {
		t.Errorf("slipping at its expected close: %v", got)
	}
	got := p.Slipping(due.Add(1))
	if len(got) != 1 || got[0].By != 1 || !got[0].Due.Equal(due) || !got[0].Value.Equal(account.MustParseMoney("NZD 500")) {
		t.Errorf("slipping a nanosecond after its expected close: %+v", got)
	}
	o.Kind = growth.OpportunityRenewal
	if got := mustPipeline(t, stages, []growth.Opportunity{o}).Slipping(due.Add(time.Hour)); len(got) != 0 {
		t.Errorf("a renewal slips: %v", got)
	}
	if p.Stale(time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)) != nil || p.Slipping(time.Time{}) != nil {
		t.Errorf("lists at an instant out of range are not nil")
	}

	// Won at t0+2h: counted in a period from it, not in one up to it.
	won := validOpportunity()
	won.History[2].To = "won"
	p = mustPipeline(t, stages, []growth.Opportunity{won})
	at := t0.Add(2 * time.Hour)
	for _, tc := range []struct {
		from, to time.Time
		won      int
	}{{at, at.Add(1), 1}, {at.Add(-1), at, 0}, {at.Add(1), at.Add(2), 0}} {
		f := mustFigures(t, p, growth.FigureOptions{AsOf: at.Add(time.Hour), From: tc.from, To: tc.to})
		if f[0].Won != tc.won || (tc.won == 1) != f[0].WonValue.Equal(account.MustParseMoney("NZD 500")) {
			t.Errorf("period [%v, %v): Won %d, %v; want %d", tc.from.Sub(at), tc.to.Sub(at), f[0].Won, f[0].WonValue, tc.won)
		}
	}
}

func TestFiguresTargets(t *testing.T) {
	nzd := account.MustParseMoney
	p := mustPipeline(t, validStages(), []growth.Opportunity{validOpportunity()}) // m-1: NZD 500 in proposal (0.5)
	f := mustFigures(t, p, growth.FigureOptions{AsOf: t0.Add(3 * time.Hour), By: growth.GroupByOwner,
		Targets: map[string]account.Money{"a": nzd("NZD 100"), "m-1": nzd("NZD 750"), "z": nzd("NZD 3")}})
	zero := nzd("NZD 0")
	want := []growth.Figures{
		{Key: "a", OpenValue: zero, Weighted: zero, WonValue: zero, Target: nzd("NZD 100"), Gap: nzd("NZD 100"), Coverage: decimal.Zero},
		{Key: "m-1", Opportunities: 1, Open: 1, OpenValue: nzd("NZD 500"), Weighted: nzd("NZD 250"), WonValue: zero,
			Target: nzd("NZD 750"), Gap: nzd("NZD 500"), Coverage: decimal.RequireFromString("0.3333"),
			Cycle: []growth.CycleTime{{Stage: "lead", Stays: 1, Median: 2 * time.Hour}}},
		{Key: "z", OpenValue: zero, Weighted: zero, WonValue: zero, Target: nzd("NZD 3"), Gap: nzd("NZD 3"), Coverage: decimal.Zero},
	}
	if d := cmp.Diff(f, want); d != "" {
		t.Errorf("figures (-got +want):\n%s", d)
	}
	// Coverage rounds half away from zero at the fourth place: 2/3 is 0.6667.
	f = mustFigures(t, p, growth.FigureOptions{AsOf: t0.Add(3 * time.Hour), Targets: map[string]account.Money{"": nzd("NZD 375")}})
	if !f[0].Coverage.Equal(decimal.RequireFromString("0.6667")) {
		t.Errorf("coverage 250/375 = %v, want 0.6667", f[0].Coverage)
	}
	empty := mustPipeline(t, validStages(), nil)
	f = mustFigures(t, empty, growth.FigureOptions{AsOf: t0, Targets: map[string]account.Money{"": nzd("NZD 10")}})
	if len(f) != 1 || !f[0].Gap.Equal(nzd("NZD 10")) || !f[0].Weighted.Equal(zero) {
		t.Errorf("an empty pipeline with a target: %+v", f)
	}
	if f := mustFigures(t, empty, growth.FigureOptions{AsOf: t0, By: growth.GroupByAccount}); len(f) != 0 {
		t.Errorf("an empty pipeline: %+v", f)
	}
	if empty.Currency() != "" || p.Currency() != "NZD" {
		t.Errorf("Currency = %q and %q", empty.Currency(), p.Currency())
	}
}

// TestWinRateRounding checks the win rate's rounding, half away from zero.
func TestWinRateRounding(t *testing.T) {
	var opps []growth.Opportunity
	for i := range 8 { // 1 won, 7 lost: 0.125 is 0.125; with 2 of 3, 0.6667
		o := validOpportunity()
		o.ID = growth.OpportunityID(fmt.Sprint("o", i))
		o.History[2].To = "lost"
		if i == 0 {
			o.History[2].To = "won"
		}
		opps = append(opps, o)
	}
	f := mustFigures(t, mustPipeline(t, validStages(), opps), growth.FigureOptions{AsOf: t0.Add(time.Hour * 3)})
	if !f[0].WinRate.Equal(decimal.RequireFromString("0.125")) {
		t.Errorf("1 of 8: %v", f[0].WinRate)
	}
	opps[1].History[2].To = "won"
	f = mustFigures(t, mustPipeline(t, validStages(), opps[:3]), growth.FigureOptions{AsOf: t0.Add(time.Hour * 3)})
	if !f[0].WinRate.Equal(decimal.RequireFromString("0.6667")) {
		t.Errorf("2 of 3: %v", f[0].WinRate)
	}
	opps[0].History[2].To = "lost"
	opps[1].History[2].To = "lost"
	f = mustFigures(t, mustPipeline(t, validStages(), opps), growth.FigureOptions{AsOf: t0.Add(time.Hour * 3)})
	if !f[0].WinRate.IsZero() {
		t.Errorf("0 of 8: %v", f[0].WinRate)
	}
}

// TestFiguresLarge checks, on enough opportunities to be split over
// goroutines, that the figures equal the naive ones.
func TestFiguresLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large")
	}
	stages := validStages()
	r := rand.New(rand.NewPCG(1, 2))
	opps := make([]growth.Opportunity, 70_000)
	for i := range opps {
		o := validOpportunity()
		o.ID = growth.OpportunityID(fmt.Sprint("o", i))
		o.Account = account.ID(fmt.Sprint("a", r.IntN(50)))
		o.Owner = account.ManagerID(fmt.Sprint("m", r.IntN(7)))
		for j := range o.History {
			o.History[j].At = o.History[j].At.Add(time.Duration(r.IntN(1000)) * time.Hour)
		}
		if o.History[2].At.Before(o.History[1].At) {
			o.History[1].At, o.History[2].At = o.History[2].At, o.History[1].At
		}
		if o.History[1].At.Before(o.History[0].At) {
			o.History[0].At = o.History[1].At
		}
		o.History[0].Value = account.MustParseMoney(fmt.Sprintf("NZD %d.%02d", r.IntN(100000), r.IntN(100)))
		o.History[1].Value = account.MustParseMoney(fmt.Sprintf("NZD %d.%02d", r.IntN(100000), r.IntN(100)))
		o.History[2].To = stages[1+r.IntN(len(stages)-1)].Name // not lead, where it is
		opps[i] = o
	}
	check := func(name string) {
		p := mustPipeline(t, stages, opps)
		for _, by := range []growth.GroupBy{growth.GroupByAll, growth.GroupByAccount, growth.GroupByOwner, growth.GroupByOffering} {
			opt := growth.FigureOptions{AsOf: t0.Add(600 * time.Hour), From: t0.Add(100 * time.Hour), To: t0.Add(500 * time.Hour), By: by}
			if d := cmp.Diff(mustFigures(t, p, opt), naiveFigures(stages, opps, opt), cmpopts.EquateEmpty()); d != "" {
				t.Errorf("%s, by %v (-got +naive):\n%s", name, by, d)
			}
		}
	}
	check("amounts in cents")
	// Amounts of up to NZD 10^15 each, whole cents below 2^63, whose sums
	// pass 2^64 cents: the 128-bit sums carry, within a chunk and between
	// chunks.
	for i := range opps {
		for j, c := range opps[i].History {
			if c.Value.Currency() != "" {
				opps[i].History[j].Value, _ = account.NewMoney(c.Value.Amount().Shift(10), c.Value.Currency())
			}
		}
	}
	check("amounts past 2^64 cents in sum")
}

// TestPipelineCurrencyUnits checks that sums come back in their
// currency's minor units, whatever the currency: none for JPY, three for
// KWD, two for a code without a minor unit (XAU).
func TestPipelineCurrencyUnits(t *testing.T) {
	for _, tc := range []struct{ value, open, weighted string }{
		{"JPY 1000", "JPY 1,000", "JPY 500.0"}, // weighted keeps the digit of the probability 0.5
		{"KWD 1.25", "KWD 1.250", "KWD 0.6250"},
		{"XAU 3", "XAU 3.00", "XAU 1.500"},
	} {
		o := validOpportunity()
		o.History[0].Value = account.MustParseMoney(tc.value)
		o.History[1].Value = account.MustParseMoney(tc.value)
		f := mustFigures(t, mustPipeline(t, validStages(), []growth.Opportunity{o}), growth.FigureOptions{AsOf: t0.Add(3 * time.Hour)})
		if f[0].OpenValue.String() != tc.open || f[0].Weighted.String() != tc.weighted {
			t.Errorf("%s: open %v, weighted %v; want %s, %s", tc.value, f[0].OpenValue, f[0].Weighted, tc.open, tc.weighted)
		}
	}
}

// TestExactAmounts checks amounts that are not whole cents, or too large
// for a count of cents, open and won, against Money arithmetic.
func TestExactAmounts(t *testing.T) {
	won, open := validOpportunity(), validOpportunity()
	won.ID, won.History[2].To = "o-won", "won"
	won.History[1].Value = account.MustParseMoney("NZD 0.125")
	open.History[1].Value = account.MustParseMoney("NZD 100000000000000000000000.5")
	opps := []growth.Opportunity{won, open}
	for _, by := range []growth.GroupBy{growth.GroupByAll, growth.GroupByOwner} {
		opt := growth.FigureOptions{AsOf: t0.Add(3 * time.Hour), By: by}
		got := mustFigures(t, mustPipeline(t, validStages(), opps), opt)
		if d := cmp.Diff(got, naiveFigures(validStages(), opps, opt)); d != "" {
			t.Errorf("by %v (-got +naive):\n%s", by, d)
		}
		if !got[0].WonValue.Equal(account.MustParseMoney("NZD 0.125")) {
			t.Errorf("by %v: WonValue %v, want NZD 0.125", by, got[0].WonValue)
		}
	}
}

// Stale and slipping opportunities due at the same instant are listed in
// ascending ID order, whatever their order in the input.
func TestLateTiesInIDOrder(t *testing.T) {
	stages := growth.Stages{
		{Name: "proposal", Probability: decimal.RequireFromString("0.5"), MaxAge: 24 * time.Hour},
		{Name: "won", Probability: decimal.NewFromInt(1), Outcome: growth.OutcomeWon},
		{Name: "lost", Outcome: growth.OutcomeLost},
	}
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var opps []growth.Opportunity
	for _, id := range []growth.OpportunityID{"q-3", "q-1", "q-2"} {
		opps = append(opps, growth.Opportunity{ID: id, Account: "a", BuyingCentre: "a-it", Offerings: []account.OfferingID{"x"},
			Owner: "m", Kind: growth.OpportunityQuotation, History: []growth.Change{
				{At: at, Author: "m", To: "proposal", Value: account.MustParseMoney("NZD 100"), ExpectedClose: at.AddDate(0, 0, 2)},
			}})
	}
	p, err := growth.NewPipeline(stages, growth.AsOf(seq(opps), at.AddDate(1, 0, 0)))
	if err != nil {
		t.Fatal(err)
	}
	asOf := at.AddDate(0, 0, 5)
	ids := func(ls []growth.Late) []growth.OpportunityID {
		var out []growth.OpportunityID
		for _, l := range ls {
			out = append(out, l.ID)
		}
		return out
	}
	want := []growth.OpportunityID{"q-1", "q-2", "q-3"}
	if diff := cmp.Diff(want, ids(p.Stale(asOf))); diff != "" {
		t.Errorf("stale (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, ids(p.Slipping(asOf))); diff != "" {
		t.Errorf("slipping (-want +got):\n%s", diff)
	}
}

// TestPipelineExactValuesReordered checks that a value held exactly (more
// decimal places than the currency's) stays with its own opportunity when
// the pipeline lays the opportunities out by account: here the input order
// a, c, b becomes a, b, c, and the exact value of c must not reach b's
// change, which takes its place next to a's.
func TestPipelineExactValuesReordered(t *testing.T) {
	opp := func(id growth.OpportunityID, acct account.ID, value string) growth.Opportunity {
		return growth.Opportunity{
			ID: id, Account: acct, BuyingCentre: acct, Owner: "m-1", Kind: growth.OpportunityQuotation,
			History: []growth.Change{{At: t0, Author: "m-1", To: "proposal", Value: account.MustParseMoney(value), ExpectedClose: t0.Add(24 * time.Hour)}},
		}
	}
	p, err := growth.NewPipeline(validStages(), seqOf([]growth.Opportunity{
		opp("o-a", "a", "NZD 100"), opp("o-c", "c", "NZD 300.005"), opp("o-b", "b", "NZD 200"),
	}))
	if err != nil {
		t.Fatal(err)
	}
	figs, err := p.Figures(growth.FigureOptions{AsOf: t0.Add(time.Hour), By: growth.GroupByAccount})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range figs {
		got[f.Key] = f.OpenValue.String()
	}
	want := map[string]string{"a": "NZD 100.00", "b": "NZD 200.00", "c": "NZD 300.005"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("open value by account (-want +got):\n%s", diff)
	}
}

// TestPipelineAsOfIncludesItsInstant checks the edge of AsOf: a change made
// exactly at AsOf is seen, one a nanosecond later is not.
func TestPipelineAsOfIncludesItsInstant(t *testing.T) {
	o := validOpportunity() // created at t0 in lead, NZD 100; NZD 500 at t0+1h; proposal at t0+2h
	p, err := growth.NewPipeline(validStages(), seqOf([]growth.Opportunity{o}))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		asOf time.Duration
		n    int
		open string
	}{
		{-time.Nanosecond, 0, ""},
		{0, 1, "NZD 100.00"},
		{time.Hour - time.Nanosecond, 1, "NZD 100.00"},
		{time.Hour, 1, "NZD 500.00"},
	} {
		figs, err := p.Figures(growth.FigureOptions{AsOf: t0.Add(tc.asOf)})
		if err != nil {
			t.Fatal(err)
		}
		if tc.n == 0 {
			if len(figs) != 0 && figs[0].Opportunities != 0 {
				t.Errorf("AsOf t0%+v: %+v; want no opportunity", tc.asOf, figs)
			}
			continue
		}
		if len(figs) != 1 || figs[0].Opportunities != tc.n || figs[0].OpenValue.String() != tc.open {
			t.Errorf("AsOf t0%+v: %+v; want %d opportunities, open %s", tc.asOf, figs, tc.n, tc.open)
		}
	}
}

// TestSlippingSeesTheChangeAtAsOf checks the edge of Slipping's AsOf: a
// quotation whose expected close was moved out exactly at AsOf is not
// slipping then; a nanosecond before, it is.
func TestSlippingSeesTheChangeAtAsOf(t *testing.T) {
	o := growth.Opportunity{
		ID: "q-1", Account: "a", BuyingCentre: "a", Owner: "m-1", Kind: growth.OpportunityQuotation,
		History: []growth.Change{
			{At: t0, Author: "m-1", To: "proposal", Value: account.MustParseMoney("NZD 100"), ExpectedClose: t0.Add(time.Hour)},
			{At: t0.Add(2 * time.Hour), Author: "m-1", From: "proposal", To: "proposal", ExpectedClose: t0.Add(10 * time.Hour)},
		},
	}
	p, err := growth.NewPipeline(validStages(), seqOf([]growth.Opportunity{o}))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Slipping(t0.Add(2*time.Hour - time.Nanosecond)); len(got) != 1 {
		t.Errorf("a nanosecond before the change: %+v; want q-1 slipping", got)
	}
	if got := p.Slipping(t0.Add(2 * time.Hour)); len(got) != 0 {
		t.Errorf("at the change: %+v; want nothing slipping", got)
	}
}
