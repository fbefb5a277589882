package calendar_test

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/calendar"
)

// wantOutOfRange fails t unless err is a *DateError wrapping ErrOutOfRange
// whose message contains every one of want.
func wantOutOfRange(t *testing.T, what string, err error, want ...string) {
	t.Helper()
	var de *calendar.DateError
	if !errors.As(err, &de) || !errors.Is(err, calendar.ErrOutOfRange) {
		t.Errorf("%s: err = %v, want a *DateError wrapping ErrOutOfRange", what, err)
		return
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%s: err = %q, want it to say %q", what, err, w)
		}
	}
}

// Add with the extreme durations on a table calendar: no year table can
// hold 292 years of business time, so both directions are out of range,
// and the error says which way, rather than panicking (MinInt64, whose
// negation overflows) or building every table on the way.
func TestAddExtremeDurationsOnTables(t *testing.T) {
	c := nzOffice(t)
	start := time.Date(2025, 6, 2, 10, 0, 0, 0, c.Location())
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{math.MinInt64, "before"},
		{math.MinInt64 + 1, "before"},
		{math.MaxInt64, "after"},
		{-250 * 365 * 24 * time.Hour, "before"},
		{250 * 365 * 24 * time.Hour, "after"},
	} {
		r, err := c.Add(start, tt.d)
		wantOutOfRange(t, "Add(2025-06-02, "+tt.d.String()+")", err, tt.want)
		if err == nil {
			t.Errorf("Add(2025-06-02, %v) = %v", tt.d, r)
		}
	}
	// The range still ends where the tables do: the last business hour of
	// 2100 is reachable, and the first of 2101 is not; likewise 1900.
	daily := mustNew(t, calendar.Config{Zone: "UTC", Versions: []calendar.Version{{
		Week: calendar.EveryDay(mustWindows(t, "09:00-17:00")...),
	}}})
	last := time.Date(2100, 12, 31, 16, 0, 0, 0, time.UTC)
	if r, err := daily.Add(last, time.Hour); err != nil || !r.Equal(last.Add(time.Hour)) {
		t.Errorf("Add(2100-12-31 16:00, 1h) = %v, %v", r, err)
	}
	_, err := daily.Add(last, time.Hour+1)
	wantOutOfRange(t, "Add(2100-12-31 16:00, 1h+1ns)", err, "2101")
	first := time.Date(1900, 1, 1, 10, 0, 0, 0, time.UTC)
	if r, err := daily.Add(first, -time.Hour); err != nil || !r.Equal(first.Add(-time.Hour)) {
		t.Errorf("Add(1900-01-01 10:00, -1h) = %v, %v", r, err)
	}
	_, err = daily.Add(first, -time.Hour-1)
	wantOutOfRange(t, "Add(1900-01-01 10:00, -1h-1ns)", err, "1899")
}

