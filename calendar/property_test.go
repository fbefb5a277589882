package calendar_test

import (
	"errors"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/calendar"
	"pgregory.net/rapid"
)

// propCalendars are realistic calendars to state the invariants on, built
// once: lunch breaks, holidays, a night shift, 24×7, in the four DST zones.
var propCalendars = func() []*calendar.Calendar {
	nz, _ := calendar.Country("NZ")
	gb, _ := calendar.Country("GB")
	us, _ := calendar.Country("US")
	office, _ := calendar.ParseWindows("08:30-12:00, 13:00-17:00")
	night, _ := calendar.ParseWindows("07:00-15:00, 22:00-06:00")
	cfgs := []calendar.Config{
		{Zone: "Pacific/Auckland", Versions: []calendar.Version{{Week: calendar.MondayToFriday(office...), HolidaySets: []calendar.HolidaySet{nz}}}},
		{Zone: "Pacific/Chatham", Versions: []calendar.Version{{Week: calendar.EveryDay(night...), HolidaySets: []calendar.HolidaySet{nz}}}},
		{Zone: "Europe/London", Versions: []calendar.Version{
			{Week: calendar.MondayToFriday(office...), HolidaySets: []calendar.HolidaySet{gb}},
			{From: calendar.Date{Year: 2025, Month: time.April, Day: 1}, Week: calendar.EveryDay(night...),
				Overrides: []calendar.Override{{Date: calendar.Date{Year: 2025, Month: time.December, Day: 24}}}},
		}},
		{Zone: "America/New_York", Versions: []calendar.Version{{Week: calendar.MondayToFriday(office...), HolidaySets: []calendar.HolidaySet{us}}}},
	}
	var cs []*calendar.Calendar
	for _, cfg := range cfgs {
		c, err := calendar.New(cfg)
		if err != nil {
			panic(err)
		}
		cs = append(cs, c)
	}
	return cs
}()

func drawCalendar(t *rapid.T) *calendar.Calendar {
	return rapid.SampledFrom(propCalendars).Draw(t, "calendar")
}

// drawInstant draws an instant from 2023 to 2026, on the minute or not.
func drawInstant(t *rapid.T, label string) time.Time {
	lo := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC).Unix()
	s := rapid.Int64Range(lo, hi).Draw(t, label)
	ns := int64(0)
	if rapid.Bool().Draw(t, label+".ns") {
		ns = rapid.Int64Range(0, 999_999_999).Draw(t, label+".frac")
	}
	return time.Unix(s, ns)
}

func drawDuration(t *rapid.T, label string) time.Duration {
	return time.Duration(rapid.Int64Range(-int64(90*24*time.Hour), int64(90*24*time.Hour)).Draw(t, label))
}

// must returns v, or panics with err: inside rapid.Check a panic fails the
// test and is shrunk like any other failure.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// duration(a,b) + duration(b,c) = duration(a,c), in any order.
func TestPropDurationAdditive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := drawCalendar(t)
		a, b, x := drawInstant(t, "a"), drawInstant(t, "b"), drawInstant(t, "c")
		ab := must(c.Duration(a, b))
		bc := must(c.Duration(b, x))
		ac := must(c.Duration(a, x))
		if ab+bc != ac {
			t.Fatalf("Duration(a,b) %v + Duration(b,c) %v != Duration(a,c) %v", ab, bc, ac)
		}
		if ba := must(c.Duration(b, a)); ba != -ab {
			t.Fatalf("Duration(b,a) = %v, want %v", ba, -ab)
		}
	})
}

