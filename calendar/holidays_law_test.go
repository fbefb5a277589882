package calendar_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/calendar"
	"pgregory.net/rapid"
)

// nzPublicHolidays are New Zealand's national public holidays of 2010 to
// 2030 as Employment New Zealand ("Public holidays and anniversary dates",
// its past-years and future-years tables) lists them, on the day a Monday
// to Friday worker has off: a holiday moved off a weekend is listed on its
// observed Monday or Tuesday, as this package's sets give it.
//
// Each list was built from the law (Holidays Act 2003 sections 44 to 45A;
// the Holidays (Full Recognition of Waitangi Day and ANZAC Day) Amendment
// Act 2013, in force from 1 January 2014; the Te Kāhui o Matariki Public
// Holiday Act 2022; the Queen Elizabeth II Memorial Day Act 2022) and the
// weekdays of each year, then checked against these copies of the table
// and of the law (Employment New Zealand's site cannot be reached from
// here):
//   - 2010 to 2013: the Department of Labour's page of April 2011 (web
//     archive): a weekend Waitangi or ANZAC Day gives no weekday holiday.
//   - 2015: publicholiday.co.nz's 2015 list (ANZAC Day Saturday 25 April,
//     observed Monday 27 April, the first Mondayised; Boxing Day observed
//     Monday 28 December).
//   - 2020: a public 2020 list (ANZAC Day observed Monday 27 April, Boxing
//     Day observed Monday 28 December).
//   - 2021: Employsure's explainer (Christmas Monday 27 and Boxing Day
//     Tuesday 28 December; New Year 2022 on Monday 3 and Tuesday 4
//     January) and FedsNews (Waitangi Day 2021 observed Monday 8
//     February).
//   - 2022: the Employers and Manufacturers Association's table (Waitangi
//     Day Monday 7 February, Matariki 24 June, Christmas Day Sunday 25
//     observed Tuesday 27 December, Boxing Day Monday 26 December).
//   - 2023: a public 2023 list (New Year's Day Sunday 1 January observed
//     Tuesday 3 January, Day after New Year's Day Monday 2 January).
//   - 2024 to 2030: the law's rules only, with Matariki from the Act's
//     schedule (see TestMatariki); no copy of the future-years table was
//     at hand.
//
// The days are commented with their weekday.
var nzPublicHolidays = map[int][]calendar.Holiday{
	2010: {
		{Date: date(2010, 1, 1), Name: "New Year's Day"},           // Fri
		{Date: date(2010, 1, 4), Name: "Day after New Year's Day"}, // Mon
		{Date: date(2010, 2, 6), Name: "Waitangi Day"},             // Sat
		{Date: date(2010, 4, 2), Name: "Good Friday"},              // Fri
		{Date: date(2010, 4, 5), Name: "Easter Monday"},            // Mon
		{Date: date(2010, 4, 25), Name: "ANZAC Day"},               // Sun
		{Date: date(2010, 6, 7), Name: "Queen's Birthday"},         // Mon
		{Date: date(2010, 10, 25), Name: "Labour Day"},             // Mon
		{Date: date(2010, 12, 27), Name: "Christmas Day"},          // Mon
		{Date: date(2010, 12, 28), Name: "Boxing Day"},             // Tue
	},
	2011: {
		{Date: date(2011, 1, 3), Name: "New Year's Day"},           // Mon
		{Date: date(2011, 1, 4), Name: "Day after New Year's Day"}, // Tue
		{Date: date(2011, 2, 6), Name: "Waitangi Day"},             // Sun
		{Date: date(2011, 4, 22), Name: "Good Friday"},             // Fri
		{Date: date(2011, 4, 25), Name: "ANZAC Day"},               // Mon
		{Date: date(2011, 4, 25), Name: "Easter Monday"},           // Mon
		{Date: date(2011, 6, 6), Name: "Queen's Birthday"},         // Mon
		{Date: date(2011, 10, 24), Name: "Labour Day"},             // Mon
		{Date: date(2011, 12, 26), Name: "Boxing Day"},             // Mon
		{Date: date(2011, 12, 27), Name: "Christmas Day"},          // Tue
	},
	2012: {
		{Date: date(2012, 1, 2), Name: "Day after New Year's Day"}, // Mon
		{Date: date(2012, 1, 3), Name: "New Year's Day"},           // Tue
		{Date: date(2012, 2, 6), Name: "Waitangi Day"},             // Mon
		{Date: date(2012, 4, 6), Name: "Good Friday"},              // Fri
		{Date: date(2012, 4, 9), Name: "Easter Monday"},            // Mon
		{Date: date(2012, 4, 25), Name: "ANZAC Day"},               // Wed
		{Date: date(2012, 6, 4), Name: "Queen's Birthday"},         // Mon
		{Date: date(2012, 10, 22), Name: "Labour Day"},             // Mon
		{Date: date(2012, 12, 25), Name: "Christmas Day"},          // Tue
		{Date: date(2012, 12, 26), Name: "Boxing Day"},             // Wed
	},
	2013: {
		{Date: date(2013, 1, 1), Name: "New Year's Day"},           // Tue
		{Date: date(2013, 1, 2), Name: "Day after New Year's Day"}, // Wed
		{Date: date(2013, 2, 6), Name: "Waitangi Day"},             // Wed
		{Date: date(2013, 3, 29), Name: "Good Friday"},             // Fri
		{Date: date(2013, 4, 1), Name: "Easter Monday"},            // Mon
		{Date: date(2013, 4, 25), Name: "ANZAC Day"},               // Thu
		{Date: date(2013, 6, 3), Name: "Queen's Birthday"},         // Mon
		{Date: date(2013, 10, 28), Name: "Labour Day"},             // Mon
		{Date: date(2013, 12, 25), Name: "Christmas Day"},          // Wed
		{Date: date(2013, 12, 26), Name: "Boxing Day"},             // Thu
	},
	2014: {
		{Date: date(2014, 1, 1), Name: "New Year's Day"},           // Wed
		{Date: date(2014, 1, 2), Name: "Day after New Year's Day"}, // Thu
		{Date: date(2014, 2, 6), Name: "Waitangi Day"},             // Thu
		{Date: date(2014, 4, 18), Name: "Good Friday"},             // Fri
		{Date: date(2014, 4, 21), Name: "Easter Monday"},           // Mon
		{Date: date(2014, 4, 25), Name: "ANZAC Day"},               // Fri
		{Date: date(2014, 6, 2), Name: "Queen's Birthday"},         // Mon
		{Date: date(2014, 10, 27), Name: "Labour Day"},             // Mon
		{Date: date(2014, 12, 25), Name: "Christmas Day"},          // Thu
		{Date: date(2014, 12, 26), Name: "Boxing Day"},             // Fri
	},
	2015: {
		{Date: date(2015, 1, 1), Name: "New Year's Day"},           // Thu
		{Date: date(2015, 1, 2), Name: "Day after New Year's Day"}, // Fri
		{Date: date(2015, 2, 6), Name: "Waitangi Day"},             // Fri
		{Date: date(2015, 4, 3), Name: "Good Friday"},              // Fri
		{Date: date(2015, 4, 6), Name: "Easter Monday"},            // Mon
		{Date: date(2015, 4, 27), Name: "ANZAC Day"},               // Mon
		{Date: date(2015, 6, 1), Name: "Queen's Birthday"},         // Mon
		{Date: date(2015, 10, 26), Name: "Labour Day"},             // Mon
		{Date: date(2015, 12, 25), Name: "Christmas Day"},          // Fri
		{Date: date(2015, 12, 28), Name: "Boxing Day"},             // Mon
	},
	2016: {
		{Date: date(2016, 1, 1), Name: "New Year's Day"},           // Fri
		{Date: date(2016, 1, 4), Name: "Day after New Year's Day"}, // Mon
		{Date: date(2016, 2, 8), Name: "Waitangi Day"},             // Mon
		{Date: date(2016, 3, 25), Name: "Good Friday"},             // Fri
		{Date: date(2016, 3, 28), Name: "Easter Monday"},           // Mon
		{Date: date(2016, 4, 25), Name: "ANZAC Day"},               // Mon
		{Date: date(2016, 6, 6), Name: "Queen's Birthday"},         // Mon
		{Date: date(2016, 10, 24), Name: "Labour Day"},             // Mon
		{Date: date(2016, 12, 26), Name: "Boxing Day"},             // Mon
		{Date: date(2016, 12, 27), Name: "Christmas Day"},          // Tue
	},
	2017: {
		{Date: date(2017, 1, 2), Name: "Day after New Year's Day"}, // Mon
		{Date: date(2017, 1, 3), Name: "New Year's Day"},           // Tue
		{Date: date(2017, 2, 6), Name: "Waitangi Day"},             // Mon
		{Date: date(2017, 4, 14), Name: "Good Friday"},             // Fri
		{Date: date(2017, 4, 17), Name: "Easter Monday"},           // Mon
		{Date: date(2017, 4, 25), Name: "ANZAC Day"},               // Tue
		{Date: date(2017, 6, 5), Name: "Queen's Birthday"},         // Mon
		{Date: date(2017, 10, 23), Name: "Labour Day"},             // Mon
		{Date: date(2017, 12, 25), Name: "Christmas Day"},          // Mon
		{Date: date(2017, 12, 26), Name: "Boxing Day"},             // Tue
	},
	2018: {
		{Date: date(2018, 1, 1), Name: "New Year's Day"},           // Mon
		{Date: date(2018, 1, 2), Name: "Day after New Year's Day"}, // Tue
		{Date: date(2018, 2, 6), Name: "Waitangi Day"},             // Tue
		{Date: date(2018, 3, 30), Name: "Good Friday"},             // Fri
		{Date: date(2018, 4, 2), Name: "Easter Monday"},            // Mon
		{Date: date(2018, 4, 25), Name: "ANZAC Day"},               // Wed
		{Date: date(2018, 6, 4), Name: "Queen's Birthday"},         // Mon
		{Date: date(2018, 10, 22), Name: "Labour Day"},             // Mon
		{Date: date(2018, 12, 25), Name: "Christmas Day"},          // Tue
		{Date: date(2018, 12, 26), Name: "Boxing Day"},             // Wed
	},
	2019: {
		{Date: date(2019, 1, 1), Name: "New Year's Day"},           // Tue
		{Date: date(2019, 1, 2), Name: "Day after New Year's Day"}, // Wed
		{Date: date(2019, 2, 6), Name: "Waitangi Day"},             // Wed
		{Date: date(2019, 4, 19), Name: "Good Friday"},             // Fri
		{Date: date(2019, 4, 22), Name: "Easter Monday"},           // Mon
		{Date: date(2019, 4, 25), Name: "ANZAC Day"},               // Thu
		{Date: date(2019, 6, 3), Name: "Queen's Birthday"},         // Mon
		{Date: date(2019, 10, 28), Name: "Labour Day"},             // Mon
		{Date: date(2019, 12, 25), Name: "Christmas Day"},          // Wed
		{Date: date(2019, 12, 26), Name: "Boxing Day"},             // Thu
	},
	2020: {
		{Date: date(2020, 1, 1), Name: "New Year's Day"},           // Wed
		{Date: date(2020, 1, 2), Name: "Day after New Year's Day"}, // Thu
		{Date: date(2020, 2, 6), Name: "Waitangi Day"},             // Thu
		{Date: date(2020, 4, 10), Name: "Good Friday"},             // Fri
		{Date: date(2020, 4, 13), Name: "Easter Monday"},           // Mon
		{Date: date(2020, 4, 27), Name: "ANZAC Day"},               // Mon
		{Date: date(2020, 6, 1), Name: "Queen's Birthday"},         // Mon
		{Date: date(2020, 10, 26), Name: "Labour Day"},             // Mon
		{Date: date(2020, 12, 25), Name: "Christmas Day"},          // Fri
		{Date: date(2020, 12, 28), Name: "Boxing Day"},             // Mon
	},
	2021: {
		{Date: date(2021, 1, 1), Name: "New Year's Day"},           // Fri
		{Date: date(2021, 1, 4), Name: "Day after New Year's Day"}, // Mon
		{Date: date(2021, 2, 8), Name: "Waitangi Day"},             // Mon
		{Date: date(2021, 4, 2), Name: "Good Friday"},              // Fri
		{Date: date(2021, 4, 5), Name: "Easter Monday"},            // Mon
		{Date: date(2021, 4, 26), Name: "ANZAC Day"},               // Mon
		{Date: date(2021, 6, 7), Name: "Queen's Birthday"},         // Mon
		{Date: date(2021, 10, 25), Name: "Labour Day"},             // Mon
		{Date: date(2021, 12, 27), Name: "Christmas Day"},          // Mon
		{Date: date(2021, 12, 28), Name: "Boxing Day"},             // Tue
	},
	2022: {
		{Date: date(2022, 1, 3), Name: "New Year's Day"},                   // Mon
		{Date: date(2022, 1, 4), Name: "Day after New Year's Day"},         // Tue
		{Date: date(2022, 2, 7), Name: "Waitangi Day"},                     // Mon
		{Date: date(2022, 4, 15), Name: "Good Friday"},                     // Fri
		{Date: date(2022, 4, 18), Name: "Easter Monday"},                   // Mon
		{Date: date(2022, 4, 25), Name: "ANZAC Day"},                       // Mon
		{Date: date(2022, 6, 6), Name: "Queen's Birthday"},                 // Mon
		{Date: date(2022, 6, 24), Name: "Matariki"},                        // Fri
		{Date: date(2022, 9, 26), Name: "Queen Elizabeth II Memorial Day"}, // Mon
		{Date: date(2022, 10, 24), Name: "Labour Day"},                     // Mon
		{Date: date(2022, 12, 26), Name: "Boxing Day"},                     // Mon
		{Date: date(2022, 12, 27), Name: "Christmas Day"},                  // Tue
	},
	2023: {
		{Date: date(2023, 1, 2), Name: "Day after New Year's Day"}, // Mon
		{Date: date(2023, 1, 3), Name: "New Year's Day"},           // Tue
		{Date: date(2023, 2, 6), Name: "Waitangi Day"},             // Mon
		{Date: date(2023, 4, 7), Name: "Good Friday"},              // Fri
		{Date: date(2023, 4, 10), Name: "Easter Monday"},           // Mon
		{Date: date(2023, 4, 25), Name: "ANZAC Day"},               // Tue
		{Date: date(2023, 6, 5), Name: "King's Birthday"},          // Mon
		{Date: date(2023, 7, 14), Name: "Matariki"},                // Fri
		{Date: date(2023, 10, 23), Name: "Labour Day"},             // Mon
		{Date: date(2023, 12, 25), Name: "Christmas Day"},          // Mon
		{Date: date(2023, 12, 26), Name: "Boxing Day"},             // Tue
	},
	2024: {
		{Date: date(2024, 1, 1), Name: "New Year's Day"},           // Mon
		{Date: date(2024, 1, 2), Name: "Day after New Year's Day"}, // Tue
		{Date: date(2024, 2, 6), Name: "Waitangi Day"},             // Tue
		{Date: date(2024, 3, 29), Name: "Good Friday"},             // Fri
		{Date: date(2024, 4, 1), Name: "Easter Monday"},            // Mon
		{Date: date(2024, 4, 25), Name: "ANZAC Day"},               // Thu
		{Date: date(2024, 6, 3), Name: "King's Birthday"},          // Mon
		{Date: date(2024, 6, 28), Name: "Matariki"},                // Fri
		{Date: date(2024, 10, 28), Name: "Labour Day"},             // Mon
		{Date: date(2024, 12, 25), Name: "Christmas Day"},          // Wed
		{Date: date(2024, 12, 26), Name: "Boxing Day"},             // Thu
	},
	2025: {
		{Date: date(2025, 1, 1), Name: "New Year's Day"},           // Wed
		{Date: date(2025, 1, 2), Name: "Day after New Year's Day"}, // Thu
		{Date: date(2025, 2, 6), Name: "Waitangi Day"},             // Thu
		{Date: date(2025, 4, 18), Name: "Good Friday"},             // Fri
		{Date: date(2025, 4, 21), Name: "Easter Monday"},           // Mon
		{Date: date(2025, 4, 25), Name: "ANZAC Day"},               // Fri
		{Date: date(2025, 6, 2), Name: "King's Birthday"},          // Mon
		{Date: date(2025, 6, 20), Name: "Matariki"},                // Fri
		{Date: date(2025, 10, 27), Name: "Labour Day"},             // Mon
		{Date: date(2025, 12, 25), Name: "Christmas Day"},          // Thu
		{Date: date(2025, 12, 26), Name: "Boxing Day"},             // Fri
	},
	2026: {
		{Date: date(2026, 1, 1), Name: "New Year's Day"},           // Thu
		{Date: date(2026, 1, 2), Name: "Day after New Year's Day"}, // Fri
		{Date: date(2026, 2, 6), Name: "Waitangi Day"},             // Fri
		{Date: date(2026, 4, 3), Name: "Good Friday"},              // Fri
		{Date: date(2026, 4, 6), Name: "Easter Monday"},            // Mon
		{Date: date(2026, 4, 27), Name: "ANZAC Day"},               // Mon
		{Date: date(2026, 6, 1), Name: "King's Birthday"},          // Mon
		{Date: date(2026, 7, 10), Name: "Matariki"},                // Fri
		{Date: date(2026, 10, 26), Name: "Labour Day"},             // Mon
		{Date: date(2026, 12, 25), Name: "Christmas Day"},          // Fri
		{Date: date(2026, 12, 28), Name: "Boxing Day"},             // Mon
	},
	2027: {
		{Date: date(2027, 1, 1), Name: "New Year's Day"},           // Fri
		{Date: date(2027, 1, 4), Name: "Day after New Year's Day"}, // Mon
		{Date: date(2027, 2, 8), Name: "Waitangi Day"},             // Mon
		{Date: date(2027, 3, 26), Name: "Good Friday"},             // Fri
		{Date: date(2027, 3, 29), Name: "Easter Monday"},           // Mon
		{Date: date(2027, 4, 26), Name: "ANZAC Day"},               // Mon
		{Date: date(2027, 6, 7), Name: "King's Birthday"},          // Mon
		{Date: date(2027, 6, 25), Name: "Matariki"},                // Fri
		{Date: date(2027, 10, 25), Name: "Labour Day"},             // Mon
		{Date: date(2027, 12, 27), Name: "Christmas Day"},          // Mon
		{Date: date(2027, 12, 28), Name: "Boxing Day"},             // Tue
	},
	2028: {
		{Date: date(2028, 1, 3), Name: "New Year's Day"},           // Mon
		{Date: date(2028, 1, 4), Name: "Day after New Year's Day"}, // Tue
		{Date: date(2028, 2, 7), Name: "Waitangi Day"},             // Mon
		{Date: date(2028, 4, 14), Name: "Good Friday"},             // Fri
		{Date: date(2028, 4, 17), Name: "Easter Monday"},           // Mon
		{Date: date(2028, 4, 25), Name: "ANZAC Day"},               // Tue
		{Date: date(2028, 6, 5), Name: "King's Birthday"},          // Mon
		{Date: date(2028, 7, 14), Name: "Matariki"},                // Fri
		{Date: date(2028, 10, 23), Name: "Labour Day"},             // Mon
		{Date: date(2028, 12, 25), Name: "Christmas Day"},          // Mon
		{Date: date(2028, 12, 26), Name: "Boxing Day"},             // Tue
	},
	2029: {
		{Date: date(2029, 1, 1), Name: "New Year's Day"},           // Mon
		{Date: date(2029, 1, 2), Name: "Day after New Year's Day"}, // Tue
		{Date: date(2029, 2, 6), Name: "Waitangi Day"},             // Tue
		{Date: date(2029, 3, 30), Name: "Good Friday"},             // Fri
		{Date: date(2029, 4, 2), Name: "Easter Monday"},            // Mon
		{Date: date(2029, 4, 25), Name: "ANZAC Day"},               // Wed
		{Date: date(2029, 6, 4), Name: "King's Birthday"},          // Mon
		{Date: date(2029, 7, 6), Name: "Matariki"},                 // Fri
		{Date: date(2029, 10, 22), Name: "Labour Day"},             // Mon
		{Date: date(2029, 12, 25), Name: "Christmas Day"},          // Tue
		{Date: date(2029, 12, 26), Name: "Boxing Day"},             // Wed
	},
	2030: {
		{Date: date(2030, 1, 1), Name: "New Year's Day"},           // Tue
		{Date: date(2030, 1, 2), Name: "Day after New Year's Day"}, // Wed
		{Date: date(2030, 2, 6), Name: "Waitangi Day"},             // Wed
		{Date: date(2030, 4, 19), Name: "Good Friday"},             // Fri
		{Date: date(2030, 4, 22), Name: "Easter Monday"},           // Mon
		{Date: date(2030, 4, 25), Name: "ANZAC Day"},               // Thu
		{Date: date(2030, 6, 3), Name: "King's Birthday"},          // Mon
		{Date: date(2030, 6, 21), Name: "Matariki"},                // Fri
		{Date: date(2030, 10, 28), Name: "Labour Day"},             // Mon
		{Date: date(2030, 12, 25), Name: "Christmas Day"},          // Wed
		{Date: date(2030, 12, 26), Name: "Boxing Day"},             // Thu
	},
}

