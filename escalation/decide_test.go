package escalation_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/sla"
)

// simple is a policy of two levels an hour of wall time apart, the first
// repeated every 30 minutes twice.
func simple() escalation.Policy {
	return escalation.Policy{Name: "simple", Version: 1, Levels: []escalation.Level{
		{Name: "am", Kind: escalation.LevelHierarchical, Role: escalation.RoleAccountManager,
			Triggers: []escalation.Trigger{{Kind: escalation.TriggerOpened, After: time.Hour}},
			Repeat:   escalation.Repeat{Every: 30 * time.Minute, Times: 2}},
		{Name: "sponsor", Kind: escalation.LevelHierarchical, Role: escalation.RoleExecutiveSponsor,
			Triggers: []escalation.Trigger{{Kind: escalation.TriggerPrevious, After: time.Hour}}},
	}}
}

func simpleIssue(events ...sla.Event) escalation.Issue {
	evs := append([]sla.Event{{At: mon, Kind: sla.EventOpened, Priority: sla.PriorityHigh}}, events...)
	return escalation.Issue{Timeline: sla.Timeline{Ticket: "S-1", Account: "acme", Events: evs}, Policy: "simple", Owner: "amy"}
}

func TestDecideIssueErrors(t *testing.T) {
	e := newEngine(t, simple())
	rec := func(level string, repeat int) escalation.Record {
		return escalation.Record{Key: escalation.Key("S-1", level, repeat), Issue: "S-1", LevelName: level, Repeat: repeat, At: mon.Add(time.Hour), Due: mon.Add(time.Hour)}
	}
	tests := []struct {
		name   string
		change func(*escalation.Issue, *[]escalation.Record, *time.Time)
		record string
		field  string
		is     error // a sentinel the error must wrap besides ErrInvalid
	}{
		{"zero now", func(_ *escalation.Issue, _ *[]escalation.Record, now *time.Time) { *now = time.Time{} }, "Argument", "now", nil},
		{"now before open", func(_ *escalation.Issue, _ *[]escalation.Record, now *time.Time) { *now = mon.Add(-1) }, "Argument", "now", nil},
		{"no owner", func(is *escalation.Issue, _ *[]escalation.Record, _ *time.Time) { is.Owner = "" }, "Issue", "Owner", nil},
		{"unknown policy", func(is *escalation.Issue, _ *[]escalation.Record, _ *time.Time) { is.Policy = "other" }, "Issue", "Policy", nil},
		{"fact without time", func(is *escalation.Issue, _ *[]escalation.Record, _ *time.Time) {
			is.Facts = []escalation.Fact{{Kind: escalation.FactRequested}}
		}, "Issue", "Facts[0].At", nil},
		{"fact before open", func(is *escalation.Issue, _ *[]escalation.Record, _ *time.Time) {
			is.Facts = []escalation.Fact{{At: mon.Add(-1), Kind: escalation.FactRequested}}
		}, "Issue", "Facts[0].At", escalation.ErrFactOrder},
		{"facts out of order", func(is *escalation.Issue, _ *[]escalation.Record, _ *time.Time) {
			is.Facts = []escalation.Fact{{At: mon.Add(2), Kind: escalation.FactRequested}, {At: mon.Add(1), Kind: escalation.FactRequested}}
		}, "Issue", "Facts[1].At", escalation.ErrFactOrder},
		{"fact kind 0", func(is *escalation.Issue, _ *[]escalation.Record, _ *time.Time) {
			is.Facts = []escalation.Fact{{At: mon}}
		}, "Issue", "Facts[0].Kind", nil},
		{"acknowledging no level", func(is *escalation.Issue, _ *[]escalation.Record, _ *time.Time) {
			is.Facts = []escalation.Fact{{At: mon, Kind: escalation.FactAcknowledged, Level: "ceo"}}
		}, "Issue", "Facts[0].Level", nil},
		{"request with a level", func(is *escalation.Issue, _ *[]escalation.Record, _ *time.Time) {
			is.Facts = []escalation.Fact{{At: mon, Kind: escalation.FactRequested, Level: "am"}}
		}, "Issue", "Facts[0].Level", nil},
		{"request with a person", func(is *escalation.Issue, _ *[]escalation.Record, _ *time.Time) {
			is.Facts = []escalation.Fact{{At: mon, Kind: escalation.FactRequested, Person: "amy"}}
		}, "Issue", "Facts[0].Person", nil},
		{"acknowledging no level, later than now", func(is *escalation.Issue, _ *[]escalation.Record, now *time.Time) {
			is.Facts = []escalation.Fact{{At: now.Add(time.Hour), Kind: escalation.FactAcknowledged, Level: "ceo"}}
		}, "Issue", "Facts[0].Level", nil},
		{"reassigned to nobody", func(is *escalation.Issue, _ *[]escalation.Record, _ *time.Time) {
			is.Facts = []escalation.Fact{{At: mon, Kind: escalation.FactReassigned}}
		}, "Issue", "Facts[0].Person", nil},
		{"reassignment with a level", func(is *escalation.Issue, _ *[]escalation.Record, _ *time.Time) {
			is.Facts = []escalation.Fact{{At: mon, Kind: escalation.FactReassigned, Person: "bob", Level: "am"}}
		}, "Issue", "Facts[0].Level", nil},
		{"recent without ticket", func(is *escalation.Issue, _ *[]escalation.Record, _ *time.Time) {
			is.Recent = []escalation.Recent{{At: mon}}
		}, "Issue", "Recent[0].Issue", nil},
		{"recent is itself", func(is *escalation.Issue, _ *[]escalation.Record, _ *time.Time) {
			is.Recent = []escalation.Recent{{Issue: "S-1", At: mon}}
		}, "Issue", "Recent[0].Issue", nil},
		{"recent without time", func(is *escalation.Issue, _ *[]escalation.Record, _ *time.Time) {
			is.Recent = []escalation.Recent{{Issue: "S-0"}}
		}, "Issue", "Recent[0].At", nil},
		{"record of another issue", func(_ *escalation.Issue, recs *[]escalation.Record, _ *time.Time) {
			r := rec("am", 0)
			r.Issue = "S-2"
			*recs = append(*recs, r)
		}, "Argument", "fired[0].Issue", nil},
		{"record with a bad key", func(_ *escalation.Issue, recs *[]escalation.Record, _ *time.Time) {
			r := rec("am", 0)
			r.Key = escalation.Key("S-1", "am", 1)
			*recs = append(*recs, r)
		}, "Argument", "fired[0].Key", nil},
		{"record repeat -1", func(_ *escalation.Issue, recs *[]escalation.Record, _ *time.Time) {
			*recs = append(*recs, rec("am", -1))
		}, "Argument", "fired[0].Repeat", nil},
		{"record without time", func(_ *escalation.Issue, recs *[]escalation.Record, _ *time.Time) {
			r := rec("am", 0)
			r.At = time.Time{}
			*recs = append(*recs, r)
		}, "Argument", "fired[0].At", nil},
		{"record sent before due", func(_ *escalation.Issue, recs *[]escalation.Record, _ *time.Time) {
			r := rec("am", 0)
			r.At = r.Due.Add(-1)
			*recs = append(*recs, r)
		}, "Argument", "fired[0].At", nil},
		{"record twice", func(_ *escalation.Issue, recs *[]escalation.Record, _ *time.Time) {
			*recs = append(*recs, rec("am", 0), rec("am", 0))
		}, "Argument", "fired[1]", nil},
		{"record twice, apart", func(_ *escalation.Issue, recs *[]escalation.Record, _ *time.Time) {
			*recs = append(*recs, rec("am", 0), rec("am", 1), rec("sponsor", 0), rec("am", 0))
		}, "Argument", "fired[3]", nil},
		{"record twice, apart, repeats first", func(_ *escalation.Issue, recs *[]escalation.Record, _ *time.Time) {
			*recs = append(*recs, rec("am", 2), rec("am", 1), rec("am", 0), rec("am", 1))
		}, "Argument", "fired[3]", nil},
		{"record twice, among many", func(_ *escalation.Issue, recs *[]escalation.Record, _ *time.Time) {
			// 16 records: more than 12, so that the sort is not only an
			// insertion sort, which keeps ties in order whatever it is told
			// of them; in this order pdqsort's partitions swap the two
			// sponsor 9s unless the index breaks the tie.
			for _, lr := range []struct {
				sponsor bool
				repeat  int
			}{{false, 10}, {false, 7}, {false, 9}, {true, 12}, {false, 15}, {true, 1}, {true, 9}, {true, 9},
				{true, 3}, {false, 14}, {false, 2}, {true, 4}, {true, 8}, {true, 13}, {false, 1}, {true, 11}} {
				level := "am"
				if lr.sponsor {
					level = "sponsor"
				}
				*recs = append(*recs, rec(level, lr.repeat))
			}
		}, "Argument", "fired[7]", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			is, now := simpleIssue(), mon.Add(2*time.Hour)
			var recs []escalation.Record
			tt.change(&is, &recs, &now)
			_, err := e.Decide(is, recs, now)
			var fe *account.FieldError
			if !errors.As(err, &fe) || fe.Record != tt.record || fe.Field != tt.field {
				t.Fatalf("got %v, want a FieldError on %s %s", err, tt.record, tt.field)
			}
			if !errors.Is(err, escalation.ErrInvalid) || (tt.is != nil && !errors.Is(err, tt.is)) {
				t.Errorf("%v does not wrap ErrInvalid and %v", err, tt.is)
			}
			if strings.HasPrefix(tt.name, "record twice") && !strings.Contains(fe.Reason, "repeats fired[") {
				t.Errorf("reason %q", fe.Reason)
			}
			if want := map[string]string{"record twice, apart": "repeats fired[0]", "record twice, among many": "repeats fired[6]"}[tt.name]; want != "" && fe.Reason != want {
				t.Errorf("reason %q, want %s", fe.Reason, want)
			}
			if tt.field == "Facts[1].At" && !strings.Contains(fe.Reason, "before Facts[0] at") {
				t.Errorf("reason %q does not name the fact before", fe.Reason)
			}
		})
	}
}

