package assign_test

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/assign"
)

func mgr(id string, capacity int) account.Manager {
	return account.Manager{ID: account.ManagerID(id), Name: id, Capacity: capacity, Active: true}
}

func acct(id, owner string) account.Account {
	return account.Account{ID: account.ID(id), Name: id, Owner: account.ManagerID(owner)}
}

func TestAccountsErrors(t *testing.T) {
	neg := func(a account.Account) int {
		if a.ID == "a2" {
			return -3
		}
		return 1
	}
	one := []account.Account{acct("a1", "")}
	m1 := []account.Manager{mgr("m1", 5)}
	pins := func(a, m string) map[account.ID]account.ManagerID {
		return map[account.ID]account.ManagerID{account.ID(a): account.ManagerID(m)}
	}
	tests := []struct {
		name     string
		accounts []account.Account
		managers []account.Manager
		policy   assign.Policy
		want     account.FieldError // the first problem; Reason is not compared
	}{
		{"NaN continuity", nil, nil, assign.Policy{Continuity: math.NaN()},
			account.FieldError{Record: "Policy", Field: "Continuity", Value: math.NaN(), Err: assign.ErrInvalid}},
		{"negative continuity", nil, nil, assign.Policy{Continuity: -0.1},
			account.FieldError{Record: "Policy", Field: "Continuity", Value: -0.1, Err: assign.ErrInvalid}},
		{"infinite continuity", nil, nil, assign.Policy{Continuity: math.Inf(1)},
			account.FieldError{Record: "Policy", Field: "Continuity", Value: math.Inf(1), Err: assign.ErrInvalid}},
		{"negative tier-1 limit", nil, nil, assign.Policy{MaxTier1: -1},
			account.FieldError{Record: "Policy", Field: "MaxTier1", Value: -1, Err: assign.ErrInvalid}},
		{"pin to empty manager", one, m1, assign.Policy{Pins: pins("a1", "")},
			account.FieldError{Record: "Policy", Field: `Pins["a1"]`, Err: assign.ErrInvalid}},
		{"pin of empty account", one, m1, assign.Policy{Pins: pins("", "m1")},
			account.FieldError{Record: "Policy", Field: `Pins[""]`, Value: "m1", Err: assign.ErrInvalid}},
		{"negative workload", []account.Account{acct("a1", ""), acct("a2", "")}, m1, assign.Policy{Workload: neg},
			account.FieldError{Record: "Account", ID: "a2", Field: "Workload", Value: -3, Err: assign.ErrInvalid}},
		{"duplicate account", []account.Account{acct("a1", ""), acct("a1", "")}, m1, assign.Policy{},
			account.FieldError{Record: "Account", ID: "a1", Field: "ID", Err: assign.ErrDuplicateAccount}},
		{"empty account ID", []account.Account{acct("", "")}, m1, assign.Policy{},
			account.FieldError{Record: "Account", Field: "ID", Err: assign.ErrInvalid}},
		{"duplicate manager", one, []account.Manager{mgr("m1", 5), mgr("m1", 6)}, assign.Policy{},
			account.FieldError{Record: "Manager", ID: "m1", Field: "ID", Err: assign.ErrDuplicateManager}},
		{"managers without an ID", one, []account.Manager{mgr("", 5), mgr("", 6)}, assign.Policy{},
			account.FieldError{Record: "Manager", Field: "ID", Err: assign.ErrInvalid}},
		{"invalid manager", one, []account.Manager{mgr("m1", -5)}, assign.Policy{},
			account.FieldError{Record: "Manager", ID: "m1", Field: "Capacity", Value: -5, Err: assign.ErrInvalid}},
		{"pin to unknown manager", one, m1, assign.Policy{Pins: pins("a1", "m9")},
			account.FieldError{Record: "Policy", Field: `Pins["a1"]`, Value: "m9", Err: assign.ErrUnknownManager}},
		{"pin of unknown account", one, m1, assign.Policy{Pins: pins("a9", "m1")},
			account.FieldError{Record: "Policy", Field: `Pins["a9"]`, Value: "m1", Err: assign.ErrUnknownAccount}},
		{"empty skill", one, m1, assign.Policy{Skills: func(account.Account) []string { return []string{"sap", " "} }},
			account.FieldError{Record: "Account", ID: "a1", Field: "Skills[1]", Value: " ", Err: assign.ErrInvalid}},
		{"capacity overflow", one, []account.Manager{mgr("m1", math.MaxInt64), mgr("m2", math.MaxInt64)}, assign.Policy{},
			account.FieldError{Record: "Manager", ID: "m1", Field: "Capacity", Value: math.MaxInt64, Err: assign.ErrInvalid}},
		{"workload overflow", []account.Account{acct("a1", ""), acct("a2", "")}, m1,
			assign.Policy{Workload: func(a account.Account) int {
				return map[account.ID]int{"a1": math.MaxInt64 / 4, "a2": math.MaxInt64 / 2}[a.ID]
			}},
			account.FieldError{Record: "Account", ID: "a2", Field: "Workload", Value: math.MaxInt64 / 2, Err: assign.ErrInvalid}},
		{"workload overflow, the first account largest", []account.Account{acct("a1", ""), acct("a2", "")}, m1,
			assign.Policy{Workload: func(a account.Account) int {
				return map[account.ID]int{"a1": math.MaxInt64 / 2, "a2": math.MaxInt64 / 4}[a.ID]
			}},
			account.FieldError{Record: "Account", ID: "a1", Field: "Workload", Value: math.MaxInt64 / 2, Err: assign.ErrInvalid}},
		{"workload overflow, a tie names the smaller ID", []account.Account{acct("a2", ""), acct("a1", "")}, m1,
			assign.Policy{Workload: func(a account.Account) int { return math.MaxInt64 / 2 }},
			account.FieldError{Record: "Account", ID: "a1", Field: "Workload", Value: math.MaxInt64 / 2, Err: assign.ErrInvalid}},
		{"capacity overflow, a tie names the smaller ID", one, []account.Manager{mgr("m2", math.MaxInt64/2), mgr("m1", math.MaxInt64/2)}, assign.Policy{},
			account.FieldError{Record: "Manager", ID: "m1", Field: "Capacity", Value: math.MaxInt64 / 2, Err: assign.ErrInvalid}},
		{"dangling parent", []account.Account{{ID: "a1", Parent: "gone"}}, nil, assign.Policy{KeepHierarchies: true},
			account.FieldError{Record: "Account", ID: "a1", Field: "Parent", Value: "gone", Err: assign.ErrUnknownAccount}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := assign.Accounts(tt.accounts, tt.managers, tt.policy)
			if !errors.Is(err, assign.ErrInvalid) || !errors.Is(err, tt.want.Err) {
				t.Fatalf("Accounts error = %v, want one wrapping %v and ErrInvalid", err, tt.want.Err)
			}
			var fe *account.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Accounts error = %v, want an *account.FieldError", err)
			}
			if fe.Err != tt.want.Err {
				t.Errorf("FieldError wraps %v, want %v", fe.Err, tt.want.Err)
			}
			if fe.Reason == "" {
				t.Errorf("FieldError %v has no reason", fe)
			}
			opts := []cmp.Option{cmpopts.EquateErrors(), cmpopts.EquateNaNs(), cmpopts.IgnoreFields(account.FieldError{}, "Reason")}
			if diff := cmp.Diff(*fe, tt.want, opts...); diff != "" {
				t.Errorf("FieldError (-got +want):\n%s", diff)
			}
		})
	}
}

