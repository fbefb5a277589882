package review_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/store/memstore"
)

// The second quarter's results for the top two accounts of a small
// portfolio, as JSON to share internally: revenue and share, the tier and
// its change, SLA compliance, reviews held against planned, action items
// done against due, the budget's status and the plan's objectives met.
func ExampleQuarterly() {
	ctx := context.Background()
	store := memstore.New()
	nzd := account.MustParseMoney
	on := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC) }
	day := func(m time.Month, d int) calendar.Date { return calendar.Date{Year: 2026, Month: m, Day: d} }
	err := store.AddTransactions(ctx,
		account.Transaction{ID: "t1", Account: "acme", At: on(2, 10), Amount: nzd("NZD 50000"), Kind: account.TransactionRevenue},
		account.Transaction{ID: "t2", Account: "acme", At: on(5, 10), Amount: nzd("NZD 120000"), Kind: account.TransactionRevenue},
		account.Transaction{ID: "t3", Account: "globex", At: on(4, 2), Amount: nzd("NZD 60000"), Kind: account.TransactionRevenue},
		account.Transaction{ID: "t4", Account: "initech", At: on(6, 30), Amount: nzd("NZD 20000"), Kind: account.TransactionRevenue},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	people := []review.Attendee{{Name: "Mia", Role: review.RoleManager}}
	for _, r := range []review.Review{
		{ID: "r1", Account: "acme", Date: day(4, 14), Attendees: people, Next: day(7, 14)},
		{ID: "r2", Account: "globex", Date: day(3, 30), Attendees: people, Next: day(9, 30)},
	} {
		if _, err := store.CreateReview(ctx, r); err != nil {
			fmt.Println(err)
			return
		}
	}
	for _, a := range []review.ActionItem{
		{ID: "x1", Account: "acme", Review: "r1", Title: "Proposal", Owner: "mia", Raised: day(4, 14), Due: day(5, 14), Status: review.ActionDone, Completed: day(5, 2)},
		{ID: "x2", Account: "acme", Review: "r1", Title: "Pricing", Owner: "mia", Raised: day(4, 14), Due: day(5, 14), Status: review.ActionOpen},
	} {
		if _, err := store.CreateAction(ctx, a); err != nil {
			fmt.Println(err)
			return
		}
	}
	plan := review.Plan{Account: "acme", Status: review.PlanStatusActive, Author: "mia", At: on(1, 5), Objectives: []review.Objective{
		{ID: "o1", Title: "Win the APAC rollout", Owner: "mia", Measure: "signed order", Target: "1 order", Due: day(6, 30), Status: review.ObjectiveMet, Met: day(5, 20)},
		{ID: "o2", Title: "Lift NPS", Owner: "mia", Measure: "NPS", Target: "40", Due: day(12, 31), Status: review.ObjectiveOpen},
	}}

	res, err := review.Quarterly(review.QuarterInput{
		Year: 2026, Quarter: 2, Kind: account.TransactionRevenue, Currency: "NZD", Top: 2,
		Accounts: []account.Account{
			{ID: "acme", Name: "Acme", Tier: 1},
			{ID: "globex", Name: "Globex", Tier: 1},
			{ID: "initech", Name: "Initech", Tier: 2},
		},
		PreviousTiers: map[account.ID]account.Tier{"globex": 2},
		SLA:           map[account.ID]review.SLACounts{"acme": {Met: 38, Breached: 2}},
		Planned:       map[account.ID]int{"acme": 1, "globex": 1},
		Budgets:       []review.Budget{{Account: "acme", Year: 2026, Kind: account.TransactionRevenue, Amount: nzd("NZD 400000")}},
		Plans:         []review.Plan{plan},
	}, store.Transactions(ctx, account.TransactionFilter{}), store.Reviews(ctx, review.ReviewFilter{}), store.Actions(ctx, review.ActionFilter{}))
	if err != nil {
		fmt.Println(err)
		return
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "fiscal_year": 2026,
	//   "quarter": 2,
	//   "from": "2026-04-01",
	//   "to": "2026-06-30",
	//   "kind": "revenue",
	//   "portfolio": {
	//     "amount": "200000.00",
	//     "currency": "NZD"
	//   },
	//   "portfolio_accounts": 3,
	//   "top_share": "0.9",
	//   "accounts": [
	//     {
	//       "rank": 1,
	//       "account": "acme",
	//       "name": "Acme",
	//       "amount": {
	//         "amount": "120000.00",
	//         "currency": "NZD"
	//       },
	//       "share": "0.6",
	//       "tier": 1,
	//       "previous_tier": 1,
	//       "tier_changed": false,
	//       "sla": {
	//         "met": 38,
	//         "breached": 2
	//       },
	//       "sla_compliance": "0.95",
	//       "reviews_held": 1,
	//       "reviews_planned": 1,
	//       "actions_due": 2,
	//       "actions_completed": 1,
	//       "budget": {
	//         "account": "acme",
	//         "kind": "revenue",
	//         "from": "2026-01-01",
	//         "through": "2026-06-30",
	//         "end": "2026-12-31",
	//         "budget": {
	//           "amount": "400000.00",
	//           "currency": "NZD"
	//         },
	//         "budget_to_date": {
	//           "amount": "198356.16",
	//           "currency": "NZD"
	//         },
	//         "actual": {
	//           "amount": "170000.00",
	//           "currency": "NZD"
	//         },
	//         "consumption": "0.425",
	//         "forecast": {
	//           "amount": "342817.68",
	//           "currency": "NZD"
	//         },
	//         "variance": {
	//           "amount": "-57182.32",
	//           "currency": "NZD"
	//         },
	//         "flag": "under",
	//         "days_elapsed": 181,
	//         "days": 365
	//       },
	//       "objectives": 2,
	//       "objectives_met": 1
	//     },
	//     {
	//       "rank": 2,
	//       "account": "globex",
	//       "name": "Globex",
	//       "amount": {
	//         "amount": "60000.00",
	//         "currency": "NZD"
	//       },
	//       "share": "0.3",
	//       "tier": 1,
	//       "previous_tier": 2,
	//       "tier_changed": true,
	//       "sla": {
	//         "met": 0,
	//         "breached": 0
	//       },
	//       "sla_compliance": null,
	//       "reviews_held": 0,
	//       "reviews_planned": 1,
	//       "actions_due": 0,
	//       "actions_completed": 0,
	//       "budget": null,
	//       "objectives": 0,
	//       "objectives_met": 0
	//     }
	//   ]
	// }
}
