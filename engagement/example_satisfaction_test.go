package engagement_test

import (
	"fmt"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/shopspring/decimal"
)

// Satisfaction by tier and quarter, and whether each tier's NPS moved
// beyond noise between the quarters.
func ExampleSatisfaction() {
	accounts := []account.Account{
		{ID: "acme", Name: "Acme", Tier: 1},
		{ID: "globex", Name: "Globex", Tier: 1},
		{ID: "initech", Name: "Initech", Tier: 2},
		{ID: "umbrella", Name: "Umbrella", Tier: 2},
	}
	q1 := time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)
	q2, q3 := q1.AddDate(0, 3, 0), q1.AddDate(0, 6, 0)

	// survey adds NPS responses of acct in the quarter starting at q:
	// promoters scoring 9, passives 7 and detractors 3.
	var rs []engagement.Response
	survey := func(acct account.ID, q time.Time, promoters, passives, detractors int) {
		for i := range promoters + passives + detractors {
			score := 3
			switch {
			case i < promoters:
				score = 9
			case i < promoters+passives:
				score = 7
			}
			rs = append(rs, engagement.Response{ID: engagement.ResponseID(fmt.Sprint(acct, q.Month(), i)),
				Account: acct, At: q.AddDate(0, 0, i), Kind: engagement.ResponseNPS, Score: score})
		}
	}
	survey("acme", q1, 5, 3, 2)
	survey("globex", q1, 3, 2, 1) // tier 1, Q1: 16 responses
	survey("acme", q2, 4, 2, 1)
	survey("globex", q2, 3, 2, 1) // tier 1, Q2: 13 responses
	survey("initech", q1, 6, 10, 4)
	survey("umbrella", q1, 6, 10, 4) // tier 2, Q1: 40 responses
	survey("initech", q2, 12, 6, 2)
	survey("umbrella", q2, 12, 6, 2) // tier 2, Q2: 40 responses

	rep, err := engagement.Satisfaction(seq(rs), accounts, engagement.SatisfactionOptions{
		By: engagement.Grouping{Tier: true, Periods: []time.Time{q1, q2, q3}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rep.Rows {
		fmt.Printf("%v from %s: NPS %s [%s, %s] on %d responses\n", r.Tier, r.From.Format("2006-01"),
			r.NPS.Value.StringFixed(2), r.NPS.Low.StringFixed(2), r.NPS.High.StringFixed(2), r.NPS.Responses)
	}
	// The rows are ordered by tier, then period: each tier's two quarters
	// are next to each other.
	for i := 0; i+1 < len(rep.Rows); i += 2 {
		before, after := rep.Rows[i].NPS, rep.Rows[i+1].NPS
		s, err := engagement.Compare(before, after, decimal.NewFromInt(5))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%v: NPS rose from %s to %s on %d responses: %v (change %s, 95%% interval %s to %s)\n",
			rep.Rows[i].Tier, before.Value.StringFixed(0), after.Value.StringFixed(0), after.Responses, s.Trend, s.Delta.StringFixed(2), s.Low.StringFixed(2), s.High.StringFixed(2))
	}
	// Output:
	// tier 1 from 2026-01: NPS 31.25 [-6.39, 68.89] on 16 responses
	// tier 1 from 2026-04: NPS 38.46 [-1.65, 78.57] on 13 responses
	// tier 2 from 2026-01: NPS 10.00 [-11.70, 31.70] on 40 responses
	// tier 2 from 2026-04: NPS 50.00 [29.21, 70.79] on 40 responses
	// tier 1: NPS rose from 31 to 38 on 13 responses: within noise (change 7.21, 95% interval -47.80 to 62.22)
	// tier 2: NPS rose from 10 to 50 on 40 responses: up (change 40.00, 95% interval 9.94 to 70.06)
}

// One vote per response against one vote per account: a large account's
// many detractors drown five small accounts' promoters unless each
// account counts once.
func ExampleSatisfactionBatch() {
	accounts := []account.Account{{ID: "big", Name: "Big"}}
	var b engagement.ResponseBatch
	at := time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)
	for range 20 {
		if err := b.AppendScore("big", at, engagement.ResponseNPS, 2); err != nil {
			fmt.Println(err)
			return
		}
	}
	for i := range 5 {
		id := account.ID(fmt.Sprint("small-", i))
		accounts = append(accounts, account.Account{ID: id, Name: string(id)})
		if err := b.AppendScore(id, at, engagement.ResponseNPS, 10); err != nil {
			fmt.Println(err)
			return
		}
	}
	for _, w := range []engagement.Weighting{engagement.WeightingResponse, engagement.WeightingAccount} {
		rep, err := engagement.SatisfactionBatch(&b, accounts, engagement.SatisfactionOptions{Weighting: w})
		if err != nil {
			fmt.Println(err)
			return
		}
		e := rep.Rows[0].NPS
		fmt.Printf("one vote per %s: NPS %s [%s, %s] from %d responses of %d accounts, effective n %s\n",
			w, e.Value, e.Low, e.High, e.Responses, e.Accounts, e.EffectiveN)
	}
	// Output:
	// one vote per response: NPS -60 [-91.36, -28.64] from 25 responses of 6 accounts, effective n 25
	// one vote per account: NPS 66.67 [11.95, 100] from 25 responses of 6 accounts, effective n 7.13
}

// Compare calls a change up or down only when the interval of the change
// excludes zero, and flat only when it lies within the margin.
func ExampleCompare() {
	before := engagement.Estimate{Responses: 400, Accounts: 40, EffectiveN: decimal.NewFromInt(400),
		Value: decimal.RequireFromString("82.5"), Low: decimal.RequireFromString("78.44"), High: decimal.RequireFromString("86.02")}
	after := engagement.Estimate{Responses: 420, Accounts: 41, EffectiveN: decimal.NewFromInt(420),
		Value: decimal.RequireFromString("83.1"), Low: decimal.RequireFromString("79.22"), High: decimal.RequireFromString("86.45")}
	for _, margin := range []int64{2, 6} {
		s, err := engagement.Compare(before, after, decimal.NewFromInt(margin))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("CSAT %s%% to %s%%, margin %d points: %v (change %s, %s to %s)\n", before.Value, after.Value, margin, s.Trend, s.Delta, s.Low, s.High)
	}
	// Output:
	// CSAT 82.5% to 83.1%, margin 2 points: within noise (change 0.6, -4.64 to 5.87)
	// CSAT 82.5% to 83.1%, margin 6 points: flat (change 0.6, -4.64 to 5.87)
}