// Workloads and capacities may add up to 2⁶² units, not more.
func TestAccountsTotalsAtTheLimit(t *testing.T) {
	const limit = 1 << 62
	half := func(account.Account) int { return limit / 2 }
	accounts := []account.Account{acct("a1", ""), acct("a2", "")}
	managers := []account.Manager{mgr("m1", limit/2), mgr("m2", limit/4), mgr("m3", limit/4)}
	res, err := assign.Accounts(accounts, managers, assign.Policy{Workload: half})
	if err != nil {
		t.Fatalf("totals of exactly 2⁶²: %v", err)
	}
	if len(res.Placements) != 1 || len(res.Unplaced) != 1 {
		t.Errorf("placed %v, unplaced %v; want one of each", res.Placements, res.Unplaced)
	}
	managers = append(managers, mgr("m4", 1))
	if _, err := assign.Accounts(accounts, managers, assign.Policy{Workload: half}); !errors.Is(err, assign.ErrInvalid) {
		t.Errorf("capacities of 2⁶² + 1: error %v, want ErrInvalid", err)
	}
	accounts = append(accounts, acct("a3", ""))
	one := func(a account.Account) int {
		if a.ID == "a3" {
			return 1
		}
		return limit / 2
	}
	if _, err := assign.Accounts(accounts, managers[:3], assign.Policy{Workload: one}); !errors.Is(err, assign.ErrInvalid) {
		t.Errorf("workloads of 2⁶² + 1: error %v, want ErrInvalid", err)
	}
}

// A cycle of parents keeps account's error type, which lists the cycle,
// and wraps ErrInvalid too; without KeepHierarchies parents are not looked
// at.
func TestAccountsHierarchyErrors(t *testing.T) {
	_, err := assign.Accounts([]account.Account{{ID: "a1", Parent: "a2"}, {ID: "a2", Parent: "a1"}}, nil, assign.Policy{KeepHierarchies: true})
	var ce *account.CycleError
	if !errors.Is(err, assign.ErrInvalid) || !errors.As(err, &ce) {
		t.Fatalf("cycle: error %v, want ErrInvalid and an *account.CycleError", err)
	}
	if diff := cmp.Diff(ce.Accounts, []account.ID{"a1", "a2"}); diff != "" {
		t.Errorf("cycle (-got +want):\n%s", diff)
	}
	if _, err := assign.Accounts([]account.Account{{ID: "a1", Parent: "gone"}}, nil, assign.Policy{}); err != nil {
		t.Errorf("dangling parent without KeepHierarchies: %v", err)
	}
}

