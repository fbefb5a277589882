package calendar

import (
	"fmt"
	"time"
	"unsafe"

	"github.com/keyaccount/keyaccount/internal/fault"
)

// yearTable holds the working intervals of the days of one civil year in
// the calendar's zone, with cumulative sums, so that every query is a
// binary search.
//
// The table answers for the instants [lo, hi). lo is the midnight that
// starts 1 January, or later if an overnight window of 31 December of the
// year before runs past it; hi is the lo of the next year. The tables of
// successive years therefore partition time, and every interval of the
// days of the year lies inside [lo, hi).
type yearTable struct {
	year   int
	lo, hi int64 // Unix nanoseconds

	start, end []int64  // working intervals [start[i], end[i]), in order, non-empty, disjoint
	cum        []int64  // len(start)+1: working nanoseconds in [lo, start[i])
	day        []uint16 // the day of the year (0-based) each interval belongs to
	first      []int32  // len(days)+1: index of the first interval of each day
	wdays      []int32  // len(days)+1: number of working days before each day

	err error // why the year could not be built; the rest is then empty
}

// size returns the bytes t holds: the struct and its slices' capacities.
func (t *yearTable) size() int64 {
	return int64(unsafe.Sizeof(*t)) +
		8*int64(cap(t.start)+cap(t.end)+cap(t.cum)) + 2*int64(cap(t.day)) +
		4*int64(cap(t.first)+cap(t.wdays))
}

func (t *yearTable) total() int64         { return t.cum[len(t.cum)-1] }
func (t *yearTable) workingDays() int     { return int(t.wdays[len(t.wdays)-1]) }
func (t *yearTable) jan1() int64          { return yearDays[t.year-MinYear] }
func (t *yearTable) dayTotal(d int) int64 { return t.cum[t.first[d+1]] - t.cum[t.first[d]] }

