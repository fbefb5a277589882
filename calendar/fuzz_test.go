package calendar_test

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/calendar"
)

// FuzzParseWindows: window text never panics; what parses prints back to
// text that parses to the same windows, and validates in a calendar.
func FuzzParseWindows(f *testing.F) {
	for _, s := range []string{"08:30-12:00, 13:00-17:00", "00:00-24:00", "22:00-06:00", "9:00-17:00", "", "24:00-01:00", "12:00-12:00", "1:2-3:4", "-", ",", "08:30-12:00,11:00-13:00",
		windowsText(calendar.MaxWindows, 30), windowsText(calendar.MaxWindows+1, 29), windowsText(720, 2), strings.Repeat(",", 1<<16)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ws, err := calendar.ParseWindows(s)
		if err != nil {
			var fe *calendar.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, calendar.ErrInvalid) {
				t.Fatalf("ParseWindows(%q) error %v is not a *FieldError", s, err)
			}
			return
		}
		for _, w := range ws {
			back, err := calendar.ParseWindow(w.String())
			if err != nil || back != w {
				t.Fatalf("window %+v prints as %q, which parses to %+v, %v", w, w.String(), back, err)
			}
		}
		cfg := calendar.Config{Zone: "UTC", Versions: []calendar.Version{{Week: calendar.Week{time.Wednesday: ws}}}}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("ParseWindows(%q) = %v, which does not validate: %v", s, ws, err)
		}
	})
}

// windowsText returns n one-minute windows, one every step minutes from
// midnight, as ParseWindows reads them.
func windowsText(n, step int) string {
	ws := windowsEvery(n, step)
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.String()
	}
	return strings.Join(parts, ",")
}

// FuzzManyWindows: a day of any number of windows, in a Week, in an
// Override or as text, is refused with one *FieldError giving the count
// when there are more than MaxWindows; with fewer that do not overlap, the
// calendar builds and the day has one minute of business time a window.
func FuzzManyWindows(f *testing.F) {
	f.Add(uint16(calendar.MaxWindows), uint16(30), uint8(1), false)
	f.Add(uint16(calendar.MaxWindows+1), uint16(29), uint8(1), true)
	f.Add(uint16(720), uint16(2), uint8(3), false)
	f.Add(uint16(math.MaxUint16), uint16(0), uint8(6), true)
	f.Add(uint16(0), uint16(1), uint8(0), false)
	f.Fuzz(func(t *testing.T, n, step uint16, wd uint8, override bool) {
		step = 1 + step%60 // windows of one minute, step minutes apart
		if int(n)*int(step) > 1440 && int(n) <= calendar.MaxWindows {
			n = uint16(1440 / int(step)) // no wrap past midnight, which would overlap
		}
		ws := windowsEvery(int(n), int(step))
		day := calendar.Date{Year: 2025, Month: time.June, Day: 1}.AddDays(int(wd % 7)) // a Sunday, then the week
		v := calendar.Version{}
		if override {
			v.Overrides = []calendar.Override{{Date: day, Windows: ws}}
		} else {
			v.Week[day.Weekday()] = ws
		}
		c, err := calendar.New(calendar.Config{Zone: "UTC", Versions: []calendar.Version{v}})
		_, perr := calendar.ParseWindows(windowsText(int(n), int(step)))
		if int(n) > calendar.MaxWindows {
			for _, err := range []error{err, perr} {
				var fe *calendar.FieldError
				if !errors.As(err, &fe) || fe.Value != int(n) || !errors.Is(err, calendar.ErrInvalid) {
					t.Fatalf("%d windows: err = %v, want a *FieldError giving the count", n, err)
				}
				if multi, ok := err.(interface{ Unwrap() []error }); ok && len(multi.Unwrap()) != 1 {
					t.Fatalf("%d windows: %d errors, want one: %v", n, len(multi.Unwrap()), err)
				}
			}
			return
		}
		if err != nil || perr != nil {
			t.Fatalf("%d windows %d minutes apart: New: %v; ParseWindows: %v", n, step, err, perr)
		}
		a := time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, time.UTC)
		if got, err := c.Duration(a, a.AddDate(0, 0, 1)); err != nil || got != time.Duration(n)*time.Minute {
			t.Fatalf("%d windows %d minutes apart: the day's business time is %v, %v", n, step, got, err)
		}
	})
}

