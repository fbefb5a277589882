package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/sla"
)

// RunTickets runs the conformance suite of [sla.TicketStore] against stores
// made by newStore, each check in a subtest of t ("Tickets/StaleVersion",
// "Tickets/Filters/UnsolvedAt", "Tickets/Concurrency/NoLostAppend", ...).
// newStore must return a new, empty store each time it is called, as for
// [Run]. RunTickets fails t (through its subtests) for every promise of the
// TicketStore contract the store breaks. It panics if newStore is nil.
func RunTickets(t *testing.T, newStore func(t *testing.T) sla.TicketStore) {
	if newStore == nil {
		panic("storetest: RunTickets called with a nil newStore")
	}
	t.Run("Tickets", func(t *testing.T) {
		t.Run("CreateAndRead", func(t *testing.T) { testTicketCreate(t, newStore(t)) })
		t.Run("Append", func(t *testing.T) { testTicketAppend(t, newStore(t)) })
		t.Run("StaleVersion", func(t *testing.T) { testTicketStale(t, newStore(t)) })
		t.Run("NotFound", func(t *testing.T) { testTicketNotFound(t, newStore(t)) })
		t.Run("TakenID", func(t *testing.T) { testTicketTaken(t, newStore(t)) })
		t.Run("InvalidCreate", func(t *testing.T) { testTicketInvalidCreate(t, newStore(t)) })
		t.Run("InvalidAppend", func(t *testing.T) { testTicketInvalidAppend(t, newStore(t)) })
		t.Run("Order", func(t *testing.T) { testTicketOrder(t, newStore(t)) })
		t.Run("Filters", func(t *testing.T) { testTicketFilters(t, newStore) })
		t.Run("NoAliasing", func(t *testing.T) { testTicketAliasing(t, newStore(t)) })
		t.Run("Sequences", func(t *testing.T) { testTicketSequences(t, newStore) })
		t.Run("Context", func(t *testing.T) { testTicketContext(t, newStore) })
		t.Run("Concurrency", func(t *testing.T) { testTicketConcurrency(t, newStore) })
		t.Run("Model", func(t *testing.T) { testTicketModel(t, newStore) })
	})
}

// sampleTicket returns a valid timeline of one event: the ticket id of
// acct, opened at open.
func sampleTicket(id string, acct account.ID, open time.Time) sla.Timeline {
	return sla.Timeline{
		Ticket: id, Account: acct, Tier: 2, Category: "billing", Service: "email",
		Events: []sla.Event{{ID: id + "/open", At: open, Kind: sla.EventOpened, Priority: sla.PriorityHigh}},
	}
}

// note returns an internal note at at: an event any open ticket takes.
func note(id string, at time.Time) sla.Event {
	return sla.Event{ID: id, At: at, Kind: sla.EventInternalNote}
}

func event(kind sla.EventKind, at time.Time) sla.Event {
	ev := sla.Event{At: at, Kind: kind}
	switch kind {
	case sla.EventOpened, sla.EventPriorityChanged:
		ev.Priority = sla.PriorityNormal
	case sla.EventStatusChanged:
		ev.Status = sla.StatusPending
	}
	return ev
}

func ticketIDs(ts []sla.Ticket) []string {
	return ids(ts, func(t sla.Ticket) string { return t.Ticket })
}

func listTickets(t reporter, ctx context.Context, s sla.TicketStore, f sla.TicketFilter) []sla.Ticket {
	t.Helper()
	return collect(t, "list tickets", s.Tickets(ctx, f))
}

// wantEventError fails t unless err wraps sla.ErrInvalid and target (a
// sentinel of sla), and carries an *sla.EventError of the event index of
// ticket.
func wantEventError(t reporter, what string, err, target error, ticket string, index int) {
	t.Helper()
	wantErr(t, what, err, sla.ErrInvalid)
	wantErr(t, what, err, target)
	var ee *sla.EventError
	if !errors.As(err, &ee) {
		t.Errorf("%s: error %v holds no *sla.EventError", what, err)
		return
	}
	if ee.Ticket != ticket || ee.Index != index {
		t.Errorf("%s: EventError names event %d of %q, want event %d of %q", what, ee.Index, ee.Ticket, index, ticket)
	}
}

// wantTimelineFieldError fails t unless err wraps sla.ErrInvalid and
// carries an *account.FieldError of the field of the Timeline ticket.
func wantTimelineFieldError(t reporter, what string, err error, ticket, field string) {
	t.Helper()
	wantErr(t, what, err, sla.ErrInvalid)
	var fe *account.FieldError
	if !errors.As(err, &fe) {
		t.Errorf("%s: error %v holds no *account.FieldError", what, err)
		return
	}
	if fe.Record != "Timeline" || fe.ID != ticket || fe.Field != field {
		t.Errorf("%s: FieldError names %s %q field %q, want Timeline %q field %q", what, fe.Record, fe.ID, fe.Field, ticket, field)
	}
}

