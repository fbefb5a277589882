package calendar_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/calendar"
)

// Days on which the clocks change in 2024:
//
//	America/New_York  10 Mar 02:00 EST → 03:00 EDT;   3 Nov 02:00 EDT → 01:00 EST
//	Europe/London     31 Mar 01:00 GMT → 02:00 BST;  27 Oct 02:00 BST → 01:00 GMT
//	Pacific/Auckland  29 Sep 02:00 NZST → 03:00 NZDT; 7 Apr 03:00 NZDT → 02:00 NZST
//	Pacific/Chatham   29 Sep 02:45 +1245 → 03:45 +1345; 7 Apr 03:45 +1345 → 02:45 +1245
//
// Each case opens one window every day and checks the working time of the
// day the clocks change, and its first span in UTC (computed by hand from
// the rule: a civil time means the first instant the wall clock reads it or
// later; a time in a gap is the moment of the change).
func TestDSTWindows(t *testing.T) {
	tests := []struct {
		zone    string
		day     calendar.Date
		window  string
		want    time.Duration
		startZ  string // first span start, UTC; "" for no working time
		finishZ string // first span end, UTC
	}{
		// New York, spring forward.
		{"America/New_York", date(2024, 3, 10), "09:00-17:00", 8 * time.Hour, "2024-03-10T13:00:00Z", "2024-03-10T21:00:00Z"},
		{"America/New_York", date(2024, 3, 10), "00:00-24:00", 23 * time.Hour, "2024-03-10T05:00:00Z", "2024-03-11T04:00:00Z"},
		{"America/New_York", date(2024, 3, 10), "01:00-04:00", 2 * time.Hour, "2024-03-10T06:00:00Z", "2024-03-10T08:00:00Z"},
		{"America/New_York", date(2024, 3, 10), "02:30-03:30", 30 * time.Minute, "2024-03-10T07:00:00Z", "2024-03-10T07:30:00Z"},
		{"America/New_York", date(2024, 3, 10), "02:00-02:45", 0, "", ""},
		// New York, fall back.
		{"America/New_York", date(2024, 11, 3), "09:00-17:00", 8 * time.Hour, "2024-11-03T14:00:00Z", "2024-11-03T22:00:00Z"},
		{"America/New_York", date(2024, 11, 3), "00:00-24:00", 25 * time.Hour, "2024-11-03T04:00:00Z", "2024-11-04T05:00:00Z"},
		{"America/New_York", date(2024, 11, 3), "01:00-02:00", 2 * time.Hour, "2024-11-03T05:00:00Z", "2024-11-03T07:00:00Z"},
		{"America/New_York", date(2024, 11, 3), "01:30-01:45", 15 * time.Minute, "2024-11-03T05:30:00Z", "2024-11-03T05:45:00Z"},
		{"America/New_York", date(2024, 11, 3), "00:00-01:30", 90 * time.Minute, "2024-11-03T04:00:00Z", "2024-11-03T05:30:00Z"},
		// London.
		{"Europe/London", date(2024, 3, 31), "09:00-17:00", 8 * time.Hour, "2024-03-31T08:00:00Z", "2024-03-31T16:00:00Z"},
		{"Europe/London", date(2024, 3, 31), "00:00-24:00", 23 * time.Hour, "2024-03-31T00:00:00Z", "2024-03-31T23:00:00Z"},
		{"Europe/London", date(2024, 3, 31), "00:30-02:30", time.Hour, "2024-03-31T00:30:00Z", "2024-03-31T01:30:00Z"},
		{"Europe/London", date(2024, 3, 31), "01:15-01:45", 0, "", ""},
		{"Europe/London", date(2024, 10, 27), "09:00-17:00", 8 * time.Hour, "2024-10-27T09:00:00Z", "2024-10-27T17:00:00Z"},
		{"Europe/London", date(2024, 10, 27), "00:00-24:00", 25 * time.Hour, "2024-10-26T23:00:00Z", "2024-10-28T00:00:00Z"},
		{"Europe/London", date(2024, 10, 27), "01:00-02:00", 2 * time.Hour, "2024-10-27T00:00:00Z", "2024-10-27T02:00:00Z"},
		// Auckland.
		{"Pacific/Auckland", date(2024, 9, 29), "09:00-17:00", 8 * time.Hour, "2024-09-28T20:00:00Z", "2024-09-29T04:00:00Z"},
		{"Pacific/Auckland", date(2024, 9, 29), "00:00-24:00", 23 * time.Hour, "2024-09-28T12:00:00Z", "2024-09-29T11:00:00Z"},
		{"Pacific/Auckland", date(2024, 9, 29), "01:00-04:00", 2 * time.Hour, "2024-09-28T13:00:00Z", "2024-09-28T15:00:00Z"},
		{"Pacific/Auckland", date(2024, 4, 7), "09:00-17:00", 8 * time.Hour, "2024-04-06T21:00:00Z", "2024-04-07T05:00:00Z"},
		{"Pacific/Auckland", date(2024, 4, 7), "00:00-24:00", 25 * time.Hour, "2024-04-06T11:00:00Z", "2024-04-07T12:00:00Z"},
		{"Pacific/Auckland", date(2024, 4, 7), "02:00-03:00", 2 * time.Hour, "2024-04-06T13:00:00Z", "2024-04-06T15:00:00Z"},
		// Chatham: +12:45 / +13:45, changing at 02:45 and 03:45 local.
		{"Pacific/Chatham", date(2024, 9, 29), "09:00-17:00", 8 * time.Hour, "2024-09-28T19:15:00Z", "2024-09-29T03:15:00Z"},
		{"Pacific/Chatham", date(2024, 9, 29), "00:00-24:00", 23 * time.Hour, "2024-09-28T11:15:00Z", "2024-09-29T10:15:00Z"},
		{"Pacific/Chatham", date(2024, 9, 29), "02:00-04:00", time.Hour, "2024-09-28T13:15:00Z", "2024-09-28T14:15:00Z"},
		{"Pacific/Chatham", date(2024, 9, 29), "03:00-03:30", 0, "", ""},
		{"Pacific/Chatham", date(2024, 4, 7), "00:00-24:00", 25 * time.Hour, "2024-04-06T10:15:00Z", "2024-04-07T11:15:00Z"},
		{"Pacific/Chatham", date(2024, 4, 7), "03:00-04:00", 2 * time.Hour, "2024-04-06T13:15:00Z", "2024-04-06T15:15:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.zone+"/"+tt.day.String()+"/"+tt.window, func(t *testing.T) {
			// A holiday set that is empty keeps the 00:00-24:00 case on the
			// table-based path.
			c := mustNew(t, calendar.Config{Zone: tt.zone, Versions: []calendar.Version{{
				Week:        calendar.EveryDay(mustWindows(t, tt.window)...),
				HolidaySets: []calendar.HolidaySet{calendar.NewHolidayRules("none")},
			}}})
			day, err := c.Day(tt.day)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(day.Working(), tt.want); diff != "" {
				t.Errorf("working time mismatch (-got +want):\n%s", diff)
			}
			var gotStart, gotEnd string
			if len(day.Spans) > 0 {
				gotStart = day.Spans[0].Start.UTC().Format(time.RFC3339)
				gotEnd = day.Spans[0].End.UTC().Format(time.RFC3339)
			}
			if gotStart != tt.startZ || gotEnd != tt.finishZ {
				t.Errorf("first span = [%s, %s), want [%s, %s)", gotStart, gotEnd, tt.startZ, tt.finishZ)
			}
			isDay, err := c.IsWorkingDay(tt.day)
			if err != nil {
				t.Fatal(err)
			}
			if isDay != (tt.want > 0) {
				t.Errorf("IsWorkingDay = %v with %v of working time", isDay, tt.want)
			}
			// Duration over the whole day agrees with the day's spans.
			loc := c.Location()
			from := time.Date(tt.day.Year, tt.day.Month, tt.day.Day, 0, 0, 0, 0, loc).Add(-6 * time.Hour)
			to := from.Add(36 * time.Hour)
			got, err := c.Duration(from, to)
			if err != nil {
				t.Fatal(err)
			}
			prev, _ := c.Day(tt.day.AddDays(-1))
			next, _ := c.Day(tt.day.AddDays(1))
			var want time.Duration
			for _, d := range []calendar.Day{prev, day, next} {
				for _, s := range d.Spans {
					lo, hi := maxTime(s.Start, from), minTime(s.End, to)
					if hi.After(lo) {
						want += hi.Sub(lo)
					}
				}
			}
			if got != want {
				t.Errorf("Duration over the day = %v, spans say %v", got, want)
			}
		})
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// An overnight shift across the spring change is an hour short, and across
// the autumn change an hour long.
func TestDSTOvernight(t *testing.T) {
	tests := []struct {
		zone string
		day  calendar.Date
		want time.Duration
	}{
		{"America/New_York", date(2024, 3, 9), 7 * time.Hour},
		{"America/New_York", date(2024, 11, 2), 9 * time.Hour},
		{"Europe/London", date(2024, 3, 30), 7 * time.Hour},
		{"Europe/London", date(2024, 10, 26), 9 * time.Hour},
		{"Pacific/Auckland", date(2024, 9, 28), 7 * time.Hour},
		{"Pacific/Auckland", date(2024, 4, 6), 9 * time.Hour},
		{"Pacific/Chatham", date(2024, 9, 28), 7 * time.Hour},
		{"Pacific/Chatham", date(2024, 4, 6), 9 * time.Hour},
		{"Pacific/Chatham", date(2024, 5, 6), 8 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.zone+"/"+tt.day.String(), func(t *testing.T) {
			c := mustNew(t, calendar.Config{Zone: tt.zone, Versions: []calendar.Version{{
				Week: calendar.EveryDay(mustWindows(t, "22:00-06:00")...),
			}}})
			day, err := c.Day(tt.day)
			if err != nil {
				t.Fatal(err)
			}
			if got := day.Working(); got != tt.want {
				t.Errorf("night shift of %v = %v, want %v", tt.day, got, tt.want)
			}
		})
	}
}

// Deadlines computed across a change: the office's hours are civil hours,
// so a deadline keeps its time of day, while a 24×7 deadline is wall time.
func TestDSTAdd(t *testing.T) {
	tests := []struct {
		zone   string
		hours  string // "" for 24×7
		start  string
		d      time.Duration
		wantZ  string
		wantDu time.Duration // Duration(start, result) must be d
	}{
		// Office open every day 09:00-17:00: Saturday 16:00 + 2h is Sunday
		// 10:00 local, whatever the clocks did overnight.
		{"America/New_York", "09:00-17:00", "2024-03-09 16:00", 2 * time.Hour, "2024-03-10T14:00:00Z", 2 * time.Hour},
		{"Europe/London", "09:00-17:00", "2024-10-26 16:00", 2 * time.Hour, "2024-10-27T10:00:00Z", 2 * time.Hour},
		{"Pacific/Auckland", "09:00-17:00", "2024-09-28 16:00", 2 * time.Hour, "2024-09-28T21:00:00Z", 2 * time.Hour},
		{"Pacific/Chatham", "09:00-17:00", "2024-04-06 16:00", 2 * time.Hour, "2024-04-06T21:15:00Z", 2 * time.Hour},
		// 24×7: Saturday 12:00 + 24h is Sunday 13:00 in spring, 11:00 in autumn.
		{"America/New_York", "", "2024-03-09 12:00", 24 * time.Hour, "2024-03-10T17:00:00Z", 24 * time.Hour},
		{"America/New_York", "", "2024-11-02 12:00", 24 * time.Hour, "2024-11-03T16:00:00Z", 24 * time.Hour},
		{"Pacific/Chatham", "", "2024-09-28 12:00", 24 * time.Hour, "2024-09-28T23:15:00Z", 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.zone+"/"+tt.start, func(t *testing.T) {
			var c *calendar.Calendar
			if tt.hours == "" {
				var err error
				if c, err = calendar.AlwaysOpen(tt.zone); err != nil {
					t.Fatal(err)
				}
			} else {
				c = mustNew(t, calendar.Config{Zone: tt.zone, Versions: []calendar.Version{{
					Week: calendar.EveryDay(mustWindows(t, tt.hours)...),
				}}})
			}
			start := at(t, c.Location(), tt.start)
			got, err := c.Add(start, tt.d)
			if err != nil {
				t.Fatal(err)
			}
			if s := got.UTC().Format(time.RFC3339); s != tt.wantZ {
				t.Errorf("Add = %s (%v), want %s", s, got, tt.wantZ)
			}
			back, err := c.Duration(start, got)
			if err != nil {
				t.Fatal(err)
			}
			if back != tt.wantDu {
				t.Errorf("Duration(start, Add) = %v, want %v", back, tt.wantDu)
			}
		})
	}
}
