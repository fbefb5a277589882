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
	tests := []struct {
		name     string
		accounts []account.Account
		managers []account.Manager
		policy   tiering.AssignPolicy
		field    string // of the *AssignError, or "" if another error type
		id       string
	}{
		{"negative workload", []account.Account{acct("a1", ""), acct("a2", "")}, []account.Manager{mgr("m1", 5)},
			tiering.AssignPolicy{Workload: neg}, "Workload", "a2"},
		{"duplicate account", []account.Account{acct("a1", ""), acct("a1", "")}, []account.Manager{mgr("m1", 5)},
			tiering.AssignPolicy{}, "Accounts", "a1"},
		{"empty account ID", []account.Account{acct("", "")}, []account.Manager{mgr("m1", 5)},
			tiering.AssignPolicy{}, "Accounts", ""},
		{"duplicate manager", []account.Account{acct("a1", "")}, []account.Manager{mgr("m1", 5), mgr("m1", 6)},
			tiering.AssignPolicy{}, "Managers", "m1"},
		{"pin to unknown manager", []account.Account{acct("a1", "")}, []account.Manager{mgr("m1", 5)},
			tiering.AssignPolicy{Pins: map[account.ID]account.ManagerID{"a1": "m9"}}, "Pins", "a1"},
		{"pin of unknown account", []account.Account{acct("a1", "")}, []account.Manager{mgr("m1", 5)},
			tiering.AssignPolicy{Pins: map[account.ID]account.ManagerID{"a9": "m1"}}, "Pins", "a9"},
		{"pin to empty manager", []account.Account{acct("a1", "")}, []account.Manager{mgr("m1", 5)},
			tiering.AssignPolicy{Pins: map[account.ID]account.ManagerID{"a1": ""}}, "Pins", "a1"},
		{"empty skill", []account.Account{acct("a1", "")}, []account.Manager{mgr("m1", 5)},
			tiering.AssignPolicy{Skills: func(account.Account) []string { return []string{" "} }}, "Skills", "a1"},
		{"NaN continuity", nil, nil, tiering.AssignPolicy{Continuity: math.NaN()}, "Continuity", ""},
		{"negative continuity", nil, nil, tiering.AssignPolicy{Continuity: -0.1}, "Continuity", ""},
		{"negative tier-1 limit", nil, nil, tiering.AssignPolicy{MaxTier1: -1}, "MaxTier1", ""},
		{"capacity overflow", []account.Account{acct("a1", "")}, []account.Manager{mgr("m1", math.MaxInt64), mgr("m2", math.MaxInt64)},
			tiering.AssignPolicy{}, "Managers", "m1"},
		{"workload overflow", []account.Account{acct("a1", ""), acct("a2", "")}, []account.Manager{mgr("m1", 5)},
			tiering.AssignPolicy{Workload: func(account.Account) int { return math.MaxInt64 / 2 }}, "Workload", "a2"},
		{"invalid manager", []account.Account{acct("a1", "")}, []account.Manager{mgr("m1", -5)},
			tiering.AssignPolicy{}, "", ""},
		{"hierarchy cycle", []account.Account{{ID: "a1", Parent: "a2"}, {ID: "a2", Parent: "a1"}}, []account.Manager{mgr("m1", 5)},
			tiering.AssignPolicy{KeepHierarchies: true}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tiering.Assign(tt.accounts, tt.managers, tt.policy)
			if !errors.Is(err, account.ErrInvalid) {
				t.Fatalf("Assign error = %v, want one wrapping account.ErrInvalid", err)
			}
			var ae *tiering.AssignError
			if tt.field == "" {
				if errors.As(err, &ae) {
					t.Fatalf("Assign error = %v, want no *AssignError", err)
				}
				return
			}
			if !errors.As(err, &ae) {
				t.Fatalf("Assign error = %v, want an *AssignError", err)
			}
			if ae.Field != tt.field || ae.ID != tt.id {
				t.Errorf("AssignError names field %q, ID %q; want %q, %q", ae.Field, ae.ID, tt.field, tt.id)
			}
		})
	}
}

func TestAssignErrorKinds(t *testing.T) {
	_, err := tiering.Assign([]account.Account{acct("a1", "")}, []account.Manager{mgr("m1", -5)}, tiering.AssignPolicy{})
	var fe *account.FieldError
	if !errors.As(err, &fe) || fe.Field != "Capacity" || fe.ID != "m1" {
		t.Errorf("invalid manager: error %v, want *account.FieldError for Capacity of m1", err)
	}
	_, err = tiering.Assign([]account.Account{{ID: "a1", Parent: "a2"}, {ID: "a2", Parent: "a1"}}, nil, tiering.AssignPolicy{KeepHierarchies: true})
	var ce *account.CycleError
	if !errors.As(err, &ce) {
		t.Errorf("cycle: error %v, want *account.CycleError", err)
	}
	// Without KeepHierarchies, parents are not looked at.
	if _, err := tiering.Assign([]account.Account{{ID: "a1", Parent: "gone"}}, nil, tiering.AssignPolicy{}); err != nil {
		t.Errorf("dangling parent without KeepHierarchies: %v", err)
	}
}

func TestAssignErrorMessage(t *testing.T) {
	_, err := tiering.Assign([]account.Account{acct("a-17", "")}, nil, tiering.AssignPolicy{Workload: func(account.Account) int { return -3 }})
	if got, want := err.Error(), `tiering: assign: Workload "a-17": -3: must not be negative`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestAssignPolicyValidate(t *testing.T) {
	if err := (tiering.AssignPolicy{}).Validate(); err != nil {
		t.Errorf("zero policy: %v", err)
	}
	err := tiering.AssignPolicy{Continuity: math.Inf(1), MaxTier1: -2}.Validate()
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ae *tiering.AssignError
		if errors.As(e, &ae) {
			fields = append(fields, ae.Field)
		}
	}
	if diff := cmp.Diff(fields, []string{"Continuity", "MaxTier1"}); diff != "" {
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
				Unplaced:  map[account.ID]tiering.UnplacedReason{"a3": tiering.UnplacedNoRoom},
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
	got := map[account.ID]string{}
	for _, pl := range res.Placements {
		got[pl.Account] = string(pl.Manager)
	}
	for _, u := range res.Unplaced {
		got[u.Account] = u.Reason.String() + ": " + u.Detail
	}
	want := map[account.ID]string{
		"eu-bank":     "ext",
		"eu-energy":   `no match: no active manager meets all of its audience, region, industry and skill rules`,
		"us-internal": "any",
		"apac":        `no match: no active manager serves region "APAC"`,
		"needs-sap":   "ext",
		"needs-cobol": "no match: no active manager meets all of its audience, region, industry and skill rules",
		"no-region":   "any",
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("placements (-got +want):\n%s", diff)
	}
}

func TestReasonStrings(t *testing.T) {
	got := []string{
		tiering.HandoverBalance.String(), tiering.HandoverReason(0).String(), tiering.HandoverReason(99).String(),
		tiering.UnplacedNoRoom.String(), tiering.UnplacedReason(0).String(),
	}
	want := []string{"balance", "%!HandoverReason(0)", "%!HandoverReason(99)", "no room", "%!UnplacedReason(0)"}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("String (-got +want):\n%s", diff)
	}
}
