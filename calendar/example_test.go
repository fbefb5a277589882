package calendar_test

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/keyaccount/keyaccount/calendar"
)

// supportDesk returns the calendar of a New Zealand support desk: weekdays
// 08:30 to 17:00 with a lunch break, closed on public holidays, in
// Auckland.
func supportDesk() *calendar.Calendar {
	nz, err := calendar.Country("NZ")
	if err != nil {
		panic(err)
	}
	hours, err := calendar.ParseWindows("08:30-12:00, 13:00-17:00")
	if err != nil {
		panic(err)
	}
	c, err := calendar.New(calendar.Config{
		Name: "nz-support",
		Zone: "Pacific/Auckland",
		Versions: []calendar.Version{{
			Week:        calendar.MondayToFriday(hours...),
			HolidaySets: []calendar.HolidaySet{nz},
		}},
	})
	if err != nil {
		panic(err)
	}
	return c
}

// A ticket opened on Thursday afternoon before Matariki with a 4-hour
// response target is due on Monday: Friday is a public holiday, and the
// weekend and the lunch break do not count.
func Example() {
	desk := supportDesk()
	akl := desk.Location()
	opened := time.Date(2025, 6, 19, 15, 30, 0, 0, akl)

	due, err := desk.Add(opened, 4*time.Hour)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("due:", due.Format("Mon 2 Jan 15:04"))

	now := time.Date(2025, 6, 23, 10, 0, 0, 0, akl)
	used, err := desk.Duration(opened, now)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("used by Monday 10:00:", used)
	fmt.Println("wall time:", now.Sub(opened))
	// Output:
	// due: Mon 23 Jun 11:00
	// used by Monday 10:00: 3h0m0s
	// wall time: 90h30m0s
}

// A deadline that falls exactly on a close is that close; one more minute
// runs to the next open.
func ExampleCalendar_Add() {
	desk := supportDesk()
	start := time.Date(2025, 6, 16, 13, 0, 0, 0, desk.Location())
	for _, d := range []time.Duration{4 * time.Hour, 4*time.Hour + time.Minute, -5 * time.Hour} {
		due, err := desk.Add(start, d)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%v: %s\n", d, due.Format("Mon 15:04"))
	}
	// Output:
	// 4h0m0s: Mon 17:00
	// 4h1m0s: Tue 08:31
	// -5h0m0s: Fri 15:30
}

func ExampleCalendar_Duration() {
	desk := supportDesk()
	akl := desk.Location()
	// Friday 16:00 to Monday 09:00: one hour on Friday, half an hour on Monday.
	d, err := desk.Duration(time.Date(2025, 6, 13, 16, 0, 0, 0, akl), time.Date(2025, 6, 16, 9, 0, 0, 0, akl))
	fmt.Println(d, err)
	// Output:
	// 1h30m0s <nil>
}

// A clock started outside working hours starts at the next open.
func ExampleCalendar_NextWorking() {
	desk := supportDesk()
	next, err := desk.NextWorking(time.Date(2025, 6, 19, 18, 45, 0, 0, desk.Location()))
	fmt.Println(next.Format("Mon 2 Jan 15:04"), err)
	// Output:
	// Mon 23 Jun 08:30 <nil>
}

// Two business days from Thursday 10:00 is Tuesday 10:00 when Friday is a
// holiday, not Saturday 10:00.
func ExampleCalendar_AddBusinessDays() {
	desk := supportDesk()
	due, err := desk.AddBusinessDays(time.Date(2025, 6, 19, 10, 0, 0, 0, desk.Location()), 2)
	fmt.Println(due.Format("Mon 2 Jan 15:04"), err)
	// Output:
	// Tue 24 Jun 10:00 <nil>
}

