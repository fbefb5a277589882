package calendar_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/calendar"
	"pgregory.net/rapid"
)

// Samoa skipped 2011-12-30: its clocks went from the end of the 29th to
// the start of the 31st. That day has no working time on any calendar, so
// it is not a working day, whether the calendar is open around the clock
// with no holidays or has an unrelated holiday: the two answer alike.
func TestSkippedDayIsNotAWorkingDay(t *testing.T) {
	const zone = "Pacific/Apia"
	always, err := calendar.AlwaysOpen(zone)
	if err != nil {
		t.Fatal(err)
	}
	cs := map[string]*calendar.Calendar{
		"AlwaysOpen": always,
		"EveryDay 00:00-24:00": mustNew(t, calendar.Config{Zone: zone, Versions: []calendar.Version{{
			Week: calendar.EveryDay(mustWindows(t, "00:00-24:00")...),
		}}}),
		"EveryDay 00:00-24:00 with a holiday": mustNew(t, calendar.Config{Zone: zone, Versions: []calendar.Version{{
			Week:     calendar.EveryDay(mustWindows(t, "00:00-24:00")...),
			Holidays: []calendar.Holiday{{Date: date(2011, 6, 1), Name: "Independence Day"}},
		}}}),
	}
	loc := always.Location()
	for name, c := range cs {
		if w := must(c.IsWorkingDay(date(2011, 12, 30))); w {
			t.Errorf("%s: IsWorkingDay(2011-12-30) = true, want false", name)
		}
		for _, d := range []calendar.Date{date(2011, 12, 29), date(2011, 12, 31)} {
			if w := must(c.IsWorkingDay(d)); !w {
				t.Errorf("%s: IsWorkingDay(%v) = false, want true", name, d)
			}
		}
		if n := must(c.WorkingDays(date(2011, 12, 29), date(2012, 1, 1))); n != 2 {
			t.Errorf("%s: WorkingDays(2011-12-29, 2012-01-01) = %d, want 2", name, n)
		}
		if d := must(c.AddWorkingDays(date(2011, 12, 29), 1)); d != date(2011, 12, 31) {
			t.Errorf("%s: AddWorkingDays(2011-12-29, 1) = %v, want 2011-12-31", name, d)
		}
		if d := must(c.PrevWorkingDay(date(2011, 12, 31))); d != date(2011, 12, 29) {
			t.Errorf("%s: PrevWorkingDay(2011-12-31) = %v, want 2011-12-29", name, d)
		}
		if day := must(c.Day(date(2011, 12, 30))); len(day.Spans) != 0 || day.Working() != 0 {
			t.Errorf("%s: Day(2011-12-30).Spans = %v, want none", name, day.Spans)
		}
		from := time.Date(2011, 12, 29, 10, 0, 0, 0, loc)
		want := time.Date(2011, 12, 31, 10, 0, 0, 0, loc)
		if r := must(c.AddBusinessDays(from, 1)); !r.Equal(want) {
			t.Errorf("%s: AddBusinessDays(2011-12-29 10:00, 1) = %v, want %v", name, r, want)
		}
		// Business time is still wall time across the skipped day.
		if d := must(c.Duration(from, want)); d != want.Sub(from) {
			t.Errorf("%s: Duration(2011-12-29 10:00, 2011-12-31 10:00) = %v, want %v", name, d, want.Sub(from))
		}
	}
}

// propZones are zones with daylight saving time, half-hour and 45-minute
// offsets, and days skipped by a change of date line (Apia and Fakaofo
// 2011, Kwajalein 1993, Kiritimati and Kanton 1994-95).
var propZones = []string{"UTC", "Pacific/Auckland", "Pacific/Chatham", "Europe/London", "America/New_York",
	"Pacific/Apia", "Pacific/Fakaofo", "Pacific/Kwajalein", "Pacific/Kiritimati", "Pacific/Kanton"}

// outcome is what a query answered, for comparing two calendars: the value,
// or the sentinel the error wraps.
type outcome struct {
	Value any
	Err   error
}

func outcomeOf[T any](v T, err error) outcome {
	if err != nil {
		for _, s := range []error{calendar.ErrOutOfRange, calendar.ErrInvalid, calendar.ErrNoWorkingTime, calendar.ErrNoHolidayData} {
			if errors.Is(err, s) {
				return outcome{Err: s}
			}
		}
		return outcome{Err: err}
	}
	return outcome{Value: v}
}

