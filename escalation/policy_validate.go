package escalation

import (
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/keyaccount/keyaccount/sla"
)

// fieldErrors collects the faults found while validating, up to the cap of
// a [fault.List].
type fieldErrors struct{ fault.List }

func (f *fieldErrors) add(record, id, field string, value any, reason string) {
	f.Add(&account.FieldError{Record: record, ID: id, Field: field, Value: value, Reason: reason, Err: ErrInvalid})
}

func itoa(i int) string { return strconv.Itoa(i) }

// Validate reports whether p can escalate issues. It returns nil, or an
// [*account.FieldError] wrapping [ErrInvalid] for every fault found (Record
// "Policy", ID the policy's name, Field the path such as
// "Levels[2].Triggers[0].Share"), joined in the order of the fields; after
// 100 of them the rest are counted, not listed.
//
// A policy needs a Name, a Version of at least 1, and from 1 to
// [MaxLevels] levels. A level needs a unique Name, a Kind, someone to
// notify (a Role, a Team or People, none of them repeated or empty), and
// from 1 to [MaxTriggers] triggers; a Repeat of Times from 0 to
// [MaxRepeats], with a positive Every when Times is positive and none when
// it is zero. Each trigger sets the fields its Kind reads (see [Trigger])
// within their ranges and leaves the others zero.
func (p Policy) Validate() error {
	var fe fieldErrors
	p.validate(&fe, "")
	return fe.Err()
}

func (p Policy) validate(fe *fieldErrors, at string) {
	add := func(field string, value any, reason string) {
		switch {
		case at == "":
		case field == "":
			field = at
		default:
			field = at + "." + field
		}
		fe.add("Policy", p.Name, field, value, reason)
	}
	if p.Name == "" {
		add("Name", nil, "is missing")
	}
	if p.Version < 1 {
		add("Version", p.Version, "must be at least 1")
	}
	for j, t := range p.Tiers {
		for k := range j {
			if p.Tiers[k] == t {
				add("Tiers["+itoa(j)+"]", t, "repeats Tiers["+itoa(k)+"]")
				break
			}
		}
	}
	for j, pr := range p.Priorities {
		if pr < sla.PriorityUrgent || pr > sla.PriorityLow {
			add("Priorities["+itoa(j)+"]", int(pr), "is not a known sla.Priority")
			continue
		}
		for k := range j {
			if p.Priorities[k] == pr {
				add("Priorities["+itoa(j)+"]", pr, "repeats Priorities["+itoa(k)+"]")
				break
			}
		}
	}
	switch n := len(p.Levels); {
	case n == 0:
		add("Levels", nil, "is empty: a policy needs at least one level")
	case n > MaxLevels:
		add("Levels", n, "has more than "+itoa(MaxLevels)+" levels")
		return
	}
	for j, l := range p.Levels {
		f := "Levels[" + itoa(j) + "]"
		if l.Name == "" {
			add(f+".Name", nil, "is missing")
		} else {
			for k := range j {
				if p.Levels[k].Name == l.Name {
					add(f+".Name", l.Name, "repeats Levels["+itoa(k)+"].Name")
					break
				}
			}
		}
		l.validate(add, f)
	}
}

func (l Level) validate(add func(string, any, string), f string) {
	if !levelKindNames.Valid(l.Kind) {
		add(f+".Kind", int(l.Kind), "is not a known LevelKind")
	}
	if l.Role != 0 && !roleNames.Valid(l.Role) {
		add(f+".Role", int(l.Role), "is not a known Role")
	}
	if l.Role == 0 && l.Team == "" && len(l.People) == 0 {
		add(f, nil, "notifies nobody: it needs a Role, a Team or People")
	}
	for j, who := range l.People {
		if who == "" {
			add(f+".People["+itoa(j)+"]", nil, "is empty")
			continue
		}
		for k := range j {
			if l.People[k] == who {
				add(f+".People["+itoa(j)+"]", string(who), "repeats People["+itoa(k)+"]")
				break
			}
		}
	}
	switch n := len(l.Triggers); {
	case n == 0:
		add(f+".Triggers", nil, "is empty: a level needs at least one trigger")
	case n > MaxTriggers:
		add(f+".Triggers", n, "has more than "+itoa(MaxTriggers)+" triggers")
	default:
		for j, t := range l.Triggers {
			t.validate(add, f+".Triggers["+itoa(j)+"]")
		}
	}
	r := l.Repeat
	switch {
	case r.Times < 0 || r.Times > MaxRepeats:
		add(f+".Repeat.Times", r.Times, "must be from 0 to "+itoa(MaxRepeats))
	case r.Times > 0 && r.Every <= 0:
		add(f+".Repeat.Every", r.Every, "must be positive when Times is")
	case r.Times == 0 && r.Every != 0:
		add(f+".Repeat.Every", r.Every, "must be zero when Times is (or set Times)")
	}
}