// duration(a, add(a, d)) = d, forwards and backwards.
func TestPropAddInvertsDuration(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := drawCalendar(t)
		a := drawInstant(t, "a")
		d := drawDuration(t, "d")
		r := must(c.Add(a, d))
		if got := must(c.Duration(a, r)); got != d {
			t.Fatalf("Duration(a, Add(a, %v) = %v) = %v", d, r, got)
		}
		// A forward deadline is working time or exactly a close; a
		// backward one is working time (an open at the latest).
		if d > 0 {
			if w := must(c.IsWorking(r.Add(-1))); !w {
				t.Fatalf("Add(a, %v) = %v is not the end of working time", d, r)
			}
		}
		if d < 0 {
			if w := must(c.IsWorking(r)); !w {
				t.Fatalf("Add(a, %v) = %v is not working time", d, r)
			}
		}
	})
}

// Business time never exceeds wall time.
func TestPropDurationAtMostWallTime(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := drawCalendar(t)
		a, b := drawInstant(t, "a"), drawInstant(t, "b")
		d := must(c.Duration(a, b))
		wall := b.Sub(a)
		if wall >= 0 && (d < 0 || d > wall) || wall < 0 && (d > 0 || d < wall) {
			t.Fatalf("Duration = %v for wall time %v", d, wall)
		}
	})
}

// A 24×7 calendar is wall time: the shortcut, and the same week on tables
// (an empty holiday set keeps it off the shortcut).
func TestProp24x7IsWallTime(t *testing.T) {
	zones := []string{"UTC", "Pacific/Auckland", "Pacific/Chatham", "Europe/London", "America/New_York"}
	var cs []*calendar.Calendar
	for _, z := range zones {
		fast, err := calendar.AlwaysOpen(z)
		if err != nil {
			t.Fatal(err)
		}
		tables := mustNew(t, calendar.Config{Zone: z, Versions: []calendar.Version{{
			Week:        calendar.EveryDay(mustWindows(t, "00:00-24:00")...),
			HolidaySets: []calendar.HolidaySet{calendar.NewHolidayRules("none")},
		}}})
		cs = append(cs, fast, tables)
	}
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.SampledFrom(cs).Draw(t, "calendar")
		a, b := drawInstant(t, "a"), drawInstant(t, "b")
		if d := must(c.Duration(a, b)); d != b.Sub(a) {
			t.Fatalf("Duration = %v, wall time %v", d, b.Sub(a))
		}
		d := drawDuration(t, "d")
		if r := must(c.Add(a, d)); !r.Equal(a.Add(d)) {
			t.Fatalf("Add(a, %v) = %v, want %v", d, r, a.Add(d))
		}
		if w := must(c.IsWorking(a)); !w {
			t.Fatalf("IsWorking(%v) = false", a)
		}
		n := rapid.IntRange(-30, 30).Draw(t, "n")
		r := must(c.AddBusinessDays(a, n))
		ld := calendar.DateOf(r.In(c.Location()))
		if want := calendar.DateOf(a.In(c.Location())).AddDays(n); ld != want && !r.Equal(midnightAfter(c, want)) {
			t.Fatalf("AddBusinessDays(%v, %d) = %v, want a time on %v", a, n, r, want)
		}
	})
}

// midnightAfter returns the end of day d on c (the start of the next).
func midnightAfter(c *calendar.Calendar, d calendar.Date) time.Time {
	day, _ := c.Day(d)
	return day.Spans[len(day.Spans)-1].End
}

// The next working instant is working, not before t, and no business time
// passes before it.
func TestPropNextWorking(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := drawCalendar(t)
		a := drawInstant(t, "a")
		n := must(c.NextWorking(a))
		if n.Before(a) {
			t.Fatalf("NextWorking(%v) = %v is before it", a, n)
		}
		if w := must(c.IsWorking(n)); !w {
			t.Fatalf("NextWorking(%v) = %v is not working", a, n)
		}
		if d := must(c.Duration(a, n)); d != 0 {
			t.Fatalf("Duration(a, NextWorking(a)) = %v", d)
		}
		if w := must(c.IsWorking(a)); w != n.Equal(a) {
			t.Fatalf("IsWorking(a) = %v but NextWorking(a) = %v", w, n)
		}
	})
}

