package calendar

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/keyaccount/keyaccount/internal/civil"
)

// Calendar is a business calendar: the working time of a place, over time.
// Build one with [New] or [AlwaysOpen] and share it by pointer.
//
// A Calendar is immutable once built, apart from the tables it computes
// lazily, one year at a time (keeping at most 16 MiB of them: see "Tables
// and their range" in the package doc), and it is safe for concurrent use
// by multiple goroutines.
//
// The zero Calendar, and a nil *Calendar, are open around the clock in UTC:
// every instant is working time and business time is wall time. They are
// the calendar [AlwaysOpen]("UTC") returns, and answer for the same range.
type Calendar struct {
	name     string
	loc      *time.Location
	always   bool // open around the clock: instants answered in wall time (see open24)
	versions []version
	first    Date  // the first day governed by a version
	firstNS  int64 // the instant that day begins
	lo24     int64 // open around the clock: the Unix seconds its instant
	hi24     int64 // methods answer for, [lo24, hi24) (see range24)

	mu    sync.Mutex // serialises table builds, and guards held
	years [MaxYear - MinYear + 1]atomic.Pointer[yearTable]
	held  int64 // the bytes of the tables in years (see keep)
}

// New validates cfg (see [Config.Validate]) and returns the calendar it
// describes. It returns the joined [*FieldError]s if cfg is not
// valid.
//
// New does no holiday look-ups: tables are built, and holiday sets asked,
// the first time a year is needed (and again if its table was dropped).
func New(cfg Config) (*Calendar, error) {
	loc, vs, err := cfg.compile()
	if err != nil {
		return nil, err
	}
	c := &Calendar{name: cfg.Name, loc: loc, versions: vs, first: dateOfDays(vs[0].from)}
	c.firstNS = c.instant(vs[0].from, 0)
	c.always = len(vs) == 1 && vs[0].from == minDay() && allDay(vs[0])
	if c.always {
		c.lo24, c.hi24 = bounds24(loc)
	}
	return c, nil
}

// AlwaysOpen returns a calendar that is open around the clock (24×7) in
// the named zone: every day is one window from 00:00 to 24:00, with no
// holidays, so business time is wall time. It is the calendar [New] builds
// from a single [Version] whose Week is
// EveryDay(Window{Close: Clock{Hour: 24}}), and answers every query as a
// calendar with that week on tables does. The zone matters to the
// day-based methods and to the range: a day the zone's clocks skip
// entirely (2011-12-30 in Pacific/Apia) has no working time, so it is not
// a working day. It returns a [*FieldError] if the zone is unknown.
//
// Its range is wider than the tables', for the methods on instants only:
// [Calendar.IsWorking], [Calendar.NextWorking], [Calendar.Duration] and
// [Calendar.Add] answer for the years 1 to 9999 in its zone, the dates a
// [Date] can name (the instants from the midnight that starts 0001-01-01
// up to, not including, the midnight that starts 10000-01-01). An instant
// or a result outside them, and a [Calendar.Duration] that a
// [time.Duration] cannot hold (spans of more than about 292 years), are a
// [*DateError] wrapping [ErrOutOfRange], never a saturated or
// wrapped-around answer. The methods on days, and
// [Calendar.AddBusinessDays], read the year's table, and answer for the
// years [MinYear] to [MaxYear] like every calendar.
func AlwaysOpen(zone string) (*Calendar, error) {
	return New(Config{Name: "24x7", Zone: zone, Versions: []Version{{
		Week: EveryDay(Window{Close: Clock{Hour: 24}}),
	}}})
}

func minDay() int64 { return Date{Year: MinYear, Month: time.January, Day: 1}.days() }

// lastDate is the last day a table answers for, and lastDay its day
// number.
var (
	lastDate = Date{Year: MaxYear, Month: time.December, Day: 31}
	lastDay  = lastDate.days()
)

// The days that a calendar open around the clock answers for: those a
// Date can name.
var (
	first24 = Date{Year: minDateYear, Month: time.January, Day: 1}
	last24  = Date{Year: maxDateYear, Month: time.December, Day: 31}
)

