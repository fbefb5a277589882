package growth

import "errors"

// Sentinel errors. Test for them with [errors.Is]; the errors the package
// returns wrap them with the field or record at fault.
var (
	// ErrInvalid reports input the package cannot use: an offering, a
	// holding, a wallet estimate, an opportunity, a stage list, an option.
	// Every [*account.FieldError] the package returns wraps it.
	ErrInvalid = errors.New("growth: invalid input")
)