func ExampleCalendar_WorkingDays() {
	desk := supportDesk()
	n, err := desk.WorkingDays(calendar.Date{Year: 2025, Month: time.January, Day: 1}, calendar.Date{Year: 2026, Month: time.January, Day: 1})
	fmt.Println(n, err)
	next, err := desk.NextWorkingDay(calendar.Date{Year: 2025, Month: time.December, Day: 24})
	fmt.Println(next, err)
	prev, err := desk.PrevWorkingDay(calendar.Date{Year: 2026, Month: time.January, Day: 5})
	fmt.Println(prev, err)
	// Output:
	// 250 <nil>
	// 2025-12-29 <nil>
	// 2025-12-31 <nil>
}

// Day explains a date: its hours and why.
func ExampleCalendar_Day() {
	desk := supportDesk()
	for _, d := range []calendar.Date{{Year: 2025, Month: time.June, Day: 19}, {Year: 2025, Month: time.June, Day: 20}} {
		day, err := desk.Day(d)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%v %v holiday=%q working=%v\n", d, d.Weekday(), day.Holiday, day.Working())
		for _, s := range day.Spans {
			fmt.Printf("  %s-%s\n", s.Start.Format("15:04"), s.End.Format("15:04"))
		}
	}
	// Output:
	// 2025-06-19 Thursday holiday="" working=7h30m0s
	//   08:30-12:00
	//   13:00-17:00
	// 2025-06-20 Friday holiday="Matariki" working=0s
}

