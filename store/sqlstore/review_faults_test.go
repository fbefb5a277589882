package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"github.com/shopspring/decimal"
)

// Faults of the review store: a closed store, values the database cannot
// keep, and rows written around the store, each an error wrapping the
// package's sentinels, never a panic and never a half-read record.

var d0 = calendar.Date{Year: 2026, Month: time.March, Day: 2}

func reviewX(id review.ReviewID) review.Review {
	return review.Review{
		ID: id, Account: "x", Date: d0, Next: d0.AddDays(90),
		Attendees: []review.Attendee{{Role: review.RoleManager, Name: "Mia", Email: "mia@example.org"}},
		Performance: review.Performance{Kind: account.TransactionRevenue, From: t0, To: t0.AddDate(0, 3, 0),
			Target: account.MustParseMoney("NZD 1000.00"), Actual: account.MustParseMoney("NZD 950.125"),
			Attainment: decimal.RequireFromString("0.9501")},
		Decisions:        []string{"renew"},
		ObjectiveUpdates: []review.ObjectiveUpdate{{Objective: "o1", Status: review.ObjectiveOpen, Note: "on track"}},
		Actions:          []review.ActionID{"x"},
	}
}

func actionX(id review.ActionID) review.ActionItem {
	return review.ActionItem{ID: id, Account: "x", Review: "x", Title: "Call", Owner: "m1", Raised: d0, Due: d0.AddDays(30), Status: review.ActionOpen}
}

func planX(acct account.ID, at time.Time) review.Plan {
	return review.Plan{
		Account: acct,
		Objectives: []review.Objective{{ID: "o1", Title: "Grow", Owner: "m1", Measure: "revenue", Target: "NZD 2m",
			Due: d0.AddDays(300), Status: review.ObjectiveOpen}},
		Goals: []string{"grow"}, Stakeholders: []account.ContactID{"c1"},
		Status: review.PlanStatusActive, Author: "m1", At: at,
	}
}

