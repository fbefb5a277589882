package review_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/tiering"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func recHeld(id review.ReviewID, acct account.ID, on, next int) review.Review {
	return review.Review{ID: id, Account: acct, Date: recDay(on), Next: recDay(next),
		Attendees: []review.Attendee{{Name: "Mia", Role: review.RoleManager}}}
}

func TestDueReviews(t *testing.T) {
	reviews := []review.Review{
		recHeld("r1", "acme", 0, 90),
		recHeld("r2", "acme", 80, 170), // acme's last review
		recHeld("r3", "globex", 10, 95),
		recHeld("r4", "initech", 20, 100),
		recHeld("r5", "hooli", 5, 140),
		recHeld("r6", "umbrella", 1, 101),
		recHeld("r7", "umbrella", 1, 99), // same day as r6: the greater ID, r7, is the last
	}
	got, err := recCollect(review.DueReviews(recDay(96), 4, recSeq(reviews, nil)))
	if err != nil {
		t.Fatal(err)
	}
	want := []review.DueReview{
		{Account: "globex", Review: "r3", Last: recDay(10), Next: recDay(95), Days: -1},
		{Account: "umbrella", Review: "r7", Last: recDay(1), Next: recDay(99), Days: 3},
		{Account: "initech", Review: "r4", Last: recDay(20), Next: recDay(100), Days: 4}, // the window's last day
	}
	if d := cmp.Diff(got, want); d != "" {
		t.Errorf("DueReviews (-got +want):\n%s", d)
	}
	if got, _ := recCollect(review.DueReviews(recDay(96), 3, recSeq(reviews, nil))); len(got) != 2 {
		t.Errorf("a window one day shorter yields %d reviews, want 2", len(got))
	}
	if got, _ := recCollect(review.DueReviews(recDay(96), 0, recSeq(reviews, nil))); len(got) != 1 {
		t.Errorf("a window of 0 days yields %d reviews, want the one already late", len(got))
	}
	for _, days := range []int{-1, review.MaxDueDays + 1} {
		_, err := recCollect(review.DueReviews(recDay(0), days, nil))
		recWantFields(t, "days out of range", err, "DueReviews.days")
	}
	if _, err := recCollect(review.DueReviews(recDay(0), review.MaxDueDays, nil)); err != nil {
		t.Errorf("days = MaxDueDays: %v", err)
	}
	_, err = recCollect(review.DueReviews(calendar.Date{}, 1, nil))
	recWantFields(t, "zero today", err, "DueReviews.today")
	boom := errors.New("boom")
	if _, err := recCollect(review.DueReviews(recDay(0), 1, recSeq(reviews, boom))); err != boom {
		t.Errorf("the sequence's error: got %v", err)
	}
	n := 0
	for range review.DueReviews(recDay(200), 10, recSeq(reviews, nil)) {
		n++
		break
	}
	if n != 1 {
		t.Error("breaking out early")
	}
}

// recValued gives each account a zero value, for CadenceRule.Cadences.
func recValued(accounts []account.Account) []review.Valued {
	out := make([]review.Valued, len(accounts))
	for i, a := range accounts {
		out[i] = review.Valued{Account: a}
	}
	return out
}

var recModels = tiering.ServiceModels{
	{Tier: 1, ReviewEvery: tiering.Days(90)},
	{Tier: 2, ReviewEvery: tiering.Months(6)},
	{Tier: 3},
}

