package sla_test

import (
	"errors"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/sla"
)

// sharePolicies are propPolicies with every target warning at the share p
// consumed, and nothing else: so that WarnAt is when the share is reached.
func sharePolicies(change sla.PriorityChange, p sla.Percent) sla.Policies {
	ps := propPolicies(change)
	for i := range ps[0].Targets {
		ps[0].Targets[i].Warn = sla.Warning{Consumed: p}
	}
	return ps
}

// TestPropShareAtIsWarnAt: for any share below 100%, ShareAt is the
// instant sla's own evaluation warns at when the target warns at that
// share: for a cycle that warned, and for a running one that will; it is
// zero for a cycle that has not reached the share and will not without a
// new event. At 100% it is the due of a running cycle, and not after the
// breach of a breached one. Under pauses, retargets and restarts, on
// business-time, business-days and wall-time targets.
func TestPropShareAtIsWarnAt(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		change := rapid.SampledFrom([]sla.PriorityChange{sla.PriorityChangeRetarget, sla.PriorityChangeRestart}).Draw(t, "change")
		p := sla.Percent(rapid.IntRange(1, 9999).Draw(t, "p"))
		ev := newEvaluator(t, sharePolicies(change, p), fixtureCalendars(t))
		tl := drawTimeline(t)
		now := drawNow(t, tl, "now")
		r, err := ev.Evaluate(tl, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, mr := range r.Metrics {
			for _, c := range mr.Cycles {
				got, err := c.ShareAt(p)
				if err != nil {
					t.Fatal(err)
				}
				var want time.Time
				if c.Warned || c.State == sla.StateRunning {
					want = c.WarnAt
				}
				if !got.Equal(want) {
					t.Fatalf("%v %d (%v): ShareAt(%v) = %v, want WarnAt %v\n%v", c.Metric, c.N, c.State, p, got, want, c.Trace.Steps())
				}
				full, err := c.ShareAt(100 * sla.OnePercent)
				if err != nil {
					t.Fatal(err)
				}
				switch c.State {
				case sla.StateRunning:
					if !full.Equal(c.Due) {
						t.Fatalf("%v %d: ShareAt(100%%) = %v, want due %v", c.Metric, c.N, full, c.Due)
					}
				case sla.StateBreached:
					// At or before the breach: a clock paused exactly at
					// its due breaches only when it resumes.
					if full.IsZero() || full.After(c.BreachedAt()) {
						t.Fatalf("%v %d: ShareAt(100%%) = %v, want breach %v\n%v", c.Metric, c.N, full, c.BreachedAt(), c.Trace.Steps())
					}
				}
			}
		}
	})
}

// TestPropShareAtExact: ShareAt is exact against evaluations at instants
// around it: evaluated at ShareAt (with no event between), the cycle has
// consumed at least the share of its target; a nanosecond before, less.
// The timeline is cut at the evaluation instant, since a running cycle's
// ShareAt foresees the clock without further events.
func TestPropShareAtExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := sla.Percent(rapid.IntRange(1, 10000).Draw(t, "p"))
		ev := newEvaluator(t, propPolicies(sla.PriorityChangeRetarget), fixtureCalendars(t))
		tl := drawTimeline(t)
		now := drawNow(t, tl, "now")
		// ShareAt foresees the clock as if no event followed now.
		for i, e := range tl.Events {
			if e.At.After(now) {
				tl.Events = tl.Events[:i]
				break
			}
		}
		r, err := ev.Evaluate(tl, now)
		if err != nil {
			t.Fatal(err)
		}
		m := rapid.SampledFrom(r.Metrics).Draw(t, "metric")
		if len(m.Cycles) == 0 {
			return
		}
		c := m.Cycles[len(m.Cycles)-1]
		at, err := c.ShareAt(p)
		if err != nil || at.IsZero() {
			return
		}
		// Only where no event lies in [at-1ns, at]: the share is then a
		// matter of the clock alone.
		for _, e := range tl.Events {
			if !e.At.Before(at.Add(-time.Nanosecond)) && !e.At.After(at) {
				return
			}
		}
		cycleAt := func(u time.Time) sla.Cycle {
			r, err := ev.Evaluate(tl, u)
			if err != nil {
				t.Fatal(err)
			}
			cs := r.Metric(c.Metric).Cycles
			return cs[c.N-1]
		}
		reached := func(c sla.Cycle) bool {
			return c.Target > 0 && c.Elapsed*10000 >= c.Target*time.Duration(p)
		}
		if !reached(cycleAt(at)) {
			t.Fatalf("%v %d: not %v consumed at ShareAt %v", c.Metric, c.N, p, at)
		}
		if at.After(c.Start) {
			if b := cycleAt(at.Add(-time.Nanosecond)); reached(b) {
				t.Fatalf("%v %d: %v consumed already before ShareAt %v (elapsed %v of %v)", c.Metric, c.N, p, at, b.Elapsed, b.Target)
			}
		}
	})
}

func TestShareAtRange(t *testing.T) {
	for _, p := range []sla.Percent{0, -1, 100*sla.OnePercent + 1} {
		_, err := sla.Cycle{}.ShareAt(p)
		var fe *account.FieldError
		if !errors.As(err, &fe) || fe.Field != "p" || !errors.Is(err, sla.ErrInvalid) {
			t.Errorf("ShareAt(%v) = %v, want a FieldError on p", p, err)
		}
	}
	for _, p := range []sla.Percent{1, 100 * sla.OnePercent} {
		if at, err := (sla.Cycle{}).ShareAt(p); err != nil || !at.IsZero() {
			t.Errorf("zero Cycle: ShareAt(%v) = %v, %v; want zero, nil", p, at, err)
		}
	}
}