// seedReviewX stores a review, an action item and a plan of two versions,
// each with ID (or account) "x".
func seedReviewX(t *testing.T, s *Store) {
	t.Helper()
	ctx := t.Context()
	if _, err := s.CreateReview(ctx, reviewX("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateAction(ctx, actionX("x")); err != nil {
		t.Fatal(err)
	}
	p, err := s.SavePlan(ctx, planX("x", t0))
	if err != nil {
		t.Fatal(err)
	}
	p.At = t0.Add(time.Hour)
	if _, err := s.SavePlan(ctx, p); err != nil {
		t.Fatal(err)
	}
}

// reviewReads returns the reads of the records seedReviewX stores, by
// kind. "PlanVersion" reads the first version of plan "x" (PlanAt) and
// its history; "Plan" its current version and the list of plans.
func reviewReads(ctx context.Context, s *Store) map[string]reads {
	return map[string]reads{
		"Review": {func() error { _, err := s.Review(ctx, "x"); return err },
			func() (int, int, error) { return pairs(s.Reviews(ctx, review.ReviewFilter{})) }},
		"ActionItem": {func() error { _, err := s.Action(ctx, "x"); return err },
			func() (int, int, error) { return pairs(s.Actions(ctx, review.ActionFilter{})) }},
		"Plan": {func() error { _, err := s.Plan(ctx, "x"); return err },
			func() (int, int, error) { return pairs(s.Plans(ctx, review.PlanFilter{})) }},
		"PlanVersion": {func() error { _, err := s.PlanAt(ctx, "x", t0); return err },
			func() (int, int, error) { return pairs(s.PlanHistory(ctx, "x")) }},
	}
}

func TestReviewMalformedValues(t *testing.T) {
	common := []corruption{
		{"unknown target currency", "UPDATE ka_reviews SET perf_target_currency = 'XYZ' WHERE id = 'x'", "Review"},
		{"actual without currency", "UPDATE ka_reviews SET perf_actual = '5', perf_actual_currency = '' WHERE id = 'x'", "Review"},
		{"performance kind 300", "UPDATE ka_reviews SET perf_kind = 300 WHERE id = 'x'", "Review"},
		{"performance kind 9", "UPDATE ka_reviews SET perf_kind = 9 WHERE id = 'x'", "Review"},
		{"trend 5", "UPDATE ka_reviews SET health_trend = 5 WHERE id = 'x'", "Review"},
		{"negative SLA count", "UPDATE ka_reviews SET sla_met = -1 WHERE id = 'x'", "Review"},
		{"next on the review's day", "UPDATE ka_reviews SET next_on = held_on WHERE id = 'x'", "Review"},
		{"attendee with an unknown field", `UPDATE ka_reviews SET attendees = '[{"role":1,"email":"","name":"Mia","age":3}]' WHERE id = 'x'`, "Review"},
		{"attendee role 300", `UPDATE ka_reviews SET attendees = '[{"role":300,"email":"","name":"Mia"}]' WHERE id = 'x'`, "Review"},
		{"attendee role -1", `UPDATE ka_reviews SET attendees = '[{"role":-1,"email":"","name":"Mia"}]' WHERE id = 'x'`, "Review"},
		{"attendee role a name", `UPDATE ka_reviews SET attendees = '[{"role":"manager","email":"","name":"Mia"}]' WHERE id = 'x'`, "Review"},
		{"attendee role unknown", `UPDATE ka_reviews SET attendees = '[{"role":9,"email":"","name":"Mia"}]' WHERE id = 'x'`, "Review"},
		{"attendees null", `UPDATE ka_reviews SET attendees = 'null' WHERE id = 'x'`, "Review"},
		{"attendees an object", `UPDATE ka_reviews SET attendees = '{}' WHERE id = 'x'`, "Review"},
		{"no attendees", `UPDATE ka_reviews SET attendees = '[]' WHERE id = 'x'`, "Review"},
		{"objective update twice", `UPDATE ka_reviews SET objective_updates = '[{"objective":"o","status":1,"note":""},{"objective":"o","status":2,"note":""}]' WHERE id = 'x'`, "Review"},
		{"objective update status 1.5", `UPDATE ka_reviews SET objective_updates = '[{"objective":"o","status":1.5,"note":""}]' WHERE id = 'x'`, "Review"},
		{"action raised twice", `UPDATE ka_reviews SET actions = '["a","a"]' WHERE id = 'x'`, "Review"},
		{"actions numbers", `UPDATE ka_reviews SET actions = '[1]' WHERE id = 'x'`, "Review"},
		{"action status 9", "UPDATE ka_review_actions SET status = 9 WHERE id = 'x'", "ActionItem"},
		{"action status 256", "UPDATE ka_review_actions SET status = 256 WHERE id = 'x'", "ActionItem"},
		{"completed but open", "UPDATE ka_review_actions SET completed = raised WHERE id = 'x'", "ActionItem"},
		{"due before raised", "UPDATE ka_review_actions SET raised = due, due = raised WHERE id = 'x'", "ActionItem"},
		{"plan head without its version", "DELETE FROM ka_review_plan_versions WHERE account = 'x' AND version = 2", "Plan"},
		{"plan head ahead of its versions", "UPDATE ka_review_plans SET version = 3 WHERE account = 'x'", "Plan"},
		{"plan head of another status", "UPDATE ka_review_plans SET status = 3 WHERE account = 'x'", "Plan"},
		{"plan status 0", "UPDATE ka_review_plan_versions SET status = 0 WHERE account = 'x'", "PlanVersion"},
		{"plan author empty", "UPDATE ka_review_plan_versions SET author = '' WHERE account = 'x'", "PlanVersion"},
		{"objective due not a date", `UPDATE ka_review_plan_versions SET objectives = '[{"id":"o","title":"t","owner":"m","measure":"m","target":"t","due":"2026-02-30","status":1,"met":""}]' WHERE account = 'x'`, "PlanVersion"},
		{"objective without a due date", `UPDATE ka_review_plan_versions SET objectives = '[{"id":"o","title":"t","owner":"m","measure":"m","target":"t","due":"","status":1,"met":""}]' WHERE account = 'x'`, "PlanVersion"},
		{"objective missing fields", `UPDATE ka_review_plan_versions SET objectives = '[{"id":"o"}]' WHERE account = 'x'`, "PlanVersion"},
		{"stakeholders numbers", `UPDATE ka_review_plan_versions SET stakeholders = '[1]' WHERE account = 'x'`, "PlanVersion"},
		{"goals an object", `UPDATE ka_review_plan_versions SET goals = '{}' WHERE account = 'x'`, "PlanVersion"},
	}
	byDialect := map[Dialect][]corruption{
		DialectPostgres: {
			{"review held before Christ", "UPDATE ka_reviews SET held_on = '0001-01-01 BC' WHERE id = 'x'", "Review"},
			{"review held in year 10000", "UPDATE ka_reviews SET held_on = '10000-01-01', next_on = '10000-02-01' WHERE id = 'x'", "Review"},
			{"due infinity", "UPDATE ka_review_actions SET due = 'infinity' WHERE id = 'x'", "ActionItem"},
			{"attainment NaN", "UPDATE ka_reviews SET perf_attainment = 'NaN' WHERE id = 'x'", "Review"},
		},
		DialectSQLite: {
			{"review day not a date", "UPDATE ka_reviews SET held_on = '2026-02-30' WHERE id = 'x'", "Review"},
			{"review day a number", "UPDATE ka_reviews SET held_on = 20260302 WHERE id = 'x'", "Review"},
			{"review day with a time", "UPDATE ka_reviews SET held_on = '2026-03-02 10:00' WHERE id = 'x'", "Review"},
			{"attendees with data after them", `UPDATE ka_reviews SET attendees = '[{"role":1,"email":"","name":"Mia"}] []' WHERE id = 'x'`, "Review"},
			{"attendees not JSON", `UPDATE ka_reviews SET attendees = 'Mia' WHERE id = 'x'`, "Review"},
			{"score beyond int32", "UPDATE ka_reviews SET health_score = 3000000000 WHERE id = 'x'", "Review"},
			{"previous a text", "UPDATE ka_reviews SET health_previous = 'high' WHERE id = 'x'", "Review"},
			{"has previous 2", "UPDATE ka_reviews SET health_has_previous = 2 WHERE id = 'x'", "Review"},
			{"attainment an exponent", "UPDATE ka_reviews SET perf_attainment = '1e3' WHERE id = 'x'", "Review"},
			{"target a blob", "UPDATE ka_reviews SET perf_target = x'00' WHERE id = 'x'", "Review"},
			{"completed a float", "UPDATE ka_review_actions SET completed = 1.5 WHERE id = 'x'", "ActionItem"},
			{"plan head version a text", "UPDATE ka_review_plans SET version = 'two' WHERE account = 'x'", "Plan"},
			{"plan at a text", "UPDATE ka_review_plan_versions SET at = 'now' WHERE account = 'x'", "Plan"},
		},
	}
	testCorruptions(t, common, byDialect, seedReviewX, func(ctx context.Context, s *Store, record string) reads {
		return reviewReads(ctx, s)[record]
	})
}

// TestReviewUnstorable checks values a valid record may hold that the
// database cannot keep: refused with ErrUnstorable (and
// account.ErrInvalid) naming the field, in both dialects, storing nothing.
func TestReviewUnstorable(t *testing.T) {
	// Each case spoils one field of a valid review, action item or plan.
	cases := []struct {
		name, field string
		review      func(*review.Review)
		action      func(*review.ActionItem)
		plan        func(*review.Plan)
	}{
		{name: "notes not UTF-8", field: "Notes", review: func(r *review.Review) { r.Notes = "caf\xe9" }},
		{name: "attendee name with NUL", field: "Attendees[0].Name", review: func(r *review.Review) { r.Attendees[0].Name = "Mi\x00a" }},
		{name: "update note not UTF-8", field: "ObjectiveUpdates[0].Note", review: func(r *review.Review) { r.ObjectiveUpdates[0].Note = "\xff" }},
		{name: "decision with NUL", field: "Decisions[0]", review: func(r *review.Review) { r.Decisions[0] = "re\x00new" }},
		{name: "period in year 10000", field: "Performance.To", review: func(r *review.Review) { r.Performance.To = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }},
		{name: "action title not UTF-8", field: "Title", action: func(a *review.ActionItem) { a.Title = "Ca\xffll" }},
		{name: "objective title with NUL", field: "Objectives[0].Title", plan: func(p *review.Plan) { p.Objectives[0].Title = "Gr\x00ow" }},
		{name: "goal not UTF-8", field: "Goals[0]", plan: func(p *review.Plan) { p.Goals[0] = "\xfe" }},
		{name: "plan made in year 0", field: "At", plan: func(p *review.Plan) { p.At = time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC) }},
	}
	write := func(ctx context.Context, s *Store, c int) (err error) {
		switch {
		case cases[c].review != nil:
			r := reviewX("r")
			cases[c].review(&r)
			_, err = s.CreateReview(ctx, r)
		case cases[c].action != nil:
			a := actionX("a")
			cases[c].action(&a)
			_, err = s.CreateAction(ctx, a)
		default:
			p := planX("p", t0)
			cases[c].plan(&p)
			_, err = s.SavePlan(ctx, p)
		}
		return err
	}
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := t.Context()
		for i, c := range cases {
			err := write(ctx, s, i)
			var fe *account.FieldError
			if !errors.Is(err, ErrUnstorable) || !errors.Is(err, account.ErrInvalid) || !errors.As(err, &fe) || fe.Field != c.field {
				t.Errorf("%s: error = %v, want ErrUnstorable and account.ErrInvalid naming %s", c.name, err, c.field)
			}
		}
		for name, list := range map[string]func() (int, int, error){
			"reviews": func() (int, int, error) { return pairs(s.Reviews(ctx, review.ReviewFilter{})) },
			"actions": func() (int, int, error) { return pairs(s.Actions(ctx, review.ActionFilter{})) },
			"plans":   func() (int, int, error) { return pairs(s.Plans(ctx, review.PlanFilter{})) },
		} {
			if n, errs, err := list(); n != 0 || errs != 0 {
				t.Errorf("%d %s stored after the refused writes (%v)", n, name, err)
			}
		}
	})
}