// History is measured on the hours that applied at the time: the desk
// moved to longer hours on 1 July 2025.
func ExampleVersion() {
	c, err := calendar.New(calendar.Config{
		Zone: "Europe/London",
		Versions: []calendar.Version{
			{Week: calendar.MondayToFriday(calendar.Window{Open: calendar.Clock{Hour: 9}, Close: calendar.Clock{Hour: 17}})},
			{From: calendar.Date{Year: 2025, Month: time.July, Day: 1},
				Week: calendar.MondayToFriday(calendar.Window{Open: calendar.Clock{Hour: 8}, Close: calendar.Clock{Hour: 20}})},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	lon := c.Location()
	june, _ := c.Duration(time.Date(2025, 6, 30, 0, 0, 0, 0, lon), time.Date(2025, 7, 1, 0, 0, 0, 0, lon))
	july, _ := c.Duration(time.Date(2025, 7, 1, 0, 0, 0, 0, lon), time.Date(2025, 7, 2, 0, 0, 0, 0, lon))
	fmt.Println(june, july)
	// Output:
	// 8h0m0s 12h0m0s
}

// A night shift belongs to the day it opens on, and a day the clocks go
// forward is an hour shorter.
func ExampleWindow_overnight() {
	night, err := calendar.ParseWindow("22:00-06:00")
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := calendar.New(calendar.Config{Zone: "America/New_York", Versions: []calendar.Version{{Week: calendar.EveryDay(night)}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range []calendar.Date{{Year: 2024, Month: time.March, Day: 8}, {Year: 2024, Month: time.March, Day: 9}} {
		day, _ := c.Day(d)
		fmt.Println(d, night.Overnight, day.Working())
	}
	// Output:
	// 2024-03-08 true 8h0m0s
	// 2024-03-09 true 7h0m0s
}

// Overrides change single dates: a short day, and a special opening.
func ExampleOverride() {
	c, err := calendar.New(calendar.Config{Zone: "UTC", Versions: []calendar.Version{{
		Week: calendar.MondayToFriday(calendar.Window{Open: calendar.Clock{Hour: 9}, Close: calendar.Clock{Hour: 17}}),
		Overrides: []calendar.Override{
			{Date: calendar.Date{Year: 2025, Month: time.December, Day: 24}, Reason: "Christmas Eve",
				Windows: []calendar.Window{{Open: calendar.Clock{Hour: 9}, Close: calendar.Clock{Hour: 13}}}},
			{Date: calendar.Date{Year: 2025, Month: time.December, Day: 27}, Reason: "stocktake",
				Windows: []calendar.Window{{Open: calendar.Clock{Hour: 10}, Close: calendar.Clock{Hour: 14}}}},
		},
	}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range []int{24, 27} {
		day, _ := c.Day(calendar.Date{Year: 2025, Month: time.December, Day: d})
		fmt.Println(day.Date, day.Reason, day.Working())
	}
	// Output:
	// 2025-12-24 Christmas Eve 4h0m0s
	// 2025-12-27 stocktake 4h0m0s
}

func ExampleMatariki() {
	for _, year := range []int{2025, 2052, 2053} {
		d, err := calendar.Matariki(year)
		if err != nil {
			fmt.Println(errors.Is(err, calendar.ErrNoHolidayData), err)
			continue
		}
		fmt.Println(d, d.Weekday())
	}
	// Output:
	// 2025-06-20 Friday
	// 2052-06-21 Friday
	// true calendar: no holiday data for year: Matariki: 2053 is outside the statutory table (2022 to 2052)
}

// New Zealand's holidays follow the law of each year: ANZAC Day on a
// Saturday gave no Monday off in 2009, but did from 2014 on (2015), and
// Christmas Day on a Sunday (2022) is observed on the Tuesday, Boxing Day
// keeping the Monday.
func ExampleCountry() {
	nz, err := calendar.Country("NZ")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, year := range []int{2009, 2015, 2022} {
		hs, err := nz.HolidaysIn(year)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, h := range hs {
			if h.Name == "ANZAC Day" || h.Date.Month == time.December {
				fmt.Println(h.Date, h.Date.Weekday(), h.Name)
			}
		}
	}
	// Output:
	// 2009-04-25 Saturday ANZAC Day
	// 2009-12-25 Friday Christmas Day
	// 2009-12-28 Monday Boxing Day
	// 2015-04-27 Monday ANZAC Day
	// 2015-12-25 Friday Christmas Day
	// 2015-12-28 Monday Boxing Day
	// 2022-04-25 Monday ANZAC Day
	// 2022-12-26 Monday Boxing Day
	// 2022-12-27 Tuesday Christmas Day
}

// A day has at most calendar.MaxWindows windows: a longer list is refused
// whole, before any window is parsed, so its cost does not depend on its
// length.
func ExampleParseWindows() {
	ws, err := calendar.ParseWindows("08:30-12:00, 13:00-17:00")
	fmt.Println(ws, err)
	_, err = calendar.ParseWindows(strings.Repeat("09:00-10:00,", calendar.MaxWindows))
	fmt.Println(errors.Is(err, calendar.ErrInvalid), err)
	// Output:
	// [08:30-12:00 13:00-17:00] <nil>
	// true calendar: invalid input: Windows 49: too many windows: a day has at most 48
}

func ExampleAlwaysOpen() {
	c, err := calendar.AlwaysOpen("Europe/London")
	if err != nil {
		fmt.Println(err)
		return
	}
	// The clocks went forward on 30 March 2025: 24 hours of business time
	// from Saturday noon end at 13:00 on Sunday.
	due, _ := c.Add(time.Date(2025, 3, 29, 12, 0, 0, 0, c.Location()), 24*time.Hour)
	fmt.Println(due.Format("Mon 15:04 MST"))
	// Output:
	// Sun 13:00 BST
}

// Bad configuration is reported field by field.
func ExampleConfig_Validate() {
	cfg := calendar.Config{Name: "nz-support", Zone: "Pacific/Auckland", Versions: []calendar.Version{{
		Week: calendar.Week{time.Monday: {
			{Open: calendar.Clock{Hour: 9}, Close: calendar.Clock{Hour: 12}},
			{Open: calendar.Clock{Hour: 11}, Close: calendar.Clock{Hour: 17}},
		}},
	}}}
	err := cfg.Validate()
	var fe *calendar.FieldError
	if errors.As(err, &fe) {
		fmt.Println(fe.Record, fe.ID, fe.Field, fe.Value)
	}
	fmt.Println(err)
	// Output:
	// Config nz-support Versions[0].Week[Monday][1] 11:00-17:00
	// calendar: invalid input: Config "nz-support": Versions[0].Week[Monday][1] "11:00-17:00": overlaps window 09:00-12:00
}
