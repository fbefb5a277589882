package calendar_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/rickar/cal/v2/nz"
)

// The dates of Schedule 1 of the Te Kāhui o Matariki Public Holiday Act
// 2022, checked against the Matariki Advisory Group's table and two
// independent holiday libraries.
var matarikiSchedule = map[int]calendar.Date{
	2022: date(2022, 6, 24), 2023: date(2023, 7, 14), 2024: date(2024, 6, 28), 2025: date(2025, 6, 20),
	2026: date(2026, 7, 10), 2027: date(2027, 6, 25), 2028: date(2028, 7, 14), 2029: date(2029, 7, 6),
	2030: date(2030, 6, 21), 2031: date(2031, 7, 11), 2032: date(2032, 7, 2), 2033: date(2033, 6, 24),
	2034: date(2034, 7, 7), 2035: date(2035, 6, 29), 2036: date(2036, 7, 18), 2037: date(2037, 7, 10),
	2038: date(2038, 6, 25), 2039: date(2039, 7, 15), 2040: date(2040, 7, 6), 2041: date(2041, 7, 19),
	2042: date(2042, 7, 11), 2043: date(2043, 7, 3), 2044: date(2044, 6, 24), 2045: date(2045, 7, 7),
	2046: date(2046, 6, 29), 2047: date(2047, 7, 19), 2048: date(2048, 7, 3), 2049: date(2049, 6, 25),
	2050: date(2050, 7, 15), 2051: date(2051, 6, 30), 2052: date(2052, 6, 21),
}

func TestMatariki(t *testing.T) {
	for year := 2022; year <= 2052; year++ {
		got, err := calendar.Matariki(year)
		if err != nil {
			t.Fatalf("Matariki(%d): %v", year, err)
		}
		if diff := cmp.Diff(got, matarikiSchedule[year]); diff != "" {
			t.Errorf("Matariki(%d) mismatch (-got +want):\n%s", year, diff)
		}
		if got.Weekday() != time.Friday {
			t.Errorf("Matariki(%d) = %v is a %v, the Act puts it on a Friday", year, got, got.Weekday())
		}
	}
	for _, year := range []int{1900, 2021, 2053, 2100} {
		if _, err := calendar.Matariki(year); !errors.Is(err, calendar.ErrNoHolidayData) {
			t.Errorf("Matariki(%d) error = %v, want ErrNoHolidayData", year, err)
		}
	}
}

// rickar/cal's nz.Holidays has no Matariki, and its nz.Matariki gives 24
// June 2022 for a year outside 2022 to 2052; this package's NZ set adds the
// statutory table.
func TestNZAddsMatarikiToRickar(t *testing.T) {
	for _, h := range nz.Holidays {
		if h.Name == "Matariki" {
			t.Fatalf("rickar/cal's nz.Holidays now has Matariki: review the supplement")
		}
	}
	if _, obs := nz.Matariki.Calc(2021); obs.Year() != 2022 {
		t.Fatalf("rickar/cal's nz.Matariki for 2021 is now %v: review the supplement", obs)
	}
	set, err := calendar.Country("NZ")
	if err != nil {
		t.Fatal(err)
	}
	for year := 2022; year <= 2052; year++ {
		hs, err := set.HolidaysIn(year)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(hs, calendar.Holiday{Date: matarikiSchedule[year], Name: "Matariki"}) {
			t.Errorf("NZ holidays of %d lack Matariki %v", year, matarikiSchedule[year])
		}
	}
	// Before 2022 there was no Matariki holiday, which is not an error.
	hs, err := set.HolidaysIn(2021)
	if err != nil {
		t.Fatalf("HolidaysIn(2021): %v", err)
	}
	for _, h := range hs {
		if h.Name == "Matariki" {
			t.Errorf("HolidaysIn(2021) has Matariki on %v", h.Date)
		}
	}
	if _, err := set.HolidaysIn(2053); !errors.Is(err, calendar.ErrNoHolidayData) {
		t.Errorf("HolidaysIn(2053) error = %v, want ErrNoHolidayData", err)
	}
}