// Error text: the sentinel, the record, the field and value, the reason.
func TestAccountsErrorText(t *testing.T) {
	_, err := assign.Accounts([]account.Account{acct("a1", "")}, []account.Manager{mgr("m1", 5)},
		assign.Policy{Pins: map[account.ID]account.ManagerID{"a1": "m9"}})
	want := `assign: unknown manager: Policy: Pins["a1"] "m9": names a manager who is not among the managers`
	if err == nil || err.Error() != want {
		t.Errorf("Error() = %v, want %s", err, want)
	}
}

// Every problem is reported, each once, in a fixed order.
func TestAccountsReportsEveryProblem(t *testing.T) {
	accounts := []account.Account{acct("a3", ""), acct("a1", ""), acct("a1", ""), acct("a2", "")}
	managers := []account.Manager{mgr("m2", 5), mgr("m1", -1), mgr("m2", 5)}
	p := assign.Policy{
		Workload: func(a account.Account) int { return -1 },
		Pins:     map[account.ID]account.ManagerID{"a2": "m9"},
		Skills:   func(a account.Account) []string { return []string{""} },
	}
	_, err := assign.Accounts(accounts, managers, p)
	var got []account.FieldError
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		fe, ok := e.(*account.FieldError)
		if !ok {
			t.Fatalf("problem %v is not an *account.FieldError", e)
		}
		got = append(got, *fe)
	}
	want := []account.FieldError{
		{Record: "Manager", ID: "m1", Field: "Capacity", Value: -1, Err: assign.ErrInvalid},
		{Record: "Manager", ID: "m2", Field: "ID", Err: assign.ErrDuplicateManager},
		{Record: "Account", ID: "a1", Field: "ID", Err: assign.ErrDuplicateAccount},
		// negative workloads of a2 and a3, but not of the repeated a1
		{Record: "Account", ID: "a2", Field: "Workload", Value: -1, Err: assign.ErrInvalid},
		{Record: "Account", ID: "a3", Field: "Workload", Value: -1, Err: assign.ErrInvalid},
		{Record: "Policy", Field: `Pins["a2"]`, Value: "m9", Err: assign.ErrUnknownManager},
		{Record: "Account", ID: "a2", Field: "Skills[0]", Value: "", Err: assign.ErrInvalid},
		{Record: "Account", ID: "a3", Field: "Skills[0]", Value: "", Err: assign.ErrInvalid},
	}
	opts := []cmp.Option{cmp.Comparer(func(a, b error) bool { return a == b }), cmpopts.IgnoreFields(account.FieldError{}, "Reason")}
	if diff := cmp.Diff(got, want, opts...); diff != "" {
		t.Errorf("problems (-got +want):\n%s", diff)
	}
}

func TestPolicyValidate(t *testing.T) {
	if err := (assign.Policy{}).Validate(); err != nil {
		t.Errorf("zero policy: %v", err)
	}
	err := assign.Policy{Continuity: math.Inf(1), MaxTier1: -2, Pins: map[account.ID]account.ManagerID{"b": "", "a": "m", "": "m"}}.Validate()
	var got []account.FieldError
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *account.FieldError
		if !errors.As(e, &fe) {
			t.Fatalf("problem %v is not an *account.FieldError", e)
		}
		got = append(got, *fe)
	}
	want := []account.FieldError{
		{Record: "Policy", Field: "Continuity", Value: math.Inf(1), Reason: "must be finite and not negative", Err: assign.ErrInvalid},
		{Record: "Policy", Field: "MaxTier1", Value: -2, Reason: "must not be negative", Err: assign.ErrInvalid},
		{Record: "Policy", Field: `Pins[""]`, Value: "m", Reason: "pins an account with no ID", Err: assign.ErrInvalid},
		{Record: "Policy", Field: `Pins["b"]`, Reason: "names no manager", Err: assign.ErrInvalid},
	}
	if diff := cmp.Diff(got, want, cmpopts.EquateErrors()); diff != "" {
		t.Errorf("Validate (-got +want):\n%s", diff)
	}
}

