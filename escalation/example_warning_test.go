package escalation_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/store/memstore"
)

// Four accounts report VPN trouble within the hour: the third distinct
// account raises an early warning for the "vpn" service (three accounts
// reach the threshold before their tier-weighted impact does), naming the
// accounts and the first issue. The warning stands for at least half an
// hour and clears once at most one account, weighing at most 3, has an
// issue in the window. The "network" and "login" categories see too few
// accounts to warn.
func ExampleDetector() {
	d, err := escalation.NewDetector(escalation.DetectorConfig{
		Window: time.Hour,
		Raise:  escalation.Threshold{Accounts: 3, Impact: decimal.NewFromInt(6)},
		Clear:  escalation.Threshold{Accounts: 1, Impact: decimal.NewFromInt(3)},
		Hold:   30 * time.Minute,
		Weights: map[account.Tier]decimal.Decimal{
			1: decimal.NewFromInt(3),
			2: decimal.RequireFromString("1.5"),
			3: decimal.NewFromInt(1),
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	at := func(h, m int) time.Time { return time.Date(2024, time.June, 3, h, m, 0, 0, time.UTC) }
	issues := []escalation.Occurrence{
		{Issue: "I-1", Account: "acme", Tier: 1, Category: "network", Service: "vpn", At: at(9, 0)},
		{Issue: "I-2", Account: "acme", Tier: 1, Category: "network", Service: "vpn", At: at(9, 10)},
		{Issue: "I-3", Account: "globex", Tier: 2, Service: "vpn", At: at(9, 25)},
		{Issue: "I-4", Account: "initech", Tier: 3, Category: "login", Service: "vpn", At: at(9, 40)},
		{Issue: "I-5", Account: "umbrella", Tier: 2, Category: "login", Service: "vpn", At: at(9, 55)},
	}
	for _, o := range issues {
		ws, err := d.Add(o)
		if err != nil {
			log.Fatal(err)
		}
		for _, w := range ws {
			fmt.Println(w.Explain())
		}
	}
	// The end of the stream: let the clock run to noon.
	ws, err := d.Advance(at(12, 0))
	if err != nil {
		log.Fatal(err)
	}
	for _, w := range ws {
		fmt.Println(w.Explain())
	}
	// Output:
	// warning 1: service "vpn": raised 2024-06-03T09:40:00Z: 3 accounts ("acme", "globex", "initech"), impact 5.5, first issue "I-1" at 2024-06-03T09:00:00Z
	// 	2024-06-03T09:00:00Z counted: issue "I-1", account "acme" (tier 1): 1 account, impact 3
	// 	2024-06-03T09:10:00Z counted: issue "I-2", account "acme" (tier 1): 1 account, impact 3
	// 	2024-06-03T09:25:00Z counted: issue "I-3", account "globex" (tier 2): 2 accounts, impact 4.5
	// 	2024-06-03T09:40:00Z counted: issue "I-4", account "initech" (tier 3): 3 accounts, impact 5.5
	// 	2024-06-03T09:40:00Z raised: 3 accounts (threshold 3), impact 5.5 (threshold 6)
	// warning 1: service "vpn": raised 2024-06-03T09:40:00Z: 3 accounts ("acme", "globex", "initech"), impact 5.5, first issue "I-1" at 2024-06-03T09:00:00Z, cleared 2024-06-03T10:40:00Z
	// 	2024-06-03T09:00:00Z counted: issue "I-1", account "acme" (tier 1): 1 account, impact 3
	// 	2024-06-03T09:10:00Z counted: issue "I-2", account "acme" (tier 1): 1 account, impact 3
	// 	2024-06-03T09:25:00Z counted: issue "I-3", account "globex" (tier 2): 2 accounts, impact 4.5
	// 	2024-06-03T09:40:00Z counted: issue "I-4", account "initech" (tier 3): 3 accounts, impact 5.5
	// 	2024-06-03T09:40:00Z raised: 3 accounts (threshold 3), impact 5.5 (threshold 6)
	// 	2024-06-03T10:40:00Z expired: issue "I-4", account "initech" (tier 3): 1 account, impact 1.5
	// 	2024-06-03T10:40:00Z cleared: 1 account (at most 1), impact 1.5 (at most 3), stood 1h0m0s
}

// The detector reads the tickets of a store: OccurrencesOf turns each into
// an occurrence at its opening, in the store's order (by opening), which
// is the order a detector needs. Three accounts open payroll tickets within
// the hour: the third raises a warning.
func ExampleOccurrencesOf() {
	ctx := context.Background()
	store := memstore.New()
	at := func(h, m int) time.Time { return time.Date(2024, time.June, 3, h, m, 0, 0, time.UTC) }
	for _, tl := range []sla.Timeline{
		{Ticket: "T-7", Account: "initech", Tier: 2, Category: "billing", Service: "payroll", Events: []sla.Event{{At: at(9, 50), Kind: sla.EventOpened, Priority: sla.PriorityHigh}}},
		{Ticket: "T-5", Account: "acme", Tier: 1, Category: "billing", Service: "payroll", Events: []sla.Event{{At: at(9, 5), Kind: sla.EventOpened, Priority: sla.PriorityHigh}}},
		{Ticket: "T-6", Account: "globex", Tier: 1, Service: "payroll", Events: []sla.Event{{At: at(9, 30), Kind: sla.EventOpened, Priority: sla.PriorityNormal}}},
	} {
		if _, err := store.CreateTicket(ctx, tl); err != nil {
			log.Fatal(err)
		}
	}
	d, err := escalation.NewDetector(escalation.DetectorConfig{
		Window: time.Hour,
		Raise:  escalation.Threshold{Accounts: 3},
		Clear:  escalation.Threshold{Accounts: 1},
	})
	if err != nil {
		log.Fatal(err)
	}
	opened := store.Tickets(ctx, sla.TicketFilter{From: at(9, 0), To: at(10, 0)})
	for w, err := range d.Run(escalation.OccurrencesOf(opened)) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s %q raised %s by %q, first issue %s\n", w.Dimension, w.Key, w.Raised.Format(time.Kitchen), w.Accounts, w.First.Issue)
	}
	// Output:
	// service "payroll" raised 9:50AM by ["acme" "globex" "initech"], first issue T-5
}
