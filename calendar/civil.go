package calendar

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/keyaccount/keyaccount/internal/civil"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// Date is a civil date: a year, a month and a day, with no time of day and
// no time zone. The calendar interprets a Date in its own zone.
//
// The zero Date (0000-00-00) is not a valid date. [Version.From] gives it a
// meaning: "from the start of the supported range". Compare Dates with
// [Date.Compare] or ==; both are exact.
type Date struct {
	Year  int        // the year, e.g. 2026
	Month time.Month // the month, January to December
	Day   int        // the day of the month, from 1
}

// DateOf returns the civil date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate parses a date in the form "2006-01-02". It returns a
// [*FieldError] if s is not such a date or names a day that does not
// exist (such as "2023-02-29").
func ParseDate(s string) (Date, error) {
	bad := func(reason string) (Date, error) {
		return Date{}, invalid("Date", "", "", s, reason)
	}
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return bad("want YYYY-MM-DD")
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return bad("want YYYY-MM-DD")
	}
	date := Date{Year: y, Month: time.Month(m), Day: d}
	if !date.IsValid() {
		return bad("no such day")
	}
	return date, nil
}

// digits parses a string of ASCII digits only (no sign, no spaces).
func digits(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// The years a Date can name.
const (
	minDateYear = 1
	maxDateYear = 9999
)

// IsValid reports whether d names a day of the proleptic Gregorian calendar
// in the years 1 to 9999.
func (d Date) IsValid() bool {
	if d.Year < minDateYear || d.Year > maxDateYear || d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	return d.Day <= daysIn(d.Year, d.Month)
}

// String returns d as "2006-01-02". An invalid date prints its fields as
// they are, so that an error can show it.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText implements [encoding.TextMarshaler] with the form of [Date.String].
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseDate].
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Compare returns -1 if d is before e, 0 if they are the same day and +1 if
// d is after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	default:
		return cmpInt(d.Day, e.Day)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// AddDays returns the date n days after d (before it if n is negative).
// It counts calendar days, not working days: see [Calendar.AddWorkingDays].
// d must be valid. If the date n days away falls outside the years 1 to
// 9999, AddDays returns the zero Date, which [Date.IsValid] rejects: never
// a date that wrapped around.
func (d Date) AddDays(n int) Date {
	z := d.days()
	lo, hi := first24.days()-z, last24.days()-z
	if int64(n) < lo || int64(n) > hi {
		return Date{}
	}
	return dateOfDays(z + int64(n))
}

// DaysSince returns the number of calendar days from e to d: positive if d
// is after e. Both must be valid.
func (d Date) DaysSince(e Date) int { return int(d.days() - e.days()) }

// Weekday returns the day of the week of d. d must be valid.
func (d Date) Weekday() time.Weekday {
	// 1970-01-01 was a Thursday.
	return time.Weekday(floorMod(d.days()+4, 7))
}

// days returns the number of days from 1970-01-01 to d, in the proleptic
// Gregorian calendar.
func (d Date) days() int64 { return civil.Days(d.Year, int(d.Month), d.Day) }

// dateOfDays is the inverse of Date.days.
func dateOfDays(z int64) Date {
	y, m, d := civil.Date(z)
	return Date{Year: y, Month: time.Month(m), Day: d}
}

func floorMod(a, b int64) int64 { return a - civil.FloorDiv(a, b)*b }

// monthStarts[m-1] is the day of a common year (0-based) on which month m
// starts.
var monthStarts = [12]int{0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334}

// yearDay returns the day of the year of d, which must be valid: 0 on 1
// January, 364 (365 in a leap year) on 31 December.
func (d Date) yearDay() int {
	n := monthStarts[d.Month-1] + d.Day - 1
	if d.Month > time.February && isLeap(d.Year) {
		n++
	}
	return n
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// Clock is a civil time of day, to the minute, from 00:00 to 24:00
// inclusive. 24:00 is the end of the day and is valid only as the close of a
// [Window].
//
// The zero Clock is 00:00, midnight at the start of the day.
type Clock struct {
	Hour   int // 0 to 24
	Minute int // 0 to 59; 0 when Hour is 24
}

// ParseClock parses a time of day written "15:04" (the hour may have one
// digit: "8:30"), or "24:00". It returns a [*FieldError] otherwise.
func ParseClock(s string) (Clock, error) {
	c, reason := parseClock(s)
	if reason != "" {
		return Clock{}, invalid("Clock", "", "", s, reason)
	}
	return c, nil
}

func parseClock(s string) (Clock, string) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 {
		return Clock{}, "want HH:MM"
	}
	hh, ok1 := digits(h)
	mm, ok2 := digits(m)
	if !ok1 || !ok2 {
		return Clock{}, "want HH:MM"
	}
	c := Clock{Hour: hh, Minute: mm}
	if !c.IsValid() {
		return Clock{}, "no such time of day (00:00 to 24:00)"
	}
	return c, ""
}

// IsValid reports whether c is a time of day from 00:00 to 24:00.
func (c Clock) IsValid() bool {
	if c.Hour == 24 {
		return c.Minute == 0
	}
	return c.Hour >= 0 && c.Hour < 24 && c.Minute >= 0 && c.Minute < 60
}