func testTicketCreate(t *testing.T, s sla.TicketStore) {
	ctx := t.Context()
	in := sampleTicket("T-1", "acme", hours(1).In(nzTime))
	in.Tier, in.Category, in.Service = 1, "outage", "payroll"
	in.Events = append(in.Events,
		sla.Event{ID: "m", At: hours(1), Kind: sla.EventCustomerMessage}, // the opening instant, in UTC
		sla.Event{At: hours(2), Kind: sla.EventStatusChanged, Status: sla.StatusPending},
		sla.Event{At: hours(3), Kind: sla.EventPriorityChanged, Priority: sla.PriorityUrgent})
	got, err := s.CreateTicket(ctx, in)
	wantNoErr(t, "create", err)
	want := sla.Ticket{Timeline: in, Version: 1}
	diff(t, "created", got, want)
	read, err := s.Ticket(ctx, "T-1")
	wantNoErr(t, "read", err)
	diff(t, "read", read, want)
	diff(t, "list", listTickets(t, ctx, s, sla.TicketFilter{}), []sla.Ticket{want})

	// A ticket with the fewest fields: no tier, category or service.
	bare := sla.Timeline{Ticket: "T-0", Account: "globex",
		Events: []sla.Event{{At: hours(0), Kind: sla.EventOpened, Priority: sla.PriorityLow}}}
	_, err = s.CreateTicket(ctx, bare)
	wantNoErr(t, "create a bare ticket", err)
	read, err = s.Ticket(ctx, "T-0")
	wantNoErr(t, "read the bare ticket", err)
	diff(t, "read the bare ticket", read, sla.Ticket{Timeline: bare, Version: 1})
}

func testTicketAppend(t *testing.T, s sla.TicketStore) {
	ctx := t.Context()
	tl := sampleTicket("T-1", "acme", hours(1))
	_, err := s.CreateTicket(ctx, tl)
	wantNoErr(t, "create", err)

	batch := []sla.Event{
		{ID: "r", At: hours(2), Kind: sla.EventAgentReply},
		{ID: "m", At: hours(3).In(nzTime), Kind: sla.EventCustomerMessage},
	}
	got, err := s.AppendTicketEvents(ctx, "T-1", 1, batch...)
	wantNoErr(t, "append a batch", err)
	want := sla.Ticket{Timeline: tl, Version: 2}
	want.Events = append(slices.Clone(tl.Events), batch...)
	diff(t, "after one append of two events", got, want)

	// Events at the instant of the last stored one are allowed.
	same := sla.Event{ID: "s", At: hours(3), Kind: sla.EventSolved}
	got, err = s.AppendTicketEvents(ctx, "T-1", 2, same)
	wantNoErr(t, "append at the last stored instant", err)
	want.Events, want.Version = append(want.Events, same), 3
	diff(t, "after the second append", got, want)

	got, err = s.AppendTicketEvents(ctx, "T-1", 3)
	wantNoErr(t, "append nothing", err)
	diff(t, "after appending nothing (the version stays)", got, want)

	reopen, closed := event(sla.EventReopened, hours(4)), event(sla.EventClosed, hours(5))
	_, err = s.AppendTicketEvents(ctx, "T-1", 3, reopen)
	wantNoErr(t, "reopen", err)
	_, err = s.AppendTicketEvents(ctx, "T-1", 4, closed)
	wantNoErr(t, "close", err)
	want.Events, want.Version = append(want.Events, reopen, closed), 5
	read, err := s.Ticket(ctx, "T-1")
	wantNoErr(t, "read", err)
	diff(t, "read after four appends", read, want)
	diff(t, "listed after four appends", listTickets(t, ctx, s, sla.TicketFilter{}), []sla.Ticket{want})
}

func testTicketStale(t *testing.T, s sla.TicketStore) {
	ctx := t.Context()
	created, err := s.CreateTicket(ctx, sampleTicket("T-1", "acme", hours(1)))
	wantNoErr(t, "create", err)
	cur, err := s.AppendTicketEvents(ctx, "T-1", 1, note("n1", hours(2)))
	wantNoErr(t, "append", err)
	for _, v := range []int64{0, 1, 3, -1} {
		_, err := s.AppendTicketEvents(ctx, "T-1", v, note("late", hours(3)))
		wantErr(t, fmt.Sprintf("append with version %d of 2", v), err, account.ErrConflict)
		_, err = s.AppendTicketEvents(ctx, "T-1", v)
		wantErr(t, fmt.Sprintf("append nothing with version %d of 2", v), err, account.ErrConflict)
	}
	read, err := s.Ticket(ctx, "T-1")
	wantNoErr(t, "read", err)
	diff(t, "after the stale appends", read, cur)
	if created.Version != 1 || cur.Version != 2 {
		t.Errorf("versions %d after create and %d after an append, want 1 and 2", created.Version, cur.Version)
	}
}

