package tiering_test

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/tiering"
)

func mgr(id string, capacity int) account.Manager {
	return account.Manager{ID: account.ManagerID(id), Name: id, Capacity: capacity, Active: true}
}

func acct(id, owner string) account.Account {
	return account.Account{ID: account.ID(id), Name: id, Owner: account.ManagerID(owner)}
}

func TestAssignErrors(t *testing.T) {
	neg := func(a account.Account) int {
		if a.ID == "a2" {
			return -3
		}
		return 1
	}
	one := []account.Account{acct("a1", "")}
	m1 := []account.Manager{mgr("m1", 5)}
	type want struct {
		err     error             // the sentinel the error wraps
		field   string            // the *ConfigError's Field, for policy problems
		account account.ID        // the *AccountError's Account, otherwise
		manager account.ManagerID // and its Manager
	}
	tests := []struct {
		name     string
		accounts []account.Account
		managers []account.Manager
		policy   tiering.AssignPolicy
		want     want
	}{
		{"NaN continuity", nil, nil, tiering.AssignPolicy{Continuity: math.NaN()}, want{err: tiering.ErrConfig, field: "Continuity"}},
		{"negative continuity", nil, nil, tiering.AssignPolicy{Continuity: -0.1}, want{err: tiering.ErrConfig, field: "Continuity"}},
		{"negative tier-1 limit", nil, nil, tiering.AssignPolicy{MaxTier1: -1}, want{err: tiering.ErrConfig, field: "MaxTier1"}},
		{"pin to empty manager", one, m1, tiering.AssignPolicy{Pins: map[account.ID]account.ManagerID{"a1": ""}},
			want{err: tiering.ErrConfig, field: `Pins["a1"]`}},
		{"pin of empty account", one, m1, tiering.AssignPolicy{Pins: map[account.ID]account.ManagerID{"": "m1"}},
			want{err: tiering.ErrConfig, field: `Pins[""]`}},
		{"negative workload", []account.Account{acct("a1", ""), acct("a2", "")}, m1, tiering.AssignPolicy{Workload: neg},
			want{err: tiering.ErrInput, account: "a2"}},
		{"duplicate account", []account.Account{acct("a1", ""), acct("a1", "")}, m1, tiering.AssignPolicy{},
			want{err: tiering.ErrDuplicateAccount, account: "a1"}},
		{"empty account ID", []account.Account{acct("", "")}, m1, tiering.AssignPolicy{}, want{err: tiering.ErrInput}},
		{"duplicate manager", one, []account.Manager{mgr("m1", 5), mgr("m1", 6)}, tiering.AssignPolicy{},
			want{err: tiering.ErrDuplicateManager, manager: "m1"}},
		{"pin to unknown manager", one, m1, tiering.AssignPolicy{Pins: map[account.ID]account.ManagerID{"a1": "m9"}},
			want{err: tiering.ErrUnknownManager, account: "a1", manager: "m9"}},
		{"pin of unknown account", one, m1, tiering.AssignPolicy{Pins: map[account.ID]account.ManagerID{"a9": "m1"}},
			want{err: tiering.ErrUnknownAccount, account: "a9", manager: "m1"}},
		{"empty skill", one, m1, tiering.AssignPolicy{Skills: func(account.Account) []string { return []string{" "} }},
			want{err: tiering.ErrInput, account: "a1"}},
		{"capacity overflow", one, []account.Manager{mgr("m1", math.MaxInt64), mgr("m2", math.MaxInt64)}, tiering.AssignPolicy{},
			want{err: tiering.ErrInput, manager: "m1"}},
		{"workload overflow", []account.Account{acct("a1", ""), acct("a2", "")}, m1,
			tiering.AssignPolicy{Workload: func(a account.Account) int {
				return map[account.ID]int{"a1": math.MaxInt64 / 4, "a2": math.MaxInt64 / 2}[a.ID]
			}},
			want{err: tiering.ErrInput, account: "a2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tiering.Assign(tt.accounts, tt.managers, tt.policy)
			if !errors.Is(err, tt.want.err) {
				t.Fatalf("Assign error = %v, want one wrapping %v", err, tt.want.err)
			}
			if tt.want.field != "" {
				var ce *tiering.ConfigError
				if !errors.As(err, &ce) || ce.Where != "AssignPolicy" || ce.Field != tt.want.field {
					t.Fatalf("Assign error = %v, want a *ConfigError for AssignPolicy field %s", err, tt.want.field)
				}
				return
			}
			var ae *tiering.AccountError
			if !errors.As(err, &ae) {
				t.Fatalf("Assign error = %v, want an *AccountError", err)
			}
			if ae.Account != tt.want.account || ae.Manager != tt.want.manager || ae.Err != tt.want.err {
				t.Errorf("AccountError names account %q, manager %q, wraps %v; want %q, %q, %v", ae.Account, ae.Manager, ae.Err, tt.want.account, tt.want.manager, tt.want.err)
			}
		})
	}
}

