package sla_test

import (
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/sla"
)

func batchTimelines(t *testing.T, n int) []sla.Timeline {
	tls := make([]sla.Timeline, n)
	for i := range tls {
		opened := mar(t, 4, 9, 0).Add(time.Duration(i) * time.Minute)
		tls[i] = sla.Timeline{Ticket: "T" + strconv.Itoa(i), Account: "acme", Events: []sla.Event{
			{At: opened, Kind: sla.EventOpened, Priority: priorities[i%4]},
			{At: opened.Add(time.Duration(i%300) * time.Minute), Kind: sla.EventAgentReply},
		}}
	}
	return tls
}

// TestEvaluateAllStopsEarly: breaking out of the iteration stops it, at
// any point of a chunk. (That the workers are stopped, and none is left
// running, is the pipeline's own test, internal/parallel's
// TestOrderedStops.)
func TestEvaluateAllStopsEarly(t *testing.T) {
	ev := newEvaluator(t, propPolicies(sla.PriorityChangeRetarget), fixtureCalendars(t))
	tls := batchTimelines(t, 5000)
	for _, stopAt := range []int{0, 1, 255, 256, 1000, 4999} {
		i := 0
		for r, err := range ev.EvaluateAll(tls, mar(t, 20, 0, 0), 4) {
			if err != nil || r.Ticket != tls[i].Ticket {
				t.Fatalf("result %d: %s, %v", i, r.Ticket, err)
			}
			if i == stopAt {
				break
			}
			i++
		}
		if i != stopAt {
			t.Errorf("stopped at %d, want %d", i, stopAt)
		}
	}
}

// TestEvaluateAllDeterministic: the same batch gives the same results
// with any number of workers.
func TestEvaluateAllDeterministic(t *testing.T) {
	ev := newEvaluator(t, propPolicies(sla.PriorityChangeRetarget), fixtureCalendars(t))
	tls := batchTimelines(t, 2000)
	collect := func(workers int) []sla.Result {
		var rs []sla.Result
		for r, err := range ev.EvaluateAll(tls, mar(t, 20, 0, 0), workers) {
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r)
		}
		return rs
	}
	one := collect(1)
	for _, w := range []int{0, 2, 3, 16} {
		if got := collect(w); !slices.EqualFunc(got, one, func(a, b sla.Result) bool {
			return a.Ticket == b.Ticket && a.Metrics[0].Cycles[0].Elapsed == b.Metrics[0].Cycles[0].Elapsed &&
				a.Metrics[0].Cycles[0].State == b.Metrics[0].Cycles[0].State
		}) {
			t.Errorf("%d workers: results differ from 1 worker", w)
		}
	}
}

// TestEvaluateAllSpreads: with more than one worker and more than one
// chunk of timelines, the batch runs on goroutines of its own; with one
// worker, on the consumer's.
func TestEvaluateAllSpreads(t *testing.T) {
	ev := newEvaluator(t, propPolicies(sla.PriorityChangeRetarget), fixtureCalendars(t))
	tls := batchTimelines(t, 2000)
	for _, workers := range []int{1, 2} {
		before := runtime.NumGoroutine()
		for _, err := range ev.EvaluateAll(tls, mar(t, 20, 0, 0), workers) {
			if err != nil {
				t.Fatal(err)
			}
			if during := runtime.NumGoroutine(); (during > before) != (workers > 1) {
				t.Errorf("%d workers: %d goroutines before, %d during", workers, before, during)
			}
			break
		}
	}
}
