package calendar_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/calendar"
)

// windowsEvery returns n windows of one minute, one every step minutes
// from midnight.
func windowsEvery(n, step int) []calendar.Window {
	ws := make([]calendar.Window, n)
	for i := range ws {
		m := i * step
		ws[i] = calendar.Window{Open: clock(m/60, m%60), Close: clock((m+1)/60, (m+1)%60)}
	}
	return ws
}

// A day has at most MaxWindows windows, in a Week, in an Override and in
// ParseWindows: 720 one-minute windows a weekday once made a year's table
// take 6.7 MB.
func TestMaxWindows(t *testing.T) {
	atLimit := windowsEvery(calendar.MaxWindows, 2)
	over := windowsEvery(calendar.MaxWindows+1, 2)
	hostile := windowsEvery(720, 2)
	cfg := func(week calendar.Week, o ...calendar.Override) calendar.Config {
		return calendar.Config{Name: "busy", Zone: "Pacific/Auckland", Versions: []calendar.Version{{Week: week, Overrides: o}}}
	}
	christmasEve := calendar.Date{Year: 2025, Month: time.December, Day: 24}
	if _, err := calendar.New(cfg(calendar.EveryDay(atLimit...), calendar.Override{Date: christmasEve, Windows: atLimit})); err != nil {
		t.Fatalf("MaxWindows windows a day: %v", err)
	}
	tests := []struct {
		name      string
		cfg       calendar.Config
		wantField string
		wantValue int
	}{
		{"one over, Monday", cfg(calendar.Week{time.Monday: over}), "Versions[0].Week[Monday]", calendar.MaxWindows + 1},
		{"720 a weekday", cfg(calendar.MondayToFriday(hostile...)), "Versions[0].Week[Monday]", 720},
		{"one over, an override", cfg(calendar.Week{}, calendar.Override{Date: christmasEve, Windows: over}), "Versions[0].Overrides[0].Windows", calendar.MaxWindows + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := calendar.New(tt.cfg)
			var fe *calendar.FieldError
			if c != nil || !errors.As(err, &fe) || !errors.Is(err, calendar.ErrInvalid) {
				t.Fatalf("New = %v, %v; want a *FieldError wrapping ErrInvalid", c, err)
			}
			want := calendar.FieldError{Record: "Config", ID: "busy", Field: tt.wantField, Value: tt.wantValue, Reason: "too many windows: a day has at most 48", Err: calendar.ErrInvalid}
			if diff := cmp.Diff(*fe, want, cmpopts.EquateErrors()); diff != "" {
				t.Errorf("field error mismatch (-got +want):\n%s", diff)
			}
		})
	}

	// The fault is reported once a day, whatever the number of windows:
	// a week of five long days is five errors.
	err := cfg(calendar.MondayToFriday(hostile...)).Validate()
	if got := strings.Count(err.Error(), "too many windows"); got != 5 {
		t.Errorf("Validate reported %d faults, want 5: %v", got, err)
	}
}

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