// A million bad inputs give an error of a few kilobytes: 100 problems,
// then a count of the rest, and long IDs are cut. (Under the race detector,
// which is slow, a hundred thousand.)
func TestAccountsErrorBounded(t *testing.T) {
	n := 1_000_000
	if raceEnabled {
		n = 100_000
	}
	long := strings.Repeat("x", 1<<20)
	pins := make(map[account.ID]account.ManagerID, n)
	for i := range n {
		pins[account.ID(long[:i%7]+strconv.Itoa(i))] = ""
	}
	pins[account.ID(long)] = ""
	accounts := make([]account.Account, n)
	for i := range accounts {
		accounts[i] = acct(strconv.Itoa(i), "")
	}
	accounts[0].ID = account.ID(long)
	tests := []struct {
		name string
		run  func() error
	}{
		{"Validate, a million bad pins", func() error { return assign.Policy{Pins: pins}.Validate() }},
		{"Accounts, a million bad pins", func() error {
			_, err := assign.Accounts(nil, nil, assign.Policy{Pins: pins})
			return err
		}},
		{"Accounts, a million negative workloads", func() error {
			_, err := assign.Accounts(accounts, nil, assign.Policy{Workload: func(account.Account) int { return -1 }})
			return err
		}},
		{"Accounts, a million dangling parents", func() error {
			orphans := slices.Clone(accounts)
			gone := account.ID("gone")
			for i := range orphans {
				orphans[i].Parent = gone
			}
			_, err := assign.Accounts(orphans, nil, assign.Policy{KeepHierarchies: true})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if !errors.Is(err, assign.ErrInvalid) {
				t.Fatalf("error %v, want ErrInvalid", err)
			}
			msg := err.Error()
			if len(msg) > 32<<10 {
				t.Errorf("error is %d bytes, want a few KB", len(msg))
			}
			if !strings.HasSuffix(msg, "more errors") {
				t.Errorf("error does not end with the count of the rest: ...%s", msg[max(0, len(msg)-80):])
			}
		})
	}
}

// summary is the part of a Result a table test states in full.
type summary struct {
	Owners    map[account.ID]account.ManagerID
	Handovers []assign.Handover
	Unplaced  map[account.ID]assign.UnplacedReason
}

func summarize(res assign.Result) summary {
	s := summary{Owners: map[account.ID]account.ManagerID{}, Handovers: res.Handovers, Unplaced: map[account.ID]assign.UnplacedReason{}}
	for _, p := range res.Placements {
		s.Owners[p.Account] = p.Manager
	}
	for _, u := range res.Unplaced {
		s.Unplaced[u.Account] = u.Reason
	}
	return s
}