func TestNZPublicHolidays2010To2030(t *testing.T) {
	set, err := calendar.Country("NZ")
	if err != nil {
		t.Fatal(err)
	}
	for year := 2010; year <= 2030; year++ {
		want, ok := nzPublicHolidays[year]
		if !ok {
			t.Fatalf("no list for %d", year)
		}
		got, err := set.HolidaysIn(year)
		if err != nil {
			t.Fatalf("HolidaysIn(%d): %v", year, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("NZ public holidays of %d (-Employment NZ +got):\n%s", year, diff)
		}
	}
}

// nzLaw computes New Zealand's national public holidays of a year from the
// law's rules, independently of rickar/cal: the oracle of the property
// below. It covers the years from 2004 to 2052 (the Holidays Act 2003 to
// the end of the Matariki schedule), and extends the 2003 rules backwards.
func nzLaw(year int) []calendar.Holiday {
	day := func(m time.Month, d int) calendar.Date { return date(year, m, d) }
	var hs []calendar.Holiday
	add := func(d calendar.Date, name string) { hs = append(hs, calendar.Holiday{Date: d, Name: name}) }
	// A two-day holiday: each day on a weekend moves to the next weekday
	// that is not the other day.
	pair := func(first calendar.Date, a, b string) {
		second := first.AddDays(1)
		if w := first.Weekday(); w == time.Saturday || w == time.Sunday {
			first = first.AddDays(2)
		}
		if w := second.Weekday(); w == time.Saturday || w == time.Sunday {
			second = second.AddDays(2)
		}
		add(first, a)
		add(second, b)
	}
	// Waitangi Day and ANZAC Day: Mondayised from 2014.
	mondayised := func(d calendar.Date, name string) {
		for year >= 2014 && (d.Weekday() == time.Saturday || d.Weekday() == time.Sunday) {
			d = d.AddDays(1)
		}
		add(d, name)
	}
	// nthMonday is the n-th Monday of a month.
	nthMonday := func(m time.Month, n int) calendar.Date {
		d := day(m, 1)
		for d.Weekday() != time.Monday {
			d = d.AddDays(1)
		}
		return d.AddDays(7 * (n - 1))
	}
	pair(day(time.January, 1), "New Year's Day", "Day after New Year's Day")
	mondayised(day(time.February, 6), "Waitangi Day")
	easter := easterSunday(year)
	add(easter.AddDays(-2), "Good Friday")
	add(easter.AddDays(1), "Easter Monday")
	mondayised(day(time.April, 25), "ANZAC Day")
	if year <= 2022 {
		add(nthMonday(time.June, 1), "Queen's Birthday")
	} else {
		add(nthMonday(time.June, 1), "King's Birthday")
	}
	if d, ok := matarikiSchedule[year]; ok {
		add(d, "Matariki")
	}
	if year == 2022 {
		add(day(time.September, 26), "Queen Elizabeth II Memorial Day")
	}
	add(nthMonday(time.October, 4), "Labour Day")
	pair(day(time.December, 25), "Christmas Day", "Boxing Day")
	slices.SortFunc(hs, func(a, b calendar.Holiday) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		if a.Name < b.Name {
			return -1
		}
		return 1
	})
	return hs
}

