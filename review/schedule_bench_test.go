package review_test

import (
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/internal/cputime"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/tiering"
)

// cpuMeter adds up the CPU time the process spends between start and
// stop, which a loaded machine inflates far less than wall time.
type cpuMeter struct {
	total, at time.Duration
	ok        bool
	runs      int
}

func (m *cpuMeter) start() { m.at, m.ok = cputime.Process() }

func (m *cpuMeter) stop() {
	if now, ok := cputime.Process(); ok && m.ok {
		m.total += now - m.at
		m.runs++
	}
}

func (m *cpuMeter) report(b *testing.B) {
	if m.runs > 0 {
		b.ReportMetric(float64(m.total)/float64(time.Millisecond)/float64(m.runs), "cpu-ms/op")
	}
}

// BenchmarkSchedule10000 plans a year of 90-day reviews of 10,000 accounts
// for 200 managers, each review with a finance partner (one for four
// managers) and a sponsor of the account's own (target: under 1 s).
func BenchmarkSchedule10000(b *testing.B) {
	req := baseRequest(b, portfolio(10_000, 200, tiering.Days(90)))
	var s *review.Schedule
	var cpu cpuMeter
	for b.Loop() {
		var err error
		cpu.start()
		s, err = review.ScheduleReviews(req)
		cpu.stop()
		if err != nil {
			b.Fatal(err)
		}
	}
	cpu.report(b)
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
	var cpu cpuMeter
	for b.Loop() {
		b.StopTimer()
		p, err := review.NewPlanner(req)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		cpu.start()
		added, _, err = p.Add(all[10_000:]...)
		cpu.stop()
		if err != nil {
			b.Fatal(err)
		}
	}
	cpu.report(b)
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
	var cpu cpuMeter
	for b.Loop() {
		cpu.start()
		s, err = review.ScheduleReviews(req)
		cpu.stop()
		if err != nil {
			b.Fatal(err)
		}
	}
	cpu.report(b)
	b.ReportMetric(float64(len(s.Meetings)-len(prev.Meetings)), "new-meetings")
}

// BenchmarkWriteICS exports a year of 90-day reviews of 1,000 accounts:
// 4,000 meetings or so.
func BenchmarkWriteICS(b *testing.B) {
	s, err := review.ScheduleReviews(baseRequest(b, portfolio(1_000, 20, tiering.Days(90))))
	if err != nil {
		b.Fatal(err)
	}
	var n countingWriter
	var cpu cpuMeter
	for b.Loop() {
		cpu.start()
		err := review.WriteICS(&n, s, review.ICSOptions{Stamp: stamp})
		cpu.stop()
		if err != nil {
			b.Fatal(err)
		}
	}
	cpu.report(b)
	b.ReportMetric(float64(n)/float64(b.N), "bytes/op")
	b.ReportMetric(float64(len(s.Meetings)), "meetings")
}

type countingWriter int

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}
