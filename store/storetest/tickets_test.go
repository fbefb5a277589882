package storetest_test

import (
	"context"
	"iter"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/store/storetest"
)

// As TestSuiteCatches does for account.Store, TestTicketSuiteCatches runs
// RunTickets on ticket stores that each break one promise, in child
// processes, and checks that the subtests meant to catch it fail. Only
// subtests that always fail are required: the model test, whose cases are
// random, and the concurrency tests, which depend on timing, catch most
// broken stores too, but are not counted on.

const brokenTicketEnv = "STORETEST_BROKEN_TICKET_STORE"

var brokenTicketStores = map[string]struct {
	newStore func() sla.TicketStore
	run      string   // the -test.run pattern below TestBrokenTicketStore/Tickets
	failures []string // subtests of TestBrokenTicketStore/Tickets that must fail, every time
	optional []string // subtests that fail by timing or random search, not counted on
}{
	"lost-append": {
		newStore: func() sla.TicketStore { return &lostAppend{Store: memstore.New()} },
		run:      "^(StaleVersion|Concurrency|Model)$/^(NoLostAppend)?$",
		failures: []string{"StaleVersion"},
		optional: []string{"Concurrency/NoLostAppend", "Model"},
	},
	"inclusive-to": {
		newStore: func() sla.TicketStore { return inclusiveTicketTo{memstore.New()} },
		run:      "^(Filters|Model)$/^(Opened)?$",
		failures: []string{"Filters/Opened"},
		optional: []string{"Model"}, // when it draws a ticket opened at To
	},
	"no-state-filters": {
		newStore: func() sla.TicketStore { return noStateFilters{memstore.New()} },
		run:      "^(Filters|Model)$/^(UnsolvedAt|ActiveFrom)?$",
		failures: []string{"Filters/UnsolvedAt", "Filters/ActiveFrom"},
		optional: []string{"Model"},
	},
	"event-at-a-time": {
		newStore: func() sla.TicketStore { return eventAtATime{memstore.New()} },
		run:      "^(Append|InvalidAppend|Model)$",
		failures: []string{"Append", "InvalidAppend"},
		optional: []string{"Model"},
	},
	"aliasing": {
		newStore: func() sla.TicketStore { return &aliasingTickets{Store: memstore.New()} },
		run:      "^NoAliasing$",
		failures: []string{"NoAliasing"},
	},
	"ignores-context": {
		newStore: func() sla.TicketStore { return ticketsIgnoreContext{memstore.New()} },
		run:      "^Context$",
		failures: []string{"Context/Cancelled", "Context/DeadlineExceeded", "Context/CancelInsideLoop"},
	},
}

// TestBrokenTicketStore runs RunTickets on the broken store named in
// brokenTicketEnv; it is meant to fail, and is skipped unless
// TestTicketSuiteCatches runs it.
func TestBrokenTicketStore(t *testing.T) {
	name := os.Getenv(brokenTicketEnv)
	if name == "" {
		t.Skip("runs only as a child of TestTicketSuiteCatches")
	}
	storetest.RunTickets(t, func(*testing.T) sla.TicketStore { return brokenTicketStores[name].newStore() })
}

func TestTicketSuiteCatches(t *testing.T) {
	for name, b := range brokenTicketStores {
		expectCaught(t, "TestBrokenTicketStore/Tickets", brokenTicketEnv, name, b.run, b.failures, b.optional)
	}
}

// lostAppend ignores the version of an append: the last writer wins. It
// pauses after reads so that concurrent read-modify-writes overlap.
type lostAppend struct{ *memstore.Store }

func (s *lostAppend) Ticket(ctx context.Context, id string) (sla.Ticket, error) {
	t, err := s.Store.Ticket(ctx, id)
	time.Sleep(100 * time.Microsecond)
	return t, err
}

func (s *lostAppend) AppendTicketEvents(ctx context.Context, id string, version int64, evs ...sla.Event) (sla.Ticket, error) {
	if cur, err := s.Store.Ticket(ctx, id); err == nil {
		version = cur.Version
	}
	return s.Store.AppendTicketEvents(ctx, id, version, evs...)
}

// inclusiveTicketTo selects the tickets opened at exactly To.
type inclusiveTicketTo struct{ *memstore.Store }

func (s inclusiveTicketTo) Tickets(ctx context.Context, f sla.TicketFilter) iter.Seq2[sla.Ticket, error] {
	if !f.To.IsZero() {
		f.To = f.To.Add(time.Nanosecond)
	}
	return s.Store.Tickets(ctx, f)
}

// noStateFilters ignores UnsolvedAt and ActiveFrom.
type noStateFilters struct{ *memstore.Store }

func (s noStateFilters) Tickets(ctx context.Context, f sla.TicketFilter) iter.Seq2[sla.Ticket, error] {
	f.UnsolvedAt, f.ActiveFrom = time.Time{}, time.Time{}
	return s.Store.Tickets(ctx, f)
}

// eventAtATime appends a batch one event at a time, stopping at the first
// error: a failed batch leaves its first events stored, and the version
// counts events, not appends.
type eventAtATime struct{ *memstore.Store }

func (s eventAtATime) AppendTicketEvents(ctx context.Context, id string, version int64, evs ...sla.Event) (sla.Ticket, error) {
	if len(evs) == 0 {
		return s.Store.AppendTicketEvents(ctx, id, version)
	}
	var t sla.Ticket
	for _, ev := range evs {
		var err error
		if t, err = s.Store.AppendTicketEvents(ctx, id, version, ev); err != nil {
			return sla.Ticket{}, err
		}
		version = t.Version
	}
	return t, nil
}

// aliasingTickets hands out the events slice the caller created a ticket
// with, for as long as the ticket has no other events.
type aliasingTickets struct {
	*memstore.Store
	mu    sync.Mutex
	given map[string][]sla.Event
}

func (s *aliasingTickets) CreateTicket(ctx context.Context, tl sla.Timeline) (sla.Ticket, error) {
	t, err := s.Store.CreateTicket(ctx, tl)
	if err == nil {
		s.mu.Lock()
		if s.given == nil {
			s.given = map[string][]sla.Event{}
		}
		s.given[tl.Ticket] = tl.Events
		s.mu.Unlock()
	}
	return t, err
}

func (s *aliasingTickets) Ticket(ctx context.Context, id string) (sla.Ticket, error) {
	t, err := s.Store.Ticket(ctx, id)
	s.mu.Lock()
	defer s.mu.Unlock()
	if evs, ok := s.given[id]; ok && err == nil && t.Version == 1 {
		t.Events = evs
	}
	return t, err
}

// ticketsIgnoreContext never looks at its context.
type ticketsIgnoreContext struct{ *memstore.Store }

func (s ticketsIgnoreContext) Ticket(_ context.Context, id string) (sla.Ticket, error) {
	return s.Store.Ticket(context.Background(), id)
}

func (s ticketsIgnoreContext) Tickets(_ context.Context, f sla.TicketFilter) iter.Seq2[sla.Ticket, error] {
	return s.Store.Tickets(context.Background(), f)
}

func (s ticketsIgnoreContext) CreateTicket(_ context.Context, tl sla.Timeline) (sla.Ticket, error) {
	return s.Store.CreateTicket(context.Background(), tl)
}

func (s ticketsIgnoreContext) AppendTicketEvents(_ context.Context, id string, version int64, evs ...sla.Event) (sla.Ticket, error) {
	return s.Store.AppendTicketEvents(context.Background(), id, version, evs...)
}
