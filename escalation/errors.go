package escalation

import (
	"errors"

	"github.com/keyaccount/keyaccount/internal/fault"
)

// Sentinel errors. Test for them with [errors.Is]; the errors the package
// returns wrap them with the field, issue or event at fault. Every error
// for input the package cannot use wraps [ErrInvalid], the specific
// sentinels included.
var (
	// ErrInvalid reports input the package cannot use: a policy, an
	// issue, an event stream, an argument. Every [*account.FieldError] the
	// package returns wraps it.
	ErrInvalid = errors.New("escalation: invalid input")

	// ErrFactOrder reports an escalation fact earlier than the fact given
	// before it, or than the opening.
	ErrFactOrder = fault.New("escalation: fact out of order", ErrInvalid)

	// ErrLateOccurrence reports an [Occurrence] earlier than the
	// detector's clock: the instant of the occurrence or [Detector.Advance]
	// before it. Occurrences must come in order of time; occurrences at
	// the same instant may come in any order. The error is an
	// [*account.FieldError] naming the issue and its At.
	ErrLateOccurrence = fault.New("escalation: occurrence out of order", ErrInvalid)

	// ErrCheckpoint reports a checkpoint that [Detector.UnmarshalBinary]
	// cannot restore: not one [Detector.MarshalBinary] wrote, or altered
	// since so that it no longer holds a detector's state.
	ErrCheckpoint = fault.New("escalation: invalid checkpoint", ErrInvalid)

	// ErrImpactLimit reports a tier-weighted impact too large to hold
	// exactly: more than about 9.2 million accounts at the largest weight
	// in one category's or service's window.
	ErrImpactLimit = fault.New("escalation: tier-weighted impact too large", ErrInvalid)
)