// Observed-date rules: a holiday that falls on a weekend closes the day it
// is observed on, which may be in another year.
func TestHolidayObservedDates(t *testing.T) {
	tests := []struct {
		code    string
		year    int
		present []calendar.Date
		absent  []calendar.Date
	}{
		// New Zealand 2021: Christmas (Sat) and Boxing Day (Sun) move to
		// Monday 27 and Tuesday 28 December.
		{"NZ", 2021, []calendar.Date{date(2021, 12, 27), date(2021, 12, 28)}, []calendar.Date{date(2021, 12, 25), date(2021, 12, 26)}},
		// New Zealand 2022: 1 and 2 January (Sat, Sun) move to 3 and 4 January.
		{"NZ", 2022, []calendar.Date{date(2022, 1, 3), date(2022, 1, 4), date(2022, 6, 24)}, []calendar.Date{date(2022, 1, 1)}},
		// ANZAC Day 2026 is a Saturday: Mondayised to 27 April since 2014.
		{"NZ", 2026, []calendar.Date{date(2026, 4, 27), date(2026, 7, 10)}, []calendar.Date{date(2026, 4, 25)}},
		// United States: New Year's Day 2022 (Sat) is observed on Friday
		// 31 December 2021, in the year before.
		{"US", 2021, []calendar.Date{date(2021, 12, 31), date(2021, 7, 5)}, []calendar.Date{date(2021, 7, 4)}},
		{"US", 2022, []calendar.Date{date(2022, 7, 4)}, []calendar.Date{date(2022, 1, 1), date(2022, 1, 3)}},
		{"US", 2026, []calendar.Date{date(2026, 7, 3)}, []calendar.Date{date(2026, 7, 4)}},
		// Great Britain 2022: the spring bank holiday moved to 2 June and
		// the Platinum Jubilee on 3 June.
		{"GB", 2022, []calendar.Date{date(2022, 6, 2), date(2022, 6, 3), date(2022, 12, 27)}, []calendar.Date{date(2022, 5, 30)}},
		// New South Wales: Australia Day 2026 is a Monday.
		{"AU-NSW", 2026, []calendar.Date{date(2026, 1, 26), date(2026, 4, 25)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.code+"/"+time.Date(tt.year, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006"), func(t *testing.T) {
			set, err := calendar.Country(tt.code)
			if err != nil {
				t.Fatal(err)
			}
			hs, err := set.HolidaysIn(tt.year)
			if err != nil {
				t.Fatal(err)
			}
			dates := make([]calendar.Date, len(hs))
			for i, h := range hs {
				dates[i] = h.Date
				if h.Date.Year != tt.year {
					t.Errorf("HolidaysIn(%d) returned %v from another year", tt.year, h.Date)
				}
			}
			for _, d := range tt.present {
				if !slices.Contains(dates, d) {
					t.Errorf("%s %d: %v is not a holiday; holidays are %v", tt.code, tt.year, d, dates)
				}
			}
			for _, d := range tt.absent {
				if slices.Contains(dates, d) {
					t.Errorf("%s %d: %v is a holiday, want not", tt.code, tt.year, d)
				}
			}
			if !slices.IsSortedFunc(hs, func(a, b calendar.Holiday) int { return a.Date.Compare(b.Date) }) {
				t.Errorf("HolidaysIn(%d) is not sorted by date", tt.year)
			}
		})
	}
}

func TestCountryUnknown(t *testing.T) {
	for _, code := range []string{"", "XX", "nz", "AU"} {
		_, err := calendar.Country(code)
		var fe *calendar.FieldError
		if !errors.As(err, &fe) || fe.Record != "Country" || fe.Value != code || !errors.Is(err, calendar.ErrInvalid) {
			t.Errorf("Country(%q) error = %v, want a *FieldError naming %q", code, err, code)
		}
	}
}

// A calendar closes on the holidays of its sets and says why.
func TestCalendarHolidays(t *testing.T) {
	c := nzOffice(t)
	tests := []struct {
		day     calendar.Date
		working bool
		holiday string
	}{
		{date(2025, 6, 20), false, "Matariki"},
		{date(2025, 6, 19), true, ""},
		{date(2021, 12, 27), false, "Christmas Day"},
		{date(2022, 1, 4), false, "Day after New Year's Day"},
		{date(2025, 2, 6), false, "Waitangi Day"},
		{date(2025, 2, 7), true, ""},
	}
	for _, tt := range tests {
		day, err := c.Day(tt.day)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(day.Spans) > 0; got != tt.working || day.Holiday != tt.holiday {
			t.Errorf("Day(%v) working %v holiday %q, want %v %q", tt.day, got, day.Holiday, tt.working, tt.holiday)
		}
	}
	// The United States observe New Year 2022 on Friday 31 December 2021.
	us, err := calendar.Country("US")
	if err != nil {
		t.Fatal(err)
	}
	c = mustNew(t, calendar.Config{Zone: "America/New_York", Versions: []calendar.Version{{
		Week: calendar.MondayToFriday(mustWindows(t, "09:00-17:00")...), HolidaySets: []calendar.HolidaySet{us},
	}}})
	got, err := c.NextWorkingDay(date(2021, 12, 30))
	if err != nil {
		t.Fatal(err)
	}
	if got != date(2022, 1, 3) {
		t.Errorf("NextWorkingDay(2021-12-30) = %v, want 2022-01-03", got)
	}
}

// failingSet is a HolidaySet with data up to a year.
type failingSet struct{ last int }

func (s failingSet) HolidaysIn(year int) ([]calendar.Holiday, error) {
	if year > s.last {
		return nil, calendar.ErrNoHolidayData
	}
	return []calendar.Holiday{{Date: date(year, 3, 3), Name: "Founders"}}, nil
}

// badSet returns a holiday outside the year it was asked for.
type badSet struct{}

func (badSet) HolidaysIn(year int) ([]calendar.Holiday, error) {
	return []calendar.Holiday{{Date: date(year+1, 1, 1), Name: "wrong year"}}, nil
}

func TestCustomHolidaySet(t *testing.T) {
	c := mustNew(t, calendar.Config{Zone: "UTC", Versions: []calendar.Version{{
		Week: calendar.EveryDay(mustWindows(t, "09:00-17:00")...), HolidaySets: []calendar.HolidaySet{failingSet{last: 2030}},
	}}})
	ok, err := c.IsWorkingDay(date(2030, 3, 3))
	if err != nil || ok {
		t.Errorf("IsWorkingDay(2030-03-03) = %v, %v; want false (Founders)", ok, err)
	}
	_, err = c.IsWorking(time.Date(2031, 5, 1, 10, 0, 0, 0, time.UTC))
	var de *calendar.DateError
	if !errors.As(err, &de) || !errors.Is(err, calendar.ErrNoHolidayData) || de.Date != date(2031, 5, 1) {
		t.Errorf("IsWorking in 2031: err = %v, want a *DateError on 2031-05-01 wrapping ErrNoHolidayData", err)
	}

	c = mustNew(t, calendar.Config{Zone: "UTC", Versions: []calendar.Version{{
		Week: calendar.EveryDay(mustWindows(t, "09:00-17:00")...), HolidaySets: []calendar.HolidaySet{badSet{}},
	}}})
	if _, err := c.IsWorkingDay(date(2030, 3, 3)); !errors.Is(err, calendar.ErrInvalid) {
		t.Errorf("a set returning another year's date: err = %v, want ErrInvalid", err)
	}
}

// rickar/cal still calls the sovereign's birthday "Queen's Birthday";
// since 2023 it has been King's Birthday in New Zealand and Australia.
func TestKingsBirthday(t *testing.T) {
	tests := []struct {
		country string
		year    int
		date    calendar.Date
		name    string
	}{
		{"NZ", 2022, date(2022, 6, 6), "Queen's Birthday"},
		{"NZ", 2023, date(2023, 6, 5), "King's Birthday"},
		{"NZ", 2026, date(2026, 6, 1), "King's Birthday"},
		{"AU-NSW", 2026, date(2026, 6, 8), "King's Birthday"},
	}
	for _, tt := range tests {
		set, err := calendar.Country(tt.country)
		if err != nil {
			t.Fatal(err)
		}
		hs, err := set.HolidaysIn(tt.year)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(hs, calendar.Holiday{Date: tt.date, Name: tt.name}) {
			t.Errorf("%s %d: no %q on %v in %v", tt.country, tt.year, tt.name, tt.date, hs)
		}
	}
}