// at returns the index of the last interval that starts at or before ns,
// or -1.
func (t *yearTable) at(ns int64) int {
	lo, hi := 0, len(t.start)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if t.start[m] <= ns {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo - 1
}

// cumAt returns the working time in [t.lo, ns).
func (t *yearTable) cumAt(ns int64) int64 {
	i := t.at(ns)
	if i < 0 {
		return 0
	}
	return t.cum[i] + min(ns, t.end[i]) - t.start[i]
}

// forward returns the earliest instant by which the working time since
// t.lo reaches target, 0 < target <= t.total(). Reaching it exactly at a
// close returns that close.
func (t *yearTable) forward(target int64) int64 {
	lo, hi := 0, len(t.start)
	for lo < hi { // smallest i with cum[i+1] >= target
		m := int(uint(lo+hi) >> 1)
		if t.cum[m+1] >= target {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return t.start[lo] + target - t.cum[lo]
}

// backward returns the latest instant at which the working time since t.lo
// is target, 0 <= target < t.total(). Reaching it exactly at an open
// returns that open.
func (t *yearTable) backward(target int64) int64 {
	lo, hi := 0, len(t.start)
	for lo < hi { // first i with cum[i] > target
		m := int(uint(lo+hi) >> 1)
		if t.cum[m] <= target {
			lo = m + 1
		} else {
			hi = m
		}
	}
	i := lo - 1
	return t.start[i] + target - t.cum[i]
}

// nthWorkingDay returns the day (0-based) whose working-day index in the
// year is k: the smallest j with wdays[j+1] > k. 0 <= k < workingDays().
func (t *yearTable) nthWorkingDay(k int) int {
	lo, hi := 0, len(t.wdays)-1
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if int(t.wdays[m+1]) > k {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// dayRule is what governs one civil day.
type dayRule struct {
	spans    []span
	version  int    // index of the version in force, -1 before the first
	holiday  string // name of the holiday on the day, if any
	override bool
	reason   string // the override's reason
}

// holidayCache memoises the holiday sets of (version, year) during one
// table build.
type holidayCache map[[2]int]map[int64]string

// rule returns the rule of a day (a day number since 1970-01-01).
func (c *Calendar) rule(day int64, hc holidayCache) (dayRule, error) {
	vi := c.versionAt(day)
	if vi < 0 {
		return dayRule{version: -1}, nil
	}
	v := &c.versions[vi]
	r := dayRule{version: vi}
	if name, ok := v.holidays[day]; ok {
		r.holiday = name
	} else if len(v.sets) > 0 {
		m, err := c.setHolidays(vi, dateOfDays(day).Year, hc)
		if err != nil {
			return r, err
		}
		r.holiday = m[day]
	}
	if o, ok := v.overrides[day]; ok {
		r.spans, r.override, r.reason = o.spans, true, o.reason
		return r, nil
	}
	if r.holiday == "" {
		r.spans = v.week[floorMod(day+4, 7)]
	}
	return r, nil
}

// versionAt returns the index of the version in force on day, or -1.
func (c *Calendar) versionAt(day int64) int {
	lo, hi := 0, len(c.versions)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if c.versions[m].from <= day {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo - 1
}

// setHolidays returns the holidays of version vi's sets in a year, by day.
// Where two sets name the same day, the earlier set's name wins.
func (c *Calendar) setHolidays(vi, year int, hc holidayCache) (map[int64]string, error) {
	key := [2]int{vi, year}
	if m, ok := hc[key]; ok {
		return m, nil
	}
	m := make(map[int64]string)
	for si, s := range c.versions[vi].sets {
		hs, err := s.HolidaysIn(year)
		if err != nil {
			return nil, err
		}
		for _, h := range hs {
			if !h.Date.IsValid() || h.Date.Year != year {
				return nil, fmt.Errorf("%w: holiday set %d returned %s on %v for the year %d",
					ErrInvalid, si, fault.Quote(h.Name), h.Date, year)
			}
			if _, ok := m[h.Date.days()]; !ok {
				name := h.Name
				if name == "" {
					name = "holiday"
				}
				m[h.Date.days()] = name
			}
		}
	}
	hc[key] = m
	return m, nil
}

// instant returns, in Unix nanoseconds, the civil time minute minutes after
// the midnight that starts day (a day number), in the calendar's zone.
// minute may exceed 1440 (the next day). See resolve for DST.
func (c *Calendar) instant(day int64, minute int) int64 {
	return resolve(c.location(), day*86400+int64(minute)*60) * 1e9
}

// resolve returns the Unix second of the first instant at which the wall
// clock of loc reads the civil time local (seconds since 1970-01-01T00:00 as
// if in UTC) or later:
//   - a civil time that exists once is that instant;
//   - a civil time repeated by a backward transition (an overlap) is its
//     first occurrence;
//   - a civil time skipped by a forward transition (a gap) is the instant of
//     the transition, when the clock jumps past it.
//
// The mapping is monotone, so a window never closes before it opens, and a
// window is exactly as long as the clock actually spends in it. It assumes
// at most one transition within a day either side of local, as in every
// zone since 1900.
func resolve(loc *time.Location, local int64) int64 {
	before := offset(loc, local-86400)
	after := offset(loc, local+86400)
	if u := local - before; offset(loc, u) == before {
		return u
	}
	if u := local - after; offset(loc, u) == after {
		return u
	}
	// A gap: local - before lies after the transition.
	start, _ := time.Unix(local-before, 0).In(loc).ZoneBounds()
	if start.IsZero() {
		return local - before
	}
	return start.Unix()
}

// fixedOffset reports whether the zone's offset is the same throughout the
// Unix seconds that resolve looks at for the civil times of day and the
// day after (the times an overnight window of day may close at), and
// returns it. Then resolve(loc, local) is local - off for all of them:
// before, after and the offset at local - before are all off. It takes
// one zone look-up instead of three or four a civil time.
func fixedOffset(loc *time.Location, day int64) (off int64, ok bool) {
	// resolve looks within a day and a zone offset (under a day) of
	// the local times [day, day+2): inside [day-2, day+4).
	t := time.Unix((day-2)*86400, 0).In(loc)
	if _, end := t.ZoneBounds(); !end.IsZero() && end.Unix() < (day+4)*86400 {
		return 0, false
	}
	_, o := t.Zone()
	return int64(o), true
}

func offset(loc *time.Location, u int64) int64 {
	_, off := time.Unix(u, 0).In(loc).Zone()
	return int64(off)
}

// buildYear computes the table of a year. A failure is recorded in err.
func (c *Calendar) buildYear(y int) *yearTable {
	jan1 := Date{Year: y, Month: time.January, Day: 1}.days()
	n := int(Date{Year: y + 1, Month: time.January, Day: 1}.days() - jan1)
	t := &yearTable{year: y, first: make([]int32, n+1), wdays: make([]int32, n+1)}
	fail := func(err error) *yearTable {
		*t = yearTable{year: y, err: err, cum: []int64{0}, first: make([]int32, n+1), wdays: make([]int32, n+1)}
		return t
	}
	hc := holidayCache{}
	// floor is the latest close so far: a window is clipped to open no
	// earlier, so that overlapping windows of neighbouring days (an
	// override after an overnight shift, say) count once.
	floor := c.instant(jan1, 0)
	prev, err := c.rule(jan1-1, hc)
	if err != nil {
		return fail(err)
	}
	for _, s := range prev.spans {
		floor = max(floor, c.instant(jan1-1, s.close))
	}
	t.lo = floor
	est := c.intervals(jan1, n)
	t.start = make([]int64, 0, est)
	t.end = make([]int64, 0, est)
	t.day = make([]uint16, 0, est)
	for i := range n {
		day := jan1 + int64(i)
		t.first[i] = int32(len(t.start))
		r, err := c.rule(day, hc)
		if err != nil {
			return fail(err)
		}
		off, fixed := int64(0), false
		if len(r.spans) > 0 {
			off, fixed = fixedOffset(c.location(), day)
		}
		for _, s := range r.spans {
			var open, close int64
			if fixed {
				open, close = (day*86400+int64(s.open)*60-off)*1e9, (day*86400+int64(s.close)*60-off)*1e9
			} else {
				open, close = c.instant(day, s.open), c.instant(day, s.close)
			}
			open = max(open, floor)
			floor = max(floor, close)
			if close <= open {
				continue
			}
			t.start = append(t.start, open)
			t.end = append(t.end, close)
			t.day = append(t.day, uint16(i))
		}
		t.wdays[i+1] = t.wdays[i]
		if len(t.start) > int(t.first[i]) {
			t.wdays[i+1]++
		}
	}
	t.first[n] = int32(len(t.start))
	t.hi = max(c.instant(jan1+int64(n), 0), floor)
	t.cum = make([]int64, len(t.start)+1)
	for i := range t.start {
		t.cum[i+1] = t.cum[i] + t.end[i] - t.start[i]
	}
	return t
}

// intervals returns the number of intervals a table of the n days from
// first usually holds, to size its slices: the most windows a week of the
// versions in force then has, times the weeks (53 in a year). Overrides
// may add more; the slices then grow.
func (c *Calendar) intervals(first int64, n int) int {
	most := 0
	for vi := max(c.versionAt(first), 0); vi <= c.versionAt(first+int64(n)-1); vi++ {
		w := 0
		for _, ss := range c.versions[vi].week {
			w += len(ss)
		}
		most = max(most, w)
	}
	return most * ((n + 6) / 7)
}
