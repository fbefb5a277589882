package calendar

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/au"
	"github.com/rickar/cal/v2/ca"
	"github.com/rickar/cal/v2/gb"
	"github.com/rickar/cal/v2/ie"
	"github.com/rickar/cal/v2/nz"
	"github.com/rickar/cal/v2/us"
)

// A HolidaySet computes the holidays of a year, such as a country's public
// holidays. [Country] and [NewHolidayRules] return the sets this package
// ships; an application may implement its own (from a database, say).
//
// HolidaysIn returns the holidays whose dates fall in the given year, in
// any order. For a year it has no data for, it returns an error wrapping
// [ErrNoHolidayData]; the calendar then reports that error for instants and
// dates of that year and never guesses. A calendar calls HolidaysIn
// lazily: when it builds a year's table (for that year, and the year
// before for its last day) and from [Calendar.Day], possibly from several
// goroutines at once. Implementations must be safe for concurrent use and
// must return the same answer for the same year every time.
type HolidaySet interface {
	// HolidaysIn returns the holidays of year, or an error (wrapping
	// [ErrNoHolidayData] when the set has no data for the year).
	HolidaysIn(year int) ([]Holiday, error)
}

// HolidayRules is a [HolidaySet] computed from the holiday rules of
// github.com/rickar/cal/v2, plus the supplements this package ships where
// rickar/cal lacks a holiday (see [Country]).
//
// Each rule gives one holiday per year on its observed date: when the rule
// moves a holiday that falls on a weekend (New Year's Day on a Saturday is
// observed on Monday in New Zealand, on the Friday before in the United
// States), the observed date is the holiday and the actual date is not. A
// calendar that also closes on the actual date lists it as an explicit
// [Holiday]. An observed date may fall in the year before or after the
// actual one (1 January 2022, a Saturday, is observed in the United States
// on Friday 31 December 2021); it belongs to the year it falls in.
//
// The zero HolidayRules has no holidays.
type HolidayRules struct {
	name     string
	rules    []*cal.Holiday
	matariki bool
}

// NewHolidayRules returns a HolidaySet of the given rickar/cal rules, such
// as a country or region package's list (de.HolidaysBY, say). Rules with no
// Func are ignored. The rules must not be changed afterwards.
func NewHolidayRules(name string, rules ...*cal.Holiday) HolidayRules {
	return HolidayRules{name: name, rules: slices.Clone(rules)}
}

// countries are the sets [Country] knows, by ISO 3166 code.
var countries = map[string]func() HolidayRules{
	"NZ":     func() HolidayRules { return HolidayRules{name: "NZ", rules: nz.Holidays, matariki: true} },
	"GB":     func() HolidayRules { return HolidayRules{name: "GB", rules: gb.Holidays} },
	"US":     func() HolidayRules { return HolidayRules{name: "US", rules: us.Holidays} },
	"CA":     func() HolidayRules { return HolidayRules{name: "CA", rules: ca.Holidays} },
	"IE":     func() HolidayRules { return HolidayRules{name: "IE", rules: ie.Holidays} },
	"AU-ACT": func() HolidayRules { return HolidayRules{name: "AU-ACT", rules: au.HolidaysACT} },
	"AU-NSW": func() HolidayRules { return HolidayRules{name: "AU-NSW", rules: au.HolidaysNSW} },
	"AU-NT":  func() HolidayRules { return HolidayRules{name: "AU-NT", rules: au.HolidaysNT} },
	"AU-QLD": func() HolidayRules { return HolidayRules{name: "AU-QLD", rules: au.HolidaysQLD} },
	"AU-SA":  func() HolidayRules { return HolidayRules{name: "AU-SA", rules: au.HolidaysSA} },
	"AU-TAS": func() HolidayRules { return HolidayRules{name: "AU-TAS", rules: au.HolidaysTAS} },
	"AU-VIC": func() HolidayRules { return HolidayRules{name: "AU-VIC", rules: au.HolidaysVIC} },
	"AU-WA":  func() HolidayRules { return HolidayRules{name: "AU-WA", rules: au.HolidaysWA} },
}

