package escalation_test

import (
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/sla"
)

var propPriorities = []sla.Priority{sla.PriorityUrgent, sla.PriorityHigh, sla.PriorityNormal, sla.PriorityLow}

// drawTrigger draws a trigger of any kind but repeats, with values in
// range.
func drawTrigger(t *rapid.T) escalation.Trigger {
	kind := rapid.SampledFrom([]escalation.TriggerKind{escalation.TriggerOpened, escalation.TriggerPrevious,
		escalation.TriggerConsumed, escalation.TriggerBreached, escalation.TriggerRequested, escalation.TriggerPriority}).Draw(t, "trigger")
	tr := escalation.Trigger{Kind: kind}
	switch kind {
	case escalation.TriggerOpened, escalation.TriggerPrevious, escalation.TriggerBreached:
		tr.After = time.Duration(rapid.IntRange(0, 12*60).Draw(t, "after")) * time.Minute
		if rapid.Bool().Draw(t, "business") {
			tr.Calendar = office()
		}
	}
	switch kind {
	case escalation.TriggerConsumed, escalation.TriggerBreached:
		tr.Metric = rapid.SampledFrom([]sla.Metric{sla.MetricFirstResponse, sla.MetricResolution}).Draw(t, "metric")
	}
	if kind == escalation.TriggerConsumed {
		tr.Share = sla.Percent(rapid.IntRange(1, 100).Draw(t, "share")) * sla.OnePercent
	}
	if kind == escalation.TriggerPriority {
		tr.Priority = rapid.SampledFrom(propPriorities).Draw(t, "at or above")
	}
	return tr
}

// drawPolicy draws a valid policy of one to four levels, some of which
// may resolve to nobody, with repeats and quiet hours.
func drawPolicy(t *rapid.T) escalation.Policy {
	p := escalation.Policy{Name: "prop", Version: 1, SLA: "std"}
	if rapid.Bool().Draw(t, "quiet") {
		p.QuietHours = quiet()
	}
	n := rapid.IntRange(1, 4).Draw(t, "levels")
	for i := range n {
		l := escalation.Level{Name: "L" + itoa(i+1), Kind: rapid.SampledFrom([]escalation.LevelKind{escalation.LevelFunctional, escalation.LevelHierarchical}).Draw(t, "kind")}
		switch rapid.IntRange(0, 2).Draw(t, "who") {
		case 0:
			l.Role = escalation.Role(rapid.IntRange(1, 5).Draw(t, "role"))
		case 1:
			l.Team = rapid.SampledFrom([]string{"network", "empty"}).Draw(t, "team")
		default:
			l.People = []escalation.Person{"pat"}
		}
		for range rapid.IntRange(1, 2).Draw(t, "triggers") {
			l.Triggers = append(l.Triggers, drawTrigger(t))
		}
		if times := rapid.IntRange(0, 3).Draw(t, "repeat"); times > 0 {
			l.Repeat = escalation.Repeat{Every: time.Duration(rapid.IntRange(30, 600).Draw(t, "every")) * time.Minute, Times: times}
		}
		p.Levels = append(p.Levels, l)
	}
	return p
}

// drawIssue draws an issue of the policy: a timeline with replies,
// pauses, priority changes, solutions and reopenings, and facts
// (acknowledgements, requests, a reassignment), over about a week.
func drawIssue(t *rapid.T, p escalation.Policy) escalation.Issue {
	opened := mon.Add(time.Duration(rapid.IntRange(0, 7*24*4).Draw(t, "opened")) * 15 * time.Minute)
	tl := sla.Timeline{Ticket: "T", Account: account.ID(rapid.SampledFrom([]string{"acme", "initech"}).Draw(t, "account")), Tier: 1,
		Events: []sla.Event{{At: opened, Kind: sla.EventOpened, Priority: rapid.SampledFrom(propPriorities).Draw(t, "priority")}}}
	at, solved, pending := opened, false, false
	for range rapid.IntRange(0, 6).Draw(t, "events") {
		at = at.Add(time.Duration(rapid.IntRange(1, 24*60).Draw(t, "gap")) * time.Minute)
		var kinds []sla.EventKind
		if solved {
			kinds = []sla.EventKind{sla.EventReopened}
		} else {
			kinds = []sla.EventKind{sla.EventAgentReply, sla.EventCustomerMessage, sla.EventPriorityChanged, sla.EventStatusChanged, sla.EventSolved}
		}
		ev := sla.Event{At: at, Kind: rapid.SampledFrom(kinds).Draw(t, "event")}
		switch ev.Kind {
		case sla.EventPriorityChanged:
			ev.Priority = rapid.SampledFrom(propPriorities).Draw(t, "new priority")
		case sla.EventStatusChanged:
			pending = !pending
			ev.Status = sla.StatusOpen
			if pending {
				ev.Status = sla.StatusPending
			}
		case sla.EventSolved:
			solved, pending = true, false
		case sla.EventReopened:
			solved = false
		}
		tl.Events = append(tl.Events, ev)
	}
	is := escalation.Issue{Timeline: tl, Policy: p.Name, Owner: "amy"}
	at = opened
	for range rapid.IntRange(0, 3).Draw(t, "facts") {
		at = at.Add(time.Duration(rapid.IntRange(0, 36*60).Draw(t, "fact gap")) * time.Minute)
		f := escalation.Fact{At: at, Kind: rapid.SampledFrom([]escalation.FactKind{escalation.FactAcknowledged, escalation.FactRequested, escalation.FactReassigned}).Draw(t, "fact")}
		switch f.Kind {
		case escalation.FactAcknowledged:
			f.Level = rapid.SampledFrom(p.Levels).Draw(t, "acknowledged").Name
		case escalation.FactReassigned:
			f.Person = "bob"
		}
		is.Facts = append(is.Facts, f)
	}
	return is
}

