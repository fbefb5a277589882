package escalation

import (
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/keyaccount/keyaccount/sla"
)

// recRef is a record of a level of the policy.
type recRef struct {
	level, repeat int
	i             int // its index in fired
}

// walk is the state of one decision.
type walk struct {
	e     *Engine
	p     *compiled
	is    *Issue
	st    *scan
	now   time.Time
	acks  []time.Time
	fired []Record
	sc    *scratch // refs: the records of the policy's levels; who: everyone notified, unsorted
	d     *Decision
	next  time.Time
}

// step adds s to the trace.
func (w *walk) step(s Step) { w.d.Trace = append(w.d.Trace, s) }

func (e *Engine) decideScanned(p *compiled, is *Issue, sc *scratch, fired []Record, now time.Time) (Decision, error) {
	st := &sc.st
	sc.acks = slices.Grow(sc.acks[:0], len(p.levels))[:len(p.levels)]
	clear(sc.acks)
	if err := st.facts(p, is, now, sc.acks); err != nil {
		return Decision{}, err
	}
	sc.d = Decision{Issue: is.ticket(), Account: is.account(), At: now, Policy: p.name, Version: p.version, Owner: st.owner,
		Trace: sc.steps[:0]}
	d := &sc.d
	w := &walk{e: e, p: p, is: is, st: st, now: now, acks: sc.acks, fired: fired, d: d, sc: sc}
	defer func() {
		// Keep the trace's memory for the next decision, and nothing of
		// this one.
		sc.steps, sc.d = d.Trace[:0], Decision{}
	}()
	if err := w.records(); err != nil {
		return Decision{}, err
	}
	for i := range is.Facts {
		if f := &is.Facts[i]; f.Kind == FactReassigned && !f.At.After(now) {
			w.step(Step{At: f.At, Kind: StepReassigned, Reason: "owner is now " + fault.Quote(string(f.Person))})
		}
	}
	if err := w.levels(); err != nil {
		return Decision{}, err
	}
	if st.resolvedNow() {
		iv := st.resolved[len(st.resolved)-1]
		reason := "nothing more is due; de-escalated"
		if d.Level > 0 {
			reason = "nothing more is due; de-escalated from level " + itoa(d.Level)
		}
		w.step(Step{At: iv.from, Kind: StepResolved, Reason: reason})
		d.Resolved, d.Level = true, 0
	}
	if len(sc.who) > 0 {
		slices.Sort(sc.who)
		d.Participants = slices.Clone(slices.Compact(sc.who))
	}
	d.NextCheck = w.next
	// The trace was built in the scratch's memory: give the decision its
	// own, of the right size.
	out := *d
	out.Trace = slices.Clone(d.Trace)
	return out, nil
}

// records validates the records and indexes those of the policy's levels.
func (w *walk) records() error {
	if len(w.fired) == 0 {
		return nil
	}
	ticket := w.is.ticket()
	for i := range w.fired {
		r := &w.fired[i]
		bad := func(field string, value any, reason string) error {
			return &fault.FieldError{Record: "Argument", Field: "fired[" + itoa(i) + "]" + field, Value: value, Reason: reason, Err: ErrInvalid}
		}
		switch {
		case r.Issue != ticket:
			return bad(".Issue", r.Issue, "is not the issue's ticket "+fault.Quote(ticket))
		case r.Repeat < 0:
			return bad(".Repeat", r.Repeat, "must not be negative")
		case !keyMatches(r.Key, r.Issue, r.LevelName, r.Repeat):
			return bad(".Key", r.Key, "is not Key(Issue, LevelName, Repeat)")
		case r.At.IsZero():
			return bad(".At", nil, "is the zero time")
		case r.At.Before(r.Due):
			return bad(".At", stamp(r.At), "is before Due, "+stamp(r.Due))
		}
		w.sc.who = append(w.sc.who, r.Recipients...)
		k := w.p.level(r.LevelName)
		if k < 0 {
			w.step(Step{At: r.At, Kind: StepIgnored, Repeat: r.Repeat,
				Reason: "record of level " + fault.Quote(r.LevelName) + ", which policy " + fault.Quote(w.p.name) + " version " + itoa(w.p.version) + " does not have"})
			continue
		}
		w.sc.refs = append(w.sc.refs, recRef{level: k, repeat: r.Repeat, i: i})
	}
	slices.SortFunc(w.sc.refs, func(a, b recRef) int {
		if a.level != b.level {
			return a.level - b.level
		}
		if a.repeat != b.repeat {
			return a.repeat - b.repeat
		}
		return a.i - b.i
	})
	for j := 1; j < len(w.sc.refs); j++ {
		if a, b := w.sc.refs[j-1], w.sc.refs[j]; a.level == b.level && a.repeat == b.repeat {
			return &fault.FieldError{Record: "Argument", Field: "fired[" + itoa(b.i) + "]", Value: w.fired[b.i].Key,
				Reason: "repeats fired[" + itoa(a.i) + "]", Err: ErrInvalid}
		}
	}
	return nil
}

