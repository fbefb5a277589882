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
// github.com/rickar/cal/v2, with the corrections and supplements this
// package ships where rickar/cal's rules are not the law of the year or
// lack a holiday (see [Country]).
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
	"NZ":     func() HolidayRules { return HolidayRules{name: "NZ", rules: nzHolidays, matariki: true} },
	"GB":     func() HolidayRules { return HolidayRules{name: "GB", rules: gbHolidays} },
	"US":     func() HolidayRules { return HolidayRules{name: "US", rules: us.Holidays} },
	"CA":     func() HolidayRules { return HolidayRules{name: "CA", rules: ca.Holidays} },
	"IE":     func() HolidayRules { return HolidayRules{name: "IE", rules: ie.Holidays} },
	"AU-ACT": func() HolidayRules { return HolidayRules{name: "AU-ACT", rules: auHolidaysACT} },
	"AU-NSW": func() HolidayRules { return HolidayRules{name: "AU-NSW", rules: auHolidaysNSW} },
	"AU-NT":  func() HolidayRules { return HolidayRules{name: "AU-NT", rules: auHolidaysNT} },
	"AU-QLD": func() HolidayRules { return HolidayRules{name: "AU-QLD", rules: auHolidaysQLD} },
	"AU-SA":  func() HolidayRules { return HolidayRules{name: "AU-SA", rules: auHolidaysSA} },
	"AU-TAS": func() HolidayRules { return HolidayRules{name: "AU-TAS", rules: auHolidaysTAS} },
	"AU-VIC": func() HolidayRules { return HolidayRules{name: "AU-VIC", rules: auHolidaysVIC} },
	"AU-WA":  func() HolidayRules { return HolidayRules{name: "AU-WA", rules: auHolidaysWA} },
}

// The first year in which New Zealand moves a weekend Waitangi Day or
// ANZAC Day to the Monday: the Holidays (Full Recognition of Waitangi Day
// and ANZAC Day) Amendment Act 2013 came into force on 1 January 2014.
const nzMondayisedFrom = 2014

// pairObserved moves each day of a two-day holiday (Christmas Day and
// Boxing Day, New Year's Day and 2 January) off a weekend in New Zealand
// (Holidays Act 2003, section 45), England and Wales, and the Australian
// states (for Christmas and Boxing or Proclamation Day): a Saturday to the
// Monday, a Sunday to the Tuesday. The Monday after a first day on a
// Sunday is the second day itself, which stays.
var pairObserved = []cal.AltDay{{Day: time.Saturday, Offset: 2}, {Day: time.Sunday, Offset: 2}}

// nzHolidays are New Zealand's national public holidays as the law had
// them each year: rickar/cal's rules (which apply today's law to every
// year), corrected. Its Waitangi Day and ANZAC Day already move off a
// weekend to the Monday (Holidays Act 2003, section 45A): only the year
// that rule starts is ours.
var nzHolidays = []*cal.Holiday{
	nz.NewYear.Clone(&cal.Holiday{Observed: pairObserved}),
	nz.DayAfterNewYear.Clone(&cal.Holiday{Observed: pairObserved}),
	onTheDay(nz.WaitangiDay, nzMondayisedFrom-1),
	nz.WaitangiDay.Clone(&cal.Holiday{StartYear: nzMondayisedFrom}),
	nz.GoodFriday,
	nz.EasterMonday,
	onTheDay(nz.AnzacDay, nzMondayisedFrom-1),
	nz.AnzacDay.Clone(&cal.Holiday{StartYear: nzMondayisedFrom}),
	nz.KingsBirthday,
	nz.LabourDay,
	nz.ChristmasDay.Clone(&cal.Holiday{Observed: pairObserved}),
	nz.BoxingDay.Clone(&cal.Holiday{Observed: pairObserved}),
	// The Queen Elizabeth II Memorial Day Act 2022.
	oneOff("Queen Elizabeth II Memorial Day", 2022, time.September, 26),
}

// gbHolidays are rickar/cal's bank holidays of England and Wales,
// corrected: Christmas Day on a Sunday is observed on the Tuesday and
// Boxing Day stays on the Monday, and the one-off bank holidays since 1978
// that rickar/cal lacks are added (the days they replaced removed).
var gbHolidays = []*cal.Holiday{
	gb.NewYear,
	gb.GoodFriday,
	gb.EasterMonday,
	gb.EarlyMay.Clone(&cal.Holiday{Except: []int{1995, 2020}}),
	oneOff("VE Day", 1995, time.May, 8),
	gb.VEDay,
	gb.CoronationDay,
	gb.SpringHoliday.Clone(&cal.Holiday{Except: []int{2002, 2012, 2022}}),
	oneOff("Spring Bank Holiday", 2002, time.June, 4),
	oneOff("Golden Jubilee of Queen Elizabeth II", 2002, time.June, 3),
	oneOff("Spring Bank Holiday", 2012, time.June, 4),
	oneOff("Diamond Jubilee of Queen Elizabeth II", 2012, time.June, 5),
	gb.SpringHoliday2022,
	gb.PlatinumJubilee,
	oneOff("Wedding of Prince Charles and Lady Diana Spencer", 1981, time.July, 29),
	oneOff("Wedding of Prince William and Catherine Middleton", 2011, time.April, 29),
	oneOff("State Funeral of Queen Elizabeth II", 2022, time.September, 19),
	oneOff("Millennium Bank Holiday", 1999, time.December, 31),
	gb.SummerHoliday,
	gb.ChristmasDay.Clone(&cal.Holiday{Observed: pairObserved}),
	gb.BoxingDay.Clone(&cal.Holiday{Observed: pairObserved}),
}

