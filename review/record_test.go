package review_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/tiering"
	"github.com/shopspring/decimal"
)

func recReview() review.Review {
	return review.Review{
		ID: "r1", Account: "acme", Date: recDay(10),
		Attendees: []review.Attendee{{Name: "Mia", Role: review.RoleManager}},
		Performance: review.Performance{Kind: account.TransactionRevenue, From: recAt(0), To: recAt(10),
			Target: nzd("NZD 100"), Actual: nzd("NZD 90"), Attainment: decimal.RequireFromString("0.9")},
		SLA:              review.SLACounts{Met: 9, Breached: 1},
		Health:           review.Health{Score: 50, Trend: tiering.TrendDown},
		Decisions:        []string{"go"},
		ObjectiveUpdates: []review.ObjectiveUpdate{{Objective: "o1", Status: review.ObjectiveMet}},
		Actions:          []review.ActionID{"x1"},
		Next:             recDay(100),
	}
}

func TestReviewValidate(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(*review.Review)
		want   []string
	}{
		{"valid", func(*review.Review) {}, nil},
		{"nothing measured", func(r *review.Review) { r.Performance = review.Performance{} }, nil},
		{"no ID, account or date", func(r *review.Review) { r.ID, r.Account, r.Date = "", "", calendar.Date{} },
			[]string{"Review.ID", "Review.Account", "Review.Date"}},
		{"no attendees", func(r *review.Review) { r.Attendees = nil }, []string{"Review.Attendees"}},
		{"attendee without name or role", func(r *review.Review) { r.Attendees[0] = review.Attendee{} },
			[]string{"Review.Attendees[0].Name", "Review.Attendees[0].Role"}},
		{"role 7", func(r *review.Review) { r.Attendees[0].Role = 7 }, []string{"Review.Attendees[0].Role"}},
		{"role 6 (other)", func(r *review.Review) { r.Attendees[0].Role = review.RoleOther }, nil},
		{"attendee with an email", func(r *review.Review) { r.Attendees[0].Email = "mia@example.com" }, nil},
		{"longest attendee email", func(r *review.Review) { r.Attendees[0].Email = strings.Repeat("e", 254) }, nil},
		{"attendee email too long", func(r *review.Review) { r.Attendees[0].Email = strings.Repeat("e", 255) }, []string{"Review.Attendees[0].Email"}},
		{"attendee email with a space", func(r *review.Review) { r.Attendees[0].Email = "mia @x" }, []string{"Review.Attendees[0].Email"}},
		{"performance kind 0", func(r *review.Review) { r.Performance.Kind = 0 }, []string{"Review.Performance.Kind"}},
		{"performance kind 3", func(r *review.Review) { r.Performance.Kind = 3 }, []string{"Review.Performance.Kind"}},
		{"performance period empty", func(r *review.Review) { r.Performance.To = r.Performance.From }, []string{"Review.Performance.To"}},
		{"performance period one nanosecond", func(r *review.Review) { r.Performance.To = r.Performance.From.Add(1) }, nil},
		{"performance period without From", func(r *review.Review) { r.Performance.From = time.Time{} }, []string{"Review.Performance.To"}},
		{"performance target without currency", func(r *review.Review) { r.Performance.Target = account.Money{} }, []string{"Review.Performance.Target"}},
		{"negative counts", func(r *review.Review) {
			r.SLA = review.SLACounts{Met: -1, Breached: -1}
			r.EscalationsOpened, r.EscalationsResolved = -1, -1
		}, []string{"Review.SLA.Met", "Review.SLA.Breached", "Review.EscalationsOpened", "Review.EscalationsResolved"}},
		{"zero counts", func(r *review.Review) { r.SLA, r.EscalationsOpened, r.EscalationsResolved = review.SLACounts{}, 0, 0 }, nil},
		{"trend 2", func(r *review.Review) { r.Health.Trend = 2 }, []string{"Review.Health.Trend"}},
		{"trend -2", func(r *review.Review) { r.Health.Trend = -2 }, []string{"Review.Health.Trend"}},
		{"trend up", func(r *review.Review) { r.Health.Trend = tiering.TrendUp }, nil},
		{"blank decision", func(r *review.Review) { r.Decisions[0] = "" }, []string{"Review.Decisions[0]"}},
		{"objective updated twice", func(r *review.Review) {
			r.ObjectiveUpdates = append(r.ObjectiveUpdates, review.ObjectiveUpdate{Objective: "o1", Status: review.ObjectiveMet})
		}, []string{"Review.ObjectiveUpdates[1].Objective"}},
		{"objective update without anything", func(r *review.Review) { r.ObjectiveUpdates[0] = review.ObjectiveUpdate{} },
			[]string{"Review.ObjectiveUpdates[0].Objective", "Review.ObjectiveUpdates[0].Status"}},
		{"action twice", func(r *review.Review) { r.Actions = append(r.Actions, "x1") }, []string{"Review.Actions[1]"}},
		{"blank action", func(r *review.Review) { r.Actions[0] = "" }, []string{"Review.Actions[0]"}},
		{"no next", func(r *review.Review) { r.Next = calendar.Date{} }, []string{"Review.Next"}},
		{"next on the same day", func(r *review.Review) { r.Next = r.Date }, []string{"Review.Next"}},
		{"next the day after", func(r *review.Review) { r.Next = r.Date.AddDays(1) }, nil},
		{"version -1", func(r *review.Review) { r.Version = -1 }, []string{"Review.Version"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := recReview()
			c.change(&r)
			recWantFields(t, "Validate", r.Validate(), c.want...)
		})
	}
}

