package sqlstore

import (
	"fmt"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/review"
)

// Benchmarks of the review store on each dialect. The issue sets no target
// for them; they show that a plan's save stays one short transaction and
// that PlanAt is one index lookup however long the history.

// BenchmarkSavePlan reads a plan and saves its next version, the
// read-modify-write cycle of optimistic concurrency.
func BenchmarkSavePlan(b *testing.B) {
	forEachDialectB(b, func(b *testing.B, d Dialect) {
		s := newTestStore(b, d)
		p, err := s.SavePlan(b.Context(), planX("acme", t0))
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if p, err = s.Plan(b.Context(), "acme"); err != nil {
				b.Fatal(err)
			}
			p.At = p.At.Add(time.Minute)
			if p, err = s.SavePlan(b.Context(), p); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPlanAt reads the version in force at an instant from a
// history of 1,000 versions.
func BenchmarkPlanAt(b *testing.B) {
	forEachDialectB(b, func(b *testing.B, d Dialect) {
		s := newTestStore(b, d)
		const n = 1000
		p := planX("acme", t0)
		for range n {
			saved, err := s.SavePlan(b.Context(), p)
			if err != nil {
				b.Fatal(err)
			}
			p = saved
			p.At = p.At.Add(time.Hour)
		}
		var got review.Plan
		i := 0
		for b.Loop() {
			var err error
			i = (i + 7919) % n
			if got, err = s.PlanAt(b.Context(), "acme", t0.Add(time.Duration(i)*time.Hour+time.Minute)); err != nil {
				b.Fatal(err)
			}
			if got.Version != int64(i+1) {
				b.Fatalf("PlanAt read version %d, want %d", got.Version, i+1)
			}
		}
	})
}

// BenchmarkActions lists the open items of one owner due by a date among
// 10,000 action items (100 owners), the filter running in SQL.
func BenchmarkActions(b *testing.B) {
	forEachDialectB(b, func(b *testing.B, d Dialect) {
		s := newTestStore(b, d)
		const n = 10_000
		for i := range n {
			a := actionX(review.ActionID(fmt.Sprintf("x%05d", i)))
			a.Owner = account.ManagerID(fmt.Sprintf("m%02d", i%100))
			a.Due = a.Raised.AddDays(i % 60)
			if i%3 == 0 {
				a.Status = review.ActionCancelled
			}
			if _, err := s.CreateAction(b.Context(), a); err != nil {
				b.Fatal(err)
			}
		}
		f := review.ActionFilter{Owner: "m07", Status: review.ActionOpen, DueTo: d0.AddDays(30)}
		var last review.ActionItem
		for b.Loop() {
			count := 0
			for a, err := range s.Actions(b.Context(), f) {
				if err != nil {
					b.Fatal(err)
				}
				last = a
				count++
			}
			if count == 0 {
				b.Fatal("no action item matched")
			}
		}
		_ = last
	})
}
