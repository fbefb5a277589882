package escalation_test

import (
	"context"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/internal/cputime"
	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/store/memstore"
)

// benchService stores 1,024 open tickets of 100 accounts, opened in the
// week before now, with SLA targets and the four-level escalation of the
// scenario tests, and records the notifications due at now, so that a
// decision at now (a timer's check) finds records and nothing new. It
// returns the service, the store and the tickets' IDs, and the issues as
// the service loads them, with their records, for the pure path.
func benchService(b *testing.B) (*escalation.Service, *memstore.Store, []string, []escalation.Issue, [][]escalation.Record, escalation.ServiceConfig, time.Time) {
	b.Helper()
	ctx := context.Background()
	s := memstore.New()
	cfg := svcConfig(s)
	cfg.SLA = testSLA()
	cfg.Calendars = sla.Calendars{Named: map[string]*calendar.Calendar{"office": office()}, Default: "office"}
	for i := range cfg.Policies {
		cfg.Policies[i].SLA = "std"
		cfg.Policies[i].Levels[0].Triggers = append(cfg.Policies[i].Levels[0].Triggers,
			escalation.Trigger{Kind: escalation.TriggerConsumed, Metric: sla.MetricResolution, Share: 50 * sla.OnePercent})
	}
	rng := rand.New(rand.NewPCG(3, 4))
	now := time.Date(2024, 6, 10, 12, 0, 0, 0, time.UTC)
	for a := range 100 {
		if _, err := s.CreateAccount(ctx, account.Account{ID: account.ID("acct-" + strconv.Itoa(a)), Name: "A", Owner: "amy", Tier: 1}); err != nil {
			b.Fatal(err)
		}
	}
	svc := newService(b, s, s, cfg)
	ids := make([]string, 1024)
	issues := make([]escalation.Issue, len(ids))
	fired := make([][]escalation.Record, len(ids))
	for i := range ids {
		ids[i] = "T-" + strconv.Itoa(i)
		opened := now.Add(-time.Duration(rng.IntN(7*24*60)+1) * time.Minute)
		tl := sla.Timeline{Ticket: ids[i], Account: account.ID("acct-" + strconv.Itoa(rng.IntN(100))), Tier: account.Tier(1 + rng.IntN(2)),
			Events: []sla.Event{{At: opened, Kind: sla.EventOpened, Priority: sla.PriorityHigh}}}
		if _, err := s.CreateTicket(ctx, tl); err != nil {
			b.Fatal(err)
		}
		if _, err := svc.Escalate(ctx, ids[i], now); err != nil {
			b.Fatal(err)
		}
		res, err := sla.Evaluate(cfg.SLA, cfg.Calendars, tl, now)
		if err != nil {
			b.Fatal(err)
		}
		issues[i] = escalation.Issue{Timeline: tl, SLA: res, Policy: cfg.Procedures[tl.Tier], Owner: "amy"}
		if fired[i], err = account.Collect(s.Fired(ctx, ids[i])); err != nil {
			b.Fatal(err)
		}
	}
	return svc, s, ids, issues, fired, cfg, now
}

// BenchmarkServiceEscalate escalates one stored issue at a time through
// the service, at an instant when nothing new is due: the loads, the SLA
// evaluation and the decision.
func BenchmarkServiceEscalate(b *testing.B) {
	svc, _, ids, _, _, _, now := benchService(b)
	ctx := context.Background()
	i := 0
	var out escalation.Outcome
	defer cpuPerOp(b)()
	for b.Loop() {
		var err error
		if out, err = svc.Escalate(ctx, ids[i%len(ids)], now); err != nil {
			b.Fatal(err)
		}
		if len(out.Send) != 0 {
			b.Fatalf("%s sends %d notifications, want none", ids[i%len(ids)], len(out.Send))
		}
		i++
	}
}

// pureOf returns the SLA evaluator and the engine a Service of cfg uses.
func pureOf(b *testing.B, cfg escalation.ServiceConfig) (*sla.Evaluator, *escalation.Engine) {
	ev, err := sla.NewEvaluator(cfg.SLA, cfg.Calendars)
	if err != nil {
		b.Fatal(err)
	}
	e, err := escalation.NewEngine(cfg.Policies, cfg.Org, cfg.SLA)
	if err != nil {
		b.Fatal(err)
	}
	return ev, e
}

// BenchmarkServicePure does what BenchmarkServiceEscalate's service does
// with the issues already in memory: the SLA evaluation and the decision,
// the pure functions the shell wraps.
func BenchmarkServicePure(b *testing.B) {
	_, _, _, issues, fired, cfg, now := benchService(b)
	ev, e := pureOf(b, cfg)
	i := 0
	var d escalation.Decision
	defer cpuPerOp(b)()
	for b.Loop() {
		var err error
		is := issues[i%len(issues)]
		if is.SLA, err = ev.Evaluate(is.Timeline, now); err != nil {
			b.Fatal(err)
		}
		if d, err = e.Decide(is, fired[i%len(issues)], now); err != nil {
			b.Fatal(err)
		}
		if len(d.Notify) != 0 {
			b.Fatalf("%s has %d due, want none", is.Timeline.Ticket, len(d.Notify))
		}
		i++
	}
}

// cpuPerOp reports the process's CPU time per op, all threads (the
// garbage collector's included), which a loaded machine inflates far less
// than wall time: call it as defer cpuPerOp(b)() just before the loop.
func cpuPerOp(b *testing.B) func() {
	start, ok := cputime.Process()
	return func() {
		if end, ok2 := cputime.Process(); ok && ok2 && b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

// BenchmarkServiceByHand does what BenchmarkServiceEscalate's service
// does, written out by hand over the same store: the reads, the SLA
// evaluation and the decision. The service's own cost is the difference.
func BenchmarkServiceByHand(b *testing.B) {
	_, s, ids, _, _, cfg, now := benchService(b)
	ctx := context.Background()
	ev, e := pureOf(b, cfg)
	i := 0
	var d escalation.Decision
	defer cpuPerOp(b)()
	for b.Loop() {
		id := ids[i%len(ids)]
		t, err := s.Ticket(ctx, id)
		if err != nil {
			b.Fatal(err)
		}
		a, err := s.Account(ctx, t.Account)
		if err != nil {
			b.Fatal(err)
		}
		is := escalation.Issue{Timeline: t.Timeline, Policy: cfg.Procedures[t.Tier], Owner: escalation.Person(a.Owner)}
		if is.Facts, err = account.Collect(s.Facts(ctx, id)); err != nil {
			b.Fatal(err)
		}
		fired, err := account.Collect(s.Fired(ctx, id))
		if err != nil {
			b.Fatal(err)
		}
		if is.SLA, err = ev.Evaluate(is.Timeline, now); err != nil {
			b.Fatal(err)
		}
		if d, err = e.Decide(is, fired, now); err != nil {
			b.Fatal(err)
		}
		if len(d.Notify) != 0 {
			b.Fatalf("%s has %d due, want none", id, len(d.Notify))
		}
		i++
	}
}