func TestSLACompliance(t *testing.T) {
	for _, c := range []struct {
		s    review.SLACounts
		want string
		ok   bool
	}{{review.SLACounts{}, "0", false}, {review.SLACounts{Met: 2, Breached: 1}, "0.6667", true}, {review.SLACounts{Met: 1}, "1", true}, {review.SLACounts{Breached: 3}, "0", true}} {
		got, ok := c.s.Compliance()
		if ok != c.ok || got.String() != c.want {
			t.Errorf("%+v.Compliance() = %v, %v; want %s, %v", c.s, got, ok, c.want, c.ok)
		}
	}
}

func recTxs() []account.Transaction {
	return []account.Transaction{
		{ID: "t0", Account: "acme", At: recAt(0).Add(-12 * time.Hour), Amount: nzd("NZD 1000"), Kind: account.TransactionRevenue}, // exactly at From
		{ID: "t1", Account: "acme", At: recAt(3), Amount: nzd("NZD 10.25"), Kind: account.TransactionRevenue},
		{ID: "t2", Account: "acme", At: recAt(4), Amount: nzd("NZD 7"), Kind: account.TransactionCost},
		{ID: "t3", Account: "globex", At: recAt(4), Amount: nzd("USD 500"), Kind: account.TransactionRevenue},
		{ID: "t4", Account: "acme", At: recAt(9).Add(12 * time.Hour), Amount: nzd("NZD 99"), Kind: account.TransactionRevenue}, // exactly at To
	}
}

func TestMeasure(t *testing.T) {
	from, to := recAt(0).Add(-12*time.Hour), recAt(9).Add(12*time.Hour)
	p, err := review.Measure("acme", account.TransactionRevenue, from, to, nzd("NZD 2000"), recSeq(recTxs(), nil))
	if err != nil {
		t.Fatal(err)
	}
	want := review.Performance{Kind: account.TransactionRevenue, From: from, To: to, Target: nzd("NZD 2000"),
		Actual: nzd("NZD 1010.25"), Attainment: decimal.RequireFromString("0.5051")}
	if d := cmp.Diff(p, want); d != "" {
		t.Errorf("Measure (-got +want):\n%s", d)
	}
	p, err = review.Measure("acme", account.TransactionCost, from, to, nzd("NZD 0"), recSeq(recTxs(), nil))
	if err != nil || !p.Actual.Equal(nzd("NZD 7")) || !p.Attainment.IsZero() {
		t.Errorf("Measure of cost against a zero target = %+v, %v", p, err)
	}
	p, err = review.Measure("initech", account.TransactionRevenue, from, to, nzd("NZD 5"), nil)
	if err != nil || !p.Actual.Equal(nzd("NZD 0")) {
		t.Errorf("Measure with no transactions = %+v, %v; want NZD 0", p, err)
	}

	_, err = review.Measure("globex", account.TransactionRevenue, from, to, nzd("NZD 2000"), recSeq(recTxs(), nil))
	recWantFields(t, "a transaction in USD against an NZD target", err, "Transaction.Amount")
	if !errors.Is(err, review.ErrCurrencyMismatch) || !errors.Is(err, account.ErrCurrencyMismatch) {
		t.Errorf("error %v does not wrap ErrCurrencyMismatch and account.ErrCurrencyMismatch", err)
	}
	_, err = review.Measure("acme", 0, to, from, account.Money{}, nil)
	recWantFields(t, "everything wrong", err, "Performance.Kind", "Performance.To", "Performance.Target")
	boom := errors.New("boom")
	if _, err := review.Measure("acme", account.TransactionRevenue, from, to, nzd("NZD 1"), recSeq(recTxs(), boom)); err != boom {
		t.Errorf("the sequence's error: got %v, want it as it is", err)
	}
}

