package calendar_test

import (
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/calendar"
)

// BenchmarkAlwaysOpen measures the queries on a 24×7 calendar (Auckland),
// over the same instants as the office calendar's benchmarks: business
// time is wall time, and the day-based queries read the year's table.
func BenchmarkAlwaysOpen(b *testing.B) {
	c, err := calendar.AlwaysOpen("Pacific/Auckland")
	if err != nil {
		b.Fatal(err)
	}
	starts := spanStarts(1024)
	days := make([]calendar.Date, len(starts))
	for i, s := range starts {
		days[i] = calendar.DateOf(s)
		if _, err := c.AddBusinessDays(s, 3); err != nil { // build the tables
			b.Fatal(err)
		}
		if _, err := c.WorkingDays(days[i], days[i].AddDays(30)); err != nil {
			b.Fatal(err)
		}
	}
	run := func(name string, f func(i int) (any, error)) {
		b.Run(name, func(b *testing.B) {
			var last any
			i := 0
			for b.Loop() {
				r, err := f(i)
				if err != nil {
					b.Fatal(err)
				}
				last = r
				i = (i + 1) % len(starts)
			}
			sink = last
		})
	}
	run("IsWorking", func(i int) (any, error) { return c.IsWorking(starts[i]) })
	run("Duration", func(i int) (any, error) { return c.Duration(starts[i], starts[i].Add(30*24*time.Hour)) })
	run("Add", func(i int) (any, error) { return c.Add(starts[i], 30*24*time.Hour) })
	run("AddBusinessDays", func(i int) (any, error) { return c.AddBusinessDays(starts[i], 3) })
	run("WorkingDays", func(i int) (any, error) { return c.WorkingDays(days[i], days[i].AddDays(30)) })
	run("AddWorkingDays", func(i int) (any, error) { return c.AddWorkingDays(days[i], 3) })
}