// easterSunday is Easter Sunday of the Gregorian calendar (the anonymous
// Gregorian algorithm of Meeus, Jones and Butcher).
func easterSunday(y int) calendar.Date {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	return date(y, time.Month((h+l-7*m+114)/31), (h+l-7*m+114)%31+1)
}

// nzRuleStarts are the years in which a rule of New Zealand's law began:
// Mondayisation of Waitangi and ANZAC Day, Matariki and the one-off
// memorial day, King's Birthday.
var nzRuleStarts = []int{2014, 2022, 2023}

// The NZ set agrees with the law's rules in every year up to 2052, and in
// particular on both sides of each rule's first year.
func TestNZHolidaysFollowTheLaw(t *testing.T) {
	set, err := calendar.Country("NZ")
	if err != nil {
		t.Fatal(err)
	}
	check := func(t interface {
		Helper()
		Fatalf(string, ...any)
	}, year int) {
		t.Helper()
		got, err := set.HolidaysIn(year)
		if err != nil {
			t.Fatalf("HolidaysIn(%d): %v", year, err)
		}
		if diff := cmp.Diff(nzLaw(year), got); diff != "" {
			t.Fatalf("NZ holidays of %d (-law +got):\n%s", year, diff)
		}
	}
	for _, start := range nzRuleStarts {
		for year := start - 2; year <= start+1; year++ {
			check(t, year)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		var year int
		if rapid.Bool().Draw(t, "nearStart") {
			year = rapid.SampledFrom(nzRuleStarts).Draw(t, "start") + rapid.IntRange(-3, 2).Draw(t, "offset")
		} else {
			year = rapid.IntRange(2004, 2052).Draw(t, "year")
		}
		check(t, year)
	})
}