// The Australian sets observe Christmas Day on a Sunday on Tuesday 27
// December, Boxing Day (Proclamation Day in South Australia) staying on
// Monday 26 December, as the states' Acts do; rickar/cal names the Monday
// Christmas Day and the Tuesday Boxing Day.
var (
	auPair = map[*cal.Holiday]*cal.Holiday{
		au.ChristmasDay:    au.ChristmasDay.Clone(&cal.Holiday{Observed: pairObserved}),
		au.BoxingDay:       au.BoxingDay.Clone(&cal.Holiday{Observed: pairObserved}),
		au.ProclamationDay: au.ProclamationDay.Clone(&cal.Holiday{Observed: pairObserved}),
	}
	auHolidaysACT = replaced(au.HolidaysACT, auPair)
	auHolidaysNSW = replaced(au.HolidaysNSW, auPair)
	auHolidaysNT  = replaced(au.HolidaysNT, auPair)
	auHolidaysQLD = replaced(au.HolidaysQLD, auPair)
	auHolidaysSA  = replaced(au.HolidaysSA, auPair)
	auHolidaysTAS = replaced(au.HolidaysTAS, auPair)
	auHolidaysVIC = replaced(au.HolidaysVIC, auPair)
	auHolidaysWA  = replaced(au.HolidaysWA, auPair)
)

// replaced returns a copy of rules with each rule that subs has a
// replacement for replaced.
func replaced(rules []*cal.Holiday, subs map[*cal.Holiday]*cal.Holiday) []*cal.Holiday {
	out := slices.Clone(rules)
	for i, h := range out {
		if r, ok := subs[h]; ok {
			out[i] = r
		}
	}
	return out
}

// onTheDay returns h up to the year last, on its own date even on a
// weekend.
func onTheDay(h *cal.Holiday, last int) *cal.Holiday {
	c := h.Clone(&cal.Holiday{EndYear: last})
	c.Observed = nil
	return c
}

// oneOff returns a holiday of a single year.
func oneOff(name string, year int, month time.Month, day int) *cal.Holiday {
	return &cal.Holiday{Name: name, Type: cal.ObservancePublic, StartYear: year, EndYear: year,
		Month: month, Day: day, Func: cal.CalcDayOfMonth}
}

// Country returns the national public holidays of a country (or, for
// Australia, a state or territory), by ISO 3166 code: "NZ", "GB", "US",
// "CA", "IE", and "AU-ACT", "AU-NSW", "AU-NT", "AU-QLD", "AU-SA", "AU-TAS",
// "AU-VIC" and "AU-WA". The rules are rickar/cal v2.1.32's; regional
// holidays (such as New Zealand's provincial anniversary days) are not
// included.
//
// "NZ" follows the law in force each year since the Holidays Act 2003
// (checked year by year for 2010 to 2030 against Employment New Zealand's
// tables), where rickar/cal applies today's rules to every year:
//   - Waitangi Day and ANZAC Day on a weekend move to the Monday only from
//     2014 (the Holidays (Full Recognition of Waitangi Day and ANZAC Day)
//     Amendment Act 2013); before, the holiday is the weekend day itself;
//   - Christmas Day on a Sunday is observed on Tuesday 27 December and
//     Boxing Day stays on Monday 26 December; New Year's Day on a Sunday is
//     observed on Tuesday 3 January and 2 January stays on the Monday;
//   - Queen Elizabeth II Memorial Day, Monday 26 September 2022;
//   - Matariki from 2022 (see [Matariki]);
//   - the sovereign's birthday is "Queen's Birthday" until 2022 and
//     "King's Birthday" from 2023.
//
// Its HolidaysIn returns an error wrapping [ErrNoHolidayData] for a year
// after 2052. Before 2004 its sets extend these rules backwards, which is
// not always the law of the time (Waitangi Day, for one, became a national
// public holiday only in 1974).
//
// "GB" (the bank holidays of England and Wales) adds the one-off bank
// holidays since 1978 that rickar/cal lacks (1981, 1995, 1999, 2002, 2011,
// 2012 and the State Funeral of Queen Elizabeth II on 19 September 2022) and
// observes Christmas Day on a Sunday on the Tuesday, Boxing Day staying on
// the Monday. Before 1978, when the early May bank holiday began, its sets
// are today's rules extended backwards.
//
// The Australian sets observe Christmas Day on a Sunday on the Tuesday
// too, Boxing Day (Proclamation Day in South Australia) staying on the
// Monday. They and the other sets are otherwise rickar/cal's rules as they
// are, with the same correction of the sovereign's birthday's name, and
// are not checked year by year against the law of each year.
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
// rickar/cal v2.1.32 defines nz.Matariki but leaves it out of nz.Holidays,
// and for a year outside 2022 to 2052 it gives 24 June 2022; this package
// ships the statutory table and refuses other years.
func Matariki(year int) (Date, error) {
	if year < matarikiFirst || year > matarikiLast {
		return Date{}, fmt.Errorf("%w: Matariki: %d is outside the statutory table (%d to %d)",
			ErrNoHolidayData, year, matarikiFirst, matarikiLast)
	}
	m := matarikiDates[year-matarikiFirst]
	return Date{Year: year, Month: m.month, Day: m.day}, nil
}

// holidayName corrects rickar/cal's name of the sovereign's birthday
// holiday, which it gives as "Queen's Birthday" in every year in New
// Zealand and most Australian states and as "King's Birthday" in Western
// Australia from 2022: the holiday was Queen's Birthday until 2022 (Western
// Australia's on 26 September 2022 too) and has been King's Birthday since
// 2023. The dates themselves are rickar/cal's.
func holidayName(name string, year int) string {
	if name == "Queen's Birthday" && year >= 2023 {
		return "King's Birthday"
	}
	if name == "King's Birthday" && year < 2023 {
		return "Queen's Birthday"
	}
	return name
}
