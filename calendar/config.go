package calendar

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/keyaccount/keyaccount/internal/fault"
)

// The years a table-based [Calendar] can answer for. Instants and dates
// outside them are errors wrapping [ErrOutOfRange]. (The span is kept under
// the 292 years a [time.Duration] can hold.)
const (
	MinYear = 1900
	MaxYear = 2100
)

// MaxWindows is the most working windows one day may have: a weekday of a
// [Week], an [Override], or a list given to [ParseWindows]. More are a
// [*FieldError] wrapping [ErrInvalid]. It bounds the size of a year's table
// (see "Tables and their range" in the package doc): 48 windows allow a
// window every half hour.
const MaxWindows = 48

// Config describes a business calendar. [New] validates it and builds the
// [Calendar]. A Config is plain data: build it in code or decode it (Date,
// Clock and Window are text-marshalable).
//
// The zero Config is not valid: it has no Zone and no Versions.
type Config struct {
	// Name names the calendar in explanations, such as "nz-support". It
	// may be empty.
	Name string

	// Zone is the IANA time zone of the calendar, such as
	// "Pacific/Auckland" or "UTC". Working windows, holidays and dates are
	// civil times and dates in this zone. It is required; "Local" is
	// refused because results would depend on the machine.
	Zone string

	// Versions are the rules in force over time, in increasing order of
	// From. There must be at least one. Each day is governed by the last
	// version whose From is on or before it.
	Versions []Version
}

// Version is the complete set of rules of a calendar from its From date up
// to (not including) the From date of the next version. A version does not
// inherit from the one before it.
//
// The zero Version applies from the start of the range and has no working
// time at all.
type Version struct {
	// From is the first day on which the version is in force. The first
	// version may leave it zero: it then applies from 1 January [MinYear].
	// Days before a non-zero first From are out of range.
	From Date

	// Week holds the working windows of each weekday.
	Week Week

	// Holidays are explicit closed days, such as a company shutdown day.
	// They must fall within the version's dates and have a Name.
	Holidays []Holiday

	// HolidaySets are computed holiday sets, such as Country("NZ"). A set
	// is asked for whole years when the calendar first needs them.
	HolidaySets []HolidaySet

	// Overrides replace the hours of single dates: a partial-day closure
	// or a special opening. An override wins over a holiday and over Week.
	// Dates must be distinct and fall within the version's dates.
	Overrides []Override
}

// Week holds the working windows of each day of the week, indexed by
// [time.Weekday]: Week[time.Monday] is Monday's windows. A day's windows
// may come in any order but must not overlap, and an overnight window must
// not overlap the next weekday's windows. A day has at most [MaxWindows].
//
// The zero Week has no working time.
type Week [7][]Window

// MondayToFriday returns a Week with the given windows on Monday to Friday
// and none on Saturday and Sunday.
func MondayToFriday(ws ...Window) Week {
	var w Week
	for d := time.Monday; d <= time.Friday; d++ {
		w[d] = ws
	}
	return w
}

// EveryDay returns a Week with the given windows on all seven days.
func EveryDay(ws ...Window) Week {
	var w Week
	for d := range w {
		w[d] = ws
	}
	return w
}

// Holiday is a named closed day. On a holiday no window that opens on that
// day is worked (an overnight window that opened the day before still runs
// to its close).
//
// The zero Holiday is not valid.
type Holiday struct {
	Date Date   // the civil date that is not worked
	Name string // what the holiday is, e.g. "Matariki"
}

// Override replaces the working windows of one date. Windows lists every
// window of that day: a partial-day closure lists the hours that remain
// (close at 14:00 on Christmas Eve: 09:00-14:00), a special opening lists
// the hours of a day that has none (a Saturday stocktake: 09:00-13:00), and
// no windows at all closes the day, and at most [MaxWindows] are allowed.
// An override wins over holidays.
//
// The zero Override is not valid (it has no date).
type Override struct {
	Date    Date     // the civil date whose hours are replaced
	Windows []Window // every window of that day; none closes it
	Reason  string   // optional, shown by [Calendar.Day]
}

