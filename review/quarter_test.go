package review_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/internal/golden"
	"github.com/keyaccount/keyaccount/review"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// recQuarter is a fiscal year from July: its second quarter is October to
// December 2026, read in New Zealand time.
type recQuarter struct {
	in      review.QuarterInput
	txs     []account.Transaction
	reviews []review.Review
	actions []review.ActionItem
}

func recQuarterFixture() recQuarter {
	nz := time.FixedZone("NZDT", 13*3600)
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, nz) }
	day := func(m time.Month, d int) calendar.Date { return calendar.Date{Year: 2026, Month: m, Day: d} }
	rev := func(id string, acct account.ID, t time.Time, amount string) account.Transaction {
		return account.Transaction{ID: account.TransactionID(id), Account: acct, At: t, Amount: nzd(amount), Kind: account.TransactionRevenue}
	}
	f := recQuarter{
		in: review.QuarterInput{
			Year: 2026, Quarter: 2, StartMonth: time.July, Location: nz, Kind: account.TransactionRevenue, Currency: "NZD", Top: 3,
			Accounts: []account.Account{
				{ID: "initech", Name: "Initech", Tier: 2},
				{ID: "acme", Name: "Acme Ltd", Tier: 1},
				{ID: "globex", Name: "Globex", Tier: 1},
				{ID: "hooli", Name: "Hooli", Tier: 1},
				{ID: "umbrella", Name: "Umbrella", Tier: 3},
			},
			PreviousTiers: map[account.ID]account.Tier{"globex": 2, "hooli": 1, "nobody": 1},
			SLA:           map[account.ID]review.SLACounts{"acme": {Met: 97, Breached: 3}, "globex": {Met: 10, Breached: 5}},
			Planned:       map[account.ID]int{"acme": 1, "globex": 1, "hooli": 2},
			Budgets: []review.Budget{
				{Account: "acme", Year: 2026, StartMonth: time.July, Kind: account.TransactionRevenue, Amount: nzd("NZD 1000000"),
					Split: review.SplitQuarterly, Periods: []account.Money{nzd("NZD 200000"), nzd("NZD 300000"), nzd("NZD 250000"), nzd("NZD 250000")},
					Threshold: decimal.RequireFromString("0.05")},
				{Account: "globex", Year: 2026, StartMonth: time.July, Kind: account.TransactionCost, Amount: nzd("NZD 50000"), From: day(11, 1)},
				{Account: "hooli", Year: 2025, StartMonth: time.July, Kind: account.TransactionRevenue, Amount: nzd("USD 1")}, // another year: ignored
			},
			Plans: []review.Plan{
				{Account: "acme", Status: review.PlanStatusActive, Author: "mia", At: at(7, 1, 9), Version: 1, Objectives: []review.Objective{
					{ID: "o1", Title: "Win APAC", Owner: "mia", Measure: "order", Target: "1", Due: day(12, 1), Status: review.ObjectiveOpen}}},
				{Account: "acme", Status: review.PlanStatusActive, Author: "mia", At: at(12, 20, 9), Version: 2, Objectives: []review.Objective{
					{ID: "o1", Title: "Win APAC", Owner: "mia", Measure: "order", Target: "1", Due: day(12, 1), Status: review.ObjectiveMet, Met: day(12, 18)},
					{ID: "o2", Title: "NPS 40", Owner: "mia", Measure: "NPS", Target: "40", Due: day(12, 31), Status: review.ObjectiveOpen},
					{ID: "o3", Title: "Old", Owner: "mia", Measure: "x", Target: "x", Due: day(9, 1), Status: review.ObjectiveDropped}}},
				{Account: "acme", Status: review.PlanStatusActive, Author: "mia", At: at(12, 31, 23).Add(time.Hour), Version: 3}, // after the quarter
				{Account: "hooli", Status: review.PlanStatusDraft, Author: "ann", At: at(12, 1, 9), Objectives: []review.Objective{
					{ID: "h1", Title: "Meet the CFO", Owner: "ann", Measure: "meeting", Target: "1", Due: day(11, 30), Status: review.ObjectiveMissed}}},
			},
		},
		txs: []account.Transaction{
			rev("a0", "acme", at(9, 30, 23), "NZD 210000"), // the previous quarter
			rev("a1", "acme", at(10, 1, 0), "NZD 100000"),  // the quarter's first instant
			rev("a2", "acme", at(12, 31, 23), "NZD 180000.55"),
			rev("a3", "acme", at(12, 31, 23).Add(time.Hour), "NZD 999"), // the next quarter's first instant
			rev("g1", "globex", at(11, 5, 12), "NZD 90000"),
			{ID: "g2", Account: "globex", At: at(11, 6, 12), Amount: nzd("NZD 12000"), Kind: account.TransactionCost},
			{ID: "g3", Account: "globex", At: at(10, 6, 12), Amount: nzd("NZD 4000"), Kind: account.TransactionCost}, // before its budget's From
			rev("h1", "hooli", at(10, 20, 12), "NZD 90000"),                                                          // ties with globex: globex first by ID
			rev("i1", "initech", at(11, 1, 12), "NZD 30000"),
			rev("u1", "umbrella", at(12, 1, 12), "NZD -500"), // a credit: negative revenue
			rev("x1", "stranger", at(12, 1, 12), "USD 5"),    // not in the portfolio
		},
		reviews: []review.Review{
			recHeldOn("r1", "acme", day(10, 14)),
			recHeldOn("r2", "acme", day(9, 30)), // the previous quarter
			recHeldOn("r3", "hooli", day(12, 31)),
			recHeldOn("r4", "initech", day(11, 1)), // not in the top 3
		},
		actions: []review.ActionItem{
			recItem("x1", "acme", day(10, 14), day(11, 13), day(11, 1)),
			recItem("x2", "acme", day(10, 14), day(11, 13), calendar.Date{}),
			recItem("x3", "acme", day(10, 14), day(12, 31), day(1, 1).AddDays(365)), // done after the quarter
			recItem("x4", "acme", day(9, 1), day(9, 30), day(9, 29)),                // due the previous quarter
			recItem("x5", "hooli", day(12, 31), day(12, 31), day(12, 31)),
		},
	}
	cancelled := recItem("x6", "hooli", day(10, 1), day(10, 31), calendar.Date{})
	cancelled.Status = review.ActionCancelled
	f.actions = append(f.actions, cancelled)
	return f
}