// An always-open calendar and the same week on tables (EveryDay
// 00:00-24:00 with an empty holiday set, which keeps it off the 24×7
// shortcut) answer every query alike, wherever the tables answer: the
// shortcut is the tables' function, not a second definition of it.
func TestPropAlwaysOpenMatchesTables(t *testing.T) {
	type pair struct{ fast, tables *calendar.Calendar }
	var pairs []pair
	for _, z := range propZones {
		fast, err := calendar.AlwaysOpen(z)
		if err != nil {
			t.Fatal(err)
		}
		pairs = append(pairs, pair{fast, mustNew(t, calendar.Config{Zone: z, Versions: []calendar.Version{{
			Week:        calendar.EveryDay(mustWindows(t, "00:00-24:00")...),
			HolidaySets: []calendar.HolidaySet{calendar.NewHolidayRules("none")},
		}}})})
	}
	// Instants near the skipped days and the ends of the range, or anywhere
	// from 1899 to 2101 (the edges included, where only one may answer).
	centres := []time.Time{
		time.Date(2011, 12, 30, 0, 0, 0, 0, time.UTC), time.Date(1993, 8, 21, 0, 0, 0, 0, time.UTC),
		time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2101, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 30, 0, 0, 0, 0, time.UTC),
	}
	drawAt := func(t *rapid.T, label string) time.Time {
		if rapid.Bool().Draw(t, label+".near") {
			c := rapid.SampledFrom(centres).Draw(t, label+".centre")
			return c.Add(time.Duration(rapid.Int64Range(-int64(96*time.Hour), int64(96*time.Hour)).Draw(t, label+".offset")))
		}
		lo := time.Date(1899, 12, 25, 0, 0, 0, 0, time.UTC).Unix()
		hi := time.Date(2101, 1, 5, 0, 0, 0, 0, time.UTC).Unix()
		return time.Unix(rapid.Int64Range(lo, hi).Draw(t, label+".sec"), rapid.Int64Range(0, 999_999_999).Draw(t, label+".ns"))
	}
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.SampledFrom(pairs).Draw(t, "zone")
		loc := p.fast.Location()
		a, b := drawAt(t, "a"), drawAt(t, "b")
		d := time.Duration(rapid.Int64Range(-int64(10*24*time.Hour), int64(10*24*time.Hour)).Draw(t, "d"))
		n := rapid.IntRange(-10, 10).Draw(t, "n")
		da, db := calendar.DateOf(a.In(loc)), calendar.DateOf(b.In(loc))
		queries := map[string]func(c *calendar.Calendar) outcome{
			"IsWorking(a)":          func(c *calendar.Calendar) outcome { return outcomeOf(c.IsWorking(a)) },
			"NextWorking(a)":        func(c *calendar.Calendar) outcome { return outcomeOf(c.NextWorking(a)) },
			"Duration(a, b)":        func(c *calendar.Calendar) outcome { return outcomeOf(c.Duration(a, b)) },
			"Add(a, d)":             func(c *calendar.Calendar) outcome { return outcomeOf(c.Add(a, d)) },
			"AddBusinessDays(a, n)": func(c *calendar.Calendar) outcome { return outcomeOf(c.AddBusinessDays(a, n)) },
			"IsWorkingDay(da)":      func(c *calendar.Calendar) outcome { return outcomeOf(c.IsWorkingDay(da)) },
			"AddWorkingDays(da, n)": func(c *calendar.Calendar) outcome { return outcomeOf(c.AddWorkingDays(da, n)) },
			"WorkingDays(da, db)":   func(c *calendar.Calendar) outcome { return outcomeOf(c.WorkingDays(da, db)) },
			"Day(da)":               func(c *calendar.Calendar) outcome { return outcomeOf(c.Day(da)) },
		}
		for name, q := range queries {
			fast, tables := q(p.fast), q(p.tables)
			if tables.Err != nil {
				// The tables' range is the narrower: the shortcut may answer
				// an instant query there, with an instant outside the tables.
				if tables.Err != calendar.ErrOutOfRange {
					t.Fatalf("%s on tables: %v", name, tables.Err)
				}
				if r, ok := fast.Value.(time.Time); ok && fast.Err == nil {
					if y := r.In(loc).Year(); y >= calendar.MinYear && y <= calendar.MaxYear && !outsideTables(p.tables, a, b) {
						t.Fatalf("%s = %v on 24×7, ErrOutOfRange on tables", name, r)
					}
					continue
				}
				if _, ok := fast.Value.(time.Duration); ok || name == "IsWorking(a)" {
					continue
				}
			}
			if diff := cmp.Diff(fast, tables, cmpopts.EquateErrors(), cmp.Comparer(func(x, y time.Time) bool { return x.Equal(y) && x.Location().String() == y.Location().String() })); diff != "" {
				t.Fatalf("%s: 24×7 and tables differ (-24×7 +tables):\n%s", name, diff)
			}
		}
	})
}

// outsideTables reports whether a or b lies outside the instants c's
// tables answer for.
func outsideTables(c *calendar.Calendar, a, b time.Time) bool {
	_, ea := c.IsWorking(a)
	_, eb := c.IsWorking(b)
	return ea != nil || eb != nil
}