// Validate reports whether c can build a [Calendar]. It returns nil, or
// a [*FieldError] (Record "Config", ID c.Name) for every fault found,
// joined with [errors.Join] in the order of the fields: at most 100 of
// them, then a last line saying how many more there were. Test with
// [errors.As], or [errors.Is] with [ErrInvalid].
func (c Config) Validate() error {
	_, _, err := c.compile()
	return err
}

// compile validates c and converts it to the internal form.
func (c Config) compile() (*time.Location, []version, error) {
	var errs fault.List
	add := func(field string, value any, reason string) {
		errs.Add(invalid("Config", c.Name, field, value, reason))
	}
	var loc *time.Location
	switch c.Zone {
	case "":
		add("Zone", nil, "required (an IANA zone such as \"Europe/London\", or \"UTC\")")
	case "Local":
		add("Zone", c.Zone, "the machine's local zone is not allowed: name the zone")
	default:
		l, err := time.LoadLocation(c.Zone)
		if err != nil {
			add("Zone", c.Zone, "unknown time zone")
		} else {
			loc = l
		}
	}
	if len(c.Versions) == 0 {
		add("Versions", nil, "at least one version is required")
	}
	minDay := Date{Year: MinYear, Month: time.January, Day: 1}.days()
	maxDay := Date{Year: MaxYear, Month: time.December, Day: 31}.days()
	vs := make([]version, len(c.Versions))
	for i, v := range c.Versions {
		p := "Versions[" + strconv.Itoa(i) + "]"
		from, ok := minDay, true
		switch {
		case v.From.IsZero() && i == 0:
		case v.From.IsZero():
			add(p+".From", nil, "required on every version after the first")
			ok = false
		case !v.From.IsValid():
			add(p+".From", v.From.String(), "no such day")
			ok = false
		case v.From.Year < MinYear || v.From.Year > MaxYear:
			add(p+".From", v.From.String(), fmt.Sprintf("outside the years %d to %d", MinYear, MaxYear))
			ok = false
		default:
			from = v.From.days()
		}
		if ok && i > 0 && from <= vs[i-1].from {
			add(p+".From", v.From.String(), "not after the previous version's From: versions must be in increasing order")
		}
		vs[i].from, vs[i].given = from, v.From
	}
	for i, v := range c.Versions {
		p := "Versions[" + strconv.Itoa(i) + "]"
		first, last := vs[i].from, maxDay
		if i+1 < len(vs) && vs[i+1].from > first {
			last = vs[i+1].from - 1
		}
		inRange := func(d Date) string {
			switch {
			case !d.IsValid():
				return "no such day"
			case d.days() < first || d.days() > last:
				return fmt.Sprintf("outside the version's dates %v to %v", dateOfDays(first), dateOfDays(last))
			}
			return ""
		}
		out := &vs[i]
		for wd, ws := range v.Week {
			f := p + ".Week[" + time.Weekday(wd).String() + "]"
			if !checkDay(f, ws, add) {
				continue
			}
			out.week[wd] = sortedSpans(ws)
		}
		// An overnight window must not run into the next weekday's windows.
		for wd := range out.week {
			ss := out.week[wd]
			next := out.week[(wd+1)%7]
			if len(ss) == 0 || len(next) == 0 {
				continue
			}
			if tail := ss[len(ss)-1].close - 1440; tail > next[0].open {
				add(p+".Week["+time.Weekday(wd).String()+"]", spanText(ss[len(ss)-1]),
					"overnight window overlaps "+time.Weekday((wd+1)%7).String()+"'s window "+spanText(next[0]))
			}
		}
		if len(v.Holidays) > 0 {
			out.holidays = make(map[int64]string, len(v.Holidays))
		}
		for j, h := range v.Holidays {
			f := p + ".Holidays[" + strconv.Itoa(j) + "]"
			if r := inRange(h.Date); r != "" {
				add(f+".Date", h.Date.String(), r)
				continue
			}
			if h.Name == "" {
				add(f+".Name", nil, "required")
				continue
			}
			if _, dup := out.holidays[h.Date.days()]; !dup {
				out.holidays[h.Date.days()] = h.Name // the first name given wins
			}
		}
		for j, s := range v.HolidaySets {
			if s == nil {
				add(p+".HolidaySets["+strconv.Itoa(j)+"]", nil, "nil holiday set")
				continue
			}
			out.sets = append(out.sets, s)
		}
		if len(v.Overrides) > 0 {
			out.overrides = make(map[int64]override, len(v.Overrides))
		}
		for j, o := range v.Overrides {
			f := p + ".Overrides[" + strconv.Itoa(j) + "]"
			if r := inRange(o.Date); r != "" {
				add(f+".Date", o.Date.String(), r)
				continue
			}
			if _, dup := out.overrides[o.Date.days()]; dup {
				add(f+".Date", o.Date.String(), "a second override for the same date")
				continue
			}
			if !checkDay(f+".Windows", o.Windows, add) {
				continue
			}
			out.overrides[o.Date.days()] = override{spans: sortedSpans(o.Windows), reason: o.Reason}
		}
	}
	if err := errs.Err(); err != nil {
		return nil, nil, err
	}
	return loc, vs, nil
}