// A weekend Waitangi or ANZAC Day closed the Monday only from 2014: in
// 2013 nothing moved, in 2015 ANZAC Day (a Saturday) closed Monday 27
// April, and in 2010 and 2021 the two sides of the same weekdays differ.
func TestNZMondayisationFrom2014(t *testing.T) {
	tests := []struct {
		year    int
		holiday calendar.Holiday
		notOn   calendar.Date
	}{
		{2010, calendar.Holiday{Date: date(2010, 2, 6), Name: "Waitangi Day"}, date(2010, 2, 8)},
		{2010, calendar.Holiday{Date: date(2010, 4, 25), Name: "ANZAC Day"}, date(2010, 4, 26)},
		{2011, calendar.Holiday{Date: date(2011, 2, 6), Name: "Waitangi Day"}, date(2011, 2, 7)},
		{2015, calendar.Holiday{Date: date(2015, 4, 27), Name: "ANZAC Day"}, date(2015, 4, 25)},
		{2016, calendar.Holiday{Date: date(2016, 2, 8), Name: "Waitangi Day"}, date(2016, 2, 6)},
		{2021, calendar.Holiday{Date: date(2021, 2, 8), Name: "Waitangi Day"}, date(2021, 2, 6)},
	}
	set, err := calendar.Country("NZ")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		hs, err := set.HolidaysIn(tt.year)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(hs, tt.holiday) {
			t.Errorf("%d: no %v in %v", tt.year, tt.holiday, hs)
		}
		if slices.ContainsFunc(hs, func(h calendar.Holiday) bool { return h.Date == tt.notOn }) {
			t.Errorf("%d: %v is a holiday, want not", tt.year, tt.notOn)
		}
	}
}

