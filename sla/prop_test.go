package sla_test

import (
	"errors"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/sla"
)

var priorities = []sla.Priority{sla.PriorityUrgent, sla.PriorityHigh, sla.PriorityNormal, sla.PriorityLow}

// weight is how often drawTimeline draws each kind: status changes most,
// since pauses are what most rules are about; closing least, since it
// ends the timeline.
var weight = map[sla.EventKind]int{sla.EventStatusChanged: 6, sla.EventReopened: 3, sla.EventPriorityChanged: 2,
	sla.EventCustomerMessage: 3, sla.EventAgentReply: 3, sla.EventInternalNote: 1, sla.EventSolved: 2, sla.EventClosed: 1}

// drawTimeline draws a valid timeline in 2024 (so across Auckland's
// holidays and both DST changes) with events given in canonical order:
// events at the same instant as the one before are drawn only of the same
// or a later kind. Event k has the ID "e<k>".
func drawTimeline(t *rapid.T) sla.Timeline {
	loadCalendars(t)
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, nzLoc).Add(time.Duration(rapid.IntRange(0, 360*24*4).Draw(t, "start")) * 15 * time.Minute)
	evs := []sla.Event{{ID: "e0", At: start, Kind: sla.EventOpened, Priority: rapid.SampledFrom(priorities).Draw(t, "priority")}}
	at, solved, status, last := start, false, sla.StatusOpen, sla.EventOpened
	n := rapid.IntRange(3, 24).Draw(t, "n")
	for len(evs) <= n {
		same := rapid.IntRange(0, 3).Draw(t, "same") == 0
		if !same {
			at = at.Add(time.Duration(rapid.IntRange(1, 6000).Draw(t, "minutes")) * time.Minute)
		}
		var kinds []sla.EventKind
		for k := sla.EventReopened; k <= sla.EventClosed; k++ {
			ok := (k != sla.EventReopened || solved) && (k != sla.EventStatusChanged || !solved) && (k != sla.EventSolved || !solved)
			if ok && (!same || k >= last) {
				for range weight[k] {
					kinds = append(kinds, k)
				}
			}
		}
		if len(kinds) == 0 {
			continue
		}
		ev := sla.Event{ID: "e" + strconv.Itoa(len(evs)), At: at, Kind: rapid.SampledFrom(kinds).Draw(t, "kind")}
		switch ev.Kind {
		case sla.EventPriorityChanged:
			ev.Priority = rapid.SampledFrom(priorities).Draw(t, "priority")
		case sla.EventStatusChanged:
			// Mostly a change; sometimes the status it already has.
			other := map[sla.Status]sla.Status{sla.StatusOpen: sla.StatusPending, sla.StatusPending: sla.StatusOpen}[status]
			ev.Status = rapid.SampledFrom([]sla.Status{other, other, other, status}).Draw(t, "status")
			status = ev.Status
		case sla.EventSolved:
			solved = true
		case sla.EventReopened:
			solved, status = false, sla.StatusOpen
		}
		evs = append(evs, ev)
		last = ev.Kind
		if ev.Kind == sla.EventClosed {
			break
		}
	}
	return sla.Timeline{Ticket: "T", Account: "acme", Tier: 1, Events: evs}
}

// drawNow draws an evaluation instant from the opening to two weeks after
// the last event.
func drawNow(t *rapid.T, tl sla.Timeline, label string) time.Time {
	first, last := tl.Events[0].At, tl.Events[len(tl.Events)-1].At
	span := int(last.Sub(first)/time.Minute) + 14*24*60
	return first.Add(time.Duration(rapid.IntRange(0, span).Draw(t, label)) * time.Minute)
}