// Errors from the account package keep their types, and wrap ErrInput too.
func TestAssignWrappedErrors(t *testing.T) {
	_, err := tiering.Assign([]account.Account{acct("a1", "")}, []account.Manager{mgr("m1", -5)}, tiering.AssignPolicy{})
	var fe *account.FieldError
	if !errors.Is(err, tiering.ErrInput) || !errors.As(err, &fe) || fe.Field != "Capacity" || fe.ID != "m1" {
		t.Errorf("invalid manager: error %v, want ErrInput and an *account.FieldError for Capacity of m1", err)
	}
	_, err = tiering.Assign([]account.Account{{ID: "a1", Parent: "a2"}, {ID: "a2", Parent: "a1"}}, nil, tiering.AssignPolicy{KeepHierarchies: true})
	var ce *account.CycleError
	if !errors.Is(err, tiering.ErrInput) || !errors.As(err, &ce) {
		t.Errorf("cycle: error %v, want ErrInput and an *account.CycleError", err)
	}
	_, err = tiering.Assign([]account.Account{{ID: "a1", Parent: "gone"}}, nil, tiering.AssignPolicy{KeepHierarchies: true})
	var de *account.DanglingParentError
	if !errors.Is(err, tiering.ErrInput) || !errors.As(err, &de) || de.Account != "a1" {
		t.Errorf("dangling parent: error %v, want ErrInput and an *account.DanglingParentError for a1", err)
	}
	// Without KeepHierarchies, parents are not looked at.
	if _, err := tiering.Assign([]account.Account{{ID: "a1", Parent: "gone"}}, nil, tiering.AssignPolicy{}); err != nil {
		t.Errorf("dangling parent without KeepHierarchies: %v", err)
	}
}

// Every problem is reported, each once, in a fixed order.
func TestAssignReportsEveryProblem(t *testing.T) {
	accounts := []account.Account{acct("a3", ""), acct("a1", ""), acct("a1", ""), acct("a2", "")}
	managers := []account.Manager{mgr("m2", 5), mgr("m1", -1), mgr("m2", 5)}
	p := tiering.AssignPolicy{
		Workload: func(a account.Account) int { return -1 },
		Pins:     map[account.ID]account.ManagerID{"a2": "m9"},
	}
	_, err := tiering.Assign(accounts, managers, p)
	// problem is what the test reads from each error: an *AccountError's
	// fields, or the record and field of a wrapped *account.FieldError.
	type problem struct {
		Account account.ID
		Manager account.ManagerID
		Err     error
		Value   any
		Field   string
	}
	var got []problem
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ae *tiering.AccountError
		var fe *account.FieldError
		switch {
		case errors.As(e, &ae):
			got = append(got, problem{Account: ae.Account, Manager: ae.Manager, Err: ae.Err, Value: ae.Value})
		case errors.Is(e, tiering.ErrInput) && errors.As(e, &fe):
			got = append(got, problem{Manager: account.ManagerID(fe.ID), Err: tiering.ErrInput, Field: fe.Field})
		default:
			t.Errorf("unexpected error %v", e)
		}
	}
	want := []problem{
		{Manager: "m1", Err: tiering.ErrInput, Field: "Capacity"},
		{Manager: "m2", Err: tiering.ErrDuplicateManager},
		{Account: "a1", Err: tiering.ErrDuplicateAccount},
		{Account: "a2", Err: tiering.ErrInput, Value: -1}, // negative workloads of a2 and a3, but not of the repeated a1
		{Account: "a3", Err: tiering.ErrInput, Value: -1},
		{Account: "a2", Manager: "m9", Err: tiering.ErrUnknownManager},
	}
	if diff := cmp.Diff(got, want, cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
		t.Errorf("problems (-got +want):\n%s", diff)
	}
}

func TestAssignPolicyValidate(t *testing.T) {
	if err := (tiering.AssignPolicy{}).Validate(); err != nil {
		t.Errorf("zero policy: %v", err)
	}
	err := tiering.AssignPolicy{Continuity: math.Inf(1), MaxTier1: -2, Pins: map[account.ID]account.ManagerID{"b": "", "a": "m"}}.Validate()
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ce *tiering.ConfigError
		if errors.As(e, &ce) && errors.Is(e, tiering.ErrConfig) && ce.Where == "AssignPolicy" {
			fields = append(fields, ce.Field)
		}
	}
	if diff := cmp.Diff(fields, []string{"Continuity", "MaxTier1", `Pins["b"]`}); diff != "" {
		t.Errorf("Validate fields (-got +want):\n%s", diff)
	}
}

