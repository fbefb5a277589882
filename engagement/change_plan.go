package engagement

import (
	"cmp"
	"iter"
	"slices"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/enum"
)

// PlanOptions are the options of [Impact.Plan]: when the plan is made,
// how far ahead of go-live each tier must hear of a change, and what counts
// as a briefing.
type PlanOptions struct {
	// At is the instant the plan is made at; required. Briefings due
	// before it and not held are overdue; interactions after it are not
	// looked at.
	At time.Time

	// LeadTime is how long before go-live the accounts of each tier must
	// be briefed: four weeks for tier 1, two for tier 2, say. A tier it
	// does not list is not planned. Lead times must not be negative.
	LeadTime map[account.Tier]time.Duration

	// Kinds are the interaction kinds that count as a briefing; empty
	// means meetings, calls, visits and reviews (an email alone does not).
	Kinds []account.InteractionKind

	// MinSeverity leaves out changes less severe than it; 0 plans every
	// change.
	MinSeverity Severity
}

// defaultBriefingKinds are the interaction kinds that count as a briefing
// when PlanOptions.Kinds is empty.
var defaultBriefingKinds = []account.InteractionKind{account.InteractionMeeting, account.InteractionCall, account.InteractionVisit, account.InteractionReview}

// A Briefing is one account to brief about one change, by a date.
type Briefing struct {
	Account  account.ID   // the account to brief
	Tier     account.Tier // its tier, whose lead time sets Due
	Change   ChangeID     // the change to brief it about
	Severity Severity     // the change's severity
	GoLive   time.Time    // when the change takes effect

	// Due is when the account must have been briefed: GoLive less the
	// tier's lead time.
	Due time.Time

	// Held is the instant of the first interaction that counts as the
	// briefing, or the zero time if none does yet. An interaction counts
	// if it is with the account, of one of the briefing kinds, not after
	// the plan's At, and not before the change's Announce, or, for a
	// change not yet announced, not before Due less the lead time again.
	Held time.Time

	Status BriefingStatus // pending, overdue, done or late, as of the plan's At
}

// BriefingStatus is where a [Briefing] stands. The zero BriefingStatus is
// not valid.
type BriefingStatus uint8

// The statuses of a briefing.
const (
	BriefingStatusPending BriefingStatus = iota + 1 // not held, not yet due
	BriefingStatusOverdue                           // not held, and due before the plan's At
	BriefingStatusDone                              // held by its due date
	BriefingStatusLate                              // held, but after its due date
)

var briefingStatusNames = enum.New("BriefingStatus", map[BriefingStatus]string{
	BriefingStatusPending: "pending",
	BriefingStatusOverdue: "overdue",
	BriefingStatusDone:    "done",
	BriefingStatusLate:    "late",
})

// String returns the status's name, such as "overdue", or
// "%!BriefingStatus(9)" for an unknown value.
func (s BriefingStatus) String() string { return briefingStatusNames.String(s) }

// MarshalText returns the status's name; an unknown value is an
// [*account.FieldError] wrapping [ErrInvalid].
// The zero BriefingStatus is the exception: it is the empty text, unset.
func (s BriefingStatus) MarshalText() ([]byte, error) {
	return briefingStatusNames.MarshalText(s, ErrInvalid)
}

// UnmarshalText parses a name written by [BriefingStatus.MarshalText]; an
// unknown name is an [*account.FieldError] wrapping [ErrInvalid].
// The empty text is the zero BriefingStatus.
func (s *BriefingStatus) UnmarshalText(text []byte) error {
	v, err := briefingStatusNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*s = v
	}
	return err
}