func testTicketNotFound(t *testing.T, s sla.TicketStore) {
	ctx := t.Context()
	_, err := s.CreateTicket(ctx, sampleTicket("T-1", "acme", hours(1)))
	wantNoErr(t, "create", err)
	_, err = s.Ticket(ctx, "T-2")
	wantErr(t, "read a missing ticket", err, account.ErrNotFound)
	_, err = s.Ticket(ctx, "")
	wantErr(t, "read the empty ID", err, account.ErrNotFound)
	_, err = s.AppendTicketEvents(ctx, "T-2", 1, note("n", hours(2)))
	wantErr(t, "append to a missing ticket", err, account.ErrNotFound)
	_, err = s.AppendTicketEvents(ctx, "t-1", 1)
	wantErr(t, "append nothing to a missing ticket (IDs are case-sensitive)", err, account.ErrNotFound)
	diff(t, "IDs after the failures", ticketIDs(listTickets(t, ctx, s, sla.TicketFilter{})), []string{"T-1"})
}

func testTicketTaken(t *testing.T, s sla.TicketStore) {
	ctx := t.Context()
	first, err := s.CreateTicket(ctx, sampleTicket("T-1", "acme", hours(1)))
	wantNoErr(t, "create", err)
	_, err = s.CreateTicket(ctx, sampleTicket("T-1", "globex", hours(0)))
	wantErr(t, "create a taken ID", err, account.ErrConflict)
	_, err = s.AppendTicketEvents(ctx, "T-1", 1, note("n", hours(2)))
	wantNoErr(t, "append", err)
	_, err = s.CreateTicket(ctx, sampleTicket("T-1", "acme", hours(1)))
	wantErr(t, "create a taken ID again", err, account.ErrConflict)
	got := listTickets(t, ctx, s, sla.TicketFilter{})
	first.Version, first.Events = 2, append(first.Events, note("n", hours(2)))
	diff(t, "stored after the conflicts", got, []sla.Ticket{first})
}

func testTicketInvalidCreate(t *testing.T, s sla.TicketStore) {
	ctx := t.Context()
	ok := sampleTicket("T-2", "acme", hours(1))
	tests := []struct {
		name   string
		tl     func(tl sla.Timeline) sla.Timeline
		field  string // a FieldError's field, or
		target error  // an EventError's sentinel
		index  int    // and index
	}{
		{name: "no Ticket", tl: func(tl sla.Timeline) sla.Timeline { tl.Ticket = ""; return tl }, field: "Ticket"},
		{name: "no Account", tl: func(tl sla.Timeline) sla.Timeline { tl.Account = ""; return tl }, field: "Account"},
		{name: "no events", tl: func(tl sla.Timeline) sla.Timeline { tl.Events = nil; return tl }, field: "Events"},
		{name: "no opened event", target: sla.ErrBeforeOpen, index: 0, tl: func(tl sla.Timeline) sla.Timeline {
			tl.Events = []sla.Event{note("n", hours(1))}
			return tl
		}},
		{name: "out of order", target: sla.ErrOutOfOrder, index: 2, tl: func(tl sla.Timeline) sla.Timeline {
			tl.Events = append(tl.Events, note("n2", hours(3)), note("n1", hours(3).Add(-time.Microsecond)))
			return tl
		}},
		{name: "refused transition", target: sla.ErrTransition, index: 1, tl: func(tl sla.Timeline) sla.Timeline {
			tl.Events = append(tl.Events, event(sla.EventReopened, hours(2)))
			return tl
		}},
		{name: "bad field", target: sla.ErrEventField, index: 1, tl: func(tl sla.Timeline) sla.Timeline {
			tl.Events = append(tl.Events, sla.Event{At: hours(2), Kind: sla.EventStatusChanged})
			return tl
		}},
	}
	for _, tt := range tests {
		tl := tt.tl(sampleTicket("T-2", "acme", hours(1)))
		_, err := s.CreateTicket(ctx, tl)
		if tt.field != "" {
			wantTimelineFieldError(t, tt.name, err, tl.Ticket, tt.field)
		} else {
			wantEventError(t, tt.name, err, tt.target, tl.Ticket, tt.index)
		}
		if tl.Ticket != "" {
			_, err = s.Ticket(ctx, tl.Ticket)
			wantErr(t, tt.name+": read the rejected ticket", err, account.ErrNotFound)
		}
	}
	diff(t, "stored after the rejected creates", listTickets(t, ctx, s, sla.TicketFilter{}), []sla.Ticket(nil))
	// The ID of a rejected ticket is free.
	got, err := s.CreateTicket(ctx, ok)
	wantNoErr(t, "create", err)
	diff(t, "created after the rejections", got, sla.Ticket{Timeline: ok, Version: 1})
}