// summary is the part of an Assignment a table test states in full.
type summary struct {
	Owners    map[account.ID]account.ManagerID
	Handovers []tiering.Handover
	Unplaced  map[account.ID]tiering.UnplacedReason
}

func summarize(res tiering.Assignment) summary {
	s := summary{Owners: map[account.ID]account.ManagerID{}, Handovers: res.Handovers, Unplaced: map[account.ID]tiering.UnplacedReason{}}
	for _, p := range res.Placements {
		s.Owners[p.Account] = p.Manager
	}
	for _, u := range res.Unplaced {
		s.Unplaced[u.Account] = u.Reason
	}
	return s
}

func TestAssignBehaviour(t *testing.T) {
	two := []account.Manager{mgr("m1", 4), mgr("m2", 4)}
	fourOwnedByM1 := []account.Account{acct("a1", "m1"), acct("a2", "m1"), acct("a3", "m1"), acct("a4", "m1")}
	ho := func(a, from, to string, r tiering.HandoverReason) tiering.Handover {
		return tiering.Handover{Account: account.ID(a), From: account.ManagerID(from), To: account.ManagerID(to), Reason: r}
	}
	owners := func(kv ...string) map[account.ID]account.ManagerID {
		m := map[account.ID]account.ManagerID{}
		for i := 0; i < len(kv); i += 2 {
			m[account.ID(kv[i])] = account.ManagerID(kv[i+1])
		}
		return m
	}
	none := map[account.ID]tiering.UnplacedReason{}
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
		policy   tiering.AssignPolicy
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
				Handovers: []tiering.Handover{ho("a3", "m1", "m2", tiering.HandoverBalance), ho("a4", "m1", "m2", tiering.HandoverBalance)},
				Unplaced:  none,
			},
		},
		{
			name:     "continuity keeps owners who have room",
			accounts: fourOwnedByM1,
			managers: two,
			policy:   tiering.AssignPolicy{Continuity: 1},
			want:     summary{Owners: owners("a1", "m1", "a2", "m1", "a3", "m1", "a4", "m1"), Unplaced: none},
		},
		{
			name:     "handover limit",
			accounts: fourOwnedByM1,
			managers: two,
			policy:   tiering.AssignPolicy{MaxHandovers: 1},
			want: summary{
				Owners:    owners("a1", "m1", "a2", "m1", "a3", "m1", "a4", "m2"),
				Handovers: []tiering.Handover{ho("a4", "m1", "m2", tiering.HandoverBalance)},
				Unplaced:  none,
			},
		},
		{
			name:     "no handovers allowed from an over-full owner",
			accounts: fourOwnedByM1,
			managers: []account.Manager{mgr("m1", 3), mgr("m2", 4)},
			policy:   tiering.AssignPolicy{MaxHandovers: -1},
			want: summary{
				Owners:   owners("a1", "m1", "a2", "m1", "a3", "m1"),
				Unplaced: map[account.ID]tiering.UnplacedReason{"a4": tiering.UnplacedHandoverLimit},
			},
		},
		{
			name:     "over-full owner hands over for capacity",
			accounts: fourOwnedByM1,
			managers: []account.Manager{mgr("m1", 2), mgr("m2", 4)},
			policy:   tiering.AssignPolicy{Continuity: 100},
			want: summary{
				Owners:    owners("a1", "m1", "a2", "m1", "a3", "m2", "a4", "m2"),
				Handovers: []tiering.Handover{ho("a3", "m1", "m2", tiering.HandoverCapacity), ho("a4", "m1", "m2", tiering.HandoverCapacity)},
				Unplaced:  none,
			},
		},
		{
			name:     "inactive owner, unknown owner, new account",
			accounts: []account.Account{acct("a1", "m2"), acct("a2", "gone"), acct("a3", "")},
			managers: []account.Manager{mgr("m1", 4), inactive},
			want: summary{
				Owners: owners("a1", "m1", "a2", "m1", "a3", "m1"),
				Handovers: []tiering.Handover{
					ho("a1", "m2", "m1", tiering.HandoverOwnerGone),
					ho("a2", "gone", "m1", tiering.HandoverOwnerGone),
					ho("a3", "", "m1", tiering.HandoverNew),
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
				Handovers: []tiering.Handover{ho("a1", "", "m1", tiering.HandoverNew), ho("a2", "", "m1", tiering.HandoverNew)},
				Unplaced:  map[account.ID]tiering.UnplacedReason{"a3": tiering.UnplacedNoRoom},
			},
		},
		{
			name:     "pins: kept, moved, to an inactive manager",
			accounts: []account.Account{acct("a1", "m1"), acct("a2", "m1"), acct("a3", "m1")},
			managers: []account.Manager{mgr("m1", 4), mgr("m3", 4), inactive},
			policy:   tiering.AssignPolicy{Pins: map[account.ID]account.ManagerID{"a1": "m1", "a2": "m3", "a3": "m2"}},
			want: summary{
				Owners:    owners("a1", "m1", "a2", "m3"),
				Handovers: []tiering.Handover{ho("a2", "m1", "m3", tiering.HandoverPinned)},
				Unplaced:  map[account.ID]tiering.UnplacedReason{"a3": tiering.UnplacedPin},
			},
		},
		{
			name:     "tier-1 limit",
			accounts: []account.Account{tiered("a1", "m1", 1), tiered("a2", "m1", 1), tiered("a3", "m1", 1)},
			managers: two,
			policy:   tiering.AssignPolicy{MaxTier1: 1, Continuity: 100},
			want: summary{
				Owners:    owners("a1", "m1", "a2", "m2"),
				Handovers: []tiering.Handover{ho("a2", "m1", "m2", tiering.HandoverCapacity)},
				Unplaced:  map[account.ID]tiering.UnplacedReason{"a3": tiering.UnplacedTier1Limit},
			},
		},
		{
			name:     "too large",
			accounts: []account.Account{acct("big", "")},
			managers: two,
			policy:   tiering.AssignPolicy{Workload: func(account.Account) int { return 5 }},
			want:     summary{Owners: owners(), Unplaced: map[account.ID]tiering.UnplacedReason{"big": tiering.UnplacedTooLarge}},
		},
		{
			name: "hierarchy stays with the owner of most of its workload",
			accounts: []account.Account{
				{ID: "p", Owner: "m2"}, {ID: "c1", Parent: "p", Owner: "m1"}, {ID: "c2", Parent: "c1", Owner: "m1"}, acct("x", "m2"),
			},
			managers: []account.Manager{mgr("m1", 4), mgr("m2", 4)},
			policy:   tiering.AssignPolicy{KeepHierarchies: true},
			want: summary{
				Owners:    owners("p", "m1", "c1", "m1", "c2", "m1", "x", "m2"),
				Handovers: []tiering.Handover{ho("p", "m2", "m1", tiering.HandoverHierarchy)},
				Unplaced:  none,
			},
		},
		{
			name:     "hierarchy with conflicting pins",
			accounts: []account.Account{{ID: "p"}, {ID: "c", Parent: "p"}},
			managers: two,
			policy:   tiering.AssignPolicy{KeepHierarchies: true, Pins: map[account.ID]account.ManagerID{"p": "m1", "c": "m2"}},
			want:     summary{Owners: owners(), Unplaced: map[account.ID]tiering.UnplacedReason{"p": tiering.UnplacedPin, "c": tiering.UnplacedPin}},
		},
		{
			name:     "hierarchy over the tier-1 limit",
			accounts: []account.Account{{ID: "p", Tier: 1}, {ID: "c", Parent: "p", Tier: 1}},
			managers: two,
			policy:   tiering.AssignPolicy{KeepHierarchies: true, MaxTier1: 1},
			want:     summary{Owners: owners(), Unplaced: map[account.ID]tiering.UnplacedReason{"p": tiering.UnplacedTier1Limit, "c": tiering.UnplacedTier1Limit}},
		},
		{
			name:     "nothing to assign",
			managers: two,
			want:     summary{Owners: owners(), Unplaced: none},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := tiering.Assign(tt.accounts, tt.managers, tt.policy)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(summarize(res), tt.want); diff != "" {
				t.Errorf("Assign (-got +want):\n%s", diff)
			}
		})
	}
}