// TestReviewClosed checks every method of the review store after Close.
func TestReviewClosed(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		seedReviewX(t, s)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		ctx := t.Context()
		errs := map[string]error{}
		_, errs["Review"] = s.Review(ctx, "x")
		_, errs["CreateReview"] = s.CreateReview(ctx, reviewX("y"))
		_, errs["UpdateReview"] = s.UpdateReview(ctx, func() review.Review { r := reviewX("x"); r.Version = 1; return r }())
		errs["DeleteReview"] = s.DeleteReview(ctx, "x", 1)
		_, errs["Action"] = s.Action(ctx, "x")
		_, errs["CreateAction"] = s.CreateAction(ctx, actionX("y"))
		_, errs["UpdateAction"] = s.UpdateAction(ctx, func() review.ActionItem { a := actionX("x"); a.Version = 1; return a }())
		errs["DeleteAction"] = s.DeleteAction(ctx, "x", 1)
		_, errs["Plan"] = s.Plan(ctx, "x")
		_, errs["PlanAt"] = s.PlanAt(ctx, "x", t0)
		_, errs["PlanAt in year 10000"] = s.PlanAt(ctx, "x", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))
		_, errs["SavePlan"] = s.SavePlan(ctx, func() review.Plan { p := planX("x", t0.Add(2*time.Hour)); p.Version = 2; return p }())
		errs["DeletePlan"] = s.DeletePlan(ctx, "x", 2)
		for name, seq := range map[string]func() (int, int, error){
			"Reviews":     func() (int, int, error) { return pairs(s.Reviews(ctx, review.ReviewFilter{})) },
			"Actions":     func() (int, int, error) { return pairs(s.Actions(ctx, review.ActionFilter{})) },
			"Plans":       func() (int, int, error) { return pairs(s.Plans(ctx, review.PlanFilter{})) },
			"PlanHistory": func() (int, int, error) { return pairs(s.PlanHistory(ctx, "x")) },
		} {
			values, n, err := seq()
			if values != 0 || n != 1 {
				err = fmt.Errorf("%d values and %d errors (last %v), want one error", values, n, err)
			}
			errs[name] = err
		}
		for name, err := range errs {
			if !errors.Is(err, ErrClosed) {
				t.Errorf("%s after Close: error = %v, want ErrClosed", name, err)
			}
		}
	})
}

// TestReviewClosedByOwner closes the *sql.DB under a Store made by New:
// the plan's transactions report ErrClosed too.
func TestReviewClosedByOwner(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		opened := newTestStore(t, d)
		seedReviewX(t, opened)
		s, err := New(t.Context(), opened.DB(), d)
		if err != nil {
			t.Fatal(err)
		}
		opened.DB().Close()
		ctx := t.Context()
		_, err = s.SavePlan(ctx, func() review.Plan { p := planX("x", t0.Add(2*time.Hour)); p.Version = 2; return p }())
		if !errors.Is(err, ErrClosed) {
			t.Errorf("SavePlan on a closed *sql.DB: error = %v, want ErrClosed", err)
		}
		if err := s.DeletePlan(ctx, "x", 2); !errors.Is(err, ErrClosed) {
			t.Errorf("DeletePlan on a closed *sql.DB: error = %v, want ErrClosed", err)
		}
	})
}
