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
			r, err := tc.c.AddDays(start, n)
			wantOutOfRange(t, tc.name+": AddDays(2025-06-02 10:00, "+itoa(n)+")", err, want)
			if err == nil {
				t.Errorf("%s: AddDays(2025-06-02 10:00, %d) = %v", tc.name, n, r)
			}
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
