package sla_test

import (
	"fmt"
	"log"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/sla"
)

// supportCalendar returns Auckland office hours with a lunch break and the
// New Zealand public holidays.
func supportCalendar() *calendar.Calendar {
	nz, err := calendar.Country("NZ")
	if err != nil {
		log.Fatal(err)
	}
	hours, err := calendar.ParseWindows("08:30-12:00, 13:00-17:00")
	if err != nil {
		log.Fatal(err)
	}
	support, err := calendar.New(calendar.Config{
		Name: "nz-support",
		Zone: "Pacific/Auckland",
		Versions: []calendar.Version{{
			Week:        calendar.MondayToFriday(hours...),
			HolidaySets: []calendar.HolidaySet{nz},
		}},
	})
	if err != nil {
		log.Fatal(err)
	}
	return support
}

// A key account's ticket, opened on a Friday afternoon, answered on Monday
// and then left waiting for the customer for the rest of the morning.
func ExampleEvaluate() {
	support := supportCalendar()
	policies := sla.Policies{
		{Name: "Key accounts", Tiers: []account.Tier{1}, Targets: []sla.Target{
			{Metric: sla.MetricFirstResponse, Priority: sla.PriorityHigh, Within: 2 * time.Hour},
			{Metric: sla.MetricResolution, Priority: sla.PriorityHigh, Measure: sla.MeasureBusinessDays, Days: 2,
				Warn: sla.Warning{Consumed: 75 * sla.OnePercent}},
		}},
		{Name: "Standard", Targets: []sla.Target{
			{Metric: sla.MetricFirstResponse, Priority: sla.PriorityHigh, Within: 4 * time.Hour},
		}},
	}
	cals := sla.Calendars{
		Named:   map[string]*calendar.Calendar{"nz-support": support},
		Default: "nz-support",
	}
	june := func(day, hour, min int) time.Time {
		return time.Date(2024, time.June, day, hour, min, 0, 0, support.Location())
	}
	ticket := sla.Timeline{Ticket: "T-1001", Account: "acme", Tier: 1, Events: []sla.Event{
		{At: june(7, 15, 30), Kind: sla.EventOpened, Priority: sla.PriorityHigh}, // Friday
		{At: june(10, 9, 0), Kind: sla.EventAgentReply},                          // Monday
		{At: june(10, 9, 0), Kind: sla.EventStatusChanged, Status: sla.StatusPending},
		{At: june(10, 14, 0), Kind: sla.EventCustomerMessage},
		{At: june(10, 14, 0), Kind: sla.EventStatusChanged, Status: sla.StatusOpen},
	}}

	res, err := sla.Evaluate(policies, cals, ticket, june(11, 10, 0)) // Tuesday 10:00
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("policy:", res.Policy)
	for _, m := range []sla.Metric{sla.MetricFirstResponse, sla.MetricResolution} {
		c, _ := res.Metric(m).Last()
		fmt.Printf("%s: %s, %v of %v (%v), due %s\n",
			m, c.State, c.Elapsed, c.Target, c.Consumed(), c.Due.Format("Mon 2 Jan 15:04"))
	}
	c, _ := res.Metric(sla.MetricResolution).Last()
	fmt.Println("warn at:", c.WarnAt.Format("Mon 15:04"), "paused:", c.Paused)
	for s := range c.Trace.All() {
		fmt.Println(s)
	}
	// Output:
	// policy: Key accounts
	// first-response: met, 2h0m0s of 2h0m0s (100.00%), due Mon 10 Jun 09:00
	// resolution: running, 6h30m0s of 15h0m0s (43.33%), due Wed 12 Jun 11:00
	// warn at: Tue 15:45 paused: 5h0m0s
	// 2024-06-07T15:30:00+12:00 started under "Key accounts": high: 2 business-days (15h0m0s) on "nz-support" (default), by event 0 (opened)
	// 2024-06-10T09:00:00+12:00 paused: status pending, elapsed 2h0m0s, by event 2 (status-changed)
	// 2024-06-10T14:00:00+12:00 resumed: elapsed 2h0m0s of 15h0m0s, by event 4 (status-changed)
}

// A month's first-response compliance per priority, over four tickets
// evaluated as a batch: the results stream from EvaluateAll straight into
// the report. Monday 3 June 2024 is a public holiday in New Zealand
// (King's Birthday).
func ExampleCompliance() {
	support := supportCalendar()
	policies := sla.Policies{{Name: "Standard", Targets: []sla.Target{
		{Metric: sla.MetricFirstResponse, Priority: sla.PriorityHigh, Within: time.Hour},
		{Metric: sla.MetricFirstResponse, Priority: sla.PriorityNormal, Within: 4 * time.Hour},
	}}}
	cals := sla.Calendars{Named: map[string]*calendar.Calendar{"nz-support": support}, Default: "nz-support"}
	at := func(month time.Month, day, hour, min int) time.Time {
		return time.Date(2024, month, day, hour, min, 0, 0, support.Location())
	}
	ticket := func(id string, p sla.Priority, opened, replied time.Time) sla.Timeline {
		return sla.Timeline{Ticket: id, Account: "acme", Tier: 2, Events: []sla.Event{
			{At: opened, Kind: sla.EventOpened, Priority: p},
			{At: replied, Kind: sla.EventAgentReply},
		}}
	}
	tickets := []sla.Timeline{
		ticket("A", sla.PriorityHigh, at(6, 4, 9, 0), at(6, 4, 9, 45)),     // 45m
		ticket("B", sla.PriorityHigh, at(6, 4, 11, 30), at(6, 4, 13, 45)),  // 30m + lunch + 45m
		ticket("C", sla.PriorityNormal, at(5, 31, 16, 0), at(6, 4, 10, 0)), // Fri 1h + holiday + Tue 1h30
		ticket("D", sla.PriorityNormal, at(6, 4, 14, 0), at(6, 5, 11, 0)),  // 3h + 2h30
	}

	ev, err := sla.NewEvaluator(policies, cals)
	if err != nil {
		log.Fatal(err)
	}
	june := sla.Period{From: at(6, 1, 0, 0), To: at(7, 1, 0, 0)}
	report, err := sla.Compliance(ev.EvaluateAll(tickets, june.To, 0), june, sla.Grouping{Priority: true})
	if err != nil {
		log.Fatal(err)
	}
	for _, row := range report.Rows {
		fmt.Printf("%s %s: %d tickets, %d met, %d breached, %v, median %v, p90 %v\n",
			row.Priority, row.Metric, row.Tickets, row.Met, row.Breached, row.Compliance, row.Median, row.P90)
		for _, b := range row.Breaches {
			fmt.Printf("  breach: %s at %s (%v of %v)\n", b.Ticket, b.BreachedAt.Format("Mon 2 Jan 15:04"), b.Elapsed, b.Target)
		}
	}
	// Output:
	// high first-response: 2 tickets, 1 met, 1 breached, 50.00%, median 45m0s, p90 1h15m0s
	//   breach: B at Tue 4 Jun 13:30 (1h15m0s of 1h0m0s)
	// normal first-response: 2 tickets, 1 met, 1 breached, 50.00%, median 2h30m0s, p90 5h30m0s
	//   breach: D at Wed 5 Jun 09:30 (5h30m0s of 4h0m0s)
}