// propPolicies measures every metric of every priority, in business time
// on the ticket's calendar, in business days, and (for urgent) in wall
// time and on a named 24×7 calendar, with warnings.
func propPolicies(change sla.PriorityChange) sla.Policies {
	h := time.Hour
	var ts []sla.Target
	for i, p := range priorities {
		k := time.Duration(i + 1)
		ts = append(ts,
			sla.Target{Metric: sla.MetricFirstResponse, Priority: p, Within: k * h, Warn: sla.Warning{Consumed: 75 * sla.OnePercent}},
			sla.Target{Metric: sla.MetricNextReply, Priority: p, Within: 2 * k * h, Warn: sla.Warning{Before: 30 * time.Minute}},
			sla.Target{Metric: sla.MetricResolution, Priority: p, Measure: sla.MeasureBusinessDays, Days: i + 1},
		)
		if p == sla.PriorityUrgent {
			ts = append(ts, sla.Target{Metric: sla.MetricPeriodicUpdate, Priority: p, Measure: sla.MeasureWallTime, Within: 4 * h})
		} else {
			ts = append(ts, sla.Target{Metric: sla.MetricPeriodicUpdate, Priority: p, Within: 8 * k * h, Calendar: "24x7"})
		}
	}
	return sla.Policies{{Name: "all", Targets: ts, OnPriorityChange: change}}
}

// TestPropCycleInvariants: for every cycle, Elapsed ≤ Wall − Paused ≤
// Wall; Remaining = Target − Elapsed; Consumed agrees; a breached cycle
// has Due = BreachedAt and nothing remaining; a met one ended by its due;
// the trace is in order of time.
func TestPropCycleInvariants(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		change := rapid.SampledFrom([]sla.PriorityChange{sla.PriorityChangeRetarget, sla.PriorityChangeRestart}).Draw(t, "change")
		ev := newEvaluator(t, propPolicies(change), fixtureCalendars(t))
		tl := drawTimeline(t)
		now := drawNow(t, tl, "now")
		r, err := ev.Evaluate(tl, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, mr := range r.Metrics {
			for _, c := range mr.Cycles {
				if c.Elapsed < 0 || c.Paused < 0 || c.Elapsed > c.Wall-c.Paused {
					t.Fatalf("%v %d: elapsed %v, wall %v, paused %v", c.Metric, c.N, c.Elapsed, c.Wall, c.Paused)
				}
				if c.State == sla.StateNotApplicable {
					continue
				}
				if c.Remaining() != c.Target-c.Elapsed {
					t.Fatalf("%v %d: remaining %v != target %v - elapsed %v", c.Metric, c.N, c.Remaining(), c.Target, c.Elapsed)
				}
				if want := consumed(c.Elapsed, c.Target); c.Consumed() != want {
					t.Fatalf("%v %d: consumed %v, want %v", c.Metric, c.N, c.Consumed(), want)
				}
				switch c.State {
				case sla.StateBreached:
					if c.Remaining() > 0 || c.BreachedAt().IsZero() || !c.Due.Equal(c.BreachedAt()) || c.BreachedAt().After(now) {
						t.Fatalf("%v %d: breached at %v, due %v, remaining %v", c.Metric, c.N, c.BreachedAt(), c.Due, c.Remaining())
					}
				case sla.StateMet:
					if c.Remaining() < 0 || c.End.After(c.Due) || !c.BreachedAt().IsZero() {
						t.Fatalf("%v %d: met at %v, due %v, remaining %v", c.Metric, c.N, c.End, c.Due, c.Remaining())
					}
				case sla.StateRunning, sla.StatePaused:
					if c.Remaining() < 0 || !c.End.IsZero() || c.Due.Before(now) {
						t.Fatalf("%v %d: %v with remaining %v, due %v at %v", c.Metric, c.N, c.State, c.Remaining(), c.Due, now)
					}
				}
				steps := c.Trace.Steps()
				for i := 1; i < len(steps); i++ {
					if steps[i].At.Before(steps[i-1].At) {
						t.Fatalf("%v %d: trace out of order: %v", c.Metric, c.N, steps)
					}
				}
			}
		}
	})
}

