package sla_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/sla"
)

// Mon 4 Mar 2024 is an ordinary week in Auckland (NZDT): the days below are
// 4 (Mon) to 8 (Fri) March, on nz-support hours, 08:30-12:00 and
// 13:00-17:00.
func mar(t *testing.T, d, h, mi int) time.Time { return nzt(t, 2024, time.March, d, h, mi) }

func oneTicket(evs ...sla.Event) sla.Timeline {
	return sla.Timeline{Ticket: "T", Account: "acme", Tier: 2, Events: evs}
}

func evalOne(t *testing.T, ps sla.Policies, tl sla.Timeline, now time.Time) sla.Result {
	t.Helper()
	r, err := newEvaluator(t, ps, fixtureCalendars(t)).Evaluate(tl, now)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func lastCycle(t *testing.T, r sla.Result, m sla.Metric) sla.Cycle {
	t.Helper()
	c, ok := r.Metric(m).Last()
	if !ok {
		t.Fatalf("%v: no cycle", m)
	}
	return c
}

func simple(m sla.Metric, p sla.Priority, within time.Duration) sla.Target {
	return sla.Target{Metric: m, Priority: p, Within: within}
}

func TestDueOnACloseAndAfterIt(t *testing.T) {
	ps := sla.Policies{{Name: "p", Targets: []sla.Target{simple(sla.MetricFirstResponse, sla.PriorityNormal, 2*time.Hour)}}}
	open := sla.Event{At: mar(t, 4, 15, 0), Kind: sla.EventOpened, Priority: sla.PriorityNormal}
	// Due 17:00, a close. A reply at 17:00 is on time.
	r := evalOne(t, ps, oneTicket(open, sla.Event{At: mar(t, 4, 17, 0), Kind: sla.EventAgentReply}), mar(t, 6, 0, 0))
	c := lastCycle(t, r, sla.MetricFirstResponse)
	if c.State != sla.StateMet || !c.Due.Equal(mar(t, 4, 17, 0)) || c.Remaining() != 0 {
		t.Errorf("reply at the due close: %v due %v remaining %v; want met, 17:00, 0", c.State, c.Due, c.Remaining())
	}
	// A reply at 17:30 comes after the due although no business time
	// passed since: breached at 17:00, remaining 0, 100% consumed.
	r = evalOne(t, ps, oneTicket(open, sla.Event{At: mar(t, 4, 17, 30), Kind: sla.EventAgentReply}), mar(t, 6, 0, 0))
	c = lastCycle(t, r, sla.MetricFirstResponse)
	if c.State != sla.StateBreached || !c.BreachedAt().Equal(mar(t, 4, 17, 0)) || c.Remaining() != 0 || c.Consumed() != 100*sla.OnePercent {
		t.Errorf("reply after the due close: %v at %v remaining %v consumed %v; want breached at 17:00, 0, 100%%",
			c.State, c.BreachedAt(), c.Remaining(), c.Consumed())
	}
	// Evaluated at 17:00 the cycle still runs, with nothing remaining.
	r = evalOne(t, ps, oneTicket(open), mar(t, 4, 17, 0))
	if c = lastCycle(t, r, sla.MetricFirstResponse); c.State != sla.StateRunning || c.Remaining() != 0 {
		t.Errorf("at the due: %v remaining %v; want running, 0", c.State, c.Remaining())
	}
	// And one nanosecond later it has breached.
	r = evalOne(t, ps, oneTicket(open), mar(t, 4, 17, 0).Add(1))
	if c = lastCycle(t, r, sla.MetricFirstResponse); c.State != sla.StateBreached {
		t.Errorf("just after the due: %v; want breached", c.State)
	}
}

func TestPriorityChange(t *testing.T) {
	targets := []sla.Target{
		simple(sla.MetricResolution, sla.PriorityLow, 6*time.Hour),
		simple(sla.MetricResolution, sla.PriorityUrgent, 2*time.Hour),
		simple(sla.MetricResolution, sla.PriorityHigh, 4*time.Hour),
	}
	tl := oneTicket(
		sla.Event{At: mar(t, 4, 9, 0), Kind: sla.EventOpened, Priority: sla.PriorityLow},
		sla.Event{At: mar(t, 4, 10, 0), Kind: sla.EventStatusChanged, Status: sla.StatusPending},
		sla.Event{At: mar(t, 4, 14, 0), Kind: sla.EventPriorityChanged, Priority: sla.PriorityHigh},
		sla.Event{At: mar(t, 4, 15, 0), Kind: sla.EventStatusChanged, Status: sla.StatusOpen},
	)
	now := mar(t, 4, 16, 0)

	t.Run("retarget keeps elapsed and never counts the pause", func(t *testing.T) {
		c := lastCycle(t, evalOne(t, sla.Policies{{Name: "p", Targets: targets}}, tl, now), sla.MetricResolution)
		// Ran 09:00-10:00 and 15:00-16:00: 2h of the new 4h target; paused
		// 10:00-15:00, which holds the lunch hour: wall time paused 5h.
		// The 2h left run 16:00-17:00 and Tue 08:30-09:30. The original
		// due was low's 6h from 09:00: 16:00.
		if c.State != sla.StateRunning || c.Elapsed != 2*time.Hour || c.Target != 4*time.Hour || c.Paused != 5*time.Hour ||
			c.Priority != sla.PriorityHigh || !c.Due.Equal(mar(t, 5, 9, 30)) || !c.OriginalDue.Equal(mar(t, 4, 16, 0)) {
			t.Errorf("got %v elapsed %v target %v paused %v prio %v due %v orig %v",
				c.State, c.Elapsed, c.Target, c.Paused, c.Priority, c.Due, c.OriginalDue)
		}
		if !c.Start.Equal(mar(t, 4, 9, 0)) {
			t.Errorf("Start = %v, want the opening", c.Start)
		}
	})
	t.Run("restart starts from zero at the change", func(t *testing.T) {
		ps := sla.Policies{{Name: "p", Targets: targets, OnPriorityChange: sla.PriorityChangeRestart}}
		c := lastCycle(t, evalOne(t, ps, tl, now), sla.MetricResolution)
		// Restarted at 14:00 while paused; runs 15:00-16:00; the 3h left
		// run 16:00-17:00 and Tue 08:30-10:30.
		if c.State != sla.StateRunning || c.Elapsed != time.Hour || c.Paused != time.Hour || !c.Start.Equal(mar(t, 4, 14, 0)) ||
			!c.Due.Equal(mar(t, 5, 10, 30)) {
			t.Errorf("got %v elapsed %v paused %v start %v due %v", c.State, c.Elapsed, c.Paused, c.Start, c.Due)
		}
		kinds := stepKinds(c)
		want := []sla.StepKind{sla.StepStarted, sla.StepPaused, sla.StepRestarted, sla.StepResumed}
		if d := cmp.Diff(kinds, want); d != "" {
			t.Errorf("trace (-got +want):\n%s", d)
		}
	})
	t.Run("a lower target already exceeded breaches at the change", func(t *testing.T) {
		tl := oneTicket(
			sla.Event{At: mar(t, 4, 9, 0), Kind: sla.EventOpened, Priority: sla.PriorityLow},
			sla.Event{At: mar(t, 4, 14, 0), Kind: sla.EventPriorityChanged, Priority: sla.PriorityUrgent},
			sla.Event{At: mar(t, 4, 14, 30), Kind: sla.EventPriorityChanged, Priority: sla.PriorityLow},
		)
		c := lastCycle(t, evalOne(t, sla.Policies{{Name: "p", Targets: targets}}, tl, now), sla.MetricResolution)
		// 09:00-14:00 is 4h of business time (lunch excluded) > 2h. Going
		// back to low does not undo the breach: the cycle keeps urgent's
		// target and keeps counting, 6h by 16:00.
		if c.State != sla.StateBreached || !c.BreachedAt().Equal(mar(t, 4, 14, 0)) || c.Target != 2*time.Hour ||
			c.Priority != sla.PriorityUrgent || c.Elapsed != 6*time.Hour || c.Remaining() != -4*time.Hour {
			t.Errorf("got %v at %v target %v prio %v elapsed %v remaining %v",
				c.State, c.BreachedAt(), c.Target, c.Priority, c.Elapsed, c.Remaining())
		}
	})
	t.Run("a not-applicable cycle that gets a target keeps its time", func(t *testing.T) {
		ps := sla.Policies{{Name: "p", Targets: []sla.Target{simple(sla.MetricFirstResponse, sla.PriorityHigh, 3*time.Hour)}}}
		tl := oneTicket(
			sla.Event{At: mar(t, 4, 9, 0), Kind: sla.EventOpened, Priority: sla.PriorityNormal},
			sla.Event{At: mar(t, 4, 11, 0), Kind: sla.EventPriorityChanged, Priority: sla.PriorityHigh},
		)
		r := evalOne(t, ps, tl, mar(t, 4, 11, 0))
		c := lastCycle(t, r, sla.MetricFirstResponse)
		// 1h left from 11:00 ends on the lunch-time close.
		if c.State != sla.StateRunning || c.Elapsed != 2*time.Hour || !c.Due.Equal(mar(t, 4, 12, 0)) {
			t.Errorf("got %v elapsed %v due %v; want running, 2h, 12:00", c.State, c.Elapsed, c.Due)
		}
		// Before the change, it was not applicable.
		r = evalOne(t, ps, tl, mar(t, 4, 10, 0))
		if m := r.Metric(sla.MetricFirstResponse); m.State != sla.StateNotApplicable || m.Cycles[0].Elapsed != time.Hour {
			t.Errorf("before the change: %v elapsed %v; want not-applicable, 1h", m.State, m.Cycles[0].Elapsed)
		}
	})
	t.Run("stretches are measured on the calendar in force", func(t *testing.T) {
		ps := sla.Policies{{Name: "p", Targets: []sla.Target{
			simple(sla.MetricResolution, sla.PriorityNormal, 8*time.Hour),
			{Metric: sla.MetricResolution, Priority: sla.PriorityUrgent, Within: 24 * time.Hour, Calendar: "24x7"},
		}}}
		tl := oneTicket(
			sla.Event{At: mar(t, 4, 16, 0), Kind: sla.EventOpened, Priority: sla.PriorityNormal},
			sla.Event{At: mar(t, 4, 20, 0), Kind: sla.EventPriorityChanged, Priority: sla.PriorityUrgent},
		)
		// Normal on nz-support 16:00-20:00: 1h. Urgent on 24x7 from 20:00
		// to 08:00 next day: 12h. Total 13h of 24h: due 19:00 Tuesday.
		c := lastCycle(t, evalOne(t, ps, tl, mar(t, 5, 8, 0)), sla.MetricResolution)
		if c.Elapsed != 13*time.Hour || c.Calendar != "24x7" || c.Source != sla.SourceTarget || !c.Due.Equal(mar(t, 5, 19, 0)) {
			t.Errorf("got elapsed %v on %q (%v) due %v", c.Elapsed, c.Calendar, c.Source, c.Due)
		}
	})
}

func stepKinds(c sla.Cycle) []sla.StepKind {
	var ks []sla.StepKind
	for s := range c.Trace.All() {
		ks = append(ks, s.Kind)
	}
	return ks
}

func TestCycles(t *testing.T) {
	h := time.Hour
	ps := sla.Policies{{Name: "p", Targets: []sla.Target{
		simple(sla.MetricFirstResponse, sla.PriorityNormal, h),
		simple(sla.MetricNextReply, sla.PriorityNormal, h),
		{Metric: sla.MetricPeriodicUpdate, Priority: sla.PriorityNormal, Measure: sla.MeasureWallTime, Within: 48 * h},
		simple(sla.MetricResolution, sla.PriorityNormal, 20*h),
	}}}
	ev := func(d, hh, mi int, k sla.EventKind) sla.Event { return sla.Event{At: mar(t, d, hh, mi), Kind: k} }
	opened := sla.Event{At: mar(t, 4, 9, 0), Kind: sla.EventOpened, Priority: sla.PriorityNormal}
	pending := sla.Event{At: mar(t, 4, 10, 0), Kind: sla.EventStatusChanged, Status: sla.StatusPending}

	t.Run("customer messages before the first reply start no next reply", func(t *testing.T) {
		r := evalOne(t, ps, oneTicket(opened, ev(4, 9, 10, sla.EventCustomerMessage), ev(4, 9, 30, sla.EventAgentReply)), mar(t, 4, 12, 0))
		if n := len(r.Metric(sla.MetricNextReply).Cycles); n != 0 {
			t.Errorf("next reply has %d cycles, want 0", n)
		}
		if c := lastCycle(t, r, sla.MetricFirstResponse); c.State != sla.StateMet || c.Elapsed != 30*time.Minute {
			t.Errorf("first response %v %v, want met 30m", c.State, c.Elapsed)
		}
	})
	t.Run("a metric without targets is not measured", func(t *testing.T) {
		only := sla.Policies{{Name: "p", Targets: []sla.Target{simple(sla.MetricResolution, sla.PriorityLow, h)}}}
		r := evalOne(t, only, oneTicket(opened, ev(4, 9, 30, sla.EventAgentReply), ev(4, 10, 0, sla.EventCustomerMessage)), mar(t, 4, 12, 0))
		for _, m := range []sla.Metric{sla.MetricFirstResponse, sla.MetricNextReply, sla.MetricPeriodicUpdate} {
			if mr := r.Metric(m); mr.State != sla.StateNotApplicable || len(mr.Cycles) != 0 {
				t.Errorf("%v: %v with %d cycles; want not-applicable, none", m, mr.State, len(mr.Cycles))
			}
		}
		// Resolution has a target, though not for normal: it is measured.
		if mr := r.Metric(sla.MetricResolution); mr.State != sla.StateNotApplicable || len(mr.Cycles) != 1 || mr.Cycles[0].Elapsed != 3*h {
			t.Errorf("resolution: %v with %+v; want one not-applicable cycle of 3h", mr.State, mr.Cycles)
		}
	})
	t.Run("an internal note fulfils nothing", func(t *testing.T) {
		r := evalOne(t, ps, oneTicket(opened, ev(4, 9, 30, sla.EventInternalNote)), mar(t, 4, 11, 0))
		if c := lastCycle(t, r, sla.MetricFirstResponse); c.State != sla.StateBreached || !c.End.IsZero() {
			t.Errorf("first response %v end %v, want breached and open", c.State, c.End)
		}
	})
	t.Run("a periodic update that starts while pending starts paused", func(t *testing.T) {
		r := evalOne(t, ps, oneTicket(opened, pending, ev(4, 11, 0, sla.EventAgentReply)), mar(t, 4, 12, 0))
		c := lastCycle(t, r, sla.MetricPeriodicUpdate)
		if c.State != sla.StatePaused || c.Elapsed != 0 || c.Paused != time.Hour || !c.OriginalDue.IsZero() ||
			!c.Due.Equal(mar(t, 6, 12, 0)) {
			t.Errorf("periodic update %v elapsed %v paused %v orig %v due %v", c.State, c.Elapsed, c.Paused, c.OriginalDue, c.Due)
		}
		if s := c.Trace.Step(1); s.Kind != sla.StepPaused || s.Status != sla.StatusPending {
			t.Errorf("trace %v: want a pause for status pending", c.Trace.Steps())
		}
	})
	t.Run("each reply ends a periodic update and starts the next", func(t *testing.T) {
		r := evalOne(t, ps, oneTicket(opened, ev(4, 10, 0, sla.EventAgentReply), ev(5, 10, 0, sla.EventAgentReply),
			ev(8, 11, 0, sla.EventAgentReply), ev(8, 12, 0, sla.EventSolved)), mar(t, 8, 13, 0))
		var got []sla.State
		for _, c := range r.Metric(sla.MetricPeriodicUpdate).Cycles {
			got = append(got, c.State)
		}
		// 24h met; 73h breached (at Thu 7 Mar 10:00); 1h met (by the solve).
		if d := cmp.Diff(got, []sla.State{sla.StateMet, sla.StateBreached, sla.StateMet}); d != "" {
			t.Errorf("periodic updates (-got +want):\n%s", d)
		}
	})
	t.Run("closed without solve fulfils what runs", func(t *testing.T) {
		r := evalOne(t, ps, oneTicket(opened, ev(4, 9, 30, sla.EventClosed)), mar(t, 4, 12, 0))
		for _, m := range []sla.Metric{sla.MetricFirstResponse, sla.MetricResolution} {
			if c := lastCycle(t, r, m); c.State != sla.StateMet || !c.End.Equal(mar(t, 4, 9, 30)) {
				t.Errorf("%v: %v end %v, want met at the close", m, c.State, c.End)
			}
		}
	})
	t.Run("a message on a solved ticket starts nothing until reopened", func(t *testing.T) {
		tl := oneTicket(opened, ev(4, 9, 30, sla.EventAgentReply), ev(4, 10, 0, sla.EventSolved), ev(4, 11, 0, sla.EventCustomerMessage))
		r := evalOne(t, ps, tl, mar(t, 4, 12, 0))
		if n := len(r.Metric(sla.MetricNextReply).Cycles); n != 0 {
			t.Errorf("next reply cycles = %d, want 0", n)
		}
		tl.Events = append(tl.Events, ev(4, 13, 30, sla.EventReopened), ev(4, 13, 30, sla.EventCustomerMessage))
		r = evalOne(t, ps, tl, mar(t, 4, 14, 0))
		res := r.Metric(sla.MetricResolution)
		if len(res.Cycles) != 2 || res.Cycles[0].State != sla.StateMet || res.State != sla.StateRunning ||
			res.Cycles[1].Elapsed != 30*time.Minute || res.Cycles[1].N != 2 {
			t.Errorf("resolution cycles %+v, want a met one and a running second of 30m", res.Cycles)
		}
		if c := lastCycle(t, r, sla.MetricNextReply); c.State != sla.StateRunning || c.Elapsed != 30*time.Minute {
			t.Errorf("next reply %v %v, want running 30m", c.State, c.Elapsed)
		}
	})
	t.Run("events after now are ignored", func(t *testing.T) {
		tl := oneTicket(opened, ev(4, 9, 30, sla.EventAgentReply), ev(4, 10, 0, sla.EventSolved))
		r := evalOne(t, ps, tl, mar(t, 4, 9, 20))
		if c := lastCycle(t, r, sla.MetricFirstResponse); c.State != sla.StateRunning || c.Elapsed != 20*time.Minute || !c.End.IsZero() {
			t.Errorf("replay: %v %v end %v; want running 20m", c.State, c.Elapsed, c.End)
		}
		if r.Metric(sla.MetricPeriodicUpdate).State != sla.StateNotApplicable {
			t.Errorf("periodic update started by a future reply")
		}
	})
}

func TestWarnings(t *testing.T) {
	ps := sla.Policies{{Name: "p", Targets: []sla.Target{
		{Metric: sla.MetricFirstResponse, Priority: sla.PriorityNormal, Within: 4 * time.Hour, Warn: sla.Warning{Consumed: 75 * sla.OnePercent}},
		{Metric: sla.MetricResolution, Priority: sla.PriorityNormal, Within: 8 * time.Hour, Warn: sla.Warning{Consumed: 50 * sla.OnePercent, Before: 2 * time.Hour}},
	}}}
	tl := oneTicket(sla.Event{At: mar(t, 4, 10, 0), Kind: sla.EventOpened, Priority: sla.PriorityNormal})
	// First response: 75% of 4h is 3h: 10:00-12:00 and 13:00-14:00, so
	// 14:00. Resolution: 50% of 8h (4h, at 15:00) comes before 2h before
	// due (6h, at 17:00... next day 08:30): 15:00.
	r := evalOne(t, ps, tl, mar(t, 4, 11, 0))
	fr, res := lastCycle(t, r, sla.MetricFirstResponse), lastCycle(t, r, sla.MetricResolution)
	if fr.Warned || !fr.WarnAt.Equal(mar(t, 4, 14, 0)) || res.Warned || !res.WarnAt.Equal(mar(t, 4, 15, 0)) {
		t.Errorf("at 11:00: warned %v at %v, %v at %v; want projected 14:00 and 15:00", fr.Warned, fr.WarnAt, res.Warned, res.WarnAt)
	}
	r = evalOne(t, ps, tl, mar(t, 4, 14, 0))
	fr = lastCycle(t, r, sla.MetricFirstResponse)
	if !fr.Warned || !fr.WarnAt.Equal(mar(t, 4, 14, 0)) || fr.Consumed() != 75*sla.OnePercent {
		t.Errorf("at 14:00: warned %v at %v consumed %v; want warned at 14:00, 75%%", fr.Warned, fr.WarnAt, fr.Consumed())
	}
	if k := stepKinds(fr); k[len(k)-1] != sla.StepWarned {
		t.Errorf("trace %v: want a warning step", k)
	}
}

func TestCalendarResolution(t *testing.T) {
	loadCalendars(t)
	target := sla.Target{Metric: sla.MetricFirstResponse, Priority: sla.PriorityNormal, Within: time.Hour}
	named := target
	named.Calendar = "24x7"
	for _, tc := range []struct {
		name    string
		account account.ID
		tier    account.Tier
		target  sla.Target
		cal     string
		source  sla.Source
	}{
		{"account's own hours", "initech", 1, target, "initech-hours", sla.SourceAccount},
		{"tier's hours", "acme", 1, target, "24x7", sla.SourceTier},
		{"default", "acme", 2, target, "nz-support", sla.SourceDefault},
		{"named by the target", "initech", 1, named, "24x7", sla.SourceTarget},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev := newEvaluator(t, sla.Policies{{Name: "p", Targets: []sla.Target{tc.target}}}, sla.Calendars{
				Named:    map[string]*calendar.Calendar{"nz-support": nzCal, "initech-hours": initech, "24x7": always},
				Accounts: map[account.ID]string{"initech": "initech-hours"},
				Tiers:    map[account.Tier]string{1: "24x7"},
				Default:  "nz-support",
			})
			r, err := ev.Evaluate(sla.Timeline{Ticket: "T", Account: tc.account, Tier: tc.tier, Events: []sla.Event{
				{At: mar(t, 4, 8, 45), Kind: sla.EventOpened, Priority: sla.PriorityNormal}}}, mar(t, 4, 9, 0))
			if err != nil {
				t.Fatal(err)
			}
			c := lastCycle(t, r, sla.MetricFirstResponse)
			s := c.Trace.Step(0)
			if c.Calendar != tc.cal || c.Source != tc.source || s.Calendar != tc.cal || s.Source != tc.source {
				t.Errorf("calendar %q (%v), trace %q (%v); want %q (%v)", c.Calendar, c.Source, s.Calendar, s.Source, tc.cal, tc.source)
			}
		})
	}
}

