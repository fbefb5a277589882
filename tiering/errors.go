package tiering

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/keyaccount/keyaccount/account"
)

// Sentinel errors. The errors the package returns wrap one of them; test
// with [errors.Is]. Most also carry the field or account at fault as a
// [*ConfigError] or an [*AccountError]; get it with [errors.As].
var (
	// ErrConfig reports a scorecard, policy, service model or assignment
	// policy that is not valid: a negative weight, bands with a gap, shares
	// above one, a negative Continuity, ...
	ErrConfig = errors.New("tiering: invalid configuration")

	// ErrDuplicateAccount reports two accounts with the same ID.
	ErrDuplicateAccount = errors.New("tiering: duplicate account")

	// ErrUnknownAttribute reports a measure whose attribute no account of
	// its scorecard has: most likely a misspelt name.
	ErrUnknownAttribute = errors.New("tiering: unknown attribute")

	// ErrMissingValue reports an account without a value for a measure
	// whose missing-value policy is [MissingFail], or a measure whose
	// median is wanted but no account has a value.
	ErrMissingValue = errors.New("tiering: missing value")

	// ErrBadValue reports a raw value that cannot be scored: NaN or
	// infinite, negative under log scaling, or outside every band.
	ErrBadValue = errors.New("tiering: bad value")

	// ErrNoScorecard reports an account that no scorecard selects.
	ErrNoScorecard = errors.New("tiering: no scorecard for account")

	// ErrUnknownAccount reports an override, a pin or other input that
	// names an account that is not in the portfolio.
	ErrUnknownAccount = errors.New("tiering: unknown account")

	// ErrDuplicateManager reports two account managers with the same ID.
	ErrDuplicateManager = errors.New("tiering: duplicate manager")

	// ErrUnknownManager reports a pin that names an account manager who is
	// not among the managers passed to [Assign].
	ErrUnknownManager = errors.New("tiering: unknown manager")

	// ErrInput reports other bad input to a run: a missing instant, an
	// account without an ID, a negative workload, a manager that fails
	// [account.Manager.Validate], ...
	ErrInput = errors.New("tiering: invalid input")
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

// Unwrap returns [ErrConfig].
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

// firstError keeps, of the account errors it is offered, the one with the
// smallest account ID (then the earliest measure), so that the error a
// function returns does not depend on the order of its input.
type firstError struct {
	err     *AccountError
	measure int
}

func (f *firstError) offer(e *AccountError, measure int) {
	if f.err == nil || e.Account < f.err.Account || (e.Account == f.err.Account && measure < f.measure) {
		f.err, f.measure = e, measure
	}
}

func (f *firstError) merge(g firstError) {
	if g.err != nil {
		f.offer(g.err, g.measure)
	}
}