// FuzzConfigJSON: a calendar decoded from JSON, the form outside input
// takes, is either refused with a *FieldError or answers queries
// without panicking, and its answers keep Duration(a, Add(a, d)) == d.
func FuzzConfigJSON(f *testing.F) {
	f.Add([]byte(`{"Zone":"Pacific/Auckland","Versions":[{"Week":[[],["08:30-12:00","13:00-17:00"],["09:00-17:00"],[],[],["22:00-06:00"],[]],"Holidays":[{"Date":"2025-06-20","Name":"Matariki"}]}]}`),
		int64(1750000000), int64(3600e9))
	f.Add([]byte(`{"Zone":"America/New_York","Versions":[{"Week":[["00:00-24:00"],["00:00-24:00"],["00:00-24:00"],["00:00-24:00"],["00:00-24:00"],["00:00-24:00"],["00:00-24:00"]]}]}`),
		int64(1710040000), int64(-86400e9))
	f.Add([]byte(`{"Zone":"Europe/London","Versions":[{"Week":[[],["09:00-17:00"]]},{"From":"2025-03-30","Week":[[],[],["01:00-02:00"]],"Overrides":[{"Date":"2025-03-30","Windows":["00:30-02:30"]}]}]}`),
		int64(1743300000), int64(7200e9))
	f.Add([]byte(`{"Zone":"Pacific/Chatham","Versions":[{"From":"2024-01-01","Week":[["02:00-04:00"]]},{"From":"2023-01-01"}]}`), int64(0), int64(1))
	f.Add([]byte(`{"Zone":"UTC","Versions":[{}]}`), int64(1700000000), int64(60e9))
	for _, n := range []int{calendar.MaxWindows, calendar.MaxWindows + 1, 720} { // long window lists
		list := `["` + strings.ReplaceAll(windowsText(n, 2), ",", `","`) + `"]`
		f.Add([]byte(`{"Zone":"Pacific/Auckland","Versions":[{"Week":[[],`+list+`],"Overrides":[{"Date":"2025-06-21","Windows":`+list+`}]}]}`),
			int64(1750000000), int64(100*24*3600e9))
	}
	f.Fuzz(func(t *testing.T, data []byte, unix int64, d int64) {
		var cfg calendar.Config
		if err := json.Unmarshal(data, &cfg); err != nil {
			return
		}
		c, err := calendar.New(cfg)
		if err != nil {
			if !errors.Is(err, calendar.ErrInvalid) {
				t.Fatalf("New error %v does not wrap ErrInvalid", err)
			}
			return
		}
		a := time.Unix(unix%(200*365*86400), 0) // 1770 to 2170, in and out of range
		dur := time.Duration(d % int64(400*24*time.Hour))
		if _, err := c.IsWorking(a); err != nil {
			var de *calendar.DateError
			if !errors.As(err, &de) {
				t.Fatalf("IsWorking error %v is not a *DateError", err)
			}
			return
		}
		r, err := c.Add(a, dur)
		if err != nil {
			return // no working time, or the range ends: reported, not wrong
		}
		back, err := c.Duration(a, r)
		if err != nil {
			t.Fatalf("Duration(a, Add(a, d)): %v", err)
		}
		if back != dur {
			t.Fatalf("Duration(a, Add(a, %v) = %v) = %v", dur, r, back)
		}
		if n, err := c.NextWorking(a); err == nil {
			if w, err := c.IsWorking(n); err != nil || !w {
				t.Fatalf("NextWorking(%v) = %v is not working (%v)", a, n, err)
			}
		}
		if _, err := c.Day(calendar.DateOf(a.In(c.Location()))); err != nil {
			var de *calendar.DateError
			if !errors.As(err, &de) {
				t.Fatalf("Day error %v is not a *DateError", err)
			}
		}
	})
}

