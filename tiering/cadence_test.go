package tiering_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/tiering"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestCadenceAddToClampsMonthEnds(t *testing.T) {
	tests := []struct {
		from time.Time
		c    tiering.Cadence
		want time.Time
	}{
		{date(2025, 11, 30), tiering.Months(3), date(2026, 2, 28)},
		{date(2023, 11, 30), tiering.Months(3), date(2024, 2, 29)}, // leap year
		{date(2025, 1, 31), tiering.Months(1), date(2025, 2, 28)},
		{date(2024, 1, 31), tiering.Months(1), date(2024, 2, 29)},
		{date(2024, 1, 31), tiering.Months(2), date(2024, 3, 31)}, // from the anchor: not clamped twice
		{date(2024, 1, 31), tiering.Months(3), date(2024, 4, 30)},
		{date(2024, 12, 15), tiering.Months(1), date(2025, 1, 15)}, // across a year
		{date(2024, 12, 15), tiering.Months(12), date(2025, 12, 15)},
		{date(2024, 2, 29), tiering.Months(12), date(2025, 2, 28)},
		{date(2025, 1, 1), tiering.Days(90), date(2025, 4, 1)},
		{date(2024, 1, 1), tiering.Days(90), date(2024, 3, 31)},                    // leap year
		{date(2025, 1, 31), tiering.Cadence{Months: 1, Days: 1}, date(2025, 3, 1)}, // months first, then days
		{date(2025, 1, 31), tiering.Cadence{}, date(2025, 1, 31)},
		{date(2025, 3, 31), tiering.Months(-1), date(2025, 2, 28)}, // backwards
		{date(2025, 1, 15), tiering.Months(-13), date(2023, 12, 15)},
	}
	for _, tt := range tests {
		if got := tt.c.AddTo(tt.from); !got.Equal(tt.want) {
			t.Errorf("%v.AddTo(%s) = %s, want %s", tt.c, tt.from.Format(time.DateOnly), got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
		}
	}
}

// A cadence counts calendar days in the instant's zone: 90 days from 09:00
// before daylight saving time starts is 09:00 after it, 89 days and 23
// hours later.
func TestCadenceAddToAcrossDST(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip(err)
	}
	from := time.Date(2026, 1, 15, 9, 0, 0, 0, paris)
	got := tiering.Days(90).AddTo(from)
	want := time.Date(2026, 4, 15, 9, 0, 0, 0, paris)
	if !got.Equal(want) || got.Location() != paris {
		t.Fatalf("AddTo = %v, want %v", got, want)
	}
	if d := got.Sub(from); d != 90*24*time.Hour-time.Hour {
		t.Errorf("elapsed %v, want 90 days less an hour", d)
	}
	if got := tiering.Months(3).AddTo(from); !got.Equal(want) {
		t.Errorf("3 months: %v, want %v", got, want)
	}
}

// AddTo agrees with time.AddDate where no clamping happens, and never
// overflows into the next month where it does.
func TestCadenceAddToProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		from := time.Date(rapid.IntRange(1900, 2200).Draw(t, "y"), time.Month(rapid.IntRange(1, 12).Draw(t, "m")), rapid.IntRange(1, 31).Draw(t, "d"), rapid.IntRange(0, 23).Draw(t, "h"), 0, 0, 0, time.UTC)
		c := tiering.Cadence{Months: rapid.IntRange(0, tiering.MaxCadenceMonths).Draw(t, "months"), Days: rapid.IntRange(0, tiering.MaxCadenceDays).Draw(t, "days")}
		got := c.AddTo(from)
		months := tiering.Months(c.Months).AddTo(from)
		if wantMonth := (int(from.Month())-1+c.Months)%12 + 1; int(months.Month()) != wantMonth {
			t.Fatalf("%v + %d months is in month %d, want %d", from, c.Months, months.Month(), wantMonth)
		}
		if months.Day() > from.Day() || (months.Day() < from.Day() && months.AddDate(0, 0, 1).Day() != 1) {
			t.Fatalf("%v + %d months = %v: day neither kept nor clamped to the month's end", from, c.Months, months)
		}
		if want := months.AddDate(0, 0, c.Days); !got.Equal(want) {
			t.Fatalf("%v.AddTo(%v) = %v, want %v", c, from, got, want)
		}
		if from.Day() <= 28 {
			if want := from.AddDate(0, c.Months, c.Days); !got.Equal(want) {
				t.Fatalf("%v.AddTo(%v) = %v, AddDate says %v", c, from, got, want)
			}
		}
		if got.Hour() != from.Hour() {
			t.Fatalf("time of day changed: %v", got)
		}
	})
}

func TestCadenceTimes(t *testing.T) {
	if got := (tiering.Cadence{Months: 1, Days: 2}).Times(3); got != (tiering.Cadence{Months: 3, Days: 6}) {
		t.Errorf("Times = %v", got)
	}
}

func TestCadenceValidate(t *testing.T) {
	for _, c := range []tiering.Cadence{{}, tiering.Days(1), tiering.Months(1), {Months: tiering.MaxCadenceMonths, Days: tiering.MaxCadenceDays}} {
		if err := c.Validate(); err != nil {
			t.Errorf("%v: %v", c, err)
		}
	}
	tests := []struct {
		c     tiering.Cadence
		field string
		value int
	}{
		{tiering.Days(-1), "Days", -1},
		{tiering.Months(-1), "Months", -1},
		{tiering.Days(tiering.MaxCadenceDays + 1), "Days", tiering.MaxCadenceDays + 1},
		{tiering.Months(tiering.MaxCadenceMonths + 1), "Months", tiering.MaxCadenceMonths + 1},
	}
	for _, tt := range tests {
		checkFieldError(t, tt.c.Validate(), account.FieldError{Record: "Cadence", Field: tt.field, Value: tt.value, Err: tiering.ErrInvalid})
	}
}

