package escalation_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/sla"
)

// mon is Monday 3 June 2024, 09:00 UTC: the office opens.
var mon = time.Date(2024, 6, 3, 9, 0, 0, 0, time.UTC)

func slaEvaluator(tb testing.TB) *sla.Evaluator {
	tb.Helper()
	ev, err := sla.NewEvaluator(testSLA(), sla.Calendars{Named: map[string]*calendar.Calendar{"office": office()}, Default: "office"})
	if err != nil {
		tb.Fatal(err)
	}
	return ev
}

func newEngine(tb testing.TB, ps ...escalation.Policy) *escalation.Engine {
	tb.Helper()
	e, err := escalation.NewEngine(ps, testOrg(), testSLA())
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// fired is one notification as a scenario expects it.
type fired struct {
	At         time.Time
	Level      string
	Repeat     int
	Recipients []escalation.Person
	Held       bool
}

// play decides the issue at each instant of at, with the SLA evaluated
// there, recording what is due each time as a worker would; it returns
// everything notified, and the last decision.
func play(tb testing.TB, e *escalation.Engine, is escalation.Issue, at ...time.Time) ([]fired, escalation.Decision) {
	tb.Helper()
	ev := slaEvaluator(tb)
	var recs []escalation.Record
	var got []fired
	var d escalation.Decision
	for _, now := range at {
		r, err := ev.Evaluate(is.Timeline, now)
		if err != nil {
			tb.Fatal(err)
		}
		is.SLA = r
		if d, err = e.Decide(is, recs, now); err != nil {
			tb.Fatal(err)
		}
		for _, n := range d.Notify {
			got = append(got, fired{At: n.At, Level: n.LevelName, Repeat: n.Repeat, Recipients: n.Recipients, Held: n.Held})
			recs = append(recs, n.Record())
		}
	}
	return got, d
}

// every returns the instants from from to to, step apart.
func every(from, to time.Time, step time.Duration) []time.Time {
	var ts []time.Time
	for t := from; !t.After(to); t = t.Add(step) {
		ts = append(ts, t)
	}
	return ts
}

func consumed(m sla.Metric, share sla.Percent) escalation.Trigger {
	return escalation.Trigger{Kind: escalation.TriggerConsumed, Metric: m, Share: share}
}

func TestScenarioP1Tier1ReachesSponsorAfterBreach(t *testing.T) {
	cal := office()
	key := escalation.Policy{Name: "support", Version: 1, SLA: "std", Tiers: []account.Tier{1}, Levels: []escalation.Level{
		{Name: "account manager", Kind: escalation.LevelHierarchical, Role: escalation.RoleAccountManager,
			Triggers: []escalation.Trigger{consumed(sla.MetricResolution, 50*sla.OnePercent)}},
		{Name: "team leader", Kind: escalation.LevelHierarchical, Role: escalation.RoleTeamLeader,
			Triggers: []escalation.Trigger{consumed(sla.MetricResolution, 75*sla.OnePercent)}},
		{Name: "head of service", Kind: escalation.LevelHierarchical, Role: escalation.RoleHeadOfService,
			Triggers: []escalation.Trigger{{Kind: escalation.TriggerBreached, Metric: sla.MetricResolution}}},
		{Name: "sponsor", Kind: escalation.LevelHierarchical, Role: escalation.RoleExecutiveSponsor,
			Triggers: []escalation.Trigger{{Kind: escalation.TriggerBreached, Metric: sla.MetricResolution, After: 2 * time.Hour, Calendar: cal}}},
	}}
	// Other tiers escalate later: only at the breach.
	std := escalation.Policy{Name: "support", Version: 1, SLA: "std", Levels: []escalation.Level{
		{Name: "account manager", Kind: escalation.LevelHierarchical, Role: escalation.RoleAccountManager,
			Triggers: []escalation.Trigger{{Kind: escalation.TriggerBreached, Metric: sla.MetricResolution}}},
	}}
	e := newEngine(t, key, std)
	tl := sla.Timeline{Ticket: "P1", Account: "acme", Tier: 1, Events: []sla.Event{
		{At: mon, Kind: sla.EventOpened, Priority: sla.PriorityUrgent},
		{At: mon.Add(30 * time.Minute), Kind: sla.EventAgentReply},
	}}
	is := escalation.Issue{Timeline: tl, Policy: "support", Owner: "amy"}
	// 8h of business time from Monday 09:00 runs out at 17:00; two more
	// business hours end on Tuesday at 11:00.
	got, last := play(t, e, is, every(mon, mon.Add(30*time.Hour), 15*time.Minute)...)
	want := []fired{
		{At: mon.Add(4 * time.Hour), Level: "account manager", Recipients: []escalation.Person{"amy"}},
		{At: mon.Add(6 * time.Hour), Level: "team leader", Recipients: []escalation.Person{"tom"}},
		{At: mon.Add(8 * time.Hour), Level: "head of service", Recipients: []escalation.Person{"hal"}},
		{At: mon.Add(26 * time.Hour), Level: "sponsor", Recipients: []escalation.Person{"eve"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("notified (-want +got):\n%s", diff)
	}
	if last.Level != 4 || !last.NextCheck.IsZero() || last.Owner != "amy" {
		t.Errorf("last decision: level %d, next check %v, owner %q; want 4, zero, amy", last.Level, last.NextCheck, last.Owner)
	}
	if want := []escalation.Person{"amy", "eve", "hal", "tom"}; !cmp.Equal(last.Participants, want) {
		t.Errorf("participants %v, want %v", last.Participants, want)
	}

	// The same issue on a tier-2 account is escalated by the catch-all:
	// only at the breach.
	tl.Account, tl.Tier = "globex", 2
	got, _ = play(t, e, escalation.Issue{Timeline: tl, Policy: "support", Owner: "bob"}, every(mon, mon.Add(30*time.Hour), 15*time.Minute)...)
	want = []fired{{At: mon.Add(8 * time.Hour), Level: "account manager", Recipients: []escalation.Person{"bob"}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tier 2: notified (-want +got):\n%s", diff)
	}
}

func TestScenarioInternalFunctionalThenHierarchical(t *testing.T) {
	cal := office()
	internal := escalation.Policy{Name: "internal", Version: 1, Levels: []escalation.Level{
		{Name: "payroll team", Kind: escalation.LevelFunctional, Team: "payroll",
			Triggers: []escalation.Trigger{{Kind: escalation.TriggerOpened, After: time.Hour, Calendar: cal}}},
		{Name: "team leader", Kind: escalation.LevelHierarchical, Role: escalation.RoleTeamLeader,
			Triggers: []escalation.Trigger{{Kind: escalation.TriggerPrevious, After: 4 * time.Hour, Calendar: cal}}},
		{Name: "service manager", Kind: escalation.LevelHierarchical, Role: escalation.RoleServiceManager,
			Triggers: []escalation.Trigger{{Kind: escalation.TriggerPrevious, After: 8 * time.Hour, Calendar: cal}}},
	}}
	e := newEngine(t, internal)
	// Opened on Friday at 15:00: an hour of business time later it goes to
	// the team; four more (Friday's last hour, Monday 09:00-12:00) to the
	// team leader; eight more to the service manager on Tuesday at noon.
	fri := mon.Add(-3*24*time.Hour + 6*time.Hour)
	is := escalation.Issue{Timeline: sla.Timeline{Ticket: "HR-1", Account: "finance-dept", Events: []sla.Event{
		{At: fri, Kind: sla.EventOpened, Priority: sla.PriorityNormal},
	}}, Policy: "internal", Owner: "bob"}
	got, last := play(t, e, is, every(fri, fri.Add(5*24*time.Hour), 30*time.Minute)...)
	want := []fired{
		{At: fri.Add(time.Hour), Level: "payroll team", Recipients: []escalation.Person{"pat"}},
		{At: mon.Add(3 * time.Hour), Level: "team leader", Recipients: []escalation.Person{"tom"}},
		{At: mon.Add(27 * time.Hour), Level: "service manager", Recipients: []escalation.Person{"sam"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("notified (-want +got):\n%s", diff)
	}
	kinds := map[string]escalation.LevelKind{}
	for _, l := range internal.Levels {
		kinds[l.Name] = l.Kind
	}
	if kinds[got[0].Level] != escalation.LevelFunctional || kinds[got[1].Level] != escalation.LevelHierarchical {
		t.Errorf("want functional, then hierarchical: %v", got)
	}
	if last.Owner != "bob" {
		t.Errorf("owner %q, want bob: escalation never changes the owner", last.Owner)
	}
}

func TestScenarioQuietHoursHold(t *testing.T) {
	p := escalation.Policy{Name: "night", Version: 1, QuietHours: quiet(), Levels: []escalation.Level{
		{Name: "on call", Kind: escalation.LevelFunctional, People: []escalation.Person{"olga"},
			Triggers: []escalation.Trigger{{Kind: escalation.TriggerOpened, After: 2 * time.Hour}}},
	}}
	e := newEngine(t, p)
	midnight := time.Date(2024, 6, 4, 0, 0, 0, 0, time.UTC)
	is := escalation.Issue{Timeline: sla.Timeline{Ticket: "N-1", Account: "acme", Events: []sla.Event{
		{At: midnight, Kind: sla.EventOpened, Priority: sla.PriorityHigh},
	}}, Policy: "night", Owner: "amy"}

	// Due at 02:00, held to 08:00.
	d, err := e.Decide(is, nil, midnight.Add(3*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	eight := midnight.Add(8 * time.Hour)
	if len(d.Notify) != 0 || len(d.Held) != 1 || !d.NextCheck.Equal(eight) {
		t.Fatalf("at 03:00: notify %v, held %v, next check %v; want none, one, 08:00", d.Notify, d.Held, d.NextCheck)
	}
	h := d.Held[0]
	if !h.Due.Equal(midnight.Add(2*time.Hour)) || !h.At.Equal(eight) || !h.Held {
		t.Errorf("held %+v, want due 02:00, at 08:00, held", h)
	}
	if s := d.Trace[len(d.Trace)-1]; s.Kind != escalation.StepHeld || !s.Until.Equal(eight) {
		t.Errorf("last step %v, want the hold until 08:00", s)
	}
	// A nanosecond before 08:00 nothing; at 08:00 it is sent, reported held.
	if d, _ := e.Decide(is, nil, eight.Add(-1)); len(d.Notify) != 0 {
		t.Errorf("at 07:59:59.999999999: notify %v", d.Notify)
	}
	d, err = e.Decide(is, nil, eight)
	if err != nil {
		t.Fatal(err)
	}
	want := []fired{{At: eight, Level: "on call", Recipients: []escalation.Person{"olga"}, Held: true}}
	got := []fired{}
	for _, n := range d.Notify {
		got = append(got, fired{At: n.At, Level: n.LevelName, Recipients: n.Recipients, Held: n.Held})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("at 08:00 (-want +got):\n%s", diff)
	}
	// Due at 19:59 inside the allowed hours: not held.
	d, err = e.Decide(escalation.Issue{Timeline: sla.Timeline{Ticket: "N-2", Account: "acme", Events: []sla.Event{
		{At: midnight.Add(17*time.Hour + 59*time.Minute), Kind: sla.EventOpened, Priority: sla.PriorityHigh},
	}}, Policy: "night", Owner: "amy"}, nil, midnight.Add(20*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Notify) != 1 || d.Notify[0].Held {
		t.Errorf("due at 19:59: notify %+v, want one, not held", d.Notify)
	}
}

func TestScenarioRepeatIssues(t *testing.T) {
	p := escalation.Policy{Name: "repeats", Version: 1, Levels: []escalation.Level{
		{Name: "service manager", Kind: escalation.LevelHierarchical, Role: escalation.RoleServiceManager,
			Triggers: []escalation.Trigger{{Kind: escalation.TriggerRepeats, Count: 3, Window: 7 * 24 * time.Hour, SameCategory: true}}},
	}}
	e := newEngine(t, p)
	issue := func(recent ...escalation.Recent) escalation.Issue {
		return escalation.Issue{Timeline: sla.Timeline{Ticket: "R-3", Account: "acme", Category: "billing", Events: []sla.Event{
			{At: mon, Kind: sla.EventOpened, Priority: sla.PriorityNormal},
		}}, Policy: "repeats", Owner: "amy", Recent: recent}
	}
	day := 24 * time.Hour
	tests := []struct {
		name   string
		recent []escalation.Recent
		now    time.Time
		due    time.Time // zero: nothing due
	}{
		{"third in a week", []escalation.Recent{{"R-1", mon.Add(-6 * day), "billing"}, {"R-2", mon.Add(-day), "billing"}}, mon, mon},
		{"window is inclusive", []escalation.Recent{{"R-1", mon.Add(-7 * day), "billing"}, {"R-2", mon.Add(-day), "billing"}}, mon, mon},
		{"one too old", []escalation.Recent{{"R-1", mon.Add(-7*day - 1), "billing"}, {"R-2", mon.Add(-day), "billing"}}, mon, time.Time{}},
		{"another category", []escalation.Recent{{"R-1", mon.Add(-6 * day), "billing"}, {"R-2", mon.Add(-day), "outage"}}, mon, time.Time{}},
		{"a later issue completes it", []escalation.Recent{{"R-1", mon.Add(-4 * day), "billing"}, {"R-4", mon.Add(2 * day), "billing"}}, mon.Add(3 * day), mon.Add(2 * day)},
		{"a later issue not yet opened", []escalation.Recent{{"R-1", mon.Add(-4 * day), "billing"}, {"R-4", mon.Add(2 * day), "billing"}}, mon.Add(day), time.Time{}},
		{"a cluster without this one", []escalation.Recent{{"R-1", mon.Add(-9 * day), "billing"}, {"R-2", mon.Add(-8 * day), "billing"}, {"R-0", mon.Add(-10 * day), "billing"}}, mon, time.Time{}},
		// Issues opened at the same instant as this one: the cluster may
		// start and end at it, and the scan past them must stop at the end.
		{"all at once", []escalation.Recent{{"R-1", mon, "billing"}, {"R-2", mon, "billing"}}, mon, mon},
		{"all at once, and more before", []escalation.Recent{{"R-0", mon.Add(-8 * day), "billing"}, {"R-1", mon, "billing"}, {"R-2", mon, "billing"}, {"R-4", mon, "billing"}}, mon, mon},
		{"two at once, the third later", []escalation.Recent{{"R-1", mon, "billing"}, {"R-4", mon.Add(2 * day), "billing"}}, mon.Add(3 * day), mon.Add(2 * day)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := e.Decide(issue(tt.recent...), nil, tt.now)
			if err != nil {
				t.Fatal(err)
			}
			if tt.due.IsZero() {
				if len(d.Notify) != 0 || !d.NextCheck.IsZero() {
					t.Errorf("notify %v, next check %v; want nothing, ever", d.Notify, d.NextCheck)
				}
				if s := d.Trace[len(d.Trace)-1]; s.Kind != escalation.StepWaiting {
					t.Errorf("last step %v, want waiting", s)
				}
				return
			}
			if len(d.Notify) != 1 || !d.Notify[0].Due.Equal(tt.due) || d.Notify[0].Trigger != escalation.TriggerRepeats {
				t.Fatalf("notify %+v, want one due at %v by repeats", d.Notify, tt.due)
			}
			if got, want := d.Notify[0].Recipients, []escalation.Person{"sam"}; !cmp.Equal(got, want) {
				t.Errorf("recipients %v, want %v", got, want)
			}
		})
	}
	// Without SameCategory the other category counts.
	p.Levels[0].Triggers[0].SameCategory = false
	d, err := newEngine(t, p).Decide(issue(tests[3].recent...), nil, mon)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Notify) != 1 {
		t.Errorf("any category: notify %v, want one", d.Notify)
	}
}
