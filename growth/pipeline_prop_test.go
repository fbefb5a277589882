package growth_test

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

var propEpoch = time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)

func minutes(n int) time.Time { return propEpoch.Add(time.Duration(n) * time.Minute) }

// stagesGen draws a valid stage list: 1 to 4 open stages with probabilities
// in hundredths and MaxAge of 0 to 10 hours, then won and lost.
func stagesGen() *rapid.Generator[growth.Stages] {
	return rapid.Custom(func(t *rapid.T) growth.Stages {
		n := rapid.IntRange(1, 4).Draw(t, "open")
		var s growth.Stages
		for i := range n {
			s = append(s, growth.Stage{
				Name:        "s" + strconv.Itoa(i),
				Probability: decimal.New(int64(rapid.IntRange(0, 100).Draw(t, "p")), -2),
				MaxAge:      time.Duration(rapid.IntRange(0, 10).Draw(t, "maxAge")) * time.Hour,
			})
		}
		won := growth.Stage{Name: "won", Probability: decimal.NewFromInt(1), Outcome: growth.OutcomeWon}
		lost := growth.Stage{Name: "lost", Outcome: growth.OutcomeLost}
		if rapid.Bool().Draw(t, "lostFirst") {
			return append(s, lost, won)
		}
		return append(s, won, lost)
	})
}

// amountGen draws amounts mostly in cents, some with more decimals or too
// large for a count of cents, so that both of the pipeline's paths run.
var amountGen = rapid.Custom(func(t *rapid.T) account.Money {
	var d decimal.Decimal
	switch rapid.IntRange(0, 9).Draw(t, "shape") {
	case 0:
		d = decimal.New(int64(rapid.IntRange(0, 1_000_000).Draw(t, "mills")), -3)
	case 1:
		d = decimal.New(int64(rapid.IntRange(0, 1000).Draw(t, "huge")), 20)
	default:
		d = decimal.New(int64(rapid.IntRange(0, 10_000_000).Draw(t, "cents")), -2)
	}
	m, _ := account.NewMoney(d, "NZD")
	return m
})

// opportunitiesGen draws valid opportunities for stages, with IDs o0, o1, ...
func opportunitiesGen(stages growth.Stages) *rapid.Generator[[]growth.Opportunity] {
	return rapid.Custom(func(t *rapid.T) []growth.Opportunity {
		n := rapid.IntRange(0, 12).Draw(t, "n")
		out := make([]growth.Opportunity, n)
		for i := range out {
			o := growth.Opportunity{
				ID:        growth.OpportunityID("o" + strconv.Itoa(i)),
				Account:   account.ID(rapid.SampledFrom([]string{"a1", "a2", "a3"}).Draw(t, "account")),
				Owner:     account.ManagerID(rapid.SampledFrom([]string{"m1", "m2"}).Draw(t, "owner")),
				Kind:      growth.OpportunityKind(rapid.IntRange(1, 4).Draw(t, "kind")),
				Offerings: rapid.SliceOfDistinct(rapid.SampledFrom([]account.OfferingID{"x", "y", "z"}), func(s account.OfferingID) account.OfferingID { return s }).Draw(t, "offerings"),
			}
			o.BuyingCentre = o.Account
			at := rapid.IntRange(0, 1000).Draw(t, "start")
			o.History = []growth.Change{{At: minutes(at), Author: "m1", To: rapid.SampledFrom(stages).Draw(t, "first").Name,
				Value: amountGen.Draw(t, "value"), ExpectedClose: minutes(at + rapid.IntRange(0, 2000).Draw(t, "close"))}}
			for range rapid.IntRange(0, 6).Draw(t, "changes") {
				last := o.History[len(o.History)-1]
				if j, _ := stages.Index(last.To); stages[j].Outcome != growth.OutcomeOpen {
					break
				}
				at += rapid.IntRange(0, 300).Draw(t, "gap")
				c := growth.Change{At: minutes(at), Author: "m2", From: last.To, To: rapid.SampledFrom(stages).Draw(t, "to").Name}
				if c.From == c.To || rapid.IntRange(0, 3).Draw(t, "revalue") == 0 {
					c.Value = amountGen.Draw(t, "value")
				}
				if rapid.IntRange(0, 3).Draw(t, "reclose") == 0 {
					c.ExpectedClose = minutes(at + rapid.IntRange(-500, 2000).Draw(t, "close"))
				}
				o.History = append(o.History, c)
			}
			out[i] = o
		}
		return out
	})
}

