package sla_test

import (
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/internal/cputime"
	"github.com/keyaccount/keyaccount/sla"
)

// benchTimelines returns n ticket timelines of about six events each
// (5 or 7; 6.0 on average), deterministic, opened at random minutes of
// 2024 and measured on nz-support (a lunch break and New Zealand's
// holidays) or, for one account in fifty, on initech-hours. Priorities
// and tiers are mixed; 40% of the tickets wait for the customer once.
//
//	opened, reply, [pending,] customer message, [open,] reply, solved
func benchTimelines(tb tester, n int) []sla.Timeline {
	rng := rand.New(rand.NewPCG(2024, 5))
	loadCalendars(tb)
	year := time.Date(2024, 1, 1, 0, 0, 0, 0, nzLoc)
	minutes := func(lo, hi int) time.Duration { return time.Duration(lo+rng.IntN(hi-lo+1)) * time.Minute }
	// One backing array for all events: the benchmark measures the
	// evaluation, not the garbage collector walking a million slices.
	all := make([]sla.Event, 0, n*7)
	tls := make([]sla.Timeline, n)
	for i := range tls {
		start := len(all)
		at := year.Add(minutes(0, 355*24*60))
		all = append(all, sla.Event{At: at, Kind: sla.EventOpened, Priority: priorities[rng.IntN(4)]})
		at = at.Add(minutes(10, 6*60))
		all = append(all, sla.Event{At: at, Kind: sla.EventAgentReply})
		pending := rng.IntN(10) < 4
		if pending {
			all = append(all, sla.Event{At: at, Kind: sla.EventStatusChanged, Status: sla.StatusPending})
		}
		at = at.Add(minutes(60, 48*60))
		all = append(all, sla.Event{At: at, Kind: sla.EventCustomerMessage})
		if pending {
			all = append(all, sla.Event{At: at, Kind: sla.EventStatusChanged, Status: sla.StatusOpen})
		}
		at = at.Add(minutes(30, 8*60))
		all = append(all, sla.Event{At: at, Kind: sla.EventAgentReply})
		at = at.Add(minutes(60, 30*60))
		all = append(all, sla.Event{At: at, Kind: sla.EventSolved})
		a := rng.IntN(1000)
		tls[i] = sla.Timeline{
			Ticket:  "T" + strconv.Itoa(i),
			Account: account.ID("acct-" + strconv.Itoa(a)),
			Tier:    account.Tier(1 + a%3),
			Events:  all[start:len(all):len(all)],
		}
	}
	return tls
}

// benchEvaluator measures first response, next reply and resolution for
// every priority and tier, periodic update for urgent and high, in
// business time, business days and (urgent first response) wall time,
// with warnings.
func benchEvaluator(tb tester) *sla.Evaluator {
	loadCalendars(tb)
	h := time.Hour
	var key, std []sla.Target
	for i, p := range priorities {
		k := time.Duration(i + 1)
		fr := sla.Target{Metric: sla.MetricFirstResponse, Priority: p, Within: k * h, Warn: sla.Warning{Consumed: 75 * sla.OnePercent}}
		if p == sla.PriorityUrgent {
			fr.Measure, fr.Within = sla.MeasureWallTime, 30*time.Minute
		}
		key = append(key, fr,
			sla.Target{Metric: sla.MetricNextReply, Priority: p, Within: 2 * k * h},
			sla.Target{Metric: sla.MetricResolution, Priority: p, Measure: sla.MeasureBusinessDays, Days: i + 1})
		fr.Within *= 2
		std = append(std, fr,
			sla.Target{Metric: sla.MetricNextReply, Priority: p, Within: 4 * k * h},
			sla.Target{Metric: sla.MetricResolution, Priority: p, Within: 8 * k * h, Warn: sla.Warning{Before: h}})
		if p <= sla.PriorityHigh {
			key = append(key, sla.Target{Metric: sla.MetricPeriodicUpdate, Priority: p, Within: 4 * k * h})
		}
	}
	accounts := map[account.ID]string{}
	for a := 0; a < 1000; a += 50 {
		accounts[account.ID("acct-"+strconv.Itoa(a))] = "initech-hours"
	}
	ev, err := sla.NewEvaluator(sla.Policies{
		{Name: "Key accounts", Tiers: []account.Tier{1}, Targets: key},
		{Name: "Standard", Targets: std},
	}, sla.Calendars{
		Named:    map[string]*calendar.Calendar{"nz-support": nzCal, "initech-hours": initech},
		Accounts: accounts,
		Default:  "nz-support",
	})
	if err != nil {
		tb.Fatal(err)
	}
	return ev
}