// TestPropPausedTimeNeverCounts checks each resolution cycle against a
// model that knows nothing but the rule: the clock runs from the opening
// (or reopening) to the solve, except while the ticket is pending; its
// Elapsed is the business time of the running stretches alone, and its
// Paused the wall time of the others. With priority changes retargeting,
// the elapsed time is never reset.
func TestPropPausedTimeNeverCounts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ev := newEvaluator(t, propPolicies(sla.PriorityChangeRetarget), fixtureCalendars(t))
		tl := drawTimeline(t)
		now := drawNow(t, tl, "now")
		r, err := ev.Evaluate(tl, now)
		if err != nil {
			t.Fatal(err)
		}
		type cyc struct{ Elapsed, Paused time.Duration }
		var want []cyc
		var cur *cyc
		running, pending := false, false
		var since time.Time
		stop := func(at time.Time) {
			if running {
				d, err := nzCal.Duration(since, at)
				if err != nil {
					t.Fatal(err)
				}
				cur.Elapsed += d
			} else if cur != nil {
				cur.Paused += at.Sub(since)
			}
			since = at
		}
		for _, e := range tl.Events { // given in canonical order
			if e.At.After(now) {
				break
			}
			switch {
			case e.Kind == sla.EventOpened || e.Kind == sla.EventReopened:
				want = append(want, cyc{})
				cur, running, pending, since = &want[len(want)-1], true, false, e.At
			case cur == nil:
			case e.Kind == sla.EventStatusChanged && e.Status == sla.StatusPending && !pending:
				stop(e.At)
				running, pending = false, true
			case e.Kind == sla.EventStatusChanged && e.Status == sla.StatusOpen && pending:
				stop(e.At)
				running, pending = true, false
			case e.Kind == sla.EventSolved || e.Kind == sla.EventClosed:
				stop(e.At)
				cur = nil
			}
		}
		if cur != nil {
			stop(now)
		}
		var got []cyc
		for _, c := range r.Metric(sla.MetricResolution).Cycles {
			got = append(got, cyc{c.Elapsed, c.Paused})
		}
		if d := cmp.Diff(got, want); d != "" {
			t.Fatalf("resolution cycles (-got +want):\n%s", d)
		}
	})
}

// TestPropAlwaysOpenIsWallTime: on a 24×7 calendar every cycle's Elapsed
// is its Wall time less its Paused time.
func TestPropAlwaysOpenIsWallTime(t *testing.T) {
	loadCalendars(t)
	cals := sla.Calendars{Named: map[string]*calendar.Calendar{"24x7": always}, Default: "24x7"}
	rapid.Check(t, func(t *rapid.T) {
		change := rapid.SampledFrom([]sla.PriorityChange{sla.PriorityChangeRetarget, sla.PriorityChangeRestart}).Draw(t, "change")
		r, err := newEvaluator(t, propPolicies(change), cals).Evaluate(drawTimelineNow(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, mr := range r.Metrics {
			for _, c := range mr.Cycles {
				if c.Elapsed != c.Wall-c.Paused {
					t.Fatalf("%v %d: elapsed %v, wall %v, paused %v", c.Metric, c.N, c.Elapsed, c.Wall, c.Paused)
				}
			}
		}
	})
}

// consumed is elapsed/target in hundredths of a percent, rounded half up,
// in exact big-integer arithmetic.
func consumed(elapsed, target time.Duration) sla.Percent {
	num := new(big.Int).Mul(big.NewInt(int64(elapsed)), big.NewInt(20000))
	num.Add(num, big.NewInt(int64(target)))
	return sla.Percent(num.Quo(num, big.NewInt(2*int64(target))).Int64())
}

func drawTimelineNow(t *rapid.T) (sla.Timeline, time.Time) {
	tl := drawTimeline(t)
	return tl, drawNow(t, tl, "now")
}

// TestPropSameInstantOrder: giving the events of one instant in another
// order (keeping events of the same kind in their order, which the
// canonical order leaves to the caller) gives the same result. Steps name
// events by their index, so they are compared by ID.
func TestPropSameInstantOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		change := rapid.SampledFrom([]sla.PriorityChange{sla.PriorityChangeRetarget, sla.PriorityChangeRestart}).Draw(t, "change")
		ev := newEvaluator(t, propPolicies(change), fixtureCalendars(t))
		tl, now := drawTimelineNow(t)
		shuffled := tl
		shuffled.Events = shuffleInstants(t, tl.Events)
		r1, err1 := ev.Evaluate(tl, now)
		r2, err2 := ev.Evaluate(shuffled, now)
		if err1 != nil || err2 != nil {
			t.Fatalf("errors: %v, %v", err1, err2)
		}
		if d := cmp.Diff(byID(r2, shuffled), byID(r1, tl)); d != "" {
			t.Fatalf("shuffled %v\n(-shuffled +given):\n%s", ids(shuffled.Events), d)
		}
	})
}