// utcLo24 and utcHi24 are the bounds of range24 for the zero Calendar.
var utcLo24, utcHi24 = bounds24(time.UTC)

// utc24 is the calendar of the zero and the nil Calendar: AlwaysOpen("UTC"),
// built the first time a day-based method needs its tables.
var utc24 = sync.OnceValue(func() *Calendar {
	c, err := AlwaysOpen("UTC")
	if err != nil {
		panic(err) // UTC is always known
	}
	return c
})

// tabled returns c, or the calendar the zero and the nil Calendar stand
// for: one that has tables.
func (c *Calendar) tabled() *Calendar {
	if c == nil || c.versions == nil {
		return utc24()
	}
	return c
}

// bounds24 returns the Unix seconds of the midnights, in loc, that start
// first24 and the day after last24.
func bounds24(loc *time.Location) (lo, hi int64) {
	return resolve(loc, first24.days()*86400), resolve(loc, (last24.days()+1)*86400)
}

// range24 returns the instants, in Unix seconds [lo, hi), that c answers
// for when it is open around the clock.
func (c *Calendar) range24() (lo, hi int64) {
	if c == nil || c.versions == nil {
		return utcLo24, utcHi24
	}
	return c.lo24, c.hi24
}

// check24 returns a [*DateError] wrapping [ErrOutOfRange] unless t lies in
// the range of c, a calendar open around the clock.
func (c *Calendar) check24(t time.Time) error {
	if lo, hi := c.range24(); t.Unix() < lo || t.Unix() >= hi {
		return c.errAt24(t, fmt.Errorf("%w: outside the years %d to %d", ErrOutOfRange, minDateYear, maxDateYear))
	}
	return nil
}

// reach returns an error wrapping [ErrOutOfRange] if the day k days (or
// working days) from day, a day number, cannot lie within first to last:
// if it is more than the days between them away. It cannot overflow.
func reach(day int64, k int, first, last int64) error {
	if int64(k) > last-day || int64(k) < first-day {
		return reachError(day, k, first, last)
	}
	return nil
}

// reachError is the error of reach, kept out of line so that reach is
// inlined.
func reachError(day int64, k int, first, last int64) error {
	if k > 0 {
		return fmt.Errorf("%w: %d working days from %v is after %v", ErrOutOfRange, k, dateOfDays(day), dateOfDays(last))
	}
	return fmt.Errorf("%w: %d working days from %v is before %v", ErrOutOfRange, k, dateOfDays(day), dateOfDays(first))
}

// allDay reports whether v is open 00:00-24:00 every day, with no
// exceptions.
func allDay(v version) bool {
	if len(v.holidays) > 0 || len(v.sets) > 0 || len(v.overrides) > 0 {
		return false
	}
	for _, ss := range v.week {
		if len(ss) != 1 || ss[0] != (span{open: 0, close: 1440}) {
			return false
		}
	}
	return true
}

// Name returns the calendar's name from its [Config].
func (c *Calendar) Name() string {
	if c == nil {
		return ""
	}
	return c.name
}

// Location returns the calendar's time zone (UTC for the zero Calendar).
func (c *Calendar) Location() *time.Location { return c.location() }

func (c *Calendar) location() *time.Location {
	if c == nil || c.loc == nil {
		return time.UTC
	}
	return c.loc
}

// open24 reports whether c is open around the clock (24×7): the zero or
// nil Calendar, or one whose only version is open 00:00-24:00 every day,
// from [MinYear], without exceptions. Its methods on instants are then
// answered in wall time rather than from the tables. That is the same
// function, not a second definition of it: the table of such a calendar
// holds, for each day d, the one interval [M(d), M(d+1)), where M(d) is the
// instant that starts d; these intervals tile time (each opens where the
// one before closes, a day the clocks skip being empty), so within the
// tables' range every instant is working, the working time in [a, b) is
// b - a, and Add(t, d) is t + d. Beyond that range it answers for the
// years 1 to 9999 (see [AlwaysOpen]). The methods on days ask the tables,
// which know which days are empty.
func (c *Calendar) open24() bool { return c == nil || c.versions == nil || c.always }

