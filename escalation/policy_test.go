package escalation_test

import (
	"errors"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/sla"
)

func TestPoliciesSelect(t *testing.T) {
	v := func(name string, version int, eff time.Time, tiers []account.Tier, prios ...sla.Priority) escalation.Policy {
		return escalation.Policy{Name: name, Version: version, Effective: eff, Tiers: tiers, Priorities: prios}
	}
	ps := escalation.Policies{
		v("a", 1, time.Time{}, []account.Tier{1}, sla.PriorityUrgent), // 0
		v("a", 1, time.Time{}, []account.Tier{1}),                     // 1
		v("a", 1, time.Time{}, nil),                                   // 2
		v("a", 2, mon, nil, sla.PriorityUrgent),                       // 3
		v("a", 2, mon, nil),                                           // 4
		v("b", 1, mon, nil),                                           // 5
	}
	tests := []struct {
		name string
		tier account.Tier
		prio sla.Priority
		at   time.Time
		want int
	}{
		{"a", 1, sla.PriorityUrgent, mon.Add(-1), 0},
		{"a", 1, sla.PriorityHigh, mon.Add(-1), 1},
		{"a", 2, sla.PriorityUrgent, mon.Add(-1), 2},
		{"a", 1, sla.PriorityUrgent, mon, 3},
		{"a", 1, sla.PriorityLow, mon.Add(time.Hour), 4},
		{"b", 1, sla.PriorityLow, mon, 5},
		{"b", 1, sla.PriorityLow, mon.Add(-1), -1},
		{"c", 1, sla.PriorityLow, mon, -1},
	}
	for _, tt := range tests {
		if got := ps.Select(tt.name, tt.tier, tt.prio, tt.at); got != tt.want {
			t.Errorf("Select(%q, %v, %v, %v) = %d, want %d", tt.name, tt.tier, tt.prio, tt.at, got, tt.want)
		}
	}
	if !ps[2].CatchAll() || ps[1].CatchAll() || ps[3].CatchAll() {
		t.Errorf("CatchAll wrong")
	}
}

func TestOrgChartResolve(t *testing.T) {
	org := testOrg()
	org.ServiceManagers = map[account.ID]escalation.Person{"globex": "sue"}
	tests := []struct {
		role  escalation.Role
		acct  account.ID
		owner escalation.Person
		want  escalation.Person
	}{
		{escalation.RoleAccountManager, "acme", "amy", "amy"},
		{escalation.RoleTeamLeader, "acme", "amy", "tom"},
		{escalation.RoleTeamLeader, "acme", "zed", ""},
		{escalation.RoleServiceManager, "acme", "amy", "sam"},
		{escalation.RoleServiceManager, "globex", "amy", "sue"},
		{escalation.RoleHeadOfService, "acme", "amy", "hal"},
		{escalation.RoleExecutiveSponsor, "acme", "amy", "eve"},
		{escalation.RoleExecutiveSponsor, "initech", "amy", ""},
		{0, "acme", "amy", ""},
		{9, "acme", "amy", ""},
	}
	for _, tt := range tests {
		if got := org.Resolve(tt.role, tt.acct, tt.owner); got != tt.want {
			t.Errorf("Resolve(%v, %q, %q) = %q, want %q", tt.role, tt.acct, tt.owner, got, tt.want)
		}
	}
}

func TestEnums(t *testing.T) {
	type textEnum interface {
		String() string
		MarshalText() ([]byte, error)
	}
	check := func(name string, v textEnum, back func([]byte) (textEnum, error)) {
		t.Helper()
		b, err := v.MarshalText()
		if err != nil || string(b) != name || v.String() != name {
			t.Errorf("%v: MarshalText %q %v, want %q", v, b, err, name)
		}
		u, err := back(b)
		if err != nil || u != v {
			t.Errorf("%q: UnmarshalText %v %v", b, u, err)
		}
	}
	check("team-leader", escalation.RoleTeamLeader, func(b []byte) (textEnum, error) { var v escalation.Role; err := v.UnmarshalText(b); return v, err })
	check("functional", escalation.LevelFunctional, func(b []byte) (textEnum, error) {
		var v escalation.LevelKind
		err := v.UnmarshalText(b)
		return v, err
	})
	check("consumed", escalation.TriggerConsumed, func(b []byte) (textEnum, error) {
		var v escalation.TriggerKind
		err := v.UnmarshalText(b)
		return v, err
	})
	check("reassigned", escalation.FactReassigned, func(b []byte) (textEnum, error) {
		var v escalation.FactKind
		err := v.UnmarshalText(b)
		return v, err
	})
	check("held", escalation.StepHeld, func(b []byte) (textEnum, error) { var v escalation.StepKind; err := v.UnmarshalText(b); return v, err })
	if s := escalation.Role(9).String(); s != "%!Role(9)" {
		t.Errorf("unknown role prints %q", s)
	}
	if _, err := escalation.Role(9).MarshalText(); !errors.Is(err, escalation.ErrInvalid) {
		t.Errorf("unknown role marshals: %v", err)
	}
	for _, u := range []interface{ UnmarshalText([]byte) error }{new(escalation.Role), new(escalation.LevelKind), new(escalation.TriggerKind), new(escalation.FactKind), new(escalation.StepKind)} {
		if err := u.UnmarshalText([]byte("nope")); !errors.Is(err, escalation.ErrInvalid) {
			t.Errorf("%T accepts nope: %v", u, err)
		}
	}
}

func TestStepString(t *testing.T) {
	s := escalation.Step{At: mon, Kind: escalation.StepHeld, Level: 2, LevelName: "team leader", Repeat: 1, Until: mon.Add(time.Hour), Reason: "quiet hours"}
	want := `2024-06-03T09:00:00Z held: level 2 "team leader" repeat 1 until 2024-06-03T10:00:00Z: quiet hours`
	if got := s.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	tr := escalation.Trace{{At: mon, Kind: escalation.StepResolved, Reason: "x"}, {At: mon, Kind: escalation.StepDone}}
	if got, want := tr.String(), "2024-06-03T09:00:00Z resolved: x\n2024-06-03T09:00:00Z done"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
