package engagement

import (
	"errors"

	"github.com/keyaccount/keyaccount/internal/fault"
)

// Sentinel errors. Test for them with [errors.Is]; the errors the package
// returns wrap them with the field or record at fault. Every error for
// input the package cannot use wraps [ErrInvalid], the specific sentinels
// included.
var (
	// ErrInvalid reports input the package cannot use: a survey response,
	// a change, a feedback item, an option. Every [*account.FieldError]
	// the package returns wraps it.
	ErrInvalid = errors.New("engagement: invalid input")

	// ErrUnknownAccount reports a response whose account is not in the
	// portfolio given to [Satisfaction]: without the account, its tier,
	// segment, audience and value are not known. It wraps [ErrInvalid].
	ErrUnknownAccount = fault.New("engagement: unknown account", ErrInvalid)
)
