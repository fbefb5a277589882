package escalation_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/sla"
)

// fields returns the Field of every FieldError in err, in order.
func fields(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		var fe *account.FieldError
		if errors.As(err, &fe) && fe == err {
			out = append(out, fe.Field)
			return
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				walk(e)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return out
}

func validPolicy() escalation.Policy {
	return escalation.Policy{Name: "p", Version: 1, Levels: []escalation.Level{
		{Name: "a", Kind: escalation.LevelHierarchical, Role: escalation.RoleAccountManager,
			Triggers: []escalation.Trigger{{Kind: escalation.TriggerOpened, After: time.Hour}}},
	}}
}

func TestPolicyValidate(t *testing.T) {
	trig := func(tr escalation.Trigger) func(*escalation.Policy) {
		return func(p *escalation.Policy) { p.Levels[0].Triggers = []escalation.Trigger{tr} }
	}
	levels := func(n int) func(*escalation.Policy) {
		return func(p *escalation.Policy) {
			p.Levels = nil
			for i := range n {
				l := validPolicy().Levels[0]
				l.Name = itoa(i)
				p.Levels = append(p.Levels, l)
			}
		}
	}
	triggers := func(n int) func(*escalation.Policy) {
		return func(p *escalation.Policy) {
			p.Levels[0].Triggers = slices.Repeat([]escalation.Trigger{{Kind: escalation.TriggerRequested}}, n)
		}
	}
	consumed := func(s sla.Percent) escalation.Trigger {
		return escalation.Trigger{Kind: escalation.TriggerConsumed, Metric: sla.MetricResolution, Share: s}
	}
	repeats := func(n int) escalation.Trigger {
		return escalation.Trigger{Kind: escalation.TriggerRepeats, Count: n, Window: time.Hour}
	}
	repeat := func(every time.Duration, times int) func(*escalation.Policy) {
		return func(p *escalation.Policy) { p.Levels[0].Repeat = escalation.Repeat{Every: every, Times: times} }
	}
	tests := []struct {
		name   string
		change func(*escalation.Policy)
		want   []string // the fields at fault; none: valid
	}{
		{"valid", func(*escalation.Policy) {}, nil},
		{"no name", func(p *escalation.Policy) { p.Name = "" }, []string{"Name"}},
		{"version 0", func(p *escalation.Policy) { p.Version = 0 }, []string{"Version"}},
		{"no levels", levels(0), []string{"Levels"}},
		{"64 levels", levels(escalation.MaxLevels), nil},
		{"65 levels", levels(escalation.MaxLevels + 1), []string{"Levels"}},
		{"level without name", func(p *escalation.Policy) { p.Levels[0].Name = "" }, []string{"Levels[0].Name"}},
		{"level name repeated", func(p *escalation.Policy) { p.Levels = append(p.Levels, p.Levels[0]) }, []string{"Levels[1].Name"}},
		{"kind 0", func(p *escalation.Policy) { p.Levels[0].Kind = 0 }, []string{"Levels[0].Kind"}},
		{"kind 3", func(p *escalation.Policy) { p.Levels[0].Kind = 3 }, []string{"Levels[0].Kind"}},
		{"role 6", func(p *escalation.Policy) { p.Levels[0].Role = 6 }, []string{"Levels[0].Role"}},
		{"role 5", func(p *escalation.Policy) { p.Levels[0].Role = escalation.RoleExecutiveSponsor }, nil},
		{"nobody", func(p *escalation.Policy) { p.Levels[0].Role = 0 }, []string{"Levels[0]"}},
		{"team only", func(p *escalation.Policy) { p.Levels[0].Role, p.Levels[0].Team = 0, "network" }, nil},
		{"empty person", func(p *escalation.Policy) { p.Levels[0].People = []escalation.Person{""} }, []string{"Levels[0].People[0]"}},
		{"person repeated", func(p *escalation.Policy) { p.Levels[0].People = []escalation.Person{"x", "x"} }, []string{"Levels[0].People[1]"}},
		{"no trigger", triggers(0), []string{"Levels[0].Triggers"}},
		{"16 triggers", triggers(escalation.MaxTriggers), nil},
		{"17 triggers", triggers(escalation.MaxTriggers + 1), []string{"Levels[0].Triggers"}},
		{"trigger kind 0", trig(escalation.Trigger{}), []string{"Levels[0].Triggers[0].Kind"}},
		{"trigger kind 8", trig(escalation.Trigger{Kind: 8}), []string{"Levels[0].Triggers[0].Kind"}},
		{"after 0", trig(escalation.Trigger{Kind: escalation.TriggerPrevious}), nil},
		{"after -1", trig(escalation.Trigger{Kind: escalation.TriggerOpened, After: -1}), []string{"Levels[0].Triggers[0].After"}},
		{"metric on opened", trig(escalation.Trigger{Kind: escalation.TriggerOpened, Metric: sla.MetricResolution}), []string{"Levels[0].Triggers[0].Metric"}},
		{"share 0", trig(consumed(0)), []string{"Levels[0].Triggers[0].Share"}},
		{"share 0.01%", trig(consumed(1)), nil},
		{"share 100%", trig(consumed(100 * sla.OnePercent)), nil},
		{"share 100.01%", trig(consumed(100*sla.OnePercent + 1)), []string{"Levels[0].Triggers[0].Share"}},
		{"consumed metric 0", trig(escalation.Trigger{Kind: escalation.TriggerConsumed, Share: 1}), []string{"Levels[0].Triggers[0].Metric"}},
		{"consumed metric 5", trig(escalation.Trigger{Kind: escalation.TriggerConsumed, Metric: 5, Share: 1}), []string{"Levels[0].Triggers[0].Metric"}},
		{"consumed after", trig(escalation.Trigger{Kind: escalation.TriggerConsumed, Metric: 1, Share: 1, After: 1}), []string{"Levels[0].Triggers[0].After"}},
		{"consumed calendar", trig(escalation.Trigger{Kind: escalation.TriggerConsumed, Metric: 1, Share: 1, Calendar: office()}), []string{"Levels[0].Triggers[0].Calendar"}},
		{"breached", trig(escalation.Trigger{Kind: escalation.TriggerBreached, Metric: sla.MetricFirstResponse, Calendar: office()}), nil},
		{"share on breached", trig(escalation.Trigger{Kind: escalation.TriggerBreached, Metric: 1, Share: 1}), []string{"Levels[0].Triggers[0].Share"}},
		{"priority 0", trig(escalation.Trigger{Kind: escalation.TriggerPriority}), []string{"Levels[0].Triggers[0].Priority"}},
		{"priority low", trig(escalation.Trigger{Kind: escalation.TriggerPriority, Priority: sla.PriorityLow}), nil},
		{"priority 5", trig(escalation.Trigger{Kind: escalation.TriggerPriority, Priority: 5}), []string{"Levels[0].Triggers[0].Priority"}},
		{"priority on requested", trig(escalation.Trigger{Kind: escalation.TriggerRequested, Priority: 1}), []string{"Levels[0].Triggers[0].Priority"}},
		{"count 1", trig(repeats(1)), []string{"Levels[0].Triggers[0].Count"}},
		{"count 2", trig(repeats(2)), nil},
		{"count 1000", trig(repeats(escalation.MaxRepeatedIssues)), nil},
		{"count 1001", trig(repeats(escalation.MaxRepeatedIssues + 1)), []string{"Levels[0].Triggers[0].Count"}},
		{"window 0", trig(escalation.Trigger{Kind: escalation.TriggerRepeats, Count: 2}), []string{"Levels[0].Triggers[0].Window"}},
		{"repeat fields on opened", trig(escalation.Trigger{Kind: escalation.TriggerOpened, Count: 2, Window: 1, SameCategory: true}),
			[]string{"Levels[0].Triggers[0].Count", "Levels[0].Triggers[0].Window", "Levels[0].Triggers[0].SameCategory"}},
		{"repeat -1", repeat(time.Hour, -1), []string{"Levels[0].Repeat.Times"}},
		{"repeat 1000", repeat(time.Hour, escalation.MaxRepeats), nil},
		{"repeat 1001", repeat(time.Hour, escalation.MaxRepeats+1), []string{"Levels[0].Repeat.Times"}},
		{"repeat every 0", repeat(0, 1), []string{"Levels[0].Repeat.Every"}},
		{"repeat every without times", repeat(1, 0), []string{"Levels[0].Repeat.Every"}},
		{"tier repeated", func(p *escalation.Policy) { p.Tiers = []account.Tier{1, 1} }, []string{"Tiers[1]"}},
		{"priority 0 in list", func(p *escalation.Policy) { p.Priorities = []sla.Priority{0} }, []string{"Priorities[0]"}},
		{"priorities urgent to low", func(p *escalation.Policy) { p.Priorities = []sla.Priority{1, 2, 3, 4} }, nil},
		{"priority 5 in list", func(p *escalation.Policy) { p.Priorities = []sla.Priority{5} }, []string{"Priorities[0]"}},
		{"priority repeated", func(p *escalation.Policy) { p.Priorities = []sla.Priority{1, 1} }, []string{"Priorities[1]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validPolicy()
			tt.change(&p)
			err := p.Validate()
			if diff := cmp.Diff(tt.want, fields(err)); diff != "" {
				t.Fatalf("fields at fault (-want +got):\n%s\n%v", diff, err)
			}
			if err != nil && !errors.Is(err, escalation.ErrInvalid) {
				t.Errorf("%v does not wrap ErrInvalid", err)
			}
		})
	}
}

func TestPolicyErrorText(t *testing.T) {
	p := validPolicy()
	p.Levels[0].Triggers = nil
	want := `escalation: invalid input: Policy "p": Levels[0].Triggers: is empty: a level needs at least one trigger`
	if err := p.Validate(); err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestPoliciesValidate(t *testing.T) {
	v := func(version int, eff time.Time, tiers ...account.Tier) escalation.Policy {
		p := validPolicy()
		p.Version, p.Effective, p.Tiers = version, eff, tiers
		return p
	}
	tests := []struct {
		name string
		ps   escalation.Policies
		want []string
	}{
		{"empty", nil, []string{""}},
		{"variants and versions", escalation.Policies{v(1, time.Time{}, 1), v(1, time.Time{}), v(2, mon, 1), v(2, mon)}, nil},
		{"last variant not a catch-all", escalation.Policies{v(1, time.Time{}), v(2, mon, 1)}, []string{"Policies[1]"}},
		{"catch-all before the last", escalation.Policies{v(1, time.Time{}), v(1, time.Time{}, 1)}, []string{"Policies[0]", "Policies[1]"}},
		{"variants differ in Effective", escalation.Policies{v(1, time.Time{}, 1), v(1, mon)}, []string{"Policies[1].Effective"}},
		{"later version earlier", escalation.Policies{v(1, mon), v(2, mon.Add(-1))}, []string{"Policies[1].Effective"}},
		{"two versions, one instant", escalation.Policies{v(1, mon), v(2, mon)}, []string{"Policies[1].Effective"}},
		{"bad level inside", escalation.Policies{func() escalation.Policy { p := v(1, mon); p.Levels[0].Name = ""; return p }()}, []string{"Policies[0].Levels[0].Name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.ps.Validate()
			if diff := cmp.Diff(tt.want, fields(err)); diff != "" {
				t.Fatalf("fields at fault (-want +got):\n%s\n%v", diff, err)
			}
		})
	}
}

func TestNewEngineChecks(t *testing.T) {
	p := validPolicy()
	p.SLA = "std"
	p.Levels[0].Triggers = []escalation.Trigger{{Kind: escalation.TriggerConsumed, Metric: sla.MetricNextReply, Share: 1}}
	_, err := escalation.NewEngine(escalation.Policies{p}, testOrg(), testSLA())
	if diff := cmp.Diff([]string{"Policies[0].Levels[0].Triggers[0].Metric"}, fields(err)); diff != "" {
		t.Errorf("metric the SLA does not measure (-want +got):\n%s", diff)
	}
	p.Levels[0].Triggers[0].Metric = sla.MetricResolution
	if _, err := escalation.NewEngine(escalation.Policies{p}, testOrg(), testSLA()); err != nil {
		t.Errorf("a measured metric: %v", err)
	}
	p.SLA = "gold"
	_, err = escalation.NewEngine(escalation.Policies{p}, testOrg(), testSLA())
	if diff := cmp.Diff([]string{"Policies[0].SLA"}, fields(err)); diff != "" {
		t.Errorf("unknown SLA policy (-want +got):\n%s", diff)
	}
	p.SLA = ""
	p.Levels[0].Team = "nobody's"
	_, err = escalation.NewEngine(escalation.Policies{p}, testOrg(), nil)
	if diff := cmp.Diff([]string{"Policies[0].Levels[0].Team"}, fields(err)); diff != "" {
		t.Errorf("unknown team (-want +got):\n%s", diff)
	}
	if _, err := escalation.NewEngine(nil, testOrg(), nil); !errors.Is(err, escalation.ErrInvalid) {
		t.Errorf("no policies: %v", err)
	}
	var zero escalation.Engine
	_, err = zero.Decide(escalation.Issue{}, nil, mon)
	var fe *account.FieldError
	if !errors.As(err, &fe) || fe.Record != "Engine" {
		t.Errorf("zero Engine: %v", err)
	}
}
