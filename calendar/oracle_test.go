package calendar

import (
	"errors"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// This file checks the year tables against a naive model that lists every
// working interval of a range of days, straight from the day rules, and
// answers each question by a linear scan.

// interval is a working interval of the naive model and the day it
// belongs to.
type interval struct {
	start, end int64
	day        int64
}

// naiveIntervals lists the working intervals of the days [from, to].
func naiveIntervals(t *rapid.T, c *Calendar, from, to int64) []interval {
	var out []interval
	floor := int64(-1 << 62)
	for day := from - 1; day <= to; day++ {
		r, err := c.rule(day, holidayCache{})
		if err != nil {
			t.Fatalf("rule(%v): %v", dateOfDays(day), err)
		}
		for _, s := range r.spans {
			open, close := c.instant(day, s.open), c.instant(day, s.close)
			open = max(open, floor)
			floor = max(floor, close)
			if close > open && day >= from {
				out = append(out, interval{open, close, day})
			}
		}
	}
	return out
}

func naiveDuration(ivs []interval, a, b int64) int64 {
	var sum int64
	for _, iv := range ivs {
		s, e := max(iv.start, a), min(iv.end, b)
		if e > s {
			sum += e - s
		}
	}
	return sum
}

func naiveWorking(ivs []interval, t int64) bool {
	for _, iv := range ivs {
		if iv.start <= t && t < iv.end {
			return true
		}
	}
	return false
}

// naiveNext returns the first working instant at or after t, or false.
func naiveNext(ivs []interval, t int64) (int64, bool) {
	for _, iv := range ivs {
		if iv.end > t {
			return max(iv.start, t), true
		}
	}
	return 0, false
}

// naiveAdd returns the instant d (> 0) of working time after t, or false.
func naiveAdd(ivs []interval, t, d int64) (int64, bool) {
	for _, iv := range ivs {
		if iv.end <= t {
			continue
		}
		s := max(iv.start, t)
		if iv.end-s >= d {
			return s + d, true
		}
		d -= iv.end - s
	}
	return 0, false
}

// naiveSub returns the latest instant s with d (> 0) of working time in
// [s, t), or false.
func naiveSub(ivs []interval, t, d int64) (int64, bool) {
	for i := len(ivs) - 1; i >= 0; i-- {
		iv := ivs[i]
		if iv.start >= t {
			continue
		}
		e := min(iv.end, t)
		if e-iv.start >= d {
			return e - d, true
		}
		d -= e - iv.start
	}
	return 0, false
}

// naiveAddBusinessDays follows the definition in the AddBusinessDays doc
// over the interval list, or returns false if it runs off the list.
func naiveAddBusinessDays(ivs []interval, t int64, n int) (int64, bool) {
	wdays := naiveWorkingDays(ivs)
	dayIvs := func(day int64) []interval {
		var out []interval
		for _, iv := range ivs {
			if iv.day == day {
				out = append(out, iv)
			}
		}
		return out
	}
	total := func(day int64) int64 { return naiveDuration(dayIvs(day), -1<<62, 1<<62) }
	open := func(day int64) int64 { return dayIvs(day)[0].start }
	closing := func(day int64) int64 { d := dayIvs(day); return d[len(d)-1].end }
	nth := func(day int64, k int) (int64, bool) { // k-th working day from day
		i, _ := slices.BinarySearch(wdays, day)
		if i+k < 0 || i+k >= len(wdays) {
			return 0, false
		}
		return wdays[i+k], true
	}
	// Find the position: the day D and the offset x into it.
	var s int64
	k := -1
	if n > 0 {
		var ok bool
		if s, ok = naiveNext(ivs, t); !ok {
			return 0, false
		}
		for i, iv := range ivs {
			if iv.start <= s && s < iv.end {
				k = i
				break
			}
		}
	} else {
		for i, iv := range ivs {
			if iv.start <= t {
				k = i
			}
		}
		if k < 0 {
			return 0, false
		}
		s = min(t, ivs[k].end)
	}
	d := ivs[k].day
	x := naiveDuration(dayIvs(d), -1<<62, s)
	switch {
	case n > 0 && x == 0:
		if e, ok := nth(d, n-1); ok {
			return closing(e), true
		}
		return 0, false
	case n < 0 && x == total(d):
		if e, ok := nth(d, n+1); ok {
			return open(e), true
		}
		return 0, false
	}
	e, ok := nth(d, n)
	if !ok {
		return 0, false
	}
	switch {
	case x == 0:
		return open(e), true
	case x >= total(e):
		return closing(e), true
	}
	return naiveAdd(dayIvs(e), open(e), x)
}

func naiveWorkingDays(ivs []interval) []int64 {
	var days []int64
	for _, iv := range ivs {
		if len(days) == 0 || days[len(days)-1] != iv.day {
			days = append(days, iv.day)
		}
	}
	return days
}

var testZones = []string{"UTC", "Pacific/Auckland", "Pacific/Chatham", "Europe/London", "America/New_York"}

// genDayWindows draws up to three non-overlapping windows of one day, on a
// 15-minute grid, possibly closing at 24:00.
func genDayWindows(t *rapid.T, label string) []Window {
	n := rapid.IntRange(0, 3).Draw(t, label+".n")
	marks := rapid.SliceOfNDistinct(rapid.IntRange(0, 96), 2*n, 2*n, rapid.ID[int]).Draw(t, label+".marks")
	slices.Sort(marks)
	var ws []Window
	for i := 0; i+1 < len(marks); i += 2 {
		ws = append(ws, Window{Open: clockOf(marks[i] * 15), Close: clockOf(marks[i+1] * 15)})
	}
	return ws
}

// genConfig draws a valid calendar config: windows (some overnight),
// explicit holidays, overrides (which may run into a neighbour's overnight
// shift) and up to three versions, over 2023 to 2026.
func genConfig(t *rapid.T) Config {
	zone := rapid.SampledFrom(testZones).Draw(t, "zone")
	lo := Date{Year: 2023, Month: time.January, Day: 1}.days()
	hi := Date{Year: 2026, Month: time.December, Day: 31}.days()
	nv := rapid.IntRange(1, 3).Draw(t, "versions")
	froms := rapid.SliceOfNDistinct(rapid.Int64Range(lo+1, hi), nv-1, nv-1, rapid.ID[int64]).Draw(t, "froms")
	slices.Sort(froms)
	cfg := Config{Zone: zone}
	for v := range nv {
		var ver Version
		first, last := lo-400, hi+400
		if v > 0 {
			first = froms[v-1]
			ver.From = dateOfDays(first)
		}
		if v < nv-1 {
			last = froms[v] - 1
		}
		for wd := range ver.Week {
			ver.Week[wd] = genDayWindows(t, "week")
		}
		for wd := range ver.Week {
			if !rapid.Bool().Draw(t, "overnight") {
				continue
			}
			ws := ver.Week[wd]
			lastClose := 0
			if len(ws) > 0 {
				lastClose = ws[len(ws)-1].Close.minutes()
			}
			if prev := ver.Week[(wd+6)%7]; len(prev) > 0 && prev[len(prev)-1].Overnight {
				lastClose = max(lastClose, prev[len(prev)-1].Close.minutes())
			}
			firstNext := 1440
			for _, w := range ver.Week[(wd+1)%7] {
				firstNext = min(firstNext, w.Open.minutes())
			}
			if lastClose >= 1440-15 || firstNext < 15 {
				continue
			}
			open := rapid.IntRange(lastClose/15+1, 95).Draw(t, "nightOpen") * 15
			closeMax := min(firstNext, open-15) / 15
			if closeMax < 1 {
				continue
			}
			closing := rapid.IntRange(1, closeMax).Draw(t, "nightClose") * 15
			ver.Week[wd] = append(slices.Clone(ws), Window{Open: clockOf(open), Close: clockOf(closing), Overnight: true})
		}
		inVersion := rapid.Int64Range(max(first, lo), min(last, hi))
		for _, d := range rapid.SliceOfNDistinct(inVersion, 0, 6, rapid.ID[int64]).Draw(t, "holidays") {
			ver.Holidays = append(ver.Holidays, Holiday{Date: dateOfDays(d), Name: "h"})
		}
		for _, d := range rapid.SliceOfNDistinct(inVersion, 0, 6, rapid.ID[int64]).Draw(t, "overrides") {
			o := Override{Date: dateOfDays(d), Windows: genDayWindows(t, "override")}
			if rapid.Bool().Draw(t, "overrideNight") {
				lastClose := 0
				if len(o.Windows) > 0 {
					lastClose = o.Windows[len(o.Windows)-1].Close.minutes()
				}
				if lastClose < 1440-30 {
					open := rapid.IntRange(max(lastClose/15+1, 2), 94).Draw(t, "oNightOpen") * 15
					closing := rapid.IntRange(1, open/15-1).Draw(t, "oNightClose") * 15
					o.Windows = append(o.Windows, Window{Open: clockOf(open), Close: clockOf(closing), Overnight: true})
				}
			}
			ver.Overrides = append(ver.Overrides, o)
		}
		cfg.Versions = append(cfg.Versions, ver)
	}
	return cfg
}

// genInstant draws an instant in 2023 to 2026, on a minute grid or not.
func genInstant(t *rapid.T, label string) int64 {
	lo := time.Date(2023, 1, 3, 0, 0, 0, 0, time.UTC).UnixNano()
	hi := time.Date(2026, 12, 28, 0, 0, 0, 0, time.UTC).UnixNano()
	v := rapid.Int64Range(lo, hi).Draw(t, label)
	if rapid.Bool().Draw(t, label+".onMinute") {
		v -= v % int64(time.Minute)
	}
	return v
}

func TestTablesMatchNaiveModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := genConfig(t)
		c, err := New(cfg)
		if err != nil {
			t.Fatalf("generated config is invalid: %v", err)
		}
		from := Date{Year: 2022, Month: time.December, Day: 20}.days()
		to := Date{Year: 2027, Month: time.January, Day: 10}.days()
		ivs := naiveIntervals(t, c, from, to)
		a, b := genInstant(t, "a"), genInstant(t, "b")
		ta, tb := time.Unix(0, a), time.Unix(0, b)

		got, err := c.Duration(ta, tb)
		if err != nil {
			t.Fatal(err)
		}
		want := naiveDuration(ivs, min(a, b), max(a, b))
		if b < a {
			want = -want
		}
		if int64(got) != want {
			t.Fatalf("Duration = %v, naive %v", got, time.Duration(want))
		}

		w, err := c.IsWorking(ta)
		if err != nil {
			t.Fatal(err)
		}
		if w != naiveWorking(ivs, a) {
			t.Fatalf("IsWorking = %v, naive %v", w, !w)
		}

		if n, ok := naiveNext(ivs, a); ok && n < time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC).UnixNano() {
			got, err := c.NextWorking(ta)
			if err != nil {
				t.Fatal(err)
			}
			if got.UnixNano() != n {
				t.Fatalf("NextWorking = %v, naive %v", got, time.Unix(0, n))
			}
		}

		d := rapid.Int64Range(1, int64(60*24*time.Hour)).Draw(t, "d")
		if n, ok := naiveAdd(ivs, a, d); ok && n < time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC).UnixNano() {
			got, err := c.Add(ta, time.Duration(d))
			if err != nil {
				t.Fatal(err)
			}
			if got.UnixNano() != n {
				t.Fatalf("Add(%v) = %v, naive %v", time.Duration(d), got, time.Unix(0, n))
			}
		}
		if n, ok := naiveSub(ivs, a, d); ok && n > time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano() {
			got, err := c.Add(ta, -time.Duration(d))
			if err != nil {
				t.Fatal(err)
			}
			if got.UnixNano() != n {
				t.Fatalf("Add(-%v) = %v, naive %v", time.Duration(d), got, time.Unix(0, n))
			}
		}

		nd := rapid.IntRange(-25, 25).Draw(t, "addBusinessDays")
		if nd != 0 {
			if want, ok := naiveAddBusinessDays(ivs, a, nd); ok {
				got, err := c.AddBusinessDays(ta, nd)
				if err != nil {
					t.Fatal(err)
				}
				if got.UnixNano() != want {
					t.Fatalf("AddBusinessDays(%d) = %v, naive %v", nd, got, time.Unix(0, want))
				}
			}
		}

		// Days.
		wdays := naiveWorkingDays(ivs)
		da := rapid.Int64Range(from+10, to-10).Draw(t, "dayA")
		db := rapid.Int64Range(from+10, to-10).Draw(t, "dayB")
		gotN, err := c.WorkingDays(dateOfDays(da), dateOfDays(db))
		if err != nil {
			t.Fatal(err)
		}
		count := func(x, y int64) int {
			n := 0
			for _, d := range wdays {
				if d >= x && d < y {
					n++
				}
			}
			return n
		}
		wantN := count(da, db)
		if db < da {
			wantN = -count(db, da)
		}
		if gotN != wantN {
			t.Fatalf("WorkingDays(%v, %v) = %d, naive %d", dateOfDays(da), dateOfDays(db), gotN, wantN)
		}
		isW, err := c.IsWorkingDay(dateOfDays(da))
		if err != nil {
			t.Fatal(err)
		}
		if isW != slices.Contains(wdays, da) {
			t.Fatalf("IsWorkingDay(%v) = %v", dateOfDays(da), isW)
		}
		k := rapid.IntRange(-40, 40).Draw(t, "k")
		i, _ := slices.BinarySearch(wdays, da)
		var wantDay int64
		switch {
		case k > 0:
			found := slices.Contains(wdays, da)
			j := i + k - 1
			if found {
				j = i + k
			}
			if j >= len(wdays) {
				return
			}
			wantDay = wdays[j]
		case k < 0:
			j := i + k
			if j < 0 {
				return
			}
			wantDay = wdays[j]
		default:
			wantDay = da
		}
		gotDay, err := c.AddWorkingDays(dateOfDays(da), k)
		if err != nil {
			if errors.Is(err, ErrNoWorkingTime) {
				return
			}
			t.Fatal(err)
		}
		if gotDay != dateOfDays(wantDay) {
			t.Fatalf("AddWorkingDays(%v, %d) = %v, naive %v", dateOfDays(da), k, gotDay, dateOfDays(wantDay))
		}
	})
}