func TestEvaluateErrors(t *testing.T) {
	ps := sla.Policies{{Name: "p", Targets: []sla.Target{simple(sla.MetricResolution, sla.PriorityNormal, time.Hour)}}}
	ev := newEvaluator(t, ps, fixtureCalendars(t))
	tl := oneTicket(sla.Event{At: mar(t, 4, 9, 0), Kind: sla.EventOpened, Priority: sla.PriorityNormal})
	now := account.FieldError{Record: "Argument", Field: "now", Err: sla.ErrInvalid}
	for _, at := range []time.Time{mar(t, 4, 8, 0), {}} {
		_, err := ev.Evaluate(tl, at)
		if d := cmp.Diff(fieldError(t, err), now, ignoreText); d != "" {
			t.Errorf("now %v (-got +want):\n%s", at, d)
		}
	}
	far := oneTicket(sla.Event{At: time.Date(2101, 3, 4, 9, 0, 0, 0, time.UTC), Kind: sla.EventOpened, Priority: sla.PriorityNormal})
	_, err := ev.Evaluate(far, time.Date(2101, 3, 5, 9, 0, 0, 0, time.UTC))
	var de *calendar.DateError
	if !errors.Is(err, calendar.ErrOutOfRange) || !errors.As(err, &de) {
		t.Errorf("out of the calendar's range: got %v, want a calendar.DateError", err)
	} else if got, want := err.Error(), `sla: ticket "T": resolution on calendar "nz-support": `+de.Error(); got != want {
		t.Errorf("out of the calendar's range: got %q, want %q", got, want)
	}
	if _, err := ev.Evaluate(sla.Timeline{Ticket: "T", Account: "a"}, mar(t, 4, 9, 0)); !errors.Is(err, sla.ErrInvalid) {
		t.Errorf("empty timeline: got %v, want ErrInvalid", err)
	}
	if _, err := sla.Evaluate(sla.Policies{}, fixtureCalendars(t), tl, mar(t, 4, 10, 0)); !errors.Is(err, sla.ErrInvalid) {
		t.Errorf("no policies: got %v, want ErrInvalid", err)
	}
	var zero sla.Evaluator
	if _, err := zero.Evaluate(tl, mar(t, 4, 10, 0)); !errors.Is(err, sla.ErrInvalid) {
		t.Errorf("zero Evaluator: got %v, want ErrInvalid", err)
	}
	for _, err := range (*sla.Evaluator)(nil).EvaluateAll([]sla.Timeline{tl}, mar(t, 4, 10, 0), 2) {
		if !errors.Is(err, sla.ErrInvalid) {
			t.Errorf("nil Evaluator, batch: got %v, want ErrInvalid", err)
		}
	}
}