// record returns the record of the level's repeat, or nil.
func (w *walk) record(level, repeat int) *Record {
	for _, r := range w.sc.refs {
		if r.level == level && r.repeat == repeat {
			return &w.fired[r.i]
		}
		if r.level > level {
			break
		}
	}
	return nil
}

// candidate offers t as the next check.
func (w *walk) candidate(t time.Time) {
	if w.next.IsZero() || t.Before(w.next) {
		w.next = t
	}
}

// when returns the instant a notification due at due may be sent: the
// first instant at or after it at which the issue is not resolved and the
// quiet hours allow it; false if there is none without a new event.
func (w *walk) when(due time.Time) (time.Time, bool, error) {
	t := due
	for range 8 {
		u, ok := w.st.open(t)
		if !ok {
			return time.Time{}, false, nil
		}
		if w.p.quiet != nil {
			v, err := w.p.quiet.NextWorking(u)
			if err != nil {
				return time.Time{}, false, fmt.Errorf("escalation: issue %s: quiet hours: %w", fault.Quote(w.is.ticket()), err)
			}
			u = v
		}
		if u.Equal(t) {
			return u, true, nil
		}
		t = u
	}
	return t, true, nil
}

// levels walks the policy's levels in order.
func (w *walk) levels() error {
	d, st := w.d, w.st
	stopped := st.resolvedNow()
	prev := st.opened // when the previous level was passed
	prevName := ""
	for i := range w.p.levels {
		l := &w.p.levels[i]
		num := i + 1
		if a := w.acks[i]; !a.IsZero() {
			w.step(Step{At: a, Kind: StepAcknowledged, Level: num, LevelName: l.Name, Reason: "no more notifications for the level"})
		}
		if r := w.record(i, 0); r != nil {
			w.step(Step{At: r.At, Kind: StepFired, Level: num, LevelName: l.Name, Reason: r.Reason})
			d.Level = num
			if err := w.repeats(i, r.At, stopped); err != nil {
				return err
			}
			prev, prevName = r.At, l.Name
			continue
		}
		t, y, ok, err := w.due(l, prev, prevName)
		if err != nil {
			return err
		}
		if !ok {
			if !stopped {
				w.step(Step{At: w.now, Kind: StepWaiting, Level: num, LevelName: l.Name, Reason: waitReason(l)})
			}
			return nil
		}
		due := t
		if due.Before(prev) {
			due = prev
		}
		if stopped {
			return nil
		}
		send, ok, err := w.when(due)
		if err != nil || !ok {
			return err
		}
		a := w.acks[i]
		if !resolvable(w.e, l, w.is, st.owner) {
			// Skipped when due, not held: nobody is woken.
			if due.After(w.now) {
				// A later decision reports the skip.
				prev, prevName = due, l.Name
				continue
			}
			reason := w.nobody(l)
			d.Skipped = append(d.Skipped, Skip{Level: num, LevelName: l.Name, At: due, Reason: reason})
			w.step(Step{At: due, Kind: StepSkipped, Level: num, LevelName: l.Name, Reason: reason})
			prev, prevName = due, l.Name
			continue
		}
		if !a.IsZero() && !a.After(send) {
			// Acknowledged before it was notified: passed.
			prev, prevName = due, l.Name
			if a.After(due) {
				prev = a
			}
			continue
		}
		if send.After(w.now) {
			w.candidate(send)
			if due.After(w.now) {
				w.step(Step{At: send, Kind: StepNext, Level: num, LevelName: l.Name, Reason: y.reason(w)})
				return nil
			}
			n := w.notification(i, 0, y.t.Kind, y.reason(w), due, send)
			d.Held = append(d.Held, n)
			w.step(Step{At: due, Kind: StepHeld, Level: num, LevelName: l.Name, Until: send, Reason: n.Reason})
			return nil
		}
		n := w.notification(i, 0, y.t.Kind, y.reason(w), due, send)
		w.notify(n)
		if err := w.repeats(i, send, stopped); err != nil {
			return err
		}
		prev, prevName = send, l.Name
	}
	if w.next.IsZero() && !stopped {
		w.step(Step{At: w.now, Kind: StepDone, Reason: "every level fired or was passed"})
	}
	return nil
}