func TestDecideTimelineErrors(t *testing.T) {
	e := newEngine(t, simple())
	is := simpleIssue(sla.Event{At: mon.Add(2 * time.Hour), Kind: sla.EventAgentReply}, sla.Event{At: mon.Add(time.Hour), Kind: sla.EventAgentReply})
	_, err := e.Decide(is, nil, mon.Add(3*time.Hour))
	var ee *sla.EventError
	if !errors.As(err, &ee) || ee.Index != 2 || !errors.Is(err, sla.ErrOutOfOrder) || !errors.Is(err, escalation.ErrInvalid) {
		t.Errorf("events out of order: %v", err)
	}
}

func TestDecideSLAErrors(t *testing.T) {
	p := simple()
	p.SLA = "std"
	p.Levels[1].Triggers = append(p.Levels[1].Triggers, escalation.Trigger{Kind: escalation.TriggerBreached, Metric: sla.MetricResolution})
	e := newEngine(t, p)
	ev := slaEvaluator(t)
	is := simpleIssue(sla.Event{At: mon.Add(time.Hour), Kind: sla.EventAgentReply})
	now := mon.Add(2 * time.Hour)
	at := func(u time.Time) sla.Result {
		r, err := ev.Evaluate(is.Timeline, u)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	tests := []struct {
		name  string
		res   sla.Result
		field string
	}{
		{"missing", sla.Result{}, "SLA"},
		{"another ticket", func() sla.Result { r := at(now); r.Ticket = "X"; return r }(), "SLA.Ticket"},
		{"after now", at(now.Add(1)), "SLA.At"},
		{"before the last event", at(mon.Add(30 * time.Minute)), "SLA.At"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			is.SLA = tt.res
			_, err := e.Decide(is, nil, now)
			var fe *account.FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field || !errors.Is(err, escalation.ErrInvalid) {
				t.Fatalf("got %v, want a FieldError on %s", err, tt.field)
			}
		})
	}
	// At the last event, and at now, it is current.
	for _, u := range []time.Time{mon.Add(time.Hour), now} {
		is.SLA = at(u)
		if _, err := e.Decide(is, nil, now); err != nil {
			t.Errorf("SLA evaluated at %v: %v", u, err)
		}
	}
}