// A holiday of a limited span of years, and the date it falls on.
type boundedRule struct {
	code        string
	name        string
	first, last int // 0: no limit
	on          func(year int) calendar.Date
}

func fixed(m time.Month, d int) func(int) calendar.Date {
	return func(y int) calendar.Date { return date(y, m, d) }
}

// boundedRules are the holidays of the sets that begin or end in a year
// within 1900 to 2052. Rules of the same code and name are one holiday
// held in the years of either.
var boundedRules = []boundedRule{
	{"NZ", "Matariki", 2022, 2052, func(y int) calendar.Date { return matarikiSchedule[y] }},
	{"NZ", "Queen Elizabeth II Memorial Day", 2022, 2022, fixed(time.September, 26)},
	{"GB", "VE Day", 1995, 1995, fixed(time.May, 8)},
	{"GB", "VE Day", 2020, 2020, fixed(time.May, 8)},
	{"GB", "Millennium Bank Holiday", 1999, 1999, fixed(time.December, 31)},
	{"GB", "Golden Jubilee of Queen Elizabeth II", 2002, 2002, fixed(time.June, 3)},
	{"GB", "Wedding of Prince Charles and Lady Diana Spencer", 1981, 1981, fixed(time.July, 29)},
	{"GB", "Wedding of Prince William and Catherine Middleton", 2011, 2011, fixed(time.April, 29)},
	{"GB", "Diamond Jubilee of Queen Elizabeth II", 2012, 2012, fixed(time.June, 5)},
	{"GB", "Platinum Jubilee Bank Holiday", 2022, 2022, fixed(time.June, 3)},
	{"GB", "State Funeral of Queen Elizabeth II", 2022, 2022, fixed(time.September, 19)},
	{"GB", "Coronation of King Charles III", 2023, 2023, fixed(time.May, 8)},
	{"AU-NSW", "National Day of Mourning for Her Majesty the Queen", 2022, 2022, fixed(time.September, 22)},
	{"AU-WA", "National Day of Mourning for Her Majesty the Queen", 2022, 2022, fixed(time.September, 22)},
	{"AU-WA", "Queen's Birthday", 0, 2022, nil},
	{"AU-WA", "King's Birthday", 2023, 0, nil},
	{"AU-VIC", "Friday before the AFL Grand Final", 2015, 0, nil},
	{"NZ", "Queen's Birthday", 0, 2022, nil},
	{"NZ", "King's Birthday", 2023, 0, nil},
	{"AU-NSW", "King's Birthday", 2023, 0, nil},
}