func TestAccountsBehaviour(t *testing.T) {
	two := []account.Manager{mgr("m1", 4), mgr("m2", 4)}
	fourOwnedByM1 := []account.Account{acct("a1", "m1"), acct("a2", "m1"), acct("a3", "m1"), acct("a4", "m1")}
	ho := func(a, from, to string, r assign.HandoverReason) assign.Handover {
		return assign.Handover{Account: account.ID(a), From: account.ManagerID(from), To: account.ManagerID(to), Reason: r}
	}
	owners := func(kv ...string) map[account.ID]account.ManagerID {
		m := map[account.ID]account.ManagerID{}
		for i := 0; i < len(kv); i += 2 {
			m[account.ID(kv[i])] = account.ManagerID(kv[i+1])
		}
		return m
	}
	none := map[account.ID]assign.UnplacedReason{}
	tiered := func(id, owner string, tier account.Tier) account.Account {
		a := acct(id, owner)
		a.Tier = tier
		return a
	}
	inactive := mgr("m2", 4)
	inactive.Active = false
	tests := []struct {
		name     string
		accounts []account.Account
		managers []account.Manager
		policy   assign.Policy
		want     summary
	}{
		{
			name:     "balanced owners keep everything",
			accounts: []account.Account{acct("a1", "m1"), acct("a2", "m1"), acct("a3", "m2"), acct("a4", "m2")},
			managers: two,
			want:     summary{Owners: owners("a1", "m1", "a2", "m1", "a3", "m2", "a4", "m2"), Unplaced: none},
		},
		{
			name:     "balance moves the smallest accounts, lowest tier first",
			accounts: []account.Account{tiered("a1", "m1", 1), tiered("a2", "m1", 2), tiered("a3", "m1", 3), tiered("a4", "m1", 3)},
			managers: two,
			want: summary{
				Owners:    owners("a1", "m1", "a2", "m1", "a3", "m2", "a4", "m2"),
				Handovers: []assign.Handover{ho("a3", "m1", "m2", assign.HandoverBalance), ho("a4", "m1", "m2", assign.HandoverBalance)},
				Unplaced:  none,
			},
		},
		{
			name:     "continuity keeps owners who have room",
			accounts: fourOwnedByM1,
			managers: two,
			policy:   assign.Policy{Continuity: 1},
			want:     summary{Owners: owners("a1", "m1", "a2", "m1", "a3", "m1", "a4", "m1"), Unplaced: none},
		},
		{
			name:     "handover limit",
			accounts: fourOwnedByM1,
			managers: two,
			policy:   assign.Policy{MaxHandovers: 1},
			want: summary{
				Owners:    owners("a1", "m1", "a2", "m1", "a3", "m1", "a4", "m2"),
				Handovers: []assign.Handover{ho("a4", "m1", "m2", assign.HandoverBalance)},
				Unplaced:  none,
			},
		},
		{
			name:     "no handovers allowed from an over-full owner",
			accounts: fourOwnedByM1,
			managers: []account.Manager{mgr("m1", 3), mgr("m2", 4)},
			policy:   assign.Policy{MaxHandovers: -1},
			want: summary{
				Owners:   owners("a1", "m1", "a2", "m1", "a3", "m1"),
				Unplaced: map[account.ID]assign.UnplacedReason{"a4": assign.UnplacedHandoverLimit},
			},
		},
		{
			name:     "over-full owner hands over for capacity",
			accounts: fourOwnedByM1,
			managers: []account.Manager{mgr("m1", 2), mgr("m2", 4)},
			policy:   assign.Policy{Continuity: 100},
			want: summary{
				Owners:    owners("a1", "m1", "a2", "m1", "a3", "m2", "a4", "m2"),
				Handovers: []assign.Handover{ho("a3", "m1", "m2", assign.HandoverCapacity), ho("a4", "m1", "m2", assign.HandoverCapacity)},
				Unplaced:  none,
			},
		},
		{
			// m1's capacity is exactly one account's workload: m1 may own
			// either account, so the one it loses goes for capacity, not
			// as ineligible.
			name:     "owner whose capacity just fits one account hands the other over for capacity",
			accounts: []account.Account{acct("a1", "m1"), acct("a2", "m1")},
			managers: []account.Manager{mgr("m1", 1), mgr("m2", 4)},
			policy:   assign.Policy{Continuity: 100},
			want: summary{
				Owners:    owners("a1", "m1", "a2", "m2"),
				Handovers: []assign.Handover{ho("a2", "m1", "m2", assign.HandoverCapacity)},
				Unplaced:  none,
			},
		},
		{
			name:     "inactive owner, unknown owner, new account",
			accounts: []account.Account{acct("a1", "m2"), acct("a2", "gone"), acct("a3", "")},
			managers: []account.Manager{mgr("m1", 4), inactive},
			want: summary{
				Owners: owners("a1", "m1", "a2", "m1", "a3", "m1"),
				Handovers: []assign.Handover{
					ho("a1", "m2", "m1", assign.HandoverOwnerGone),
					ho("a2", "gone", "m1", assign.HandoverOwnerGone),
					ho("a3", "", "m1", assign.HandoverNew),
				},
				Unplaced: none,
			},
		},
		{
			name:     "no room",
			accounts: []account.Account{acct("a1", ""), acct("a2", ""), acct("a3", "")},
			managers: []account.Manager{mgr("m1", 2)},
			want: summary{
				Owners:    owners("a1", "m1", "a2", "m1"),
				Handovers: []assign.Handover{ho("a1", "", "m1", assign.HandoverNew), ho("a2", "", "m1", assign.HandoverNew)},
				Unplaced:  map[account.ID]assign.UnplacedReason{"a3": assign.UnplacedNoRoom},
			},
		},
		{
			name:     "pins: kept, moved, to an inactive manager",
			accounts: []account.Account{acct("a1", "m1"), acct("a2", "m1"), acct("a3", "m1")},
			managers: []account.Manager{mgr("m1", 4), mgr("m3", 4), inactive},
			policy:   assign.Policy{Pins: map[account.ID]account.ManagerID{"a1": "m1", "a2": "m3", "a3": "m2"}},
			want: summary{
				Owners:    owners("a1", "m1", "a2", "m3"),
				Handovers: []assign.Handover{ho("a2", "m1", "m3", assign.HandoverPinned)},
				Unplaced:  map[account.ID]assign.UnplacedReason{"a3": assign.UnplacedPin},
			},
		},
		{
			name:     "tier-1 limit",
			accounts: []account.Account{tiered("a1", "m1", 1), tiered("a2", "m1", 1), tiered("a3", "m1", 1)},
			managers: two,
			policy:   assign.Policy{MaxTier1: 1, Continuity: 100},
			want: summary{
				Owners:    owners("a1", "m1", "a2", "m2"),
				Handovers: []assign.Handover{ho("a2", "m1", "m2", assign.HandoverCapacity)},
				Unplaced:  map[account.ID]assign.UnplacedReason{"a3": assign.UnplacedTier1Limit},
			},
		},
		{
			// A manager with no capacity owns nothing, not even an account
			// that costs nothing.
			name:     "no capacity, no accounts",
			accounts: []account.Account{acct("a1", "")},
			managers: []account.Manager{mgr("m1", 0)},
			policy:   assign.Policy{Workload: func(account.Account) int { return 0 }},
			want: summary{
				Owners:   owners(),
				Unplaced: map[account.ID]assign.UnplacedReason{"a1": assign.UnplacedNoMatch},
			},
		},
		{
			// m1 has room for a2 exactly up to its capacity: the tier-1
			// limit, not room, keeps a2 out.
			name:     "tier-1 limit with room to the last unit",
			accounts: []account.Account{tiered("a1", "", 1), tiered("a2", "", 1)},
			managers: []account.Manager{mgr("m1", 2)},
			policy:   assign.Policy{MaxTier1: 1},
			want: summary{
				Owners:    owners("a1", "m1"),
				Handovers: []assign.Handover{ho("a1", "", "m1", assign.HandoverNew)},
				Unplaced:  map[account.ID]assign.UnplacedReason{"a2": assign.UnplacedTier1Limit},
			},
		},
		{
			name:     "too large",
			accounts: []account.Account{acct("big", "")},
			managers: two,
			policy:   assign.Policy{Workload: func(account.Account) int { return 5 }},
			want:     summary{Owners: owners(), Unplaced: map[account.ID]assign.UnplacedReason{"big": assign.UnplacedTooLarge}},
		},
		{
			name: "hierarchy stays with the owner of most of its workload",
			accounts: []account.Account{
				{ID: "p", Owner: "m2"}, {ID: "c1", Parent: "p", Owner: "m1"}, {ID: "c2", Parent: "c1", Owner: "m1"}, acct("x", "m2"),
			},
			managers: []account.Manager{mgr("m1", 4), mgr("m2", 4)},
			policy:   assign.Policy{KeepHierarchies: true},
			want: summary{
				Owners:    owners("p", "m1", "c1", "m1", "c2", "m1", "x", "m2"),
				Handovers: []assign.Handover{ho("p", "m2", "m1", assign.HandoverHierarchy)},
				Unplaced:  none,
			},
		},
		{
			name:     "hierarchy with conflicting pins",
			accounts: []account.Account{{ID: "p"}, {ID: "c", Parent: "p"}},
			managers: two,
			policy:   assign.Policy{KeepHierarchies: true, Pins: map[account.ID]account.ManagerID{"p": "m1", "c": "m2"}},
			want:     summary{Owners: owners(), Unplaced: map[account.ID]assign.UnplacedReason{"p": assign.UnplacedPin, "c": assign.UnplacedPin}},
		},
		{
			name:     "hierarchy over the tier-1 limit",
			accounts: []account.Account{{ID: "p", Tier: 1}, {ID: "c", Parent: "p", Tier: 1}},
			managers: two,
			policy:   assign.Policy{KeepHierarchies: true, MaxTier1: 1},
			want:     summary{Owners: owners(), Unplaced: map[account.ID]assign.UnplacedReason{"p": assign.UnplacedTier1Limit, "c": assign.UnplacedTier1Limit}},
		},
		{
			name:     "accounts without an owner have no one to stay with",
			accounts: []account.Account{acct("a1", ""), acct("a2", ""), acct("a3", ""), acct("a4", "")},
			managers: two,
			policy:   assign.Policy{Continuity: 100},
			want: summary{
				Owners: owners("a1", "m1", "a2", "m2", "a3", "m1", "a4", "m2"),
				Handovers: []assign.Handover{ho("a1", "", "m1", assign.HandoverNew), ho("a2", "", "m2", assign.HandoverNew),
					ho("a3", "", "m1", assign.HandoverNew), ho("a4", "", "m2", assign.HandoverNew)},
				Unplaced: none,
			},
		},
		{
			name:     "nothing to assign",
			managers: two,
			want:     summary{Owners: owners(), Unplaced: none},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := assign.Accounts(tt.accounts, tt.managers, tt.policy)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(summarize(res), tt.want); diff != "" {
				t.Errorf("Accounts (-got +want):\n%s", diff)
			}
		})
	}
}

