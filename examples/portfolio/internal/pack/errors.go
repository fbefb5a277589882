package pack

import (
	"strings"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// ErrInvalid reports a [Config] or an argument of [Run] that cannot be
// used; it wraps [account.ErrInvalid], so a caller that tests for the
// module's general sentinel catches it too. Every error of
// [Config.Validate] wraps it, and the field at fault is named: an
// [*account.FieldError] with Record "Config" for the pack's own settings,
// a [*ConfigError] for a part checked by its own package (the scorecards,
// the tier policy, the calendar, ...), which also wraps that package's
// error. The arguments of Run are FieldErrors with Record "Run".
var ErrInvalid = fault.New("pack: invalid input", account.ErrInvalid)

// A ConfigError reports a part of a [Config] that its own package found
// not valid: Field names the part ("Policy", "Scorecards[1]",
// "Budgets[0]", "Escalation.Policies"), and Err is that package's error, which names the field
// within it. A ConfigError matches both [ErrInvalid] and Err under
// [errors.Is], and [errors.As] finds the [*account.FieldError] inside Err.
type ConfigError struct {
	Field string // the field of Config at fault
	Err   error  // the error of the package that checked it
}

// Error returns "pack: invalid input: Config.Field: " and Err's text.
func (e *ConfigError) Error() string {
	var b strings.Builder
	b.WriteString(ErrInvalid.Error())
	b.WriteString(": Config.")
	b.WriteString(e.Field)
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns ErrInvalid and Err.
func (e *ConfigError) Unwrap() []error { return []error{ErrInvalid, e.Err} }

// errList collects the problems of one validation.
type errList struct{ fault.List }

// field adds a problem with a field of Config itself.
func (l *errList) field(name string, value any, reason string) {
	l.Add(&account.FieldError{Record: "Config", Field: name, Value: value, Reason: reason, Err: ErrInvalid})
}

// part adds the error of a part of Config checked by its own package, if any.
func (l *errList) part(name string, err error) {
	if err != nil {
		l.Add(&ConfigError{Field: name, Err: err})
	}
}