// Every set agrees with its rules on both sides of each rule's first and
// last year: a holiday is there (on its date) exactly in the years of its
// rule.
func TestHolidayRulesBoundaries(t *testing.T) {
	check := func(t interface{ Fatalf(string, ...any) }, r boundedRule, year int) {
		set, err := calendar.Country(r.code)
		if err != nil {
			t.Fatalf("%v", err)
		}
		hs, err := set.HolidaysIn(year)
		if err != nil {
			t.Fatalf("%s HolidaysIn(%d): %v", r.code, year, err)
		}
		// The rules of one name (VE Day: 1995 and 2020) are one holiday.
		var in *boundedRule
		for j, o := range boundedRules {
			if o.code == r.code && o.name == r.name &&
				(o.first == 0 || year >= o.first) && (o.last == 0 || year <= o.last) {
				in = &boundedRules[j]
			}
		}
		i := slices.IndexFunc(hs, func(h calendar.Holiday) bool { return h.Name == r.name })
		switch {
		case in != nil && i < 0:
			t.Fatalf("%s %d: no %q in %v", r.code, year, r.name, hs)
		case in == nil && i >= 0:
			t.Fatalf("%s %d: %q on %v, want none (rule %d to %d)", r.code, year, r.name, hs[i].Date, r.first, r.last)
		case in != nil && in.on != nil && hs[i].Date != in.on(year):
			t.Fatalf("%s %d: %q on %v, want %v", r.code, year, r.name, hs[i].Date, in.on(year))
		}
	}
	for _, r := range boundedRules {
		for _, b := range []int{r.first, r.last} {
			for year := b - 1; b != 0 && year <= b+1; year++ {
				if year <= 2052 {
					check(t, r, year)
				}
			}
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		r := rapid.SampledFrom(boundedRules).Draw(t, "rule")
		year := rapid.IntRange(1900, 2052).Draw(t, "year")
		check(t, r, year)
	})
}

