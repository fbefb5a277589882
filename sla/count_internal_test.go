package sla

import (
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/calendar"
)

// TestCountCycles: countCycles, which sizes a result's cycles before they
// are made, counts exactly the cycles evaluation makes, for every metric,
// at every instant of a ticket that goes through every kind of event. (A
// miscount would not change a result, only cost an allocation.)
func TestCountCycles(t *testing.T) {
	open, err := calendar.AlwaysOpen("UTC")
	if err != nil {
		t.Fatal(err)
	}
	var targets []Target
	for m := MetricFirstResponse; m <= MetricResolution; m++ {
		for p := PriorityUrgent; p <= PriorityLow; p++ {
			targets = append(targets, Target{Metric: m, Priority: p, Measure: MeasureWallTime, Within: time.Hour})
		}
	}
	e, err := NewEvaluator(Policies{{Name: "all", Targets: targets}},
		Calendars{Named: map[string]*calendar.Calendar{"24x7": open}, Default: "24x7"})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	tl := Timeline{Ticket: "T", Account: "a", Events: []Event{
		{At: at(0), Kind: EventCustomerMessage},
		{At: at(0), Kind: EventOpened, Priority: PriorityHigh},
		{At: at(5), Kind: EventCustomerMessage},
		{At: at(10), Kind: EventAgentReply},
		{At: at(10), Kind: EventStatusChanged, Status: StatusPending},
		{At: at(20), Kind: EventCustomerMessage},
		{At: at(21), Kind: EventCustomerMessage},
		{At: at(20), Kind: EventStatusChanged, Status: StatusOpen},
		{At: at(30), Kind: EventAgentReply},
		{At: at(31), Kind: EventInternalNote},
		{At: at(32), Kind: EventPriorityChanged, Priority: PriorityLow},
		{At: at(40), Kind: EventSolved},
		{At: at(41), Kind: EventCustomerMessage},
		{At: at(42), Kind: EventAgentReply},
		{At: at(50), Kind: EventReopened},
		{At: at(55), Kind: EventCustomerMessage},
		{At: at(60), Kind: EventAgentReply},
		{At: at(70), Kind: EventClosed},
	}}
	// Events at the same instant in canonical order and in time order.
	for i := 1; i < len(tl.Events); i++ {
		for j := i; j > 0 && tl.Events[j].At.Before(tl.Events[j-1].At); j-- {
			tl.Events[j], tl.Events[j-1] = tl.Events[j-1], tl.Events[j]
		}
	}
	ord, err := tl.order(nil)
	if err != nil {
		t.Fatal(err)
	}
	for minute := 0; minute <= 80; minute++ {
		now := at(minute)
		res, err := e.Evaluate(tl, now)
		if err != nil {
			t.Fatal(err)
		}
		got := countCycles(&tl, ord, now, &e.policies[0].measures)
		var want [numMetrics]int
		for m, mr := range res.Metrics {
			want[m] = len(mr.Cycles)
		}
		if got != want {
			t.Errorf("at minute %d: counted %v cycles, evaluation made %v", minute, got, want)
		}
	}
}
