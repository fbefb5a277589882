package escalation

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/keyaccount/keyaccount/sla"
)

// compiled is a policy variant as the engine keeps it: a deep copy.
type compiled struct {
	name    string
	version int
	levels  []Level
	quiet   *calendar.Calendar
	metric  bool // a level has a consumed or breached trigger
}

func newEngine(ps Policies, org OrgChart, slas sla.Policies) (*Engine, error) {
	if err := ps.Validate(); err != nil {
		return nil, err
	}
	var fe fieldErrors
	e := &Engine{policies: make([]compiled, len(ps)), sel: make(Policies, len(ps)), org: OrgChart{
		TeamLeaders:       maps.Clone(org.TeamLeaders),
		ServiceManagers:   maps.Clone(org.ServiceManagers),
		ServiceManager:    org.ServiceManager,
		HeadOfService:     org.HeadOfService,
		ExecutiveSponsors: maps.Clone(org.ExecutiveSponsors),
		Teams:             make(map[string][]Person, len(org.Teams)),
	}}
	for name, members := range org.Teams {
		e.org.Teams[name] = slices.Clone(members)
	}
	for i, p := range ps {
		at := "Policies[" + itoa(i) + "]"
		c := &e.policies[i]
		*c = compiled{name: p.Name, version: p.Version, levels: make([]Level, len(p.Levels)), quiet: p.QuietHours}
		e.sel[i] = Policy{Name: p.Name, Version: p.Version, Effective: p.Effective,
			Tiers: slices.Clone(p.Tiers), Priorities: slices.Clone(p.Priorities)}
		var sp *sla.Policy
		if p.SLA != "" && slas != nil {
			for k := range slas {
				if slas[k].Name == p.SLA {
					sp = &slas[k]
					break
				}
			}
			if sp == nil {
				fe.add("Policy", p.Name, at+".SLA", p.SLA, "names no policy of the SLA policies")
			}
		}
		for j, l := range p.Levels {
			l.People = slices.Clone(l.People)
			l.Triggers = slices.Clone(l.Triggers)
			c.levels[j] = l
			if l.Team != "" {
				if _, ok := org.Teams[l.Team]; !ok {
					fe.add("Policy", p.Name, at+".Levels["+itoa(j)+"].Team", l.Team, "names no team of the org chart")
				}
			}
			for k, t := range l.Triggers {
				if t.Kind != TriggerConsumed && t.Kind != TriggerBreached {
					continue
				}
				c.metric = true
				if sp != nil && !measures(sp, t.Metric) {
					fe.add("Policy", p.Name, at+".Levels["+itoa(j)+"].Triggers["+itoa(k)+"].Metric", t.Metric,
						"is not measured by SLA policy "+fault.Quote(p.SLA)+": it sets no target for it")
				}
			}
		}
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	e.pool.New = func() any { return new(scratch) }
	return e, nil
}

// measures reports whether the SLA policy p sets a target for the metric
// m at any priority.
func measures(p *sla.Policy, m sla.Metric) bool {
	for _, t := range p.Targets {
		if t.Metric == m {
			return true
		}
	}
	return false
}

// selectFor picks the variant for the issue whose timeline is scanned in
// st.
func (e *Engine) selectFor(is *Issue, st *scan) (*compiled, error) {
	at := is.PolicyAt
	if at.IsZero() {
		at = st.opened
	}
	if i := e.sel.Select(is.Policy, is.Timeline.Tier, st.openPrio, at); i >= 0 {
		return &e.policies[i], nil
	}
	return nil, &account.FieldError{Record: "Issue", ID: is.ticket(), Field: "Policy", Value: is.Policy,
		Reason: "names no policy in force at " + stamp(at), Err: ErrInvalid}
}

// check reports an Engine that NewEngine did not build.
func (e *Engine) check() error {
	if e == nil || len(e.policies) == 0 {
		return &account.FieldError{Record: "Engine", Reason: "is not built by NewEngine", Err: ErrInvalid}
	}
	return nil
}

func (e *Engine) decideIssue(is *Issue, fired []Record, now time.Time) (Decision, error) {
	if err := e.check(); err != nil {
		return Decision{}, err
	}
	return e.decide(nil, is, fired, now)
}

// decide decides the issue under p, or under the policy selected for it
// if p is nil.
func (e *Engine) decide(p *compiled, is *Issue, fired []Record, now time.Time) (Decision, error) {
	sc := e.pool.Get().(*scratch)
	defer e.pool.Put(sc)
	sc.reset()
	st := &sc.st
	if err := st.timeline(is, now); err != nil {
		return Decision{}, err
	}
	if p == nil {
		var err error
		if p, err = e.selectFor(is, st); err != nil {
			return Decision{}, err
		}
	}
	return e.decideScanned(p, is, sc, fired, now)
}

// scratch is the working memory of one decision, reused across decisions
// so that the decision's own slices are the only allocations.
type scratch struct {
	st    scan
	acks  []time.Time
	refs  []recRef
	who   []Person
	steps []Step   // the trace, before it is copied out
	d     Decision // the decision, while it is built
}

// reset empties the scratch, keeping its memory.
func (sc *scratch) reset() {
	sc.st = scan{resolved: sc.st.resolved[:0]}
	clear(sc.who) // drop the strings of the last decision
	clear(sc.steps)
	sc.acks, sc.refs, sc.who, sc.steps = sc.acks[:0], sc.refs[:0], sc.who[:0], sc.steps[:0]
}

// interval is a span [from, to) in which the issue is resolved; a zero to
// is open-ended.
type interval struct{ from, to time.Time }

// scan is what the engine reads from an issue's timeline and facts up to
// the decision's now.
type scan struct {
	opened   time.Time
	openPrio sla.Priority
	// above[p] is the first instant the priority was at or above p.
	above    [5]time.Time
	resolved []interval
	request  time.Time // the first customer request
	owner    Person
}

// resolvedNow reports whether the issue is resolved at the decision.
func (st *scan) resolvedNow() bool {
	n := len(st.resolved)
	return n > 0 && st.resolved[n-1].to.IsZero()
}

// open returns the first instant at or after t at which the issue is not
// resolved, and false if there is none (it is resolved from before t on).
func (st *scan) open(t time.Time) (time.Time, bool) {
	for _, iv := range st.resolved {
		if t.Before(iv.from) {
			return t, true
		}
		if iv.to.IsZero() {
			return time.Time{}, false
		}
		if t.Before(iv.to) {
			t = iv.to
		}
	}
	return t, true
}

// timeline validates the issue's timeline and reads it up to now.
func (st *scan) timeline(is *Issue, now time.Time) error {
	tl := &is.Timeline
	if err := tl.Validate(); err != nil {
		return fmt.Errorf("%w: issue %s: Timeline: %w", ErrInvalid, fault.Quote(tl.Ticket), err)
	}
	if now.IsZero() {
		return &account.FieldError{Record: "Argument", Field: "now", Reason: "is the zero time", Err: ErrInvalid}
	}
	evs := tl.Events
	if now.Before(evs[0].At) {
		return &account.FieldError{Record: "Argument", Field: "now", Value: stamp(now),
			Reason: "is before issue " + fault.Quote(tl.Ticket) + " opened at " + stamp(evs[0].At), Err: ErrInvalid}
	}
	// Events are in order of time; at one instant, take them in the
	// canonical order of their kinds.
	var prio sla.Priority
	solved := false
	for i := 0; i < len(evs); {
		j := i + 1
		for j < len(evs) && evs[j].At.Equal(evs[i].At) {
			j++
		}
		if evs[i].At.After(now) {
			break
		}
		for k := sla.EventOpened; k <= sla.EventClosed; k++ {
			for x := i; x < j; x++ {
				ev := &evs[x]
				if ev.Kind != k {
					continue
				}
				switch k {
				case sla.EventOpened:
					st.opened, st.openPrio, prio = ev.At, ev.Priority, ev.Priority
					st.mark(prio, ev.At)
				case sla.EventPriorityChanged:
					prio = ev.Priority
					st.mark(prio, ev.At)
				case sla.EventSolved, sla.EventClosed:
					if !solved {
						solved = true
						st.resolved = append(st.resolved, interval{from: ev.At})
					}
				case sla.EventReopened:
					solved = false
					st.resolved[len(st.resolved)-1].to = ev.At
				}
			}
		}
		i = j
	}
	return nil
}

func (st *scan) mark(p sla.Priority, at time.Time) {
	for q := p; q <= sla.PriorityLow; q++ {
		if st.above[q].IsZero() {
			st.above[q] = at
		}
	}
}

// issueError reports a field of the issue.
func issueError(is *Issue, field string, value any, reason string, err error) error {
	return &account.FieldError{Record: "Issue", ID: is.ticket(), Field: field, Value: value, Reason: reason, Err: err}
}

// facts validates the issue's own fields and facts against the policy, and
// reads them up to now: the owner, the first request, and each level's
// acknowledgement (in acks, by level).
func (st *scan) facts(p *compiled, is *Issue, now time.Time, acks []time.Time) error {
	if is.Owner == "" {
		return issueError(is, "Owner", nil, "is missing: every issue has one owner, the account manager", ErrInvalid)
	}
	st.owner = is.Owner
	var prev time.Time
	for i := range is.Facts {
		f := &is.Facts[i]
		at := "Facts[" + itoa(i) + "]"
		if err := f.Validate(); err != nil {
			// The fact's own fields, by Fact.Validate, as a field of the issue.
			fe := *err.(*account.FieldError)
			return issueError(is, at+"."+fe.Field, fe.Value, fe.Reason, fe.Err)
		}
		switch {
		case f.At.Before(st.opened):
			return issueError(is, at+".At", stamp(f.At), "is before the issue opened at "+stamp(st.opened), ErrFactOrder)
		case f.At.Before(prev):
			return issueError(is, at+".At", stamp(f.At), "is before Facts["+itoa(i-1)+"] at "+stamp(prev)+": facts must be in order of time", ErrFactOrder)
		}
		prev = f.At
		k := -1
		if f.Kind == FactAcknowledged {
			if k = p.level(f.Level); k < 0 {
				return issueError(is, at+".Level", f.Level, "names no level of policy "+fault.Quote(p.name)+" version "+itoa(p.version), ErrInvalid)
			}
		}
		if f.At.After(now) {
			continue // valid, but not yet known
		}
		switch f.Kind {
		case FactAcknowledged:
			if acks[k].IsZero() {
				acks[k] = f.At
			}
		case FactRequested:
			if st.request.IsZero() {
				st.request = f.At
			}
		case FactReassigned:
			st.owner = f.Person
		}
	}
	for i := range is.Recent {
		r := &is.Recent[i]
		at := "Recent[" + itoa(i) + "]"
		switch {
		case r.Issue == "":
			return issueError(is, at+".Issue", nil, "is missing", ErrInvalid)
		case r.Issue == is.ticket():
			return issueError(is, at+".Issue", r.Issue, "is the issue itself", ErrInvalid)
		case r.At.IsZero():
			return issueError(is, at+".At", nil, "is the zero time", ErrInvalid)
		}
	}
	if p.metric || !is.SLA.At.IsZero() || is.SLA.Ticket != "" {
		return st.checkSLA(is, now)
	}
	return nil
}

// checkSLA checks that the issue's SLA result is of its timeline and
// current: evaluated at an instant not after now and not before its last
// event up to now.
func (st *scan) checkSLA(is *Issue, now time.Time) error {
	r := &is.SLA
	switch {
	case r.Ticket == "" && r.At.IsZero():
		return issueError(is, "SLA", nil, "is missing: the policy has triggers on SLA metrics", ErrInvalid)
	case r.Ticket != is.ticket():
		return issueError(is, "SLA.Ticket", r.Ticket, "is not the issue's ticket", ErrInvalid)
	case r.At.After(now):
		return issueError(is, "SLA.At", stamp(r.At), "is after the decision's now, "+stamp(now), ErrInvalid)
	}
	for i, ev := range is.Timeline.Events {
		if ev.At.After(r.At) && !ev.At.After(now) {
			return issueError(is, "SLA.At", stamp(r.At), "is before event "+itoa(i)+" at "+stamp(ev.At)+": evaluate the timeline again", ErrInvalid)
		}
	}
	return nil
}

// level returns the index of the level named name, or -1.
func (c *compiled) level(name string) int {
	for i := range c.levels {
		if c.levels[i].Name == name {
			return i
		}
	}
	return -1
}

// keyMatches reports whether key is Key(issue, level, repeat), without
// building it.
func keyMatches(key, issue, level string, repeat int) bool {
	for _, part := range [2]string{issue, level} {
		n := strconv.Itoa(len(part))
		if len(key) < len(n)+1+len(part)+1 || key[:len(n)] != n || key[len(n)] != ':' ||
			key[len(n)+1:len(n)+1+len(part)] != part || key[len(n)+1+len(part)] != '/' {
			return false
		}
		key = key[len(n)+1+len(part)+1:]
	}
	return key == strconv.Itoa(repeat)
}