// placedOrWhy gives each account its manager, or why it is unplaced: the
// reason and the explanation for people.
func placedOrWhy(res tiering.Assignment) map[account.ID]string {
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
func TestAssignMatching(t *testing.T) {
	managers := []account.Manager{
		{ID: "ext", Name: "E", Capacity: 10, Active: true, Audience: account.AudienceExternal, Regions: []string{"EU"}, Industries: []string{"bank"}, Skills: []string{"sap"}},
		{ID: "any", Name: "A", Capacity: 10, Active: true, Regions: []string{"US"}},
	}
	needs := map[account.ID][]string{"needs-sap": {"sap"}, "needs-cobol": {"cobol"}}
	p := tiering.AssignPolicy{
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
	res, err := tiering.Assign(accounts, managers, p)
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
func TestAssignSkills(t *testing.T) {
	skilled := func(id string, skills ...string) account.Manager {
		m := mgr(id, 10)
		m.Skills = skills
		return m
	}
	needs := map[account.ID][]string{"sap": {"sap"}, "sap+gov": {"sap", "gov"}, "gov+sap": {"gov", "sap"}, "cobol": {"cobol"}}
	p := tiering.AssignPolicy{
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
			res, err := tiering.Assign(tt.accounts, tt.managers, p)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(placedOrWhy(res), tt.want); diff != "" {
				t.Errorf("placements (-got +want):\n%s", diff)
			}
		})
	}
}
