package sla

import (
	"fmt"
	"slices"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
)

// A Target is the promise for one metric at one priority: for example, a
// first response to an urgent ticket within 1 hour of business time.
//
// The zero Target is not valid: it has no Metric, Priority or duration.
type Target struct {
	Metric   Metric   // the metric the target is for
	Priority Priority // the priority it applies at

	// Measure says how the target is measured: in business time on a
	// calendar (the zero value), in wall time, or in business days.
	Measure Measure

	// Within is the target for MeasureBusinessTime and MeasureWallTime:
	// positive. It must be zero for MeasureBusinessDays.
	Within time.Duration

	// Days is the target for MeasureBusinessDays: a positive number of working
	// days, counted as [calendar.Calendar.AddBusinessDays] counts them. It must be
	// zero for the other measures.
	Days int

	// Calendar names the calendar (a key of [Calendars.Named]) that the
	// target is measured on. Empty, the calendar is resolved for the
	// ticket: the account's, else the tier's, else the default. It must
	// be empty for MeasureWallTime.
	Calendar string

	// Warn sets when the cycle gives a warning before it breaches. The
	// zero Warning gives none.
	Warn Warning
}

// A Warning is a threshold before the due instant at which a cycle warns
// (see [Cycle.Warned]): when a given share of the target is consumed, or
// when only a given time remains. With both set, the cycle warns at the
// first one reached.
//
// The zero Warning gives no warning.
type Warning struct {
	// Consumed warns once this share of the target has elapsed, such as
	// 75*OnePercent. Zero means no such threshold; otherwise it must be
	// above 0% and below 100%.
	Consumed Percent

	// Before warns once no more than this remains before due, measured
	// as the target is (business time on the target's calendar, or wall
	// time). Zero means no such threshold. It must not be negative, and
	// for a MeasureBusinessTime or MeasureWallTime target it must be shorter than
	// Within.
	Before time.Duration
}

// IsZero reports whether w gives no warning.
func (w Warning) IsZero() bool { return w == Warning{} }

// A Policy is a set of targets and the tickets they apply to: the tickets
// of the listed accounts and tiers. A ticket is measured by the first
// policy of a [Policies] list that matches it.
//
// The zero Policy is not valid: it has no Name.
type Policy struct {
	// Name names the policy in traces and reports. Names must be unique
	// within a list.
	Name string

	// Accounts limits the policy to the tickets of these accounts. Empty,
	// it applies to every account.
	Accounts []account.ID

	// Tiers limits the policy to the tickets of accounts in these tiers
	// (the tier when the ticket was opened, Timeline.Tier). Empty, it
	// applies to every tier, [account.Unassigned] included.
	Tiers []account.Tier

	// Targets lists the targets, at most one per (Priority, Metric). A
	// metric without a target for a ticket's priority is not applicable
	// to it.
	Targets []Target

	// OnPriorityChange says what a priority change does to the cycles
	// running under this policy: [PriorityChangeRetarget] (the zero value)
	// or [PriorityChangeRestart].
	OnPriorityChange PriorityChange
}

// CatchAll reports whether p applies to every ticket: it lists no
// accounts and no tiers.
func (p Policy) CatchAll() bool { return len(p.Accounts) == 0 && len(p.Tiers) == 0 }

// Matches reports whether p applies to a ticket of the account a in tier t.
func (p Policy) Matches(a account.ID, t account.Tier) bool {
	return (len(p.Accounts) == 0 || slices.Contains(p.Accounts, a)) &&
		(len(p.Tiers) == 0 || slices.Contains(p.Tiers, t))
}

// Policies is an ordered list of policies: a ticket is measured by the
// first that matches it, and that policy's name is in its [Result] and in
// every [Step] of its traces. The last must be a catch-all (see
// [Policy.CatchAll]), so that every ticket has a policy.
//
// The zero Policies (an empty list) is not valid.
type Policies []Policy

