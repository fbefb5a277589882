package growth_test

import (
	"iter"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
	"github.com/shopspring/decimal"
)

// benchStages is a five-step sales process.
var benchStages = growth.Stages{
	{Name: "lead", Probability: decimal.RequireFromString("0.1"), MaxAge: 30 * 24 * time.Hour},
	{Name: "qualified", Probability: decimal.RequireFromString("0.25"), MaxAge: 21 * 24 * time.Hour},
	{Name: "proposal", Probability: decimal.RequireFromString("0.5"), MaxAge: 14 * 24 * time.Hour},
	{Name: "negotiation", Probability: decimal.RequireFromString("0.75"), MaxAge: 14 * 24 * time.Hour},
	{Name: "won", Probability: decimal.NewFromInt(1), Outcome: growth.OutcomeWon},
	{Name: "lost", Outcome: growth.OutcomeLost},
}

var benchStart = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// benchOpportunities yields n opportunities with 5 changes each on
// average (from 1 to 9), over 100,000 accounts, 1,000 owners and 200
// offerings, created over three years from benchStart, generated as they
// are read so that only the pipeline needs to fit in memory.
func benchOpportunities(n int) iter.Seq2[growth.Opportunity, error] {
	return func(yield func(growth.Opportunity, error) bool) {
		r := rand.New(rand.NewPCG(19, 2026))
		day := 24 * time.Hour
		for i := range n {
			acct := account.ID("a" + strconv.Itoa(r.IntN(100_000)))
			o := growth.Opportunity{
				ID: growth.OpportunityID("o" + strconv.Itoa(i)), Account: acct, BuyingCentre: acct,
				Owner:     account.ManagerID("m" + strconv.Itoa(r.IntN(1000))),
				Kind:      growth.OpportunityKind(1 + r.IntN(4)),
				Offerings: []account.OfferingID{account.OfferingID("f" + strconv.Itoa(r.IntN(200)))},
			}
			if r.IntN(4) == 0 {
				o.Offerings = append(o.Offerings, account.OfferingID("g"+strconv.Itoa(r.IntN(200))))
			}
			at := benchStart.Add(time.Duration(r.IntN(3*365*24)) * time.Hour)
			value, _ := account.NewMoney(decimal.New(int64(100_000+r.IntN(10_000_000)), -2), "NZD")
			o.History = append(make([]growth.Change, 0, 9), growth.Change{At: at, Author: o.Owner, To: "lead", Value: value, ExpectedClose: at.Add(90 * day)})
			stage := 0
			for range 2 + r.IntN(10) {
				at = at.Add(time.Duration(1+r.IntN(20*24)) * time.Hour)
				c := growth.Change{At: at, Author: o.Owner, From: benchStages[stage].Name}
				switch x := r.IntN(10); {
				case x < 6 && stage < 3:
					stage++
				case x < 8:
					c.Value, _ = account.NewMoney(decimal.New(int64(100_000+r.IntN(10_000_000)), -2), "NZD")
				case x < 9:
					stage = 4
				case r.IntN(2) == 0:
					stage = 5
				default:
					c.ExpectedClose = at.Add(30 * day)
				}
				c.To = benchStages[stage].Name
				o.History = append(o.History, c)
				if stage >= 4 {
					break
				}
			}
			if !yield(o, nil) {
				return
			}
		}
	}
}

// benchPipeline builds the pipeline of the benchmarks once, and counts
// its changes.
var benchPipeline = sync.OnceValues(func() (*growth.Pipeline, int) {
	changes := 0
	p, err := growth.NewPipeline(benchStages, func(yield func(growth.Opportunity, error) bool) {
		for o, err := range benchOpportunities(1_000_000) {
			changes += len(o.History)
			if !yield(o, err) {
				return
			}
		}
	})
	if err != nil {
		panic(err) // the generator makes valid opportunities
	}
	return p, changes
})

// BenchmarkPipelineFigures reads the figures of 1,000,000 opportunities
// with 5,085,412 changes, per group, as of the end of the three
// years, with the last year as the period.
func BenchmarkPipelineFigures(b *testing.B) {
	p, changes := benchPipeline()
	if p.Len() != 1_000_000 || changes < 5_000_000 {
		b.Fatalf("the pipeline has %d opportunities and %d changes, want 1,000,000 and 5,000,000", p.Len(), changes)
	}
	var err error
	asOf := benchStart.AddDate(3, 0, 0)
	for _, by := range []growth.GroupBy{growth.GroupByAll, growth.GroupByAccount, growth.GroupByOwner, growth.GroupByOffering} {
		b.Run("by="+by.String(), func(b *testing.B) {
			opt := growth.FigureOptions{AsOf: asOf, From: asOf.AddDate(-1, 0, 0), To: asOf, By: by}
			var out []growth.Figures
			defer cpuPerOp(b)()
			for b.Loop() {
				out, err = p.Figures(opt)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(out)), "groups")
		})
	}
	b.Run("Stale", func(b *testing.B) {
		var out []growth.Late
		defer cpuPerOp(b)()
		for b.Loop() {
			out = p.Stale(asOf)
		}
		b.ReportMetric(float64(len(out)), "stale")
	})
	b.Run("Slipping", func(b *testing.B) {
		var out []growth.Late
		defer cpuPerOp(b)()
		for b.Loop() {
			out = p.Slipping(asOf)
		}
		b.ReportMetric(float64(len(out)), "slipping")
	})
}

// BenchmarkNewPipeline compiles 1,000,000 opportunities (generated as
// they are read, which the figure includes).
func BenchmarkNewPipeline(b *testing.B) {
	for b.Loop() {
		p, err := growth.NewPipeline(benchStages, benchOpportunities(1_000_000))
		if err != nil || p.Len() != 1_000_000 {
			b.Fatal(p.Len(), err)
		}
	}
}