func recHeldOn(id review.ReviewID, acct account.ID, on calendar.Date) review.Review {
	return review.Review{ID: id, Account: acct, Date: on, Next: on.AddDays(90), Attendees: []review.Attendee{{Name: "Mia", Role: review.RoleManager}}}
}

func recItem(id review.ActionID, acct account.ID, raised, due, done calendar.Date) review.ActionItem {
	a := review.ActionItem{ID: id, Account: acct, Review: "r", Title: "Do", Owner: "mia", Raised: raised, Due: due, Status: review.ActionOpen}
	if !done.IsZero() {
		a = a.Complete(done)
	}
	return a
}

func (f recQuarter) run() (review.QuarterlyResults, error) {
	return review.Quarterly(f.in, recSeq(f.txs, nil), recSeq(f.reviews, nil), recSeq(f.actions, nil))
}

// The quarterly results' JSON, checked against testdata/quarterly.json
// (rewrite it with go test ./review -run TestQuarterlyGolden -update).
func TestQuarterlyGolden(t *testing.T) {
	res, err := recQuarterFixture().run()
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, append(b, '\n'), "testdata/quarterly.json")

	// It reads back to the same results.
	var back review.QuarterlyResults
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(back, res); d != "" {
		t.Errorf("round trip through JSON (-got +want):\n%s", d)
	}
}