func optionsGen() *rapid.Generator[growth.FigureOptions] {
	return rapid.Custom(func(t *rapid.T) growth.FigureOptions {
		asOf := rapid.IntRange(0, 3000).Draw(t, "asOf")
		opt := growth.FigureOptions{AsOf: minutes(asOf), By: growth.GroupBy(rapid.IntRange(0, 3).Draw(t, "by"))}
		if rapid.Bool().Draw(t, "period") {
			to := rapid.IntRange(1, asOf+1).Draw(t, "to")
			opt.From, opt.To = minutes(rapid.IntRange(0, to-1).Draw(t, "from")), minutes(to)
			if opt.To.After(opt.AsOf) {
				opt.To = opt.AsOf
				if !opt.From.Before(opt.To) {
					opt.From, opt.To = time.Time{}, time.Time{}
				}
			}
		}
		return opt
	})
}

// fataler is what the helpers need of a *testing.T, *testing.B or
// *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

func seqOf(opps []growth.Opportunity) func(func(growth.Opportunity, error) bool) {
	return func(yield func(growth.Opportunity, error) bool) {
		for _, o := range opps {
			if !yield(o, nil) {
				return
			}
		}
	}
}

func mustPipeline(t fataler, stages growth.Stages, opps []growth.Opportunity) *growth.Pipeline {
	t.Helper()
	p, err := growth.NewPipeline(stages, seqOf(opps))
	if err != nil {
		t.Fatalf("NewPipeline: %v", err)
	}
	return p
}

func mustFigures(t fataler, p *growth.Pipeline, opt growth.FigureOptions) []growth.Figures {
	t.Helper()
	f, err := p.Figures(opt)
	if err != nil {
		t.Fatalf("Figures(%+v): %v", opt, err)
	}
	return f
}

// naiveFigures computes the figures the slow, obvious way, from each
// opportunity read at opt.AsOf with Money arithmetic.
func naiveFigures(stages growth.Stages, opps []growth.Opportunity, opt growth.FigureOptions) []growth.Figures {
	type acc struct {
		f     growth.Figures
		stays map[int][]time.Duration
	}
	groups := map[string]*acc{}
	inPeriod := func(t time.Time) bool {
		return opt.From.IsZero() || (!t.Before(opt.From) && t.Before(opt.To))
	}
	zero, _ := account.NewMoney(decimal.Zero, "NZD")
	for _, o := range opps {
		a, ok := o.AsOf(opt.AsOf)
		if !ok {
			continue
		}
		var keys []string
		switch opt.By {
		case growth.GroupByAll:
			keys = []string{""}
		case growth.GroupByAccount:
			keys = []string{string(a.Account)}
		case growth.GroupByOwner:
			keys = []string{string(a.Owner)}
		case growth.GroupByOffering:
			for _, o := range a.Offerings {
				keys = append(keys, string(o))
			}
		}
		for _, k := range keys {
			g := groups[k]
			if g == nil {
				g = &acc{f: growth.Figures{Key: k, OpenValue: zero, Weighted: zero, WonValue: zero}, stays: map[int][]time.Duration{}}
				groups[k] = g
			}
			g.f.Opportunities++
			si, _ := stages.Index(a.Stage())
			st := stages[si]
			if st.Outcome == growth.OutcomeOpen {
				g.f.Open++
				g.f.OpenValue, _ = g.f.OpenValue.Add(a.Value())
				g.f.Weighted, _ = g.f.Weighted.Add(a.Value().Mul(st.Probability))
				if st.MaxAge > 0 && opt.AsOf.Sub(a.History[len(a.History)-1].At) > st.MaxAge {
					g.f.Stale++
				}
			}
			entered := a.History[0].At
			for i, c := range a.History {
				if i > 0 && c.From == c.To {
					continue
				}
				if inPeriod(c.At) {
					if i > 0 {
						j, _ := stages.Index(c.From)
						g.stays[j] = append(g.stays[j], c.At.Sub(entered))
					}
					j, _ := stages.Index(c.To)
					switch stages[j].Outcome {
					case growth.OutcomeWon:
						g.f.Won++
						v := growth.Opportunity{History: a.History[:i+1]}.Value()
						g.f.WonValue, _ = g.f.WonValue.Add(v)
					case growth.OutcomeLost:
						g.f.Lost++
					}
				}
				entered = c.At
			}
		}
	}
	var out []growth.Figures
	for _, g := range groups {
		if n := g.f.Won + g.f.Lost; n > 0 {
			g.f.WinRate = decimal.NewFromInt(int64(g.f.Won)).DivRound(decimal.NewFromInt(int64(n)), 4)
		}
		for j, st := range stages {
			d := g.stays[j]
			if len(d) == 0 {
				continue
			}
			slices.Sort(d)
			m := d[len(d)/2]
			if len(d)%2 == 0 {
				m = (d[len(d)/2-1] + d[len(d)/2]) / 2
			}
			g.f.Cycle = append(g.f.Cycle, growth.CycleTime{Stage: st.Name, Stays: len(d), Median: m})
		}
		out = append(out, g.f)
	}
	slices.SortFunc(out, func(a, b growth.Figures) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// TestFiguresMatchNaive checks every figure against the obvious
// computation, and so that the weighted pipeline is exactly Σ value ×
// stage probability.
func TestFiguresMatchNaive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		stages := stagesGen().Draw(t, "stages")
		opps := opportunitiesGen(stages).Draw(t, "opps")
		opt := optionsGen().Draw(t, "opt")
		got := mustFigures(t, mustPipeline(t, stages, opps), opt)
		if d := cmp.Diff(got, naiveFigures(stages, opps, opt), cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("figures (-got +naive):\n%s", d)
		}
	})
}

