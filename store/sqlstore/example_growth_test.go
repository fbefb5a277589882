package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
)

// An opportunity kept in SQLite: a change appended with the version read,
// a stale append refused as a conflict, and an update that would drop a
// stored change refused as a rewritten history.
func ExampleStore_AppendChange() {
	s, remove := openExample()
	defer remove()
	ctx := context.Background()

	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	o, err := s.CreateOpportunity(ctx, growth.Opportunity{
		ID: "opp-1", Account: "acme", BuyingCentre: "acme", Owner: "mia", Kind: growth.OpportunityQuotation,
		Offerings: []account.OfferingID{"support-plus"},
		History: []growth.Change{{At: at, Author: "mia", To: "lead",
			Value: account.MustParseMoney("EUR 12000.00"), ExpectedClose: at.AddDate(0, 3, 0)}},
	})
	if err != nil {
		log.Fatal(err)
	}
	o, err = s.AppendChange(ctx, o.ID, o.Version, growth.Change{At: at.AddDate(0, 0, 7), Author: "mia", From: "lead", To: "proposal"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(o.Version, o.Stage(), o.Value())

	_, err = s.AppendChange(ctx, o.ID, 1, growth.Change{At: at.AddDate(0, 0, 8), Author: "leo", From: "lead", To: "lost"})
	fmt.Println(errors.Is(err, account.ErrConflict))

	o.History = o.History[:1]
	_, err = s.UpdateOpportunity(ctx, o)
	fmt.Println(errors.Is(err, growth.ErrHistoryRewritten))

	for o, err := range s.Opportunities(ctx, growth.OpportunityFilter{Offering: "support-plus"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(o.ID, len(o.History), "changes")
	}
	// Output:
	// 2 proposal EUR 12,000.00
	// true
	// true
	// opp-1 2 changes
}
