package clv

import (
	"errors"
	"fmt"

	"github.com/keyaccount/keyaccount/internal/fault"
)

// Sentinel errors. Test for them with [errors.Is]; the errors the package
// returns wrap them with the field or record at fault. Every error for
// input the package cannot use wraps [ErrInvalid], the specific sentinels
// included.
var (
	// ErrInvalid reports input the package cannot use: a summary, a group,
	// fit options, model parameters. Every [*account.FieldError] the
	// package returns wraps it.
	ErrInvalid = errors.New("clv: invalid input")

	// ErrTooFew reports a fit given too few accounts (or, for Gamma-Gamma,
	// too few accounts with a repeat transaction) to estimate its
	// parameters: fewer than [MinAccounts]. It wraps [ErrInvalid].
	ErrTooFew = fault.New("clv: too few accounts to fit", ErrInvalid)

	// ErrRange reports a prediction whose horizon is too long for the
	// model's parameters to be computed to full precision with bounded work
	// (a BG/NBD horizon more than about 100,000 times α): the package
	// returns it, wrapped in a [*account.FieldError] naming the horizon,
	// rather than a truncated value. It wraps [ErrInvalid].
	ErrRange = fault.New("clv: horizon beyond the model's numeric range", ErrInvalid)

	// ErrNoFit reports a fit that did not converge after its restarts and
	// the Nelder-Mead fallback. The error is a [*FitError] carrying the
	// last state. It does not wrap [ErrInvalid]: the input was valid.
	ErrNoFit = errors.New("clv: fit did not converge")
)

// FitError is the error of a fit that failed: it carries the model, the
// reason, and the last state the optimiser reached, so that the caller can
// see how far it got. It wraps [ErrNoFit].
type FitError struct {
	Model         string    // "BG/NBD", "Pareto/NBD" or "Gamma-Gamma"
	Reason        string    // why the last attempt stopped
	Last          []float64 // the last parameters, on the natural scale
	LogLikelihood float64   // the log-likelihood at Last (may be -Inf)
	Iterations    int       // iterations over all attempts
}

// Error returns "clv: BG/NBD fit did not converge: <reason> (after N
// iterations, last [..])".
func (e *FitError) Error() string {
	return fmt.Sprintf("clv: %s fit did not converge: %s (after %d iterations, last %v)", e.Model, e.Reason, e.Iterations, e.Last)
}

// Unwrap returns [ErrNoFit].
func (e *FitError) Unwrap() error { return ErrNoFit }