func testTicketInvalidAppend(t *testing.T, s sla.TicketStore) {
	ctx := t.Context()
	tl := sampleTicket("T-1", "acme", hours(1))
	tl.Events = append(tl.Events, note("n", hours(4)), event(sla.EventSolved, hours(4)))
	stored, err := s.CreateTicket(ctx, tl)
	wantNoErr(t, "create", err)
	// Each batch would be stored at index 3 on.
	tests := []struct {
		name   string
		evs    []sla.Event
		target error
		index  int
	}{
		{"earlier than the last stored", []sla.Event{note("early", hours(4).Add(-time.Microsecond))}, sla.ErrOutOfOrder, 3},
		{"a valid event, then an earlier one", []sla.Event{note("ok", hours(5)), note("early", hours(4))}, sla.ErrOutOfOrder, 4},
		{"solved twice", []sla.Event{event(sla.EventSolved, hours(5))}, sla.ErrTransition, 3},
		{"status change of a solved ticket", []sla.Event{event(sla.EventStatusChanged, hours(5))}, sla.ErrTransition, 3},
		{"reopened at the solving instant (taken before it)", []sla.Event{event(sla.EventReopened, hours(4))}, sla.ErrTransition, 3},
		{"opened again", []sla.Event{event(sla.EventReopened, hours(5)), event(sla.EventOpened, hours(6))}, sla.ErrTransition, 4},
		{"after a close", []sla.Event{event(sla.EventClosed, hours(5)), note("late", hours(6))}, sla.ErrAfterClose, 4},
		{"unknown kind", []sla.Event{event(sla.EventReopened, hours(5)), {At: hours(6), Kind: 99}}, sla.ErrUnknownKind, 4},
		{"a zero time", []sla.Event{event(sla.EventReopened, hours(5)), {Kind: sla.EventInternalNote}}, sla.ErrEventField, 4},
	}
	for _, tt := range tests {
		_, err := s.AppendTicketEvents(ctx, "T-1", 1, tt.evs...)
		wantEventError(t, tt.name, err, tt.target, "T-1", tt.index)
		read, err := s.Ticket(ctx, "T-1")
		wantNoErr(t, "read", err)
		diff(t, tt.name+": stored after the rejected append", read, stored)
	}
	// The store takes the next valid batch at version 1 still.
	got, err := s.AppendTicketEvents(ctx, "T-1", 1, event(sla.EventReopened, hours(5)))
	wantNoErr(t, "append after the rejections", err)
	if got.Version != 2 || len(got.Events) != 4 {
		t.Errorf("after the rejections and one append: version %d with %d events, want 2 with 4", got.Version, len(got.Events))
	}
}

func testTicketOrder(t *testing.T, s sla.TicketStore) {
	ctx := t.Context()
	for _, c := range []struct {
		id   string
		open time.Time
	}{
		{"T-5", hours(2)},
		{"T-1", hours(2).In(nzTime)}, // the same instant as T-5, in another zone
		{"T-3", hours(1)},
		{"T-2", hours(-3)},
		{"T-9", hours(5)},
		{"T-0", hours(2).Add(time.Microsecond)},
		{"t-4", hours(2)}, // lower case sorts after upper
		{"T-8", time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)}, // before 1970
	} {
		_, err := s.CreateTicket(ctx, sampleTicket(c.id, "acme", c.open))
		wantNoErr(t, "create "+c.id, err)
	}
	// Events appended later do not move a ticket: it stays at its opening.
	_, err := s.AppendTicketEvents(ctx, "T-8", 1, note("n", hours(100)))
	wantNoErr(t, "append", err)
	diff(t, "order", ticketIDs(listTickets(t, ctx, s, sla.TicketFilter{})),
		[]string{"T-8", "T-2", "T-3", "T-1", "T-5", "t-4", "T-0", "T-9"})
}