func recInput() review.ReviewInput {
	return review.ReviewInput{
		ID: "r2", Account: "acme", Date: calendar.Date{Year: 2026, Month: 11, Day: 30},
		Attendees: []review.Attendee{{Name: "Mia", Role: review.RoleManager}},
		Health:    60, Deadband: 5,
		Actions: []review.ActionInput{{ID: "x1", Title: "Call", Owner: "mia"}, {ID: "x2", Title: "Write", Owner: "fin", Due: calendar.Date{Year: 2026, Month: 12, Day: 5}}},
		Every:   tiering.Months(3),
	}
}

func TestNewReview(t *testing.T) {
	prev := recReview()
	prev.Date, prev.Next, prev.Health.Score = calendar.Date{Year: 2026, Month: 8, Day: 31}, calendar.Date{Year: 2026, Month: 11, Day: 30}, 54
	r, items, err := review.NewReview(recInput(), &prev, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := (review.Health{Score: 60, Previous: 54, HasPrevious: true, Trend: tiering.TrendUp}); r.Health != want {
		t.Errorf("Health = %+v, want %+v", r.Health, want)
	}
	// 30 November + 3 months is 28 February, not 2 March.
	if want := (calendar.Date{Year: 2027, Month: 2, Day: 28}); r.Next != want {
		t.Errorf("Next = %v, want %v", r.Next, want)
	}
	wantItems := []review.ActionItem{
		{ID: "x1", Account: "acme", Review: "r2", Title: "Call", Owner: "mia", Raised: recInput().Date, Due: calendar.Date{Year: 2026, Month: 12, Day: 30}, Status: review.ActionOpen},
		{ID: "x2", Account: "acme", Review: "r2", Title: "Write", Owner: "fin", Raised: recInput().Date, Due: calendar.Date{Year: 2026, Month: 12, Day: 5}, Status: review.ActionOpen},
	}
	if d := cmp.Diff(items, wantItems); d != "" {
		t.Errorf("action items (-got +want):\n%s", d)
	}
	if d := cmp.Diff(r.Actions, []review.ActionID{"x1", "x2"}); d != "" {
		t.Errorf("review's actions (-got +want):\n%s", d)
	}
	if r.Performance.Kind != 0 || r.Performance.Target.Currency() != "" {
		t.Errorf("nothing to measure, but Performance = %+v", r.Performance)
	}

	// Within the deadband the trend is flat; at a first review too.
	in := recInput()
	in.Health = 59
	if r, _, _ := review.NewReview(in, &prev, nil); r.Health.Trend != tiering.TrendFlat {
		t.Errorf("a move of 5 within a deadband of 5: trend %v", r.Health.Trend)
	}
	if r, _, _ := review.NewReview(in, nil, nil); r.Health != (review.Health{Score: 59}) {
		t.Errorf("first review: Health = %+v", r.Health)
	}
	// An explicit Next wins over the cadence.
	in.Next, in.Every = calendar.Date{Year: 2027, Month: 1, Day: 15}, tiering.Cadence{}
	if r, _, err := review.NewReview(in, nil, nil); err != nil || r.Next != in.Next {
		t.Errorf("explicit Next: %v, %v", r.Next, err)
	}
	// Measuring.
	in = recInput()
	in.Kind, in.From, in.To, in.Target = account.TransactionRevenue, recAt(0).Add(-12*time.Hour), recAt(9).Add(12*time.Hour), nzd("NZD 2000")
	if r, _, err := review.NewReview(in, nil, recSeq(recTxs(), nil)); err != nil || !r.Performance.Actual.Equal(nzd("NZD 1010.25")) {
		t.Errorf("measured review: %+v, %v", r.Performance, err)
	}
}

func TestNewReviewErrors(t *testing.T) {
	prev := recReview()
	for _, c := range []struct {
		name     string
		change   func(*review.ReviewInput)
		previous *review.Review
		want     []string
	}{
		{"an action with no owner", func(in *review.ReviewInput) { in.Actions[1].Owner = "" }, nil, []string{"ActionItem.Owner"}},
		{"an action with no title, due before the review", func(in *review.ReviewInput) {
			in.Actions[0].Title, in.Actions[0].Due = "", in.Date.AddDays(-1)
		}, nil, []string{"ActionItem.Title", "ActionItem.Due"}},
		{"an action due on the review's day", func(in *review.ReviewInput) { in.Actions[0].Due = in.Date }, nil, nil},
		{"the same action twice", func(in *review.ReviewInput) { in.Actions[1].ID = "x1" }, nil, []string{"Review.Actions[1]"}},
		{"no next and no cadence", func(in *review.ReviewInput) { in.Every = tiering.Cadence{} }, nil, []string{"ReviewInput.Next"}},
		{"a negative cadence", func(in *review.ReviewInput) { in.Every = tiering.Days(-1) }, nil, []string{"ReviewInput.Every"}},
		{"a next before the review", func(in *review.ReviewInput) { in.Next = in.Date.AddDays(-1) }, nil, []string{"Review.Next"}},
		{"no participants", func(in *review.ReviewInput) { in.Attendees = nil }, nil, []string{"Review.Attendees"}},
		{"a previous review of another account", func(in *review.ReviewInput) { in.Account = "globex" }, &prev, []string{"ReviewInput.previous.Account"}},
		{"a previous review on the same day", func(in *review.ReviewInput) { in.Date = prev.Date }, &prev, []string{"ReviewInput.previous.Date"}},
		{"a previous review the day before", func(in *review.ReviewInput) { in.Date = prev.Date.AddDays(1) }, &prev, nil},
		{"a bad performance period", func(in *review.ReviewInput) { in.Kind = account.TransactionCost; in.Target = nzd("NZD 1") }, nil, []string{"Performance.To"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := recInput()
			c.change(&in)
			_, _, err := review.NewReview(in, c.previous, nil)
			recWantFields(t, "NewReview", err, c.want...)
		})
	}
}

func TestActionValidate(t *testing.T) {
	valid := review.ActionItem{ID: "x1", Account: "acme", Review: "r1", Title: "Call", Owner: "mia", Raised: recDay(0), Due: recDay(30), Status: review.ActionOpen}
	for _, c := range []struct {
		name   string
		change func(*review.ActionItem)
		want   []string
	}{
		{"valid", func(*review.ActionItem) {}, nil},
		{"no owner", func(a *review.ActionItem) { a.Owner = "" }, []string{"ActionItem.Owner"}},
		{"nothing", func(a *review.ActionItem) { *a = review.ActionItem{} }, []string{"ActionItem.ID", "ActionItem.Account", "ActionItem.Review",
			"ActionItem.Title", "ActionItem.Owner", "ActionItem.Raised", "ActionItem.Due", "ActionItem.Status"}},
		{"due the day before raised", func(a *review.ActionItem) { a.Due = recDay(-1) }, []string{"ActionItem.Due"}},
		{"due the day raised", func(a *review.ActionItem) { a.Due = recDay(0) }, nil},
		{"status 0", func(a *review.ActionItem) { a.Status = 0 }, []string{"ActionItem.Status"}},
		{"status 4", func(a *review.ActionItem) { a.Status = 4 }, []string{"ActionItem.Status"}},
		{"cancelled", func(a *review.ActionItem) { a.Status = review.ActionCancelled }, nil},
		{"done without a date", func(a *review.ActionItem) { a.Status = review.ActionDone }, []string{"ActionItem.Completed"}},
		{"open with a date", func(a *review.ActionItem) { a.Completed = recDay(3) }, []string{"ActionItem.Completed"}},
		{"done the day before raised", func(a *review.ActionItem) { *a = a.Complete(recDay(-1)) }, []string{"ActionItem.Completed"}},
		{"done the day raised", func(a *review.ActionItem) { *a = a.Complete(recDay(0)) }, nil},
		{"done on an invalid date", func(a *review.ActionItem) { *a = a.Complete(calendar.Date{Year: 2026, Month: 2, Day: 29}) }, []string{"ActionItem.Completed"}},
		{"version -1", func(a *review.ActionItem) { a.Version = -1 }, []string{"ActionItem.Version"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := valid
			c.change(&a)
			recWantFields(t, "Validate", a.Validate(), c.want...)
		})
	}
	if valid.Overdue(recDay(30)) || !valid.Overdue(recDay(31)) || valid.Complete(recDay(1)).Overdue(recDay(99)) {
		t.Error("Overdue: an open item is overdue from the day after its due date, a done one never")
	}
}
