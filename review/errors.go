package review

import (
	"errors"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// Sentinel errors. Test for them with [errors.Is]; the errors the package
// returns wrap them with the field or record at fault. Every error for
// input the package cannot use wraps [ErrInvalid], the specific sentinels
// included.
var (
	// ErrInvalid reports input the package cannot use: a cadence, a
	// schedule request, a plan, a review, a budget, an argument. Every
	// [*account.FieldError] the package returns wraps it.
	ErrInvalid = errors.New("review: invalid input")

	// ErrDuplicateAccount reports an account listed twice where each
	// account may appear once: to [CadenceRule.Cadences], in a
	// [ScheduleRequest] or [Planner.Add], to [OverdueAccounts] or in a
	// [QuarterInput].
	ErrDuplicateAccount = fault.New("review: duplicate account", ErrInvalid)

	// ErrUnknownMeeting reports a meeting ID that is not in the schedule.
	ErrUnknownMeeting = fault.New("review: unknown meeting", ErrInvalid)

	// ErrCurrencyMismatch reports money in another currency than the
	// amount it is measured against: a transaction in USD counted against
	// a budget or a target in NZD, or account values or a portfolio in
	// more than one currency. It wraps both [ErrInvalid] and
	// [account.ErrCurrencyMismatch]; the package never converts, so
	// convert first.
	ErrCurrencyMismatch = fault.New("review: currency differs", ErrInvalid, account.ErrCurrencyMismatch)

	// ErrUnknownStakeholder reports a plan's stakeholder who is not a
	// contact of the plan's account.
	ErrUnknownStakeholder = fault.New("review: stakeholder is not a contact of the account", ErrInvalid)
)
