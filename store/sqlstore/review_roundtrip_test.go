package sqlstore

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/tiering"
	"pgregory.net/rapid"
)

// Round trips of package review's records: whatever valid review, action
// item or plan goes in comes back equal, on both dialects: dates exactly,
// amounts with their scale, zero Money as zero Money, texts byte for byte
// (JSON's special characters included), scores and counts at their
// extremes.

var (
	// anyShort draws a short text a record accepts: no surrounding space,
	// no NUL, JSON's special characters and non-ASCII included.
	anyShort = rapid.StringMatching(`[a-zA-Z0-9éü漢"<>&\\]([^\x00]{0,8}[a-zA-Z0-9éü漢"<>&\\])?`)
	// anyIdent draws an ID.
	anyIdent = rapid.StringMatching(`[a-zA-Z0-9éü漢_.\-]{1,10}`)
	// anyDate draws a valid date whose next 1000 days are valid too.
	anyDate = rapid.Custom(func(t *rapid.T) calendar.Date {
		first := calendar.Date{Year: 1, Month: time.January, Day: 1}
		return first.AddDays(rapid.OneOf(rapid.IntRange(0, 3_650_000), rapid.SampledFrom([]int{0, 1, 58, 59, 3_650_000})).Draw(t, "days"))
	})
	anyCurrency = rapid.SampledFrom([]account.Currency{"NZD", "JPY", "KWD", "USD"})
)

// distinct draws up to n distinct values of gen.
func distinct[T comparable](t *rapid.T, label string, gen *rapid.Generator[T], n int) []T {
	return rapid.SliceOfNDistinct(gen, 0, n, func(v T) T { return v }).Draw(t, label)
}

func drawReview(t *rapid.T) review.Review {
	on := anyDate.Draw(t, "date")
	r := review.Review{
		ID:      review.ReviewID(nextID("r")),
		Account: account.ID(anyIdent.Draw(t, "account")),
		Date:    on,
		Next:    on.AddDays(rapid.IntRange(1, 1000).Draw(t, "next")),
		Notes:   anyText.Draw(t, "notes"),
		SLA: review.SLACounts{
			Met:      rapid.IntRange(0, 1<<40).Draw(t, "met"),
			Breached: rapid.IntRange(0, 1<<40).Draw(t, "breached"),
		},
		EscalationsOpened:   rapid.IntRange(0, 1<<40).Draw(t, "opened"),
		EscalationsResolved: rapid.IntRange(0, 1<<40).Draw(t, "resolved"),
		Health: review.Health{
			Score:       tiering.Points(rapid.Int32().Draw(t, "score")),
			Previous:    tiering.Points(rapid.Int32().Draw(t, "previous")),
			HasPrevious: rapid.Bool().Draw(t, "has previous"),
			Trend:       rapid.SampledFrom([]tiering.Trend{tiering.TrendDown, tiering.TrendFlat, tiering.TrendUp}).Draw(t, "trend"),
		},
		Decisions: rapid.SliceOfN(anyShort, 0, 3).Draw(t, "decisions"),
	}
	for i := range rapid.IntRange(1, 3).Draw(t, "attendees") {
		a := review.Attendee{Role: review.Role(rapid.IntRange(1, 6).Draw(t, "role")), Name: anyShort.Draw(t, "name")}
		if rapid.Bool().Draw(t, "has email") {
			a.Email = fmt.Sprintf("%s%d@example.org", rapid.StringMatching(`[a-z.]{1,6}`).Draw(t, "email"), i)
		}
		r.Attendees = append(r.Attendees, a)
	}
	if rapid.Bool().Draw(t, "performance") {
		from := anyTime.Draw(t, "from")
		if from.UTC().Year() == 9999 {
			from = from.AddDate(-1, 0, 0)
		}
		p := review.Performance{
			Kind: rapid.SampledFrom([]account.TransactionKind{account.TransactionRevenue, account.TransactionCost}).Draw(t, "kind"),
			From: from, To: from.Add(time.Duration(rapid.Int64Range(1, 1e13).Draw(t, "period")) * time.Microsecond),
			Attainment: anyDecimal.Draw(t, "attainment"),
		}
		c := anyCurrency.Draw(t, "currency")
		p.Target, _ = account.NewMoney(anyDecimal.Draw(t, "target"), c)
		if rapid.Bool().Draw(t, "actual") {
			p.Actual, _ = account.NewMoney(anyDecimal.Draw(t, "actual amount"), c)
		}
		r.Performance = p
	}
	for i, o := range distinct(t, "objectives", anyIdent, 3) {
		r.ObjectiveUpdates = append(r.ObjectiveUpdates, review.ObjectiveUpdate{Objective: review.ObjectiveID(o),
			Status: review.ObjectiveStatus(1 + i%4), Note: anyText.Draw(t, "note")})
	}
	for _, a := range distinct(t, "actions", anyIdent, 3) {
		r.Actions = append(r.Actions, review.ActionID(a))
	}
	return r
}

func drawAction(t *rapid.T) review.ActionItem {
	raised := anyDate.Draw(t, "raised")
	a := review.ActionItem{
		ID: review.ActionID(nextID("x")), Account: account.ID(anyIdent.Draw(t, "account")),
		Review: review.ReviewID(anyIdent.Draw(t, "review")), Title: anyShort.Draw(t, "title"),
		Owner:  account.ManagerID(anyIdent.Draw(t, "owner")),
		Raised: raised, Due: raised.AddDays(rapid.IntRange(0, 1000).Draw(t, "due")),
		Status: review.ActionStatus(rapid.IntRange(1, 3).Draw(t, "status")),
	}
	if a.Status == review.ActionDone {
		a.Completed = raised.AddDays(rapid.IntRange(0, 1000).Draw(t, "completed"))
	}
	return a
}