// checkDay validates the windows of one day, reporting each fault to add:
// that there are at most MaxWindows (checked first, so that a long list
// costs no more), each window, and that no two overlap. Windows that touch
// (12:00-13:00 and 13:00-14:00) do not overlap. It reports whether the day
// is valid.
func checkDay(field string, ws []Window, add func(field string, value any, reason string)) bool {
	if len(ws) > MaxWindows {
		add(strings.Clone(field), len(ws), tooManyWindows) // a copy, so field itself does not escape to the heap
		return false
	}
	ok := true
	for i, w := range ws {
		if r := w.check(); r != "" {
			add(field+"["+strconv.Itoa(i)+"]", w.String(), r)
			ok = false
		}
	}
	if !ok {
		return false
	}
	idx := make([]int, len(ws))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmpInt(ws[a].span().open, ws[b].span().open) })
	for k := 1; k < len(idx); k++ {
		prev, cur := ws[idx[k-1]], ws[idx[k]]
		if cur.span().open < prev.span().close {
			add(field+"["+strconv.Itoa(idx[k])+"]", cur.String(), "overlaps window "+prev.String())
			return false
		}
	}
	return true
}

// tooManyWindows is the reason a day with more than MaxWindows is refused.
var tooManyWindows = "too many windows: a day has at most " + strconv.Itoa(MaxWindows)

// sortedSpans returns the windows as spans in order of opening.
func sortedSpans(ws []Window) []span {
	if len(ws) == 0 {
		return nil
	}
	ss := make([]span, len(ws))
	for i, w := range ws {
		ss[i] = w.span()
	}
	slices.SortFunc(ss, func(a, b span) int { return cmpInt(a.open, b.open) })
	return ss
}

func spanText(s span) string {
	w := Window{Open: clockOf(s.open), Close: clockOf(s.close % 1440)}
	if s.close > 1440 {
		return w.String()
	}
	w.Close = clockOf(s.close)
	return w.String()
}

func clockOf(min int) Clock { return Clock{Hour: min / 60, Minute: min % 60} }

// version is a validated Version.
type version struct {
	from      int64 // day number of the first day
	given     Date  // From as given (zero for "from the start")
	week      [7][]span
	holidays  map[int64]string
	sets      []HolidaySet
	overrides map[int64]override
}

type override struct {
	spans  []span
	reason string
}