// decideAt decides is at each instant, recording what is due, and returns
// the keys notified, in order, and the last decision.
func decideAt(t *testing.T, e *escalation.Engine, is escalation.Issue, at ...time.Time) ([]string, escalation.Decision) {
	t.Helper()
	var recs []escalation.Record
	var keys []string
	var d escalation.Decision
	for _, now := range at {
		var err error
		if d, err = e.Decide(is, recs, now); err != nil {
			t.Fatal(err)
		}
		for _, n := range d.Notify {
			keys = append(keys, n.LevelName+"#"+itoa(n.Repeat))
			recs = append(recs, n.Record())
		}
	}
	return keys, d
}

func TestDecideStops(t *testing.T) {
	e := newEngine(t, simple())
	ticks := every(mon, mon.Add(6*time.Hour), 10*time.Minute)
	t.Run("runs its course", func(t *testing.T) {
		keys, d := decideAt(t, e, simpleIssue(), ticks...)
		want := []string{"am#0", "am#1", "am#2", "sponsor#0"}
		if diff := cmp.Diff(want, keys); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if d.Level != 2 || !d.NextCheck.IsZero() || d.Trace[len(d.Trace)-1].Kind != escalation.StepDone {
			t.Errorf("level %d, next check %v, trace %v", d.Level, d.NextCheck, d.Trace)
		}
	})
	t.Run("acknowledgement stops the level's repeats", func(t *testing.T) {
		is := simpleIssue()
		is.Facts = []escalation.Fact{{At: mon.Add(80 * time.Minute), Kind: escalation.FactAcknowledged, Level: "am", Person: "amy"}}
		keys, _ := decideAt(t, e, is, ticks...)
		if diff := cmp.Diff([]string{"am#0", "sponsor#0"}, keys); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("acknowledged before due: the level is passed", func(t *testing.T) {
		is := simpleIssue()
		is.Facts = []escalation.Fact{{At: mon.Add(time.Minute), Kind: escalation.FactAcknowledged, Level: "am"}}
		keys, _ := decideAt(t, e, is, ticks...)
		if diff := cmp.Diff([]string{"sponsor#0"}, keys); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("resolution stops everything and de-escalates", func(t *testing.T) {
		is := simpleIssue(sla.Event{At: mon.Add(95 * time.Minute), Kind: sla.EventSolved})
		keys, d := decideAt(t, e, is, ticks...)
		if diff := cmp.Diff([]string{"am#0", "am#1"}, keys); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if !d.Resolved || d.Level != 0 || !d.NextCheck.IsZero() || len(d.Participants) != 1 {
			t.Errorf("resolved %v, level %d, next %v, participants %v; want true, 0, zero, [amy]", d.Resolved, d.Level, d.NextCheck, d.Participants)
		}
		if s := d.Trace[len(d.Trace)-1]; s.Kind != escalation.StepResolved || !strings.Contains(s.Reason, "de-escalated from level 1") {
			t.Errorf("last step %v", s)
		}
	})
	t.Run("resolved before any level", func(t *testing.T) {
		is := simpleIssue(sla.Event{At: mon.Add(30 * time.Minute), Kind: sla.EventSolved})
		d, err := e.Decide(is, nil, mon.Add(2*time.Hour))
		if err != nil || !d.Resolved || d.Participants != nil || len(d.Trace) != 1 {
			t.Fatalf("%+v, %v", d, err)
		}
		if got, want := d.Trace[0].Reason, "nothing more is due; de-escalated"; got != want {
			t.Errorf("reason %q, want %q", got, want)
		}
	})
	t.Run("reopening resumes", func(t *testing.T) {
		is := simpleIssue(sla.Event{At: mon.Add(95 * time.Minute), Kind: sla.EventSolved},
			sla.Event{At: mon.Add(4 * time.Hour), Kind: sla.EventReopened})
		keys, _ := decideAt(t, e, is, ticks...)
		// am#2 fell due at 11:00, while the issue was solved: it is sent at
		// the reopening, 13:00, and the sponsor an hour later.
		if diff := cmp.Diff([]string{"am#0", "am#1", "am#2", "sponsor#0"}, keys); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("reassignment changes the owner, not by escalation", func(t *testing.T) {
		is := simpleIssue()
		is.Facts = []escalation.Fact{{At: mon.Add(70 * time.Minute), Kind: escalation.FactReassigned, Person: "bob"}}
		var recs []escalation.Record
		var got [][]escalation.Person
		var d escalation.Decision
		for _, now := range ticks {
			d, _ = e.Decide(is, recs, now)
			for _, n := range d.Notify {
				got = append(got, n.Recipients)
				recs = append(recs, n.Record())
			}
		}
		want := [][]escalation.Person{{"amy"}, {"bob"}, {"bob"}, {"eve"}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("recipients (-want +got):\n%s", diff)
		}
		if d.Owner != "bob" || !hasStep(d.Trace, escalation.StepReassigned) {
			t.Errorf("owner %q, trace %v", d.Owner, d.Trace)
		}
	})
}

func hasStep(tr escalation.Trace, k escalation.StepKind) bool {
	for _, s := range tr {
		if s.Kind == k {
			return true
		}
	}
	return false
}

func TestDecideSkipsNobody(t *testing.T) {
	e := newEngine(t, simple())
	is := simpleIssue()
	is.Timeline.Account = "initech" // no sponsor
	now := mon.Add(3 * time.Hour)
	keys, d := decideAt(t, e, is, mon.Add(time.Hour), now)
	if diff := cmp.Diff([]string{"am#0", "am#1", "am#2"}, keys); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	want := []escalation.Skip{{Level: 2, LevelName: "sponsor", At: mon.Add(2 * time.Hour),
		Reason: `role executive-sponsor resolves to nobody for account "initech"`}}
	if diff := cmp.Diff(want, d.Skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	// Before its turn the skip is not reported.
	if d, _ := e.Decide(is, nil, mon.Add(time.Hour)); len(d.Skipped) != 0 {
		t.Errorf("skipped early: %v", d.Skipped)
	}
}

func TestDecideRequestAndPriority(t *testing.T) {
	p := escalation.Policy{Name: "simple", Version: 1, Levels: []escalation.Level{
		{Name: "tl", Kind: escalation.LevelHierarchical, Role: escalation.RoleTeamLeader, Triggers: []escalation.Trigger{
			{Kind: escalation.TriggerRequested}, {Kind: escalation.TriggerPriority, Priority: sla.PriorityUrgent}}},
	}}
	e := newEngine(t, p)
	is := simpleIssue(sla.Event{At: mon.Add(3 * time.Hour), Kind: sla.EventPriorityChanged, Priority: sla.PriorityUrgent})
	d, _ := e.Decide(is, nil, mon.Add(time.Hour))
	if len(d.Notify) != 0 || !d.NextCheck.IsZero() || d.Trace[0].Kind != escalation.StepWaiting {
		t.Fatalf("nothing asked yet: %+v", d)
	}
	is.Facts = []escalation.Fact{{At: mon.Add(2 * time.Hour), Kind: escalation.FactRequested}}
	d, _ = e.Decide(is, nil, mon.Add(2*time.Hour))
	if len(d.Notify) != 1 || d.Notify[0].Trigger != escalation.TriggerRequested {
		t.Fatalf("request: %+v", d.Notify)
	}
	is.Facts = nil
	d, _ = e.Decide(is, nil, mon.Add(3*time.Hour))
	if len(d.Notify) != 1 || d.Notify[0].Trigger != escalation.TriggerPriority || !d.Notify[0].Due.Equal(mon.Add(3*time.Hour)) {
		t.Fatalf("priority: %+v", d.Notify)
	}
}

func TestDecideVersions(t *testing.T) {
	v1 := simple()
	v2 := simple()
	v2.Version, v2.Effective = 2, mon.Add(30*time.Minute)
	v2.Levels[0].Triggers[0].After = 2 * time.Hour
	e := newEngine(t, v1, v2)
	is := simpleIssue()
	d, err := e.Decide(is, nil, mon.Add(time.Hour))
	if err != nil || d.Version != 1 || len(d.Notify) != 1 {
		t.Fatalf("opened under version 1: version %d, notify %v, %v", d.Version, d.Notify, err)
	}
	is.PolicyAt = mon.Add(time.Hour)
	d, err = e.Decide(is, nil, mon.Add(time.Hour))
	if err != nil || d.Version != 2 || len(d.Notify) != 0 || !d.NextCheck.Equal(mon.Add(2*time.Hour)) {
		t.Fatalf("re-evaluated under version 2: version %d, notify %v, next %v, %v", d.Version, d.Notify, d.NextCheck, err)
	}
	// A record made under version 1 counts under version 2: same level name.
	r := escalation.Record{Key: escalation.Key("S-1", "am", 0), Issue: "S-1", LevelName: "am", Due: mon.Add(time.Hour), At: mon.Add(time.Hour)}
	d, _ = e.Decide(is, []escalation.Record{r}, mon.Add(90*time.Minute))
	if len(d.Notify) != 1 || d.Notify[0].Key != escalation.Key("S-1", "am", 1) || d.Level != 1 {
		t.Errorf("record from version 1: notify %v, level %d; want only am's first repeat", d.Notify, d.Level)
	}
	// A record of a level version 2 lacks is ignored, but its people took part.
	r = escalation.Record{Key: escalation.Key("S-1", "old", 0), Issue: "S-1", LevelName: "old", Recipients: []escalation.Person{"olga"}, Due: mon, At: mon}
	d, _ = e.Decide(is, []escalation.Record{r}, mon.Add(time.Hour))
	if !cmp.Equal(d.Participants, []escalation.Person{"olga"}) || d.Trace[0].Kind != escalation.StepIgnored {
		t.Errorf("record of an unknown level: participants %v, trace %v", d.Participants, d.Trace)
	}
	// Before any version is in force there is no policy.
	only2 := newEngine(t, func() escalation.Policy { p := v2; p.Version = 1; return p }())
	if _, err := only2.Decide(simpleIssue(), nil, mon.Add(time.Hour)); err == nil {
		t.Errorf("no version in force: no error")
	}
}

func TestKey(t *testing.T) {
	if a, b := escalation.Key("a/1:b", "c", 0), escalation.Key("a", "1:b/c", 0); a == b {
		t.Errorf("keys meet: %q", a)
	}
	if got, want := escalation.Key("T-1", "team leader", 2), "3:T-1/11:team leader/2"; got != want {
		t.Errorf("Key = %q, want %q", got, want)
	}
}

func TestDecideAllSameAsOne(t *testing.T) {
	e, issues, fired, now := benchIssues(t, 3000)
	for _, workers := range []int{1, 2, 3} {
		i := 0
		for d, err := range e.DecideAll(issues, fired, now, workers) {
			one, err1 := e.Decide(issues[i], fired[i], now)
			if err != nil || err1 != nil || !cmp.Equal(d, one) {
				t.Fatalf("workers %d, issue %d: batch and one differ: %v %v\n%s", workers, i, err, err1, cmp.Diff(one, d))
			}
			i++
		}
		if i != len(issues) {
			t.Fatalf("workers %d: %d decisions for %d issues", workers, i, len(issues))
		}
	}
	var zero escalation.Engine
	for _, err := range zero.DecideAll(issues[:2], nil, now, 1) {
		if err == nil {
			t.Fatal("zero Engine: no error")
		}
	}
}

// DecideAll takes fired shorter than issues (the rest have no records),
// yields each issue's own error in its place, and stops when asked.
func TestDecideAllErrorsAndShortFired(t *testing.T) {
	e, issues, fired, now := benchIssues(t, 1500)
	issues[700].Owner = ""  // an error in a chunk decided by a worker
	issues[1400].Owner = "" // and in another
	short := fired[:600]
	for _, workers := range []int{1, 2} {
		i := 0
		for d, err := range e.DecideAll(issues, short, now, workers) {
			var recs []escalation.Record
			if i < len(short) {
				recs = short[i]
			}
			one, err1 := e.Decide(issues[i], recs, now)
			if (err == nil) != (err1 == nil) || !cmp.Equal(d, one) {
				t.Fatalf("workers %d, issue %d: batch %v, one %v", workers, i, err, err1)
			}
			if (i == 700 || i == 1400) != (err != nil) {
				t.Fatalf("workers %d, issue %d: error %v", workers, i, err)
			}
			i++
		}
		if i != len(issues) {
			t.Fatalf("workers %d: %d decisions", workers, i)
		}
		n := 0
		for range e.DecideAll(issues, short, now, workers) {
			if n++; n == 600 {
				break
			}
		}
	}
}

// Events at one instant are taken in canonical order, whatever the order
// given; a closed issue is resolved as a solved one is.
func TestDecideSameInstantAndClosed(t *testing.T) {
	p := escalation.Policy{Name: "simple", Version: 1, Levels: []escalation.Level{
		{Name: "tl", Kind: escalation.LevelHierarchical, Role: escalation.RoleTeamLeader, Triggers: []escalation.Trigger{
			{Kind: escalation.TriggerPriority, Priority: sla.PriorityUrgent}}},
	}}
	e := newEngine(t, p)
	t1 := mon.Add(time.Hour)
	is := simpleIssue(sla.Event{At: t1, Kind: sla.EventAgentReply}, sla.Event{At: t1, Kind: sla.EventInternalNote},
		sla.Event{At: t1, Kind: sla.EventPriorityChanged, Priority: sla.PriorityUrgent})
	d, err := e.Decide(is, nil, t1)
	if err != nil || len(d.Notify) != 1 || !d.Notify[0].Due.Equal(t1) {
		t.Fatalf("priority raised at %v among other events: %+v, %v", t1, d.Notify, err)
	}
	closed := simpleIssue(sla.Event{At: t1, Kind: sla.EventClosed})
	d, err = newEngine(t, simple()).Decide(closed, nil, mon.Add(3*time.Hour))
	if err != nil || !d.Resolved || len(d.Notify) != 0 || !d.NextCheck.IsZero() {
		t.Fatalf("closed: resolved %v, notify %v, next %v, %v", d.Resolved, d.Notify, d.NextCheck, err)
	}
}

// A record's key must be exactly Key(Issue, LevelName, Repeat): every
// prefix and extension of the right key is refused, without a panic.
func TestDecideRecordKeys(t *testing.T) {
	e := newEngine(t, simple())
	is := simpleIssue()
	right := escalation.Key("S-1", "am", 0)
	keys := []string{right + "0", right + "/", "x" + right, "4:S-1/2:am/0", "3:S-1/3:am/0", "3:S-1:2:am/0", "3:S-1/2:am:0"}
	for i := range len(right) {
		keys = append(keys, right[:i])
	}
	for _, k := range keys {
		r := escalation.Record{Key: k, Issue: "S-1", LevelName: "am", Due: mon.Add(time.Hour), At: mon.Add(time.Hour)}
		_, err := e.Decide(is, []escalation.Record{r}, mon.Add(2*time.Hour))
		var fe *account.FieldError
		if !errors.As(err, &fe) || fe.Field != "fired[0].Key" {
			t.Errorf("key %q: %v", k, err)
		}
	}
	r := escalation.Record{Key: right, Issue: "S-1", LevelName: "am", Due: mon.Add(time.Hour), At: mon.Add(time.Hour)}
	if _, err := e.Decide(is, []escalation.Record{r}, mon.Add(2*time.Hour)); err != nil {
		t.Errorf("the right key: %v", err)
	}
}

// A priority trigger at the lowest priority holds from the opening.
func TestDecidePriorityLow(t *testing.T) {
	p := escalation.Policy{Name: "simple", Version: 1, Levels: []escalation.Level{
		{Name: "tl", Kind: escalation.LevelHierarchical, Role: escalation.RoleTeamLeader, Triggers: []escalation.Trigger{
			{Kind: escalation.TriggerPriority, Priority: sla.PriorityLow}}},
	}}
	is := simpleIssue()
	is.Timeline.Events[0].Priority = sla.PriorityLow
	d, err := newEngine(t, p).Decide(is, nil, mon)
	if err != nil || len(d.Notify) != 1 || !d.Notify[0].Due.Equal(mon) {
		t.Fatalf("notify %+v, %v; want one at the opening", d.Notify, err)
	}
}
