package sqlstore

import (
	"database/sql/driver"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/shopspring/decimal"
)

// FuzzDecimalSum checks ka_decimal_sum against decimal arithmetic on
// stored texts of any form: the exact sum when every text is a decimal as
// the store writes them, NULL otherwise, whichever path (integers at one
// scale, or decimals) each value takes.
func FuzzDecimalSum(f *testing.F) {
	f.Add("1.10", "2.2", "-0.005")
	f.Add("9223372036854775807", "1", "0")
	f.Add("999999999999999999", "999999999999999999", "-0.1")
	f.Add("1e3", "1", "2")
	f.Add("-", ".5", "1.")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		var s decimalSum
		want, valid := decimal.Zero, true
		for _, text := range []string{a, b, c} {
			if err := s.Step(nil, []driver.Value{text}); err != nil {
				t.Fatalf("Step(%q): %v", text, err)
			}
			d, err := parseDecimal(text)
			if err != nil {
				valid = false
				continue
			}
			want = want.Add(d)
			if u, scale, ok := unitsOf(text); ok && !decimal.New(u, int32(-scale)).Equal(d) {
				t.Fatalf("unitsOf(%q) = %d, %d; parseDecimal %s", text, u, scale, d)
			}
		}
		got, err := s.WindowValue(nil)
		if err != nil {
			t.Fatal(err)
		}
		if !valid {
			if got != nil {
				t.Fatalf("sum of %q, %q, %q = %v, want NULL", a, b, c, got)
			}
			return
		}
		g, err := parseDecimal(got.(string))
		if err != nil || !g.Equal(want) {
			t.Fatalf("sum of %q, %q, %q = %v, want %s", a, b, c, got, want)
		}
	})
}

// TestPeriod checks ka_period a minute before and at the start of days,
// ISO weeks, months, quarters and years in a zone with daylight saving,
// and its errors.
func TestPeriod(t *testing.T) {
	loc := mustLoad(t, "America/Santiago")
	var key string
	defer holdLocation(loc, &key)()
	for _, c := range []struct {
		at   time.Time
		f    segmentation.FrequencyBasis
		want int64
	}{
		{time.Date(1970, 1, 1, 2, 59, 0, 0, time.UTC), segmentation.FrequencyDistinctDays, -1}, // 23:59 on 31 December in Santiago (UTC-3)
		{time.Date(1970, 1, 1, 5, 0, 0, 0, time.UTC), segmentation.FrequencyDistinctDays, 0},
		{time.Date(1970, 1, 5, 5, 0, 0, 0, time.UTC), segmentation.FrequencyDistinctWeeks, 1}, // Monday 5 January 1970
		{time.Date(1970, 1, 5, 2, 59, 0, 0, time.UTC), segmentation.FrequencyDistinctWeeks, 0},
		{time.Date(1970, 1, 1, 3, 0, 0, 0, time.UTC), segmentation.FrequencyDistinctDays, 0},
		{time.Date(1969, 12, 28, 12, 0, 0, 0, time.UTC), segmentation.FrequencyDistinctWeeks, -1},
		{time.Date(2024, 4, 1, 2, 0, 0, 0, time.UTC), segmentation.FrequencyDistinctMonths, 2024*12 + 2}, // still March there
		{time.Date(2024, 4, 1, 5, 0, 0, 0, time.UTC), segmentation.FrequencyDistinctQuarters, 2024*4 + 1},
		{time.Date(2025, 1, 1, 2, 0, 0, 0, time.UTC), segmentation.FrequencyDistinctYears, 2024},
		{time.Date(2025, 1, 1, 3, 0, 0, 0, time.UTC), segmentation.FrequencyDistinctYears, 2025},
	} {
		got, err := period(nil, []driver.Value{c.at.UnixMicro(), int64(c.f), key})
		if err != nil || got != c.want {
			t.Errorf("ka_period(%v, %v) = %v, %v; want %d", c.at, c.f, got, err, c.want)
		}
	}
	for _, args := range [][]driver.Value{
		{int64(0), int64(segmentation.FrequencyTransactions), key},
		{int64(0), int64(segmentation.FrequencyDistinctYears + 1), key},
		{int64(0), int64(1), "no such key"},
		{"0", int64(1), key},
	} {
		if got, err := period(nil, args); err == nil {
			t.Errorf("ka_period%v = %v, want an error", args, got)
		}
	}
}