func TestTrace(t *testing.T) {
	ps := sla.Policies{
		{Name: "Gold", Accounts: []account.ID{"acme"}, Targets: []sla.Target{
			{Metric: sla.MetricResolution, Priority: sla.PriorityHigh, Measure: sla.MeasureBusinessDays, Days: 1},
			simple(sla.MetricResolution, sla.PriorityUrgent, 2*time.Hour),
		}},
		{Name: "Standard"},
	}
	tl := oneTicket(
		sla.Event{At: mar(t, 4, 9, 0), Kind: sla.EventOpened, Priority: sla.PriorityHigh},
		sla.Event{At: mar(t, 4, 10, 0), Kind: sla.EventStatusChanged, Status: sla.StatusPending},
		sla.Event{At: mar(t, 4, 11, 0), Kind: sla.EventStatusChanged, Status: sla.StatusOpen},
		sla.Event{At: mar(t, 4, 11, 0), Kind: sla.EventPriorityChanged, Priority: sla.PriorityUrgent},
		sla.Event{At: mar(t, 4, 14, 0), Kind: sla.EventSolved},
	)
	r := evalOne(t, ps, tl, mar(t, 4, 15, 0))
	if r.Policy != "Gold" {
		t.Errorf("policy %q, want Gold", r.Policy)
	}
	var got []string
	for s := range lastCycle(t, r, sla.MetricResolution).Trace.All() {
		got = append(got, s.String())
	}
	// 09:00 is 30m into Monday, so 1 business day runs to 09:00 Tuesday:
	// 7h30 of business time. The two events at 11:00 are taken in the
	// canonical order, the priority change before the status change,
	// whatever their order in the timeline. Urgent's 2h run out at 12:00.
	want := []string{
		`2024-03-04T09:00:00+13:00 started under "Gold": high: 1 business-days (7h30m0s) on "nz-support" (default), by event 0 (opened)`,
		`2024-03-04T10:00:00+13:00 paused: status pending, elapsed 1h0m0s, by event 1 (status-changed)`,
		`2024-03-04T11:00:00+13:00 retargeted: urgent: 2h0m0s business-time on "nz-support" (default), elapsed 1h0m0s kept, by event 3 (priority-changed)`,
		`2024-03-04T11:00:00+13:00 resumed: elapsed 1h0m0s of 2h0m0s, by event 2 (status-changed)`,
		`2024-03-04T12:00:00+13:00 breached: elapsed 2h0m0s of 2h0m0s`,
		`2024-03-04T14:00:00+13:00 fulfilled: elapsed 3h0m0s of 2h0m0s, by event 4 (solved)`,
	}
	if d := cmp.Diff(got, want); d != "" {
		t.Errorf("trace (-got +want):\n%s", d)
	}
	for s := range lastCycle(t, r, sla.MetricResolution).Trace.All() {
		if s.Policy != "Gold" {
			t.Errorf("step %v: Policy %q, want \"Gold\"", s, s.Policy)
		}
	}
	// Another account's ticket falls to the catch-all, and its steps say so.
	ps[1].Targets = []sla.Target{simple(sla.MetricResolution, sla.PriorityHigh, time.Hour)}
	tl.Account = "globex"
	r = evalOne(t, ps, tl, mar(t, 4, 15, 0))
	c := lastCycle(t, r, sla.MetricResolution)
	if r.Policy != "Standard" || c.Trace.Len() == 0 || c.Trace.Step(0).Policy != "Standard" {
		t.Errorf("catch-all: Result.Policy %q, trace %v", r.Policy, c.Trace.Steps())
	}
}

