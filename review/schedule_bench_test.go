package review_test

import (
	"testing"

	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/tiering"
)

// BenchmarkSchedule10000 plans a year of 90-day reviews of 10,000 accounts
// for 200 managers (target: under 1 s).
func BenchmarkSchedule10000(b *testing.B) {
	req := baseRequest(b, portfolio(10_000, 200, tiering.Days(90)))
	var s *review.Schedule
	for b.Loop() {
		var err error
		if s, err = review.ScheduleReviews(req); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(s.Meetings)), "meetings")
	b.ReportMetric(float64(len(s.Conflicts)), "conflicts")
}

// BenchmarkReplan100 adds 100 accounts to a planner holding the schedule
// of BenchmarkSchedule10000 (target: under 50 ms): the year's meetings
// stay, only the new accounts' reviews are placed.
func BenchmarkReplan100(b *testing.B) {
	all := portfolio(10_100, 200, tiering.Days(90))
	req := baseRequest(b, all[:10_000])
	prev, err := review.ScheduleReviews(req)
	if err != nil {
		b.Fatal(err)
	}
	req.Accounts, req.Previous = nil, prev
	var added []review.Meeting
	for b.Loop() {
		b.StopTimer()
		p, err := review.NewPlanner(req)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if added, _, err = p.Add(all[10_000:]...); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(added)), "new-meetings")
}

// BenchmarkReplan100Stateless re-plans from a stored schedule: the
// 10,000 accounts' schedule as Previous and 100 accounts more. Its cost
// is that of reading the year's meetings back, not of solving it again.
func BenchmarkReplan100Stateless(b *testing.B) {
	all := portfolio(10_100, 200, tiering.Days(90))
	req := baseRequest(b, all[:10_000])
	prev, err := review.ScheduleReviews(req)
	if err != nil {
		b.Fatal(err)
	}
	req.Accounts, req.Previous = all, prev
	var s *review.Schedule
	for b.Loop() {
		if s, err = review.ScheduleReviews(req); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(s.Meetings)-len(prev.Meetings)), "new-meetings")
}