func testTicketFilters(t *testing.T, newStore func(*testing.T) sla.TicketStore) {
	t.Run("Fields", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		for _, c := range []struct {
			id, category, service string
			acct                  account.ID
			tier                  account.Tier
		}{
			{"T-1", "billing", "email", "acme", 1},
			{"T-2", "outage", "email", "acme", 1},
			{"T-3", "outage", "payroll", "globex", 2},
			{"T-4", "", "", "globex", account.Unassigned},
			{"T-5", "Outage", "payroll", "initech", 3},
		} {
			tl := sampleTicket(c.id, c.acct, hours(len(c.id)))
			tl.Category, tl.Service, tl.Tier = c.category, c.service, c.tier
			_, err := s.CreateTicket(ctx, tl)
			wantNoErr(t, "create "+c.id, err)
		}
		tests := []struct {
			name string
			f    sla.TicketFilter
			want []string
		}{
			{"zero filter", sla.TicketFilter{}, []string{"T-1", "T-2", "T-3", "T-4", "T-5"}},
			{"Account", sla.TicketFilter{Account: "globex"}, []string{"T-3", "T-4"}},
			{"unknown Account", sla.TicketFilter{Account: "Acme"}, nil},
			{"Tiers", sla.TicketFilter{Tiers: []account.Tier{3, 1}}, []string{"T-1", "T-2", "T-5"}},
			{"Tiers with Unassigned", sla.TicketFilter{Tiers: []account.Tier{account.Unassigned}}, []string{"T-4"}},
			{"Category (exact)", sla.TicketFilter{Category: "outage"}, []string{"T-2", "T-3"}},
			{"Service", sla.TicketFilter{Service: "payroll"}, []string{"T-3", "T-5"}},
			{"Category and Service", sla.TicketFilter{Category: "outage", Service: "email"}, []string{"T-2"}},
			{"every field", sla.TicketFilter{Account: "globex", Tiers: []account.Tier{2}, Category: "outage", Service: "payroll"}, []string{"T-3"}},
			{"no match", sla.TicketFilter{Account: "acme", Service: "payroll"}, nil},
		}
		for _, tt := range tests {
			diff(t, tt.name, ticketIDs(listTickets(t, ctx, s, tt.f)), tt.want)
		}
	})

	t.Run("Opened", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		t0, t1 := hours(24), hours(24*31)
		tick := time.Microsecond
		for _, c := range []struct {
			id   string
			open time.Time
		}{
			{"after", t1.Add(tick)},
			{"to", t1},
			{"last", t1.Add(-tick)},
			{"from-nz", t0.In(nzTime)},
			{"from", t0},
			{"before", t0.Add(-tick)},
		} {
			tl := sampleTicket(c.id, "acme", c.open)
			// Later events do not count: only the opening does.
			tl.Events = append(tl.Events, note("n", t1.Add(time.Hour)))
			_, err := s.CreateTicket(ctx, tl)
			wantNoErr(t, "create "+c.id, err)
		}
		tests := []struct {
			name string
			f    sla.TicketFilter
			want []string
		}{
			{"[From, To)", sla.TicketFilter{From: t0, To: t1}, []string{"from", "from-nz", "last"}},
			{"[From, To) in another zone", sla.TicketFilter{From: t0.In(nzTime), To: t1.In(nzTime)}, []string{"from", "from-nz", "last"}},
			{"From only", sla.TicketFilter{From: t0}, []string{"from", "from-nz", "last", "to", "after"}},
			{"To only", sla.TicketFilter{To: t1}, []string{"before", "from", "from-nz", "last"}},
			{"a tick past each end", sla.TicketFilter{From: t0.Add(tick), To: t1.Add(tick)}, []string{"last", "to"}},
			{"empty range", sla.TicketFilter{From: t1, To: t1}, nil},
			{"reversed range", sla.TicketFilter{From: t1, To: t0}, nil},
			{"one instant", sla.TicketFilter{From: t0, To: t0.Add(tick)}, []string{"from", "from-nz"}},
		}
		for _, tt := range tests {
			diff(t, tt.name, ticketIDs(listTickets(t, ctx, s, tt.f)), tt.want)
		}
	})

	t.Run("UnsolvedAt", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		tick := time.Microsecond
		mk := func(id string, evs ...sla.Event) {
			tl := sampleTicket(id, "acme", hours(1))
			tl.Events = append(tl.Events, evs...)
			_, err := s.CreateTicket(ctx, tl)
			wantNoErr(t, "create "+id, err)
		}
		mk("open")
		mk("pending", event(sla.EventStatusChanged, hours(2)))
		mk("solved", event(sla.EventSolved, hours(3)))
		mk("reopened", event(sla.EventSolved, hours(2)), event(sla.EventReopened, hours(3)))
		mk("resolved-again", event(sla.EventSolved, hours(2)), event(sla.EventReopened, hours(3)), event(sla.EventSolved, hours(3)))
		mk("closed", event(sla.EventClosed, hours(3)))
		tests := []struct {
			at   time.Time
			want []string
		}{
			{hours(1).Add(-tick), nil}, // before the opening
			{hours(1), []string{"closed", "open", "pending", "reopened", "resolved-again", "solved"}},
			{hours(2), []string{"closed", "open", "pending", "solved"}},
			{hours(3).Add(-tick), []string{"closed", "open", "pending", "solved"}},
			{hours(3), []string{"open", "pending", "reopened"}},
			{hours(3).In(nzTime), []string{"open", "pending", "reopened"}},
			{hours(9), []string{"open", "pending", "reopened"}},
		}
		for _, tt := range tests {
			got := ticketIDs(listTickets(t, ctx, s, sla.TicketFilter{UnsolvedAt: tt.at}))
			slices.Sort(got) // all open at one instant: order by ID
			diff(t, "UnsolvedAt "+tt.at.String(), got, tt.want)
		}
	})

	t.Run("ActiveFrom", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		tick := time.Microsecond
		mk := func(id string, evs ...sla.Event) {
			tl := sampleTicket(id, "acme", hours(1))
			tl.Events = append(tl.Events, evs...)
			_, err := s.CreateTicket(ctx, tl)
			wantNoErr(t, "create "+id, err)
		}
		mk("open")                                                                                     // never done
		mk("solved", event(sla.EventSolved, hours(3)))                                                 // done at 3
		mk("closed", note("n", hours(2)), event(sla.EventClosed, hours(4)))                            // done at 4
		mk("reopened", event(sla.EventSolved, hours(2)), event(sla.EventReopened, hours(5)))           // active
		mk("noted-after", event(sla.EventSolved, hours(2)), note("n", hours(6)))                       // last event at 6
		mk("solved-noted", note("n", hours(2)), event(sla.EventSolved, hours(2)), note("m", hours(2))) // done at 2
		tests := []struct {
			at   time.Time
			want []string
		}{
			{hours(0), []string{"closed", "noted-after", "open", "reopened", "solved", "solved-noted"}},
			{hours(2), []string{"closed", "noted-after", "open", "reopened", "solved", "solved-noted"}},
			{hours(2).Add(tick), []string{"closed", "noted-after", "open", "reopened", "solved"}},
			{hours(3), []string{"closed", "noted-after", "open", "reopened", "solved"}},
			{hours(3).Add(tick), []string{"closed", "noted-after", "open", "reopened"}},
			{hours(4).In(nzTime), []string{"closed", "noted-after", "open", "reopened"}},
			{hours(4).Add(tick), []string{"noted-after", "open", "reopened"}},
			{hours(6), []string{"noted-after", "open", "reopened"}},
			{hours(6).Add(tick), []string{"open", "reopened"}},
		}
		for _, tt := range tests {
			got := ticketIDs(listTickets(t, ctx, s, sla.TicketFilter{ActiveFrom: tt.at}))
			slices.Sort(got)
			diff(t, "ActiveFrom "+tt.at.String(), got, tt.want)
		}
		// A report's selection: opened before the end, active from the start.
		got := ticketIDs(listTickets(t, ctx, s, sla.TicketFilter{To: hours(1).Add(tick), ActiveFrom: hours(5)}))
		slices.Sort(got)
		diff(t, "To and ActiveFrom", got, []string{"noted-after", "open", "reopened"})
	})

	t.Run("FilterSliceReused", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		for i := range 3 {
			tl := sampleTicket(fmt.Sprint("T-", i), "acme", hours(i))
			tl.Tier = account.Tier(i + 1)
			_, err := s.CreateTicket(ctx, tl)
			wantNoErr(t, "create", err)
		}
		tiers := []account.Tier{1, 3}
		seq := s.Tickets(ctx, sla.TicketFilter{Tiers: tiers})
		tiers[0], tiers[1] = 2, 2 // the caller reuses its slice before the sequence runs
		diff(t, "listed with the tiers given", ticketIDs(collect(t, "list", seq)), []string{"T-0", "T-2"})
	})
}

