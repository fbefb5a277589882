package tiering

// This file keeps the error types of the package's manager assignment
// (assign*.go), which is moving to package assign, so that it compiles
// until it does: scoring, tiering, plans and service models use none of
// them. It goes with the assign*.go files.

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

var (
	// ErrConfig reports an assignment policy that is not valid. It wraps
	// [ErrInvalid].
	ErrConfig = fault.New("tiering: invalid configuration", ErrInvalid)

	// ErrInput reports other bad input to an assignment: it is [ErrInvalid].
	ErrInput = ErrInvalid

	// ErrDuplicateManager reports two account managers with the same ID.
	ErrDuplicateManager = errors.New("tiering: duplicate manager")

	// ErrUnknownManager reports a pin that names an account manager who is
	// not among the managers passed to [Assign].
	ErrUnknownManager = errors.New("tiering: unknown manager")
)

// A ConfigError names the part of a configuration that is not valid. It
// wraps [ErrConfig]. The zero ConfigError names nothing; the package
// always fills in Where, Field and Reason.
type ConfigError struct {
	// Where locates the part: `Scorecard "external" Measures[2] "size"`,
	// `Policy`, `ServiceModels[1]`, ...
	Where  string
	Field  string // the field at fault, such as "Weight" or "Tiers[1].Share"
	Value  any    // the offending value, or nil
	Reason string // what is wrong
}

// Error returns a one-line description such as
//
//	tiering: Scorecard "external" Measures[2] "size": Weight -1: must not be negative
func (e *ConfigError) Error() string {
	s := "tiering: " + e.Where + ": " + e.Field
	if e.Value != nil {
		s += " " + fmt.Sprintf("%#v", e.Value)
	}
	return s + ": " + e.Reason
}

// Unwrap returns [ErrConfig], which wraps [ErrInvalid].
func (e *ConfigError) Unwrap() error { return ErrConfig }

// An AccountError names the account whose data could not be used, and the
// measure or account manager involved, if any. It wraps one of the
// sentinel errors, such as [ErrMissingValue], [ErrBadValue] or
// [ErrUnknownManager]. The package always sets Err and Reason; a zero
// AccountError is not meaningful.
type AccountError struct {
	// Account is the account at fault; "" when the problem is not one
	// account's: a measure's as a whole, a manager's, or the run's.
	Account account.ID

	// Manager is the account manager at fault (a repeated ID, say) or
	// involved (the manager a pin names), or "".
	Manager account.ManagerID

	Measure string // the measure involved, or ""
	Value   any    // the offending value, or nil
	Reason  string // what is wrong
	Err     error  // the sentinel error wrapped
}

// Error returns a one-line description such as
//
//	tiering: account "acme": measure "nps": no value: tiering: missing value
func (e *AccountError) Error() string {
	s := "tiering: "
	if e.Account != "" {
		s += "account " + strconv.Quote(string(e.Account)) + ": "
	}
	if e.Manager != "" {
		s += "manager " + strconv.Quote(string(e.Manager)) + ": "
	}
	if e.Measure != "" {
		s += "measure " + strconv.Quote(e.Measure) + ": "
	}
	if e.Value != nil {
		s += fmt.Sprintf("%#v: ", e.Value)
	}
	s += e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the sentinel error.
func (e *AccountError) Unwrap() error { return e.Err }

// configErrors collects the problems found in one configuration.
type configErrors struct{ errs []error }

func (c *configErrors) add(where, field string, value any, reason string) {
	c.errs = append(c.errs, &ConfigError{Where: where, Field: field, Value: value, Reason: reason})
}

func (c *configErrors) err() error { return errors.Join(c.errs...) }
