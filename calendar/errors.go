package calendar

import (
	"errors"
	"strings"

	"github.com/keyaccount/keyaccount/internal/fault"
)

// Sentinel errors. Test for them with [errors.Is]; the errors the package
// returns wrap them with the field or date at fault.
var (
	// ErrInvalid reports input that is not valid: a Config, a Window, a
	// Date or a country code. Every [*FieldError] the package returns
	// wraps it.
	ErrInvalid = errors.New("calendar: invalid input")

	// ErrOutOfRange reports an instant or date outside the range the
	// calendar can answer for, given or as a result: before the first
	// [Version], or outside the years [MinYear] to [MaxYear] (1 to 9999
	// for the instant methods of a calendar open around the clock, see
	// [AlwaysOpen]); or a business time that a [time.Duration] cannot hold.
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

// FieldError reports a value that is not valid, naming where it is. It is
// the module's one field-error type (an alias of the type that
// account.FieldError also names), so one [errors.As] target catches the
// field errors of every package. The package returns it as a *FieldError
// whose Err is [ErrInvalid]; its fields mean, for a calendar:
//
//	Record string // what was not valid: "Config" (New, Config.Validate), or the
//	              // argument of a function: "Date", "Clock", "Window",
//	              // "Windows" (the parse functions), "Country" (Country)
//	ID     string // a Config's Name, or ""
//	Field  string // the path within the record, such as "Zone",
//	              // "Versions[1].From" or "Versions[0].Week[Monday][1]"; for
//	              // ParseWindows the window's position, "[2]"; "" for a value
//	              // that is wrong as a whole
//	Value  any    // the offending value, usually as text; nil when it is missing
//	Reason string // what is wrong, such as "close is not after open"
//	Err    error  // ErrInvalid
//
// Error returns one line, such as
//
//	calendar: invalid input: Config "nz-office": Versions[0].Week[Monday][1] "11:00-17:00": overlaps window 09:00-12:00
//
// quoting at most 64 bytes of the value, whatever its length.
// [Config.Validate] joins at most 100 of them, then says how many more
// there were.
type FieldError = fault.FieldError

// invalid returns the *FieldError of a value of record that is not valid.
func invalid(record, id, field string, value any, reason string) *FieldError {
	return &FieldError{Record: record, ID: id, Field: field, Value: value, Reason: reason, Err: ErrInvalid}
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
