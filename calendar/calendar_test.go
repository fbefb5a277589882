package calendar_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/calendar"
)

// mustWindows parses windows text or fails the test.
func mustWindows(t testing.TB, s string) []calendar.Window {
	t.Helper()
	ws, err := calendar.ParseWindows(s)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

// mustNew builds a calendar or fails the test.
func mustNew(t testing.TB, cfg calendar.Config) *calendar.Calendar {
	t.Helper()
	c, err := calendar.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// at parses "2006-01-02 15:04" in loc (only for times that exist once).
func at(t testing.TB, loc *time.Location, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func date(y int, m time.Month, d int) calendar.Date { return calendar.Date{Year: y, Month: m, Day: d} }

// nzOffice is Mon-Fri 08:30-12:00 and 13:00-17:00 in Auckland with New
// Zealand's public holidays.
func nzOffice(t testing.TB) *calendar.Calendar {
	t.Helper()
	nz, err := calendar.Country("NZ")
	if err != nil {
		t.Fatal(err)
	}
	return mustNew(t, calendar.Config{Name: "nz-office", Zone: "Pacific/Auckland", Versions: []calendar.Version{{
		Week:        calendar.MondayToFriday(mustWindows(t, "08:30-12:00, 13:00-17:00")...),
		HolidaySets: []calendar.HolidaySet{nz},
	}}})
}

func TestDuration(t *testing.T) {
	c := nzOffice(t)
	loc := c.Location()
	tests := []struct {
		name string
		a, b string
		want time.Duration
	}{
		{"same window", "2025-06-16 09:00", "2025-06-16 11:00", 2 * time.Hour},
		{"across lunch", "2025-06-16 11:00", "2025-06-16 14:00", 2 * time.Hour},
		{"inside lunch", "2025-06-16 12:10", "2025-06-16 12:50", 0},
		{"a whole day", "2025-06-16 00:00", "2025-06-17 00:00", 7*time.Hour + 30*time.Minute},
		{"over a weekend", "2025-06-13 16:00", "2025-06-16 09:00", 90 * time.Minute},
		{"over Matariki and the weekend", "2025-06-19 16:00", "2025-06-23 09:00", 90 * time.Minute},
		{"reversed is negative", "2025-06-16 11:00", "2025-06-16 09:00", -2 * time.Hour},
		{"from an open", "2025-06-16 08:30", "2025-06-16 08:31", time.Minute},
		{"to a close", "2025-06-16 16:59", "2025-06-16 17:00", time.Minute},
		{"after hours", "2025-06-16 17:00", "2025-06-16 23:00", 0},
		{"across years", "2025-12-31 16:00", "2026-01-05 09:00", time.Hour + 30*time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Duration(at(t, loc, tt.a), at(t, loc, tt.b))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got, tt.want); diff != "" {
				t.Errorf("Duration(%s, %s) mismatch (-got +want):\n%s", tt.a, tt.b, diff)
			}
		})
	}
}

func TestAdd(t *testing.T) {
	c := nzOffice(t)
	loc := c.Location()
	tests := []struct {
		name  string
		start string
		d     time.Duration
		want  string
	}{
		{"within a window", "2025-06-16 09:00", time.Hour, "2025-06-16 10:00"},
		{"ends exactly at lunch close", "2025-06-16 11:00", time.Hour, "2025-06-16 12:00"},
		{"ends exactly at the day's close", "2025-06-16 13:00", 4 * time.Hour, "2025-06-16 17:00"},
		{"one minute past the close", "2025-06-16 13:00", 4*time.Hour + time.Minute, "2025-06-17 08:31"},
		{"over lunch", "2025-06-16 11:30", time.Hour, "2025-06-16 13:30"},
		{"started after hours", "2025-06-16 19:00", time.Hour, "2025-06-17 09:30"},
		{"started on a Saturday", "2025-06-14 10:00", time.Hour, "2025-06-16 09:30"},
		{"over Matariki", "2025-06-19 16:00", 90 * time.Minute, "2025-06-23 09:00"},
		{"zero is the start, even after hours", "2025-06-16 19:00", 0, "2025-06-16 19:00"},
		{"backwards", "2025-06-16 10:00", -time.Hour, "2025-06-16 09:00"},
		{"backwards exactly to an open", "2025-06-17 09:30", -time.Hour, "2025-06-17 08:30"},
		{"backwards over a weekend", "2025-06-16 09:00", -time.Hour, "2025-06-13 16:30"},
		{"backwards from after hours", "2025-06-16 19:00", -time.Hour, "2025-06-16 16:00"},
		{"a week of business time", "2025-06-09 08:30", 5 * (7*time.Hour + 30*time.Minute), "2025-06-13 17:00"},
		{"a week over Matariki", "2025-06-16 08:30", 5 * (7*time.Hour + 30*time.Minute), "2025-06-23 17:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := at(t, loc, tt.start)
			got, err := c.Add(start, tt.d)
			if err != nil {
				t.Fatal(err)
			}
			want := at(t, loc, tt.want)
			if !got.Equal(want) {
				t.Errorf("Add(%s, %v) = %v, want %v", tt.start, tt.d, got, want)
			}
			if got.Location() != loc {
				t.Errorf("result in %v, want %v", got.Location(), loc)
			}
		})
	}
}

func TestValidationErrorsNameTheField(t *testing.T) {
	_, err := calendar.New(calendar.Config{Zone: "Mars/Olympus", Versions: []calendar.Version{{
		Week: calendar.Week{time.Monday: {{Open: calendar.Clock{Hour: 17}, Close: calendar.Clock{Hour: 9}}}},
	}}})
	var ve *calendar.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a *ValidationError", err)
	}
	if ve.Field != "Zone" || ve.Value != "Mars/Olympus" {
		t.Errorf("first error = %+v, want Zone Mars/Olympus", ve)
	}
	if !errors.Is(err, calendar.ErrInvalid) {
		t.Errorf("errors.Is(err, ErrInvalid) = false")
	}
}

func TestMatarikiBeyondTableIsAnError(t *testing.T) {
	c := nzOffice(t)
	_, err := c.Duration(at(t, c.Location(), "2052-06-01 10:00"), at(t, c.Location(), "2053-01-05 10:00"))
	var de *calendar.DateError
	if !errors.As(err, &de) || !errors.Is(err, calendar.ErrNoHolidayData) {
		t.Fatalf("err = %v, want a *DateError wrapping ErrNoHolidayData", err)
	}
	if de.Date != date(2053, time.January, 5) {
		t.Errorf("DateError.Date = %v, want 2053-01-05", de.Date)
	}
}