// Great Britain: the bank holidays moved for 2002 and 2012's jubilees, and
// Christmas Day on a Sunday is observed on Tuesday 27 December with Boxing
// Day on the Monday (gov.uk's "Christmas Day (substitute day)").
func TestGBBankHolidayCorrections(t *testing.T) {
	set, err := calendar.Country("GB")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		year    int
		present []calendar.Holiday
		absent  []calendar.Date
	}{
		{1995, []calendar.Holiday{{Date: date(1995, 5, 8), Name: "VE Day"}}, []calendar.Date{date(1995, 5, 1)}},
		{2002, []calendar.Holiday{{Date: date(2002, 6, 4), Name: "Spring Bank Holiday"}}, []calendar.Date{date(2002, 5, 27)}},
		{2012, []calendar.Holiday{{Date: date(2012, 6, 4), Name: "Spring Bank Holiday"}}, []calendar.Date{date(2012, 5, 28)}},
		{2016, []calendar.Holiday{{Date: date(2016, 12, 26), Name: "Boxing Day"}, {Date: date(2016, 12, 27), Name: "Christmas Day"}}, nil},
		{2021, []calendar.Holiday{{Date: date(2021, 12, 27), Name: "Christmas Day"}, {Date: date(2021, 12, 28), Name: "Boxing Day"}}, nil},
		{2022, []calendar.Holiday{{Date: date(2022, 12, 26), Name: "Boxing Day"}, {Date: date(2022, 12, 27), Name: "Christmas Day"}}, nil},
		{2020, []calendar.Holiday{{Date: date(2020, 12, 25), Name: "Christmas Day"}, {Date: date(2020, 12, 28), Name: "Boxing Day"}}, nil},
		{2023, []calendar.Holiday{{Date: date(2023, 1, 2), Name: "New Year's Day"}, {Date: date(2023, 5, 1), Name: "Early May"}}, nil},
	}
	for _, tt := range tests {
		hs, err := set.HolidaysIn(tt.year)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range tt.present {
			if !slices.Contains(hs, h) {
				t.Errorf("GB %d: no %v in %v", tt.year, h, hs)
			}
		}
		for _, d := range tt.absent {
			if slices.ContainsFunc(hs, func(h calendar.Holiday) bool { return h.Date == d }) {
				t.Errorf("GB %d: %v is a holiday, want not", tt.year, d)
			}
		}
	}
}

