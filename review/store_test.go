package review_test

import (
	"testing"

	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
)

// The filters of the stores, field by field: a zero field selects all, a
// set one narrows, and date bounds are inclusive.
func TestFilterMatch(t *testing.T) {
	day := func(d int) calendar.Date { return calendar.Date{Year: 2026, Month: 5, Day: d} }

	draft, active := review.Plan{Status: review.PlanStatusDraft}, review.Plan{Status: review.PlanStatusActive}
	for _, c := range []struct {
		name string
		f    review.PlanFilter
		p    review.Plan
		want bool
	}{
		{"zero filter, draft", review.PlanFilter{}, draft, true},
		{"zero filter, active", review.PlanFilter{}, active, true},
		{"draft filter, draft", review.PlanFilter{Status: review.PlanStatusDraft}, draft, true},
		{"draft filter, active", review.PlanFilter{Status: review.PlanStatusDraft}, active, false},
	} {
		if got := c.f.Match(c.p); got != c.want {
			t.Errorf("PlanFilter %s: Match = %v, want %v", c.name, got, c.want)
		}
	}

	r := review.Review{Account: "acme", Date: day(10)}
	for _, c := range []struct {
		name string
		f    review.ReviewFilter
		want bool
	}{
		{"zero", review.ReviewFilter{}, true},
		{"its account", review.ReviewFilter{Account: "acme"}, true},
		{"another account", review.ReviewFilter{Account: "globex"}, false},
		{"from the day", review.ReviewFilter{From: day(10)}, true},
		{"from the day after", review.ReviewFilter{From: day(11)}, false},
		{"to the day", review.ReviewFilter{To: day(10)}, true},
		{"to the day before", review.ReviewFilter{To: day(9)}, false},
		{"the day alone", review.ReviewFilter{Account: "acme", From: day(10), To: day(10)}, true},
	} {
		if got := c.f.Match(r); got != c.want {
			t.Errorf("ReviewFilter %s: Match = %v, want %v", c.name, got, c.want)
		}
	}

	a := review.ActionItem{Account: "acme", Review: "r1", Owner: "kim", Status: review.ActionOpen, Due: day(10)}
	for _, c := range []struct {
		name string
		f    review.ActionFilter
		want bool
	}{
		{"zero", review.ActionFilter{}, true},
		{"its account", review.ActionFilter{Account: "acme"}, true},
		{"another account", review.ActionFilter{Account: "globex"}, false},
		{"its review", review.ActionFilter{Review: "r1"}, true},
		{"another review", review.ActionFilter{Review: "r2"}, false},
		{"its owner", review.ActionFilter{Owner: "kim"}, true},
		{"another owner", review.ActionFilter{Owner: "lee"}, false},
		{"its status", review.ActionFilter{Status: review.ActionOpen}, true},
		{"another status", review.ActionFilter{Status: review.ActionDone}, false},
		{"due to the day", review.ActionFilter{DueTo: day(10)}, true},
		{"due to the day before", review.ActionFilter{DueTo: day(9)}, false},
		{"every field", review.ActionFilter{Account: "acme", Review: "r1", Owner: "kim", Status: review.ActionOpen, DueTo: day(10)}, true},
	} {
		if got := c.f.Match(a); got != c.want {
			t.Errorf("ActionFilter %s: Match = %v, want %v", c.name, got, c.want)
		}
	}
}
