package review_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/tiering"
)

// Which accounts are past their review cadence: tier 1 every 90 days,
// tier 2 every 6 months. Globex has never been reviewed since it entered
// tier 1; Initech's last review was within its 6 months.
func ExampleOverdueAccounts() {
	date := func(y int, m time.Month, d int) calendar.Date { return calendar.Date{Year: y, Month: m, Day: d} }
	accounts := []account.Account{
		{ID: "acme", Name: "Acme", Tier: 1},
		{ID: "globex", Name: "Globex", Tier: 1, TierSince: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)},
		{ID: "initech", Name: "Initech", Tier: 2},
	}
	rule := review.CadenceRule{Models: tiering.ServiceModels{
		{Tier: 1, ReviewEvery: tiering.Days(90)},
		{Tier: 2, ReviewEvery: tiering.Months(6)},
	}}
	valued := make([]review.Valued, len(accounts))
	for i, a := range accounts {
		valued[i] = review.Valued{Account: a}
	}
	cadences, err := rule.Cadences(valued)
	if err != nil {
		fmt.Println(err)
		return
	}
	held := func(id review.ReviewID, acct account.ID, on calendar.Date) review.Review {
		return review.Review{ID: id, Account: acct, Date: on, Next: on.AddDays(90),
			Attendees: []review.Attendee{{Name: "Mia", Role: review.RoleManager}}}
	}
	reviews := slices.Values([]review.Review{
		held("r1", "acme", date(2026, 2, 2)),
		held("r2", "initech", date(2026, 1, 20)),
	})
	today := date(2026, 6, 1)
	for o, err := range review.OverdueAccounts(today, accounts, cadences, recValues(reviews)) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s (every %v): due %v, %d days overdue\n", o.Account, o.Cadence, o.Due, o.Days)
	}
	// Output:
	// globex (every 90d): due 2026-04-05, 57 days overdue
	// acme (every 90d): due 2026-05-03, 29 days overdue
}

// How each owner's action items went: the completion rate, and the share
// done within 30 days of the review that raised them.
func ExampleCompletionByOwner() {
	day := func(m time.Month, d int) calendar.Date { return calendar.Date{Year: 2026, Month: m, Day: d} }
	item := func(id review.ActionID, owner account.ManagerID, raised, done calendar.Date) review.ActionItem {
		a := review.ActionItem{ID: id, Account: "acme", Review: "r1", Title: "Do it", Owner: owner,
			Raised: raised, Due: raised.AddDays(review.DefaultActionDays), Status: review.ActionOpen}
		if !done.IsZero() {
			a = a.Complete(done)
		}
		return a
	}
	items := slices.Values([]review.ActionItem{
		item("a1", "mia", day(3, 2), day(3, 20)),
		item("a2", "mia", day(3, 2), day(4, 30)),
		item("a3", "mia", day(3, 2), calendar.Date{}),
		item("a4", "farah", day(3, 2), day(3, 9)),
		item("a5", "farah", day(5, 25), calendar.Date{}), // raised a week ago: not yet due
	})
	for c, err := range review.CompletionByOwner(day(6, 1), recValues(items)) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-5s %d of %d done (%s), %d overdue, %s done within 30 days\n",
			c.Owner, c.Done, c.Items, c.Rate.StringFixed(2), c.Overdue, c.WithinShare.StringFixed(2))
	}
	// Output:
	// farah 1 of 2 done (0.50), 0 overdue, 1.00 done within 30 days
	// mia   2 of 3 done (0.67), 1 overdue, 0.33 done within 30 days
}

// recValues turns a sequence of values into the (value, error) sequence the
// package reads, as a store's list would be.
func recValues[T any](seq func(func(T) bool)) func(func(T, error) bool) {
	return func(yield func(T, error) bool) {
		for v := range seq {
			if !yield(v, nil) {
				return
			}
		}
	}
}
