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
	byStatus := func(st review.PlanStatus) review.PlanFilter { return review.PlanFilter{Status: st} }
	checkMatch(t, "PlanFilter, a draft plan", draft, []matchCase[review.PlanFilter]{
		{"zero", review.PlanFilter{}, true},
		{"draft", byStatus(review.PlanStatusDraft), true},
		{"active", byStatus(review.PlanStatusActive), false},
	})
	checkMatch(t, "PlanFilter, an active plan", active, []matchCase[review.PlanFilter]{
		{"zero", review.PlanFilter{}, true},
		{"draft", byStatus(review.PlanStatusDraft), false},
	})

	r := review.Review{Account: "acme", Date: day(10)}
	checkMatch(t, "ReviewFilter", r, []matchCase[review.ReviewFilter]{
		{"zero", review.ReviewFilter{}, true},
		{"its account", review.ReviewFilter{Account: "acme"}, true},
		{"another account", review.ReviewFilter{Account: "globex"}, false},
		{"from the day", review.ReviewFilter{From: day(10)}, true},
		{"from the day after", review.ReviewFilter{From: day(11)}, false},
		{"to the day", review.ReviewFilter{To: day(10)}, true},
		{"to the day before", review.ReviewFilter{To: day(9)}, false},
		{"the day alone", review.ReviewFilter{Account: "acme", From: day(10), To: day(10)}, true},
	})

	a := review.ActionItem{Account: "acme", Review: "r1", Owner: "kim", Status: review.ActionOpen, Due: day(10)}
	checkMatch(t, "ActionFilter", a, []matchCase[review.ActionFilter]{
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
	})
}

// matchCase is a filter and whether it should match.
type matchCase[F any] struct {
	name string
	f    F
	want bool
}

// checkMatch checks each filter of cases against v.
func checkMatch[T any, F interface{ Match(T) bool }](t *testing.T, what string, v T, cases []matchCase[F]) {
	t.Helper()
	for _, c := range cases {
		if got := c.f.Match(v); got != c.want {
			t.Errorf("%s %s: Match = %v, want %v", what, c.name, got, c.want)
		}
	}
}
