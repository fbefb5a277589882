package storetest

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/tiering"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// The review stores' versioned records (reviews and action items) keep the
// contract of accounts, so the suite runs the generic record tests over
// them: a reviewAdapter carries a review.Store where those tests expect an
// account.Store, and the recordKinds below reach it by a type assertion.
// The account methods of an adapter are never called (its account.Store is
// nil).
type reviewAdapter struct {
	account.Store
	reviewStore
}

// reviewStore is review.Store under a name of its own, so that it and
// account.Store can both be embedded.
type reviewStore interface{ review.Store }

// rs returns the review store s carries.
func rs(s account.Store) review.Store { return s.(reviewAdapter).reviewStore }

// day returns the suite's date n days after 1 March 2025.
func day(n int) calendar.Date { return calendar.DateOf(epoch).AddDays(n) }

var reviews = &recordKind[review.ReviewID, review.Review]{
	name: "Review",
	get: func(s account.Store, ctx context.Context, id review.ReviewID) (review.Review, error) {
		return rs(s).Review(ctx, id)
	},
	all: func(s account.Store, ctx context.Context) iter.Seq2[review.Review, error] {
		return rs(s).Reviews(ctx, review.ReviewFilter{})
	},
	create: func(s account.Store, ctx context.Context, r review.Review) (review.Review, error) {
		return rs(s).CreateReview(ctx, r)
	},
	update: func(s account.Store, ctx context.Context, r review.Review) (review.Review, error) {
		return rs(s).UpdateReview(ctx, r)
	},
	remove: func(s account.Store, ctx context.Context, id review.ReviewID, v int64) error {
		return rs(s).DeleteReview(ctx, id, v)
	},

	id:          func(r review.Review) review.ReviewID { return r.ID },
	version:     func(r review.Review) int64 { return r.Version },
	withVersion: func(r review.Review, v int64) review.Review { r.Version = v; return r },
	label:       func(r review.Review) string { return r.Notes },
	withLabel:   func(r review.Review, s string) review.Review { r.Notes = s; return r },
	clone:       review.Review.Clone,
	sample: func(id review.ReviewID, n int) review.Review {
		return sampleReview(id, account.ID(fmt.Sprint("a", n%3)), day(n))
	},
	invalid: func(id review.ReviewID) (review.Review, string) {
		r := sampleReview(id, "a1", day(1))
		r.Attendees = nil
		return r, "Attendees"
	},
	mutate: func(r *review.Review) {
		r.Attendees[0].Name = "Changed"
		r.Decisions[0] = "changed"
		r.ObjectiveUpdates[0].Note = "changed"
		r.Actions[0] = "changed"
	},
}

// sampleReview returns a valid review with every field set.
func sampleReview(id review.ReviewID, acct account.ID, on calendar.Date) review.Review {
	return review.Review{
		ID: id, Account: acct, Date: on,
		Attendees: []review.Attendee{{Name: "Mia", Role: review.RoleManager}, {Name: "Fin", Role: review.RoleFinance}},
		Performance: review.Performance{
			Kind: account.TransactionRevenue, From: hours(0), To: hours(24 * 90),
			Target: account.MustParseMoney("NZD 1000"), Actual: account.MustParseMoney("NZD 950.5"),
			Attainment: decimal.RequireFromString("0.9505"),
		},
		SLA:               review.SLACounts{Met: 19, Breached: 1},
		EscalationsOpened: 2, EscalationsResolved: 1,
		Health:           review.Health{Score: 70, Previous: 64, HasPrevious: true, Trend: tiering.TrendUp},
		Notes:            "n",
		Decisions:        []string{"renew"},
		ObjectiveUpdates: []review.ObjectiveUpdate{{Objective: "o1", Status: review.ObjectiveMet, Note: "done"}},
		Actions:          []review.ActionID{review.ActionID(id) + "-x1"},
		Next:             on.AddDays(90),
	}
}

var actions = &recordKind[review.ActionID, review.ActionItem]{
	name: "ActionItem",
	get: func(s account.Store, ctx context.Context, id review.ActionID) (review.ActionItem, error) {
		return rs(s).Action(ctx, id)
	},
	all: func(s account.Store, ctx context.Context) iter.Seq2[review.ActionItem, error] {
		return rs(s).Actions(ctx, review.ActionFilter{})
	},
	create: func(s account.Store, ctx context.Context, a review.ActionItem) (review.ActionItem, error) {
		return rs(s).CreateAction(ctx, a)
	},
	update: func(s account.Store, ctx context.Context, a review.ActionItem) (review.ActionItem, error) {
		return rs(s).UpdateAction(ctx, a)
	},
	remove: func(s account.Store, ctx context.Context, id review.ActionID, v int64) error {
		return rs(s).DeleteAction(ctx, id, v)
	},

	id:          func(a review.ActionItem) review.ActionID { return a.ID },
	version:     func(a review.ActionItem) int64 { return a.Version },
	withVersion: func(a review.ActionItem, v int64) review.ActionItem { a.Version = v; return a },
	label:       func(a review.ActionItem) string { return a.Title },
	withLabel:   func(a review.ActionItem, s string) review.ActionItem { a.Title = s; return a },
	clone:       func(a review.ActionItem) review.ActionItem { return a },
	sample: func(id review.ActionID, n int) review.ActionItem {
		a := review.ActionItem{ID: id, Account: account.ID(fmt.Sprint("a", n%3)), Review: "r-1", Title: fmt.Sprint("Call ", n),
			Owner: account.ManagerID(fmt.Sprint("m", n%2)), Raised: day(n), Due: day(n + 30), Status: review.ActionOpen}
		if n%2 == 1 {
			a = a.Complete(day(n + 3))
		}
		return a
	},
	invalid: func(id review.ActionID) (review.ActionItem, string) {
		return review.ActionItem{ID: id, Account: "a1", Review: "r-1", Title: "Call", Raised: day(0), Due: day(30), Status: review.ActionOpen}, "Owner"
	},
}

