package sla

import (
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/keyaccount/keyaccount/account"
)

// A Result is the evaluation of one ticket at one instant: every cycle of
// every metric, as the ticket's events up to that instant make them.
//
// The zero Result is the result of no evaluation: it has no metrics.
type Result struct {
	Ticket   string       // the ticket evaluated
	Account  account.ID   // its account
	Tier     account.Tier // its account's tier
	Policy   string       // the name of the policy that applies to the ticket
	Priority Priority     // the ticket's priority at the evaluation instant
	At       time.Time    // the evaluation instant (the now given to Evaluate)

	// Metrics holds one entry per metric, in the order MetricFirstResponse,
	// MetricNextReply, MetricPeriodicUpdate, MetricResolution. Use [Result.Metric] to pick
	// one.
	Metrics []MetricResult
}

// Metric returns the result of the metric m, or a zero MetricResult if m
// is not a metric or r holds no metrics.
func (r Result) Metric(m Metric) MetricResult {
	if m < 1 || int(m) > len(r.Metrics) {
		return MetricResult{}
	}
	return r.Metrics[m-1]
}

// A MetricResult is the result of one metric of one ticket: its cycles.
// First response has at most one cycle per ticket; next reply and periodic
// update one per exchange; resolution one per opening and reopening.
//
// The zero MetricResult is a metric with no cycle.
type MetricResult struct {
	Metric Metric // the metric

	// State is the state of the last cycle, or StateNotApplicable if there is
	// none.
	State State

	// Cycles are the metric's cycles, oldest first. Earlier cycles are
	// kept when a new one starts.
	Cycles []Cycle
}

// Last returns the metric's last cycle, and false if it has none.
func (m MetricResult) Last() (Cycle, bool) {
	if len(m.Cycles) == 0 {
		return Cycle{}, false
	}
	return m.Cycles[len(m.Cycles)-1], true
}

// A Cycle is one run of a metric's clock: from the event that starts it to
// the event that fulfils it, or to the evaluation instant if nothing has
// yet.
//
// Durations are exact. Elapsed is measured as the target is: business
// time on the cycle's calendar, or wall time; when a priority change moves
// a cycle to a target on another calendar, each stretch is measured on the
// calendar in force then. So Elapsed ≤ Wall − Paused ≤ Wall.
//
// The zero Cycle is no cycle.
type Cycle struct {
	Metric Metric // the metric the cycle measures
	State  State  // StateNotApplicable when no target applies to it

	// Priority is the priority whose target applies: the ticket's
	// priority when the cycle ended (or now), or when it breached.
	Priority Priority

	// Measure is how Target is measured, and Source says why the clock
	// runs on Calendar (see below).
	Measure Measure // business time, wall time or business days
	Source  Source  // why the clock runs on Calendar

	// Warned reports whether the warning threshold of the target (see
	// [Warning]) had been reached by End or the evaluation instant, and
	// WarnAt (below) when.
	Warned bool

	N int // the cycle's number within its metric: 1, 2, ...

	// Target is the target in force: Within for business and wall time;
	// for business days, the business time from Start to the end of the
	// last of those days. Zero when no target applies.
	Target time.Duration
	Days   int // the target in business days, for MeasureBusinessDays

	// Calendar names the calendar of the target in force ("" for wall
	// time). Without a target, it names the calendar the clock is
	// measured on all the same.
	Calendar string

	Start time.Time // when the clock started (or restarted, see [PriorityChangeRestart])
	End   time.Time // when the cycle was fulfilled; zero if it has not been

	Elapsed time.Duration // time on the clock, pauses excluded
	Wall    time.Duration // wall time from Start to End (or the evaluation instant)
	Paused  time.Duration // wall time spent paused within Wall

	// Due is when the target runs out: for a running cycle, its live
	// deadline; for a paused one, the deadline if the clock resumed at
	// the evaluation instant; for a met one, the deadline it beat; for a
	// breached one, the instant it breached (see [Cycle.BreachedAt]).
	// Zero when no target applies.
	Due time.Time

	// OriginalDue is the first deadline the cycle was given: the due of
	// its first target when its clock first ran, before any pause or
	// priority change moved it.
	OriginalDue time.Time

	// WarnAt is when the cycle warned; or, for a running or paused cycle
	// that has not warned, when it will if the clock runs from the
	// evaluation instant without pause. It is zero when the target sets
	// no warning, and for an ended cycle that never warned.
	WarnAt time.Time

	// Trace records what happened to the cycle's clock, in order of time.
	Trace Trace
}