// TestAsOfEqualsReplay checks that the pipeline read at a past instant
// equals the pipeline built from the opportunities as they stood then.
func TestAsOfEqualsReplay(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		stages := stagesGen().Draw(t, "stages")
		opps := opportunitiesGen(stages).Draw(t, "opps")
		opt := optionsGen().Draw(t, "opt")
		full := mustPipeline(t, stages, opps)
		replayed, err := growth.NewPipeline(stages, growth.AsOf(seqOf(opps), opt.AsOf))
		if err != nil {
			t.Fatalf("NewPipeline of the replay: %v", err)
		}
		if d := cmp.Diff(mustFigures(t, full, opt), mustFigures(t, replayed, opt)); d != "" {
			t.Fatalf("figures at %v (-full +replayed):\n%s", opt.AsOf, d)
		}
		if d := cmp.Diff(full.Stale(opt.AsOf), replayed.Stale(opt.AsOf)); d != "" {
			t.Fatalf("stale at %v (-full +replayed):\n%s", opt.AsOf, d)
		}
		if d := cmp.Diff(full.Slipping(opt.AsOf), replayed.Slipping(opt.AsOf)); d != "" {
			t.Fatalf("slipping at %v (-full +replayed):\n%s", opt.AsOf, d)
		}
	})
}

// TestOrderIndependence checks that figures and lists do not depend on
// the order of the opportunities.
func TestOrderIndependence(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		stages := stagesGen().Draw(t, "stages")
		opps := opportunitiesGen(stages).Draw(t, "opps")
		opt := optionsGen().Draw(t, "opt")
		shuffled := slices.Clone(opps)
		r := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 1))
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		a, b := mustPipeline(t, stages, opps), mustPipeline(t, stages, shuffled)
		if d := cmp.Diff(mustFigures(t, a, opt), mustFigures(t, b, opt)); d != "" {
			t.Fatalf("figures (-in order +shuffled):\n%s", d)
		}
		if d := cmp.Diff(a.Stale(opt.AsOf), b.Stale(opt.AsOf)); d != "" {
			t.Fatalf("stale (-in order +shuffled):\n%s", d)
		}
		if d := cmp.Diff(a.Slipping(opt.AsOf), b.Slipping(opt.AsOf)); d != "" {
			t.Fatalf("slipping (-in order +shuffled):\n%s", d)
		}
	})
}

// TestLateMatchesNaive checks the stale and slipping lists against the
// obvious computation, and their order.
func TestLateMatchesNaive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		stages := stagesGen().Draw(t, "stages")
		opps := opportunitiesGen(stages).Draw(t, "opps")
		asOf := minutes(rapid.IntRange(0, 3000).Draw(t, "asOf"))
		p := mustPipeline(t, stages, opps)
		var stale, slipping []growth.Late
		for _, o := range opps {
			a, ok := o.AsOf(asOf)
			if !ok {
				continue
			}
			si, _ := stages.Index(a.Stage())
			st := stages[si]
			if st.Outcome != growth.OutcomeOpen {
				continue
			}
			l := growth.Late{ID: a.ID, Account: a.Account, Owner: a.Owner, Kind: a.Kind, Stage: st.Name, Value: a.Value()}
			if due := a.History[len(a.History)-1].At.Add(st.MaxAge); st.MaxAge > 0 && due.Before(asOf) {
				l.Due, l.By = due, asOf.Sub(due)
				stale = append(stale, l)
			}
			if due := a.ExpectedClose(); a.Kind == growth.OpportunityQuotation && due.Before(asOf) {
				l.Due, l.By = due, asOf.Sub(due)
				slipping = append(slipping, l)
			}
		}
		order := func(a, b growth.Late) int {
			if c := a.Due.Compare(b.Due); c != 0 {
				return c
			}
			return strings.Compare(string(a.ID), string(b.ID))
		}
		slices.SortFunc(stale, order)
		slices.SortFunc(slipping, order)
		if d := cmp.Diff(p.Stale(asOf), stale); d != "" {
			t.Fatalf("stale (-got +naive):\n%s", d)
		}
		if d := cmp.Diff(p.Slipping(asOf), slipping); d != "" {
			t.Fatalf("slipping (-got +naive):\n%s", d)
		}
	})
}

func seq(opps []growth.Opportunity) func(func(growth.Opportunity, error) bool) { return seqOf(opps) }