// String returns c as "15:04". An invalid Clock prints its fields as they are.
func (c Clock) String() string {
	return fmt.Sprintf("%02d:%02d", c.Hour, c.Minute)
}

// MarshalText implements [encoding.TextMarshaler] with the form of [Clock.String].
func (c Clock) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseClock].
func (c *Clock) UnmarshalText(b []byte) error {
	v, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// minutes returns c as minutes after midnight (1440 for 24:00).
func (c Clock) minutes() int { return c.Hour*60 + c.Minute }

// Window is a working period within a day, half-open: working from Open up
// to but not including Close.
//
// A Window that ends at midnight closes at 24:00. A Window that crosses
// midnight (an overnight shift, 22:00 to 06:00) sets Overnight; it belongs
// to the day on which it opens, and its Close is a time on the next day.
// Without Overnight, Close must be after Open; with it, Close must be before
// Open (so the shift is shorter than 24 hours) and not 00:00 (write 24:00).
//
// The zero Window is 00:00 to 00:00 and is not valid.
type Window struct {
	Open      Clock // when work starts, included
	Close     Clock // when work stops, excluded; 24:00 is the end of the day
	Overnight bool  // Close is on the next day: the shift crosses midnight
}

// ParseWindow parses a window written "08:30-12:00". A close that is not
// after the open ("22:00-06:00") makes an overnight window; "00:00-24:00" is
// the whole day. It returns a [*FieldError] for any other text.
func ParseWindow(s string) (Window, error) {
	w, reason := parseWindow(s)
	if reason != "" {
		return Window{}, invalid("Window", "", "", s, reason)
	}
	return w, nil
}

func parseWindow(s string) (Window, string) {
	o, c, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return Window{}, "want HH:MM-HH:MM"
	}
	open, reason := parseClock(strings.TrimSpace(o))
	if reason != "" {
		return Window{}, "open: " + reason
	}
	closing, reason := parseClock(strings.TrimSpace(c))
	if reason != "" {
		return Window{}, "close: " + reason
	}
	w := Window{Open: open, Close: closing, Overnight: closing.minutes() <= open.minutes()}
	if reason := w.check(); reason != "" {
		return Window{}, reason
	}
	return w, ""
}

// ParseWindows parses a comma-separated list of windows, such as
// "08:30-12:00, 13:00-17:00". An empty or blank string is no windows (a
// closed day). Each window is parsed as by [ParseWindow]; the windows must
// not overlap, and there may be at most [MaxWindows] of them (a longer list
// is refused whole, with Field "" and its count as the Value, before any
// window is parsed).
func ParseWindows(s string) ([]Window, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	if n := strings.Count(s, ",") + 1; n > MaxWindows {
		return nil, invalid("Windows", "", "", n, tooManyWindows)
	}
	parts := strings.Split(s, ",")
	ws := make([]Window, 0, len(parts))
	for i, p := range parts {
		w, reason := parseWindow(p)
		if reason != "" {
			return nil, invalid("Windows", "", "["+strconv.Itoa(i)+"]", strings.TrimSpace(p), reason)
		}
		ws = append(ws, w)
	}
	var errs fault.List
	add := func(field string, value any, reason string) { errs.Add(invalid("Windows", "", field, value, reason)) }
	if !checkDay("", ws, add) {
		return nil, errs.Err()
	}
	return ws, nil
}

// String returns w as "08:30-12:00". An overnight window prints as
// "22:00-06:00", which [ParseWindow] reads back as overnight.
func (w Window) String() string { return w.Open.String() + "-" + w.Close.String() }

// MarshalText implements [encoding.TextMarshaler] with the form of [Window.String].
func (w Window) MarshalText() ([]byte, error) { return []byte(w.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseWindow].
func (w *Window) UnmarshalText(b []byte) error {
	v, err := ParseWindow(string(b))
	if err != nil {
		return err
	}
	*w = v
	return nil
}

// check returns why w is not a valid window, or "".
func (w Window) check() string {
	switch {
	case !w.Open.IsValid():
		return "open is not a time of day"
	case !w.Close.IsValid():
		return "close is not a time of day"
	case w.Open.Hour == 24:
		return "open 24:00 is the end of the day"
	case w.Overnight && w.Close.Hour == 24:
		return "overnight window cannot close at 24:00 of the next day"
	case w.Overnight && w.Close.minutes() == 0:
		return "overnight window closing at 00:00 closes at 24:00 of its own day: write 24:00 without Overnight"
	case w.Overnight && w.Close.minutes() >= w.Open.minutes():
		return "overnight window must close before its open time on the next day (at most 24 hours)"
	case !w.Overnight && w.Close.minutes() <= w.Open.minutes():
		return "close is not after open (set Overnight for a window that crosses midnight)"
	}
	return ""
}

// span returns w as minutes after the midnight that starts its day:
// [open, close), close > 1440 for an overnight window.
func (w Window) span() span {
	s := span{open: w.Open.minutes(), close: w.Close.minutes()}
	if w.Overnight {
		s.close += 1440
	}
	return s
}

// span is a validated window in minutes after the day's midnight.
type span struct{ open, close int }