// fuzzCalendars are the calendars FuzzExtremes runs on, built once: table
// calendars with and without holiday data limits (Matariki ends in 2052),
// one with a night shift, and those answered by wall-clock arithmetic.
var fuzzCalendars = func() []fuzzCalendar {
	nz, _ := calendar.Country("NZ")
	office, _ := calendar.ParseWindows("08:30-12:00, 13:00-17:00")
	night, _ := calendar.ParseWindows("07:00-15:00, 22:00-06:00")
	cs := []fuzzCalendar{{new(calendar.Calendar), true}, {nil, true}}
	for _, cfg := range []calendar.Config{
		{Zone: "Pacific/Auckland", Versions: []calendar.Version{{Week: calendar.MondayToFriday(office...), HolidaySets: []calendar.HolidaySet{nz}}}},
		{Zone: "Europe/London", Versions: []calendar.Version{{Week: calendar.EveryDay(night...)}}},
		{Zone: "America/New_York", Versions: []calendar.Version{{From: calendar.Date{Year: 2000, Month: time.January, Day: 1}, Week: calendar.MondayToFriday(office...)}}},
	} {
		c, err := calendar.New(cfg)
		if err != nil {
			panic(err)
		}
		cs = append(cs, fuzzCalendar{c, false})
	}
	for _, z := range []string{"Pacific/Auckland", "America/New_York"} {
		c, err := calendar.AlwaysOpen(z)
		if err != nil {
			panic(err)
		}
		cs = append(cs, fuzzCalendar{c, true})
	}
	return cs
}()

type fuzzCalendar struct {
	c    *calendar.Calendar
	wall bool // open around the clock: answered in wall time
}

