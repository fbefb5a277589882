package tiering_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/tiering"
)

// bytesource reads small numbers from fuzz input, then zeros.
type bytesource struct{ b []byte }

func (s *bytesource) n(limit int, _ string) int {
	if len(s.b) == 0 {
		return 0
	}
	v := int(s.b[0]) % limit
	s.b = s.b[1:]
	return v
}

// faultErrors lists, for each fault, the sentinels an error caused by it
// may wrap. Changing the last ID also leaves a pin of the old one unknown.
var faultErrors = [faults][]error{
	faultCapacity:  {tiering.ErrInput},
	faultManagerID: {tiering.ErrDuplicateManager, tiering.ErrUnknownManager},
	faultLabel:     {tiering.ErrInput},
	faultAccountID: {tiering.ErrInput, tiering.ErrUnknownAccount},
	faultDuplicate: {tiering.ErrDuplicateAccount, tiering.ErrUnknownAccount},
	faultWorkload:  {tiering.ErrInput},
	faultSkill:     {tiering.ErrInput},
	faultParent:    {tiering.ErrInput},
	faultPin:       {tiering.ErrUnknownAccount, tiering.ErrUnknownManager},
	faultPolicy:    {tiering.ErrConfig},
}

// checkAssignError checks an error Assign returned for input with the
// given fault: valid input must not fail; every problem reported is a
// *ConfigError, an *AccountError, or an error from the account package
// wrapped with ErrInput; and each wraps a sentinel the fault can cause.
func checkAssignError(t fataler, err error, fault int) {
	t.Helper()
	if fault >= faults {
		t.Fatalf("valid input rejected: %v", err)
	}
	for _, e := range problems(err) {
		var ce *tiering.ConfigError
		var ae *tiering.AccountError
		var fe *account.FieldError
		var cy *account.CycleError
		var dp *account.DanglingParentError
		if !errors.As(e, &ce) && !errors.As(e, &ae) &&
			!(errors.Is(e, tiering.ErrInput) && (errors.As(e, &fe) || errors.As(e, &cy) || errors.As(e, &dp))) {
			t.Fatalf("problem %v is neither a *ConfigError, an *AccountError nor a wrapped account error", e)
		}
		if !slices.ContainsFunc(faultErrors[fault], func(s error) bool { return errors.Is(e, s) }) {
			t.Fatalf("problem %v wraps none of %v, for fault %d", e, faultErrors[fault], fault)
		}
	}
}

// problems splits the joined errors Assign returns into single problems.
// An error from the account package wrapped with ErrInput, as
// fmt.Errorf("%w: %w", ErrInput, err) does, is one problem.
func problems(err error) []error {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	es := j.Unwrap()
	if len(es) > 0 && es[0] == tiering.ErrInput {
		return []error{err}
	}
	var out []error
	for _, e := range es {
		out = append(out, problems(e)...)
	}
	return out
}

// leaves flattens an error tree into what can be compared between runs:
// the values of the typed errors, and the sentinels, in order.
func leaves(err error) []any {
	switch e := err.(type) {
	case nil:
		return nil
	case *tiering.ConfigError:
		return []any{*e}
	case *tiering.AccountError:
		return []any{*e}
	case *account.FieldError:
		return []any{*e}
	case *account.CycleError:
		return []any{*e}
	case *account.DanglingParentError:
		return []any{*e}
	case interface{ Unwrap() []error }:
		var out []any
		for _, x := range e.Unwrap() {
			out = append(out, leaves(x)...)
		}
		return out
	case interface{ Unwrap() error }:
		return leaves(e.Unwrap())
	}
	return []any{err}
}

// FuzzAssign feeds Assign arbitrary input: it must never panic, must
// reject bad input with the package's errors (see checkAssignError), must
// accept valid input, and must keep every rule and invariant when it
// accepts the input.
func FuzzAssign(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{3, 0, 20, 0, 0, 0, 0, 1, 1, 10, 5, 0, 0, 1, 2, 1, 0, 0, 0, 2, 2, 3})
	f.Add([]byte("\x05\x01\x10\x00\x00\x00\x00\x01\x02\x0a\x07\x00\x00\x01\x02\x01\x00\x00\x00\x02\x02\x03\x01\x01\x01\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, fault := drawInstance(&bytesource{b: data}, true)
		res, err := tiering.Assign(in.accounts, in.managers, in.policy)
		if err != nil {
			checkAssignError(t, err, fault)
			return
		}
		checkAssignment(t, in, res)
	})
}

// The errors, like the results, depend on the content of the input, not
// its order.
func TestAssignErrorsOrderIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in, fault := drawInstance(rapidSource{t}, true)
		_, err := tiering.Assign(in.accounts, in.managers, in.policy)
		if err == nil {
			return
		}
		checkAssignError(t, err, fault)
		accs := rapid.Permutation(in.accounts).Draw(t, "accountOrder")
		mgrs := rapid.Permutation(in.managers).Draw(t, "managerOrder")
		_, err2 := tiering.Assign(accs, mgrs, in.policy)
		opts := []cmp.Option{cmpopts.EquateNaNs(), cmp.Comparer(func(a, b error) bool { return a == b })}
		if diff := cmp.Diff(leaves(err), leaves(err2), opts...); diff != "" {
			t.Fatalf("shuffled input changed the error (-first +shuffled):\n%s", diff)
		}
	})
}