// Plan returns the engagement plan: for every change of the Impact and
// every account it touches whose tier has a lead time, the briefing due
// before go-live, and whether it was held, from interactions. Briefings
// are ordered by Due, then tier (tier 1 first), then account ID, then
// change ID; the overdue ones are those with Status
// [BriefingStatusOverdue].
//
// interactions is what a store's list yields, such as
// [account.InteractionStore.Interactions]; an error it yields ends Plan,
// which returns it as it is. A nil interactions has none. Interactions of
// accounts not in the Impact are ignored. The result does not depend on
// the order of interactions.
//
// The other errors are [*account.FieldError] values with Record
// "PlanOptions" wrapping [ErrInvalid]: a zero At, a negative lead time, an
// unknown interaction kind or severity.
func (im *Impact) Plan(interactions iter.Seq2[account.Interaction, error], opts PlanOptions) ([]Briefing, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	kinds := opts.Kinds
	if len(kinds) == 0 {
		kinds = defaultBriefingKinds
	}
	// The briefing-kind interactions of each account, up to At, sorted.
	held := make(map[int32][]time.Time)
	if interactions != nil {
		for x, err := range interactions {
			if err != nil {
				return nil, err
			}
			r, ok := im.rankOf[x.Account]
			if !ok || x.At.After(opts.At) || !slices.Contains(kinds, x.Kind) {
				continue
			}
			held[r] = append(held[r], x.At)
		}
	}
	for _, ts := range held {
		slices.SortFunc(ts, time.Time.Compare)
	}

	planned := func(k int) bool { return im.changes[k].Severity >= opts.MinSeverity }
	size := 0
	for k := range im.changes {
		if planned(k) {
			for _, r := range im.chgAcc[im.chgStart[k]:im.chgStart[k+1]] {
				if _, ok := opts.LeadTime[im.accounts[im.byRank[r]].Tier]; ok {
					size++
				}
			}
		}
	}
	plan := make([]Briefing, 0, size)
	for k := range im.changes {
		c := &im.changes[k]
		if !planned(k) {
			continue
		}
		for _, r := range im.chgAcc[im.chgStart[k]:im.chgStart[k+1]] {
			a := &im.accounts[im.byRank[r]]
			lead, ok := opts.LeadTime[a.Tier]
			if !ok {
				continue
			}
			b := Briefing{Account: a.ID, Tier: a.Tier, Change: c.ID, Severity: c.Severity, GoLive: c.GoLive, Due: c.GoLive.Add(-lead)}
			from := c.Announce
			if from.IsZero() {
				from = b.Due.Add(-lead)
			}
			ts := held[r]
			if i, _ := slices.BinarySearchFunc(ts, from, time.Time.Compare); i < len(ts) {
				b.Held = ts[i]
			}
			switch {
			case !b.Held.IsZero() && b.Held.After(b.Due):
				b.Status = BriefingStatusLate
			case !b.Held.IsZero():
				b.Status = BriefingStatusDone
			case opts.At.After(b.Due):
				b.Status = BriefingStatusOverdue
			default:
				b.Status = BriefingStatusPending
			}
			plan = append(plan, b)
		}
	}
	slices.SortFunc(plan, func(a, b Briefing) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		switch {
		case a.Tier.Above(b.Tier):
			return -1
		case b.Tier.Above(a.Tier):
			return 1
		}
		if c := cmp.Compare(a.Account, b.Account); c != 0 {
			return c
		}
		return cmp.Compare(a.Change, b.Change)
	})
	return plan, nil
}

func (o *PlanOptions) validate() error {
	f := &recordCheck{record: "PlanOptions"}
	f.checkAtAndDurations(o.At, "LeadTime", o.LeadTime)
	for i, k := range o.Kinds {
		if _, err := k.MarshalText(); k == 0 || err != nil {
			f.add("Kinds["+strconv.Itoa(i)+"]", int(k), "is not a known InteractionKind")
		}
	}
	if o.MinSeverity != 0 && !severityNames.Valid(o.MinSeverity) {
		f.add("MinSeverity", int(o.MinSeverity), "must be 0 or one of "+severityNames.List())
	}
	return f.err()
}

// checkAtAndDurations adds a problem for a zero at, and for each negative
// duration of the map (of the field named field), in tier order.
func (f *recordCheck) checkAtAndDurations(at time.Time, field string, m map[account.Tier]time.Duration) {
	if at.IsZero() {
		f.add("At", nil, "is missing")
	}
	for _, t := range keysInOrder(m) {
		if m[t] < 0 {
			f.add(field+"["+t.String()+"]", m[t], "must not be negative")
		}
	}
}