// Balance weighs a manager's load against the manager's capacity: with
// room to spare (Continuity 1 doubles the target), each account goes to the
// manager of lowest load ratio, not of lowest load.
func TestAccountsBalancesRatios(t *testing.T) {
	var accounts []account.Account
	for i := range 11 {
		accounts = append(accounts, acct(fmt.Sprintf("a%02d", i), ""))
	}
	res, err := assign.Accounts(accounts, []account.Manager{mgr("m1", 100), mgr("m2", 20)}, assign.Policy{Continuity: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := []assign.ManagerLoad{
		{Manager: "m1", Accounts: 9, Load: 9, Capacity: 100, Ratio: 0.09},
		{Manager: "m2", Accounts: 2, Load: 2, Capacity: 20, Ratio: 0.1},
	}
	if diff := cmp.Diff(res.Loads, want); diff != "" {
		t.Errorf("Loads (-got +want):\n%s", diff)
	}
	if res.MaxRatio != 0.1 {
		t.Errorf("MaxRatio = %v, want 0.1", res.MaxRatio)
	}
}

// A hierarchy kept together goes to the current owner of most of its
// workload, then of most of its accounts, whoever owns its first account;
// and an owner other than the first manager keeps a lone account.
func TestAccountsAnchors(t *testing.T) {
	two := []account.Manager{mgr("m1", 4), mgr("m2", 4)}
	family := func(c1, c2, p string) []account.Account {
		return []account.Account{
			{ID: "p", Owner: account.ManagerID(p)},
			{ID: "c1", Parent: "p", Owner: account.ManagerID(c1)},
			{ID: "c2", Parent: "p", Owner: account.ManagerID(c2)},
		}
	}
	c1Heavy := func(a account.Account) int {
		if a.ID == "c1" {
			return 2
		}
		return 1
	}
	tests := []struct {
		name     string
		accounts []account.Account
		policy   assign.Policy
		want     account.ManagerID
	}{
		{"lone account stays with the second manager", []account.Account{acct("a1", "m2")}, assign.Policy{}, "m2"},
		{"majority owner, not the first account's", family("m1", "m2", "m2"), assign.Policy{KeepHierarchies: true}, "m2"},
		{"majority owner listed first", family("m2", "m2", "m1"), assign.Policy{KeepHierarchies: true}, "m2"},
		{"equal workloads: more accounts win", family("m1", "m2", "m2"), assign.Policy{KeepHierarchies: true, Workload: c1Heavy}, "m2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := assign.Accounts(tt.accounts, two, tt.policy)
			if err != nil {
				t.Fatal(err)
			}
			for _, pl := range res.Placements {
				if pl.Manager != tt.want {
					t.Errorf("%s placed with %s, want %s", pl.Account, pl.Manager, tt.want)
				}
			}
			if len(res.Placements) != len(tt.accounts) {
				t.Errorf("placed %d of %d accounts: %v", len(res.Placements), len(tt.accounts), res.Unplaced)
			}
		})
	}
}

// Tiers decide which accounts an owner keeps: higher tiers first,
// whatever their IDs.
func TestAccountsKeepsHigherTiers(t *testing.T) {
	tiered := func(id string, tier account.Tier) account.Account {
		a := acct(id, "m1")
		a.Tier = tier
		return a
	}
	accounts := []account.Account{tiered("a1", 3), tiered("a2", 3), tiered("a3", 2), tiered("a4", 1), {ID: "a5", Owner: "m1"}}
	res, err := assign.Accounts(accounts, []account.Manager{mgr("m1", 2), mgr("m2", 3)}, assign.Policy{})
	if err != nil {
		t.Fatal(err)
	}
	got := summarize(res).Owners
	want := map[account.ID]account.ManagerID{"a1": "m2", "a2": "m2", "a3": "m1", "a4": "m1", "a5": "m2"}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("owners (-got +want):\n%s", diff)
	}
}

