package escalation

import "errors"

// Sentinel errors. Test for them with [errors.Is]; the errors the package
// returns wrap them with the field, issue or event at fault. Every error
// for input the package cannot use wraps [ErrInvalid], the specific
// sentinels included.
var (
	// ErrInvalid reports input the package cannot use: a policy, an
	// issue, an event stream, an argument. Every [*account.FieldError] the
	// package returns wraps it.
	ErrInvalid = errors.New("escalation: invalid input")
)