// Next reply never pauses: a customer message on a pending ticket starts
// a next-reply cycle that runs, though the ticket still waits for the
// customer's status change.
func TestNextReplyStartsRunningWhilePending(t *testing.T) {
	ps := sla.Policies{{Name: "p", Targets: []sla.Target{
		simple(sla.MetricFirstResponse, sla.PriorityNormal, 4*time.Hour),
		simple(sla.MetricNextReply, sla.PriorityNormal, 4*time.Hour),
	}}}
	ev := newEvaluator(t, ps, fixtureCalendars(t))
	res, err := ev.Evaluate(oneTicket(
		sla.Event{At: mar(t, 4, 9, 0), Kind: sla.EventOpened, Priority: sla.PriorityNormal},
		sla.Event{At: mar(t, 4, 9, 30), Kind: sla.EventAgentReply},
		sla.Event{At: mar(t, 4, 9, 30), Kind: sla.EventStatusChanged, Status: sla.StatusPending},
		sla.Event{At: mar(t, 4, 10, 0), Kind: sla.EventCustomerMessage},
	), mar(t, 4, 11, 0))
	if err != nil {
		t.Fatal(err)
	}
	c, ok := res.Metric(sla.MetricNextReply).Last()
	if !ok || c.State != sla.StateRunning || c.Elapsed != time.Hour || c.Paused != 0 {
		t.Errorf("next reply: %v, elapsed %v, paused %v; want running, 1h, 0s", c.State, c.Elapsed, c.Paused)
	}
}