// notify adds n to the notifications due now.
func (w *walk) notify(n Notification) {
	d := w.d
	if n.Held {
		w.step(Step{At: n.Due, Kind: StepHeld, Level: n.Level, LevelName: n.LevelName, Repeat: n.Repeat, Until: n.At, Reason: "quiet hours"})
	}
	d.Notify = append(d.Notify, n)
	w.step(Step{At: n.At, Kind: StepDue, Level: n.Level, LevelName: n.LevelName, Repeat: n.Repeat, Reason: n.Reason})
	w.sc.who = append(w.sc.who, n.Recipients...)
	d.Level = max(d.Level, n.Level)
}

// repeats walks the re-notifications of level i, first notified at first.
func (w *walk) repeats(i int, first time.Time, stopped bool) error {
	l := &w.p.levels[i]
	last := first
	for k := 1; k <= l.Repeat.Times; k++ {
		if r := w.record(i, k); r != nil {
			w.step(Step{At: r.At, Kind: StepFired, Level: i + 1, LevelName: l.Name, Repeat: k, Reason: r.Reason})
			last = r.At
			continue
		}
		if stopped {
			return nil
		}
		due := last.Add(l.Repeat.Every)
		send, ok, err := w.when(due)
		if err != nil || !ok {
			return err
		}
		if a := w.acks[i]; !a.IsZero() && !a.After(send) {
			return nil
		}
		if !resolvable(w.e, l, w.is, w.st.owner) {
			return nil
		}
		reason := repeatReason(k, l.Repeat)
		if send.After(w.now) {
			w.candidate(send)
			if due.After(w.now) {
				w.step(Step{At: send, Kind: StepNext, Level: i + 1, LevelName: l.Name, Repeat: k, Reason: reason})
			} else {
				n := w.notification(i, k, 0, reason, due, send)
				w.d.Held = append(w.d.Held, n)
				w.step(Step{At: due, Kind: StepHeld, Level: i + 1, LevelName: l.Name, Repeat: k, Until: send, Reason: reason})
			}
			return nil
		}
		w.notify(w.notification(i, k, 0, reason, due, send))
		last = send
	}
	return nil
}

// notification builds the notification of level i's repeat k.
func (w *walk) notification(i, k int, trig TriggerKind, reason string, due, send time.Time) Notification {
	l := &w.p.levels[i]
	return Notification{Key: Key(w.is.ticket(), l.Name, k), Issue: w.is.ticket(), Account: w.is.account(),
		Policy: w.p.name, Version: w.p.version, Level: i + 1, LevelName: l.Name, Kind: l.Kind, Repeat: k,
		Recipients: recipients(w.e, l, w.is, w.st.owner), Trigger: trig, Reason: reason,
		Due: due, At: send, Held: send.After(due)}
}

// resolvable reports whether the level notifies somebody for the issue.
func resolvable(e *Engine, l *Level, is *Issue, owner Person) bool {
	if len(l.People) > 0 || len(e.org.Teams[l.Team]) > 0 {
		return true
	}
	return l.Role != 0 && e.org.Resolve(l.Role, is.account(), owner) != ""
}