func TestQuarterly(t *testing.T) {
	res, err := recQuarterFixture().run()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range res.Accounts {
		sla := "none"
		if a.SLACompliance.Valid {
			sla = a.SLACompliance.Decimal.String()
		}
		got = append(got, fmt.Sprintf("%d %s %v %s tier %d<-%d %v sla %v reviews %d/%d actions %d/%d objectives %d/%d",
			a.Rank, a.Account, a.Amount, a.Share, a.Tier, a.PreviousTier, a.TierChanged, sla, a.ReviewsHeld, a.ReviewsPlanned,
			a.ActionsCompleted, a.ActionsDue, a.ObjectivesMet, a.Objectives))
	}
	want := []string{
		"1 acme NZD 280,000.55 0.572 tier 1<-1 false sla 0.97 reviews 1/1 actions 1/3 objectives 1/2",
		"2 globex NZD 90,000.00 0.1839 tier 1<-2 true sla 0.6667 reviews 0/1 actions 0/0 objectives 0/0",
		"3 hooli NZD 90,000.00 0.1839 tier 1<-1 false sla none reviews 1/2 actions 1/1 objectives 0/1",
	}
	if d := cmp.Diff(got, want); d != "" {
		t.Errorf("accounts (-got +want):\n%s", d)
	}
	if !res.Portfolio.Equal(nzd("NZD 489500.55")) || res.TopShare.String() != "0.9397" || res.PortfolioAccounts != 5 ||
		res.From != (calendar.Date{Year: 2026, Month: 10, Day: 1}) || res.To != (calendar.Date{Year: 2026, Month: 12, Day: 31}) {
		t.Errorf("portfolio %v, top share %v, %d accounts, %v to %v", res.Portfolio, res.TopShare, res.PortfolioAccounts, res.From, res.To)
	}
	acme, globex := res.Accounts[0].Budget, res.Accounts[1].Budget
	if acme == nil || !acme.Actual.Equal(nzd("NZD 490000.55")) || !acme.BudgetToDate.Equal(nzd("NZD 500000")) || acme.Through != res.To {
		t.Errorf("acme's budget: %+v", acme)
	}
	if globex == nil || !globex.Actual.Equal(nzd("NZD 12000")) || globex.From != (calendar.Date{Year: 2026, Month: 11, Day: 1}) {
		t.Errorf("globex's cost budget from 1 November: %+v", globex)
	}
	if res.Accounts[2].Budget != nil {
		t.Errorf("hooli has no budget for the year: %+v", res.Accounts[2].Budget)
	}

	// Top beyond the portfolio reports every account; Top 1 only acme.
	f := recQuarterFixture()
	f.in.Top = review.MaxQuarterTop
	if res, err := f.run(); err != nil || len(res.Accounts) != 5 || res.Accounts[4].Account != "umbrella" || !res.TopShare.Equal(decimal.NewFromInt(1)) {
		t.Errorf("every account: %d accounts, top share %v, %v", len(res.Accounts), res.TopShare, err)
	}
	f.in.Top = 1
	if res, err := f.run(); err != nil || len(res.Accounts) != 1 {
		t.Errorf("Top 1: %d accounts, %v", len(res.Accounts), err)
	}
	// A budget that starts after the quarter has no status in it yet.
	f = recQuarterFixture()
	f.in.Budgets[1].From = calendar.Date{Year: 2027, Month: 1, Day: 1}
	if res, err := f.run(); err != nil || res.Accounts[1].Budget != nil {
		t.Errorf("a budget from after the quarter: %+v, %v", res.Accounts[1].Budget, err)
	}
	f.in.Budgets[1].From = calendar.Date{Year: 2026, Month: 12, Day: 31} // the quarter's last day
	if res, err := f.run(); err != nil || res.Accounts[1].Budget == nil || res.Accounts[1].Budget.Elapsed != 1 {
		t.Errorf("a budget from the quarter's last day: %+v, %v", res.Accounts[1].Budget, err)
	}
	// An empty portfolio has no shares.
	res, err = review.Quarterly(review.QuarterInput{Year: 2026, Quarter: 4, Kind: account.TransactionCost, Currency: "NZD", Top: 5}, nil, nil, nil)
	if err != nil || len(res.Accounts) != 0 || !res.Portfolio.Equal(nzd("NZD 0")) || !res.TopShare.IsZero() {
		t.Errorf("empty portfolio: %+v, %v", res, err)
	}
}