// The working-day searches with n near ±math.MaxInt: the n-th working day
// is at least n days away, so any n past the range's remaining days is
// out of range in the direction of n (idx = wdays + n - 1 used to
// overflow, so a forward search ran backwards and blamed the year 1899).
func TestWorkingDaysExtremeCounts(t *testing.T) {
	office := mustNew(t, calendar.Config{Zone: "UTC", Versions: []calendar.Version{{
		Week: calendar.MondayToFriday(mustWindows(t, "09:00-17:00")...),
	}}})
	late := mustNew(t, calendar.Config{Zone: "Europe/London", Versions: []calendar.Version{{
		From: date(2020, 1, 1),
		Week: calendar.MondayToFriday(mustWindows(t, "09:00-17:00")...),
	}}})
	for _, tc := range []struct {
		name  string
		c     *calendar.Calendar
		first string // the first day it answers for
	}{
		{"nz-office", nzOffice(t), "1900-01-01"},
		{"office", office, "1900-01-01"},
		{"from-2020", late, "2020-01-01"},
	} {
		d := date(2025, 6, 2)
		start := time.Date(2025, 6, 2, 10, 0, 0, 0, tc.c.Location())
		for _, n := range []int{math.MaxInt, math.MaxInt - 1, math.MaxInt / 2, 1 << 20, math.MinInt, math.MinInt + 1, math.MinInt / 2, -1 << 20} {
			want := "after 2100-12-31"
			if n < 0 {
				want = "before " + tc.first
			}
			got, err := tc.c.AddWorkingDays(d, n)
			wantOutOfRange(t, tc.name+": AddWorkingDays(2025-06-02, "+itoa(n)+")", err, want)
			if err == nil {
				t.Errorf("%s: AddWorkingDays(2025-06-02, %d) = %v", tc.name, n, got)
			}
			r, err := tc.c.AddBusinessDays(start, n)
			wantOutOfRange(t, tc.name+": AddBusinessDays(2025-06-02 10:00, "+itoa(n)+")", err, want)
			if err == nil {
				t.Errorf("%s: AddBusinessDays(2025-06-02 10:00, %d) = %v", tc.name, n, r)
			}
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// always24 returns the calendars answered by wall-clock arithmetic: 24×7
// in a zone east and one west of UTC, and the zero and nil Calendars.
func always24(t *testing.T) map[string]*calendar.Calendar {
	t.Helper()
	cs := map[string]*calendar.Calendar{"zero": new(calendar.Calendar), "nil": nil}
	for _, z := range []string{"Pacific/Auckland", "America/New_York"} {
		c, err := calendar.AlwaysOpen(z)
		if err != nil {
			t.Fatal(err)
		}
		cs["24x7 "+z] = c
	}
	return cs
}

// A 24×7 calendar's methods on instants answer for the years 1 to 9999 in
// its zone, the dates a Date can name: an instant or a result outside them,
// and a duration that time.Duration cannot hold, is an ErrOutOfRange, never
// the saturated or out-of-range answer of time.Time's arithmetic. Its
// methods on days, and AddBusinessDays, answer for the tables' range.
func TestAlwaysOpenRange(t *testing.T) {
	for name, c := range always24(t) {
		loc := c.Location()
		first := time.Date(1, 1, 1, 0, 0, 0, 0, loc)
		end := time.Date(10000, 1, 1, 0, 0, 0, 0, loc) // just out of range
		mid := time.Date(2025, 6, 2, 10, 0, 0, 0, loc)
		last := time.Date(9999, 12, 31, 12, 0, 0, 0, loc)

		// Instants: the range is [first, end).
		for _, in := range []time.Time{first, end.Add(-1), mid} {
			if w, err := c.IsWorking(in); err != nil || !w {
				t.Errorf("%s: IsWorking(%v) = %v, %v; want true", name, in, w, err)
			}
			if n, err := c.NextWorking(in); err != nil || !n.Equal(in) {
				t.Errorf("%s: NextWorking(%v) = %v, %v", name, in, n, err)
			}
		}
		for _, out := range []time.Time{first.Add(-1), end, time.Unix(math.MaxInt64, 0), time.Unix(math.MinInt64, 0), time.Unix(1<<62, 0)} {
			_, err := c.IsWorking(out)
			wantOutOfRange(t, name+": IsWorking(out of range)", err)
			_, err = c.NextWorking(out)
			wantOutOfRange(t, name+": NextWorking(out of range)", err)
			_, err = c.Add(out, 0)
			wantOutOfRange(t, name+": Add(out of range, 0)", err)
			_, err = c.AddBusinessDays(out, 1)
			wantOutOfRange(t, name+": AddBusinessDays(out of range, 1)", err)
			_, err = c.Duration(mid, out)
			wantOutOfRange(t, name+": Duration(mid, out of range)", err)
		}

		// Duration: exact up to what time.Duration holds, then an error.
		if d, err := c.Duration(mid, mid.Add(math.MaxInt64)); err != nil || d != math.MaxInt64 {
			t.Errorf("%s: Duration(mid, mid+MaxInt64) = %v, %v", name, d, err)
		}
		if d, err := c.Duration(mid, mid.Add(math.MinInt64)); err != nil || d != math.MinInt64 {
			t.Errorf("%s: Duration(mid, mid+MinInt64) = %v, %v", name, d, err)
		}
		_, err := c.Duration(mid, mid.Add(math.MaxInt64).Add(1))
		wantOutOfRange(t, name+": Duration(mid, mid+MaxInt64+1ns)", err, "time.Duration")
		_, err = c.Duration(mid, mid.Add(math.MinInt64).Add(-1))
		wantOutOfRange(t, name+": Duration(mid, mid+MinInt64-1ns)", err, "time.Duration")
		_, err = c.Duration(first, last)
		wantOutOfRange(t, name+": Duration(year 1, year 9999)", err, "time.Duration")

		// Add: the extreme durations from the middle are in range and
		// exact; from the ends of the range they are not.
		for _, d := range []time.Duration{math.MaxInt64, math.MinInt64, math.MinInt64 + 1} {
			r, err := c.Add(mid, d)
			if err != nil || !r.Equal(mid.Add(d)) {
				t.Errorf("%s: Add(mid, %v) = %v, %v", name, d, r, err)
				continue
			}
			if back, err := c.Duration(mid, r); err != nil || back != d {
				t.Errorf("%s: Duration(mid, Add(mid, %v)) = %v, %v", name, d, back, err)
			}
		}
		_, err = c.Add(last, math.MaxInt64)
		wantOutOfRange(t, name+": Add(9999-12-31, MaxInt64)", err, "after 9999-12-31")
		_, err = c.Add(first, math.MinInt64)
		wantOutOfRange(t, name+": Add(0001-01-01, MinInt64)", err, "before 0001-01-01")
		if r, err := c.Add(last, 12*time.Hour-1); err != nil || !r.Equal(end.Add(-1)) {
			t.Errorf("%s: Add(9999-12-31 12:00, 12h-1ns) = %v, %v; want %v", name, r, err, end.Add(-1))
		}
		_, err = c.Add(last, 12*time.Hour)
		wantOutOfRange(t, name+": Add(9999-12-31 12:00, 12h)", err, "after 9999-12-31")
		_, err = c.Add(first, -1)
		wantOutOfRange(t, name+": Add(0001-01-01 00:00, -1ns)", err, "before 0001-01-01")

		// AddBusinessDays and the day-based methods read the tables: they
		// answer for the years MinYear to MaxYear, whatever n, and an
		// instant or a date outside them is ErrOutOfRange.
		tfirst := time.Date(calendar.MinYear, 1, 1, 0, 0, 0, 0, loc)
		tlast := time.Date(calendar.MaxYear, 12, 31, 12, 0, 0, 0, loc)
		if r, err := c.AddBusinessDays(tlast.AddDate(0, 0, -1), 1); err != nil || !r.Equal(tlast) {
			t.Errorf("%s: AddBusinessDays(2100-12-30 12:00, 1) = %v, %v; want %v", name, r, err, tlast)
		}
		for _, n := range []int{1, math.MaxInt, math.MaxInt / 2} {
			_, err = c.AddBusinessDays(tlast, n)
			wantOutOfRange(t, name+": AddBusinessDays(2100-12-31, "+itoa(n)+")", err, "after 2100-12-31")
		}
		for _, n := range []int{math.MaxInt, math.MaxInt / 2, 1 << 30} {
			_, err = c.AddBusinessDays(mid, n)
			wantOutOfRange(t, name+": AddBusinessDays(2025-06-02, "+itoa(n)+")", err, "after 2100-12-31")
			_, err = c.AddBusinessDays(mid, -n)
			wantOutOfRange(t, name+": AddBusinessDays(2025-06-02, "+itoa(-n)+")", err, "before 1900-01-01")
		}
		_, err = c.AddBusinessDays(mid, math.MinInt)
		wantOutOfRange(t, name+": AddBusinessDays(2025-06-02, MinInt)", err, "before 1900-01-01")
		_, err = c.AddBusinessDays(tfirst.Add(time.Hour), -1)
		wantOutOfRange(t, name+": AddBusinessDays(1900-01-01 01:00, -1)", err, "before 1900-01-01")
		for _, out := range []time.Time{first.Add(time.Hour), last} {
			for _, n := range []int{-1, 0, 1} {
				_, err = c.AddBusinessDays(out, n)
				wantOutOfRange(t, name+": AddBusinessDays(outside the tables, "+itoa(n)+")", err, "1900 to 2100")
			}
		}

		if d, err := c.AddWorkingDays(date(2100, 12, 30), 1); err != nil || d != date(2100, 12, 31) {
			t.Errorf("%s: AddWorkingDays(2100-12-30, 1) = %v, %v", name, d, err)
		}
		if d, err := c.AddWorkingDays(date(1900, 1, 2), -1); err != nil || d != date(1900, 1, 1) {
			t.Errorf("%s: AddWorkingDays(1900-01-02, -1) = %v, %v", name, d, err)
		}
		for _, n := range []int{1, math.MaxInt, math.MaxInt / 2} {
			got, err := c.AddWorkingDays(date(2100, 12, 31), n)
			wantOutOfRange(t, name+": AddWorkingDays(2100-12-31, "+itoa(n)+")", err, "after 2100-12-31")
			if err == nil && !got.IsValid() {
				t.Errorf("%s: AddWorkingDays(2100-12-31, %d) = %v, which is not a valid Date", name, n, got)
			}
		}
		for _, n := range []int{-1, math.MinInt, math.MinInt / 2} {
			_, err := c.AddWorkingDays(date(1900, 1, 1), n)
			wantOutOfRange(t, name+": AddWorkingDays(1900-01-01, "+itoa(n)+")", err, "before 1900-01-01")
		}
		if _, err := c.NextWorkingDay(date(2100, 12, 31)); !errors.Is(err, calendar.ErrOutOfRange) {
			t.Errorf("%s: NextWorkingDay(2100-12-31) err = %v", name, err)
		}
		for _, d := range []calendar.Date{date(1, 1, 2), date(1899, 12, 31), date(2101, 1, 1), date(9999, 12, 30)} {
			_, err := c.AddWorkingDays(d, 1)
			wantOutOfRange(t, name+": AddWorkingDays(outside the tables, 1)", err)
			_, err = c.IsWorkingDay(d)
			wantOutOfRange(t, name+": IsWorkingDay(outside the tables)", err)
			_, err = c.WorkingDays(d, date(2025, 1, 1))
			wantOutOfRange(t, name+": WorkingDays(outside the tables, 2025-01-01)", err)
			_, err = c.Day(d)
			wantOutOfRange(t, name+": Day(outside the tables)", err)
		}
	}
	// The zero Calendar is UTC, where the zero time.Time is 0001-01-01.
	if w, err := new(calendar.Calendar).IsWorking(time.Time{}); err != nil || !w {
		t.Errorf("zero Calendar: IsWorking(time.Time{}) = %v, %v", w, err)
	}
}

// A deadline exactly at the end of the tables' range (the close of a
// window that runs to 24:00 on 2100-12-31, or of a night shift that runs
// into 2101) is outside the range: an error, like any later one, rather
// than an instant that Duration, IsWorking and NextWorking then refuse.
func TestResultAtEndOfTables(t *testing.T) {
	for _, hours := range []string{"07:00-15:00, 22:00-06:00", "09:00-24:00"} {
		c := mustNew(t, calendar.Config{Zone: "Europe/London", Versions: []calendar.Version{{
			Week: calendar.EveryDay(mustWindows(t, hours)...),
		}}})
		a := time.Date(2100, 12, 31, 12, 0, 0, 0, c.Location())
		// Working time left in the range from a: 3h+8h, or 12h.
		left := 12 * time.Hour
		if hours != "09:00-24:00" {
			left = 11 * time.Hour
		}
		r, err := c.Add(a, left-1)
		if err != nil {
			t.Fatalf("%s: Add(a, %v): %v", hours, left-1, err)
		}
		if back, err := c.Duration(a, r); err != nil || back != left-1 {
			t.Errorf("%s: Duration(a, Add(a, %v)) = %v, %v", hours, left-1, back, err)
		}
		r, err = c.Add(a, left)
		wantOutOfRange(t, hours+": Add(a, all the time left)", err, "after 2100-12-31")
		if err == nil {
			t.Errorf("%s: Add(a, %v) = %v, an instant the calendar does not answer for", hours, left, r)
		}
		// AddBusinessDays to the close of the last day, from an open.
		open := time.Date(2100, 12, 30, 9, 0, 0, 0, c.Location())
		if hours != "09:00-24:00" {
			open = time.Date(2100, 12, 30, 7, 0, 0, 0, c.Location())
		}
		r, err = c.AddBusinessDays(open, 2)
		wantOutOfRange(t, hours+": AddBusinessDays(the open of 2100-12-30, 2)", err, "after 2100-12-31")
		if err == nil {
			t.Errorf("%s: AddBusinessDays(%v, 2) = %v, an instant the calendar does not answer for", hours, open, r)
		}
	}
}
