package calendar_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/calendar"
	"pgregory.net/rapid"
)

// Date arithmetic agrees with the time package in UTC.
func TestDateMatchesTimePackage(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		base := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
		tm := base.AddDate(0, 0, rapid.IntRange(0, 3652058).Draw(t, "day")) // to 9999-12-31
		d := calendar.DateOf(tm)
		if !d.IsValid() {
			t.Fatalf("DateOf(%v) = %v is not valid", tm, d)
		}
		if d.Weekday() != tm.Weekday() {
			t.Fatalf("%v.Weekday() = %v, want %v", d, d.Weekday(), tm.Weekday())
		}
		n := rapid.IntRange(-5000, 5000).Draw(t, "n")
		want := calendar.DateOf(tm.AddDate(0, 0, n))
		if !want.IsValid() { // outside the years 1 to 9999
			if got := d.AddDays(n); got != (calendar.Date{}) {
				t.Fatalf("%v.AddDays(%d) = %v, want the zero Date", d, n, got)
			}
			return
		}
		if got := d.AddDays(n); got != want {
			t.Fatalf("%v.AddDays(%d) = %v, want %v", d, n, got, want)
		}
		if got := want.DaysSince(d); got != n {
			t.Fatalf("%v.DaysSince(%v) = %d, want %d", want, d, got, n)
		}
		if got := d.Compare(want); got != -cmpSign(n) {
			t.Fatalf("%v.Compare(%v) = %d", d, want, got)
		}
		parsed, err := calendar.ParseDate(d.String())
		if err != nil || parsed != d {
			t.Fatalf("ParseDate(%q) = %v, %v", d.String(), parsed, err)
		}
	})
}

func cmpSign(n int) int {
	switch {
	case n > 0:
		return 1
	case n < 0:
		return -1
	}
	return 0
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name  string
		parse func(string) error
		in    string
	}{
		{"date with slashes", func(s string) error { _, err := calendar.ParseDate(s); return err }, "2024/01/01"},
		{"date 30 February", func(s string) error { _, err := calendar.ParseDate(s); return err }, "2024-02-30"},
		{"date month 13", func(s string) error { _, err := calendar.ParseDate(s); return err }, "2024-13-01"},
		{"date sign", func(s string) error { _, err := calendar.ParseDate(s); return err }, "+024-01-01"},
		{"date year 0", func(s string) error { _, err := calendar.ParseDate(s); return err }, "0000-01-01"},
		{"clock 25:00", func(s string) error { _, err := calendar.ParseClock(s); return err }, "25:00"},
		{"clock 24:01", func(s string) error { _, err := calendar.ParseClock(s); return err }, "24:01"},
		{"clock 9am", func(s string) error { _, err := calendar.ParseClock(s); return err }, "9am"},
		{"clock 9:5", func(s string) error { _, err := calendar.ParseClock(s); return err }, "9:5"},
		{"clock empty", func(s string) error { _, err := calendar.ParseClock(s); return err }, ""},
		{"window without dash", func(s string) error { _, err := calendar.ParseWindow(s); return err }, "09:00 17:00"},
		{"window of nothing", func(s string) error { _, err := calendar.ParseWindow(s); return err }, "09:00-09:00"},
		{"window closing at 00:00 overnight", func(s string) error { _, err := calendar.ParseWindow(s); return err }, "22:00-00:00"},
		{"window opening at 24:00", func(s string) error { _, err := calendar.ParseWindow(s); return err }, "24:00-01:00"},
		{"windows overlapping", func(s string) error { _, err := calendar.ParseWindows(s); return err }, "09:00-12:00, 11:00-13:00"},
		{"windows with a bad one", func(s string) error { _, err := calendar.ParseWindows(s); return err }, "09:00-12:00, 13:00-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.parse(tt.in)
			var fe *calendar.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("parse(%q) error = %v, want a *FieldError", tt.in, err)
			}
			if !errors.Is(err, calendar.ErrInvalid) {
				t.Errorf("errors.Is(err, ErrInvalid) = false")
			}
		})
	}
}