func TestQuarterlyErrors(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(*recQuarter)
		want   []string
	}{
		{"quarter 0", func(f *recQuarter) { f.in.Quarter = 0 }, []string{"QuarterInput.Quarter"}},
		{"quarter 5", func(f *recQuarter) { f.in.Quarter = 5 }, []string{"QuarterInput.Quarter"}},
		{"quarter 4", func(f *recQuarter) { f.in.Quarter = 4 }, nil},
		{"quarter 1", func(f *recQuarter) { f.in.Quarter = 1 }, nil},
		{"year out of range", func(f *recQuarter) { f.in.Year = calendar.MaxYear + 1 }, []string{"QuarterInput.Year"}},
		{"year before the range", func(f *recQuarter) { f.in.Year = calendar.MinYear - 1 }, []string{"QuarterInput.Year"}},
		{"the last year", func(f *recQuarter) { f.in.Year = calendar.MaxYear }, nil},
		{"the first year", func(f *recQuarter) { f.in.Year = calendar.MinYear }, nil},
		{"start month 13", func(f *recQuarter) { f.in.StartMonth = 13 }, []string{"QuarterInput.StartMonth"}},
		{"start month -1", func(f *recQuarter) { f.in.StartMonth = -1 }, []string{"QuarterInput.StartMonth"}},
		{"start month 12", func(f *recQuarter) { f.in.StartMonth = 12 }, nil},
		{"top at the maximum", func(f *recQuarter) { f.in.Top = review.MaxQuarterTop }, nil},
		{"top 1", func(f *recQuarter) { f.in.Top = 1 }, nil},
		{"no review planned", func(f *recQuarter) { f.in.Planned["acme"] = 0 }, nil},
		{"no kind", func(f *recQuarter) { f.in.Kind = 0 }, []string{"QuarterInput.Kind"}},
		{"no currency", func(f *recQuarter) { f.in.Currency = "" }, []string{"QuarterInput.Currency"}},
		{"top 0", func(f *recQuarter) { f.in.Top = 0 }, []string{"QuarterInput.Top"}},
		{"top above the maximum", func(f *recQuarter) { f.in.Top = review.MaxQuarterTop + 1 }, []string{"QuarterInput.Top"}},
		{"an account twice", func(f *recQuarter) { f.in.Accounts = append(f.in.Accounts, f.in.Accounts[1]) }, []string{"QuarterInput.Accounts[5].ID"}},
		{"a negative plan", func(f *recQuarter) { f.in.Planned["acme"] = -1 }, []string{"QuarterInput.Planned[acme]"}},
		{"an invalid budget", func(f *recQuarter) { f.in.Budgets[0].Periods = nil }, []string{"Budget.Periods"}},
		{"a budget in another currency", func(f *recQuarter) {
			f.in.Budgets[1].Amount = nzd("AUD 50000")
		}, []string{"Budget.Amount"}},
		{"two budgets for one account", func(f *recQuarter) { f.in.Budgets = append(f.in.Budgets, f.in.Budgets[1]) }, []string{"QuarterInput.Budgets[3]"}},
		{"a transaction in another currency", func(f *recQuarter) { f.txs[4].Amount = nzd("USD 90000") }, []string{"Transaction.Amount"}},
		{"a budget's transaction in another currency", func(f *recQuarter) { f.txs[0].Amount = nzd("USD 1") }, []string{"Transaction.Amount"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := recQuarterFixture()
			c.change(&f)
			_, err := f.run()
			recWantFields(t, "Quarterly", err, c.want...)
		})
	}
	f := recQuarterFixture()
	f.in.Accounts = append(f.in.Accounts, f.in.Accounts[0])
	if _, err := f.run(); !errors.Is(err, review.ErrDuplicateAccount) {
		t.Errorf("an account twice: error %v, want ErrDuplicateAccount", err)
	}
	f = recQuarterFixture()
	f.txs[4].Amount = nzd("USD 90000")
	if _, err := f.run(); !errors.Is(err, review.ErrCurrencyMismatch) {
		t.Errorf("a transaction in another currency: error %v, want ErrCurrencyMismatch", err)
	}
	boom := errors.New("boom")
	f = recQuarterFixture()
	for name, run := range map[string]func() error{
		"transactions": func() error { _, err := review.Quarterly(f.in, recSeq(f.txs, boom), nil, nil); return err },
		"reviews":      func() error { _, err := review.Quarterly(f.in, nil, recSeq(f.reviews, boom), nil); return err },
		"actions":      func() error { _, err := review.Quarterly(f.in, nil, nil, recSeq(f.actions, boom)); return err },
	} {
		if err := run(); err != boom {
			t.Errorf("the %s sequence's error: got %v", name, err)
		}
	}
}

