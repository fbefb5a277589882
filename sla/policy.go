package sla

import (
	"fmt"
	"slices"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/internal/fault"
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

// Validate reports whether ps can measure tickets. It returns nil, or an
// [*account.FieldError] wrapping [ErrInvalid] for every fault found,
// joined in the order of the fields (test with [errors.As], or [errors.Is]
// with ErrInvalid); after 100 of them the rest are counted, not listed.
//
// A fault of a policy names the Record "Policy", its name as the ID, and
// the path of the field within the policy, such as "Targets[0].Within".
// When the name does not identify the policy (it is empty or repeated),
// the path starts with the policy's place in the list:
// "Policies[2].Targets[0].Within". An empty list is the Record "Policies".
// Calendar names are checked against a set of calendars by [NewEvaluator].
func (ps Policies) Validate() error {
	var fe fieldErrors
	if len(ps) == 0 {
		fe.add("Policies", "", "", nil, "is empty: the list needs at least a catch-all policy")
		return fe.Err()
	}
	count := make(map[string]int, len(ps))
	for _, p := range ps {
		count[p.Name]++
	}
	first := make(map[string]int, len(ps))
	for i, p := range ps {
		v := policyFaults{fe: &fe, name: p.Name}
		if p.Name == "" || count[p.Name] > 1 {
			v.at = "Policies[" + itoa(i) + "]"
		}
		switch j, dup := first[p.Name]; {
		case p.Name == "":
			v.add("Name", nil, "is missing")
		case dup:
			v.add("Name", nil, "is also the name of Policies["+itoa(j)+"]")
		default:
			first[p.Name] = i
		}
		p.validate(v)
		if p.CatchAll() && i < len(ps)-1 {
			v.add("", nil, "is a catch-all before the last policy: Policies["+itoa(i+1)+":] could never apply")
		}
		if i == len(ps)-1 && !p.CatchAll() {
			v.add("", nil, "is the last policy but not a catch-all (it lists accounts or tiers): a ticket that matches no policy would have no targets")
		}
	}
	return fe.Err()
}

// policyFaults records the faults of one policy: its name, and the prefix
// of its fields' paths ("Policies[2]") when the name does not identify it.
type policyFaults struct {
	fe   *fieldErrors
	name string
	at   string
}

func (v policyFaults) add(field string, value any, reason string) {
	switch {
	case v.at == "":
	case field == "":
		field = v.at
	default:
		field = v.at + "." + field
	}
	v.fe.add("Policy", v.name, field, value, reason)
}

func (p Policy) validate(v policyFaults) {
	seenA := make(map[account.ID]int, len(p.Accounts))
	for j, a := range p.Accounts {
		f := "Accounts[" + itoa(j) + "]"
		if a == "" {
			v.add(f, nil, "is empty")
		} else if k, dup := seenA[a]; dup {
			v.add(f, string(a), "repeats Accounts["+itoa(k)+"]")
		} else {
			seenA[a] = j
		}
	}
	for j, t := range p.Tiers {
		if k := slices.Index(p.Tiers, t); k < j {
			v.add("Tiers["+itoa(j)+"]", t, "repeats Tiers["+itoa(k)+"]")
		}
	}
	if !priorityChangeNames.Valid(p.OnPriorityChange) {
		v.add("OnPriorityChange", int(p.OnPriorityChange), "is not a known PriorityChange")
	}
	seen := make(map[[2]uint8]int, len(p.Targets))
	for j, t := range p.Targets {
		f := "Targets[" + itoa(j) + "]"
		t.validate(v, f)
		key := [2]uint8{uint8(t.Priority), uint8(t.Metric)}
		if k, dup := seen[key]; dup {
			v.add(f, nil, fmt.Sprintf("sets %s %s again (Targets[%d] sets it)", t.Priority, t.Metric, k))
		} else {
			seen[key] = j
		}
	}
}

func (t Target) validate(v policyFaults, at string) {
	if !metricNames.Valid(t.Metric) {
		v.add(at+".Metric", int(t.Metric), "is not a known Metric")
	}
	if !priorityNames.Valid(t.Priority) {
		v.add(at+".Priority", int(t.Priority), "is not a known Priority")
	}
	switch t.Measure {
	case MeasureBusinessTime, MeasureWallTime:
		if t.Within <= 0 {
			v.add(at+".Within", t.Within, "must be positive for "+t.Measure.String())
		}
		if t.Days != 0 {
			v.add(at+".Days", t.Days, "must be zero for "+t.Measure.String()+" (use Within)")
		}
		if t.Measure == MeasureWallTime && t.Calendar != "" {
			v.add(at+".Calendar", t.Calendar, "must be empty for wall-time: wall time needs no calendar")
		}
	case MeasureBusinessDays:
		if t.Days <= 0 {
			v.add(at+".Days", t.Days, "must be positive for business-days")
		}
		if t.Within != 0 {
			v.add(at+".Within", t.Within, "must be zero for business-days (use Days)")
		}
	default:
		v.add(at+".Measure", int(t.Measure), "is not a known Measure")
	}
	w := t.Warn
	if w.Consumed != 0 && (w.Consumed <= 0 || w.Consumed >= 100*OnePercent) {
		v.add(at+".Warn.Consumed", w.Consumed, "must be above 0% and below 100%")
	}
	if w.Before < 0 {
		v.add(at+".Warn.Before", w.Before, "must not be negative")
	} else if w.Before > 0 && t.Measure != MeasureBusinessDays && t.Within > 0 && w.Before >= t.Within {
		v.add(at+".Warn.Before", w.Before, fmt.Sprintf("must be shorter than Within (%v)", t.Within))
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
// returns nil, or an [*account.FieldError] (Record "Calendars", Field such
// as `Accounts["acme"]`) wrapping [ErrInvalid] for every fault found,
// joined in a deterministic order (by field, then by key); after 100 of
// them the rest are counted, not listed.
func (c Calendars) Validate() error {
	var fe fieldErrors
	for _, name := range sortedKeys(c.Named) {
		if name == "" {
			fe.add("Calendars", "", `Named[""]`, nil, "has an empty name")
		}
		if c.Named[name] == nil {
			fe.add("Calendars", "", "Named["+fault.Quote(name)+"]", nil, "is nil")
		}
	}
	for _, a := range sortedKeys(c.Accounts) {
		if _, ok := c.Named[c.Accounts[a]]; !ok {
			fe.add("Calendars", "", "Accounts["+fault.Quote(string(a))+"]", c.Accounts[a], "names no calendar of Named")
		}
	}
	for _, t := range sortedKeys(c.Tiers) {
		if _, ok := c.Named[c.Tiers[t]]; !ok {
			fe.add("Calendars", "", "Tiers["+itoa(int(t))+"]", c.Tiers[t], "names no calendar of Named")
		}
	}
	if c.Default == "" {
		fe.add("Calendars", "", "Default", nil, "is missing: every ticket needs a calendar to fall back on")
	} else if _, ok := c.Named[c.Default]; !ok {
		fe.add("Calendars", "", "Default", c.Default, "names no calendar of Named")
	}
	return fe.Err()
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