func TestOverdueAccounts(t *testing.T) {
	accounts := []account.Account{
		{ID: "acme", Name: "Acme", Tier: 1},                                                   // last review day 0: due day 90
		{ID: "globex", Name: "Globex", Tier: 2},                                               // last review day 0: due 1 July, day 181
		{ID: "initech", Name: "Initech", Tier: 1, Created: recAt(-100)},                       // no review: due day -10
		{ID: "hooli", Name: "Hooli", Tier: 1},                                                 // no review, no dates: cannot be measured
		{ID: "umbrella", Name: "Umbrella", Tier: 3},                                           // no cadence
		{ID: "soylent", Name: "Soylent", Tier: 3, TierSince: recAt(50), Created: recAt(-500)}, // explicit 30 days from day 50: day 80
		{ID: "wayne", Name: "Wayne", Tier: 1},                                                 // reviewed on day 95: due day 185
	}
	reviews := []review.Review{
		recHeld("r1", "acme", 0, 90), recHeld("r2", "globex", 0, 181), recHeld("r3", "wayne", 5, 95), recHeld("r4", "wayne", 95, 185),
		recHeld("r5", "acme", 200, 290), // after today: not counted
		recHeld("r6", "nobody", 0, 10),  // not listed
	}
	c, err := review.CadenceRule{Models: recModels}.Cadences(recValued(accounts))
	if err != nil {
		t.Fatal(err)
	}
	c = append(c, review.AccountCadence{Account: "soylent", Cadence: tiering.Days(30), Source: review.CadenceTop})
	got, err := recCollect(review.OverdueAccounts(recDay(90), accounts, c, recSeq(reviews, nil)))
	if err != nil {
		t.Fatal(err)
	}
	want := []review.OverdueAccount{
		{Account: "hooli", Tier: 1, Cadence: tiering.Days(90), Source: review.CadenceTier},
		{Account: "initech", Tier: 1, Cadence: tiering.Days(90), Source: review.CadenceTier, Due: recDay(-10), Days: 100},
		{Account: "soylent", Tier: 3, Cadence: tiering.Days(30), Source: review.CadenceTop, Due: recDay(80), Days: 10},
	}
	if d := cmp.Diff(got, want); d != "" {
		t.Errorf("OverdueAccounts on day 90 (-got +want):\n%s", d)
	}
	got, _ = recCollect(review.OverdueAccounts(recDay(91), accounts, c, recSeq(reviews, nil)))
	if len(got) != 4 || got[3].Account != "acme" || got[3].Days != 1 {
		t.Errorf("on day 91 acme is 1 day overdue: got %+v", got)
	}
	// The order does not depend on the input's.
	rev := make([]account.Account, len(accounts))
	for i := range accounts {
		rev[i] = accounts[len(accounts)-1-i]
	}
	again, _ := recCollect(review.OverdueAccounts(recDay(91), rev, c, recSeq(reviews, nil)))
	if d := cmp.Diff(again, got); d != "" {
		t.Errorf("reversed input changes the output (-got +want):\n%s", d)
	}

	_, err = recCollect(review.OverdueAccounts(calendar.Date{}, append(accounts, accounts[0]), c, nil))
	recWantFields(t, "bad today and a repeated account", err, "OverdueAccounts.today", "OverdueAccounts.accounts[7].ID")
	if !errors.Is(err, review.ErrDuplicateAccount) {
		t.Errorf("a repeated account: error %v, want ErrDuplicateAccount", err)
	}
	bad := []review.AccountCadence{{Account: "acme"}, {Account: "globex", Cadence: tiering.Days(-1)}, {Account: "wayne", Cadence: tiering.Days(1)}, {Account: "wayne", Cadence: tiering.Days(2)}}
	_, err = recCollect(review.OverdueAccounts(recDay(0), accounts, bad, nil))
	recWantFields(t, "bad cadences", err, "OverdueAccounts.cadences[0].Cadence", "OverdueAccounts.cadences[1].Cadence", "OverdueAccounts.cadences[3].Account")
	boom := errors.New("boom")
	if _, err := recCollect(review.OverdueAccounts(recDay(0), accounts, c, recSeq(reviews, boom))); err != boom {
		t.Errorf("the sequence's error: got %v", err)
	}
}

func recActions() []review.ActionItem {
	item := func(id review.ActionID, acct account.ID, owner account.ManagerID, raised, due int) review.ActionItem {
		return review.ActionItem{ID: id, Account: acct, Review: "r", Title: "Do", Owner: owner, Raised: recDay(raised), Due: recDay(due), Status: review.ActionOpen}
	}
	cancelled := item("x6", "acme", "mia", 0, 5)
	cancelled.Status = review.ActionCancelled
	return []review.ActionItem{
		item("x1", "acme", "mia", 0, 30).Complete(recDay(20)),   // done within 30 days
		item("x2", "acme", "mia", 0, 30).Complete(recDay(45)),   // done late
		item("x3", "globex", "fin", 0, 30),                      // open, overdue from day 31
		item("x4", "globex", "mia", 0, 10),                      // open, overdue from day 11
		item("x5", "acme", "fin", 50, 80),                       // raised recently
		cancelled,                                               // counts for nothing
		item("x7", "globex", "fin", 0, 10).Complete(recDay(30)), // done on day 30: within
		item("x8", "hooli", "ann", 70, 100),                     // raised after asOf 60
	}
}

func TestOverdueActions(t *testing.T) {
	got, err := recCollect(review.OverdueActions(recDay(31), recSeq(recActions(), nil)))
	if err != nil {
		t.Fatal(err)
	}
	var ids []review.ActionID
	for _, a := range got {
		ids = append(ids, a.ID)
	}
	if d := cmp.Diff(ids, []review.ActionID{"x4", "x3"}); d != "" {
		t.Errorf("overdue on day 31 (-got +want):\n%s", d)
	}
	if got, _ := recCollect(review.OverdueActions(recDay(30), recSeq(recActions(), nil))); len(got) != 1 {
		t.Errorf("on its due day an item is not yet overdue: got %d items, want 1", len(got))
	}
	_, err = recCollect(review.OverdueActions(calendar.Date{Year: 2026, Month: 4, Day: 31}, nil))
	recWantFields(t, "invalid today", err, "OverdueActions.today")
}