func testTicketAliasing(t *testing.T, s sla.TicketStore) {
	ctx := t.Context()
	in := sampleTicket("T-1", "acme", hours(1))
	in.Events = append(in.Events, note("n1", hours(2)))
	want := sla.Ticket{Timeline: in, Version: 1}
	want.Events = slices.Clone(in.Events)
	mutate := func(t *sla.Ticket) {
		t.Events[0].ID, t.Events[len(t.Events)-1].At = "changed", hours(99)
		t.Events = append(t.Events[:1], note("x", hours(50))) // writes past the first event in place
	}

	created, err := s.CreateTicket(ctx, in)
	wantNoErr(t, "create", err)
	in.Events[0].ID, in.Events[1].At = "changed", hours(99)
	mutate(&created)
	read, err := s.Ticket(ctx, "T-1")
	wantNoErr(t, "read", err)
	diff(t, "read after changing the input and the created ticket", read, want)

	batch := []sla.Event{note("n2", hours(3)), note("n3", hours(4))}
	appended, err := s.AppendTicketEvents(ctx, "T-1", 1, batch...)
	wantNoErr(t, "append", err)
	want.Version, want.Events = 2, append(want.Events, note("n2", hours(3)), note("n3", hours(4)))
	batch[0].ID = "changed"
	mutate(&appended)
	mutate(&read) // an older read, whose events end where the append began
	read.Events = append(read.Events, note("y", hours(60)), note("z", hours(61)))
	for tk, err := range s.Tickets(ctx, sla.TicketFilter{}) {
		wantNoErr(t, "list", err)
		mutate(&tk)
	}
	got, err := s.Ticket(ctx, "T-1")
	wantNoErr(t, "read", err)
	diff(t, "read after changing the batch, the appended, read and listed tickets", got, want)
	diff(t, "listed", listTickets(t, ctx, s, sla.TicketFilter{}), []sla.Ticket{want})
}