// Add is monotone in the duration.
func TestPropAddMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := drawCalendar(t)
		a := drawInstant(t, "a")
		d1, d2 := drawDuration(t, "d1"), drawDuration(t, "d2")
		if d1 > d2 {
			d1, d2 = d2, d1
		}
		r1, r2 := must(c.Add(a, d1)), must(c.Add(a, d2))
		if r1.After(r2) {
			t.Fatalf("Add(a, %v) = %v after Add(a, %v) = %v", d1, r1, d2, r2)
		}
	})
}

// Working days: counting and adding agree, and the results are working days.
func TestPropWorkingDays(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := drawCalendar(t)
		d := calendar.DateOf(drawInstant(t, "d").In(c.Location()))
		n := rapid.IntRange(-60, 60).Draw(t, "n")
		r := must(c.AddWorkingDays(d, n))
		if n == 0 {
			if r != d {
				t.Fatalf("AddWorkingDays(d, 0) = %v", r)
			}
			return
		}
		if w := must(c.IsWorkingDay(r)); !w {
			t.Fatalf("AddWorkingDays(%v, %d) = %v is not a working day", d, n, r)
		}
		// n working days after d are the working days in (d, r].
		var got int
		if n > 0 {
			got = must(c.WorkingDays(d.AddDays(1), r.AddDays(1)))
		} else {
			got = -must(c.WorkingDays(r, d))
		}
		if got != n {
			t.Fatalf("AddWorkingDays(%v, %d) = %v, but %d working days lie between", d, n, r, got)
		}
		e := calendar.DateOf(drawInstant(t, "e").In(c.Location()))
		f := calendar.DateOf(drawInstant(t, "f").In(c.Location()))
		if must(c.WorkingDays(d, e))+must(c.WorkingDays(e, f)) != must(c.WorkingDays(d, f)) {
			t.Fatalf("WorkingDays is not additive over %v, %v, %v", d, e, f)
		}
	})
}

// Adding business days: the result is on a working day, later for n > 0,
// and on a calendar of equal full days it is n days of business time.
func TestPropAddBusinessDays(t *testing.T) {
	plain := mustNew(t, calendar.Config{Zone: "Europe/London", Versions: []calendar.Version{{
		Week: calendar.MondayToFriday(mustWindows(t, "08:30-12:00, 13:00-17:00")...),
	}}})
	rapid.Check(t, func(t *rapid.T) {
		a := drawInstant(t, "a")
		n := rapid.IntRange(-20, 20).Draw(t, "n")
		r := must(plain.AddBusinessDays(a, n))
		want := time.Duration(n) * (7*time.Hour + 30*time.Minute)
		if got := must(plain.Duration(a, r)); got != want {
			t.Fatalf("Duration(a, AddBusinessDays(a, %d) = %v) = %v, want %v", n, r, got, want)
		}
		c := drawCalendar(t)
		r = must(c.AddBusinessDays(a, n))
		if n > 0 && !r.After(a) || n < 0 && !r.Before(a) {
			t.Fatalf("AddBusinessDays(%v, %d) = %v", a, n, r)
		}
	})
}

// Queries never fail inside the range, and fail with a DateError outside.
func TestPropErrorsOnlyOutOfRange(t *testing.T) {
	c := propCalendars[0]
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.Int64Range(-1<<40, 1<<40).Draw(t, "unix")
		tm := time.Unix(s, 0)
		_, err := c.IsWorking(tm)
		in := tm.Year() >= 1900 && tm.Year() <= 2052 && !(tm.Year() == 2052 && tm.In(c.Location()).Year() == 2053)
		if in && err != nil {
			t.Fatalf("IsWorking(%v): %v", tm, err)
		}
		var de *calendar.DateError
		if err != nil && !errors.As(err, &de) {
			t.Fatalf("IsWorking(%v): %v is not a *DateError", tm, err)
		}
	})
}