// An unplaced hierarchy is named by its ultimate parent.
func TestAccountsUnplacedHierarchyDetail(t *testing.T) {
	accounts := []account.Account{{ID: "z-top"}, {ID: "a-sub", Parent: "z-top"}}
	res, err := assign.Accounts(accounts, []account.Manager{mgr("m1", 4), mgr("m2", 4)},
		assign.Policy{KeepHierarchies: true, Pins: map[account.ID]account.ManagerID{"z-top": "m1", "a-sub": "m2"}})
	if err != nil {
		t.Fatal(err)
	}
	d := `pin: hierarchy "z-top": accounts are pinned to different managers: "a-sub" to "m2", "z-top" to "m1"`
	want := map[account.ID]string{"a-sub": d, "z-top": d}
	if diff := cmp.Diff(placedOrWhy(res), want); diff != "" {
		t.Errorf("placements (-got +want):\n%s", diff)
	}
}

// The explanations of accounts no manager can take name the rule at fault.
func TestAccountsUnplacedDetail(t *testing.T) {
	tests := []struct {
		name     string
		accounts []account.Account
		managers []account.Manager
		policy   assign.Policy
		want     map[account.ID]string
	}{
		{
			name:     "only managers without capacity",
			accounts: []account.Account{acct("a1", "")},
			managers: []account.Manager{mgr("m1", 0)},
			want:     map[account.ID]string{"a1": "no match: no manager is active with capacity"},
		},
		{
			name:     "pinned to a manager too small, not the first",
			accounts: []account.Account{acct("a1", "")},
			managers: []account.Manager{mgr("m1", 4), mgr("m2", 1)},
			policy: assign.Policy{Workload: func(account.Account) int { return 2 },
				Pins: map[account.ID]account.ManagerID{"a1": "m2"}},
			want: map[account.ID]string{"a1": `pin: pinned to "m2", whose capacity 1 is below its workload 2`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := assign.Accounts(tt.accounts, tt.managers, tt.policy)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(placedOrWhy(res), tt.want); diff != "" {
				t.Errorf("placements (-got +want):\n%s", diff)
			}
		})
	}
}