// Remaining returns the time left before the target runs out, Target −
// Elapsed, measured as the target is: negative once the cycle has breached
// and business time has passed since its due; zero when no target
// applies. A cycle that breaches in closed hours has zero remaining until
// the calendar opens: a reply at 17:30 to a target that ran out at the
// 17:00 close is late (the cycle is Breached, [Cycle.BreachedAt] is
// 17:00), yet no business time has passed since. [Cycle.Wall] and the
// breach instant give the lateness in wall time.
func (c Cycle) Remaining() time.Duration {
	if c.Target == 0 {
		return 0
	}
	return c.Target - c.Elapsed
}

// Consumed returns Elapsed as a share of Target, rounded half up to
// hundredths of a percent: 100% or more once the cycle has breached, and
// zero when no target applies.
func (c Cycle) Consumed() Percent {
	if c.Target <= 0 {
		return 0
	}
	return ratio(int64(c.Elapsed), int64(c.Target))
}

// BreachedAt returns when the cycle breached: its due at the time (its
// Due), or the instant a priority change set a target already exceeded.
// It returns the zero Time if the cycle has not breached.
func (c Cycle) BreachedAt() time.Time {
	if c.State != StateBreached {
		return time.Time{}
	}
	return c.Due
}

// A Step is one entry of a cycle's trace: what happened to its clock, why,
// and what applied afterwards.
//
// The zero Step records nothing.
type Step struct {
	At   time.Time // when the step happened
	Kind StepKind  // what happened

	// Policy names the policy the step applies under: the ticket's
	// policy, the first of the [Policies] that matches its account and
	// tier (as [Result.Policy]; a ticket has one policy).
	Policy string

	// EventKind is the kind of the event behind the step, and Event its
	// index in Timeline.Events; zero and -1 for a step the clock reached
	// on its own (StepWarned, StepBreached).
	EventKind EventKind

	// Priority, Measure, Source, Target, Days and Calendar are what
	// applies to the cycle after the step: the priority whose target it
	// is, the target (zero if none applies) and the calendar the clock
	// runs on, and why that calendar.
	Priority Priority // the priority whose target applies
	Measure  Measure  // how the target is measured
	Source   Source   // why the calendar applies

	// Status is, for StepPaused, the status that paused the clock.
	Status Status

	Event    int           // the index of the event in Timeline.Events, or -1
	Days     int           // the target in business days, for MeasureBusinessDays
	Target   time.Duration // the target as a duration (zero if none applies)
	Calendar string        // the name of the calendar the clock runs on

	// Elapsed is the time on the clock at the step.
	Elapsed time.Duration
}

// A Trace is what happened to a cycle's clock: its steps, in order of time.
// It is kept in a compact form and expanded into [Step]s when asked, so
// that evaluating a million tickets does not build ten million Steps that
// nobody reads.
//
// Each step's At is in the zone of the calendar the step names, or of the
// ticket's calendar for a wall-time step.
//
// The zero Trace has no steps.
type Trace struct {
	steps  []step
	names  *calNames
	home   uint16 // the ticket's calendar, for the zone of wall-time steps
	policy uint16 // the ticket's policy
}

// step is a Step in compact form, without pointers: the instant as Unix
// seconds and nanoseconds, the calendar as an index into calNames.
type step struct {
	sec     int64
	target  time.Duration
	elapsed time.Duration
	nsec    int32
	event   int32
	days    int32
	kind    StepKind
	evKind  EventKind
	prio    Priority
	measure Measure
	source  Source
	status  Status
	cal     uint16
}

