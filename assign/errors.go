package assign

import (
	"errors"
	"fmt"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// Sentinel errors. Every error [Accounts] and [Policy.Validate] return
// wraps [ErrInvalid], and most a more specific sentinel too; test for them
// with [errors.Is]. The record and field at fault are in an
// [*account.FieldError]; get it with [errors.As].
var (
	// ErrInvalid reports input that cannot be used: a policy that is not
	// valid, a manager that fails [account.Manager.Validate], an account
	// without an ID, a negative workload, an empty skill, a broken
	// hierarchy, ... Each of the sentinels below also matches it.
	ErrInvalid = errors.New("assign: invalid input")

	// ErrDuplicateAccount reports two accounts with the same ID.
	ErrDuplicateAccount = fault.New("assign: duplicate account", ErrInvalid)

	// ErrUnknownAccount reports a pin of an account that is not among the
	// accounts, or (with [Policy.KeepHierarchies]) an account whose Parent
	// is not among them.
	ErrUnknownAccount = fault.New("assign: unknown account", ErrInvalid)

	// ErrDuplicateManager reports two account managers with the same ID.
	ErrDuplicateManager = fault.New("assign: duplicate manager", ErrInvalid)

	// ErrUnknownManager reports a pin to an account manager who is not
	// among the managers.
	ErrUnknownManager = fault.New("assign: unknown manager", ErrInvalid)
)

// addAll adds to l each problem that err, an error of the account package
// (from [account.Manager.Validate] or [account.NewHierarchy]), joins,
// reported as this package's: a field error wraps [ErrInvalid] instead of
// account's; anything else, such as an [*account.CycleError], is wrapped
// with [ErrInvalid]. Adding to l keeps the whole bounded, whatever the size
// of err.
func addAll(l *fault.List, err error) {
	if err == nil {
		return
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			addAll(l, e)
		}
		return
	}
	var fe *account.FieldError
	_, more := fault.More(err)
	switch {
	case more:
		l.Add(err) // the count of a capped list's rest
	case errors.As(err, &fe):
		c := *fe
		c.Err = ErrInvalid
		l.Add(&c)
	default:
		l.Add(fmt.Errorf("%w: %w", ErrInvalid, err))
	}
}