// inputs returns the instants at which the issue changes: its events and
// facts, sorted.
func inputs(is escalation.Issue) []time.Time {
	var ts []time.Time
	for _, e := range is.Timeline.Events {
		ts = append(ts, e.At)
	}
	for _, f := range is.Facts {
		ts = append(ts, f.At)
	}
	slices.SortFunc(ts, time.Time.Compare)
	return ts
}

// TestPropEngine follows a drawn issue under a drawn policy from its
// opening, deciding at each NextCheck (or at the issue's next event or
// fact, if sooner) and recording what is due, and checks at every step:
//   - every decision explains itself (its trace is not empty);
//   - a notification never fires twice, and deciding again with the same
//     records (the new ones included) fires nothing new;
//   - levels fire in order: a level's first notification comes after the
//     level before it fired, was skipped or was acknowledged, and repeat
//     k after repeat k-1;
//   - quiet hours are respected: a notification is sent at an instant the
//     quiet hours allow, not before it was due;
//   - NextCheck is exact: deciding at any instant before it (and before
//     the issue's next input) fires nothing new, and at it something
//     fires.
func TestPropEngine(t *testing.T) {
	ev := slaEvaluator(t)
	rapid.Check(t, func(t *rapid.T) {
		p := drawPolicy(t)
		e, err := escalation.NewEngine(escalation.Policies{p}, testOrg(), testSLA())
		if err != nil {
			t.Fatal(err)
		}
		is := drawIssue(t, p)
		decide := func(now time.Time, recs []escalation.Record) escalation.Decision {
			r, err := ev.Evaluate(is.Timeline, now)
			if err != nil {
				t.Fatal(err)
			}
			is.SLA = r
			d, err := e.Decide(is, recs, now)
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		ins := inputs(is)
		now := is.Timeline.Events[0].At
		var recs []escalation.Record
		keys := map[string]bool{}
		passed := map[string]bool{} // levels fired, skipped or acknowledged
		for range 80 {
			d := decide(now, recs)
			if len(d.Trace) == 0 {
				t.Fatalf("at %v: a decision without an explanation", now)
			}
			for _, f := range is.Facts {
				if f.Kind == escalation.FactAcknowledged && !f.At.After(now) {
					passed[f.Level] = true
				}
			}
			for _, s := range d.Skipped {
				passed[s.LevelName] = true
			}
			for _, n := range d.Notify {
				if keys[n.Key] {
					t.Fatalf("at %v: %s fires twice", now, n.Key)
				}
				if n.At.After(now) || n.At.Before(n.Due) {
					t.Fatalf("at %v: %s sent at %v, due %v", now, n.Key, n.At, n.Due)
				}
				if p.QuietHours != nil {
					if ok, err := p.QuietHours.IsWorking(n.At); err != nil || !ok {
						t.Fatalf("at %v: %s sent at %v, in quiet hours", now, n.Key, n.At)
					}
				}
				if n.Repeat == 0 && n.Level > 1 && !passed[p.Levels[n.Level-2].Name] {
					t.Fatalf("at %v: level %d fires before level %d was passed\n%v", now, n.Level, n.Level-1, d.Trace)
				}
				if n.Repeat > 0 && !keys[escalation.Key(is.Timeline.Ticket, n.LevelName, n.Repeat-1)] && !slices.ContainsFunc(d.Notify, func(m escalation.Notification) bool {
					return m.Key == escalation.Key(is.Timeline.Ticket, n.LevelName, n.Repeat-1)
				}) {
					t.Fatalf("at %v: repeat %d of %s before repeat %d", now, n.Repeat, n.LevelName, n.Repeat-1)
				}
				keys[n.Key] = true
				passed[n.LevelName] = true
				recs = append(recs, n.Record())
			}
			if again := decide(now, recs); len(again.Notify) != 0 {
				t.Fatalf("at %v: deciding again with the records fires %v", now, again.Notify)
			}
			var next time.Time
			if i, _ := slices.BinarySearchFunc(ins, now, func(a, b time.Time) int {
				if !a.After(b) {
					return -1
				}
				return 1
			}); i < len(ins) {
				next = ins[i]
			}
			nc := d.NextCheck
			if !nc.IsZero() && !nc.After(now) {
				t.Fatalf("at %v: NextCheck %v is not after now", now, nc)
			}
			bound := nc
			if bound.IsZero() || (!next.IsZero() && next.Before(bound)) {
				bound = next
			}
			if bound.IsZero() {
				return
			}
			if gap := int64(bound.Sub(now)); gap > 1 {
				u := now.Add(time.Duration(rapid.Int64Range(1, gap-1).Draw(t, "before")))
				if d := decide(u, recs); len(d.Notify) != 0 {
					t.Fatalf("at %v, before NextCheck %v (now %v): fires %v", u, nc, now, d.Notify)
				}
			}
			if !nc.IsZero() && (next.IsZero() || nc.Before(next)) {
				if d := decide(nc, recs); len(d.Notify) == 0 {
					t.Fatalf("at NextCheck %v (decided at %v): nothing fires\n%v", nc, now, d.Trace)
				}
			}
			now = bound
		}
	})
}