// TestWarnAfterPause: a clock that was paused warns when the time it ran
// before the pause and after it add up to the warning point, not when the
// time after it alone does.
func TestWarnAfterPause(t *testing.T) {
	ps := sla.Policies{{Name: "all", Targets: []sla.Target{{Metric: sla.MetricResolution, Priority: sla.PriorityNormal,
		Measure: sla.MeasureWallTime, Within: 8 * time.Hour, Warn: sla.Warning{Consumed: 75 * sla.OnePercent}}}}}
	tl := oneTicket(
		sla.Event{At: mar(t, 4, 0, 0), Kind: sla.EventOpened, Priority: sla.PriorityNormal},
		sla.Event{At: mar(t, 4, 1, 0), Kind: sla.EventStatusChanged, Status: sla.StatusPending},
		sla.Event{At: mar(t, 4, 2, 0), Kind: sla.EventStatusChanged, Status: sla.StatusOpen},
	)
	// 1h before the pause and 5h after it make the 6h of the warning.
	c := lastCycle(t, evalOne(t, ps, tl, mar(t, 4, 8, 0)), sla.MetricResolution)
	if !c.Warned || !c.WarnAt.Equal(mar(t, 4, 7, 0)) || c.State != sla.StateRunning {
		t.Errorf("got warned %v at %v, %v; want warned at %v, running", c.Warned, c.WarnAt, c.State, mar(t, 4, 7, 0))
	}
}
