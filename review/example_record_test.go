package review_test

import (
	"context"
	"fmt"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/tiering"
)

// A quarterly review of Acme: revenue for the quarter against target, SLA
// compliance and escalations as counted elsewhere, the health score's
// trend since the last review, and three action items, one with its own
// due date. A month and a half later, the overdue list shows what slipped.
func ExampleNewReview() {
	ctx := context.Background()
	store := memstore.New()
	nzd := account.MustParseMoney
	txs := []account.Transaction{
		{ID: "t1", Account: "acme", At: time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC), Amount: nzd("NZD 180000"), Kind: account.TransactionRevenue},
		{ID: "t2", Account: "acme", At: time.Date(2026, 5, 28, 0, 0, 0, 0, time.UTC), Amount: nzd("NZD 95000.50"), Kind: account.TransactionRevenue},
		{ID: "t3", Account: "acme", At: time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC), Amount: nzd("NZD -5000"), Kind: account.TransactionRevenue}, // a credit note
		{ID: "t4", Account: "globex", At: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), Amount: nzd("NZD 70000"), Kind: account.TransactionRevenue},
	}
	if err := store.AddTransactions(ctx, txs...); err != nil {
		fmt.Println(err)
		return
	}
	previous := review.Review{ID: "acme-2026q1", Account: "acme", Date: calendar.Date{Year: 2026, Month: 4, Day: 2},
		Attendees: []review.Attendee{{Name: "Mia", Role: review.RoleManager}},
		Health:    review.Health{Score: 64}, Next: calendar.Date{Year: 2026, Month: 7, Day: 1}}

	r, items, err := review.NewReview(review.ReviewInput{
		ID: "acme-2026q2", Account: "acme", Date: calendar.Date{Year: 2026, Month: 7, Day: 3},
		Attendees: []review.Attendee{
			{Name: "Mia", Role: review.RoleManager},
			{Name: "Farah", Role: review.RoleFinance},
			{Name: "Dr Okafor", Role: review.RoleSponsor},
		},
		Kind:   account.TransactionRevenue,
		From:   time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC),
		To:     time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC),
		Target: nzd("NZD 300000"),
		SLA:    review.SLACounts{Met: 47, Breached: 3}, EscalationsOpened: 2, EscalationsResolved: 2,
		Health: 71, Deadband: 3,
		Decisions: []string{"Pilot the APAC rollout in Q3"},
		Actions: []review.ActionInput{
			{ID: "a1", Title: "Send the rollout proposal", Owner: "mia"},
			{ID: "a2", Title: "Fix the invoice format", Owner: "farah", Due: calendar.Date{Year: 2026, Month: 7, Day: 10}},
			{ID: "a3", Title: "Book the sponsor dinner", Owner: "mia"},
		},
		Every: tiering.Months(3),
	}, &previous, store.Transactions(ctx, account.TransactionFilter{Account: "acme"}))
	if err != nil {
		fmt.Println(err)
		return
	}
	compliance, _ := r.SLA.Compliance()
	fmt.Printf("revenue %v of %v (%s%%), SLA %s%%, health %d (%v), next review %v\n",
		r.Performance.Actual, r.Performance.Target, r.Performance.Attainment.Shift(2).StringFixed(2), compliance.Shift(2).StringFixed(2),
		r.Health.Score, r.Health.Trend, r.Next)
	if _, err := store.CreateReview(ctx, r); err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range items {
		fmt.Printf("%s %-26s owner %-5s due %v\n", a.ID, a.Title, a.Owner, a.Due)
		if _, err := store.CreateAction(ctx, a); err != nil {
			fmt.Println(err)
			return
		}
	}

	// The sponsor dinner was booked in time; the other two slipped.
	a3, _ := store.Action(ctx, "a3")
	if _, err := store.UpdateAction(ctx, a3.Complete(calendar.Date{Year: 2026, Month: 7, Day: 20})); err != nil {
		fmt.Println(err)
		return
	}
	today := calendar.Date{Year: 2026, Month: 8, Day: 15}
	fmt.Println("overdue on", today)
	for a, err := range review.OverdueActions(today, store.Actions(ctx, review.ActionFilter{})) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("  %s owner %s, %d days late\n", a.ID, a.Owner, today.DaysSince(a.Due))
	}
	// Output:
	// revenue NZD 270,000.50 of NZD 300,000.00 (90.00%), SLA 94.00%, health 71 (up), next review 2026-10-03
	// a1 Send the rollout proposal  owner mia   due 2026-08-02
	// a2 Fix the invoice format     owner farah due 2026-07-10
	// a3 Book the sponsor dinner    owner mia   due 2026-08-02
	// overdue on 2026-08-15
	//   a2 owner farah, 36 days late
	//   a1 owner mia, 13 days late
}