// searchYears bounds the searches for working time: the rest of the
// starting year and this many years after (or before) it.
const searchYears = 2

// table returns the table of year y, building it if need be.
func (c *Calendar) table(y int) (*yearTable, error) {
	if y < MinYear || y > MaxYear {
		return nil, fmt.Errorf("%w: the year %d is outside %d to %d", ErrOutOfRange, y, MinYear, MaxYear)
	}
	p := &c.years[y-MinYear]
	if t := p.Load(); t != nil {
		return t, t.err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	t := p.Load()
	if t == nil {
		t = c.buildYear(y)
		c.keep(t)
	}
	return t, t.err
}

// maxHeld is the most bytes of tables a Calendar keeps: 16 MiB, the tables
// of the whole range for a calendar of up to 58 windows a week (8 every
// day), and about 36 years of the busiest calendar allowed ([MaxWindows]
// every day). See "Tables and their range" in the package doc.
const maxHeld = 16 << 20

// keep publishes t, the table of its year, and then drops the tables of
// the years farthest from it (the earlier of two as far) until those held
// take at most maxHeld bytes.
// A dropped table is built again when it is next needed; a caller that
// still holds it keeps reading it. The caller holds c.mu.
func (c *Calendar) keep(t *yearTable) {
	y := t.year - MinYear
	c.years[y].Store(t)
	c.held += t.size()
	for c.held > maxHeld {
		far := -1
		for i := range c.years {
			if i != y && c.years[i].Load() != nil && (far < 0 || abs(i-y) > abs(far-y)) {
				far = i
			}
		}
		if far < 0 {
			return
		}
		c.held -= c.years[far].Load().size()
		c.years[far].Store(nil)
	}
}

func abs(n int) int { return max(n, -n) }

// Bounds on Unix seconds outside which no table can answer: checked before
// UnixNano, which is undefined far outside them.
var (
	minSec = Date{Year: MinYear, Month: time.January, Day: 1}.days()*86400 - 3*86400
	maxSec = Date{Year: MaxYear + 1, Month: time.January, Day: 1}.days()*86400 + 3*86400
	maxNS  = maxSec * 1e9 // no table answers at or after it
)

// yearStarts[i] is the Unix second of 1 January MinYear+i, 00:00 UTC, and
// yearDays[i] its day number.
var yearStarts, yearDays = func() (a, d [MaxYear - MinYear + 2]int64) {
	for i := range a {
		d[i] = Date{Year: MinYear + i, Month: time.January, Day: 1}.days()
		a[i] = d[i] * 86400
	}
	return a, d
}()

// utcYear returns the UTC year of ns, which must lie within a day or so of
// MinYear to MaxYear (the caller has checked minSec and maxSec): the
// result is then clamped to MinYear to MaxYear.
func utcYear(ns int64) int {
	sec := civil.FloorDiv(ns, 1e9)
	i := int((sec - yearStarts[0]) / 31556952) // the mean Gregorian year
	i = min(max(i, 0), len(yearStarts)-2)
	for i > 0 && sec < yearStarts[i] {
		i--
	}
	for i < len(yearStarts)-2 && sec >= yearStarts[i+1] {
		i++
	}
	return MinYear + i
}

// tableAt returns the table that answers for the instant t, and t in Unix
// nanoseconds.
func (c *Calendar) tableAt(t time.Time) (*yearTable, int64, error) {
	if s := t.Unix(); s < minSec || s >= maxSec {
		err := fmt.Errorf("%w: outside the years %d to %d", ErrOutOfRange, MinYear, MaxYear)
		return nil, 0, &DateError{Date: DateOf(t.In(c.location())), Err: err}
	}
	ns := t.UnixNano()
	if ns < c.firstNS {
		return nil, 0, c.errAt(ns, fmt.Errorf("%w: before the calendar's first version (%v)", ErrOutOfRange, c.first))
	}
	y := utcYear(ns)
	tb, err := c.table(y)
	if err != nil {
		// The UTC year may be a neighbour of the civil year: retry from
		// the civil year before reporting.
		cy := time.Unix(0, ns).In(c.location()).Year()
		if cy == y {
			return nil, 0, c.errAt(ns, err)
		}
		if tb, err = c.table(cy); err != nil {
			return nil, 0, c.errAt(ns, err)
		}
	}
	for ns < tb.lo {
		if tb, err = c.table(tb.year - 1); err != nil {
			return nil, 0, c.errAt(ns, err)
		}
	}
	for ns >= tb.hi {
		if tb, err = c.table(tb.year + 1); err != nil {
			return nil, 0, c.errAt(ns, err)
		}
	}
	return tb, ns, nil
}

// errAt wraps err in a *DateError naming the civil date of ns.
func (c *Calendar) errAt(ns int64, err error) error {
	var de *DateError
	if errors.As(err, &de) {
		return err
	}
	return &DateError{Date: DateOf(time.Unix(0, ns).In(c.location())), Err: err}
}

// errOn wraps err in a *DateError naming d.
func errOn(d Date, err error) error {
	var de *DateError
	if errors.As(err, &de) {
		return err
	}
	return &DateError{Date: d, Err: err}
}

// step returns the table of the year after (dir > 0) or before tb,
// counting empty years in *empty and failing with ErrNoWorkingTime once
// more than searchYears have passed without working time.
func (c *Calendar) step(tb *yearTable, dir int, empty *int) (*yearTable, error) {
	next, err := c.table(tb.year + dir)
	if err != nil {
		return nil, err
	}
	if dir < 0 && next.year < c.first.Year {
		return nil, fmt.Errorf("%w: before the calendar's first version (%v)", ErrOutOfRange, c.first)
	}
	if next.total() == 0 {
		*empty++
		if *empty > searchYears {
			return nil, fmt.Errorf("%w: none in %d years", ErrNoWorkingTime, searchYears+1)
		}
	} else {
		*empty = 0
	}
	return next, nil
}

func (c *Calendar) out(ns int64) time.Time { return time.Unix(0, ns).In(c.location()) }

// IsWorking reports whether t is working time: inside a working window,
// which includes its open and excludes its close.
//
// It returns a [*DateError] wrapping [ErrOutOfRange] for an instant outside
// the calendar's range, or the error of a holiday set for the year.
func (c *Calendar) IsWorking(t time.Time) (bool, error) {
	if c.open24() {
		if err := c.check24(t); err != nil {
			return false, err
		}
		return true, nil
	}
	tb, ns, err := c.tableAt(t)
	if err != nil {
		return false, err
	}
	i := tb.at(ns)
	return i >= 0 && ns < tb.end[i], nil
}

// NextWorking returns the first working instant at or after t: t itself if
// t is working time, else the next open. The result is in the calendar's
// zone.
//
// It returns a [*DateError] wrapping [ErrNoWorkingTime] if there is no
// working time in the rest of t's year and the two years after it, or the
// errors of [Calendar.IsWorking].
func (c *Calendar) NextWorking(t time.Time) (time.Time, error) {
	if c.open24() {
		if err := c.check24(t); err != nil {
			return time.Time{}, err
		}
		return t.In(c.location()), nil
	}
	tb, ns, err := c.tableAt(t)
	if err != nil {
		return time.Time{}, err
	}
	i := tb.at(ns)
	if i >= 0 && ns < tb.end[i] {
		return t.In(c.location()), nil
	}
	j, empty := i+1, 0
	for j >= len(tb.start) {
		if tb, err = c.step(tb, 1, &empty); err != nil {
			return time.Time{}, c.errAt(ns, err)
		}
		j = 0
	}
	return c.out(tb.start[j]), nil
}

// Duration returns the business time between a and b: the working time in
// [a, b), or minus the working time in [b, a) if b is before a. So
// Duration(a, b) + Duration(b, c) == Duration(a, c) for any a, b, c.
//
// It takes O(log n) time in the number of windows of a year, plus one
// addition per whole year between a and b.
//
// It returns the errors of [Calendar.IsWorking] for either instant, or for a
// year in between. On a calendar open around the clock, where it is wall
// time, a span longer than a [time.Duration] holds (about 292 years) is a
// [*DateError] naming b's date that wraps [ErrOutOfRange], not the
// saturated value of [time.Time.Sub]. (No table-based calendar's range
// holds that much business time.)
func (c *Calendar) Duration(a, b time.Time) (time.Duration, error) {
	if c.open24() {
		return c.duration24(a, b)
	}
	ta, an, err := c.tableAt(a)
	if err != nil {
		return 0, err
	}
	// Most spans lie within one year's table: reuse a's when b is in it
	// (checking b's range first, as tableAt does, before UnixNano).
	var tb *yearTable
	var bn int64
	if s := b.Unix(); s >= minSec && s < maxSec {
		if ns := b.UnixNano(); ns >= ta.lo && ns < ta.hi && ns >= c.firstNS {
			tb, bn = ta, ns
		}
	}
	if tb == nil {
		if tb, bn, err = c.tableAt(b); err != nil {
			return 0, err
		}
	}
	sign := int64(1)
	if bn < an {
		ta, tb, an, bn, sign = tb, ta, bn, an, -1
	}
	if ta == tb {
		return time.Duration(sign * (tb.cumAt(bn) - ta.cumAt(an))), nil
	}
	d := ta.total() - ta.cumAt(an) + tb.cumAt(bn)
	for y := ta.year + 1; y < tb.year; y++ {
		mid, err := c.table(y)
		if err != nil {
			return 0, errOn(Date{Year: y, Month: time.January, Day: 1}, err)
		}
		d += mid.total()
	}
	return time.Duration(sign * d), nil
}

// duration24 is Duration for a calendar open around the clock.
func (c *Calendar) duration24(a, b time.Time) (time.Duration, error) {
	if err := c.check24(a); err != nil {
		return 0, err
	}
	if err := c.check24(b); err != nil {
		return 0, err
	}
	d := b.Sub(a)
	if (d == math.MaxInt64 || d == math.MinInt64) && !a.Add(d).Equal(b) { // saturated
		err := fmt.Errorf("%w: the wall time from %v exceeds the range of time.Duration", ErrOutOfRange, DateOf(a.In(c.location())))
		return 0, &DateError{Date: DateOf(b.In(c.location())), Err: err}
	}
	return d, nil
}

// Add returns the instant at which d of business time has elapsed since t:
// the deadline of a clock started at t. The result is in the calendar's
// zone, and Duration(t, Add(t, d)) == d.
//
// A clock started outside working hours starts at the next open. A
// deadline that falls exactly on a close is that close, not the next open.
// A negative d counts backwards: the result is the latest instant s with
// Duration(s, t) == -d, and one that falls exactly on an open is that
// open. Add(t, 0) is t.
//
// It takes O(log n) time in the number of windows of a year, plus one step
// per year crossed. It returns a [*DateError] naming t's date that wraps
// [ErrOutOfRange] if the deadline falls outside the calendar's range (for
// any d, math.MinInt64 and math.MaxInt64 included), or [ErrNoWorkingTime]
// if it crosses more than two whole years without working time, or the
// errors of [Calendar.IsWorking].
func (c *Calendar) Add(t time.Time, d time.Duration) (time.Time, error) {
	if c.open24() {
		return c.add24(t, d)
	}
	tb, ns, err := c.tableAt(t)
	if err != nil {
		return time.Time{}, err
	}
	if d == 0 {
		return t.In(c.location()), nil
	}
	// Business time is at most wall time, so a d that reaches past the
	// range in wall time is out of range without a look at the tables
	// (which would otherwise all be built on the way). This also keeps
	// math.MinInt64, whose negation overflows, out of the loop below.
	if int64(d) > maxNS-ns {
		return time.Time{}, c.errAt(ns, fmt.Errorf("%w: d = %v of business time reaches after %v", ErrOutOfRange, d, lastDate))
	}
	if int64(d) < c.firstNS-ns {
		return time.Time{}, c.errAt(ns, fmt.Errorf("%w: d = %v of business time reaches before %v", ErrOutOfRange, d, c.first))
	}
	pos := tb.cumAt(ns)
	empty := 0
	if d > 0 {
		need := int64(d)
		for {
			if avail := tb.total() - pos; need <= avail {
				r := tb.forward(pos + need)
				if r >= tb.hi && tb.year == MaxYear { // a close at the very end
					return time.Time{}, c.errAt(ns, fmt.Errorf("%w: d = %v of business time reaches after %v", ErrOutOfRange, d, lastDate))
				}
				return c.out(r), nil
			} else {
				need -= avail
			}
			if tb, err = c.step(tb, 1, &empty); err != nil {
				return time.Time{}, c.errAt(ns, err)
			}
			pos = 0
		}
	}
	need := -int64(d)
	for {
		if need <= pos {
			return c.out(tb.backward(pos - need)), nil
		}
		need -= pos
		if tb, err = c.step(tb, -1, &empty); err != nil {
			return time.Time{}, c.errAt(ns, err)
		}
		pos = tb.total()
	}
}

// add24 is Add for a calendar open around the clock.
func (c *Calendar) add24(t time.Time, d time.Duration) (time.Time, error) {
	if err := c.check24(t); err != nil {
		return time.Time{}, err
	}
	// t is within the years 1 to 9999, so t + d cannot overflow time.Time.
	r := t.Add(d)
	if lo, hi := c.range24(); r.Unix() >= hi {
		return time.Time{}, c.errAt24(t, fmt.Errorf("%w: d = %v reaches after %v", ErrOutOfRange, d, last24))
	} else if r.Unix() < lo {
		return time.Time{}, c.errAt24(t, fmt.Errorf("%w: d = %v reaches before %v", ErrOutOfRange, d, first24))
	}
	return r.In(c.location()), nil
}

// errAt24 wraps err in a *DateError naming the civil date of t in c's zone.
func (c *Calendar) errAt24(t time.Time, err error) error {
	return &DateError{Date: DateOf(t.In(c.location())), Err: err}
}

// AddBusinessDays adds n business days to t: it returns the instant on the n-th
// working day after the day of t that is as far into that day, in business
// time, as t is into its own. Unlike t plus n×24h, it skips closed days
// and keeps to working hours. The result is in the calendar's zone.
//
// In detail, for n > 0: a clock started outside working hours starts at
// the next open, s. Let D be the day s belongs to (an overnight window
// belongs to the day it opens) and x the business time from D's first open
// to s. If x is 0 the result is the close of the (n-1)-th working day after
// D (of D itself when n is 1): a clock started at an open runs n whole
// days. Otherwise the result is x into the n-th working day after D, or
// that day's close if the day is shorter than x. For n < 0 it counts
// backwards the same way: from the previous close if t is outside working
// hours, to the open of the (|n|-1)-th working day before D when t is at or
// after D's close. AddBusinessDays(t, 0) is t.
//
// It returns a [*DateError] wrapping [ErrOutOfRange] if the result falls
// outside the calendar's range (for any n, math.MinInt and math.MaxInt
// included), or the errors of [Calendar.AddWorkingDays] and
// [Calendar.NextWorking].
func (c *Calendar) AddBusinessDays(t time.Time, n int) (time.Time, error) {
	c = c.tabled()
	tb, ns, err := c.tableAt(t)
	if err != nil {
		return time.Time{}, err
	}
	if n == 0 {
		return t.In(c.location()), nil
	}
	// Find the interval i of tb that holds (or, backwards, precedes) t.
	i := tb.at(ns)
	empty := 0
	if n > 0 {
		if i < 0 || ns >= tb.end[i] {
			i++
			for i >= len(tb.start) {
				if tb, err = c.step(tb, 1, &empty); err != nil {
					return time.Time{}, c.errAt(ns, err)
				}
				i = 0
			}
			ns = tb.start[i]
		}
	} else {
		for i < 0 {
			if tb, err = c.step(tb, -1, &empty); err != nil {
				return time.Time{}, c.errAt(ns, err)
			}
			i = len(tb.start) - 1
		}
		ns = min(ns, tb.end[i]) // outside hours: from the previous close
	}
	day := int(tb.day[i])
	x := tb.cum[i] + ns - tb.start[i] - tb.cum[tb.first[day]]
	k := n
	if n > 0 && x == 0 {
		k = n - 1
	} else if n < 0 && x == tb.dayTotal(day) {
		k = n + 1
	}
	et, e, err := c.workingDayFrom(tb, day, k)
	if err != nil {
		return time.Time{}, c.errAt(ns, err)
	}
	var r int64
	switch {
	case n > 0 && x == 0:
		r = et.end[et.first[e+1]-1]
	case n < 0 && x == tb.dayTotal(day), x == 0:
		r = et.start[et.first[e]]
	case x >= et.dayTotal(e):
		r = et.end[et.first[e+1]-1]
	default:
		r = et.forward(et.cum[et.first[e]] + x)
	}
	if r >= et.hi && et.year == MaxYear { // the close of the range's last day
		return time.Time{}, c.errAt(ns, fmt.Errorf("%w: %d days from %v ends after %v", ErrOutOfRange, n, dateOfDays(tb.jan1()+int64(day)), lastDate))
	}
	return c.out(r), nil
}

// workingDayFrom returns the k-th working day after day d of tb (k > 0),
// the |k|-th before it (k < 0), or d itself (k == 0).
func (c *Calendar) workingDayFrom(tb *yearTable, d, k int) (*yearTable, int, error) {
	if k == 0 {
		return tb, d, nil
	}
	// The k-th working day is at least |k| days away: a k that reaches
	// past the range in days is out of range in its own direction. This
	// bounds |k| by the days of the range, so idx cannot overflow.
	if err := reach(tb.jan1()+int64(d), k, c.first.days(), lastDay); err != nil {
		return nil, 0, err
	}
	// idx is the working-day index, within tb's year, of the day wanted.
	var idx int
	if k > 0 {
		idx = int(tb.wdays[d+1]) + k - 1
	} else {
		idx = int(tb.wdays[d]) + k
	}
	empty := 0
	var err error
	for idx >= tb.workingDays() {
		idx -= tb.workingDays()
		if tb, err = c.step(tb, 1, &empty); err != nil {
			return nil, 0, err
		}
	}
	for idx < 0 {
		if tb, err = c.step(tb, -1, &empty); err != nil {
			return nil, 0, err
		}
		idx += tb.workingDays()
	}
	return tb, tb.nthWorkingDay(idx), nil
}

// dayTable returns the table of d's year and d's index in it.
func (c *Calendar) dayTable(d Date) (*yearTable, int, error) {
	if !d.IsValid() {
		return nil, 0, invalidDate(d)
	}
	if d.Before(c.first) {
		return nil, 0, errOn(d, fmt.Errorf("%w: before the calendar's first version (%v)", ErrOutOfRange, c.first))
	}
	tb, err := c.table(d.Year)
	if err != nil {
		return nil, 0, errOn(d, err)
	}
	return tb, d.yearDay(), nil
}

// invalidDate reports a Date argument that names no day.
func invalidDate(d Date) error {
	return invalid("Date", "", "", d.String(), "no such day")
}

// IsWorkingDay reports whether d is a working day: one with working time
// that belongs to it (an overnight window belongs to the day it opens on).
//
// It returns a [*FieldError] for an invalid date, and a [*DateError]
// wrapping [ErrOutOfRange] for one outside the calendar's range, or the
// error of a holiday set for d's year.
func (c *Calendar) IsWorkingDay(d Date) (bool, error) {
	c = c.tabled()
	tb, i, err := c.dayTable(d)
	if err != nil {
		return false, err
	}
	return tb.first[i+1] > tb.first[i], nil
}

// AddWorkingDays returns the n-th working day after d (before it if n is
// negative); d itself need not be a working day. AddWorkingDays(d, 0) is d.
//
// It returns a [*DateError] naming d that wraps [ErrOutOfRange] if the
// day sought lies outside the calendar's range, in the direction of n (for
// any n, math.MinInt and math.MaxInt included), or [ErrNoWorkingTime] if
// it crosses more than two whole years without a working day, or the
// errors of [Calendar.IsWorkingDay].
func (c *Calendar) AddWorkingDays(d Date, n int) (Date, error) {
	c = c.tabled()
	tb, i, err := c.dayTable(d)
	if err != nil {
		return Date{}, err
	}
	et, e, err := c.workingDayFrom(tb, i, n)
	if err != nil {
		return Date{}, errOn(d, err)
	}
	return dateOfDays(et.jan1() + int64(e)), nil
}

// NextWorkingDay returns the first working day after d. It returns the
// errors of [Calendar.AddWorkingDays].
func (c *Calendar) NextWorkingDay(d Date) (Date, error) { return c.AddWorkingDays(d, 1) }

// PrevWorkingDay returns the last working day before d. It returns the
// errors of [Calendar.AddWorkingDays].
func (c *Calendar) PrevWorkingDay(d Date) (Date, error) { return c.AddWorkingDays(d, -1) }

// WorkingDays returns the number of working days in [from, to): from
// included, to excluded; minus the number in [to, from) if to is before
// from. It returns the errors of [Calendar.IsWorkingDay].
func (c *Calendar) WorkingDays(from, to Date) (int, error) {
	c = c.tabled()
	sign := 1
	if to.Before(from) {
		from, to, sign = to, from, -1
	}
	ta, i, err := c.dayTable(from)
	if err != nil {
		return 0, err
	}
	tb, j := ta, 0
	if to.Year == from.Year && to.IsValid() { // most spans: one table
		j = to.yearDay()
	} else if tb, j, err = c.dayTable(to); err != nil {
		return 0, err
	}
	if ta == tb {
		return sign * int(tb.wdays[j]-ta.wdays[i]), nil
	}
	n := ta.workingDays() - int(ta.wdays[i]) + int(tb.wdays[j])
	for y := ta.year + 1; y < tb.year; y++ {
		mid, err := c.table(y)
		if err != nil {
			return 0, errOn(Date{Year: y, Month: time.January, Day: 1}, err)
		}
		n += mid.workingDays()
	}
	return sign * n, nil
}

// Day describes one civil day of a calendar: its working time and why.
// The zero Day is no day.
type Day struct {
	Date Date // the civil date described
	// Version is the From of the version in force (zero for a first
	// version with no From).
	Version Date
	// Spans is the working time that belongs to the day, in order, as
	// instants in the calendar's zone. An overnight span ends on the next
	// day. Empty on a closed day.
	Spans []Span
	// Holiday names the holiday on the day, if any. It is set even when an
	// override opens the day.
	Holiday string
	// Override is true when an [Override] sets the day's hours, and
	// Reason is its reason.
	Override bool
	Reason   string // the override's reason; empty without an override
}

// Span is a period of working time, [Start, End). The zero Span is empty.
type Span struct {
	Start time.Time // the first instant of working time
	End   time.Time // the first instant after it
}

// Duration returns the length of s.
func (s Span) Duration() time.Duration { return s.End.Sub(s.Start) }

// Working returns the total working time of the day.
func (d Day) Working() time.Duration {
	var sum time.Duration
	for _, s := range d.Spans {
		sum += s.Duration()
	}
	return sum
}

// Day returns the working time of the date d and the rules behind it. It
// returns the errors of [Calendar.IsWorkingDay].
func (c *Calendar) Day(d Date) (Day, error) {
	c = c.tabled()
	tb, i, err := c.dayTable(d)
	if err != nil {
		return Day{}, err
	}
	r, err := c.rule(d.days(), holidayCache{})
	if err != nil {
		return Day{}, errOn(d, err)
	}
	day := Day{Date: d, Holiday: r.holiday, Override: r.override, Reason: r.reason}
	if r.version >= 0 {
		day.Version = c.versions[r.version].given
	}
	for k := tb.first[i]; k < tb.first[i+1]; k++ {
		day.Spans = append(day.Spans, Span{Start: c.out(tb.start[k]), End: c.out(tb.end[k])})
	}
	return day, nil
}
