package escalation_test

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/internal/cputime"
	"github.com/keyaccount/keyaccount/sla"
)

// benchIssues builds n open issues of 1,000 accounts, opened at random
// minutes of the week before now, with their SLA results evaluated at
// now, and the records of the notifications that were due an hour before
// now (so that most decisions find some records and little new).
func benchIssues(tb testing.TB, n int) (*escalation.Engine, []escalation.Issue, [][]escalation.Record, time.Time) {
	tb.Helper()
	cal := office()
	ev, err := sla.NewEvaluator(testSLA(), sla.Calendars{Named: map[string]*calendar.Calendar{"office": cal}, Default: "office"})
	if err != nil {
		tb.Fatal(err)
	}
	e, err := escalation.NewEngine(escalation.Policies{benchPolicy(cal)}, testOrg(), testSLA())
	if err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	now := time.Date(2024, 6, 10, 12, 0, 0, 0, time.UTC)
	issues := make([]escalation.Issue, n)
	prios := []sla.Priority{sla.PriorityUrgent, sla.PriorityHigh, sla.PriorityNormal, sla.PriorityLow}
	for i := range issues {
		opened := now.Add(-time.Duration(rng.IntN(7*24*60)+1) * time.Minute)
		acct := account.ID("acct-" + strconv.Itoa(rng.IntN(1000)))
		tl := sla.Timeline{Ticket: "T-" + strconv.Itoa(i), Account: acct, Tier: account.Tier(1 + rng.IntN(3)), Category: "cat-" + strconv.Itoa(rng.IntN(5)),
			Events: []sla.Event{{At: opened, Kind: sla.EventOpened, Priority: prios[rng.IntN(4)]}}}
		if rng.IntN(2) == 0 {
			tl.Events = append(tl.Events, sla.Event{At: opened.Add(time.Duration(rng.IntN(120)+1) * time.Minute), Kind: sla.EventAgentReply})
		}
		for len(tl.Events) > 1 && tl.Events[len(tl.Events)-1].At.After(now) {
			tl.Events = tl.Events[:len(tl.Events)-1]
		}
		res, err := ev.Evaluate(tl, now)
		if err != nil {
			tb.Fatal(err)
		}
		issues[i] = escalation.Issue{Timeline: tl, SLA: res, Policy: "bench", Owner: escalation.Person("am-" + strconv.Itoa(rng.IntN(50)))}
	}
	fired := make([][]escalation.Record, n)
	for i := range issues {
		d, err := e.Decide(issues[i], nil, now)
		if err != nil {
			tb.Fatal(err)
		}
		for _, nt := range d.Notify {
			if !nt.At.After(now.Add(-time.Hour)) {
				fired[i] = append(fired[i], nt.Record())
			}
		}
	}
	return e, issues, fired, now
}

func benchPolicy(cal *calendar.Calendar) escalation.Policy {
	res := func(share sla.Percent) escalation.Trigger {
		return escalation.Trigger{Kind: escalation.TriggerConsumed, Metric: sla.MetricResolution, Share: share}
	}
	return escalation.Policy{Name: "bench", Version: 1, SLA: "std", QuietHours: quiet(), Levels: []escalation.Level{
		{Name: "am", Kind: escalation.LevelHierarchical, Role: escalation.RoleAccountManager,
			Triggers: []escalation.Trigger{res(50 * sla.OnePercent), {Kind: escalation.TriggerConsumed, Metric: sla.MetricFirstResponse, Share: 100 * sla.OnePercent}},
			Repeat:   escalation.Repeat{Every: 4 * time.Hour, Times: 3}},
		{Name: "team", Kind: escalation.LevelFunctional, Team: "network",
			Triggers: []escalation.Trigger{res(75 * sla.OnePercent), {Kind: escalation.TriggerPrevious, After: 6 * time.Hour, Calendar: cal}}},
		{Name: "tl", Kind: escalation.LevelHierarchical, Role: escalation.RoleTeamLeader,
			Triggers: []escalation.Trigger{res(100 * sla.OnePercent), {Kind: escalation.TriggerRequested}}},
		{Name: "sponsor", Kind: escalation.LevelHierarchical, Role: escalation.RoleExecutiveSponsor,
			Triggers: []escalation.Trigger{{Kind: escalation.TriggerBreached, Metric: sla.MetricResolution, After: 4 * time.Hour, Calendar: cal}}},
	}}
}

// BenchmarkDecideAll100k decides 100,000 open issues on every core
// (the target: under 200 ms on 2 cores).
func BenchmarkDecideAll100k(b *testing.B) {
	e, issues, fired, now := benchIssues(b, 100_000)
	var due int
	b.ResetTimer()
	cpu0, cpuOK := cputime.Process()
	for b.Loop() {
		due = 0
		for d, err := range e.DecideAll(issues, fired, now, 0) {
			if err != nil {
				b.Fatal(err)
			}
			due += len(d.Notify)
		}
	}
	b.ReportMetric(float64(due), "due")
	// CPU time per op (all threads), beside the wall time that a shared
	// machine makes noisy: on 2 idle cores the wall time is about half.
	if cpu1, ok := cputime.Process(); cpuOK && ok {
		b.ReportMetric(float64(cpu1-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
	}
}

// BenchmarkDecide decides one issue at a time, on one goroutine.
func BenchmarkDecide(b *testing.B) {
	e, issues, fired, now := benchIssues(b, 1024)
	i := 0
	var d escalation.Decision
	for b.Loop() {
		var err error
		d, err = e.Decide(issues[i%len(issues)], fired[i%len(issues)], now)
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
	_ = d
}
