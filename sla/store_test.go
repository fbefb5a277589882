package sla_test

import (
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/sla"
)

// TestTicketFilterMatch checks every field of the filter at both edges,
// and the state filters at instants where several events meet.
func TestTicketFilterMatch(t *testing.T) {
	h := func(n int) time.Time { return time.Date(2024, 6, 3, n, 0, 0, 0, time.UTC) }
	tick := time.Nanosecond
	ev := func(k sla.EventKind, at time.Time) sla.Event {
		e := sla.Event{Kind: k, At: at}
		switch k {
		case sla.EventOpened:
			e.Priority = sla.PriorityHigh
		case sla.EventStatusChanged:
			e.Status = sla.StatusPending
		}
		return e
	}
	base := sla.Timeline{Ticket: "T", Account: "acme", Tier: 2, Category: "billing", Service: "email",
		Events: []sla.Event{ev(sla.EventOpened, h(1)), ev(sla.EventAgentReply, h(2))}}
	with := func(evs ...sla.Event) sla.Timeline {
		tl := base
		tl.Events = append(append([]sla.Event(nil), base.Events...), evs...)
		if err := tl.Validate(); err != nil {
			t.Fatal(err)
		}
		return tl
	}
	// Solved, reopened and solved again at 4: solved at 4.
	resolved := with(ev(sla.EventSolved, h(3)), ev(sla.EventSolved, h(4)), ev(sla.EventReopened, h(4)))
	// Solved at 3, then reopened at 4 and closed at 4: closed at 4.
	closed := with(ev(sla.EventSolved, h(3)), ev(sla.EventClosed, h(4)), ev(sla.EventReopened, h(4)))
	// Solved at 3, reopened at 4 with a note: open from 4.
	reopened := with(ev(sla.EventSolved, h(3)), ev(sla.EventInternalNote, h(4)), ev(sla.EventReopened, h(4)))

	tests := []struct {
		name string
		f    sla.TicketFilter
		tl   sla.Timeline
		want bool
	}{
		{"zero filter", sla.TicketFilter{}, base, true},
		{"zero filter, no events", sla.TicketFilter{Account: "acme"}, sla.Timeline{Account: "acme"}, true},
		{"a time, no events", sla.TicketFilter{From: h(0)}, sla.Timeline{Account: "acme"}, false},
		{"Account", sla.TicketFilter{Account: "acme"}, base, true},
		{"other Account", sla.TicketFilter{Account: "Acme"}, base, false},
		{"Category", sla.TicketFilter{Category: "billing"}, base, true},
		{"other Category", sla.TicketFilter{Category: "Billing"}, base, false},
		{"Service", sla.TicketFilter{Service: "email"}, base, true},
		{"other Service", sla.TicketFilter{Service: "payroll"}, base, false},
		{"Tiers", sla.TicketFilter{Tiers: []account.Tier{1, 2}}, base, true},
		{"other Tiers", sla.TicketFilter{Tiers: []account.Tier{1, 3}}, base, false},
		{"From at the opening", sla.TicketFilter{From: h(1)}, base, true},
		{"From after the opening", sla.TicketFilter{From: h(1).Add(tick)}, base, false},
		{"To after the opening", sla.TicketFilter{To: h(1).Add(tick)}, base, true},
		{"To at the opening", sla.TicketFilter{To: h(1)}, base, false},
		{"To in another zone", sla.TicketFilter{To: h(1).In(time.FixedZone("NZST", 12*3600))}, base, false},

		{"UnsolvedAt before the opening", sla.TicketFilter{UnsolvedAt: h(1).Add(-tick)}, base, false},
		{"UnsolvedAt at the opening", sla.TicketFilter{UnsolvedAt: h(1)}, base, true},
		{"UnsolvedAt later, never solved", sla.TicketFilter{UnsolvedAt: h(9)}, base, true},
		{"UnsolvedAt before the solve", sla.TicketFilter{UnsolvedAt: h(3).Add(-tick)}, resolved, true},
		{"UnsolvedAt at the solve", sla.TicketFilter{UnsolvedAt: h(3)}, resolved, false},
		{"UnsolvedAt at a reopen and solve", sla.TicketFilter{UnsolvedAt: h(4)}, resolved, false},
		{"UnsolvedAt at a reopen and close", sla.TicketFilter{UnsolvedAt: h(4)}, closed, false},
		{"UnsolvedAt at a reopen", sla.TicketFilter{UnsolvedAt: h(4)}, reopened, true},
		{"UnsolvedAt before a reopen", sla.TicketFilter{UnsolvedAt: h(4).Add(-tick)}, reopened, false},

		{"ActiveFrom, never solved", sla.TicketFilter{ActiveFrom: h(9)}, base, true},
		{"ActiveFrom at the last event", sla.TicketFilter{ActiveFrom: h(4)}, resolved, true},
		{"ActiveFrom after the last event, solved", sla.TicketFilter{ActiveFrom: h(4).Add(tick)}, resolved, false},
		{"ActiveFrom after the last event, closed", sla.TicketFilter{ActiveFrom: h(4).Add(tick)}, closed, false},
		{"ActiveFrom after the last event, reopened", sla.TicketFilter{ActiveFrom: h(4).Add(tick)}, reopened, true},
		{"ActiveFrom before the solve", sla.TicketFilter{ActiveFrom: h(3)}, with(ev(sla.EventSolved, h(3))), true},
		{"ActiveFrom after the solve", sla.TicketFilter{ActiveFrom: h(3).Add(tick)}, with(ev(sla.EventSolved, h(3))), false},

		{"every field", sla.TicketFilter{Account: "acme", Tiers: []account.Tier{2}, Category: "billing", Service: "email",
			From: h(1), To: h(2), UnsolvedAt: h(2), ActiveFrom: h(2)}, base, true},
	}
	for _, tt := range tests {
		if got := tt.f.Match(tt.tl); got != tt.want {
			t.Errorf("%s: Match = %v, want %v", tt.name, got, tt.want)
		}
	}
}