func drawPlan(t *rapid.T, acct account.ID, at time.Time) review.Plan {
	p := review.Plan{
		Account: acct,
		Goals:   rapid.SliceOfN(anyShort, 0, 3).Draw(t, "goals"),
		Needs:   rapid.SliceOfN(anyShort, 0, 3).Draw(t, "needs"),
		SWOT: review.SWOT{
			Strengths:     rapid.SliceOfN(anyShort, 0, 2).Draw(t, "strengths"),
			Weaknesses:    rapid.SliceOfN(anyShort, 0, 2).Draw(t, "weaknesses"),
			Opportunities: rapid.SliceOfN(anyShort, 0, 2).Draw(t, "opportunities"),
			Threats:       rapid.SliceOfN(anyShort, 0, 2).Draw(t, "threats"),
		},
		Status: review.PlanStatus(rapid.IntRange(1, 3).Draw(t, "status")),
		Author: account.ManagerID(anyIdent.Draw(t, "author")),
		At:     at,
	}
	for _, c := range distinct(t, "stakeholders", anyIdent, 3) {
		p.Stakeholders = append(p.Stakeholders, account.ContactID(c))
	}
	for _, id := range distinct(t, "objective IDs", anyIdent, 3) {
		o := review.Objective{ID: review.ObjectiveID(id), Title: anyShort.Draw(t, "title"), Owner: account.ManagerID(anyIdent.Draw(t, "owner")),
			Measure: anyShort.Draw(t, "measure"), Target: anyShort.Draw(t, "target"), Due: anyDate.Draw(t, "due"),
			Status: review.ObjectiveStatus(rapid.IntRange(1, 4).Draw(t, "objective status"))}
		if o.Status == review.ObjectiveMet {
			o.Met = anyDate.Draw(t, "met")
		}
		p.Objectives = append(p.Objectives, o)
	}
	return p
}

// sameScale reports an amount whose scale (1.50 against 1.5) changed.
func sameScale(t *rapid.T, what string, got, want account.Money) {
	t.Helper()
	if got.Amount().Exponent() != want.Amount().Exponent() && !want.IsZero() {
		t.Errorf("%s: %s read back as %s", what, want, got)
	}
}

// must returns what a call returned, failing t if it failed:
// must(s.Review(ctx, id))(t, "Review").
func must[V any](v V, err error) func(t *rapid.T, what string) V {
	return func(t *rapid.T, what string) V {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

// wantSame fails t with a diff if got is not want.
func wantSame(t *rapid.T, what string, got, want any) {
	t.Helper()
	if diff := cmp.Diff(got, want, recordOpts...); diff != "" {
		t.Errorf("%s (-got +want):\n%s", what, diff)
	}
}

// TestRoundTripReviews round-trips a review and an action item it
// raised.
func TestRoundTripReviews(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		rapid.Check(t, func(rt *rapid.T) {
			ctx := t.Context()
			r := drawReview(rt)
			if err := r.Validate(); err != nil {
				rt.Fatalf("drew an invalid review: %v", err)
			}
			created := must(s.CreateReview(ctx, r))(rt, "CreateReview")
			got := must(s.Review(ctx, r.ID))(rt, "Review")
			r.Version = 1
			wantSame(rt, "read back", got, r)
			wantSame(rt, "CreateReview's result against the stored review", created, got)
			sameScale(rt, "target", got.Performance.Target, r.Performance.Target)
			sameScale(rt, "actual", got.Performance.Actual, r.Performance.Actual)
			if g, w := got.Performance.Attainment, r.Performance.Attainment; g.Exponent() != w.Exponent() && !w.IsZero() {
				rt.Errorf("attainment %s read back as %s", w, g)
			}
			// An update replaces every column.
			next := drawReview(rt)
			next.ID, next.Version = r.ID, 1
			updated := must(s.UpdateReview(ctx, next))(rt, "UpdateReview")
			next.Version = 2
			wantSame(rt, "updated", updated, next)

			a := drawAction(rt)
			a.Account, a.Review = r.Account, r.ID
			must(s.CreateAction(ctx, a))(rt, "CreateAction")
			a.Version = 1
			wantSame(rt, "action item read back", must(s.Action(ctx, a.ID))(rt, "Action"), a)
		})
	})
}

func TestRoundTripPlans(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		rapid.Check(t, func(rt *rapid.T) {
			ctx := t.Context()
			acct := account.ID(nextID("p"))
			at := anyTime.Draw(rt, "at")
			var want []review.Plan
			for v := range rapid.IntRange(1, 3).Draw(rt, "versions") {
				p := drawPlan(rt, acct, at)
				p.Version = int64(v)
				saved := must(s.SavePlan(ctx, p))(rt, "SavePlan")
				p.Version++
				wantSame(rt, "saved", saved, p)
				want = append(want, p)
				if later := at.Add(time.Duration(rapid.Int64Range(0, 1e12).Draw(rt, "gap")) * time.Microsecond); later.UTC().Year() <= 9999 {
					at = later
				}
			}
			wantSame(rt, "history", must(account.Collect(s.PlanHistory(ctx, acct)))(rt, "PlanHistory"), want)
			wantSame(rt, "current", must(s.Plan(ctx, acct))(rt, "Plan"), want[len(want)-1])
		})
	})
}