func (t Trigger) validate(add func(string, any, string), f string) {
	if !triggerKindNames.Valid(t.Kind) {
		add(f+".Kind", int(t.Kind), "is not a known TriggerKind")
		return
	}
	k := t.Kind
	reads := func(field string, used bool) bool {
		if !used {
			add(f+"."+field, nil, "must be zero for a "+k.String()+" trigger")
		}
		return used
	}
	timed := k == TriggerOpened || k == TriggerPrevious || k == TriggerBreached
	metric := k == TriggerConsumed || k == TriggerBreached
	if t.After != 0 && reads("After", timed) && t.After < 0 {
		add(f+".After", t.After, "must not be negative")
	}
	if t.Calendar != nil {
		reads("Calendar", timed)
	}
	if metric {
		if t.Metric < sla.MetricFirstResponse || t.Metric > sla.MetricResolution {
			add(f+".Metric", int(t.Metric), "is not a known sla.Metric")
		}
	} else if t.Metric != 0 {
		reads("Metric", false)
	}
	if k == TriggerConsumed {
		if t.Share <= 0 || t.Share > 100*sla.OnePercent {
			add(f+".Share", t.Share, "must be above 0% and at most 100%")
		}
	} else if t.Share != 0 {
		reads("Share", false)
	}
	if k == TriggerPriority {
		if t.Priority < sla.PriorityUrgent || t.Priority > sla.PriorityLow {
			add(f+".Priority", int(t.Priority), "is not a known sla.Priority")
		}
	} else if t.Priority != 0 {
		reads("Priority", false)
	}
	if k == TriggerRepeats {
		if t.Count < 2 || t.Count > MaxRepeatedIssues {
			add(f+".Count", t.Count, "must be from 2 to "+itoa(MaxRepeatedIssues))
		}
		if t.Window <= 0 {
			add(f+".Window", t.Window, "must be positive")
		}
	} else {
		if t.Count != 0 {
			reads("Count", false)
		}
		if t.Window != 0 {
			reads("Window", false)
		}
		if t.SameCategory {
			reads("SameCategory", false)
		}
	}
}

// Validate reports whether ps can escalate issues: every policy is valid
// (see [Policy.Validate]; its fields are named from its place,
// "Policies[2].Levels[0].Name", since variants share a name), and every
// procedure's versions hang together: the variants of one version share
// its Effective, later versions have later Effective instants, and the
// last variant of each version is a catch-all (and the only one). It
// returns nil, or an [*account.FieldError] wrapping [ErrInvalid] for
// every fault found, joined in the order of the list; after 100 of them
// the rest are counted, not listed. An empty list is the Record
// "Policies".
func (ps Policies) Validate() error {
	var fe fieldErrors
	if len(ps) == 0 {
		fe.add("Policies", "", "", nil, "is empty: the list needs at least one policy")
		return fe.Err()
	}
	type key struct {
		name    string
		version int
	}
	first := make(map[key]int, len(ps))
	last := make(map[key]int, len(ps))
	for i, p := range ps {
		k := key{p.Name, p.Version}
		if _, ok := first[k]; !ok {
			first[k] = i
		}
		last[k] = i
	}
	for i, p := range ps {
		at := "Policies[" + itoa(i) + "]"
		p.validate(&fe, at)
		k := key{p.Name, p.Version}
		if j := first[k]; j < i && !ps[j].Effective.Equal(p.Effective) {
			fe.add("Policy", p.Name, at+".Effective", stamp(p.Effective), "differs from the Effective of Policies["+itoa(j)+"], a variant of the same version")
		}
		if first[k] == i {
			for j := range i {
				q := ps[j]
				if q.Name != p.Name || q.Version == p.Version || first[key{q.Name, q.Version}] != j {
					continue
				}
				if q.Effective.Equal(p.Effective) || (q.Version < p.Version) != q.Effective.Before(p.Effective) {
					fe.add("Policy", p.Name, at+".Effective", stamp(p.Effective),
						"must be later than the Effective of every earlier version and earlier than every later one (Policies["+itoa(j)+"] is version "+itoa(q.Version)+" from "+stamp(q.Effective)+")")
					break
				}
			}
		}
		switch {
		case i == last[k] && !p.CatchAll():
			fe.add("Policy", p.Name, at, nil, "is the last variant of its version but not a catch-all (it lists tiers or priorities): an issue that matches no variant would have no policy")
		case i != last[k] && p.CatchAll():
			fe.add("Policy", p.Name, at, nil, "is a catch-all before the last variant of its version (Policies["+itoa(last[k])+"]), which could never apply")
		}
	}
	return fe.Err()
}

func stamp(t time.Time) string { return t.Format(time.RFC3339Nano) }
