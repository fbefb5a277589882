package sla

import (
	"fmt"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// ShareAt returns the instant at which the cycle's clock reached the share
// p of its target: the first instant its Elapsed was at least p of the
// target in force (rounded up to the nanosecond, as a [Warning] of
// Consumed p is), for p above 0% and at most 100%. A [Warning] of Consumed
// p fires at the same instant: ShareAt(p) is WarnAt for such a target.
//
// It is exact under pauses and priority changes. Pauses do not count; the
// share is of the target in force at each instant, so a retarget to a
// smaller target that the elapsed time already exceeds reaches the share
// at the retarget; after a restart ([PriorityChangeRestart]) the clock,
// and the share, count from the restart. p of 100% is reached when the
// elapsed time reaches the target: at the due of a running cycle, and at
// or before the breach of a breached one (a clock paused exactly at its
// due breaches only when it resumes, as [Cycle.BreachedAt] has it).
//
// For a running cycle that has not yet reached p, ShareAt returns the
// instant it will if the clock runs on without a pause or a priority
// change. It returns the zero Time, with no error, when the cycle has not
// reached p and will not without a new event: it is paused, it ended, or
// no target applies. A cycle not built by [Evaluator.Evaluate] (the zero
// Cycle, say) has no trace, and gives the zero Time.
//
// It returns an [*account.FieldError] wrapping [ErrInvalid] (Record
// "Argument", Field "p") for p out of range, and the errors of the
// calendars for an instant out of their range.
func (c Cycle) ShareAt(p Percent) (time.Time, error) {
	if p <= 0 || p > 100*OnePercent {
		return time.Time{}, &account.FieldError{Record: "Argument", Field: "p", Value: p, Reason: "must be above 0% and at most 100%", Err: ErrInvalid}
	}
	t := c.Trace
	if len(t.steps) == 0 || t.names == nil || len(t.names.cals) == 0 {
		return time.Time{}, nil
	}
	var (
		running bool
		limit   time.Duration // the target in force; 0 for none
		elapsed time.Duration // the clock at the last step
		seg     time.Time     // the instant of the last step
		cal     uint16        // the calendar of the target in force
	)
	// reach reports the instant, from the last step, at which the clock
	// reaches the share of limit if it runs d further (d < 0: for ever).
	reach := func(d time.Duration) (time.Time, bool, error) {
		need := share(limit, p) - elapsed
		if d >= 0 && d < need {
			return time.Time{}, false, nil
		}
		at, err := t.add(cal, seg, need)
		return at, err == nil, err
	}
	var reached time.Time
	for i := range t.steps {
		s := &t.steps[i]
		at := time.Unix(s.sec, int64(s.nsec))
		if s.kind == StepRestarted {
			// The clock starts again from zero: so does the share.
			reached = time.Time{}
		} else if running && limit > 0 && reached.IsZero() {
			if r, ok, err := reach(s.elapsed - elapsed); err != nil {
				return time.Time{}, err
			} else if ok {
				reached = r
			}
		}
		elapsed, seg = s.elapsed, at
		switch s.kind {
		case StepStarted:
			running, limit, cal = true, s.target, s.cal
		case StepRetargeted, StepRestarted: // a paused clock stays paused
			limit, cal = s.target, s.cal
		case StepPaused:
			running = false
		case StepResumed:
			running = true
		case StepFulfilled:
			return reached, nil
		}
		if reached.IsZero() && limit > 0 && elapsed >= share(limit, p) {
			reached = t.zone(cal, at)
		}
	}
	if !reached.IsZero() || !running || limit == 0 || !c.End.IsZero() {
		return reached, nil
	}
	r, _, err := reach(-1)
	return r, err
}

// add adds d of business time to at on the calendar of index cal (wall
// time for 0), as the evaluation does.
func (t Trace) add(cal uint16, at time.Time, d time.Duration) (time.Time, error) {
	c := t.names.cals[cal]
	if c == nil {
		return t.zone(cal, at.Add(d)), nil
	}
	r, err := c.Add(at, d)
	if err != nil {
		return time.Time{}, fmt.Errorf("sla: share of a cycle on calendar %s: %w", fault.Quote(t.names.names[cal]), err)
	}
	return r, nil
}

// zone returns at in the zone of the calendar of index cal, or of the
// ticket's calendar for wall time, as the trace's steps are.
func (t Trace) zone(cal uint16, at time.Time) time.Time {
	if cal == 0 {
		cal = t.home
	}
	return at.In(t.names.locs[cal])
}
