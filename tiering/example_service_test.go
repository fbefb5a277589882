package tiering_test

import (
	"context"
	"fmt"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/tiering"
)

var models = tiering.ServiceModels{
	{Tier: 1, ReviewEvery: tiering.Days(90), ContactEvery: 14 * 24 * time.Hour, SLAPolicy: "gold", EscalationPolicy: "executive", Workload: 10,
		ContactKinds: []account.InteractionKind{account.InteractionMeeting, account.InteractionVisit, account.InteractionReview}},
	{Tier: 2, ReviewEvery: tiering.Months(6), ContactEvery: 30 * 24 * time.Hour, SLAPolicy: "silver", EscalationPolicy: "management", Workload: 4},
	{Tier: 3, ContactEvery: 90 * 24 * time.Hour, SLAPolicy: "bronze", EscalationPolicy: "team", Workload: 1},
}

// Service gaps: accounts whose last meaningful contact is older than their
// tier allows, most overdue first. For tier 1 only meetings, visits and
// reviews count, so Acme's recent call does not.
func ExampleServiceModels_Gaps() {
	now := time.Date(2025, 7, 1, 9, 0, 0, 0, time.UTC)
	day := func(d int) time.Time { return now.AddDate(0, 0, -d) }
	accounts := []account.Account{
		{ID: "acme", Name: "Acme", Tier: 1},
		{ID: "globex", Name: "Globex", Tier: 2},
		{ID: "initech", Name: "Initech", Tier: 3},
		{ID: "hooli", Name: "Hooli", Tier: 2, Created: day(45)},
	}
	interactions := []account.Interaction{
		{ID: "1", Account: "acme", At: day(20), Kind: account.InteractionMeeting},
		{ID: "2", Account: "acme", At: day(2), Kind: account.InteractionCall},
		{ID: "3", Account: "globex", At: day(31), Kind: account.InteractionCall},
		{ID: "4", Account: "globex", At: day(3), Kind: account.InteractionEmail},
		{ID: "5", Account: "initech", At: day(60), Kind: account.InteractionVisit},
	}
	// A store lists interactions as an iter.Seq2, which Gaps takes as it is.
	ctx := context.Background()
	store := memstore.New()
	if err := store.AddInteractions(ctx, interactions...); err != nil {
		fmt.Println(err)
		return
	}
	gaps, err := models.Gaps(now, accounts, store.Interactions(ctx, account.InteractionFilter{}))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range gaps {
		fmt.Printf("%s (%s): %d days overdue\n", g.Account, g.Tier, g.Days)
	}
	// Output:
	// hooli (tier 2): 15 days overdue
	// acme (tier 1): 6 days overdue
	// globex (tier 2): 1 days overdue
}

// The workload of each account under the service models, as a manager's
// load is counted: pass models.Workload wherever a func(account.Account)
// int is wanted.
func ExampleServiceModels_Workload() {
	accounts := []account.Account{{ID: "a", Tier: 1}, {ID: "b", Tier: 2}, {ID: "c", Tier: 3}, {ID: "d", Tier: 3}}
	load := func(workload func(account.Account) int) int {
		sum := 0
		for _, a := range accounts {
			sum += workload(a)
		}
		return sum
	}
	fmt.Println(load(models.Workload))
	// Output:
	// 16
}
