package growth_test

import (
	"fmt"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
	"github.com/shopspring/decimal"
)

// The pipeline by manager: two account managers' opportunities read at the
// end of March, with the first quarter as the period and a target for one
// of them, then the quotations that slipped past their expected close.
func Example_pipelineByManager() {
	stages := growth.Stages{
		{Name: "qualified", Probability: decimal.RequireFromString("0.2"), MaxAge: 30 * 24 * time.Hour},
		{Name: "proposal", Probability: decimal.RequireFromString("0.5"), MaxAge: 14 * 24 * time.Hour},
		{Name: "won", Probability: decimal.NewFromInt(1), Outcome: growth.OutcomeWon},
		{Name: "lost", Outcome: growth.OutcomeLost},
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 9, 0, 0, 0, time.UTC) }
	nzd := account.MustParseMoney
	opp := func(id growth.OpportunityID, owner account.ManagerID, kind growth.OpportunityKind, history ...growth.Change) growth.Opportunity {
		return growth.Opportunity{ID: id, Account: "harbour-bank", BuyingCentre: "harbour-bank-it",
			Offerings: []account.OfferingID{"managed-backup"}, Owner: owner, Kind: kind, History: history}
	}
	opps := []growth.Opportunity{
		opp("q-101", "aroha", growth.OpportunityQuotation,
			growth.Change{At: day(1, 12), Author: "aroha", To: "qualified", Value: nzd("NZD 40000"), ExpectedClose: day(3, 1)},
			growth.Change{At: day(2, 2), Author: "aroha", From: "qualified", To: "proposal"}),
		opp("q-102", "aroha", growth.OpportunityMiniProject,
			growth.Change{At: day(1, 20), Author: "aroha", To: "qualified", Value: nzd("NZD 12000"), ExpectedClose: day(4, 30)},
			growth.Change{At: day(2, 10), Author: "aroha", From: "qualified", To: "proposal"},
			growth.Change{At: day(3, 5), Author: "aroha", From: "proposal", To: "won", Value: nzd("NZD 15000")}),
		opp("r-201", "ben", growth.OpportunityRenewal,
			growth.Change{At: day(2, 1), Author: "ben", To: "qualified", Value: nzd("NZD 90000"), ExpectedClose: day(6, 30)}),
		opp("q-202", "ben", growth.OpportunityQuotation,
			growth.Change{At: day(1, 5), Author: "ben", To: "proposal", Value: nzd("NZD 8000"), ExpectedClose: day(2, 15)},
			growth.Change{At: day(3, 20), Author: "ben", From: "proposal", To: "lost"}),
	}
	p, err := growth.NewPipeline(stages, growth.AsOf(seq(opps), day(12, 31)))
	if err != nil {
		fmt.Println(err)
		return
	}
	asOf := day(3, 31)
	figures, err := p.Figures(growth.FigureOptions{
		AsOf: asOf, From: day(1, 1), To: asOf, By: growth.GroupByOwner,
		Targets: map[string]account.Money{"ben": nzd("NZD 25000")},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range figures {
		fmt.Printf("%s: %d open, %v, weighted %v; won %d of %d (%v), %v; %d stale\n",
			f.Key, f.Open, f.OpenValue, f.Weighted.Round(), f.Won, f.Won+f.Lost, f.WinRate, f.WonValue, f.Stale)
		for _, c := range f.Cycle {
			fmt.Printf("  %s: median %v over %d stays\n", c.Stage, c.Median, c.Stays)
		}
		if !f.Target.IsZero() {
			fmt.Printf("  target %v: gap %v, coverage %v\n", f.Target, f.Gap.Round(), f.Coverage)
		}
	}
	for _, l := range p.Slipping(asOf) {
		fmt.Printf("slipping: %s (%s, %s) %v, due %s, %v late\n", l.ID, l.Owner, l.Stage, l.Value, l.Due.Format("2 Jan"), l.By)
	}
	// Output:
	// aroha: 1 open, NZD 40,000.00, weighted NZD 20,000.00; won 1 of 1 (1), NZD 15,000.00; 1 stale
	//   qualified: median 504h0m0s over 2 stays
	//   proposal: median 552h0m0s over 1 stays
	// ben: 1 open, NZD 90,000.00, weighted NZD 18,000.00; won 0 of 1 (0), NZD 0.00; 1 stale
	//   proposal: median 1776h0m0s over 1 stays
	//   target NZD 25,000.00: gap NZD 7,000.00, coverage 0.72
	// slipping: q-101 (aroha, proposal) NZD 40,000.00, due 1 Mar, 720h0m0s late
}
