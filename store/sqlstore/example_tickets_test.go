package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/sla"
)

// Store a ticket, append its events with the version read, and list the
// tickets unsolved at an instant: the filter runs in SQL.
func ExampleStore_AppendTicketEvents() {
	s, remove := openExample()
	defer remove()
	ctx := context.Background()

	mon := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, id := range []string{"T-1", "T-2"} {
		_, err := s.CreateTicket(ctx, sla.Timeline{Ticket: id, Account: "acme", Tier: 1, Category: "billing",
			Events: []sla.Event{{At: mon, Kind: sla.EventOpened, Priority: sla.PriorityHigh}}})
		if err != nil {
			log.Fatal(err)
		}
	}
	t, err := s.AppendTicketEvents(ctx, "T-1", 1,
		sla.Event{At: mon.Add(time.Hour), Kind: sla.EventAgentReply},
		sla.Event{At: mon.Add(3 * time.Hour), Kind: sla.EventSolved})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Ticket, "version", t.Version, "events", len(t.Events))

	// A second append with the version 1 it read is a conflict.
	_, err = s.AppendTicketEvents(ctx, "T-1", 1, sla.Event{At: mon.Add(4 * time.Hour), Kind: sla.EventReopened})
	fmt.Println("stale append is a conflict:", errors.Is(err, account.ErrConflict))

	for _, at := range []time.Time{mon.Add(2 * time.Hour), mon.Add(3 * time.Hour)} {
		fmt.Print("unsolved at ", at.Format("15:04"), ":")
		for t, err := range s.Tickets(ctx, sla.TicketFilter{Account: "acme", UnsolvedAt: at}) {
			if err != nil {
				log.Fatal(err)
			}
			fmt.Print(" ", t.Ticket)
		}
		fmt.Println()
	}
	// Output:
	// T-1 version 2 events 3
	// stale append is a conflict: true
	// unsolved at 11:00: T-1 T-2
	// unsolved at 12:00: T-2
}

// Record a fired notification exactly once: of two workers that decided
// the same escalation, the first add stores and the second is told it
// was not added. Facts of the issue are kept in the order added.
func ExampleStore_AddFired() {
	s, remove := openExample()
	defer remove()
	ctx := context.Background()

	due := time.Date(2026, 3, 2, 13, 0, 0, 0, time.UTC)
	r := escalation.Record{Key: escalation.Key("T-1", "team leader", 0), Issue: "T-1", Account: "acme",
		Policy: "key-accounts", Version: 1, Level: 2, LevelName: "team leader",
		Recipients: []escalation.Person{"tom"}, Due: due, At: due, Reason: "resolution 75% consumed"}
	for worker := 1; worker <= 2; worker++ {
		added, err := s.AddFired(ctx, r)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("worker", worker, "added:", added)
	}
	err := s.AddFacts(ctx, "T-1",
		escalation.Fact{ID: "ack-1", At: due.Add(10 * time.Minute), Kind: escalation.FactAcknowledged, Level: "team leader", Person: "tom"})
	if err != nil {
		log.Fatal(err)
	}
	err = s.AddFacts(ctx, "T-1", escalation.Fact{At: due, Kind: escalation.FactRequested})
	fmt.Println("earlier fact refused:", errors.Is(err, escalation.ErrFactOrder))
	for r, err := range s.Fired(ctx, "T-1") {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.Key, r.Recipients)
	}
	// Output:
	// worker 1 added: true
	// worker 2 added: false
	// earlier fact refused: true
	// 3:T-1/11:team leader/0 [tom]
}
