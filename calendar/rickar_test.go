package calendar_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/calendar"
	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/nz"
	"pgregory.net/rapid"
)

// The calendar both packages can express: UTC (rickar/cal finds times of
// day as midnight plus a duration, which is wrong on DST days, so the
// comparison avoids them), Monday to Friday 09:00-17:00, and rickar/cal's
// New Zealand holidays as nz.Holidays has them (today's rules in every
// year, and no Matariki), not this package's NZ set.
func comparedCalendars(tb testing.TB) (*calendar.Calendar, *cal.BusinessCalendar) {
	tb.Helper()
	ours := mustNew(tb, calendar.Config{Zone: "UTC", Versions: []calendar.Version{{
		Week:        calendar.MondayToFriday(mustWindows(tb, "09:00-17:00")...),
		HolidaySets: []calendar.HolidaySet{calendar.NewHolidayRules("rickar nz", nz.Holidays...)},
	}}})
	theirs := cal.NewBusinessCalendar()
	theirs.AddHoliday(nz.Holidays...)
	theirs.SetWorkHours(9*time.Hour, 17*time.Hour)
	return ours, theirs
}

func TestMatchesRickarWorkHoursInRange(t *testing.T) {
	ours, theirs := comparedCalendars(t)
	rapid.Check(t, func(t *rapid.T) {
		lo := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
		hi := time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
		a := time.Unix(rapid.Int64Range(lo, hi).Draw(t, "a"), 0).UTC()
		span := rapid.SampledFrom([]time.Duration{24 * time.Hour, 30 * 24 * time.Hour, 366 * 24 * time.Hour}).Draw(t, "span")
		b := a.Add(time.Duration(rapid.Int64Range(0, int64(span)).Draw(t, "len")))
		if rapid.Bool().Draw(t, "onHour") { // hit opens and closes exactly
			a, b = a.Truncate(time.Hour), b.Truncate(time.Hour)
		}
		got, err := ours.Duration(a, b)
		if err != nil {
			t.Fatal(err)
		}
		if want := theirs.WorkHoursInRange(a, b); got != want {
			t.Fatalf("Duration(%v, %v) = %v, rickar/cal says %v", a, b, got, want)
		}
	})
}

// The same, on uniformly spread spans of up to 1 day, 30 days and a year
// (rapid favours short ones).
func TestMatchesRickarOnLongSpans(t *testing.T) {
	ours, theirs := comparedCalendars(t)
	r := rand.New(rand.NewPCG(7, 11))
	lo := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 600 {
		span := benchSpans[i%len(benchSpans)].d
		a := lo.Add(time.Duration(r.Int64N(int64(40 * 365 * 24 * time.Hour))))
		b := a.Add(time.Duration(r.Int64N(int64(span))))
		got, err := ours.Duration(a, b)
		if err != nil {
			t.Fatal(err)
		}
		if want := theirs.WorkHoursInRange(a, b); got != want {
			t.Fatalf("Duration(%v, %v) = %v, rickar/cal says %v", a, b, got, want)
		}
	}
}

// spanStarts returns n instants spread over 2024-2026 on working days at
// 10:37, where both calendars start inside working hours.
func spanStarts(n int) []time.Time {
	r := rand.New(rand.NewPCG(1, 2))
	starts := make([]time.Time, 0, n)
	for len(starts) < n {
		d := time.Date(2024, 1, 1, 10, 37, 0, 0, time.UTC).AddDate(0, 0, r.IntN(3*365))
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			starts = append(starts, d)
		}
	}
	return starts
}

var benchSpans = []struct {
	name string
	d    time.Duration
}{
	{"1d", 24 * time.Hour},
	{"30d", 30 * 24 * time.Hour},
	{"1y", 365 * 24 * time.Hour},
}

// BenchmarkDurationVsRickar measures this package's Duration and
// rickar/cal's WorkHoursInRange on the same spans of the same calendar.
// Our tables for the years involved are built before the timer starts
// (they are built once per year per calendar and kept). rickar/cal runs
// with its holiday cache on (Cacheable), its fastest setting.
func BenchmarkDurationVsRickar(b *testing.B) {
	ours, theirs := comparedCalendars(b)
	theirs.Cacheable = true
	starts := spanStarts(1024)
	for _, sp := range benchSpans {
		ends := make([]time.Time, len(starts))
		for i, s := range starts {
			ends[i] = s.Add(sp.d)
			if _, err := ours.Duration(s, ends[i]); err != nil { // builds the tables
				b.Fatal(err)
			}
		}
		b.Run("calendar/"+sp.name, func(b *testing.B) {
			var sum time.Duration
			i := 0
			for b.Loop() {
				d, err := ours.Duration(starts[i], ends[i])
				if err != nil {
					b.Fatal(err)
				}
				sum += d
				i = (i + 1) % len(starts)
			}
			sink = sum
		})
		b.Run("rickar/"+sp.name, func(b *testing.B) {
			var sum time.Duration
			i := 0
			for b.Loop() {
				sum += theirs.WorkHoursInRange(starts[i], ends[i])
				i = (i + 1) % len(starts)
			}
			sink = sum
		})
	}
}

// sink keeps benchmark results alive.
var sink any

func ExampleNewHolidayRules() {
	// Any rickar/cal holiday list can be used, such as a region's.
	set := calendar.NewHolidayRules("rickar nz", nz.Holidays...)
	hs, err := set.HolidaysIn(2026)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, h := range hs[:3] {
		fmt.Println(h.Date, h.Name)
	}
	// Output:
	// 2026-01-01 New Year's Day
	// 2026-01-02 Day after New Year's Day
	// 2026-02-06 Waitangi Day
}
