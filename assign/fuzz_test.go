package assign_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/assign"
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
// may wrap as its Err. Changing the last ID also leaves a pin of the old one
// unknown.
var faultErrors = [faults][]error{
	faultCapacity:  {assign.ErrInvalid},
	faultManagerID: {assign.ErrDuplicateManager, assign.ErrUnknownManager},
	faultLabel:     {assign.ErrInvalid},
	faultAccountID: {assign.ErrInvalid, assign.ErrUnknownAccount},
	faultDuplicate: {assign.ErrDuplicateAccount, assign.ErrUnknownAccount},
	faultWorkload:  {assign.ErrInvalid},
	faultSkill:     {assign.ErrInvalid},
	faultParent:    {assign.ErrInvalid, assign.ErrUnknownAccount},
	faultPin:       {assign.ErrUnknownAccount, assign.ErrUnknownManager},
	faultPolicy:    {assign.ErrInvalid},
}

// checkAssignError checks an error Accounts returned for input with the
// given fault: valid input must not fail; every problem reported is an
// *account.FieldError, or an *account.CycleError wrapped with ErrInvalid;
// each wraps ErrInvalid; and each names as its Err (exactly) a sentinel the
// fault can cause.
func checkAssignError(t fataler, err error, fault int) {
	t.Helper()
	if fault >= faults {
		t.Fatalf("valid input rejected: %v", err)
	}
	for _, e := range problems(err) {
		if !errors.Is(e, assign.ErrInvalid) {
			t.Fatalf("problem %v does not wrap ErrInvalid", e)
		}
		var sentinel error
		var fe *account.FieldError
		var cy *account.CycleError
		switch {
		case errors.As(e, &fe):
			sentinel = fe.Err
		case errors.As(e, &cy):
			sentinel = assign.ErrInvalid
		default:
			t.Fatalf("problem %v is neither an *account.FieldError nor a wrapped *account.CycleError", e)
		}
		if !slices.Contains(faultErrors[fault], sentinel) {
			t.Fatalf("problem %v wraps %v, none of %v, for fault %d", e, sentinel, faultErrors[fault], fault)
		}
	}
}

// problems splits the joined errors Accounts returns into single problems.
// An error from the account package wrapped with ErrInvalid, as
// fmt.Errorf("%w: %w", ErrInvalid, err) does, is one problem.
func problems(err error) []error {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	es := j.Unwrap()
	if len(es) > 0 && es[0] == assign.ErrInvalid {
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
	case *account.FieldError:
		return []any{*e}
	case *account.CycleError:
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

// FuzzAccounts feeds Accounts arbitrary input: it must never panic, must
// reject bad input with the package's errors (see checkAssignError), must
// accept valid input, and must keep every rule and invariant when it
// accepts the input.
func FuzzAccounts(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{3, 0, 20, 0, 0, 0, 0, 1, 1, 10, 5, 0, 0, 1, 2, 1, 0, 0, 0, 2, 2, 3})
	f.Add([]byte("\x05\x01\x10\x00\x00\x00\x00\x01\x02\x0a\x07\x00\x00\x01\x02\x01\x00\x00\x00\x02\x02\x03\x01\x01\x01\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, fault := drawInstance(&bytesource{b: data}, true)
		res, err := assign.Accounts(in.accounts, in.managers, in.policy)
		if err != nil {
			checkAssignError(t, err, fault)
			return
		}
		checkAssignment(t, in, res)
	})
}

// The errors, like the results, depend on the content of the input, not
// its order.
func TestAccountsErrorsOrderIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in, fault := drawInstance(rapidSource{t}, true)
		_, err := assign.Accounts(in.accounts, in.managers, in.policy)
		if err == nil {
			return
		}
		checkAssignError(t, err, fault)
		accs := rapid.Permutation(in.accounts).Draw(t, "accountOrder")
		mgrs := rapid.Permutation(in.managers).Draw(t, "managerOrder")
		_, err2 := assign.Accounts(accs, mgrs, in.policy)
		opts := []cmp.Option{cmpopts.EquateNaNs(), cmp.Comparer(func(a, b error) bool { return a == b })}
		if diff := cmp.Diff(leaves(err), leaves(err2), opts...); diff != "" {
			t.Fatalf("shuffled input changed the error (-first +shuffled):\n%s", diff)
		}
	})
}