// testTicketSequences checks early breaks, writes inside the loop, ranging
// twice and more tickets than a store fetches at once.
func testTicketSequences(t *testing.T, newStore func(*testing.T) sla.TicketStore) {
	const n = 600
	seed := func(t *testing.T) sla.TicketStore {
		s := newStore(t)
		for i := range n {
			_, err := s.CreateTicket(t.Context(), sampleTicket(fmt.Sprintf("T-%04d", i), "acme", hours(i)))
			wantNoErr(t, "create", err)
		}
		return s
	}
	t.Run("Many", func(t *testing.T) {
		s := seed(t)
		got := ticketIDs(listTickets(t, t.Context(), s, sla.TicketFilter{}))
		if len(got) != n || !slices.IsSorted(got) {
			t.Errorf("listed %d tickets (sorted: %v), want %d in order", len(got), slices.IsSorted(got), n)
		}
		seq := s.Tickets(t.Context(), sla.TicketFilter{From: hours(100)})
		first, second := ticketIDs(collect(t, "first run", seq)), ticketIDs(collect(t, "second run", seq))
		diff(t, "a sequence ranged over twice", second, first)
		if len(first) != n-100 {
			t.Errorf("listed %d tickets from hour 100, want %d", len(first), n-100)
		}
	})
	t.Run("EarlyBreak", func(t *testing.T) {
		s := seed(t)
		for _, stop := range []int{1, 255, 256, 257, 599} {
			var got []string
			for tk, err := range s.Tickets(t.Context(), sla.TicketFilter{}) {
				wantNoErr(t, "list", err)
				got = append(got, tk.Ticket)
				if len(got) == stop {
					break
				}
			}
			if len(got) != stop || got[stop-1] != fmt.Sprintf("T-%04d", stop-1) {
				t.Errorf("break after %d: yielded %d tickets, the last %q", stop, len(got), got[len(got)-1])
			}
		}
	})
	t.Run("WriteInLoop", func(t *testing.T) {
		s, ctx := seed(t), t.Context()
		var got []string
		i := 0
		for tk, err := range s.Tickets(ctx, sla.TicketFilter{}) {
			wantNoErr(t, "list", err)
			got = append(got, tk.Ticket)
			if i%50 == 0 {
				// A new ticket just after this one, and an append to it.
				_, err := s.CreateTicket(ctx, sampleTicket(tk.Ticket+"-w", "acme", tk.Events[0].At))
				wantNoErr(t, "create in the loop", err)
				_, err = s.AppendTicketEvents(ctx, tk.Ticket, tk.Version, note("w", hours(n+i)))
				wantNoErr(t, "append in the loop", err)
			}
			i++
		}
		wantAscending(t, "tickets listed during writes", got)
		if len(got) < n {
			t.Errorf("listed %d tickets during writes, want at least the %d seeded", len(got), n)
		}
	})
}