// samplePlan returns a valid plan version of acct made at the instant at,
// whose content varies with n.
func samplePlan(acct account.ID, at time.Time, n int) review.Plan {
	status := review.ObjectiveOpen
	var met calendar.Date
	if n%2 == 1 {
		status, met = review.ObjectiveMet, day(n)
	}
	return review.Plan{
		Account: acct,
		Objectives: []review.Objective{{ID: "o1", Title: fmt.Sprint("Grow ", n), Owner: "m1", Measure: "revenue",
			Target: "NZD 2,000,000", Due: day(300), Status: status, Met: met}},
		Goals:        []string{fmt.Sprint("goal ", n)},
		Needs:        []string{"uptime"},
		SWOT:         review.SWOT{Strengths: []string{"trust"}, Weaknesses: []string{"price"}, Opportunities: []string{"APAC"}, Threats: []string{"rival"}},
		Stakeholders: []account.ContactID{"c1", "c2"},
		Status:       review.PlanStatus(1 + n%3),
		Author:       account.ManagerID(fmt.Sprint("m", n%2)),
		At:           at,
	}
}

// mutatePlan changes the slices p holds, in place.
func mutatePlan(p *review.Plan) {
	p.Objectives[0].Title = "changed"
	p.Goals[0] = "changed"
	p.Needs[0] = "changed"
	p.SWOT.Strengths[0] = "changed"
	p.SWOT.Threats[0] = "changed"
	p.Stakeholders[0] = "changed"
}

// The model test's reviews and action items.
var (
	reviewModel = &recordModel[review.ReviewID, review.Review, review.ReviewFilter]{
		recordKind: reviews,
		draw: func(t *rapid.T, id review.ReviewID) review.Review {
			r := sampleReview(id, rapid.SampledFrom(accountIDs).Draw(t, "account"), day(rapid.IntRange(0, 9).Draw(t, "date")))
			r.Notes = fmt.Sprint("note ", rapid.IntRange(0, 9).Draw(t, "notes"))
			return r
		},
		drawFilter: func(t *rapid.T) review.ReviewFilter {
			f := review.ReviewFilter{Account: anyAccount.Draw(t, "filter account")}
			if rapid.Bool().Draw(t, "has from") {
				f.From = day(rapid.IntRange(0, 9).Draw(t, "from"))
			}
			if rapid.Bool().Draw(t, "has to") {
				f.To = day(rapid.IntRange(0, 9).Draw(t, "to"))
			}
			return f
		},
		list: func(s account.Store, ctx context.Context, f review.ReviewFilter) iter.Seq2[review.Review, error] {
			return rs(s).Reviews(ctx, f)
		},
		match: review.ReviewFilter.Match,
	}
	actionModel = &recordModel[review.ActionID, review.ActionItem, review.ActionFilter]{
		recordKind: actions,
		draw: func(t *rapid.T, id review.ActionID) review.ActionItem {
			a := actions.sample(id, rapid.IntRange(0, 9).Draw(t, "n"))
			a.Account = rapid.SampledFrom(accountIDs).Draw(t, "account")
			a.Review = rapid.SampledFrom([]review.ReviewID{"r-1", "r-2"}).Draw(t, "review")
			if rapid.Bool().Draw(t, "cancelled") && a.Status == review.ActionOpen {
				a.Status = review.ActionCancelled
			}
			return a
		},
		drawFilter: func(t *rapid.T) review.ActionFilter {
			f := review.ActionFilter{
				Account: anyAccount.Draw(t, "filter account"),
				Review:  rapid.SampledFrom([]review.ReviewID{"", "r-1", "r-2"}).Draw(t, "filter review"),
				Owner:   anyOwner.Draw(t, "filter owner"),
				Status:  review.ActionStatus(rapid.IntRange(0, 3).Draw(t, "filter status")),
			}
			if rapid.Bool().Draw(t, "has due to") {
				f.DueTo = day(rapid.IntRange(25, 45).Draw(t, "due to"))
			}
			return f
		},
		list: func(s account.Store, ctx context.Context, f review.ActionFilter) iter.Seq2[review.ActionItem, error] {
			return rs(s).Actions(ctx, f)
		},
		match: review.ActionFilter.Match,
	}
)
