package pack_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/pack"
	"github.com/keyaccount/keyaccount/internal/fixture/portfoliogen"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/tiering"
)

// generated is the sample generator's default portfolio, loaded into a
// memstore once for the tests that read it.
var generated = sync.OnceValues(func() (*portfoliogen.Portfolio, *memstore.Store) {
	p, err := portfoliogen.New(portfoliogen.Options{})
	if err != nil {
		panic(err)
	}
	s := memstore.New()
	if err := p.Load(context.Background(), s, nil); err != nil {
		panic(err)
	}
	return p, s
})

// generatedReport runs DefaultConfig, with the generator's budgets, over
// the generator's default portfolio at its instant.
func generatedReport(t testing.TB) (*portfoliogen.Portfolio, *pack.Report) {
	t.Helper()
	p, s := generated()
	cfg := fitted(t, pack.DefaultConfig(), p)
	cfg.Budgets = p.Budgets
	rep, err := pack.Run(context.Background(), s, cfg, p.At)
	if err != nil {
		t.Fatal(err)
	}
	return p, rep
}

// fitted returns cfg without the scorecard measures whose attribute no
// account of the generator's portfolio has: until the generator sets fit,
// nps, tickets, criticality and satisfaction (the attributes agreed with
// it), tiering refuses a measure nobody has. With them present, cfg is
// returned as it is.
func fitted(t testing.TB, cfg pack.Config, p *portfoliogen.Portfolio) pack.Config {
	t.Helper()
	has := map[string]bool{}
	for _, a := range p.Accounts {
		for k := range a.Attributes {
			has[k] = true
		}
	}
	cards := slices.Clone(cfg.Scorecards)
	for i := range cards {
		cards[i].Measures = slices.DeleteFunc(slices.Clone(cards[i].Measures), func(m tiering.Measure) bool {
			name, err := strconv.Unquote(strings.TrimPrefix(m.Source.String(), "attribute "))
			if err == nil && !has[name] {
				t.Logf("the generator sets no attribute %q: scorecard %q is run without it", name, cards[i].Name)
				return true
			}
			return false
		})
	}
	cfg.Scorecards = cards
	return cfg
}

// TestGeneratedDefault runs DefaultConfig over the generator's default
// portfolio: it runs, the Pareto sentence is the issue's, the incident
// raises the early warning (one or two warnings, in its week, nothing else
// in the quarter), the top accounts of tier 1 are reviewed every 90 days,
// and every tier's model gives its SLA policy.
func TestGeneratedDefault(t *testing.T) {
	p, rep := generatedReport(t)
	if got, want := rep.Segments.Revenue.Sentence, "the top 20 of 443 accounts hold 93.0% of revenue"; got != want {
		t.Errorf("Pareto: %q, want %q", got, want)
	}
	if len(rep.TopAccounts) != 20 || len(rep.Segments.Revenue.Values) != 443 || len(rep.Segments.Cost.Values) != 44 {
		t.Errorf("%d top accounts, %d and %d Pareto values", len(rep.TopAccounts), len(rep.Segments.Revenue.Values), len(rep.Segments.Cost.Values))
	}
	if n := len(rep.Warnings); n < 1 || n > 2 {
		t.Errorf("%d early warnings in %s, want 1 or 2", n, rep.Quarter.Name)
	}
	for _, w := range rep.Warnings {
		if w.Raised.Before(p.Incident.Start) || !w.Raised.Before(p.Incident.End) {
			t.Errorf("warning %d %s %q raised %v, outside the incident week", w.N, w.Dimension, w.Key, w.Raised)
		}
	}
	if !slices.ContainsFunc(rep.Warnings, func(w escalation.Warning) bool {
		return w.Dimension == escalation.DimensionService && w.Key == portfoliogen.IncidentService
	}) {
		t.Errorf("no warning about %s", portfoliogen.IncidentService)
	}
	tiers := map[account.ID]account.Tier{}
	for _, a := range p.Accounts {
		tiers[a.ID] = a.Tier
	}
	count := map[account.ID]int{}
	for _, m := range rep.Reviews.Meetings {
		count[m.Account]++
	}
	for _, id := range rep.TopAccounts {
		if tiers[id] == 1 && count[id] < 4 {
			t.Errorf("tier-1 top account %s has %d reviews in 12 months, want 4 or more", id, count[id])
		}
	}
	if len(rep.Reviews.Meetings) == 0 || len(rep.Unscheduled) != 0 && len(rep.Unscheduled) == len(rep.TopAccounts) {
		t.Errorf("%d meetings, %d top accounts unscheduled", len(rep.Reviews.Meetings), len(rep.Unscheduled))
	}
	if len(rep.Tiering.Before) == 0 || len(rep.SLAByTier) == 0 || len(rep.Satisfaction) == 0 || len(rep.Assign.Managers) != 12 {
		t.Errorf("a chart's fields are empty: %d tiers, %d SLA tiers, %d satisfaction rows, %d managers",
			len(rep.Tiering.Before), len(rep.SLAByTier), len(rep.Satisfaction), len(rep.Assign.Managers))
	}
	var text, ics, js strings.Builder
	for _, w := range []func() error{
		func() error { return rep.WriteText(&text) }, func() error { return rep.WriteICS(&ics) },
		func() error { return rep.WriteJSON(&js) }, func() error { return rep.WriteResultsJSON(&js) },
	} {
		if err := w(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestGeneratedTiersBefore checks that the tiers before the re-tiering
// are the stored ones, last year's, as the generator set them.
func TestGeneratedTiersBefore(t *testing.T) {
	p, rep := generatedReport(t)
	want := make([]int, len(rep.Tiering.Before))
	for _, a := range p.Accounts {
		want[min(int(a.Tier), len(want)-1)]++
	}
	for i, c := range rep.Tiering.Before {
		if int(c.Tier) != i || c.Accounts != want[i] {
			t.Errorf("before[%d] = %+v, want %d accounts", i, c, want[i])
		}
	}
	from := map[account.Tier]int{}
	for _, x := range rep.Tiering.Transitions {
		from[x.From] += x.Accounts
	}
	for i, n := range want {
		if from[account.Tier(i)] != n {
			t.Errorf("the transition matrix moves %d accounts from tier %d, want %d", from[account.Tier(i)], i, n)
		}
	}
}

// BenchmarkRunGenerated is the whole pack, both halves, over the
// generator's default portfolio (443 accounts, three years of
// transactions, a year of tickets) in memstore, with the text and JSON
// written: what `go run ./examples/portfolio` computes after loading.
func BenchmarkRunGenerated(b *testing.B) {
	p, s := generated()
	cfg := fitted(b, pack.DefaultConfig(), p)
	cfg.Budgets = p.Budgets
	rep := benchPack(b, s, cfg, p.At)
	b.ReportMetric(float64(len(rep.Reviews.Meetings)), "meetings")
}
