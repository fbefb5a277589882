package clv

import (
	"time"

	"github.com/keyaccount/keyaccount/internal/enum"
)

// Unit is the period in which a summary counts repeat transactions and
// measures its times: a day or a week.
//
// The zero Unit is no unit; a summary must carry one.
type Unit uint8

const (
	// UnitDay: periods of 24 hours, the default of the summary builder.
	UnitDay Unit = iota + 1
	// UnitWeek: periods of 7 days.
	UnitWeek
)

var unitNames = enum.New("Unit", map[Unit]string{
	UnitDay:  "day",
	UnitWeek: "week",
})

// String returns "day" or "week".
func (u Unit) String() string { return unitNames.String(u) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
// The zero Unit is the exception: it is the empty text, unset.
func (u Unit) MarshalText() ([]byte, error) { return unitNames.MarshalText(u, ErrInvalid) }

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
// The empty text is the zero Unit.
func (u *Unit) UnmarshalText(text []byte) error {
	v, err := unitNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*u = v
	}
	return err
}

// Duration returns the length of the unit: 24 hours or 7 days; 0 for a
// value without a name.
func (u Unit) Duration() time.Duration {
	switch u {
	case UnitDay:
		return 24 * time.Hour
	case UnitWeek:
		return 7 * 24 * time.Hour
	}
	return 0
}

// Status is how a fit ended.
//
// The zero Status is no status.
type Status uint8

const (
	// StatusConverged: the quasi-Newton search (BFGS) met its gradient
	// tolerance from the first starting point.
	StatusConverged Status = iota + 1
	// StatusRestarted: the first attempt stopped short, and a search from
	// another starting point converged.
	StatusRestarted
	// StatusNelderMead: the gradient searches stopped short, and the
	// Nelder-Mead fallback converged.
	StatusNelderMead
)

var statusNames = enum.New("Status", map[Status]string{
	StatusConverged:  "converged",
	StatusRestarted:  "restarted",
	StatusNelderMead: "nelder-mead",
})

// String returns "converged", "restarted" or "nelder-mead".
func (s Status) String() string { return statusNames.String(s) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
// The zero Status is the exception: it is the empty text, unset.
func (s Status) MarshalText() ([]byte, error) { return statusNames.MarshalText(s, ErrInvalid) }

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
// The empty text is the zero Status.
func (s *Status) UnmarshalText(text []byte) error {
	v, err := statusNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*s = v
	}
	return err
}