// fuzzInstant maps sec and ns onto an instant: in 1890 to 2110, around the
// tables' range, if narrow, else anywhere from the year 0 to 10001, just
// past both ends of the range of a 24×7 calendar. Unix seconds already in
// the interval stand for themselves.
func fuzzInstant(narrow bool, sec, ns int64) time.Time {
	lo, hi := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(10002, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	if narrow {
		lo, hi = time.Date(1890, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(2111, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	}
	if sec < lo || sec >= hi {
		sec = lo + mod(sec, hi-lo)
	}
	return time.Unix(sec, mod(ns, 1e9))
}

func mod(a, b int64) int64 {
	if m := a % b; m < 0 {
		return m + b
	} else {
		return m
	}
}

// inRange24 reports whether t lies in the range of the 24×7 calendar c:
// its civil date in c's zone is one a Date can name.
func inRange24(c *calendar.Calendar, t time.Time) bool {
	return calendar.DateOf(t.In(c.Location())).IsValid()
}

// reachesTables reports whether d and the date n days from d lie in the
// range of the tables, [calendar.MinYear] to [calendar.MaxYear], which the
// day-based methods of a 24×7 calendar answer for.
func reachesTables(d calendar.Date, n int) bool {
	day := func(d calendar.Date) int64 {
		return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix() / 86400
	}
	first := day(calendar.Date{Year: calendar.MinYear, Month: time.January, Day: 1})
	last := day(calendar.Date{Year: calendar.MaxYear, Month: time.December, Day: 31})
	dn := day(d)
	return d.IsValid() && dn >= first && dn <= last && int64(n) <= last-dn && int64(n) >= first-dn
}

// FuzzExtremes: every operation, with any int64 duration, any day count
// and instants across the years 0 to 10001, on table calendars, 24×7
// calendars and the zero and nil Calendars, never panics, and either
// returns a typed error wrapping one of the package's sentinels or a
// result that is valid: in range, and consistent with the other methods
// (Duration(a, Add(a, d)) == d). On the 24×7 calendars the answer is wall
// time exactly, and an error only when the instants or the result are
// outside the years 1 to 9999 (MinYear to MaxYear for the day-based
// methods) or the span outside time.Duration.
func FuzzExtremes(f *testing.F) {
	const (
		maxI = int64(math.MaxInt64)
		minI = int64(math.MinInt64)
	)
	y := func(year int, month time.Month, day, hour int) int64 {
		return time.Date(year, month, day, hour, 0, 0, 0, time.UTC).Unix()
	}
	// which, narrow, a (Unix seconds, ns), b (Unix seconds), d, n: the
	// cases of the review, on every calendar (see fuzzCalendars). Narrow
	// inputs cut d and n down to spans a table can hold; wide ones keep
	// them whole.
	for which := range uint8(len(fuzzCalendars)) {
		f.Add(which, true, y(2025, 6, 2, 10), int64(0), y(2025, 7, 2, 10), int64(30*24*time.Hour), int64(5))
		f.Add(which, true, y(2025, 6, 2, 10), int64(0), y(1950, 1, 1, 0), minI, int64(math.MinInt))
		f.Add(which, true, y(2025, 6, 2, 10), int64(0), y(1950, 1, 1, 0), maxI, int64(math.MaxInt))
		f.Add(which, true, y(2100, 12, 31, 12), int64(0), y(1900, 1, 1, 9), int64(11*time.Hour), int64(2))
		f.Add(which, true, y(1900, 1, 1, 9), int64(0), y(2100, 12, 31, 23), minI+1, int64(math.MaxInt/2))
		f.Add(which, false, y(2025, 6, 2, 10), int64(0), y(2025, 6, 3, 10), minI, int64(math.MaxInt))
		f.Add(which, false, y(2025, 6, 2, 10), int64(0), y(2025, 6, 3, 10), maxI, int64(math.MinInt))
		f.Add(which, false, y(1, 1, 1, 0), int64(0), y(9999, 12, 31, 0), maxI, int64(math.MaxInt/2))
		f.Add(which, false, y(9999, 12, 31, 0), int64(0), y(1, 1, 1, 0), maxI, int64(1))
		f.Add(which, false, y(1, 1, 1, 12), int64(0), y(9999, 12, 31, 12), minI, int64(-1))
		f.Add(which, false, maxI, int64(999_999_999), minI, minI, int64(math.MinInt/2))
	}
	f.Fuzz(func(t *testing.T, which uint8, narrow bool, aSec, aNs, bSec, dRaw, nRaw int64) {
		fc := fuzzCalendars[int(which)%len(fuzzCalendars)]
		c, wall := fc.c, fc.wall
		a, b := fuzzInstant(narrow, aSec, aNs), fuzzInstant(narrow, bSec, aNs/3)
		d, n := time.Duration(dRaw), int(nRaw)
		if narrow { // spans a table calendar can hold
			d %= 400 * 24 * time.Hour
			n %= 1000
		}
		loc := c.Location()
		// checkErr fails unless err is typed and wraps a sentinel; on the
		// 24×7 calendars, only ErrOutOfRange (or ErrInvalid for a date).
		checkErr := func(op string, err error) {
			t.Helper()
			var de *calendar.DateError
			var fe *calendar.FieldError
			switch {
			case errors.As(err, &fe) && errors.Is(err, calendar.ErrInvalid):
			case !errors.As(err, &de):
				t.Fatalf("%s: error %v is neither a *DateError nor a *FieldError", op, err)
			case wall && !errors.Is(err, calendar.ErrOutOfRange):
				t.Fatalf("%s: error %v on a 24×7 calendar does not wrap ErrOutOfRange", op, err)
			case !errors.Is(err, calendar.ErrOutOfRange) && !errors.Is(err, calendar.ErrNoHolidayData) && !errors.Is(err, calendar.ErrNoWorkingTime):
				t.Fatalf("%s: error %v wraps none of the sentinels", op, err)
			}
		}
		valid := func(op string, r time.Time) {
			t.Helper()
			if r.Location() != loc {
				t.Fatalf("%s = %v, not in the calendar's zone %v", op, r, loc)
			}
			if !calendar.DateOf(r).IsValid() {
				t.Fatalf("%s = %v, whose date is not a valid Date", op, r)
			}
		}

		// IsWorking and NextWorking.
		w, err := c.IsWorking(a)
		if wall && (err == nil) != inRange24(c, a) {
			t.Fatalf("IsWorking(%v) on 24×7 = %v, %v", a, w, err)
		}
		if err != nil {
			checkErr("IsWorking", err)
		} else if nw, err := c.NextWorking(a); err != nil {
			checkErr("NextWorking", err)
		} else {
			valid("NextWorking", nw)
			if nw.Before(a) || nw.Equal(a) != w {
				t.Fatalf("NextWorking(%v) = %v, but IsWorking = %v", a, nw, w)
			}
		}

		// Duration.
		if got, err := c.Duration(a, b); err != nil {
			checkErr("Duration", err)
			if wall && inRange24(c, a) && inRange24(c, b) && a.Add(b.Sub(a)).Equal(b) {
				t.Fatalf("Duration(%v, %v) on 24×7: %v, want %v", a, b, err, b.Sub(a))
			}
		} else {
			if wall && !a.Add(got).Equal(b) {
				t.Fatalf("Duration(%v, %v) on 24×7 = %v, not the wall time", a, b, got)
			}
			// -MinInt64 does not fit a Duration: then Duration(b, a) fails.
			if back, err := c.Duration(b, a); got != math.MinInt64 && (err != nil || back != -got) {
				t.Fatalf("Duration(b, a) = %v, %v; Duration(a, b) = %v", back, err, got)
			}
		}

		// Add, and Duration back.
		if r, err := c.Add(a, d); err != nil {
			checkErr("Add", err)
			if wall && inRange24(c, a) && inRange24(c, a.Add(d)) {
				t.Fatalf("Add(%v, %v) on 24×7: %v, want %v", a, d, err, a.Add(d))
			}
		} else {
			valid("Add", r)
			if wall && !r.Equal(a.Add(d)) {
				t.Fatalf("Add(%v, %v) on 24×7 = %v, want %v", a, d, r, a.Add(d))
			}
			if back, err := c.Duration(a, r); err != nil || back != d {
				t.Fatalf("Duration(a, Add(a, %v) = %v) = %v, %v", d, r, back, err)
			}
		}

		// AddBusinessDays.
		if r, err := c.AddBusinessDays(a, n); err != nil {
			checkErr("AddBusinessDays", err)
		} else {
			valid("AddBusinessDays", r)
			if n > 0 && r.Before(a) || n < 0 && r.After(a) || n == 0 && !r.Equal(a) {
				t.Fatalf("AddBusinessDays(%v, %d) = %v, the wrong way", a, n, r)
			}
		}

		// The day-based methods, on the dates of a and b.
		da, db := calendar.DateOf(a.In(loc)), calendar.DateOf(b.In(loc))
		if r, err := c.AddWorkingDays(da, n); err != nil {
			checkErr("AddWorkingDays", err)
			if wall && reachesTables(da, n) {
				t.Fatalf("AddWorkingDays(%v, %d) on 24×7: %v", da, n, err)
			}
		} else {
			if !r.IsValid() || wall && r != da.AddDays(n) {
				t.Fatalf("AddWorkingDays(%v, %d) = %v, not a valid Date or not n days on", da, n, r)
			}
			wd, err := c.WorkingDays(da, r)
			if err != nil {
				t.Fatalf("WorkingDays(%v, AddWorkingDays(%v, %d) = %v): %v", da, da, n, r, err)
			}
			want := n
			if n > 0 {
				if ok, _ := c.IsWorkingDay(da); !ok {
					want = n - 1
				}
			}
			if wd != want {
				t.Fatalf("WorkingDays(%v, AddWorkingDays(%v, %d) = %v) = %d, want %d", da, da, n, r, wd, want)
			}
		}
		if _, err := c.WorkingDays(da, db); err != nil {
			checkErr("WorkingDays", err)
		}
		if day, err := c.Day(da); err != nil {
			checkErr("Day", err)
		} else if day.Date != da {
			t.Fatalf("Day(%v).Date = %v", da, day.Date)
		}
	})
}