// Australia: Christmas Day on a Sunday (2016, 2022) is observed on Tuesday
// 27 December and Boxing Day (Proclamation Day in South Australia) stays
// on Monday 26 December; on a Saturday (2021) they are observed on Monday
// 27 and Tuesday 28 December.
func TestAUChristmasOnSunday(t *testing.T) {
	for _, code := range []string{"AU-ACT", "AU-NSW", "AU-NT", "AU-QLD", "AU-SA", "AU-TAS", "AU-VIC", "AU-WA"} {
		set, err := calendar.Country(code)
		if err != nil {
			t.Fatal(err)
		}
		second := "Boxing Day"
		if code == "AU-SA" {
			second = "Proclamation Day"
		}
		want := map[int][]calendar.Holiday{
			2016: {{Date: date(2016, 12, 26), Name: second}, {Date: date(2016, 12, 27), Name: "Christmas Day"}},
			2021: {{Date: date(2021, 12, 27), Name: "Christmas Day"}, {Date: date(2021, 12, 28), Name: second}},
			2022: {{Date: date(2022, 12, 26), Name: second}, {Date: date(2022, 12, 27), Name: "Christmas Day"}},
			2023: {{Date: date(2023, 12, 25), Name: "Christmas Day"}, {Date: date(2023, 12, 26), Name: second}},
		}
		for year, hs := range want {
			got, err := set.HolidaysIn(year)
			if err != nil {
				t.Fatal(err)
			}
			got = slices.DeleteFunc(got, func(h calendar.Holiday) bool { return h.Date.Month != time.December })
			if diff := cmp.Diff(hs, got); diff != "" {
				t.Errorf("%s December %d (-want +got):\n%s", code, year, diff)
			}
		}
	}
}
