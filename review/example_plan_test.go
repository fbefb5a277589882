package review_test

import (
	"context"
	"fmt"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/store/memstore"
)

// An account plan kept as the organisation's memory: each change is a new
// version with its author and instant, a review's objective updates make
// the next version, and the plan as it stood on any past day can be read
// back.
func ExamplePlanStore() {
	ctx := context.Background()
	store := memstore.New()
	plan := review.Plan{
		Account: "acme",
		Objectives: []review.Objective{{ID: "apac", Title: "Win the APAC rollout", Owner: "mia",
			Measure: "signed order", Target: "1 order", Due: calendar.Date{Year: 2026, Month: 9, Day: 30}, Status: review.ObjectiveOpen}},
		Goals:        []string{"One service desk for every region"},
		SWOT:         review.SWOT{Strengths: []string{"Trusted by the CIO"}, Threats: []string{"A regional rival"}},
		Stakeholders: []account.ContactID{"c-cio"},
		Status:       review.PlanStatusActive,
		Author:       "mia", At: time.Date(2026, 1, 12, 9, 0, 0, 0, time.UTC),
	}
	plan, err := store.SavePlan(ctx, plan) // version 1
	if err != nil {
		fmt.Println(err)
		return
	}
	held := review.Review{ID: "acme-q3", Account: "acme", Date: calendar.Date{Year: 2026, Month: 7, Day: 8},
		ObjectiveUpdates: []review.ObjectiveUpdate{{Objective: "apac", Status: review.ObjectiveMet}}}
	next, err := plan.Apply(held, "farah", time.Date(2026, 7, 8, 15, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := store.SavePlan(ctx, next); err != nil { // version 2
		fmt.Println(err)
		return
	}
	for _, day := range []time.Time{time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)} {
		p, err := store.PlanAt(ctx, "acme", day)
		if err != nil {
			fmt.Println(err)
			return
		}
		o := p.Objectives[0]
		fmt.Printf("%s: version %d by %s: %q is %v\n", day.Format("2 Jan"), p.Version, p.Author, o.Title, o.Status)
	}
	_, err = store.PlanAt(ctx, "acme", time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC))
	fmt.Println("before the first version:", err != nil)
	// Output:
	// 1 Mar: version 1 by mia: "Win the APAC rollout" is open
	// 1 Aug: version 2 by farah: "Win the APAC rollout" is met
	// before the first version: true
}