// TestPropSameInstantOrderOfErrors: a timeline made invalid by one event
// (an extra event drawn anywhere, of any kind) fails the same way, naming
// the same event, whatever the order of its same-instant events.
func TestPropSameInstantOrderOfErrors(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tl := drawTimeline(t)
		i := rapid.IntRange(0, len(tl.Events)-1).Draw(t, "at")
		extra := sla.Event{ID: "x", At: tl.Events[i].At, Kind: sla.EventKind(rapid.IntRange(1, 9).Draw(t, "kind"))}
		switch extra.Kind {
		case sla.EventOpened, sla.EventPriorityChanged:
			extra.Priority = sla.PriorityHigh
		case sla.EventStatusChanged:
			extra.Status = sla.StatusPending
		}
		tl.Events = slices.Insert(slices.Clone(tl.Events), i+1, extra)
		shuffled := tl
		shuffled.Events = shuffleInstants(t, tl.Events)
		err1, err2 := tl.Validate(), shuffled.Validate()
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("given: %v; shuffled: %v", err1, err2)
		}
		if err1 == nil {
			return
		}
		var e1, e2 *sla.EventError
		if !errors.As(err1, &e1) || !errors.As(err2, &e2) {
			t.Fatalf("not EventErrors: %v; %v", err1, err2)
		}
		if e1.ID != e2.ID || !errors.Is(err2, e1.Err) {
			t.Fatalf("given: %v\nshuffled %v: %v", err1, ids(shuffled.Events), err2)
		}
	})
}

// shuffleInstants permutes the events of each instant, keeping the events
// of each kind in their order.
func shuffleInstants(t *rapid.T, evs []sla.Event) []sla.Event {
	out := slices.Clone(evs)
	for lo := 0; lo < len(out); {
		hi := lo + 1
		for hi < len(out) && out[hi].At.Equal(out[lo].At) {
			hi++
		}
		group := evs[lo:hi]
		perm := rapid.Permutation(slices.Clone(group)).Draw(t, "perm")
		// perm decides which kind goes in which slot; the events of a
		// kind fill its slots in their given order.
		next := map[sla.EventKind][]sla.Event{}
		for _, e := range group {
			next[e.Kind] = append(next[e.Kind], e)
		}
		for j, e := range perm {
			out[lo+j] = next[e.Kind][0]
			next[e.Kind] = next[e.Kind][1:]
		}
		lo = hi
	}
	return out
}

func ids(evs []sla.Event) []string {
	var s []string
	for _, e := range evs {
		s = append(s, e.ID+" "+e.Kind.String())
	}
	return s
}

// byID returns r's cycles, each with its trace expanded and each step's
// Event index replaced by the number in its event's ID, so that results of
// reordered timelines compare.
func byID(r sla.Result, tl sla.Timeline) []any {
	out := []any{r.Ticket, r.Policy, r.Priority}
	for _, mr := range r.Metrics {
		for _, c := range mr.Cycles {
			steps := c.Trace.Steps()
			for k := range steps {
				if s := &steps[k]; s.Event >= 0 {
					s.Event, _ = strconv.Atoi(tl.Events[s.Event].ID[1:])
				}
			}
			c.Trace = sla.Trace{}
			out = append(out, c, steps)
		}
	}
	return out
}

