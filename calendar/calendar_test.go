package calendar_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
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

func TestFieldErrorsNameTheField(t *testing.T) {
	_, err := calendar.New(calendar.Config{Name: "mars", Zone: "Mars/Olympus", Versions: []calendar.Version{{
		Week: calendar.Week{time.Monday: {{Open: calendar.Clock{Hour: 17}, Close: calendar.Clock{Hour: 9}}}},
	}}})
	var fe *calendar.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want a *FieldError", err)
	}
	want := calendar.FieldError{Record: "Config", ID: "mars", Field: "Zone", Value: "Mars/Olympus", Reason: "unknown time zone", Err: calendar.ErrInvalid}
	if diff := cmp.Diff(*fe, want, cmpopts.EquateErrors()); diff != "" {
		t.Errorf("first error mismatch (-got +want):\n%s", diff)
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

// A night shift belongs to the day it opens on: skipped when that day is a
// holiday, worked when only the next day is.
func TestOvernight(t *testing.T) {
	night := []calendar.Window{{Open: clock(22, 0), Close: clock(6, 0), Overnight: true}}
	c := mustNew(t, calendar.Config{Zone: "Europe/London", Versions: []calendar.Version{{
		Week: calendar.Week{
			time.Monday: night, time.Tuesday: night, time.Wednesday: night, time.Thursday: night, time.Friday: night,
		},
		Holidays: []calendar.Holiday{{Date: date(2025, 5, 6), Name: "Tuesday off"}},
	}}})
	loc := c.Location()
	tests := []struct {
		name string
		a, b string
		want time.Duration
	}{
		{"Monday night", "2025-05-05 12:00", "2025-05-06 12:00", 8 * time.Hour},
		{"into a holiday morning", "2025-05-06 00:00", "2025-05-06 06:00", 6 * time.Hour},
		{"the holiday's own night is skipped", "2025-05-06 12:00", "2025-05-07 12:00", 0},
		{"Friday night runs into Saturday", "2025-05-09 23:00", "2025-05-10 12:00", 7 * time.Hour},
		{"no Saturday night", "2025-05-10 12:00", "2025-05-12 12:00", 0},
	}
	for _, tt := range tests {
		got, err := c.Duration(at(t, loc, tt.a), at(t, loc, tt.b))
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("%s: Duration(%s, %s) = %v, want %v", tt.name, tt.a, tt.b, got, tt.want)
		}
	}
	// Saturday morning's hours are Friday's: Friday is the working day.
	for _, tt := range []struct {
		day  calendar.Date
		want bool
	}{{date(2025, 5, 9), true}, {date(2025, 5, 10), false}, {date(2025, 5, 6), false}, {date(2025, 5, 5), true}} {
		got, err := c.IsWorkingDay(tt.day)
		if err != nil || got != tt.want {
			t.Errorf("IsWorkingDay(%v) = %v, %v; want %v", tt.day, got, err, tt.want)
		}
	}
	// A deadline that runs past the shift's close continues the next night.
	got, err := c.Add(at(t, loc, "2025-05-05 23:00"), 8*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if want := at(t, loc, "2025-05-07 23:00"); !got.Equal(want) {
		t.Errorf("Add over the holiday night = %v, want %v", got, want)
	}
}

func TestOverrides(t *testing.T) {
	c := mustNew(t, calendar.Config{Zone: "Pacific/Auckland", Versions: []calendar.Version{{
		Week: calendar.MondayToFriday(mustWindows(t, "09:00-17:00")...),
		Holidays: []calendar.Holiday{
			{Date: date(2025, 12, 25), Name: "Christmas Day"},
			{Date: date(2025, 12, 26), Name: "Boxing Day"},
		},
		Overrides: []calendar.Override{
			{Date: date(2025, 12, 24), Windows: mustWindows(t, "09:00-13:00"), Reason: "Christmas Eve"},
			{Date: date(2025, 12, 20), Windows: mustWindows(t, "10:00-14:00"), Reason: "stocktake"},
			{Date: date(2025, 12, 26), Windows: mustWindows(t, "10:00-12:00"), Reason: "sale"},
			{Date: date(2025, 12, 23), Reason: "staff party"},
		},
	}}})
	tests := []struct {
		day  calendar.Date
		want calendar.Day
	}{
		{date(2025, 12, 24), calendar.Day{Override: true, Reason: "Christmas Eve", Spans: spans(t, c, "2025-12-24 09:00", "2025-12-24 13:00")}},
		{date(2025, 12, 20), calendar.Day{Override: true, Reason: "stocktake", Spans: spans(t, c, "2025-12-20 10:00", "2025-12-20 14:00")}},
		{date(2025, 12, 25), calendar.Day{Holiday: "Christmas Day"}},
		{date(2025, 12, 26), calendar.Day{Holiday: "Boxing Day", Override: true, Reason: "sale", Spans: spans(t, c, "2025-12-26 10:00", "2025-12-26 12:00")}},
		{date(2025, 12, 23), calendar.Day{Override: true, Reason: "staff party"}},
		{date(2025, 12, 22), calendar.Day{Spans: spans(t, c, "2025-12-22 09:00", "2025-12-22 17:00")}},
	}
	for _, tt := range tests {
		got, err := c.Day(tt.day)
		if err != nil {
			t.Fatal(err)
		}
		tt.want.Date = tt.day
		if diff := cmp.Diff(got, tt.want); diff != "" {
			t.Errorf("Day(%v) mismatch (-got +want):\n%s", tt.day, diff)
		}
	}
	n, err := c.WorkingDays(date(2025, 12, 20), date(2025, 12, 29))
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 { // Sat 20 (opening), Mon 22, Wed 24, Fri 26 (sale)
		t.Errorf("WorkingDays = %d, want 4", n)
	}
}

// spans returns one Span from a to b in c's zone.
func spans(t *testing.T, c *calendar.Calendar, a, b string) []calendar.Span {
	return []calendar.Span{{Start: at(t, c.Location(), a), End: at(t, c.Location(), b)}}
}

// History is measured on the hours that applied at the time.
func TestVersions(t *testing.T) {
	c := mustNew(t, calendar.Config{Zone: "America/New_York", Versions: []calendar.Version{
		{From: date(2024, 1, 1), Week: calendar.MondayToFriday(mustWindows(t, "09:00-17:00")...)},
		{From: date(2025, 3, 3), Week: calendar.MondayToFriday(mustWindows(t, "08:00-18:00")...),
			Holidays: []calendar.Holiday{{Date: date(2025, 7, 4), Name: "Independence Day"}}},
	}})
	loc := c.Location()
	tests := []struct {
		a, b string
		want time.Duration
	}{
		{"2025-02-24 00:00", "2025-03-01 00:00", 5 * 8 * time.Hour},
		{"2025-03-03 00:00", "2025-03-08 00:00", 5 * 10 * time.Hour},
		{"2025-02-28 00:00", "2025-03-04 00:00", 8*time.Hour + 10*time.Hour},
		{"2025-06-30 00:00", "2025-07-05 00:00", 4 * 10 * time.Hour},
	}
	for _, tt := range tests {
		got, err := c.Duration(at(t, loc, tt.a), at(t, loc, tt.b))
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("Duration(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	day, err := c.Day(date(2025, 3, 3))
	if err != nil {
		t.Fatal(err)
	}
	if day.Version != date(2025, 3, 3) {
		t.Errorf("Day(2025-03-03).Version = %v, want 2025-03-03", day.Version)
	}
	// Before the first version there is nothing to measure.
	_, err = c.Duration(at(t, loc, "2023-12-29 10:00"), at(t, loc, "2024-01-02 10:00"))
	var de *calendar.DateError
	if !errors.As(err, &de) || !errors.Is(err, calendar.ErrOutOfRange) || de.Date != date(2023, 12, 29) {
		t.Errorf("Duration before the first version: err = %v, want a *DateError on 2023-12-29 wrapping ErrOutOfRange", err)
	}
	if _, err := c.PrevWorkingDay(date(2024, 1, 1)); !errors.Is(err, calendar.ErrOutOfRange) {
		t.Errorf("PrevWorkingDay(2024-01-01) error = %v, want ErrOutOfRange", err)
	}
	if _, err := c.Add(at(t, loc, "2024-01-01 10:00"), -2*time.Hour); !errors.Is(err, calendar.ErrOutOfRange) {
		t.Errorf("Add backwards past the first version: error = %v, want ErrOutOfRange", err)
	}
}

func TestWorkingDayOperations(t *testing.T) {
	c := nzOffice(t)
	tests := []struct {
		name string
		got  func() (calendar.Date, error)
		want calendar.Date
	}{
		{"next after a Thursday before Matariki", func() (calendar.Date, error) { return c.NextWorkingDay(date(2025, 6, 19)) }, date(2025, 6, 23)},
		{"previous before the Monday after Matariki", func() (calendar.Date, error) { return c.PrevWorkingDay(date(2025, 6, 23)) }, date(2025, 6, 19)},
		{"next from a Saturday", func() (calendar.Date, error) { return c.NextWorkingDay(date(2025, 6, 14)) }, date(2025, 6, 16)},
		{"previous from a Sunday", func() (calendar.Date, error) { return c.PrevWorkingDay(date(2025, 6, 15)) }, date(2025, 6, 13)},
		{"add 5 over Matariki", func() (calendar.Date, error) { return c.AddWorkingDays(date(2025, 6, 16), 5) }, date(2025, 6, 24)},
		{"add 0 is the day", func() (calendar.Date, error) { return c.AddWorkingDays(date(2025, 6, 14), 0) }, date(2025, 6, 14)},
		{"subtract 3", func() (calendar.Date, error) { return c.AddWorkingDays(date(2025, 6, 23), -3) }, date(2025, 6, 17)},
		{"over Christmas", func() (calendar.Date, error) { return c.AddWorkingDays(date(2025, 12, 24), 2) }, date(2025, 12, 30)},
		{"over the new year", func() (calendar.Date, error) { return c.AddWorkingDays(date(2025, 12, 31), 1) }, date(2026, 1, 5)},
		{"back over the new year", func() (calendar.Date, error) { return c.AddWorkingDays(date(2026, 1, 5), -1) }, date(2025, 12, 31)},
		{"a year of working days", func() (calendar.Date, error) { return c.AddWorkingDays(date(2024, 12, 31), 250) }, date(2025, 12, 31)},
	}
	for _, tt := range tests {
		got, err := tt.got()
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got != tt.want {
			t.Errorf("%s = %v, want %v", tt.name, got, tt.want)
		}
	}
	counts := []struct {
		from, to calendar.Date
		want     int
	}{
		{date(2025, 6, 16), date(2025, 6, 23), 4},
		{date(2025, 6, 23), date(2025, 6, 16), -4},
		{date(2025, 6, 16), date(2025, 6, 16), 0},
		{date(2025, 1, 1), date(2026, 1, 1), 250},
		{date(2024, 1, 1), date(2027, 1, 1), 251 + 250 + 250}, // 262-11, 261-11, 261-11
	}
	for _, tt := range counts {
		got, err := c.WorkingDays(tt.from, tt.to)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("WorkingDays(%v, %v) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestAddBusinessDays(t *testing.T) {
	c := nzOffice(t)
	loc := c.Location()
	tests := []struct {
		name  string
		start string
		n     int
		want  string
	}{
		{"same time next day", "2025-06-16 10:00", 1, "2025-06-17 10:00"},
		{"over Matariki and the weekend", "2025-06-19 10:00", 1, "2025-06-23 10:00"},
		{"two days", "2025-06-16 14:15", 2, "2025-06-18 14:15"},
		{"from an open runs whole days", "2025-06-16 08:30", 1, "2025-06-16 17:00"},
		{"after hours starts at the next open", "2025-06-16 18:00", 1, "2025-06-17 17:00"},
		{"from lunch is after the morning", "2025-06-16 12:30", 1, "2025-06-17 12:00"},
		{"back one day", "2025-06-23 10:00", -1, "2025-06-19 10:00"},
		{"back from a close is the day's open", "2025-06-17 17:00", -1, "2025-06-17 08:30"},
		{"back from the evening", "2025-06-17 20:00", -2, "2025-06-16 08:30"},
		{"back from an open", "2025-06-17 08:30", -1, "2025-06-16 08:30"},
		{"zero", "2025-06-14 10:00", 0, "2025-06-14 10:00"},
	}
	for _, tt := range tests {
		got, err := c.AddBusinessDays(at(t, loc, tt.start), tt.n)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if want := at(t, loc, tt.want); !got.Equal(want) {
			t.Errorf("%s: AddBusinessDays(%s, %d) = %v, want %v", tt.name, tt.start, tt.n, got, want)
		}
	}
	// A short day caps the result at its close.
	short := mustNew(t, calendar.Config{Zone: "UTC", Versions: []calendar.Version{{
		Week:      calendar.MondayToFriday(mustWindows(t, "09:00-17:00")...),
		Overrides: []calendar.Override{{Date: date(2025, 12, 24), Windows: mustWindows(t, "09:00-12:00")}},
	}}})
	got, err := short.AddBusinessDays(at(t, time.UTC, "2025-12-23 15:00"), 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := at(t, time.UTC, "2025-12-24 12:00"); !got.Equal(want) {
		t.Errorf("AddBusinessDays into a short day = %v, want %v", got, want)
	}
}

func TestAlwaysOpen(t *testing.T) {
	c, err := calendar.AlwaysOpen("Pacific/Chatham")
	if err != nil {
		t.Fatal(err)
	}
	var zero calendar.Calendar
	for _, cal := range []*calendar.Calendar{c, &zero, nil} {
		a := time.Date(2024, 9, 28, 10, 0, 0, 0, time.UTC)
		b := a.Add(50 * time.Hour)
		d, err := cal.Duration(a, b)
		if err != nil || d != 50*time.Hour {
			t.Errorf("Duration = %v, %v; want 50h", d, err)
		}
		r, err := cal.Add(a, 50*time.Hour)
		if err != nil || !r.Equal(b) {
			t.Errorf("Add = %v, %v; want %v", r, err, b)
		}
		w, err := cal.IsWorking(a)
		if err != nil || !w {
			t.Errorf("IsWorking = %v, %v", w, err)
		}
		n, err := cal.WorkingDays(date(2024, 1, 1), date(2025, 1, 1))
		if err != nil || n != 366 {
			t.Errorf("WorkingDays = %d, %v; want 366", n, err)
		}
	}
	if zero.Location() != time.UTC {
		t.Errorf("zero Calendar's zone = %v, want UTC", zero.Location())
	}
	// The 23-hour day in Chatham.
	day, err := c.Day(date(2024, 9, 29))
	if err != nil || day.Working() != 23*time.Hour {
		t.Errorf("Day(2024-09-29).Working() = %v, %v; want 23h", day.Working(), err)
	}
	if _, err := calendar.AlwaysOpen("Nowhere"); !errors.Is(err, calendar.ErrInvalid) {
		t.Errorf("AlwaysOpen(unknown zone) error = %v", err)
	}
}

func TestNoWorkingTimeIsAnError(t *testing.T) {
	c := mustNew(t, calendar.Config{Zone: "UTC", Versions: []calendar.Version{
		{Week: calendar.MondayToFriday(mustWindows(t, "09:00-17:00")...)},
		{From: date(2030, 1, 1)}, // closed for good
	}})
	start := time.Date(2029, 12, 31, 16, 0, 0, 0, time.UTC)
	checks := map[string]func() error{
		"NextWorking":     func() error { _, err := c.NextWorking(start.Add(2 * time.Hour)); return err },
		"Add":             func() error { _, err := c.Add(start, 2*time.Hour); return err },
		"AddBusinessDays": func() error { _, err := c.AddBusinessDays(start, 2); return err },
		"NextWorkingDay":  func() error { _, err := c.NextWorkingDay(date(2029, 12, 31)); return err },
	}
	for name, check := range checks {
		err := check()
		var de *calendar.DateError
		if !errors.As(err, &de) || !errors.Is(err, calendar.ErrNoWorkingTime) {
			t.Errorf("%s: err = %v, want a *DateError wrapping ErrNoWorkingTime", name, err)
		}
	}
	// Backwards from the closed years still finds 2029.
	got, err := c.PrevWorkingDay(date(2031, 6, 1))
	if err != nil || got != date(2029, 12, 31) {
		t.Errorf("PrevWorkingDay(2031-06-01) = %v, %v; want 2029-12-31", got, err)
	}
}

func TestOutOfRange(t *testing.T) {
	c := nzOffice(t)
	for _, tm := range []time.Time{{}, time.Date(1899, 12, 31, 10, 0, 0, 0, time.UTC), time.Date(2101, 1, 2, 0, 0, 0, 0, time.UTC), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)} {
		_, err := c.IsWorking(tm)
		var de *calendar.DateError
		if !errors.As(err, &de) || !errors.Is(err, calendar.ErrOutOfRange) {
			t.Errorf("IsWorking(%v) err = %v, want a *DateError wrapping ErrOutOfRange", tm, err)
			continue
		}
		if want := calendar.DateOf(tm.In(c.Location())); de.Date != want {
			t.Errorf("IsWorking(%v): DateError.Date = %v, want %v", tm, de.Date, want)
		}
	}
	if _, err := c.IsWorkingDay(date(2024, 2, 30)); !errors.Is(err, calendar.ErrInvalid) {
		t.Errorf("IsWorkingDay(2024-02-30) err = %v, want ErrInvalid", err)
	}
	if _, err := c.WorkingDays(date(2025, 1, 1), date(2101, 1, 1)); !errors.Is(err, calendar.ErrOutOfRange) {
		t.Errorf("WorkingDays to 2101: err = %v, want ErrOutOfRange", err)
	}
}
