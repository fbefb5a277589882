package tiering_test

import (
	"errors"
	"fmt"
	"math"
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

func (s *bytesource) n(limit int) int {
	if len(s.b) == 0 {
		return 0
	}
	v := int(s.b[0]) % limit
	s.b = s.b[1:]
	return v
}

// The faults fuzzInstance can inject, one per instance at most.
const (
	faultCapacity = iota
	faultManagerID
	faultLabel
	faultAccountID
	faultDuplicate
	faultWorkload
	faultSkill
	faultParent
	faultPin
	faultPolicy
	faults
)

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

// fuzzInstance decodes any bytes into an input for Assign, and says which
// fault it carries. About half the inputs carry one fault of bad input (a
// negative capacity or workload, a duplicate or empty ID, an empty label
// or skill, a dangling or looping parent, an unknown pin, a bad policy
// number), though it may happen to be harmless (a pin drawn as unknown
// that names a known account); the rest, whose fault is faults or more,
// are valid, so that the rules get checked too.
func fuzzInstance(data []byte) (instance, int) {
	s := &bytesource{b: data}
	in := instance{work: map[account.ID]int{}, skills: map[account.ID][]string{}}
	fault := s.n(2 * faults) // no fault if >= faults
	labels := []string{"EU", "US", "bank", "sap"}
	pick := func() []string {
		var out []string
		for range s.n(3) {
			if l := labels[s.n(len(labels))]; !slices.Contains(out, l) {
				out = append(out, l)
			}
		}
		return out
	}
	nm := s.n(7)
	for j := range nm {
		m := account.Manager{
			ID:         account.ManagerID(fmt.Sprintf("m%d", j)),
			Name:       "M",
			Capacity:   s.n(30),
			Regions:    pick(),
			Industries: pick(),
			Skills:     pick(),
			Audience:   account.Audience(s.n(3)),
			Active:     s.n(4) > 0,
		}
		if j == nm-1 {
			switch fault {
			case faultCapacity:
				m.Capacity = -1
			case faultManagerID:
				m.ID = "m0"
			case faultLabel:
				m.Regions = append(m.Regions, " ")
			}
		}
		in.managers = append(in.managers, m)
	}
	na := s.n(24)
	for k := range na {
		a := account.Account{
			ID:       account.ID(fmt.Sprintf("a%d", k)),
			Name:     "A",
			Owner:    account.ManagerID(fmt.Sprintf("m%d", s.n(8))),
			Tier:     account.Tier(s.n(4)),
			Region:   []string{"", "EU", "US"}[s.n(3)],
			Industry: []string{"", "bank", "energy"}[s.n(3)],
			Internal: s.n(2) == 1,
		}
		if p := s.n(3 * (k + 1)); p < k {
			a.Parent = account.ID(fmt.Sprintf("a%d", p))
		}
		need := pick()
		if k == na-1 {
			switch fault {
			case faultAccountID:
				a.ID = ""
			case faultDuplicate:
				a.ID = "a0"
			case faultSkill:
				need = append(need, "")
			case faultParent:
				a.Parent = account.ID(fmt.Sprintf("a%d", s.n(2*na))) // may dangle or loop
			}
		}
		in.accounts = append(in.accounts, a)
		in.work[a.ID] = s.n(14)
		if k == na-1 && fault == faultWorkload {
			in.work[a.ID] = -1
		}
		in.skills[a.ID] = need
	}
	in.policy = tiering.AssignPolicy{
		Workload:        func(a account.Account) int { return in.work[a.ID] },
		Skills:          func(a account.Account) []string { return in.skills[a.ID] },
		MatchRegion:     s.n(2) == 1,
		MatchIndustry:   s.n(2) == 1,
		MaxTier1:        s.n(4),
		KeepHierarchies: s.n(2) == 1,
		Continuity:      []float64{0, 0.1, 0.02, 3}[s.n(4)],
		MaxHandovers:    s.n(5) - 1,
	}
	if fault == faultPolicy {
		in.policy.Continuity = []float64{-1, math.NaN(), math.Inf(1)}[s.n(3)]
	}
	for range s.n(3) {
		if (na == 0 || nm == 0) && fault != faultPin {
			break // nothing to pin, or nobody to pin to
		}
		if in.policy.Pins == nil {
			in.policy.Pins = map[account.ID]account.ManagerID{}
		}
		a, m := s.n(max(1, na)), s.n(max(1, nm))
		if fault == faultPin {
			a, m = s.n(na+1), s.n(nm+1)
		}
		in.policy.Pins[account.ID(fmt.Sprintf("a%d", a))] = account.ManagerID(fmt.Sprintf("m%d", m))
	}
	return in, fault
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
		in, fault := fuzzInstance(data)
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
		in, fault := fuzzInstance(rapid.SliceOf(rapid.Byte()).Draw(t, "data"))
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