var (
	benchOnce sync.Once
	bench1M   []sla.Timeline
	benchNow  = time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)
	sink      int64
)

func million(b *testing.B) []sla.Timeline {
	benchOnce.Do(func() { bench1M = benchTimelines(b, 1_000_000) })
	return bench1M
}

// keep folds a result into sink, so that no result is dead.
func keep(r sla.Result) {
	for _, m := range r.Metrics {
		for _, c := range m.Cycles {
			sink += int64(c.Elapsed) + int64(c.State) + int64(c.Trace.Len())
		}
	}
}

// warm evaluates every timeline once so that the calendars' yearly tables
// (built lazily, once) are in place before the clock starts.
func warm(b *testing.B, ev *sla.Evaluator, tls []sla.Timeline) {
	for _, err := range ev.EvaluateAll(tls, benchNow, 0) {
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluate is one timeline at a time, on one goroutine.
func BenchmarkEvaluate(b *testing.B) {
	ev := benchEvaluator(b)
	tls := benchTimelines(b, 4096)
	warm(b, ev, tls)
	i := 0
	cpu := cpuTime()
	for b.Loop() {
		r, err := ev.Evaluate(tls[i%len(tls)], benchNow)
		if err != nil {
			b.Fatal(err)
		}
		keep(r)
		i++
	}
	if cpu != 0 {
		b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkEvaluateAll1M evaluates 1,000,000 timelines of about six
// events, on every core (GOMAXPROCS workers) and on one.
func BenchmarkEvaluateAll1M(b *testing.B) {
	ev := benchEvaluator(b)
	tls := million(b)
	warm(b, ev, tls[:20000])
	for _, workers := range []int{0, 1} {
		name := "cores"
		if workers == 1 {
			name = "1worker"
		}
		b.Run(name, func(b *testing.B) {
			cpu := cpuTime()
			for b.Loop() {
				for r, err := range ev.EvaluateAll(tls, benchNow, workers) {
					if err != nil {
						b.Fatal(err)
					}
					keep(r)
				}
			}
			reportCPU(b, cpu)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(tls)), "ns/timeline")
		})
	}
}

// BenchmarkCompliance1M evaluates 1,000,000 timelines on every core and
// reports on them for the year, grouped by account, tier and priority:
// the whole pipeline, with the results streamed into the report.
func BenchmarkCompliance1M(b *testing.B) {
	ev := benchEvaluator(b)
	tls := million(b)
	warm(b, ev, tls[:20000])
	year := sla.Period{From: time.Date(2024, 1, 1, 0, 0, 0, 0, nzLoc), To: time.Date(2025, 1, 1, 0, 0, 0, 0, nzLoc)}
	cpu := cpuTime()
	for b.Loop() {
		rep, err := sla.Compliance(ev.EvaluateAll(tls, benchNow, 0), year, sla.Grouping{Account: true, Tier: true, Priority: true})
		if err != nil {
			b.Fatal(err)
		}
		sink += int64(len(rep.Rows))
	}
	reportCPU(b, cpu)
}

// reportCPU reports the CPU time per operation since start, of every
// thread of the process (the garbage collector's included): on a shared
// machine it is steadier than the wall-clock time, and the wall-clock time
// on an idle machine with GOMAXPROCS cores is about it divided by them.
func reportCPU(b *testing.B, start time.Duration) {
	if start != 0 {
		b.ReportMetric((cpuTime()-start).Seconds()/float64(b.N), "cpu-s/op")
	}
}

// cpuTime returns the CPU time the process has used so far, or 0 where the
// platform does not report it.
func cpuTime() time.Duration {
	d, _ := cputime.Process()
	return d
}
