package sqlstore

import (
	"errors"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/store/storetest"
)

// TestReviewConformance runs the review.Store conformance suite on every
// dialect.
func TestReviewConformance(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		storetest.RunReview(t, func(t *testing.T) review.Store { return newTestStore(t, d) })
	})
}

// TestPlanAtEdges reads plans at instants the suite does not reach: before
// and after every time the store keeps, and with nanoseconds, which are
// compared at the microsecond, rounded down, as stored times are.
func TestPlanAtEdges(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := t.Context()
		first := planX("acme", t0.Add(500*time.Nanosecond)) // stored as t0
		if _, err := s.SavePlan(ctx, first); err != nil {
			t.Fatal(err)
		}
		second := planX("acme", t0.Add(time.Hour))
		second.Version = 1
		if _, err := s.SavePlan(ctx, second); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			at   time.Time
			want int64 // the version in force, 0 for none
		}{
			{time.Time{}, 0},
			{time.Date(0, 12, 31, 23, 59, 59, 999_999_999, time.UTC), 0},
			{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), 0},
			{t0.Add(-time.Nanosecond), 0},
			{t0, 1},
			{t0.Add(time.Hour - time.Nanosecond), 1},
			{t0.Add(time.Hour), 2},
			{time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.UTC), 2},
			{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), 2},
			{time.Date(10000, 1, 1, 0, 0, 0, 0, time.FixedZone("+14", 14*3600)), 2}, // 9999-12-31 in UTC
		} {
			p, err := s.PlanAt(ctx, "acme", c.at)
			switch {
			case c.want == 0 && !errors.Is(err, account.ErrNotFound):
				t.Errorf("PlanAt(%v) = version %d, %v; want ErrNotFound", c.at, p.Version, err)
			case c.want != 0 && (err != nil || p.Version != c.want):
				t.Errorf("PlanAt(%v) = version %d, %v; want version %d", c.at, p.Version, err, c.want)
			}
		}
		if _, err := s.PlanAt(ctx, "initech", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)); !errors.Is(err, account.ErrNotFound) {
			t.Errorf("PlanAt of an account with no plan after every time: error = %v, want ErrNotFound", err)
		}
	})
}