// Len returns the number of steps.
func (t Trace) Len() int { return len(t.steps) }

// Step returns the i-th step, counting from 0. It panics if i is out of
// range, as indexing a slice does.
func (t Trace) Step(i int) Step {
	s := &t.steps[i]
	zone := s.cal
	if zone == 0 {
		zone = t.home
	}
	return Step{
		At: time.Unix(s.sec, int64(s.nsec)).In(t.names.locs[zone]), Kind: s.kind,
		EventKind: s.evKind, Event: int(s.event),
		Priority: s.prio, Measure: s.measure, Source: s.source, Status: s.status,
		Days: int(s.days), Target: s.target, Calendar: t.names.names[s.cal], Elapsed: s.elapsed,
		Policy: t.names.policies[t.policy],
	}
}

// All returns the steps in order.
func (t Trace) All() iter.Seq[Step] {
	return func(yield func(Step) bool) {
		for i := range t.steps {
			if !yield(t.Step(i)) {
				return
			}
		}
	}
}

// Steps returns the steps as a new slice.
func (t Trace) Steps() []Step {
	out := make([]Step, len(t.steps))
	for i := range out {
		out[i] = t.Step(i)
	}
	return out
}

// Equal reports whether t and u hold the same steps: equal fields, and
// instants that are equal as [time.Time.Equal] has it. (It lets go-cmp
// compare Results.)
func (t Trace) Equal(u Trace) bool {
	if len(t.steps) != len(u.steps) {
		return false
	}
	for i := range t.steps {
		a, b := t.Step(i), u.Step(i)
		if !a.At.Equal(b.At) {
			return false
		}
		a.At, b.At = time.Time{}, time.Time{}
		if a != b {
			return false
		}
	}
	return true
}

// String describes the step in one line, such as
//
//	2024-06-03T09:00:00+12:00 started under "Key accounts": high: 4h0m0s business-time on "nz-support" (account), by event 0 (opened)
func (s Step) String() string {
	var b strings.Builder
	b.WriteString(s.At.Format(time.RFC3339))
	b.WriteByte(' ')
	b.WriteString(s.Kind.String())
	if s.Kind == StepStarted {
		b.WriteString(" under ")
		b.WriteString(strconv.Quote(s.Policy))
	}
	switch s.Kind {
	case StepStarted, StepRetargeted, StepRestarted:
		b.WriteString(": ")
		b.WriteString(s.Priority.String())
		b.WriteString(": ")
		switch {
		case s.Target == 0:
			b.WriteString("no target")
		case s.Measure == MeasureBusinessDays:
			b.WriteString(strconv.Itoa(s.Days))
			b.WriteString(" business-days (")
			b.WriteString(s.Target.String())
			b.WriteString(")")
		default:
			b.WriteString(s.Target.String())
			b.WriteByte(' ')
			b.WriteString(s.Measure.String())
		}
		if s.Source != SourceNoCalendar {
			b.WriteString(" on ")
			b.WriteString(strconv.Quote(s.Calendar))
			b.WriteString(" (")
			b.WriteString(s.Source.String())
			b.WriteString(")")
		}
		if s.Kind == StepRetargeted {
			b.WriteString(", elapsed ")
			b.WriteString(s.Elapsed.String())
			b.WriteString(" kept")
		}
	case StepPaused:
		b.WriteString(": status ")
		b.WriteString(s.Status.String())
		b.WriteString(", elapsed ")
		b.WriteString(s.Elapsed.String())
	case StepWarned, StepBreached, StepFulfilled, StepResumed:
		b.WriteString(": elapsed ")
		b.WriteString(s.Elapsed.String())
		if s.Target != 0 {
			b.WriteString(" of ")
			b.WriteString(s.Target.String())
		}
	}
	if s.Event >= 0 && s.EventKind != 0 {
		b.WriteString(", by event ")
		b.WriteString(strconv.Itoa(s.Event))
		b.WriteString(" (")
		b.WriteString(s.EventKind.String())
		b.WriteString(")")
	}
	return b.String()
}
