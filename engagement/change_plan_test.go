package engagement_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
)

// TestPlanOrder checks the order of briefings due at the same instant: by
// tier (tier 1 first), then account ID, then change ID.
func TestPlanOrder(t *testing.T) {
	p := engagement.Portfolio{Accounts: []account.Account{
		{ID: "b", Name: "B", Tier: 1}, {ID: "a", Name: "A", Tier: 1}, {ID: "c", Name: "C", Tier: 2},
	}}
	mk := func(id string, goLive time.Time, accounts ...account.ID) engagement.Change {
		return engagement.Change{ID: engagement.ChangeID(id), Title: id, Kind: engagement.ChangePolicy, Severity: engagement.SeverityLow,
			GoLive: goLive, Touches: engagement.Scope{Accounts: accounts}}
	}
	// Tier 1 is briefed 28 days ahead and tier 2 14 days ahead, so all of
	// these are due on 1 April.
	cs := []engagement.Change{
		mk("y", changeDay(4, 29), "b", "a"),
		mk("x", changeDay(4, 29), "b"),
		mk("z", changeDay(4, 15), "c"),
		mk("early", changeDay(4, 28), "c"), // due 14 April
	}
	im, err := engagement.NewImpact(p, cs, engagement.ImpactOptions{})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := im.Plan(nil, engagement.PlanOptions{At: changeDay(1, 1),
		LeadTime: map[account.Tier]time.Duration{1: 28 * 24 * time.Hour, 2: 14 * 24 * time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range plan {
		got = append(got, string(b.Account)+"/"+string(b.Change)+" "+b.Due.Format("01-02"))
	}
	want := []string{"a/y 04-01", "b/x 04-01", "b/y 04-01", "c/z 04-01", "c/early 04-14"}
	if d := cmp.Diff(got, want); d != "" {
		t.Errorf("plan order (-got +want):\n%s", d)
	}
}

func TestFilterMatch(t *testing.T) {
	c := engagement.Change{Kind: engagement.ChangePrice, GoLive: changeDay(3, 1)}
	for _, tt := range []struct {
		f    engagement.ChangeFilter
		want bool
	}{
		{engagement.ChangeFilter{}, true},
		{engagement.ChangeFilter{From: c.GoLive}, true},
		{engagement.ChangeFilter{From: c.GoLive.Add(1)}, false},
		{engagement.ChangeFilter{To: c.GoLive}, false},
		{engagement.ChangeFilter{To: c.GoLive.Add(1)}, true},
		{engagement.ChangeFilter{Kind: engagement.ChangePrice}, true},
		{engagement.ChangeFilter{Kind: engagement.ChangePolicy}, false},
	} {
		if got := tt.f.Match(c); got != tt.want {
			t.Errorf("%+v.Match = %v, want %v", tt.f, got, tt.want)
		}
	}
	x := engagement.Feedback{Account: "acme", At: changeDay(3, 1), Kind: engagement.FeedbackRequest, Theme: "sso", Change: "ch"}
	for _, tt := range []struct {
		f    engagement.FeedbackFilter
		want bool
	}{
		{engagement.FeedbackFilter{}, true},
		{engagement.FeedbackFilter{Account: "acme"}, true},
		{engagement.FeedbackFilter{Account: "globex"}, false},
		{engagement.FeedbackFilter{From: x.At}, true},
		{engagement.FeedbackFilter{From: x.At.Add(1)}, false},
		{engagement.FeedbackFilter{To: x.At}, false},
		{engagement.FeedbackFilter{To: x.At.Add(1)}, true},
		{engagement.FeedbackFilter{Kind: engagement.FeedbackRequest}, true},
		{engagement.FeedbackFilter{Kind: engagement.FeedbackComment}, false},
		{engagement.FeedbackFilter{Theme: "sso"}, true},
		{engagement.FeedbackFilter{Theme: "api"}, false},
		{engagement.FeedbackFilter{Change: "ch"}, true},
		{engagement.FeedbackFilter{Change: "other"}, false},
	} {
		if got := tt.f.Match(x); got != tt.want {
			t.Errorf("%+v.Match = %v, want %v", tt.f, got, tt.want)
		}
	}
}