func TestParseWindows(t *testing.T) {
	tests := []struct {
		in   string
		want []calendar.Window
	}{
		{"", nil},
		{"  ", nil},
		{"08:30-12:00, 13:00-17:00", []calendar.Window{win(8, 30, 12, 0), win(13, 0, 17, 0)}},
		{"8:30-12:00,13:00-17:00", []calendar.Window{win(8, 30, 12, 0), win(13, 0, 17, 0)}},
		{"00:00-24:00", []calendar.Window{win(0, 0, 24, 0)}},
		{"22:00-06:00", []calendar.Window{{Open: clock(22, 0), Close: clock(6, 0), Overnight: true}}},
		{"12:00-13:00, 13:00-14:00", []calendar.Window{win(12, 0, 13, 0), win(13, 0, 14, 0)}},
	}
	for _, tt := range tests {
		got, err := calendar.ParseWindows(tt.in)
		if err != nil {
			t.Errorf("ParseWindows(%q): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(got, tt.want); diff != "" {
			t.Errorf("ParseWindows(%q) mismatch (-got +want):\n%s", tt.in, diff)
		}
	}
}

// A window prints as text that parses back to it.
func TestWindowTextRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		open := rapid.IntRange(0, 1439).Draw(t, "open")
		closing := rapid.IntRange(1, 1440).Draw(t, "close")
		if closing == open {
			t.Skip("empty window")
		}
		w := calendar.Window{Open: clock(open/60, open%60), Close: clock(closing/60, closing%60), Overnight: closing < open}
		if closing == 1440 && w.Overnight {
			t.Skip("not a window")
		}
		text, err := w.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back calendar.Window
		if err := back.UnmarshalText(text); err != nil {
			t.Fatalf("UnmarshalText(%q): %v", text, err)
		}
		if back != w {
			t.Fatalf("round trip of %+v gave %+v", w, back)
		}
	})
}

// Date.AddDays returns the zero Date, never a wrapped-around one, when the
// result leaves the years 1 to 9999.
func TestDateAddDaysOutOfRange(t *testing.T) {
	d := calendar.Date{Year: 2024, Month: time.June, Day: 1}
	last := calendar.Date{Year: 9999, Month: time.December, Day: 31}
	first := calendar.Date{Year: 1, Month: time.January, Day: 1}
	for _, n := range []int{math.MaxInt, math.MinInt, math.MaxInt / 2, math.MinInt / 2, 3_000_000, -800_000} {
		if got := d.AddDays(n); got != (calendar.Date{}) {
			t.Errorf("%v.AddDays(%d) = %v, want the zero Date", d, n, got)
		}
	}
	if got := last.AddDays(1); got != (calendar.Date{}) {
		t.Errorf("%v.AddDays(1) = %v, want the zero Date", last, got)
	}
	if got := first.AddDays(-1); got != (calendar.Date{}) {
		t.Errorf("%v.AddDays(-1) = %v, want the zero Date", first, got)
	}
	if got := last.AddDays(-last.DaysSince(first)); got != first {
		t.Errorf("last.AddDays(-(last-first)) = %v, want %v", got, first)
	}
}

// ParseWindows reads at most MaxWindows windows, and counts them first.
func TestParseWindowsLimit(t *testing.T) {
	text := func(ws []calendar.Window) string {
		parts := make([]string, len(ws))
		for i, w := range ws {
			parts[i] = w.String()
		}
		return strings.Join(parts, ", ")
	}
	atLimit := windowsEvery(calendar.MaxWindows, 2)
	got, err := calendar.ParseWindows(text(atLimit))
	if err != nil {
		t.Fatalf("ParseWindows of MaxWindows windows: %v", err)
	}
	if diff := cmp.Diff(got, atLimit); diff != "" {
		t.Errorf("ParseWindows mismatch (-got +want):\n%s", diff)
	}
	for _, n := range []int{calendar.MaxWindows + 1, 720, 1 << 20} {
		s := strings.Repeat("x,", n-1) + "x" // not even windows: the count is checked first
		_, err := calendar.ParseWindows(s)
		var fe *calendar.FieldError
		if !errors.As(err, &fe) {
			t.Fatalf("ParseWindows of %d windows = %v, want a *FieldError", n, err)
		}
		want := calendar.FieldError{Record: "Windows", Value: n, Reason: "too many windows: a day has at most 48", Err: calendar.ErrInvalid}
		if diff := cmp.Diff(*fe, want, cmpopts.EquateErrors()); diff != "" {
			t.Errorf("ParseWindows of %d windows: error mismatch (-got +want):\n%s", n, diff)
		}
	}
}