// The results do not depend on the order of the accounts, transactions,
// reviews, actions, budgets or plan versions; and the shares of all the
// accounts sum to one.
func TestQuarterlyOrderIndependent(t *testing.T) {
	base := recQuarterFixture()
	want, err := base.run()
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		f := recQuarterFixture()
		f.in.Accounts = rapid.Permutation(f.in.Accounts).Draw(t, "accounts")
		f.in.Budgets = rapid.Permutation(f.in.Budgets).Draw(t, "budgets")
		f.in.Plans = rapid.Permutation(f.in.Plans).Draw(t, "plans")
		f.txs = rapid.Permutation(f.txs).Draw(t, "txs")
		f.reviews = rapid.Permutation(f.reviews).Draw(t, "reviews")
		f.actions = rapid.Permutation(f.actions).Draw(t, "actions")
		got, err := f.run()
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(got, want); d != "" {
			t.Fatalf("(-got +want):\n%s", d)
		}
	})
}

func TestPlannedReviews(t *testing.T) {
	nz := time.FixedZone("NZDT", 13*3600)
	s := &review.Schedule{
		Meetings: []review.Meeting{
			{ID: "acme/1", Account: "acme", Start: time.Date(2026, 9, 30, 23, 0, 0, 0, nz)},   // the day before
			{ID: "acme/2", Account: "acme", Start: time.Date(2026, 10, 1, 0, 0, 0, 0, nz)},    // the first day, though 30 September in UTC
			{ID: "acme/3", Account: "acme", Start: time.Date(2026, 12, 31, 23, 0, 0, 0, nz)},  // the last day
			{ID: "globex/1", Account: "globex", Start: time.Date(2027, 1, 1, 9, 0, 0, 0, nz)}, // the day after
		},
		Conflicts: []review.Conflict{
			{Account: "globex", N: 2, Due: calendar.Date{Year: 2026, Month: 11, Day: 1}},
			{Account: "hooli", N: 1, Due: calendar.Date{Year: 2026, Month: 9, Day: 30}},
		},
	}
	got := review.PlannedReviews(s, calendar.Date{Year: 2026, Month: 10, Day: 1}, calendar.Date{Year: 2026, Month: 12, Day: 31})
	if d := cmp.Diff(got, map[account.ID]int{"acme": 2, "globex": 1}); d != "" {
		t.Errorf("PlannedReviews (-got +want):\n%s", d)
	}
	if got := review.PlannedReviews(nil, calendar.Date{}, calendar.Date{}); len(got) != 0 {
		t.Errorf("nil schedule: %v", got)
	}
}
