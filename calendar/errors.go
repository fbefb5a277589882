package calendar

import (
	"errors"
	"strings"
)

// Sentinel errors. Test for them with [errors.Is]; the errors the package
// returns wrap them with the field or date at fault.
var (
	// ErrInvalid is wrapped by every [*ValidationError]: a Config, a
	// Window, a Date or a country code that is not valid.
	ErrInvalid = errors.New("calendar: invalid")

	// ErrOutOfRange reports an instant or date outside the range the
	// calendar can answer for, given or as a result: before the first
	// [Version], or outside the years [MinYear] to [MaxYear] (1 to 9999
	// for a calendar open around the clock, see [AlwaysOpen]); or a
	// business time that a [time.Duration] cannot hold.
	ErrOutOfRange = errors.New("calendar: out of range")

	// ErrNoHolidayData reports a year for which a holiday source has no
	// data, such as New Zealand's Matariki after 2052. The calendar returns
	// an error rather than guess.
	ErrNoHolidayData = errors.New("calendar: no holiday data for year")

	// ErrNoWorkingTime reports a bounded search that found no working time:
	// none in the rest of the year of the instant or date it started from
	// and the two years after it (or before it, searching backwards).
	ErrNoWorkingTime = errors.New("calendar: no working time")
)

// ValidationError reports a value that is not valid, naming where it is.
// It wraps [ErrInvalid]. The zero ValidationError names nothing; the
// package always fills Field and Reason.
type ValidationError struct {
	// Field is the path of the value at fault, such as
	// "Versions[1].Week[Monday][0]" or "Zone"; for the parse functions it is
	// "date", "clock", "window" or "windows[i]".
	Field string
	// Value is the offending value as text.
	Value string
	// Reason says what is wrong with it.
	Reason string
}

// Error returns, for example,
// `calendar: Versions[0].Week[Monday][1] "13:00-12:00": close is not after open`.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("calendar: ")
	b.WriteString(e.Field)
	if e.Value != "" {
		b.WriteString(" ")
		b.WriteString(quote(e.Value))
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap returns [ErrInvalid].
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// quote quotes s for an error message, keeping it short.
func quote(s string) string {
	const max = 64
	if len(s) > max {
		s = s[:max] + "..."
	}
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

// DateError reports a failure that belongs to a date: the date is outside
// the calendar's range, its year's holidays are unknown, or no working
// time was found from it. Err is the cause; it wraps one of the sentinel
// errors, such as [ErrOutOfRange] or [ErrNoHolidayData]. The package never
// returns a zero DateError (one with a nil Err).
type DateError struct {
	Date Date  // the civil date, in the calendar's zone, at fault
	Err  error // the cause
}

// Error returns, for example,
// "calendar: 2053-06-20: no holiday data for year: ...".
func (e *DateError) Error() string {
	return "calendar: " + e.Date.String() + ": " + strings.TrimPrefix(e.Err.Error(), "calendar: ")
}

// Unwrap returns e.Err.
func (e *DateError) Unwrap() error { return e.Err }