// Country returns the national public holidays of a country (or, for
// Australia, a state or territory), by ISO 3166 code: "NZ", "GB", "US",
// "CA", "IE", and "AU-ACT", "AU-NSW", "AU-NT", "AU-QLD", "AU-SA", "AU-TAS",
// "AU-VIC" and "AU-WA". The data are rickar/cal's; regional holidays (such
// as New Zealand's provincial anniversary days) are not included.
//
// "NZ" adds Matariki, which rickar/cal v2.1.13 lacks: see [Matariki]. Its
// HolidaysIn returns an error wrapping [ErrNoHolidayData] for a year after
// 2052.
//
// An unknown code is a [*FieldError].
func Country(code string) (HolidayRules, error) {
	f, ok := countries[code]
	if !ok {
		codes := make([]string, 0, len(countries))
		for c := range countries {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		return HolidayRules{}, invalid("Country", "", "", code,
			"unknown country code (known: "+strings.Join(codes, ", ")+")")
	}
	return f(), nil
}

// Name returns the set's name: the country code for [Country], the name
// given to [NewHolidayRules].
func (r HolidayRules) Name() string { return r.name }

// HolidaysIn returns the holidays observed in the year, sorted by date
// then name. It returns an error wrapping [ErrNoHolidayData] only for a
// year that a supplement's table does not cover.
func (r HolidayRules) HolidaysIn(year int) ([]Holiday, error) {
	var hs []Holiday
	for _, h := range r.rules {
		if h == nil || h.Func == nil {
			continue
		}
		for y := year - 1; y <= year+1; y++ {
			_, obs := h.Calc(y)
			if obs.IsZero() {
				continue
			}
			if d := rickarDate(obs); d.Year == year {
				hs = append(hs, Holiday{Date: d, Name: holidayName(h.Name, d.Year)})
			}
		}
	}
	if r.matariki && year >= matarikiFirst {
		d, err := Matariki(year)
		if err != nil {
			return nil, err
		}
		hs = append(hs, Holiday{Date: d, Name: "Matariki"})
	}
	slices.SortFunc(hs, func(a, b Holiday) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return slices.Compact(hs), nil
}

// rickarDate returns the date that a rickar/cal result stands for.
// rickar/cal returns the midnight that starts the day in its DefaultLoc (the
// machine's zone). Where that zone skips midnight on the day, time.Date may
// normalise it to 23:00 the day before; rounding to the nearest midnight
// recovers the intended date whatever the machine's zone.
func rickarDate(t time.Time) Date {
	d := DateOf(t)
	if t.Hour() >= 12 {
		d = d.AddDays(1)
	}
	return d
}

// The first and last years of the Matariki table.
const (
	matarikiFirst = 2022
	matarikiLast  = 2052
)

// matarikiDates are the dates of the Te Kāhui o Matariki public holiday,
// 2022 to 2052, as fixed by Schedule 1 of the Te Kāhui o Matariki Public
// Holiday Act 2022 (from the Matariki Advisory Group's recommendation).
// Index 0 is 2022. Every date is a Friday.
var matarikiDates = [matarikiLast - matarikiFirst + 1]struct {
	month time.Month
	day   int
}{
	{time.June, 24}, // 2022
	{time.July, 14}, // 2023
	{time.June, 28}, // 2024
	{time.June, 20}, // 2025
	{time.July, 10}, // 2026
	{time.June, 25}, // 2027
	{time.July, 14}, // 2028
	{time.July, 6},  // 2029
	{time.June, 21}, // 2030
	{time.July, 11}, // 2031
	{time.July, 2},  // 2032
	{time.June, 24}, // 2033
	{time.July, 7},  // 2034
	{time.June, 29}, // 2035
	{time.July, 18}, // 2036
	{time.July, 10}, // 2037
	{time.June, 25}, // 2038
	{time.July, 15}, // 2039
	{time.July, 6},  // 2040
	{time.July, 19}, // 2041
	{time.July, 11}, // 2042
	{time.July, 3},  // 2043
	{time.June, 24}, // 2044
	{time.July, 7},  // 2045
	{time.June, 29}, // 2046
	{time.July, 19}, // 2047
	{time.July, 3},  // 2048
	{time.June, 25}, // 2049
	{time.July, 15}, // 2050
	{time.June, 30}, // 2051
	{time.June, 21}, // 2052
}

// Matariki returns the date of New Zealand's Matariki public holiday (Te
// Kāhui o Matariki) in the year. The holiday exists from 2022, and the Te
// Kāhui o Matariki Public Holiday Act 2022 fixes its dates in a table up to
// 2052. For any year outside 2022 to 2052 Matariki returns an error
// wrapping [ErrNoHolidayData]: the date follows the Māori lunar calendar and
// is never extrapolated.
//
// rickar/cal v2.1.13, the latest release, has no Matariki in its nz
// package; this package ships the statutory table.
func Matariki(year int) (Date, error) {
	if year < matarikiFirst || year > matarikiLast {
		return Date{}, fmt.Errorf("%w: Matariki: %d is outside the statutory table (%d to %d)",
			ErrNoHolidayData, year, matarikiFirst, matarikiLast)
	}
	m := matarikiDates[year-matarikiFirst]
	return Date{Year: year, Month: m.month, Day: m.day}, nil
}

// holidayName corrects a name in rickar/cal's data that is out of date:
// the sovereign's birthday holiday has been King's Birthday since 2023 in
// New Zealand and Australia (the dates themselves are right).
func holidayName(name string, year int) string {
	if name == "Queen's Birthday" && year >= 2023 {
		return "King's Birthday"
	}
	return name
}
