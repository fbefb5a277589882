package sla

import (
	"fmt"
	"sync"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// An Evaluator evaluates tickets against a list of policies and a set of
// calendars, validated and compiled once by [NewEvaluator]. It keeps no
// reference to the Policies and Calendars it was built from, so changing
// them afterwards does not change it.
//
// An Evaluator is safe for concurrent use by multiple goroutines. The zero
// Evaluator evaluates nothing (its methods return an error): build one
// with NewEvaluator.
type Evaluator struct {
	policies []compiledPolicy
	accounts map[account.ID]*calRef
	tiers    [256]*calRef // by tier; nil where the tier has no calendar
	def      *calRef
	names    *calNames // the calendars by index, for traces
	pool     sync.Pool // *scratch
}

// calRef is a calendar, its name and why it applies. A nil cal is wall
// time.
type calRef struct {
	cal    *calendar.Calendar
	name   string
	source Source
	idx    uint16 // the calendar's index in calNames; 0 for wall time
}

// wallTime is the calRef of wall time: no calendar.
var wallTime = &calRef{}

// calNames holds the names and zones of an Evaluator's calendars, by
// index, and the names of its policies, so that a trace can name a
// calendar or a policy with two bytes.
type calNames struct {
	names    []string
	locs     []*time.Location
	cals     []*calendar.Calendar // nil for wall time, at index 0
	policies []string
}

type compiledPolicy struct {
	name     string
	idx      uint16              // the policy's index in Policies and calNames.policies
	accounts map[account.ID]bool // nil: every account
	tiers    *[256]bool          // nil: every tier
	restart  bool
	measures [numMetrics]bool // whether any target is set for the metric
	targets  [numPriorities][numMetrics]compiledTarget
}

type compiledTarget struct {
	set        bool
	measure    Measure
	within     time.Duration
	days       int
	cal        *calRef // the calendar the target names; nil if none
	warnPct    Percent
	warnBefore time.Duration
}

// NewEvaluator validates ps and cals (see [Policies.Validate] and
// [Calendars.Validate]), checks that every calendar a target names is in
// cals, and returns an Evaluator for them. If anything is not valid it
// returns every fault found, each an [*account.FieldError] wrapping
// [ErrInvalid], joined (each of the two validations lists at most 100); a
// target naming a calendar that cals lacks is the field
// "Targets[j].Calendar" of its Policy.
//
// An Evaluator holds at most 65,535 named calendars and 65,536 policies:
// more is an [*account.FieldError] wrapping ErrInvalid (Record "Calendars",
// Field "Named"; Record "Policies").
func NewEvaluator(ps Policies, cals Calendars) (*Evaluator, error) {
	if err := fault.Join(ps.Validate(), cals.Validate()); err != nil {
		return nil, err
	}
	var fe fieldErrors
	e := &Evaluator{accounts: make(map[account.ID]*calRef, len(cals.Accounts))}
	names := sortedKeys(cals.Named)
	if len(names) >= 1<<16 {
		return nil, &account.FieldError{Record: "Calendars", Field: "Named", Value: len(names), Reason: "holds more than 65535 calendars", Err: ErrInvalid}
	}
	e.names = &calNames{names: append([]string{""}, names...), locs: []*time.Location{time.UTC}, cals: []*calendar.Calendar{nil}}
	index := make(map[string]uint16, len(names))
	for i, name := range names {
		index[name] = uint16(i + 1)
		e.names.locs = append(e.names.locs, cals.Named[name].Location())
		e.names.cals = append(e.names.cals, cals.Named[name])
	}
	ref := func(name string, src Source) *calRef {
		return &calRef{cal: cals.Named[name], name: name, source: src, idx: index[name]}
	}
	for a, name := range cals.Accounts {
		e.accounts[a] = ref(name, SourceAccount)
	}
	for t, name := range cals.Tiers {
		e.tiers[t] = ref(name, SourceTier)
	}
	e.def = ref(cals.Default, SourceDefault)
	if len(ps) > 1<<16 {
		return nil, &account.FieldError{Record: "Policies", Value: len(ps), Reason: "holds more than 65536 policies", Err: ErrInvalid}
	}
	e.policies = make([]compiledPolicy, len(ps))
	for i, p := range ps {
		cp := &e.policies[i]
		cp.name, cp.idx, cp.restart = p.Name, uint16(i), p.OnPriorityChange == PriorityChangeRestart
		e.names.policies = append(e.names.policies, p.Name)
		if len(p.Accounts) > 0 {
			cp.accounts = make(map[account.ID]bool, len(p.Accounts))
			for _, a := range p.Accounts {
				cp.accounts[a] = true
			}
		}
		if len(p.Tiers) > 0 {
			cp.tiers = new([256]bool)
			for _, t := range p.Tiers {
				cp.tiers[t] = true
			}
		}
		for j, t := range p.Targets {
			ct := compiledTarget{set: true, measure: t.Measure, within: t.Within, days: t.Days,
				warnPct: t.Warn.Consumed, warnBefore: t.Warn.Before}
			if t.Calendar != "" {
				c, ok := cals.Named[t.Calendar]
				if !ok {
					fe.add("Policy", p.Name, "Targets["+itoa(j)+"].Calendar", t.Calendar, "names no calendar of Calendars.Named")
				}
				ct.cal = ref(t.Calendar, SourceTarget)
				ct.cal.cal = c
			}
			cp.targets[t.Priority-1][t.Metric-1] = ct
			cp.measures[t.Metric-1] = true
		}
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	e.pool.New = func() any { return new(scratch) }
	return e, nil
}

// Evaluate evaluates one ticket at the instant now with a one-off
// [Evaluator]: see [Evaluator.Evaluate]. To evaluate many tickets against
// the same policies, build the Evaluator once.
func Evaluate(ps Policies, cals Calendars, tl Timeline, now time.Time) (Result, error) {
	e, err := NewEvaluator(ps, cals)
	if err != nil {
		return Result{}, err
	}
	return e.Evaluate(tl, now)
}

// Evaluate rebuilds every cycle of every metric of the ticket tl from its
// events up to and including the instant now, and returns them as they
// stand at now. Events after now are validated but otherwise ignored, so
// evaluating at an earlier now replays the ticket's past.
//
// It returns an error if tl is not valid (see [Timeline.Validate]); an
// [*account.FieldError] wrapping [ErrInvalid] for a zero now or a now
// before the ticket was opened (Record "Argument", Field "now"), or for an
// Evaluator not built by NewEvaluator (Record "Evaluator"); and the errors
// of the calendars,
// such as a [*calendar.DateError] for an instant outside a calendar's
// range, wrapped with the ticket and metric.
func (e *Evaluator) Evaluate(tl Timeline, now time.Time) (Result, error) {
	if err := e.check(); err != nil {
		return Result{}, err
	}
	sc := e.pool.Get().(*scratch)
	r, err := e.evaluate(sc, &tl, now)
	e.pool.Put(sc)
	return r, err
}

// check reports an Evaluator that NewEvaluator did not build.
func (e *Evaluator) check() error {
	if e == nil || len(e.policies) == 0 {
		return &account.FieldError{Record: "Evaluator", Reason: "is not built by NewEvaluator", Err: ErrInvalid}
	}
	return nil
}

// scratch is the working memory of one evaluation, reused across
// evaluations so that the results are the only allocations.
type scratch struct {
	run run     // the state of the evaluation, reset for each
	ord []int32 // the events in canonical order
	// A metric's cycles follow one another, so its steps come cycle by
	// cycle: each metric's steps, and the index in them of the first step
	// of each finished cycle.
	steps [numMetrics][]step
	first [numMetrics][]int32
}

// tgt is a target resolved for one clock.
type tgt struct {
	set     bool
	prio    Priority
	measure Measure
	limit   time.Duration // the target, as a duration on the clock
	days    int
	warn    time.Duration // elapsed at which the cycle warns; -1 for never
	cal     *calRef
}

// clock is the live state of one metric's current cycle.
type clock struct {
	active   bool // a cycle is open (running or paused)
	running  bool
	breached bool
	warned   bool
	dueOK    bool // due holds the deadline of the current segment
	origOK   bool
	m        int       // the metric's index (Metric − 1)
	n        int       // the cycle's number
	first    int32     // the index of its first step in scratch.steps[m]
	start    time.Time // the cycle's Start
	seg      time.Time // running: when the running stretch began; paused: when the pause began
	elapsed  time.Duration
	paused   time.Duration
	due      time.Time
	orig     time.Time
	warnAt   time.Time
	g        tgt
}

// run is the evaluation of one ticket.
type run struct {
	tl     *Timeline
	sc     *scratch
	names  *calNames
	pol    *compiledPolicy
	cal    *calRef // the ticket's calendar: account, tier or default
	prio   Priority
	status Status
	solved bool
	frDone bool // the first response has been given (or the ticket solved)
	n      [numMetrics]int
	clocks [numMetrics]clock
	// out holds each metric's finished cycles, in the memory of the
	// result: the cycles are counted beforehand (see countCycles).
	out [numMetrics][]Cycle
}

func (e *Evaluator) evaluate(sc *scratch, tl *Timeline, now time.Time) (Result, error) {
	if now.IsZero() {
		return Result{}, &account.FieldError{Record: "Argument", Field: "now", Reason: "is the zero time", Err: ErrInvalid}
	}
	ord, err := tl.order(sc.ord[:0])
	if err != nil {
		return Result{}, err
	}
	sc.ord = ord
	if opened := tl.Events[ord[0]].At; now.Before(opened) {
		return Result{}, &account.FieldError{Record: "Argument", Field: "now", Value: stamp(now),
			Reason: "is before ticket " + fault.Quote(tl.Ticket) + " was opened at " + stamp(opened), Err: ErrInvalid}
	}
	for m := range numMetrics {
		sc.steps[m], sc.first[m] = sc.steps[m][:0], sc.first[m][:0]
	}
	// The run lives in the scratch, so that its clocks need not be zeroed:
	// a clock is set in full when its cycle starts, and read only while
	// active.
	r := &sc.run
	r.tl, r.sc, r.names = tl, sc, e.names
	r.pol, r.cal = e.policyFor(tl.Account, tl.Tier), e.calendarFor(tl.Account, tl.Tier)
	r.prio, r.status, r.solved, r.frDone, r.n = 0, 0, false, false, [numMetrics]int{}
	for m := range r.clocks {
		r.clocks[m].active = false
	}
	defer r.release()
	count := countCycles(tl, ord, now, &r.pol.measures)
	cycles := make([]Cycle, count[0]+count[1]+count[2]+count[3])
	for m, k := range count {
		r.out[m], cycles = cycles[:0:k], cycles[k:]
	}
	for _, i := range ord {
		ev := &tl.Events[i]
		if ev.At.After(now) {
			break
		}
		if err := r.apply(int(i), ev); err != nil {
			return Result{}, err
		}
	}
	for m := range r.clocks {
		if c := &r.clocks[m]; c.active {
			if err := r.advance(m, c, now); err != nil {
				return Result{}, err
			}
			if err := r.finish(m, c, now, false); err != nil {
				return Result{}, err
			}
		}
	}
	return r.result(now), nil
}

func (e *Evaluator) policyFor(a account.ID, t account.Tier) *compiledPolicy {
	for i := range e.policies {
		p := &e.policies[i]
		if (p.accounts == nil || p.accounts[a]) && (p.tiers == nil || p.tiers[t]) {
			return p
		}
	}
	return &e.policies[len(e.policies)-1] // unreachable: the last is a catch-all
}

func (e *Evaluator) calendarFor(a account.ID, t account.Tier) *calRef {
	if c, ok := e.accounts[a]; ok {
		return c
	}
	if c := e.tiers[t]; c != nil {
		return c
	}
	return e.def
}

// apply applies the event i to the clocks.
func (r *run) apply(i int, ev *Event) error {
	t := ev.At
	switch ev.Kind {
	case EventOpened:
		r.prio, r.status = ev.Priority, StatusOpen
		if err := r.start(MetricFirstResponse, t, i); err != nil {
			return err
		}
		return r.start(MetricResolution, t, i)
	case EventReopened:
		r.solved, r.status = false, StatusOpen
		return r.start(MetricResolution, t, i)
	case EventPriorityChanged:
		if ev.Priority == r.prio {
			return nil
		}
		r.prio = ev.Priority
		for m := range r.clocks {
			if err := r.retarget(m, t, i); err != nil {
				return err
			}
		}
	case EventCustomerMessage:
		if !r.solved && r.frDone && !r.clocks[MetricNextReply-1].active {
			return r.start(MetricNextReply, t, i)
		}
	case EventAgentReply:
		for _, m := range [...]Metric{MetricFirstResponse, MetricNextReply, MetricPeriodicUpdate} {
			if err := r.fulfil(int(m-1), t, i); err != nil {
				return err
			}
		}
		r.frDone = true
		if !r.solved {
			return r.start(MetricPeriodicUpdate, t, i)
		}
	case EventStatusChanged:
		if ev.Status == r.status {
			return nil
		}
		r.status = ev.Status
		for _, m := range [...]Metric{MetricPeriodicUpdate, MetricResolution} {
			var err error
			if r.status == StatusPending {
				err = r.pause(int(m-1), t, i)
			} else {
				err = r.resume(int(m-1), t, i)
			}
			if err != nil {
				return err
			}
		}
	case EventSolved, EventClosed:
		if r.solved {
			return nil
		}
		r.solved, r.frDone = true, true
		for m := range r.clocks {
			if err := r.fulfil(m, t, i); err != nil {
				return err
			}
		}
	}
	return nil
}

// pauses reports whether the metric m's clock stops while the ticket is
// pending.
func pauses(m int) bool { return m == int(MetricPeriodicUpdate-1) || m == int(MetricResolution-1) }

// target resolves the target of metric m for a cycle that starts at start.
// For a business-days target it also returns its deadline from start.
func (r *run) target(m int, start time.Time) (tgt, time.Time, error) {
	ct := &r.pol.targets[r.prio-1][m]
	if !ct.set {
		return tgt{prio: r.prio, cal: r.cal, warn: -1}, time.Time{}, nil
	}
	g := tgt{set: true, prio: r.prio, measure: ct.measure, limit: ct.within, days: ct.days, warn: -1}
	switch {
	case ct.measure == MeasureWallTime:
		g.cal = wallTime
	case ct.cal != nil:
		g.cal = ct.cal
	default:
		g.cal = r.cal
	}
	var due time.Time
	if ct.measure == MeasureBusinessDays {
		var err error
		if due, err = g.cal.cal.AddBusinessDays(start, ct.days); err != nil {
			return g, due, r.calError(m, g.cal, err)
		}
		if g.limit, err = g.cal.cal.Duration(start, due); err != nil {
			return g, due, r.calError(m, g.cal, err)
		}
	}
	if ct.warnPct > 0 {
		g.warn = share(g.limit, ct.warnPct)
	}
	if ct.warnBefore > 0 {
		if w := max(g.limit-ct.warnBefore, 0); g.warn < 0 || w < g.warn {
			g.warn = w
		}
	}
	return g, due, nil
}

func (r *run) calError(m int, c *calRef, err error) error {
	return fmt.Errorf("sla: ticket %s: %v on calendar %s: %w", fault.Quote(r.tl.Ticket), Metric(m+1), fault.Quote(c.name), err)
}

func (r *run) dur(m int, c *calRef, a, b time.Time) (time.Duration, error) {
	if c.cal == nil {
		return b.Sub(a), nil
	}
	d, err := c.cal.Duration(a, b)
	if err != nil {
		return 0, r.calError(m, c, err)
	}
	return d, nil
}

func (r *run) add(m int, c *calRef, t time.Time, d time.Duration) (time.Time, error) {
	if c.cal == nil {
		return t.Add(d), nil
	}
	u, err := c.cal.Add(t, d)
	if err != nil {
		return time.Time{}, r.calError(m, c, err)
	}
	return u, nil
}

// step appends a step of the clock c to the trace.
func (r *run) step(c *clock, kind StepKind, at time.Time, ev int, elapsed time.Duration) *step {
	ss := append(r.sc.steps[c.m], step{sec: at.Unix(), nsec: int32(at.Nanosecond()),
		target: c.g.limit, elapsed: elapsed, event: int32(ev), days: int32(c.g.days),
		kind: kind, prio: c.g.prio, measure: c.g.measure, source: c.g.cal.source, cal: c.g.cal.idx})
	s := &ss[len(ss)-1]
	if ev >= 0 {
		s.evKind = r.tl.Events[ev].Kind
	}
	r.sc.steps[c.m] = ss
	return s
}

// start starts a new cycle of metric m at t, by event ev. It runs unless
// the metric pauses and the ticket is pending.
func (r *run) start(metric Metric, t time.Time, ev int) error {
	m := int(metric - 1)
	if !r.pol.measures[m] {
		return nil // no priority has a target for it: nothing to measure
	}
	c := &r.clocks[m]
	g, due, err := r.target(m, t)
	if err != nil {
		return err
	}
	r.n[m]++
	running := r.status != StatusPending || !pauses(m)
	*c = clock{active: true, running: running, start: t, seg: t, g: g, m: m, n: r.n[m], first: int32(len(r.sc.steps[m]))}
	r.step(c, StepStarted, t, ev, 0)
	if !running {
		r.step(c, StepPaused, t, ev, 0).status = r.status
	}
	if !g.set {
		return nil
	}
	if running {
		if due.IsZero() {
			if due, err = r.add(m, g.cal, t, g.limit); err != nil {
				return err
			}
		}
		c.due, c.dueOK, c.orig, c.origOK = due, true, due, true
	}
	if g.warn == 0 {
		c.warned, c.warnAt = true, t
		r.step(c, StepWarned, t, -1, 0)
	}
	return nil
}

// advance runs the clock c of metric m on to t, recording a warning or a
// breach on the way.
func (r *run) advance(m int, c *clock, t time.Time) error {
	if !c.running {
		return nil
	}
	d, err := r.dur(m, c.g.cal, c.seg, t)
	if err != nil {
		return err
	}
	if c.g.set && !c.breached {
		if !c.warned && c.g.warn >= 0 {
			if need := c.g.warn - c.elapsed; d >= need {
				if c.warnAt, err = r.add(m, c.g.cal, c.seg, need); err != nil {
					return err
				}
				c.warned = true
				r.step(c, StepWarned, c.warnAt, -1, c.g.warn)
			}
		}
		if need := c.g.limit - c.elapsed; d >= need {
			if !c.dueOK {
				if c.due, err = r.add(m, c.g.cal, c.seg, need); err != nil {
					return err
				}
				c.dueOK = true
			}
			if c.due.Before(t) {
				c.breached = true
				r.step(c, StepBreached, c.due, -1, c.g.limit)
			}
		}
	}
	c.elapsed += d
	c.seg = t
	return nil
}

// pause stops the clock of metric m at t, by event ev.
func (r *run) pause(m int, t time.Time, ev int) error {
	c := &r.clocks[m]
	if !c.active || !c.running {
		return nil
	}
	if err := r.advance(m, c, t); err != nil {
		return err
	}
	c.running, c.seg, c.dueOK = false, t, false
	r.step(c, StepPaused, t, ev, c.elapsed).status = r.status
	return nil
}

// resume restarts the paused clock of metric m at t, by event ev.
func (r *run) resume(m int, t time.Time, ev int) error {
	c := &r.clocks[m]
	if !c.active || c.running {
		return nil
	}
	c.paused += t.Sub(c.seg)
	c.running, c.seg = true, t
	r.step(c, StepResumed, t, ev, c.elapsed)
	if c.g.set && !c.breached && !c.origOK {
		return r.setOrig(m, c, t)
	}
	return nil
}

// setOrig records the first deadline of a clock that runs from t.
func (r *run) setOrig(m int, c *clock, t time.Time) error {
	due, err := r.add(m, c.g.cal, t, c.g.limit-c.elapsed)
	if err != nil {
		return err
	}
	c.due, c.dueOK, c.orig, c.origOK = due, true, due, true
	return nil
}

// retarget applies a priority change at t, by event ev, to the clock of
// metric m: a new target, keeping the elapsed time or (PriorityChangeRestart) from zero.
// A breached cycle keeps its target.
func (r *run) retarget(m int, t time.Time, ev int) error {
	c := &r.clocks[m]
	if !c.active || c.breached {
		return nil
	}
	if err := r.advance(m, c, t); err != nil {
		return err
	}
	if c.breached { // it ran out exactly on the way to t
		return nil
	}
	kind := StepRetargeted
	if r.pol.restart {
		kind = StepRestarted
		c.start, c.seg, c.elapsed, c.paused = t, t, 0, 0
		c.warned, c.warnAt = false, time.Time{}
	}
	g, due, err := r.target(m, c.start)
	if err != nil {
		return err
	}
	c.g, c.dueOK = g, false
	r.step(c, kind, t, ev, c.elapsed)
	if !g.set {
		return nil
	}
	if c.running && c.elapsed <= g.limit {
		if kind == StepRestarted && !due.IsZero() { // a business-days deadline from t
			c.due, c.dueOK = due, true
			if !c.origOK {
				c.orig, c.origOK = due, true
			}
		} else if !c.origOK {
			if err := r.setOrig(m, c, t); err != nil {
				return err
			}
		}
	}
	if !c.warned && g.warn >= 0 && c.elapsed >= g.warn {
		c.warned, c.warnAt = true, t
		r.step(c, StepWarned, t, -1, c.elapsed)
	}
	if c.elapsed > g.limit {
		c.breached, c.due, c.dueOK = true, t, true
		r.step(c, StepBreached, t, -1, c.elapsed)
	}
	return nil
}

// fulfil ends the cycle of metric m at t, by event ev.
func (r *run) fulfil(m int, t time.Time, ev int) error {
	c := &r.clocks[m]
	if !c.active {
		return nil
	}
	if err := r.advance(m, c, t); err != nil {
		return err
	}
	r.step(c, StepFulfilled, t, ev, c.elapsed)
	c.active = false
	return r.finish(m, c, t, true)
}

// finish writes the cycle of the clock c as it stands at end: its end if
// ended, else the evaluation instant. The clock has been advanced to end.
func (r *run) finish(m int, c *clock, end time.Time, ended bool) error {
	r.out[m] = append(r.out[m], Cycle{Metric: Metric(m + 1), N: c.n})
	r.sc.first[m] = append(r.sc.first[m], c.first)
	cy := &r.out[m][len(r.out[m])-1]
	cy.Start = c.start
	if ended {
		cy.End = end
	}
	cy.Elapsed, cy.Wall, cy.Paused = c.elapsed, end.Sub(c.start), c.paused
	if !c.running {
		cy.Paused += end.Sub(c.seg)
	}
	cy.Priority, cy.Measure, cy.Days = c.g.prio, c.g.measure, c.g.days
	cy.Calendar, cy.Source = c.g.cal.name, c.g.cal.source
	if c.origOK {
		cy.OriginalDue = c.orig
	}
	if !c.g.set {
		cy.State = StateNotApplicable
		return nil
	}
	cy.Target = c.g.limit
	cy.Warned = c.warned
	var err error
	if c.warned {
		cy.WarnAt = c.warnAt
	} else if !ended && c.g.warn >= 0 {
		if cy.WarnAt, err = r.add(m, c.g.cal, end, c.g.warn-c.elapsed); err != nil {
			return err
		}
	}
	switch {
	case c.breached:
		cy.State, cy.Due = StateBreached, c.due
		return nil
	case ended:
		cy.State = StateMet
	case c.running:
		cy.State = StateRunning
	default:
		cy.State = StatePaused
	}
	if c.dueOK {
		cy.Due = c.due
	} else if cy.Due, err = r.add(m, c.g.cal, end, c.g.limit-c.elapsed); err != nil {
		return err
	}
	return nil
}

// release drops the run's references to the timeline and the result, so
// that the pooled scratch does not keep them alive.
func (r *run) release() {
	r.tl, r.out = nil, [numMetrics][]Cycle{}
}

// countCycles returns the number of cycles each metric will have, by the
// rules apply follows to start cycles, without the clocks. (Should the two
// ever disagree, the result is still right: finish appends the cycles of
// a metric, and append grows the slice.)
func countCycles(tl *Timeline, ord []int32, now time.Time, measured *[numMetrics]bool) [numMetrics]int {
	var n [numMetrics]int
	solved, frDone, nrActive := false, false, false
	for _, i := range ord {
		ev := &tl.Events[i]
		if ev.At.After(now) {
			break
		}
		switch ev.Kind {
		case EventOpened:
			n[MetricFirstResponse-1]++
			n[MetricResolution-1]++
		case EventReopened:
			solved = false
			n[MetricResolution-1]++
		case EventCustomerMessage:
			if !solved && frDone && !nrActive {
				n[MetricNextReply-1]++
				nrActive = true
			}
		case EventAgentReply:
			frDone, nrActive = true, false
			if !solved {
				n[MetricPeriodicUpdate-1]++
			}
		case EventSolved, EventClosed:
			if !solved {
				solved, frDone, nrActive = true, true, false
			}
		}
	}
	for m := range n {
		if !measured[m] {
			n[m] = 0
		}
	}
	return n
}

// result assembles the Result: the cycles are in place already; the steps
// are copied into one allocation, and the metrics made in another.
func (r *run) result(now time.Time) Result {
	sc := r.sc
	ns := 0
	for m := range numMetrics {
		ns += len(sc.steps[m])
	}
	steps := make([]step, ns) // no pointers: cheap to allocate, never scanned
	res := Result{Ticket: r.tl.Ticket, Account: r.tl.Account, Tier: r.tl.Tier,
		Policy: r.pol.name, Priority: r.prio, At: now, Metrics: make([]MetricResult, numMetrics)}
	for m := range numMetrics {
		ss := steps[:len(sc.steps[m]):len(sc.steps[m])]
		steps = steps[len(ss):]
		copy(ss, sc.steps[m])
		cs, first := r.out[m], sc.first[m]
		for i := range cs {
			hi := int32(len(ss))
			if i+1 < len(cs) {
				hi = first[i+1]
			}
			cs[i].Trace = Trace{steps: ss[first[i]:hi:hi], names: r.names, home: r.cal.idx, policy: r.pol.idx}
		}
		mr := MetricResult{Metric: Metric(m + 1)}
		if len(cs) > 0 {
			mr.Cycles, mr.State = cs, cs[len(cs)-1].State
		}
		res.Metrics[m] = mr
	}
	return res
}
