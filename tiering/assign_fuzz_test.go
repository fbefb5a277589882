package tiering_test

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

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

// fuzzInstance decodes any bytes into an input for Assign. About half the
// inputs carry one fault of bad input (a negative capacity or workload, a
// duplicate or empty ID, an empty label or skill, a dangling or looping
// parent, an unknown pin, a bad policy number); the rest are valid, so
// that the rules get checked too.
func fuzzInstance(data []byte) instance {
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
		if in.policy.Pins == nil {
			in.policy.Pins = map[account.ID]account.ManagerID{}
		}
		a, m := s.n(max(1, na)), s.n(max(1, nm))
		if fault == faultPin {
			a, m = s.n(na+1), s.n(nm+1)
		}
		in.policy.Pins[account.ID(fmt.Sprintf("a%d", a))] = account.ManagerID(fmt.Sprintf("m%d", m))
	}
	return in
}

// FuzzAssign feeds Assign arbitrary input: it must never panic, must
// reject bad input with an error wrapping account.ErrInvalid, and must keep
// every rule and invariant when it accepts the input.
func FuzzAssign(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{3, 0, 20, 0, 0, 0, 0, 1, 1, 10, 5, 0, 0, 1, 2, 1, 0, 0, 0, 2, 2, 3})
	f.Add([]byte("\x05\x01\x10\x00\x00\x00\x00\x01\x02\x0a\x07\x00\x00\x01\x02\x01\x00\x00\x00\x02\x02\x03\x01\x01\x01\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		in := fuzzInstance(data)
		res, err := tiering.Assign(in.accounts, in.managers, in.policy)
		if err != nil {
			if !errors.Is(err, account.ErrInvalid) {
				t.Fatalf("error %v does not wrap account.ErrInvalid", err)
			}
			return
		}
		checkAssignment(t, in, res)
	})
}