func testTicketContext(t *testing.T, newStore func(*testing.T) sla.TicketStore) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel2()
	for _, c := range []struct {
		name string
		ctx  context.Context
		err  error
	}{{"Cancelled", cancelled, context.Canceled}, {"DeadlineExceeded", expired, context.DeadlineExceeded}} {
		t.Run(c.name, func(t *testing.T) {
			s := newStore(t)
			stored, err := s.CreateTicket(t.Context(), sampleTicket("T-1", "acme", hours(1)))
			wantNoErr(t, "create", err)
			_, err = s.Ticket(c.ctx, "T-1")
			wantErr(t, "Ticket", err, c.err)
			_, err = s.CreateTicket(c.ctx, sampleTicket("T-2", "acme", hours(2)))
			wantErr(t, "CreateTicket", err, c.err)
			_, err = s.AppendTicketEvents(c.ctx, "T-1", 1, note("n", hours(3)))
			wantErr(t, "AppendTicketEvents", err, c.err)
			n := 0
			for tk, err := range s.Tickets(c.ctx, sla.TicketFilter{}) {
				n++
				wantErr(t, "Tickets", err, c.err)
				diff(t, "the ticket yielded with the error", tk, sla.Ticket{})
			}
			if n != 1 {
				t.Errorf("Tickets on a done context yielded %d pairs, want 1", n)
			}
			diff(t, "stored after the calls", listTickets(t, t.Context(), s, sla.TicketFilter{}), []sla.Ticket{stored})
		})
	}
	t.Run("CancelInsideLoop", func(t *testing.T) {
		s := newStore(t)
		for i := range 10 {
			_, err := s.CreateTicket(t.Context(), sampleTicket(fmt.Sprint("T-", i), "acme", hours(i)))
			wantNoErr(t, "create", err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		var ok, failed int
		for _, err := range s.Tickets(ctx, sla.TicketFilter{}) {
			if err != nil {
				wantErr(t, "list after cancel", err, context.Canceled)
				failed++
				continue
			}
			ok++
			if ok == 3 {
				cancel()
			}
		}
		if ok != 3 || failed != 1 {
			t.Errorf("cancelled after 3 tickets: %d yielded, %d errors; want 3 and 1", ok, failed)
		}
	})
}

func testTicketConcurrency(t *testing.T, newStore func(*testing.T) sla.TicketStore) {
	t.Run("NoLostAppend", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		_, err := s.CreateTicket(ctx, sampleTicket("shared", "acme", hours(0)))
		wantNoErr(t, "create", err)
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for range workers {
			wg.Go(func() {
				for range rounds {
					for {
						tk, err := s.Ticket(ctx, "shared")
						if err != nil {
							errs <- fmt.Errorf("read: %w", err)
							return
						}
						// The event says how many events its writer read, and
						// is no earlier than the last of them.
						n := len(tk.Events)
						_, err = s.AppendTicketEvents(ctx, "shared", tk.Version, note(fmt.Sprintf("after-%d", n), hours(n)))
						if err == nil {
							break
						}
						if !errors.Is(err, account.ErrConflict) {
							errs <- fmt.Errorf("append: %w", err)
							return
						}
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		tk, err := s.Ticket(ctx, "shared")
		wantNoErr(t, "read", err)
		if got, want := len(tk.Events), 1+workers*rounds; got != want {
			t.Errorf("%d events after %d concurrent appends of one, want %d: appends were lost", got, workers*rounds, want)
		}
		if got, want := tk.Version, int64(1+workers*rounds); got != want {
			t.Errorf("version after %d appends = %d, want %d", workers*rounds, got, want)
		}
		// Each append was made on the state just before it.
		for i, ev := range tk.Events[1:] {
			if want := fmt.Sprintf("after-%d", i+1); ev.ID != want {
				t.Errorf("event %d is %q, want %q: an append was made on a stale read", i+1, ev.ID, want)
				break
			}
		}
	})
	t.Run("CreateRace", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		results := make([]error, workers)
		created := make([]sla.Ticket, workers)
		var wg sync.WaitGroup
		for g := range workers {
			wg.Go(func() {
				created[g], results[g] = s.CreateTicket(ctx, sampleTicket("contested", account.ID(fmt.Sprint("acct-", g)), hours(g)))
			})
		}
		wg.Wait()
		winner := -1
		for g, err := range results {
			switch {
			case err == nil && winner >= 0:
				t.Errorf("creates %d and %d of one ID both succeeded", winner, g)
			case err == nil:
				winner = g
			default:
				wantErr(t, "losing create", err, account.ErrConflict)
			}
		}
		if winner < 0 {
			t.Fatal("no create of the contested ID succeeded")
		}
		got, err := s.Ticket(ctx, "contested")
		wantNoErr(t, "read", err)
		diff(t, "the stored ticket is the winner's", got, created[winner])
	})
	t.Run("ReadersAndWriters", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		var wg sync.WaitGroup
		for w := range 2 {
			wg.Go(func() {
				for i := range rounds * 4 {
					id := fmt.Sprintf("w%d-%03d", w, i)
					tk, err := s.CreateTicket(ctx, sampleTicket(id, "acme", hours(i%7)))
					if err == nil {
						_, err = s.AppendTicketEvents(ctx, id, tk.Version, note("n", hours(10)), event(sla.EventSolved, hours(11)))
					}
					if err != nil {
						t.Errorf("writer %d: %v", w, err)
						return
					}
				}
			})
		}
		for range 2 {
			wg.Go(func() {
				for range rounds {
					var keys []string
					for tk, err := range s.Tickets(ctx, sla.TicketFilter{}) {
						if err != nil {
							t.Errorf("list tickets: %v", err)
							return
						}
						if n := len(tk.Events); n != 1 && n != 3 || int64(n/2+1) != tk.Version {
							t.Errorf("ticket %s read with %d events at version %d: a torn read", tk.Ticket, n, tk.Version)
						}
						keys = append(keys, tk.Events[0].At.UTC().Format(time.RFC3339)+"\x00"+tk.Ticket)
					}
					wantAscending(t, "tickets listed during writes", keys)
				}
			})
		}
		wg.Wait()
	})
}