func TestCompletion(t *testing.T) {
	asOf := recDay(60)
	byOwner, err := recCollect(review.CompletionByOwner(asOf, recSeq(recActions(), nil)))
	if err != nil {
		t.Fatal(err)
	}
	d := decimal.RequireFromString
	want := []review.Completion{
		{Owner: "fin", Items: 3, Done: 1, Overdue: 1, Matured: 2, Within: 1, Rate: d("0.3333"), WithinShare: d("0.5")},
		{Owner: "mia", Items: 3, Done: 2, Overdue: 1, Matured: 3, Within: 1, Rate: d("0.6667"), WithinShare: d("0.3333")},
	}
	if diff := cmp.Diff(byOwner, want); diff != "" {
		t.Errorf("by owner (-got +want):\n%s", diff)
	}
	byAccount, err := recCollect(review.CompletionByAccount(asOf, recSeq(recActions(), nil)))
	if err != nil {
		t.Fatal(err)
	}
	want = []review.Completion{
		{Account: "acme", Items: 3, Done: 2, Overdue: 0, Matured: 2, Within: 1, Rate: d("0.6667"), WithinShare: d("0.5")},
		{Account: "globex", Items: 3, Done: 1, Overdue: 2, Matured: 3, Within: 1, Rate: d("0.3333"), WithinShare: d("0.3333")},
	}
	if diff := cmp.Diff(byAccount, want); diff != "" {
		t.Errorf("by account (-got +want):\n%s", diff)
	}
	// Before x2 was done (day 45) it counts as open and overdue.
	early, _ := recCollect(review.CompletionByAccount(recDay(44), recSeq(recActions(), nil)))
	if early[0].Done != 1 || early[0].Overdue != 1 {
		t.Errorf("acme on day 44: %+v, want 1 done and 1 overdue", early[0])
	}
	_, err = recCollect(review.CompletionByOwner(calendar.Date{}, nil))
	recWantFields(t, "zero asOf", err, "CompletionByOwner.asOf")
	_, err = recCollect(review.CompletionByAccount(calendar.Date{}, nil))
	recWantFields(t, "zero asOf", err, "CompletionByAccount.asOf")
	if got, err := recCollect(review.CompletionByOwner(asOf, nil)); len(got) != 0 || err != nil {
		t.Errorf("no actions: %v, %v", got, err)
	}
}

// The due lists do not depend on the order of their input.
func TestDueOrderIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 30).Draw(t, "n")
		var reviews []review.Review
		var items []review.ActionItem
		for i := range n {
			acct := account.ID(rapid.SampledFrom([]string{"a", "b", "c", "d"}).Draw(t, "account"))
			on := rapid.IntRange(0, 100).Draw(t, "on")
			reviews = append(reviews, recHeld(review.ReviewID(rune('a'+i)), acct, on, on+rapid.IntRange(1, 100).Draw(t, "gap")))
			a := review.ActionItem{ID: review.ActionID(rune('a' + i)), Account: acct, Review: "r", Title: "Do",
				Owner: account.ManagerID(rapid.SampledFrom([]string{"m", "n"}).Draw(t, "owner")), Raised: recDay(on),
				Due: recDay(on + rapid.IntRange(0, 40).Draw(t, "due")), Status: review.ActionOpen}
			if rapid.Bool().Draw(t, "done") {
				a = a.Complete(recDay(on + rapid.IntRange(0, 60).Draw(t, "done on")))
			}
			items = append(items, a)
		}
		today := recDay(rapid.IntRange(0, 200).Draw(t, "today"))
		r2, i2 := rapid.Permutation(reviews).Draw(t, "reviews"), rapid.Permutation(items).Draw(t, "items")
		check := func(what string, a, b any, errA, errB error) {
			if errA != nil || errB != nil {
				t.Fatalf("%s: %v, %v", what, errA, errB)
			}
			if d := cmp.Diff(a, b); d != "" {
				t.Fatalf("%s depends on the input's order:\n%s", what, d)
			}
		}
		x, ea := recCollect(review.DueReviews(today, 30, recSeq(reviews, nil)))
		y, eb := recCollect(review.DueReviews(today, 30, recSeq(r2, nil)))
		check("DueReviews", x, y, ea, eb)
		p, ea := recCollect(review.OverdueActions(today, recSeq(items, nil)))
		q, eb := recCollect(review.OverdueActions(today, recSeq(i2, nil)))
		check("OverdueActions", p, q, ea, eb)
		u, ea := recCollect(review.CompletionByOwner(today, recSeq(items, nil)))
		v, eb := recCollect(review.CompletionByOwner(today, recSeq(i2, nil)))
		check("CompletionByOwner", u, v, ea, eb)
		for _, c := range u {
			if c.Done > c.Items || c.Within > c.Matured || c.Matured > c.Items || c.Overdue > c.Items-c.Done {
				t.Fatalf("inconsistent counts %+v", c)
			}
		}
	})
}
