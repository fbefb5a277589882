package calendar_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/calendar"
)

// benchCalendar is an office with a lunch break and New Zealand's
// holidays, in Auckland: the kind of calendar SLAs are measured on.
func benchCalendar(b *testing.B) *calendar.Calendar {
	b.Helper()
	return nzOffice(b)
}

// warm builds the tables for the instants, outside the timer.
func warm(b *testing.B, c *calendar.Calendar, ts ...[]time.Time) {
	b.Helper()
	for _, list := range ts {
		for _, t := range list {
			if _, err := c.IsWorking(t); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkDuration(b *testing.B) {
	c := benchCalendar(b)
	starts := spanStarts(1024)
	for _, sp := range benchSpans {
		ends := make([]time.Time, len(starts))
		for i, s := range starts {
			ends[i] = s.Add(sp.d)
		}
		warm(b, c, starts, ends)
		b.Run(sp.name, func(b *testing.B) {
			var sum time.Duration
			i := 0
			for b.Loop() {
				d, err := c.Duration(starts[i], ends[i])
				if err != nil {
					b.Fatal(err)
				}
				sum += d
				i = (i + 1) % len(starts)
			}
			sink = sum
		})
	}
}

func BenchmarkAdd(b *testing.B) {
	c := benchCalendar(b)
	starts := spanStarts(1024)
	// Business time in 1 day, 30 days and a year of a 37.5-hour week.
	for _, sp := range []struct {
		name string
		d    time.Duration
	}{
		{"1d", 7*time.Hour + 30*time.Minute},
		{"30d", 22 * (7*time.Hour + 30*time.Minute)},
		{"1y", 250 * (7*time.Hour + 30*time.Minute)},
	} {
		for _, s := range starts {
			if _, err := c.Add(s, sp.d); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(sp.name, func(b *testing.B) {
			var last time.Time
			i := 0
			for b.Loop() {
				r, err := c.Add(starts[i], sp.d)
				if err != nil {
					b.Fatal(err)
				}
				last = r
				i = (i + 1) % len(starts)
			}
			sink = last
		})
	}
}

func BenchmarkIsWorking(b *testing.B) {
	c := benchCalendar(b)
	starts := spanStarts(1024)
	warm(b, c, starts)
	n := 0
	i := 0
	for b.Loop() {
		w, err := c.IsWorking(starts[i])
		if err != nil {
			b.Fatal(err)
		}
		if w {
			n++
		}
		i = (i + 1) % len(starts)
	}
	sink = n
}

func BenchmarkNextWorking(b *testing.B) {
	c := benchCalendar(b)
	starts := spanStarts(1024)
	for i := range starts {
		starts[i] = starts[i].Add(9 * time.Hour) // evenings: the next open is tomorrow
	}
	warm(b, c, starts)
	var last time.Time
	i := 0
	for b.Loop() {
		r, err := c.NextWorking(starts[i])
		if err != nil {
			b.Fatal(err)
		}
		last = r
		i = (i + 1) % len(starts)
	}
	sink = last
}

func BenchmarkAddBusinessDays(b *testing.B) {
	c := benchCalendar(b)
	starts := spanStarts(1024)
	for _, s := range starts {
		if _, err := c.AddBusinessDays(s, 3); err != nil {
			b.Fatal(err)
		}
	}
	var last time.Time
	i := 0
	for b.Loop() {
		r, err := c.AddBusinessDays(starts[i], 3)
		if err != nil {
			b.Fatal(err)
		}
		last = r
		i = (i + 1) % len(starts)
	}
	sink = last
}

func BenchmarkWorkingDays(b *testing.B) {
	c := benchCalendar(b)
	starts := spanStarts(1024)
	from := make([]calendar.Date, len(starts))
	for i, s := range starts {
		from[i] = calendar.DateOf(s)
		if _, err := c.WorkingDays(from[i], from[i].AddDays(30)); err != nil {
			b.Fatal(err)
		}
	}
	n := 0
	i := 0
	for b.Loop() {
		d, err := c.WorkingDays(from[i], from[i].AddDays(30))
		if err != nil {
			b.Fatal(err)
		}
		n += d
		i = (i + 1) % len(from)
	}
	sink = n
}

// BenchmarkBuildYear measures the one-off cost of a year's table: a fresh
// calendar each time, one query.
func BenchmarkBuildYear(b *testing.B) {
	nz, err := calendar.Country("NZ")
	if err != nil {
		b.Fatal(err)
	}
	cfg := calendar.Config{Zone: "Pacific/Auckland", Versions: []calendar.Version{{
		Week:        calendar.MondayToFriday(mustWindows(b, "08:30-12:00, 13:00-17:00")...),
		HolidaySets: []calendar.HolidaySet{nz},
	}}}
	at := time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC)
	for b.Loop() {
		c, err := calendar.New(cfg)
		if err != nil {
			b.Fatal(err)
		}
		w, err := c.IsWorking(at)
		if err != nil {
			b.Fatal(err)
		}
		sink = w
	}
}

// BenchmarkParallelDuration runs 30-day Durations on all cores against one
// shared calendar, as an SLA evaluator would.
func BenchmarkParallelDuration(b *testing.B) {
	c := benchCalendar(b)
	starts := spanStarts(1024)
	ends := make([]time.Time, len(starts))
	for i, s := range starts {
		ends[i] = s.Add(30 * 24 * time.Hour)
	}
	warm(b, c, starts, ends)
	b.RunParallel(func(pb *testing.PB) {
		var sum time.Duration
		i := 0
		for pb.Next() {
			d, err := c.Duration(starts[i], ends[i])
			if err != nil {
				b.Error(err)
				return
			}
			sum += d
			i = (i + 1) % len(starts)
		}
		_ = sum
	})
}

// BenchmarkTables measures what a calendar's tables cost: a fresh
// calendar and one Duration over its whole range, 1900 to 2100, which
// builds every year's table; then the heap the calendar keeps, in bytes a
// year (B/year; the Calendar keeps at most 16 MiB in all). The calendars
// are in Auckland, without holidays: an office open Monday to Friday
// 08:30-12:00 and 13:00-17:00, and 48 one-minute windows (the most a day
// may have) Monday to Friday and every day.
func BenchmarkTables(b *testing.B) {
	busy := make([]calendar.Window, calendar.MaxWindows)
	for i := range busy {
		busy[i] = calendar.Window{Open: calendar.Clock{Hour: i / 2, Minute: i % 2 * 30}, Close: calendar.Clock{Hour: i / 2, Minute: i%2*30 + 1}}
	}
	for _, bc := range []struct {
		name string
		week calendar.Week
	}{
		{"office", calendar.MondayToFriday(mustWindows(b, "08:30-12:00, 13:00-17:00")...)},
		{"48-windows-a-weekday", calendar.MondayToFriday(busy...)},
		{"48-windows-every-day", calendar.EveryDay(busy...)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			cfg := calendar.Config{Zone: "Pacific/Auckland", Versions: []calendar.Version{{Week: bc.week}}}
			from := time.Date(calendar.MinYear, 1, 1, 12, 0, 0, 0, time.UTC)
			to := time.Date(calendar.MaxYear, 12, 30, 0, 0, 0, 0, time.UTC)
			var held int64
			for b.Loop() {
				b.StopTimer()
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				b.StartTimer()
				c, err := calendar.New(cfg)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := c.Duration(from, to); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				runtime.GC()
				runtime.ReadMemStats(&after)
				runtime.KeepAlive(c)
				held = int64(after.HeapAlloc) - int64(before.HeapAlloc)
				b.StartTimer()
			}
			b.ReportMetric(float64(held)/(calendar.MaxYear-calendar.MinYear+1), "B/year")
		})
	}
}