// Select returns the index of the policy that applies to a ticket of the
// account a in tier t: the first that matches. It returns -1 only if ps has
// no catch-all.
func (ps Policies) Select(a account.ID, t account.Tier) int {
	for i, p := range ps {
		if p.Matches(a, t) {
			return i
		}
	}
	return -1
}

// Validate reports whether ps can measure tickets. It returns nil, or a
// [*FieldError] for every fault found, joined with [errors.Join] in the
// order of the fields (test with [errors.As], or [errors.Is] with
// [ErrInvalid]). Calendar names are checked against a set of calendars by
// [NewEvaluator].
func (ps Policies) Validate() error {
	var fe fieldErrors
	if len(ps) == 0 {
		fe.add("Policies", nil, "is empty: the list needs at least a catch-all policy")
		return fe.err()
	}
	names := make(map[string]int, len(ps))
	for i, p := range ps {
		at := fmt.Sprintf("Policies[%d]", i)
		switch j, dup := names[p.Name]; {
		case p.Name == "":
			fe.add(at+".Name", nil, "is missing")
		case dup:
			fe.add(at+".Name", p.Name, fmt.Sprintf("is also the name of Policies[%d]", j))
		default:
			names[p.Name] = i
		}
		p.validate(at, &fe)
		if p.CatchAll() && i < len(ps)-1 {
			fe.add(at, p.Name, fmt.Sprintf("is a catch-all before the last policy: Policies[%d:] could never apply", i+1))
		}
	}
	if last := ps[len(ps)-1]; !last.CatchAll() {
		fe.add(fmt.Sprintf("Policies[%d]", len(ps)-1), last.Name,
			"is the last policy but not a catch-all (it lists accounts or tiers): a ticket that matches no policy would have no targets")
	}
	return fe.err()
}

func (p Policy) validate(at string, fe *fieldErrors) {
	seenA := make(map[account.ID]int, len(p.Accounts))
	for j, a := range p.Accounts {
		f := fmt.Sprintf("%s.Accounts[%d]", at, j)
		if a == "" {
			fe.add(f, nil, "is empty")
		} else if k, dup := seenA[a]; dup {
			fe.add(f, string(a), fmt.Sprintf("repeats Accounts[%d]", k))
		} else {
			seenA[a] = j
		}
	}
	for j, t := range p.Tiers {
		if k := slices.Index(p.Tiers, t); k < j {
			fe.add(fmt.Sprintf("%s.Tiers[%d]", at, j), t, fmt.Sprintf("repeats Tiers[%d]", k))
		}
	}
	if !priorityChangeNames.Valid(p.OnPriorityChange) {
		fe.add(at+".OnPriorityChange", int(p.OnPriorityChange), "is not a known PriorityChange")
	}
	seen := make(map[[2]uint8]int, len(p.Targets))
	for j, t := range p.Targets {
		f := fmt.Sprintf("%s.Targets[%d]", at, j)
		t.validate(f, fe)
		key := [2]uint8{uint8(t.Priority), uint8(t.Metric)}
		if k, dup := seen[key]; dup {
			fe.add(f, nil, fmt.Sprintf("sets %s %s again (Targets[%d] sets it)", t.Priority, t.Metric, k))
		} else {
			seen[key] = j
		}
	}
}

