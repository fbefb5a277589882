package sla_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/store/memstore"
)

// Tickets live in a store: a ticket is created with its opening event and
// grows by appended events, each append carrying the version it read. A
// Service evaluates one stored ticket by ID.
func ExampleService_Evaluate() {
	ctx := context.Background()
	support := supportCalendar()
	ev, err := sla.NewEvaluator(sla.Policies{{Name: "Standard", Targets: []sla.Target{
		{Metric: sla.MetricFirstResponse, Priority: sla.PriorityHigh, Within: 2 * time.Hour},
	}}}, sla.Calendars{Named: map[string]*calendar.Calendar{"nz-support": support}, Default: "nz-support"})
	if err != nil {
		log.Fatal(err)
	}
	june := func(day, hour, min int) time.Time {
		return time.Date(2024, time.June, day, hour, min, 0, 0, support.Location())
	}

	store := memstore.New()
	t, err := store.CreateTicket(ctx, sla.Timeline{
		Ticket: "T-1001", Account: "acme", Tier: 1, Category: "billing", Service: "invoicing",
		Events: []sla.Event{{At: june(7, 15, 30), Kind: sla.EventOpened, Priority: sla.PriorityHigh}}, // Friday
	})
	if err != nil {
		log.Fatal(err)
	}
	// The reply comes on Monday morning.
	t, err = store.AppendTicketEvents(ctx, t.Ticket, t.Version, sla.Event{At: june(10, 9, 15), Kind: sla.EventAgentReply})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("version", t.Version, "with", len(t.Events), "events")

	svc := sla.NewService(store, ev)
	res, err := svc.Evaluate(ctx, "T-1001", june(10, 12, 0))
	if err != nil {
		log.Fatal(err)
	}
	c, _ := res.Metric(sla.MetricFirstResponse).Last()
	fmt.Printf("%s: %s, %v of %v\n", res.Ticket, c.State, c.Elapsed, c.Target)
	// Output:
	// version 2 with 2 events
	// T-1001: breached, 2h15m0s of 2h0m0s
}

// juneService returns a Service over a store of three tickets, and the
// month of June 2024.
func juneService() (*sla.Service, sla.Period) {
	ctx := context.Background()
	support := supportCalendar()
	ev, err := sla.NewEvaluator(sla.Policies{{Name: "Standard", Targets: []sla.Target{
		{Metric: sla.MetricFirstResponse, Priority: sla.PriorityHigh, Within: time.Hour},
		{Metric: sla.MetricResolution, Priority: sla.PriorityHigh, Measure: sla.MeasureBusinessDays, Days: 2},
	}}}, sla.Calendars{Named: map[string]*calendar.Calendar{"nz-support": support}, Default: "nz-support"})
	if err != nil {
		log.Fatal(err)
	}
	at := func(month time.Month, day, hour, min int) time.Time {
		return time.Date(2024, month, day, hour, min, 0, 0, support.Location())
	}
	store := memstore.New()
	for _, tl := range []sla.Timeline{
		{Ticket: "A", Account: "acme", Tier: 1, Events: []sla.Event{ // solved in May
			{At: at(5, 20, 9, 0), Kind: sla.EventOpened, Priority: sla.PriorityHigh},
			{At: at(5, 20, 9, 30), Kind: sla.EventAgentReply},
			{At: at(5, 21, 9, 0), Kind: sla.EventSolved},
		}},
		{Ticket: "B", Account: "acme", Tier: 1, Events: []sla.Event{ // opened in May, solved in June within 2 business days (3 June is a holiday)
			{At: at(5, 31, 16, 0), Kind: sla.EventOpened, Priority: sla.PriorityHigh},
			{At: at(5, 31, 16, 30), Kind: sla.EventAgentReply},
			{At: at(6, 5, 10, 0), Kind: sla.EventSolved},
		}},
		{Ticket: "C", Account: "globex", Tier: 2, Events: []sla.Event{ // answered, never solved
			{At: at(6, 11, 9, 0), Kind: sla.EventOpened, Priority: sla.PriorityHigh},
			{At: at(6, 11, 9, 40), Kind: sla.EventAgentReply},
		}},
	} {
		if _, err := store.CreateTicket(ctx, tl); err != nil {
			log.Fatal(err)
		}
	}
	return sla.NewService(store, ev), sla.Period{From: at(6, 1, 0, 0), To: at(7, 1, 0, 0)}
}

// Every ticket that can have an outcome in June, evaluated at the end of
// the month and streamed from the store: ticket A, solved in May, is not
// even read.
func ExampleService_EvaluatePeriod() {
	svc, june := juneService()
	for res, err := range svc.EvaluatePeriod(context.Background(), june, june.To) {
		if err != nil {
			log.Fatal(err)
		}
		r := res.Metric(sla.MetricResolution)
		fmt.Println(res.Ticket, res.Account, "resolution", r.State)
	}
	// Output:
	// B acme resolution met
	// C globex resolution breached
}

// A month's compliance per account, straight from the store.
func ExampleService_Compliance() {
	svc, june := juneService()
	report, err := svc.Compliance(context.Background(), june, sla.Grouping{Account: true}, june.To)
	if err != nil {
		log.Fatal(err)
	}
	for _, row := range report.Rows {
		fmt.Printf("%s %s: %d met, %d breached\n", row.Account, row.Metric, row.Met, row.Breached)
	}
	// Output:
	// acme resolution: 1 met, 0 breached
	// globex first-response: 1 met, 0 breached
	// globex resolution: 0 met, 1 breached
}