// TestPropMonotone: evaluating later never undoes an outcome. A cycle met
// or breached at one instant is met or breached the same way at any later
// instant; a later evaluation has the same cycles and maybe more.
func TestPropMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		change := rapid.SampledFrom([]sla.PriorityChange{sla.PriorityChangeRetarget, sla.PriorityChangeRestart}).Draw(t, "change")
		ev := newEvaluator(t, propPolicies(change), fixtureCalendars(t))
		tl := drawTimeline(t)
		a, b := drawNow(t, tl, "now1"), drawNow(t, tl, "now2")
		if b.Before(a) {
			a, b = b, a
		}
		r1, err := ev.Evaluate(tl, a)
		if err != nil {
			t.Fatal(err)
		}
		r2, err := ev.Evaluate(tl, b)
		if err != nil {
			t.Fatal(err)
		}
		for m, mr := range r1.Metrics {
			later := r2.Metrics[m].Cycles
			if len(later) < len(mr.Cycles) {
				t.Fatalf("%v: %d cycles at %v, %d at %v", mr.Metric, len(mr.Cycles), a, len(later), b)
			}
			for i, c := range mr.Cycles {
				d := later[i]
				switch c.State {
				case sla.StateMet:
					if d.State != sla.StateMet || !d.End.Equal(c.End) || d.Elapsed != c.Elapsed {
						t.Fatalf("%v %d: met at %v (%v), then %v at %v", c.Metric, c.N, a, c.End, d.State, b)
					}
				case sla.StateBreached:
					if d.State != sla.StateBreached || !d.BreachedAt().Equal(c.BreachedAt()) || d.Target != c.Target {
						t.Fatalf("%v %d: breached at %v (%v), then %v (%v)", c.Metric, c.N, a, c.BreachedAt(), d.State, d.BreachedAt())
					}
				}
				if d.Elapsed < c.Elapsed && c.State != sla.StateRunning && c.State != sla.StatePaused {
					t.Fatalf("%v %d: elapsed went back from %v to %v", c.Metric, c.N, c.Elapsed, d.Elapsed)
				}
			}
		}
	})
}

// TestPropBatchEqualsOne: EvaluateAll gives, in order, exactly what
// Evaluate gives one by one, with any number of workers.
func TestPropBatchEqualsOne(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ev := newEvaluator(t, propPolicies(sla.PriorityChangeRetarget), fixtureCalendars(t))
		tls := make([]sla.Timeline, rapid.IntRange(0, 600).Draw(t, "n"))
		seed := drawTimeline(t)
		for i := range tls {
			tls[i] = seed
			tls[i].Ticket = "T" + strconv.Itoa(i)
			// Shift each copy so that the timelines differ.
			tls[i].Events = slices.Clone(seed.Events)
			for j := range tls[i].Events {
				tls[i].Events[j].At = tls[i].Events[j].At.Add(time.Duration(i) * 37 * time.Minute)
			}
		}
		if len(tls) > 0 && rapid.Bool().Draw(t, "bad") {
			tls[len(tls)/2].Events = nil // one failure in the middle
		}
		now := seed.Events[0].At.Add(60 * 24 * time.Hour)
		workers := rapid.IntRange(0, 5).Draw(t, "workers")
		i := 0
		for got, err := range ev.EvaluateAll(tls, now, workers) {
			want, wantErr := ev.Evaluate(tls[i], now)
			var fe, wantFE *account.FieldError
			if (err == nil) != (wantErr == nil) || (err != nil && (!errors.As(err, &fe) || !errors.As(wantErr, &wantFE) || *fe != *wantFE)) {
				t.Fatalf("timeline %d: error %v, want %v", i, err, wantErr)
			}
			// DeepEqual is exact here (both come from the same code and
			// the same locations) and much cheaper than cmp; cmp explains.
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("timeline %d (-batch +one):\n%s", i, cmp.Diff(got, want))
			}
			i++
		}
		if i != len(tls) {
			t.Fatalf("yielded %d results for %d timelines", i, len(tls))
		}
	})
}