func (t Target) validate(at string, fe *fieldErrors) {
	if !metricNames.Valid(t.Metric) {
		fe.add(at+".Metric", int(t.Metric), "is not a known Metric")
	}
	if !priorityNames.Valid(t.Priority) {
		fe.add(at+".Priority", int(t.Priority), "is not a known Priority")
	}
	switch t.Measure {
	case MeasureBusinessTime, MeasureWallTime:
		if t.Within <= 0 {
			fe.add(at+".Within", t.Within, "must be positive for "+t.Measure.String())
		}
		if t.Days != 0 {
			fe.add(at+".Days", t.Days, "must be zero for "+t.Measure.String()+" (use Within)")
		}
		if t.Measure == MeasureWallTime && t.Calendar != "" {
			fe.add(at+".Calendar", t.Calendar, "must be empty for wall-time: wall time needs no calendar")
		}
	case MeasureBusinessDays:
		if t.Days <= 0 {
			fe.add(at+".Days", t.Days, "must be positive for business-days")
		}
		if t.Within != 0 {
			fe.add(at+".Within", t.Within, "must be zero for business-days (use Days)")
		}
	default:
		fe.add(at+".Measure", int(t.Measure), "is not a known Measure")
	}
	w := t.Warn
	if w.Consumed != 0 && (w.Consumed <= 0 || w.Consumed >= 100*OnePercent) {
		fe.add(at+".Warn.Consumed", w.Consumed, "must be above 0% and below 100%")
	}
	if w.Before < 0 {
		fe.add(at+".Warn.Before", w.Before, "must not be negative")
	} else if w.Before > 0 && t.Measure != MeasureBusinessDays && t.Within > 0 && w.Before >= t.Within {
		fe.add(at+".Warn.Before", w.Before, fmt.Sprintf("must be shorter than Within (%v)", t.Within))
	}
}

// Calendars are the business calendars that targets are measured on, by
// name, and the rule that picks one for a ticket whose target names none:
// the account's own calendar if it has one, else its tier's, else the
// default.
//
// The zero Calendars is not valid: it has no Default.
type Calendars struct {
	// Named holds the calendars by name. [calendar.AlwaysOpen] gives a
	// 24×7 one.
	Named map[string]*calendar.Calendar

	// Accounts names the calendar of accounts that have their own hours.
	Accounts map[account.ID]string

	// Tiers names the calendar of each tier that has its own hours.
	Tiers map[account.Tier]string

	// Default names the calendar of every other ticket. It is required.
	Default string
}

// Validate reports whether c is complete: Default and every name in
// Accounts and Tiers name a calendar of Named, and no calendar is nil. It
// returns nil, or a [*FieldError] for every fault found, joined with
// [errors.Join] in a deterministic order (by field, then by key).
func (c Calendars) Validate() error {
	var fe fieldErrors
	for _, name := range sortedKeys(c.Named) {
		if name == "" {
			fe.add("Calendars.Named[\"\"]", nil, "has an empty name")
		}
		if c.Named[name] == nil {
			fe.add(fmt.Sprintf("Calendars.Named[%q]", name), nil, "is nil")
		}
	}
	for _, a := range sortedKeys(c.Accounts) {
		if _, ok := c.Named[c.Accounts[a]]; !ok {
			fe.add(fmt.Sprintf("Calendars.Accounts[%q]", a), c.Accounts[a], "names no calendar of Calendars.Named")
		}
	}
	for _, t := range sortedKeys(c.Tiers) {
		if _, ok := c.Named[c.Tiers[t]]; !ok {
			fe.add(fmt.Sprintf("Calendars.Tiers[%d]", t), c.Tiers[t], "names no calendar of Calendars.Named")
		}
	}
	if c.Default == "" {
		fe.add("Calendars.Default", nil, "is missing: every ticket needs a calendar to fall back on")
	} else if _, ok := c.Named[c.Default]; !ok {
		fe.add("Calendars.Default", c.Default, "names no calendar of Calendars.Named")
	}
	return fe.err()
}

// Resolve returns the name of the calendar for a ticket of the account a
// in tier t whose target names none, and why: the account's, else the
// tier's, else the default.
func (c Calendars) Resolve(a account.ID, t account.Tier) (string, Source) {
	if name, ok := c.Accounts[a]; ok {
		return name, SourceAccount
	}
	if name, ok := c.Tiers[t]; ok {
		return name, SourceTier
	}
	return c.Default, SourceDefault
}

func sortedKeys[K interface{ ~string | ~uint8 }, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