// recipients returns whom the level notifies for the issue: the role's
// person, the team's members and the named people, in that order, each
// once.
func recipients(e *Engine, l *Level, is *Issue, owner Person) []Person {
	var out []Person
	add := func(p Person) {
		if p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	if l.Role != 0 {
		add(e.org.Resolve(l.Role, is.account(), owner))
	}
	for _, p := range e.org.Teams[l.Team] {
		add(p)
	}
	for _, p := range l.People {
		add(p)
	}
	return out
}

// nobody says why the level resolves to nobody.
func (w *walk) nobody(l *Level) string {
	s := ""
	if l.Role != 0 {
		s = "role " + l.Role.String() + " resolves to nobody for account " + fault.Quote(string(w.is.account()))
	}
	if l.Team != "" {
		if s != "" {
			s += "; "
		}
		s += "team " + fault.Quote(l.Team) + " has no members"
	}
	return s
}

// waitReason says what a level whose triggers no clock can bring waits for.
func waitReason(l *Level) string {
	s := "waits for"
	for j, t := range l.Triggers {
		if j > 0 {
			s += " or"
		}
		switch t.Kind {
		case TriggerRequested:
			s += " a customer request"
		case TriggerPriority:
			s += " priority " + t.Priority.String() + " or above"
		case TriggerRepeats:
			s += " " + itoa(t.Count) + " issues within " + shortDur(t.Window)
		case TriggerConsumed, TriggerBreached:
			s += " a running " + t.Metric.String() + " clock"
		default:
			s += " " + t.Kind.String()
		}
	}
	return s
}

// why is the trigger that made a level due, and its values.
type why struct {
	t      *Trigger
	base   time.Time     // the instant counted from, or the event's
	cycle  sla.Cycle     // the cycle, for SLA triggers
	count  int           // the issues counted, for repeats
	prev   string        // the previous level, for TriggerPrevious
	reach  time.Duration // the elapsed time at the share, for consumed
	window time.Time     // the first issue's opening, for repeats
}

// due returns the first instant at which one of the level's triggers
// holds, with prev the instant the previous level was passed; false if
// none will without new input.
func (w *walk) due(l *Level, prev time.Time, prevName string) (time.Time, why, bool, error) {
	var best time.Time
	var bw why
	found := false
	for j := range l.Triggers {
		t := &l.Triggers[j]
		at, y, ok, err := w.trigger(t, prev, prevName)
		if err != nil {
			return time.Time{}, why{}, false, err
		}
		if ok && (!found || at.Before(best)) {
			best, bw, found = at, y, true
		}
	}
	return best, bw, found, nil
}

func (w *walk) add(cal *calendar.Calendar, t time.Time, d time.Duration) (time.Time, error) {
	if cal == nil {
		return t.Add(d), nil
	}
	u, err := cal.Add(t, d)
	if err != nil {
		return time.Time{}, fmt.Errorf("escalation: issue %s: trigger calendar %s: %w", fault.Quote(w.is.ticket()), fault.Quote(cal.Name()), err)
	}
	return u, nil
}

// trigger returns the instant the trigger t first holds.
func (w *walk) trigger(t *Trigger, prev time.Time, prevName string) (time.Time, why, bool, error) {
	st := w.st
	y := why{t: t}
	switch t.Kind {
	case TriggerOpened, TriggerPrevious:
		y.base = st.opened
		if t.Kind == TriggerPrevious {
			y.base, y.prev = prev, prevName
		}
		at, err := w.add(t.Calendar, y.base, t.After)
		return at, y, err == nil, err
	case TriggerConsumed:
		var best time.Time
		for _, c := range w.is.SLA.Metric(t.Metric).Cycles {
			at, err := c.ShareAt(t.Share)
			if err != nil {
				return time.Time{}, y, false, fmt.Errorf("escalation: issue %s: %w", fault.Quote(w.is.ticket()), err)
			}
			if !at.IsZero() && (best.IsZero() || at.Before(best)) {
				best, y.cycle = at, c
			}
		}
		y.reach = shareOf(y.cycle.Target, t.Share)
		return best, y, !best.IsZero(), nil
	case TriggerBreached:
		var best time.Time
		for _, c := range w.is.SLA.Metric(t.Metric).Cycles {
			var b time.Time
			switch c.State {
			case sla.StateBreached:
				b = c.BreachedAt()
			case sla.StateRunning:
				b = c.Due
			}
			if b.IsZero() {
				continue
			}
			at, err := w.add(t.Calendar, b, t.After)
			if err != nil {
				return time.Time{}, y, false, err
			}
			if best.IsZero() || at.Before(best) {
				best, y.cycle, y.base = at, c, b
			}
		}
		return best, y, !best.IsZero(), nil
	case TriggerRequested:
		y.base = st.request
		return st.request, y, !st.request.IsZero(), nil
	case TriggerPriority:
		at := st.above[t.Priority]
		y.base = at
		return at, y, !at.IsZero(), nil
	case TriggerRepeats:
		return w.repeatIssues(t, y)
	}
	return time.Time{}, y, false, nil
}

// repeatIssues returns the first instant at which t.Count issues of the
// account (of the issue's category, with SameCategory), this one included,
// have opened within t.Window of one another.
func (w *walk) repeatIssues(t *Trigger, y why) (time.Time, why, bool, error) {
	is, opened := w.is, w.st.opened
	ts := make([]time.Time, 1, len(is.Recent)+1)
	ts[0] = opened
	for i := range is.Recent {
		r := &is.Recent[i]
		if !r.At.After(w.now) && (!t.SameCategory || r.Category == is.Timeline.Category) {
			ts = append(ts, r.At)
		}
	}
	if len(ts) < t.Count {
		return time.Time{}, y, false, nil
	}
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	lo := slices.IndexFunc(ts, opened.Equal)
	hi := lo
	for hi+1 < len(ts) && ts[hi+1].Equal(opened) {
		hi++
	}
	var best time.Time
	for k := max(0, lo-t.Count+1); k <= hi && k+t.Count-1 < len(ts); k++ {
		end := ts[k+t.Count-1]
		if end.Sub(ts[k]) <= t.Window && (best.IsZero() || end.Before(best)) {
			best, y.window = end, ts[k]
		}
	}
	y.count = t.Count
	return best, y, !best.IsZero(), nil
}

// shareOf returns the share p of d, rounded up to the nanosecond, as sla
// counts a share consumed.
func shareOf(d time.Duration, p sla.Percent) time.Duration {
	hi, lo := bits.Mul64(uint64(d), uint64(p))
	lo, carry := bits.Add64(lo, 9999, 0)
	q, _ := bits.Div64(hi+carry, lo, 10000)
	return time.Duration(q)
}

// measureText names how a trigger's time is measured.
func measureText(cal *calendar.Calendar) string {
	if cal == nil {
		return "wall time"
	}
	return "business time"
}

// reason says why the trigger made its level due, with its values. It is
// built in one buffer, with one allocation for the string.
func (y why) reason(w *walk) string {
	var buf [160]byte
	b := buf[:0]
	t := y.t
	after := func(b []byte) []byte {
		b = appendDur(b, t.After)
		b = append(b, " of "...)
		return append(b, measureText(t.Calendar)...)
	}
	switch t.Kind {
	case TriggerOpened, TriggerPrevious:
		b = after(b)
		if y.prev == "" {
			b = append(b, " since the issue opened at "...)
		} else {
			b = append(b, " since level "...)
			b = strconv.AppendQuote(b, y.prev)
			b = append(b, " at "...)
		}
		b = y.base.AppendFormat(b, time.RFC3339)
	case TriggerConsumed:
		c := y.cycle
		b = append(b, t.Metric.String()...)
		b = append(b, ' ')
		b = appendPct(b, t.Share)
		b = append(b, " consumed: "...)
		b = appendDur(b, y.reach)
		b = append(b, " of "...)
		b = appendDur(b, c.Target)
		switch c.Measure {
		case sla.MeasureWallTime:
			b = append(b, " wall time"...)
		case sla.MeasureBusinessDays:
			b = append(b, " business time ("...)
			b = strconv.AppendInt(b, int64(c.Days), 10)
			b = append(b, " business days)"...)
		default:
			b = append(b, " business time"...)
		}
	case TriggerBreached:
		if t.After > 0 {
			b = after(b)
			b = append(b, " after "...)
		}
		b = append(b, t.Metric.String()...)
		b = append(b, " breached at "...)
		b = y.base.AppendFormat(b, time.RFC3339)
	case TriggerRequested:
		b = append(b, "the customer asked to escalate at "...)
		b = y.base.AppendFormat(b, time.RFC3339)
	case TriggerPriority:
		b = append(b, "priority at or above "...)
		b = append(b, t.Priority.String()...)
		b = append(b, " since "...)
		b = y.base.AppendFormat(b, time.RFC3339)
	case TriggerRepeats:
		b = strconv.AppendInt(b, int64(y.count), 10)
		b = append(b, " issues of account "...)
		b = append(b, fault.Quote(string(w.is.account()))...)
		if t.SameCategory {
			b = append(b, " in category "...)
			b = append(b, fault.Quote(w.is.Timeline.Category)...)
		}
		b = append(b, " opened within "...)
		b = appendDur(b, t.Window)
		b = append(b, ", the first at "...)
		b = y.window.AppendFormat(b, time.RFC3339)
	}
	return string(b)
}

// repeatReason says why the k-th repeat of a level is due.
func repeatReason(k int, r Repeat) string {
	var buf [96]byte
	b := append(buf[:0], "repeat "...)
	b = strconv.AppendInt(b, int64(k), 10)
	b = append(b, " of "...)
	b = strconv.AppendInt(b, int64(r.Times), 10)
	b = append(b, ": "...)
	b = appendDur(b, r.Every)
	b = append(b, " since the last notification, not acknowledged"...)
	return string(b)
}
