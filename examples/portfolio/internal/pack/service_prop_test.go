package pack

import (
	"context"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/account"
)

// The sections that do not depend on the top accounts are the same
// whichever top accounts are given, in whatever order; the schedule, the
// change views and the briefings follow the top accounts, and the
// schedule does not depend on their order.
func TestServiceTopOrderProperty(t *testing.T) {
	s := serviceMemStore(t)
	ctx := context.Background()
	cfg := serviceTestConfig()
	full, err := ServiceRun(ctx, s, cfg, serviceAt, serviceTop)
	if err != nil {
		t.Fatal(err)
	}
	opts := gocmp.Options{
		gocmp.AllowUnexported(ServiceReport{}),
		gocmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
		gocmp.Comparer(func(a, b account.Money) bool { return a.Equal(b) }),
	}
	rapid.Check(t, func(t *rapid.T) {
		top := rapid.Permutation(serviceTop).Draw(t, "top")
		top = top[:rapid.IntRange(1, len(top)).Draw(t, "n")]
		r, err := ServiceRun(ctx, s, cfg, serviceAt, top)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name      string
			got, want any
		}{
			{"Satisfaction", r.Satisfaction, full.Satisfaction},
			{"SLA", r.SLA, full.SLA},
			{"Breaches", r.Breaches, full.Breaches},
			{"Escalations", r.Escalations, full.Escalations},
			{"Warnings", r.Warnings, full.Warnings},
			{"Overdue", r.Overdue, full.Overdue},
			{"Results", r.Results.Accounts[0].Account, full.Results.Accounts[0].Account},
		} {
			if diff := gocmp.Diff(c.want, c.got, opts); diff != "" {
				t.Fatalf("%s depends on the top accounts %v:\n%s", c.name, top, diff)
			}
		}
		// The schedule and the change views do not depend on the order of
		// the top accounts.
		sorted, err := ServiceRun(ctx, s, cfg, serviceAt, slices.Sorted(slices.Values(top)))
		if err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(sorted.Schedule, r.Schedule); diff != "" {
			t.Fatalf("schedule of %v:\n%s", top, diff)
		}
		if diff := gocmp.Diff(sorted.Briefings, r.Briefings); diff != "" {
			t.Fatalf("briefings of %v:\n%s", top, diff)
		}
		for i, v := range r.Changes {
			j := slices.Index(sorted.Top, top[i])
			if v.Account != top[i] || v.Load != sorted.Changes[j].Load {
				t.Fatalf("change view %d is %s %+v, want %s %+v", i, v.Account, v.Load, top[i], sorted.Changes[j].Load)
			}
		}
		for _, b := range r.Briefings {
			if !slices.Contains(top, b.Account) {
				t.Fatalf("briefing of %s, not at the top", b.Account)
			}
		}
		for _, m := range r.Schedule.Meetings {
			if !slices.Contains(top, m.Account) {
				t.Fatalf("meeting %s, not at the top", m.ID)
			}
		}
	})
}