func TestCadenceText(t *testing.T) {
	for _, tt := range []struct {
		text string
		c    tiering.Cadence
	}{
		{"90d", tiering.Days(90)},
		{"3m", tiering.Months(3)},
		{"1m15d", tiering.Cadence{Months: 1, Days: 15}},
		{"0d", tiering.Cadence{}},
		{"120m3660d", tiering.Cadence{Months: tiering.MaxCadenceMonths, Days: tiering.MaxCadenceDays}},
	} {
		got, err := tiering.ParseCadence(tt.text)
		if err != nil || got != tt.c {
			t.Errorf("ParseCadence(%q) = %v, %v; want %v", tt.text, got, err, tt.c)
		}
		if s := tt.c.String(); s != tt.text {
			t.Errorf("String() = %q, want %q", s, tt.text)
		}
	}
	for _, s := range []string{"0m", "0m0d", "007d"} { // other spellings accepted
		if _, err := tiering.ParseCadence(s); err != nil {
			t.Errorf("ParseCadence(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", "d", "m", "90", "-3m", "+3m", "3 m", "3m ", "15d1m", "3m3m", "3d3d", "3w", "1y", "3M", "9999999d", "121m", "3661d", "1m-1d"} {
		_, err := tiering.ParseCadence(s)
		if !errors.Is(err, tiering.ErrInvalid) {
			t.Errorf("ParseCadence(%q) = %v, want ErrInvalid", s, err)
		}
		var fe *account.FieldError
		if !errors.As(err, &fe) || fe.Record != "Cadence" {
			t.Errorf("ParseCadence(%q): %v is not a Cadence field error", s, err)
		}
	}
	if s := tiering.Months(-3).String(); s != "-3m" {
		t.Errorf("negative String = %q", s)
	}
}

func TestCadenceJSON(t *testing.T) {
	m := tiering.ServiceModel{Tier: 1, ReviewEvery: tiering.Months(3)}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back tiering.ServiceModel
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.ReviewEvery != m.ReviewEvery {
		t.Errorf("round trip: %v, want %v (JSON %s)", back.ReviewEvery, m.ReviewEvery, b)
	}
	err = json.Unmarshal([]byte(`{"Tier":1,"ReviewEvery":"90 days"}`), &back)
	if !errors.Is(err, tiering.ErrInvalid) {
		t.Errorf("bad cadence in JSON: %v", err)
	}
}

// FuzzParseCadence checks that whatever ParseCadence accepts is valid and
// prints back to a text that parses to the same cadence.
func FuzzParseCadence(f *testing.F) {
	for _, s := range []string{"90d", "3m", "1m15d", "0d", "120m3660d", "121m", "-1d", "1m1m", "99999999999999999999d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := tiering.ParseCadence(s)
		if err != nil {
			if !errors.Is(err, tiering.ErrInvalid) {
				t.Fatalf("ParseCadence(%q): %v does not wrap ErrInvalid", s, err)
			}
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("ParseCadence(%q) = %v, invalid: %v", s, c, err)
		}
		back, err := tiering.ParseCadence(c.String())
		if err != nil || back != c {
			t.Fatalf("ParseCadence(%q) = %v; its String %q parses to %v, %v", s, c, c.String(), back, err)
		}
	})
}

// TestCadenceAddToAcrossYears adds months that cross years forwards and
// backwards, before year 1 too, with the day clamped where the month is
// shorter.
func TestCadenceAddToAcrossYears(t *testing.T) {
	for _, c := range []struct {
		from time.Time
		add  tiering.Cadence
		want time.Time
	}{
		{time.Date(2026, 1, 31, 9, 0, 0, 0, time.UTC), tiering.Cadence{Months: -2}, time.Date(2025, 11, 30, 9, 0, 0, 0, time.UTC)},
		{time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC), tiering.Cadence{Months: -13}, time.Date(2024, 12, 15, 9, 0, 0, 0, time.UTC)},
		{time.Date(2025, 12, 31, 9, 0, 0, 0, time.UTC), tiering.Months(14), time.Date(2027, 2, 28, 9, 0, 0, 0, time.UTC)},
		{time.Date(2023, 11, 30, 9, 0, 0, 0, time.UTC), tiering.Months(3), time.Date(2024, 2, 29, 9, 0, 0, 0, time.UTC)},
		{time.Date(-1, 3, 31, 0, 0, 0, 0, time.UTC), tiering.Months(1), time.Date(-1, 4, 30, 0, 0, 0, 0, time.UTC)},
		{time.Date(0, 1, 31, 0, 0, 0, 0, time.UTC), tiering.Cadence{Months: -1, Days: 1}, time.Date(-1, 12, 32, 0, 0, 0, 0, time.UTC)},
		{time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), tiering.Cadence{Months: 1, Days: 31}, time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)},
	} {
		if got := c.add.AddTo(c.from); !got.Equal(c.want) {
			t.Errorf("%v + %v = %v, want %v", c.from, c.add, got, c.want)
		}
	}
}