// placedOrWhy gives each account its manager, or why it is unplaced: the
// reason and the explanation for people.
func placedOrWhy(res assign.Result) map[account.ID]string {
	out := map[account.ID]string{}
	for _, pl := range res.Placements {
		out[pl.Account] = string(pl.Manager)
	}
	for _, u := range res.Unplaced {
		out[u.Account] = u.Reason.String() + ": " + u.Detail
	}
	return out
}

// The rules: audience, region, industry and skills, with the explanation
// an unplaced account gets.
func TestAccountsMatching(t *testing.T) {
	managers := []account.Manager{
		{ID: "ext", Name: "E", Capacity: 10, Active: true, Audience: account.AudienceExternal, Regions: []string{"EU"}, Industries: []string{"bank"}, Skills: []string{"sap"}},
		{ID: "any", Name: "A", Capacity: 10, Active: true, Regions: []string{"US"}},
	}
	needs := map[account.ID][]string{"needs-sap": {"sap"}, "needs-cobol": {"cobol"}}
	p := assign.Policy{
		MatchRegion:   true,
		MatchIndustry: true,
		Skills:        func(a account.Account) []string { return needs[a.ID] },
	}
	accounts := []account.Account{
		{ID: "eu-bank", Region: "EU", Industry: "bank"},
		{ID: "eu-energy", Region: "EU", Industry: "energy"},
		{ID: "us-internal", Region: "US", Internal: true},
		{ID: "apac", Region: "APAC"},
		{ID: "needs-sap", Region: "EU", Industry: "bank"},
		{ID: "needs-cobol", Region: "EU", Industry: "bank"},
		{ID: "no-region", Industry: "energy"},
	}
	res, err := assign.Accounts(accounts, managers, p)
	if err != nil {
		t.Fatal(err)
	}
	got := placedOrWhy(res)
	want := map[account.ID]string{
		"eu-bank":     "ext",
		"eu-energy":   `no match: no active manager meets all of its audience, region, industry and skill rules`,
		"us-internal": "any",
		"apac":        `no match: no active manager serves region "APAC"`,
		"needs-sap":   "ext",
		"needs-cobol": `no match: no active manager has skill "cobol"`,
		"no-region":   "any",
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("placements (-got +want):\n%s", diff)
	}
}

// An account that needs skills goes only to a manager who lists every one
// of them; a manager with no skills listed has none. Regions and
// industries differ: an empty list covers them all.
func TestAccountsSkills(t *testing.T) {
	skilled := func(id string, skills ...string) account.Manager {
		m := mgr(id, 10)
		m.Skills = skills
		return m
	}
	needs := map[account.ID][]string{"sap": {"sap"}, "sap+gov": {"sap", "gov"}, "gov+sap": {"gov", "sap"}, "cobol": {"cobol"}}
	p := assign.Policy{
		MatchRegion: true,
		Skills:      func(a account.Account) []string { return needs[a.ID] },
	}
	tests := []struct {
		name     string
		managers []account.Manager
		accounts []account.Account
		want     map[account.ID]string // manager, or unplaced reason and detail
	}{
		{
			name:     "a manager with no skills takes only accounts that need none",
			managers: []account.Manager{skilled("none")},
			accounts: []account.Account{acct("plain", ""), acct("sap", "none")},
			want: map[account.ID]string{
				"plain": "none",
				"sap":   `no match: no active manager has skill "sap"`,
			},
		},
		{
			name:     "every skill needed must be listed",
			managers: []account.Manager{skilled("m-sap", "sap"), skilled("m-gov", "gov")},
			accounts: []account.Account{acct("sap", ""), acct("sap+gov", "m-sap"), acct("gov+sap", "")},
			want: map[account.ID]string{
				"sap":     "m-sap",
				"sap+gov": `no match: no active manager has all the skills it needs, ["sap","gov"]`,
				"gov+sap": `no match: no active manager has all the skills it needs, ["gov","sap"]`,
			},
		},
		{
			name:     "a manager may hold more skills than an account needs",
			managers: []account.Manager{skilled("m-all", "cobol", "gov", "sap"), skilled("m-sap", "sap")},
			accounts: []account.Account{acct("sap", ""), acct("sap+gov", "m-sap"), acct("cobol", "")},
			want:     map[account.ID]string{"sap": "m-sap", "sap+gov": "m-all", "cobol": "m-all"},
		},
		{
			name:     "an empty region list covers every region, an empty skill list no skill",
			managers: []account.Manager{skilled("anywhere"), {ID: "eu", Name: "EU", Capacity: 10, Active: true, Regions: []string{"EU"}, Skills: []string{"sap"}}},
			accounts: []account.Account{{ID: "plain", Region: "US"}, {ID: "sap", Region: "US"}},
			want: map[account.ID]string{
				"plain": "anywhere",
				"sap":   "no match: no active manager meets all of its audience, region, industry and skill rules",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := assign.Accounts(tt.accounts, tt.managers, p)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(placedOrWhy(res), tt.want); diff != "" {
				t.Errorf("placements (-got +want):\n%s", diff)
			}
		})
	}
}
