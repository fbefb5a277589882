package engagement

import "errors"

// Sentinel errors. Test for them with [errors.Is]; the errors the package
// returns wrap them with the field or record at fault. Every error for
// input the package cannot use wraps [ErrInvalid], the specific sentinels
// included.
var (
	// ErrInvalid reports input the package cannot use: a survey response,
	// a change, a feedback item, an option. Every [*account.FieldError]
	// the package returns wraps it.
	ErrInvalid = errors.New("engagement: invalid input")
)
